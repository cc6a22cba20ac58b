/**
 * Automation in main (issue 15): keyword auto-replies, the greeting and the away message, answering while the window
 * is closed to the tray. The rules are the shop's `<data>/automation.json` (shared/domain/automation/rules.ts, written
 * by `shopcast automation import`); which answer may go is `decide()` (shared/domain/automation/safety.ts), the one
 * table of safety rules; the answer itself goes through the inbox's answers (AnswerService: journaled, sent once),
 * marked automatic with its rule.
 *
 * - Runs only for a message that was just stored (a redelivered webhook is not a new message), after the opt-out
 *   handling (an opt-out word gets only its one confirmation: decide() refuses it).
 * - Contact labels live in the renderer's IndexedDB: the renderer tells main which labels each customer carries
 *   (`automation:labels`, the whole map), kept here by `ContactLabels` in memory and in `<data>/contact-labels.json`,
 *   so `shopcast webhook` answers with the last known copy too. A customer main has no labels for has none.
 *   Quick replies live there too: a quick-reply answer goes with the text the Automation screen stored in the rule
 *   when it saved (`quickReplyTexts`), else not at all (`quick_reply_missing`).
 * - The rules file is read again when it changes (its text is compared), so an import takes effect at once.
 */
import { parseAutomation, EMPTY_AUTOMATION, type AutomationRules } from '../../shared/domain/automation/rules';
import { decide, type AnswerSource, type AutomationPause, type AutomationRefusal, type SentAutomated } from '../../shared/domain/automation/safety';
import type { Language } from '../../shared/domain/settings';
import type { Clock } from './engine';
import { joinPath, type Fs } from './ports';
import { exportAutomation, quickReplyTexts } from '../../shared/domain/automation/rules';
import { matchKeywordRule } from '../../shared/domain/automation/match';
import { isOpen } from '../../shared/domain/automation/hours';
import { ERROR_RATE_PAUSE_MS, sourceKey } from '../../shared/domain/automation/safety';
import { DEFAULT_RATE_TABLE, priceOf } from '../../shared/domain/campaign/costs';
import { countryOf } from '../../shared/domain/recipientZone';
import type { Settings } from '../../shared/domain/settings';
import type { AnswerState } from '../../shared/ipc/inbox';
import type { ChannelKind } from '../../shared/domain/vocabulary';
import { parseContactLabels, type AutomationPauseView, type ContactLabelsEntry } from '../../shared/ipc/automation';
import { automationPause, type PauseInput } from '../../shared/domain/automation/safety';
import { AUTOMATION_RECENT_DAYS, type AutomationFile, type AutomationRuleCount, type AutomationSaveResult, type AutomationTryInput, type AutomationTryResult, type AutomationView } from '../../shared/ipc/automation';

export const AUTOMATION_FILE = 'automation.json';
export const CONTACT_LABELS_FILE = 'contact-labels.json';

/**
 * Which labels each customer carries, as the renderer last told (`automation:labels`): by E.164 phone and by WhatsApp
 * user id. `replace()` takes the whole map (a label taken off a contact is gone here too) and writes it atomically to
 * `<data>/contact-labels.json`; `load()` reads that file at start (a damaged file gives no labels, and says why).
 */
export class ContactLabels {
  private byPhone = new Map<string, readonly string[]>();
  private byUserId = new Map<string, readonly string[]>();

  constructor(private readonly deps: { fs: Pick<Fs, 'readText' | 'writeTextAtomic'>; dataDir: string }) {}

  private get path(): string {
    return joinPath(this.deps.dataDir, CONTACT_LABELS_FILE);
  }

  /** Reads the last known copy; a missing file is no labels, a damaged one too (with the reason). */
  async load(): Promise<{ contacts: number; problem?: string }> {
    const text = await this.deps.fs.readText(this.path).catch(() => undefined);
    if (text === undefined) return { contacts: 0 };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.set([]);
      return { contacts: 0, problem: `${CONTACT_LABELS_FILE} is not valid JSON` };
    }
    const parsed = parseContactLabels(data);
    if (!parsed.ok) {
      this.set([]);
      return { contacts: 0, problem: `${CONTACT_LABELS_FILE}: ${parsed.error.message}` };
    }
    this.set(parsed.value.entries);
    return { contacts: parsed.value.entries.length };
  }

  /** The renderer's whole map: written first (atomically), then in force. */
  async replace(entries: readonly ContactLabelsEntry[]): Promise<{ contacts: number }> {
    await this.deps.fs.writeTextAtomic(this.path, `${JSON.stringify({ entries })}\n`);
    this.set(entries);
    return { contacts: entries.length };
  }

  /** The labels of a customer known by this identity (an E.164 phone or a user id): by phone, then by user id. */
  of(identity: string): readonly string[] {
    return this.byPhone.get(identity) ?? this.byUserId.get(identity) ?? [];
  }

  private set(entries: readonly ContactLabelsEntry[]): void {
    const byPhone = new Map<string, readonly string[]>();
    const byUserId = new Map<string, readonly string[]>();
    for (const e of entries) {
      if (e.phone !== undefined) byPhone.set(e.phone, e.labels);
      if (e.userId !== undefined) byUserId.set(e.userId, e.labels);
    }
    this.byPhone = byPhone;
    this.byUserId = byUserId;
  }
}

/**
 * The breakers' pause as the Automation screen shows it: the reason from `automationPause` (the one rule), and when.
 * An account stop holds from `accountStopAt` until a person starts sending (no `until`); the error rate holds from
 * the latest failure for ERROR_RATE_PAUSE_MS (`until`).
 */
export function pauseView(p: PauseInput & { accountStopCode?: number }): AutomationPauseView | undefined {
  const reason = automationPause(p);
  if (reason === undefined) return undefined;
  if (reason === 'account_restricted') return { reason, since: p.accountStopAt ?? p.now, ...(p.accountStopCode !== undefined ? { code: p.accountStopCode } : {}) };
  const resumed = p.resumedAt ?? -Infinity;
  const since = Math.max(...p.outcomes.filter((o) => o.failed && o.at > resumed && o.at <= p.now).map((o) => o.at));
  return { reason, since, until: since + ERROR_RATE_PAUSE_MS };
}

export interface AutomationDeps {
  fs: Pick<Fs, 'readText'>;
  dataDir: string;
  clock: Pick<Clock, 'now'>;
  language: () => Promise<Language>;
  /** The customer's stored messages (this one included). */
  inboundOf: (identity: string) => ReadonlyArray<{ id: string; at: number; text?: string }>;
  /** On the suppression list that applies (the Sandbox's own list for a simulated customer). */
  suppressed: (identity: string, sandbox: boolean) => boolean;
  /** Meta's agent has the chat (the latest `standby` webhook). */
  standby: (identity: string) => boolean;
  /** The customer's label names (`ContactLabels.of`); none when absent. */
  labelsOf?: (identity: string) => readonly string[];
  /** The engine's breakers hold automation on this channel (`automationPause`): the account is restricted, or automated answers fail too often. */
  paused?: (sandbox: boolean) => AutomationPause | undefined;
  /** Automated answers already journaled to this customer. */
  automatedTo: (identity: string) => readonly SentAutomated[];
  /** Journals and sends one automated answer (AnswerService); a refusal there is final for this message. */
  /**
   * Journals and sends one automated answer (AnswerService); a refusal there is final for this message. `text` still
   * has its `{name}`/`{shop}`: the sender fills them (fill.ts `fillAutomatedAnswer`) with `profileName` (the
   * customer's WhatsApp profile name, when the webhook gave one) and `language` (the customer's, for fallbacks).
   */
  send: (a: { to: string; text: string; language: Language; profileName?: string; source: AnswerSource; inReplyTo: string; sandbox: boolean }) => Promise<void>;
  /** What happened, for the log and the rules' counters. */
  onDecision?: (d: { identity: string; message: string; sent: boolean; refusal?: AutomationRefusal; source?: AnswerSource }) => void;
}

/** A customer message just stored, as automation needs it. */
export interface InboundForAutomation {
  id: string;
  identity: string;
  at: number;
  type: string;
  text?: string;
  /** The name in the customer's WhatsApp profile (fills `{name}`). */
  profileName?: string;
  sandbox: boolean;
}

export class AutomationService {
  private cached: { text: string | undefined; rules: AutomationRules; problem?: string } | undefined;
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AutomationDeps) {}

  /** The rules in force: the file's, or none when there is no file or it is damaged (automation stops, never guesses). */
  async rules(): Promise<{ rules: AutomationRules; problem?: string }> {
    const text = await this.deps.fs.readText(joinPath(this.deps.dataDir, AUTOMATION_FILE)).catch(() => undefined);
    if (this.cached && this.cached.text === text) return this.cached;
    if (text === undefined) this.cached = { text, rules: EMPTY_AUTOMATION };
    else {
      const parsed = parseAutomation(text);
      this.cached = parsed.ok ? { text, rules: parsed.value } : { text, rules: EMPTY_AUTOMATION, problem: parsed.problems.map((p) => `line ${p.line}: ${p.problem}${p.path ? ` (${p.path})` : ''}`).join('; ') };
    }
    return this.cached;
  }

  /** A customer message was just stored: answer it if the rules say so. One message at a time, in arrival order. */
  onInbound(m: InboundForAutomation): Promise<void> {
    const run = this.work.then(() => this.handle(m));
    this.work = run.catch(() => undefined);
    return run;
  }

  /** Waits for what was received (close()). */
  idle(): Promise<void> {
    return this.work;
  }

  private async handle(m: InboundForAutomation): Promise<void> {
    const { rules } = await this.rules();
    if (rules.keywordReplies.length === 0 && !rules.greeting?.enabled && !rules.away?.enabled) return;
    const d = this.deps;
    const paused = d.paused?.(m.sandbox);
    const decision = decide({
      rules,
      message: { id: m.id, at: m.at, type: m.type, ...(m.text !== undefined ? { text: m.text } : {}) },
      customer: {
        suppressed: d.suppressed(m.identity, m.sandbox),
        standby: d.standby(m.identity),
        labels: d.labelsOf?.(m.identity) ?? [],
        earlierInbound: d.inboundOf(m.identity).filter((x) => x.id !== m.id),
        automated: d.automatedTo(m.identity),
      },
      now: d.clock.now(),
      fallbackLanguage: await d.language(),
      // Quick replies are the renderer's; the screen stores each one's text in the rule when it saves.
      quickReplies: quickReplyTexts(rules),
      ...(paused !== undefined ? { paused } : {}),
    });
    if (!decision.send) {
      d.onDecision?.({ identity: m.identity, message: m.id, sent: false, refusal: decision.refusal });
      return;
    }
    await d.send({ to: m.identity, text: decision.answer.text, language: decision.answer.language, ...(m.profileName !== undefined ? { profileName: m.profileName } : {}), source: decision.answer.source, inReplyTo: m.id, sandbox: m.sandbox });
    d.onDecision?.({ identity: m.identity, message: m.id, sent: true, source: decision.answer.source });
  }
}

// ── The Automation screen (issue 15 points 1, 2, 4, 5): view, save, try, counters, the month's cost ────────────

/** The automatic answers as the counters and the cost read them (AnswerService's views, `automatic.source`). */
export interface AutomaticAnswerFact {
  at: number;
  to: string;
  /** `keyword:<name>`, `greeting`, `away`. */
  source: string;
  channel: ChannelKind;
  state: AnswerState;
}

export interface AutomationEditorDeps {
  fs: Pick<Fs, 'readText' | 'writeTextAtomic'>;
  dataDir: string;
  clock: Pick<Clock, 'now'>;
  /** The shop's settings: language and rate table (Settings → Prices). */
  settings: () => Promise<Pick<Settings, 'language' | 'rateTable'>>;
  /** Every automatic answer journaled (answers/<id>/journal.jsonl). */
  automaticAnswers: () => readonly AutomaticAnswerFact[];
  /** The breakers' pause on the Cloud API now (`pauseView`), for the screen's banner. */
  pause?: () => AutomationPauseView | undefined;
}

const RECENT_MS = AUTOMATION_RECENT_DAYS * 24 * 60 * 60_000;

/** Answers that never left (refused at send, or closed as not sent) did not fire and cost nothing. */
const fired = (a: AutomaticAnswerFact) => a.state !== 'not_sent';

/**
 * What the Automation screen reads and writes: the file's rules (with its problems when damaged), saving a whole
 * set (checked by `parseAutomation` first, written atomically, unknown fields kept; a refused set changes nothing),
 * trying a message with `decide()` for a pretend customer (nothing sent), how often each rule answered and what the
 * last 30 days' automatic answers cost as service messages. `AutomationService` reads the file again when its text
 * changes, so a save takes effect with the next message.
 */
export class AutomationEditor {
  constructor(private readonly deps: AutomationEditorDeps) {}

  private get path(): string {
    return joinPath(this.deps.dataDir, AUTOMATION_FILE);
  }

  async view(): Promise<AutomationView> {
    const text = await this.deps.fs.readText(this.path);
    const parsed = text === undefined ? undefined : parseAutomation(text);
    const rules = parsed?.ok ? parsed.value : EMPTY_AUTOMATION;
    const now = this.deps.clock.now();
    const answers = this.deps.automaticAnswers().filter(fired);
    const counts: Record<string, AutomationRuleCount> = {};
    for (const a of answers) {
      const c = (counts[a.source] ??= { recent: 0, total: 0 });
      c.total++;
      if (now - a.at < RECENT_MS && a.at <= now) c.recent++;
    }
    const settings = await this.deps.settings();
    const pause = this.deps.pause?.();
    const table = settings.rateTable ?? DEFAULT_RATE_TABLE;
    let total = 0;
    let billed = 0;
    for (const a of answers) {
      if (a.channel !== 'cloud' || a.state === 'failed' || now - a.at >= RECENT_MS || a.at > now) continue;
      billed++;
      total += priceOf(table, { country: countryOf(a.to), category: 'SERVICE', at: a.at });
    }
    return {
      rules: JSON.parse(exportAutomation(rules)) as AutomationFile, // exportAutomation writes a JSON object
      exists: text !== undefined,
      problems: parsed && !parsed.ok ? parsed.problems : [],
      warnings: parsed?.ok ? parsed.warnings : [],
      counts,
      cost: { answers: billed, total: Math.round(total * 10_000) / 10_000, currency: table.currency, asOf: table.asOf, ownRates: settings.rateTable !== undefined },
      at: now,
      ...(pause !== undefined ? { pause } : {}),
    };
  }

  /** Saves a whole rule set, or refuses it with every problem's line and path and changes nothing. */
  async save(rules: AutomationFile): Promise<AutomationSaveResult> {
    const parsed = parseAutomation(JSON.stringify(rules, null, 2));
    if (!parsed.ok) return { saved: false, problems: parsed.problems };
    await this.deps.fs.writeTextAtomic(this.path, exportAutomation(parsed.value));
    return { saved: true, view: await this.view() };
  }

  /**
   * Which rule would answer `text` from a pretend customer (not suppressed, no earlier automatic answers; first
   * message unless told otherwise; the labels it is given), and what it would send, or why nothing would go. Pure: nothing is sent or kept.
   */
  async try(input: AutomationTryInput): Promise<AutomationTryResult> {
    const text = await this.deps.fs.readText(this.path);
    const parsed = text === undefined ? undefined : parseAutomation(text);
    const rules = parsed?.ok ? parsed.value : EMPTY_AUTOMATION;
    const at = input.at ?? this.deps.clock.now();
    const first = input.firstMessage ?? true;
    const settings = await this.deps.settings();
    const decision = decide({
      rules,
      message: { id: 'try', at, type: 'text', text: input.text },
      // A customer who wrote before: an earlier message long enough ago not to count as a loop, within the greeting's days.
      customer: { suppressed: false, standby: false, labels: input.labels ?? [], earlierInbound: first ? [] : [{ id: 'try-earlier', at: at - 60 * 60_000 }], automated: [] },
      now: at,
      fallbackLanguage: settings.language,
      quickReplies: quickReplyTexts(rules),
    });
    const open = rules.businessHours ? isOpen(rules.businessHours, at) : null;
    if (decision.send) {
      const s = decision.answer.source;
      return {
        send: true,
        source: sourceKey(s),
        kind: s.kind,
        ...(s.kind === 'keyword' ? { rule: s.rule } : {}),
        ...(decision.answer.keyword !== undefined ? { keyword: decision.answer.keyword } : {}),
        text: decision.answer.text,
        open,
      };
    }
    // A rule switched off that would have matched: the screen says so ("Delivery would answer, but it is off").
    const off = matchKeywordRule(
      rules.keywordReplies.filter((r) => !r.enabled).map((r) => ({ ...r, enabled: true })),
      input.text,
      { labels: input.labels ?? [], firstMessage: first },
    );
    return { send: false, refusal: decision.refusal, ...(off ? { offRule: off.rule.name } : {}), open };
  }
}

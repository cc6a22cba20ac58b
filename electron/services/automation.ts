/**
 * Automation in main (issue 15): keyword auto-replies, the greeting and the away message, answering while the window
 * is closed to the tray. The rules are the shop's `<data>/automation.json` (shared/domain/automation/rules.ts, written
 * by `shopcast automation import`); which answer may go is `decide()` (shared/domain/automation/safety.ts), the one
 * table of safety rules; the answer itself goes through the inbox's answers (AnswerService: journaled, sent once),
 * marked automatic with its rule.
 *
 * - Runs only for a message that was just stored (a redelivered webhook is not a new message), after the opt-out
 *   handling (an opt-out word gets only its one confirmation: decide() refuses it).
 * - What main cannot know yet is treated as not matching: contact labels and quick replies live in the renderer's
 *   IndexedDB, so a rule with a label condition or a quick-reply answer does not fire here (its refusal says so).
 * - The rules file is read again when it changes (its text is compared), so an import takes effect at once.
 */
import { parseAutomation, EMPTY_AUTOMATION, type AutomationRules } from '../../shared/domain/automation/rules';
import { decide, type AnswerSource, type AutomationRefusal, type SentAutomated } from '../../shared/domain/automation/safety';
import type { Language } from '../../shared/domain/settings';
import type { Clock } from './engine';
import { joinPath, type Fs } from './ports';

export const AUTOMATION_FILE = 'automation.json';

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
  /** Automated answers already journaled to this customer. */
  automatedTo: (identity: string) => readonly SentAutomated[];
  /** Journals and sends one automated answer (AnswerService); a refusal there is final for this message. */
  send: (a: { to: string; text: string; source: AnswerSource; inReplyTo: string; sandbox: boolean }) => Promise<void>;
  /** What happened, for the log and the rules' counters. */
  onDecision?: (d: { identity: string; message: string; sent: boolean; refusal?: AutomationRefusal; source?: AnswerSource }) => void;
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
  onInbound(m: { id: string; identity: string; at: number; type: string; text?: string; sandbox: boolean }): Promise<void> {
    const run = this.work.then(() => this.handle(m));
    this.work = run.catch(() => undefined);
    return run;
  }

  /** Waits for what was received (close()). */
  idle(): Promise<void> {
    return this.work;
  }

  private async handle(m: { id: string; identity: string; at: number; type: string; text?: string; sandbox: boolean }): Promise<void> {
    const { rules } = await this.rules();
    if (rules.keywordReplies.length === 0 && !rules.greeting?.enabled && !rules.away?.enabled) return;
    const d = this.deps;
    const decision = decide({
      rules,
      message: { id: m.id, at: m.at, type: m.type, ...(m.text !== undefined ? { text: m.text } : {}) },
      customer: {
        suppressed: d.suppressed(m.identity, m.sandbox),
        standby: d.standby(m.identity),
        labels: [],
        earlierInbound: d.inboundOf(m.identity).filter((x) => x.id !== m.id),
        automated: d.automatedTo(m.identity),
      },
      now: d.clock.now(),
      fallbackLanguage: await d.language(),
    });
    if (!decision.send) {
      d.onDecision?.({ identity: m.identity, message: m.id, sent: false, refusal: decision.refusal });
      return;
    }
    await d.send({ to: m.identity, text: decision.answer.text, source: decision.answer.source, inReplyTo: m.id, sandbox: m.sandbox });
    d.onDecision?.({ identity: m.identity, message: m.id, sent: true, source: decision.answer.source });
  }
}

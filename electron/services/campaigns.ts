/**
 * Campaigns in the main process (listmonk's model, STYLE.md): draft → scheduled → running → paused →
 * cancelled | finished. Each campaign lives in `<data>/campaigns/<id>/` (journal.jsonl, send.lock): the same layout
 * `shopcast send` uses, so the app and the CLI never run one campaign twice (single-instance lock).
 *
 * - Chunked creation: `createDraft` writes the campaign, `addRecipients` appends its jobs chunk by chunk (each job
 *   carries the renderer's contact `ref` and A/B `variant`), `seal` checks the count. A campaign never sealed is
 *   shown `incomplete` and is never sent: what is sent is exactly the audience the person confirmed.
 * - `load` reopens every campaign the app created (CLI journals are the CLI's) and says which were running, so the
 *   caller resumes them; interrupted sends are already ambiguous (the journal does that on open).
 * - Every change is a record appended to the campaign's `Journal`, which alone changes its replay (and bumps the
 *   campaign's `rev` for each job change); `jobs` pages the jobs changed since a rev.
 */
import { classifyError } from '../../shared/domain/errorCodes';
import { contentKey } from '../../shared/domain/message';
import { fillFromVars, SUGGESTED_NAME_FALLBACK } from '../../shared/domain/campaign/render';
import { guessLanguage, templateLanguage } from '../../shared/domain/textLanguage';
import { HOUR, SendLog, type PacingPolicy } from '../../shared/domain/pacing';
import { phoneMatchKey } from '../../shared/domain/results/attribution';
import type { ChannelKind } from '../../shared/domain/vocabulary';
import type { CampaignCounts, CampaignDetail, CampaignSummary, CampaignWhy, JobsPage, JobView, WaitingInfo, CampaignDraftInput } from '../../shared/ipc/campaigns';
import { parseMessageContent } from '../../shared/ipc/messageContent';
import { problem } from '../../shared/ipc/problems';
import { AppFailure } from '../../shared/lib/result';
import { joinPath, type JournalFs } from './ports';
import { stateWhy, type StateWhy } from './campaignWhy';
import { mayHaveReached, SendEngine, type Clock, type EngineEvent, type RunEnd } from './engine';
import { acquireLock, countsOf, Journal, type CampaignState, type DeliveryStatus, type JournalRecord, type ReadonlyJob, type ReadonlyReplay } from './journal';
import type { SuppressionList } from './suppression';
import type { ReportedPricing } from '../../shared/domain/campaign/costs';
import { AssistedTransport } from './transports/assisted';
import type { MessageContent, Transport } from './transports/types';

/** What the person confirmed, as kept in the campaign's first journal record: the contract's draft input. */
export type CampaignDraft = CampaignDraftInput;

export interface CampaignRecipient {
  /** The E.164 phone, or the WhatsApp user id (BSUID) of a person known only by it. */
  contact: string;
  /** The person's user id beside a phone `contact`. */
  userId?: string;
  ref?: string;
  vars?: Record<string, string>;
  variant?: 'A' | 'B';
  /** Night-time consent for Korean promotions (journaled on the job; pacing.ts kr_night lets it go at night). */
  nightConsent?: boolean;
}

/** Everything at once (tests, scripts): a draft, its recipients, sealed, optionally scheduled. */
export interface CampaignSpec {
  name: string;
  channel: ChannelKind;
  content: MessageContent;
  contentB?: MessageContent;
  promotional: boolean;
  recipients: readonly CampaignRecipient[];
  scheduledAt?: number;
  test?: boolean;
  draftRef?: string;
}

export interface CampaignStatus {
  id: string;
  state: CampaignState;
  why?: string;
  /** `why` as a code (campaignWhy.ts); absent for a state journaled before codes. */
  whyCode?: CampaignWhy;
  counts: ReturnType<SendEngine['counts']>;
  /** Jobs that may or may not have been sent: the person decides (never resent automatically). */
  ambiguous: { job: string; contact: string; why: string }[];
}

export interface CampaignServiceDeps {
  fs: JournalFs;
  dataDir: string;
  clock: Clock;
  random: () => number;
  pid: number;
  suppression: SuppressionList;
  transportFor: (channel: ChannelKind, campaignId: string) => Transport | Promise<Transport>;
  policyFor: (channel: ChannelKind) => PacingPolicy | Promise<PacingPolicy>;
  /** Whether a contact is outside their 24 h service window (counts toward the messaging limit); default: yes. */
  outsideWindow?: (contact: string) => boolean;
  onEvent?: (campaignId: string, e: EngineEvent) => void;
  /** Something about the campaign changed; `urgent` for state changes (not throttled by the caller). */
  onChange?: (campaignId: string, urgent: boolean) => void;
}

interface Open {
  id: string;
  /** The owner of the campaign's state: every change is `journal.append` (see `append` below). */
  journal: Journal;
  /** `journal.replay`, to read. */
  replay: ReadonlyReplay;
  draft: CampaignDraft;
  /** Created chunk by chunk: needs a `sealed` record before it may be sent. Old journals were written whole. */
  chunked: boolean;
  createdAt: number;
  damaged: boolean;
  engine?: SendEngine;
  transport?: Transport;
  running?: Promise<RunEnd>;
  release?: () => Promise<void>;
  waiting?: WaitingInfo;
}

const TERMINAL: readonly CampaignState[] = ['cancelled', 'finished'];

/** The state's reason for a view: the English, and its code when the state record had one (never a code alone). */
function whyOf(r: ReadonlyReplay): { why?: string; whyCode?: CampaignWhy } {
  if (r.stateWhy === undefined) return {};
  return r.stateWhyCode !== undefined ? { why: r.stateWhy, whyCode: r.stateWhyCode } : { why: r.stateWhy };
}

export class CampaignService {
  private readonly open = new Map<string, Open>();
  private seq = 0;
  /** For attributing replies: the last message accepted per contact (real and sandbox apart), and wamid → job. */
  private readonly lastSent = new Map<string, { campaign: string; job: string; at: number }>();
  private readonly lastSentSandbox = new Map<string, { campaign: string; job: string; at: number }>();
  private readonly byWamid = new Map<string, { campaign: string; job: string }>();
  /** One send log per channel (one number): every campaign's sends count toward the same caps and rate. */
  private readonly logs = new Map<ChannelKind, SendLog>();

  constructor(private readonly deps: CampaignServiceDeps) {}

  private dir(id: string): string {
    return joinPath(this.deps.dataDir, 'campaigns', id);
  }

  // ── creation ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Opens a campaign for its recipients to follow in chunks. */
  async createDraft(draft: CampaignDraft): Promise<string> {
    // Unique across restarts too: a folder that already exists (this run's, an earlier run's, the CLI's) is never reused.
    let id: string;
    do {
      id = `c${this.deps.clock.now().toString(36)}_${(++this.seq).toString(36)}${Math.floor(this.deps.random() * 36 ** 4).toString(36)}`;
    } while (this.open.has(id) || (await this.deps.fs.readText(joinPath(this.dir(id), 'journal.jsonl'))) !== undefined);
    const opened = await Journal.open(this.deps.fs, joinPath(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
    const at = this.deps.clock.now();
    const spec: Record<string, unknown> = { ...draft, chunked: true };
    const records: JournalRecord[] = [
      { t: 'campaign', id, spec, at },
      { t: 'state', state: 'draft', at },
    ];
    await opened.journal.appendAll(records);
    this.open.set(id, { id, journal: opened.journal, replay: opened.replay, draft, chunked: true, createdAt: at, damaged: false });
    this.changed(id, true);
    return id;
  }

  /** Appends a chunk of recipients (jobs `<campaign>-<n>` in arrival order); refused once sealed or over the count. */
  async addRecipients(id: string, recipients: readonly CampaignRecipient[]): Promise<number> {
    const c = this.get(id);
    if (!c.chunked || c.replay.sealed) throw new AppFailure('conflict', 'This campaign already has all its recipients.', problem('already_sealed'));
    const have = c.replay.jobs.size;
    if (have + recipients.length > c.draft.recipientCount) {
      throw new AppFailure('invalid_input', `This campaign was opened for ${c.draft.recipientCount} recipients; ${have + recipients.length} would be too many.`, problem('too_many_recipients', { expected: c.draft.recipientCount, would: have + recipients.length }));
    }
    const records: JournalRecord[] = recipients.map((r, i) => {
      const rec: JournalRecord = { t: 'job', job: `${id}-${have + i}`, contact: r.contact };
      if (r.userId !== undefined && r.userId !== r.contact) rec.userId = r.userId;
      if (r.ref !== undefined) rec.ref = r.ref;
      if (r.vars !== undefined) rec.vars = r.vars;
      if (r.variant !== undefined) rec.variant = r.variant;
      if (r.nightConsent === true) rec.nightConsent = true;
      return rec;
    });
    await this.append(c, records);
    return c.replay.jobs.size;
  }

  /** Every recipient has arrived: the audience is fixed from here on. */
  async seal(id: string): Promise<void> {
    const c = this.get(id);
    if (!c.chunked || c.replay.sealed) return;
    const have = c.replay.jobs.size;
    if (have !== c.draft.recipientCount) {
      throw new AppFailure('conflict', `Only ${have} of the ${c.draft.recipientCount} recipients arrived; send the rest before sealing.`, { have, expected: c.draft.recipientCount });
    }
    await this.append(c, [{ t: 'sealed', count: have, at: this.deps.clock.now() }]);
    this.changed(id, true);
  }

  /** Creates, fills and seals a campaign in one go (optionally scheduled). Job ids are `<campaign>-<n>`. */
  async create(spec: CampaignSpec): Promise<string> {
    const { recipients, scheduledAt, ...rest } = spec;
    const id = await this.createDraft({ ...rest, recipientCount: recipients.length });
    if (recipients.length > 0) await this.addRecipients(id, recipients);
    await this.seal(id);
    if (scheduledAt !== undefined) await this.schedule(id, scheduledAt);
    return id;
  }

  // ── start-up ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Opens every campaign folder the app created. Returns the ids that were sending when Shopcast stopped (a crash,
   * or closed while sending): the caller resumes them. A damaged journal is reported and its campaign paused.
   */
  async load(): Promise<{ resume: string[]; problems: { id: string; why: string }[] }> {
    const resume: string[] = [];
    const problems: { id: string; why: string }[] = [];
    const loaded: Open[] = [];
    for (const id of await this.deps.fs.listDirs(joinPath(this.deps.dataDir, 'campaigns'))) {
      if (this.open.has(id) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
      let opened;
      try {
        opened = await Journal.open(this.deps.fs, joinPath(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
      } catch (error) {
        problems.push({ id, why: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const draft = draftOf(opened.replay.campaign?.spec);
      if (!draft) {
        await opened.journal.close(); // a `shopcast send` campaign (or not a campaign): the CLI resumes its own
        continue;
      }
      const c: Open = {
        id,
        journal: opened.journal,
        replay: opened.replay,
        draft,
        chunked: opened.replay.campaign?.spec.chunked === true,
        createdAt: opened.replay.campaign?.at ?? 0,
        damaged: opened.damaged,
      };
      this.open.set(id, c);
      loaded.push(c);
      this.index(c);
      const wasSending = opened.replay.state === 'running' || (opened.replay.state === 'paused' && opened.replay.resumeOnStart === true);
      if (opened.damaged) {
        problems.push({ id, why: 'Part of the send journal was damaged (kept aside in journal.jsonl.quarantine); check the campaign, then resume it.' });
        if (opened.replay.state === 'running') await this.append(c, [{ t: 'state', state: 'paused', ...stateWhy('journal_damaged'), at: this.deps.clock.now() }]);
      } else if (wasSending && this.sealed(c)) {
        resume.push(id);
      }
    }
    this.seedLogs(loaded);
    return { resume, problems };
  }

  private logFor(channel: ChannelKind): SendLog {
    let log = this.logs.get(channel);
    if (!log) this.logs.set(channel, (log = new SendLog(2 * HOUR)));
    return log;
  }

  /** Records every campaign's past attempts, oldest first, in its channel's send log. */
  private seedLogs(loaded: readonly Open[]): void {
    const past: { channel: ChannelKind; at: number; contact: string; promotional: boolean }[] = [];
    for (const c of loaded) {
      for (const j of c.replay.jobs.values()) if (j.lastAttemptAt !== undefined && mayHaveReached(j)) past.push({ channel: c.draft.channel, at: j.lastAttemptAt, contact: j.contact, promotional: c.draft.promotional });
    }
    past.sort((a, b) => a.at - b.at);
    const outside = this.deps.outsideWindow ?? (() => true);
    for (const p of past) this.logFor(p.channel).record({ at: p.at, contact: p.contact, promotional: p.promotional, outsideWindow: outside(p.contact) });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────────────────

  /** Starts (or resumes) sending in the background; resolves once it is running. Refused if another process runs it. */
  async start(id: string, onlyIf?: CampaignState): Promise<void> {
    const c = this.get(id);
    if (c.running) return;
    if (TERMINAL.includes(c.replay.state)) throw new AppFailure('conflict', `The campaign is ${c.replay.state}.`, problem('campaign_ended', { state: c.replay.state }));
    if (!this.sealed(c)) throw new AppFailure('conflict', 'The campaign’s recipients have not all arrived; it cannot be sent.', problem('recipients_incomplete'));
    const lock = await acquireLock(this.deps.fs, joinPath(this.dir(id), 'send.lock'), this.deps.pid);
    if (!lock.ok) throw new AppFailure('conflict', `This campaign is being sent by another Shopcast (process ${lock.holder}).`, problem('campaign_locked', { holder: lock.holder }));
    try {
      {
        // A new engine for every run: it reads the policy in force now and rebuilds its send log from the journal.
        const transport = await this.deps.transportFor(c.draft.channel, id);
        const policy = await this.deps.policyFor(c.draft.channel);
        c.transport = transport;
        c.engine = new SendEngine({
          journal: c.journal,
          replay: c.replay,
          transport,
          policy,
          clock: this.deps.clock,
          random: this.deps.random,
          suppression: c.draft.channel === 'sandbox' ? this.deps.suppression.sandboxView : this.deps.suppression,
          content: (job: ReadonlyJob) => fillContent(job.variant === 'B' && c.draft.contentB ? c.draft.contentB : c.draft.content, job.vars),
          promotional: c.draft.promotional,
          sendLog: this.logFor(c.draft.channel),
          // The Assisted channel waits for a person: one message at a time.
          maxInFlight: c.draft.channel === 'assisted' ? 1 : Math.max(1, Math.min(64, Math.ceil(policy.ratePerSecond / 10))),
          ...(this.deps.outsideWindow ? { outsideWindow: this.deps.outsideWindow } : {}),
          onEvent: (e: EngineEvent) => this.engineEvent(c, e),
        });
      }
    } catch (error) {
      await lock.release();
      throw error;
    }
    if (onlyIf !== undefined && c.replay.state !== onlyIf) {
      await lock.release(); // e.g. unscheduled while the scheduler was starting it: the person's last word wins
      return;
    }
    c.release = lock.release;
    c.waiting = undefined;
    c.running = c.engine.run().finally(async () => {
      c.running = undefined;
      await c.release?.();
      c.release = undefined;
      this.changed(id, true);
    });
    this.changed(id, true);
  }

  /** Pauses: requests in flight finish and are journaled; resolves when sending has stopped. */
  async pause(id: string, why: StateWhy = stateWhy('paused_by_person'), resumeOnStart = false): Promise<CampaignStatus> {
    const c = this.get(id);
    if (c.running) {
      c.engine?.pause(why, resumeOnStart);
      if (c.transport instanceof AssistedTransport) c.transport.abandon(why.why);
      await c.running;
    } else if (c.replay.state === 'scheduled') {
      await this.append(c, [{ t: 'state', state: 'paused', ...why, at: this.deps.clock.now() }]);
    }
    this.changed(id, true);
    return this.status(id);
  }

  async cancel(id: string): Promise<CampaignStatus> {
    const c = this.get(id);
    if (c.running) {
      c.engine?.cancel();
      if (c.transport instanceof AssistedTransport) c.transport.abandon('Cancelled.');
      await c.running;
    } else if (!TERMINAL.includes(c.replay.state)) {
      const at = this.deps.clock.now();
      const records: JournalRecord[] = [...c.replay.jobs.values()].filter((j) => j.phase === 'queued').map((j) => ({ t: 'skipped', job: j.id, reason: 'cancelled', at }));
      records.push({ t: 'state', state: 'cancelled', at });
      await this.append(c, records);
    }
    this.changed(id, true);
    return this.status(id);
  }

  /** Waits for the current run to end (tests and the CLI). */
  async settled(id: string): Promise<CampaignStatus> {
    await this.get(id).running;
    return this.status(id);
  }

  /** Marks a campaign that could not start (its checks failed on resume or at its scheduled time) as paused. */
  async halt(id: string, why: StateWhy): Promise<void> {
    const c = this.get(id);
    if (c.running || TERMINAL.includes(c.replay.state)) return;
    await this.append(c, [{ t: 'state', state: 'paused', ...why, at: this.deps.clock.now() }]);
    this.changed(id, true);
  }

  /**
   * A template webhook (issue 13 point 3): pauses every Cloud API campaign that is sending or scheduled and whose
   * message (either version) is the template `name` in `language` (in any language when the webhook named none),
   * with `why`. Resolves with their ids once they have stopped.
   */
  async pauseByTemplate(name: string, language: string | undefined, why: StateWhy): Promise<string[]> {
    const uses = (m: MessageContent | undefined) => m?.kind === 'template' && m.name === name && (language === undefined || m.language === language);
    const hit = [...this.open.values()].filter(
      (c) => c.draft.channel === 'cloud' && (c.running !== undefined || c.replay.state === 'scheduled') && (uses(c.draft.content) || uses(c.draft.contentB)),
    );
    for (const c of hit) await this.pause(c.id, why);
    return hit.map((c) => c.id);
  }

  /**
   * Gives the sending campaigns of `channel` the policy in force now (`policyFor`): the number's messaging limit
   * changed (a webhook), so the budget does at once, not from the next start. Resolves with how many.
   */
  async refreshPolicy(channel: ChannelKind): Promise<number> {
    const running = [...this.open.values()].filter((c) => c.draft.channel === channel && c.running !== undefined && c.engine !== undefined);
    if (running.length === 0) return 0;
    const policy = await this.deps.policyFor(channel);
    for (const c of running) c.engine?.setPolicy(policy);
    return running.length;
  }

  isRunning(id: string): boolean {
    return this.get(id).running !== undefined;
  }

  /**
   * Puts failed jobs back in the queue when their error is retryable (DOMAIN.md §3: transient, rate limits, never
   * reached WhatsApp); payload, template, unknown and account errors stay failed. A running campaign is paused
   * first (its queue is rebuilt on the next start). Returns how many were queued again.
   */
  async retryFailed(id: string): Promise<number> {
    const c = this.get(id);
    if (c.running) await this.pause(id, stateWhy('retrying_failed'));
    const n = await c.journal.requeueFailed(this.deps.clock.now());
    this.changed(id, true);
    return n;
  }

  /** Schedules a sealed campaign that is not sending (`at` null: back to a draft). */
  async schedule(id: string, at: number | null): Promise<void> {
    const c = this.get(id);
    if (c.running || TERMINAL.includes(c.replay.state)) throw new AppFailure('conflict', `The campaign is ${c.running ? 'sending' : c.replay.state}; it cannot be scheduled.`, problem('cannot_schedule', { state: c.running ? 'running' : c.replay.state }));
    if (!this.sealed(c)) throw new AppFailure('conflict', 'The campaign’s recipients have not all arrived.', problem('recipients_incomplete'));
    const now = this.deps.clock.now();
    await this.append(c, [
      { t: 'schedule', scheduledAt: at, at: now },
      { t: 'state', state: at === null ? (c.replay.startedAt !== undefined ? 'paused' : 'draft') : 'scheduled', at: now },
    ]);
    this.changed(id, true);
  }

  /** Scheduled campaigns whose time has come. */
  due(): string[] {
    const now = this.deps.clock.now();
    return [...this.open.values()].filter((c) => c.replay.state === 'scheduled' && !c.running && (c.replay.scheduledAt ?? Infinity) <= now).map((c) => c.id);
  }

  /** The earliest time a scheduled campaign starts (undefined: none scheduled). */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const c of this.open.values()) {
      if (c.replay.state === 'scheduled' && typeof c.replay.scheduledAt === 'number') next = Math.min(next ?? Infinity, c.replay.scheduledAt);
    }
    return next;
  }

  /** Starts every scheduled campaign whose time has come. */
  async startDue(start: (id: string) => Promise<unknown> = (id) => this.start(id)): Promise<string[]> {
    const started: string[] = [];
    for (const id of this.due()) {
      await start(id);
      started.push(id);
    }
    return started;
  }

  /**
   * The person's decision on a job that may or may not have been sent: "sent" closes it as accepted-by-person
   * (skipped with that reason, so counts stay honest); "send again" queues it once more, knowingly.
   */
  async resolveAmbiguous(id: string, job: string, decision: 'sent' | 'send_again'): Promise<void> {
    const c = this.get(id);
    const state = c.replay.jobs.get(job);
    if (!state || state.phase !== 'ambiguous') throw new AppFailure('conflict', 'That message is not waiting for a decision.', problem('not_waiting_decision'));
    const at = this.deps.clock.now();
    const r: JournalRecord = decision === 'sent' ? { t: 'skipped', job, reason: 'marked_sent_by_person', at } : { t: 'requeued', job, code: 0, notBefore: at, at };
    const records: JournalRecord[] = [r];
    if (decision === 'send_again' && c.replay.state === 'finished') records.push({ t: 'state', state: 'paused', ...stateWhy('requeued_by_person'), at });
    await this.append(c, records); // `requeued` queues the job again, ambiguous or not: the person's decision
    this.changed(id, true);
  }

  /**
   * A status webhook: routed to the campaign named by the job id (`<campaign>-<n>`), else by wamid. Its `pricing`
   * (how WhatsApp billed the message) is journaled with the status (journal.ts `recordStatus`).
   */
  async applyStatus(s: { wamid: string; status: DeliveryStatus; jobId?: string; code?: number; pricing?: ReportedPricing }): Promise<boolean> {
    const named = s.jobId !== undefined ? s.jobId.slice(0, Math.max(0, s.jobId.lastIndexOf('-'))) : undefined;
    const id = named !== undefined && this.open.has(named) ? named : this.byWamid.get(s.wamid)?.campaign;
    const c = id !== undefined ? this.open.get(id) : undefined;
    if (!c) return false;
    const jobId = s.jobId !== undefined && c.replay.jobs.has(s.jobId) ? s.jobId : this.byWamid.get(s.wamid)?.job;
    // A status names a message: when the job already has its message id, a status for another id is not about it
    // (our job id in biz_opaque_callback_data alone settles only a job whose id we never learnt: an unclear send).
    const known = jobId !== undefined ? c.replay.jobs.get(jobId) : undefined;
    if (known?.wamid !== undefined && known.wamid !== s.wamid) return false;
    // The engine's, while it runs (its breakers count failed statuses); either way journal.ts `recordStatus` decides.
    const applied = c.engine
      ? await c.engine.applyStatus({ ...s, ...(jobId !== undefined ? { jobId } : {}) })
      : jobId !== undefined && (await c.journal.recordStatus(jobId, s, this.deps.clock.now()));
    if (applied) {
      const job = jobId !== undefined ? c.replay.jobs.get(jobId) : undefined;
      if (job) this.noteAccepted(c, job);
      if (job && s.status === 'failed' && s.code !== undefined) await this.actOnFailedStatus(c, job, s.code);
      this.changed(c.id, false);
    }
    return applied;
  }

  /**
   * DOMAIN.md §2: a `failed` status with an error code is acted on exactly like that code on the send response:
   * 131050 suppresses, 131026/130403/131021 mark the contact unreachable, a template or account error pauses the
   * campaign (and, for account errors, stops all sending), whether or not the campaign is still running. The
   * message itself was accepted, so it is not sent again.
   */
  private async actOnFailedStatus(c: Open, job: ReadonlyJob, code: number): Promise<void> {
    const rule = classifyError(code);
    const now = this.deps.clock.now();
    if (rule.action === 'suppress') await this.deps.suppression.add({ contact: job.contact, reason: 'stopped_marketing', at: now, source: String(code) });
    else if (rule.action === 'unreachable') await this.deps.suppression.add({ contact: job.contact, reason: 'unreachable', at: now, source: String(code) });
    else if (rule.action === 'pause_campaign' || rule.action === 'stop_all') {
      if (rule.action === 'stop_all') this.deps.onEvent?.(c.id, { type: 'account', code, why: rule.meaning, action: rule.whatToDo ?? '' });
      if (this.isRunning(c.id)) await this.pause(c.id, stateWhy('error_rule', { errorCode: code, action: rule.action }));
    }
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────────────────

  has(id: string): boolean {
    return this.open.has(id);
  }

  ids(): string[] {
    return [...this.open.keys()];
  }

  draftOf(id: string): CampaignDraft {
    return this.get(id).draft;
  }

  replayOf(id: string): ReadonlyReplay {
    return this.get(id).replay;
  }

  transportOf(id: string): Transport | undefined {
    return this.get(id).transport;
  }

  isSealed(id: string): boolean {
    return this.sealed(this.get(id));
  }

  status(id: string): CampaignStatus {
    const c = this.get(id);
    const counts = countsOf(c.replay);
    const ambiguous: CampaignStatus['ambiguous'] = [];
    for (const j of c.replay.jobs.values()) {
      if (j.phase === 'ambiguous') ambiguous.push({ job: j.id, contact: j.contact, why: j.reason ?? '' });
    }
    return { id, state: c.replay.state, ...whyOf(c.replay), counts, ambiguous };
  }

  summary(id: string, generation: string): CampaignSummary {
    const c = this.get(id);
    const r = c.replay;
    const s: CampaignSummary = {
      id,
      name: c.draft.name,
      channel: c.draft.channel,
      state: r.state,
      counts: countsOf(r),
      promotional: c.draft.promotional,
      test: c.draft.test === true,
      sandbox: c.draft.channel === 'sandbox',
      createdAt: c.createdAt,
      rev: r.rev,
      generation,
    };
    Object.assign(s, whyOf(r));
    if (typeof r.scheduledAt === 'number') s.scheduledAt = r.scheduledAt;
    if (r.startedAt !== undefined) s.startedAt = r.startedAt;
    if (r.finishedAt !== undefined) s.finishedAt = r.finishedAt;
    if (c.draft.draftRef !== undefined) s.draftRef = c.draft.draftRef;
    if (!this.sealed(c)) s.incomplete = true;
    s.contentKeys = [contentKey(c.draft.content), ...(c.draft.contentB ? [contentKey(c.draft.contentB)] : [])];
    const waiting = this.waitingOf(c);
    if (waiting) s.waiting = waiting;
    return s;
  }

  detail(id: string, generation: string): CampaignDetail {
    const c = this.get(id);
    const d: CampaignDetail = { ...this.summary(id, generation), content: c.draft.content, ambiguous: [] };
    if (c.draft.contentB) d.contentB = c.draft.contentB;
    for (const j of c.replay.jobs.values()) {
      if (j.phase === 'ambiguous') d.ambiguous.push({ job: j.id, contact: j.contact, why: j.reason ?? '', ...(j.ref !== undefined ? { ref: j.ref } : {}) });
    }
    return d;
  }

  /** Jobs changed after `sinceRev`, oldest change first; `more` while the page was cut at `limit`. */
  jobs(id: string, sinceRev: number, limit: number, generation: string): JobsPage {
    const c = this.get(id);
    const changed: ReadonlyJob[] = [];
    for (const j of c.replay.jobs.values()) if (j.rev > sinceRev) changed.push(j);
    changed.sort((a, b) => a.rev - b.rev);
    return { id, generation, rev: c.replay.rev, jobs: changed.slice(0, limit).map((j) => jobView(j, c.createdAt)), more: changed.length > limit };
  }

  list(generation: string): CampaignSummary[] {
    return [...this.open.keys()].map((id) => this.summary(id, generation)).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The campaign and job of the last message sent to this number within `withinMs` (to attribute a reply). */
  lastSentTo(contact: string, now: number, withinMs: number, sandbox = false): { campaign: string; job: string } | undefined {
    const hit = (sandbox ? this.lastSentSandbox : this.lastSent).get(phoneMatchKey(contact));
    return hit && now - hit.at <= withinMs ? { campaign: hit.campaign, job: hit.job } : undefined;
  }

  byMessageId(wamid: string): { campaign: string; job: string } | undefined {
    return this.byWamid.get(wamid);
  }

  /** Stops sending for now: campaigns that were sending resume at the next start. Journals are closed. */
  async close(): Promise<void> {
    for (const c of this.open.values()) {
      if (c.running) await this.pause(c.id, stateWhy('app_closed'), true);
    }
    for (const c of this.open.values()) await c.journal.close();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────

  private sealed(c: Open): boolean {
    return !c.chunked || c.replay.sealed !== undefined;
  }

  private waitingOf(c: Open): WaitingInfo | undefined {
    if (c.transport instanceof AssistedTransport && c.transport.current) {
      return { reason: 'assisted', until: this.deps.clock.now(), detail: 'Waiting for you to send the message in WhatsApp and mark it.' };
    }
    if (c.replay.state === 'scheduled' && typeof c.replay.scheduledAt === 'number') {
      return { reason: 'scheduled', until: c.replay.scheduledAt, detail: `Starts at ${new Date(c.replay.scheduledAt).toISOString()}.` };
    }
    if (c.running && c.waiting && c.waiting.until > this.deps.clock.now()) return c.waiting;
    return undefined;
  }

  private engineEvent(c: Open, e: EngineEvent): void {
    if (e.type === 'waiting') c.waiting = { reason: e.delay.reason, until: e.delay.until, detail: e.delay.detail, params: e.delay.params };
    if (e.type === 'outcome' && e.phase === 'accepted') {
      const job = c.replay.jobs.get(e.job);
      if (job) this.noteAccepted(c, job);
    }
    this.deps.onEvent?.(c.id, e);
    this.changed(c.id, e.type === 'state' || e.type === 'account');
  }

  private noteAccepted(c: Open, job: ReadonlyJob): void {
    if (job.phase !== 'accepted') return;
    if (job.wamid !== undefined) this.byWamid.set(job.wamid, { campaign: c.id, job: job.id });
    const at = job.times?.accepted ?? job.lastAttemptAt ?? 0;
    const map = c.draft.channel === 'sandbox' ? this.lastSentSandbox : this.lastSent;
    // Keyed by the person, not the exact form dialled: WhatsApp's wa_id for a Mexican, Argentinian or Brazilian
    // number may differ from it (the same rule as the renderer's, shared/domain/results/attribution.ts).
    const key = phoneMatchKey(job.contact);
    if ((map.get(key)?.at ?? -Infinity) <= at) map.set(key, { campaign: c.id, job: job.id, at });
  }

  private index(c: Open): void {
    for (const job of c.replay.jobs.values()) this.noteAccepted(c, job);
  }

  /** Every change to a campaign: durable, then applied by its journal (the one owner of its state). */
  private async append(c: Open, records: readonly JournalRecord[]): Promise<void> {
    await c.journal.appendAll(records);
  }

  private changed(id: string, urgent: boolean): void {
    this.deps.onChange?.(id, urgent);
  }

  private get(id: string): Open {
    const c = this.open.get(id);
    if (!c) throw new AppFailure('not_found', `No campaign ${id}.`, problem('campaign_not_found', { id }));
    return c;
  }
}

/** The draft stored in an app campaign's first record; undefined for journals the app did not write. */
function draftOf(spec: Record<string, unknown> | undefined): CampaignDraft | undefined {
  if (!spec || typeof spec.name !== 'string' || typeof spec.promotional !== 'boolean') return undefined;
  if (spec.channel !== 'cloud' && spec.channel !== 'sandbox' && spec.channel !== 'assisted') return undefined;
  const content = parseMessageContent(spec.content);
  if (!content.ok) return undefined;
  const draft: CampaignDraft = { name: spec.name, channel: spec.channel, content: content.value, promotional: spec.promotional, recipientCount: typeof spec.recipientCount === 'number' ? spec.recipientCount : 0 };
  if (spec.contentB !== undefined) {
    const b = parseMessageContent(spec.contentB);
    if (b.ok) draft.contentB = b.value;
  }
  if (spec.test === true) draft.test = true;
  if (typeof spec.draftRef === 'string') draft.draftRef = spec.draftRef;
  return draft;
}

/** Kept here for its importers; the one count lives in journal.ts. */
export { countsOf } from './journal';

/** A job as the renderer sees it; a job nothing has happened to yet changed when the campaign was created. */
function jobView(j: ReadonlyJob, createdAt: number): JobView {
  const v: JobView = { job: j.id, contact: j.contact, phase: j.phase, attempts: j.attempts, at: j.at || createdAt, rev: j.rev };
  if (j.ref !== undefined) v.ref = j.ref;
  if (j.variant !== undefined) v.variant = j.variant;
  if (j.delivery !== undefined) v.delivery = j.delivery;
  if (j.code !== undefined) v.code = j.code;
  if (j.reason !== undefined) v.reason = j.reason;
  if (j.reasonCode !== undefined) v.reasonCode = j.reasonCode;
  if (j.wamid !== undefined) v.wamid = j.wamid;
  if (j.held === true) v.held = true;
  if (j.times) v.times = { ...j.times };
  return v;
}

/**
 * Fills the recipient's `vars` into text and template parameters (shared/domain/campaign/render.ts `fillFromVars`).
 * A missing `{name}` falls back in the message's language (DOMAIN.md §4: "Hi ," must never be sent): 고객 in a Korean
 * message, customer in an English one, 顧客 in a Chinese one.
 */
export function fillContent(content: MessageContent, vars: Readonly<Record<string, string>> | undefined): MessageContent {
  const language = (content.kind === 'template' ? templateLanguage(content.language) : guessLanguage(content.kind === 'text' ? content.body : (content.caption ?? ''))) ?? 'en';
  const fallbacks = { name: SUGGESTED_NAME_FALLBACK[language] };
  const fill = (s: string) => fillFromVars(s, vars, fallbacks);
  if (content.kind === 'text') return { ...content, body: fill(content.body) };
  if (content.kind === 'media') return content.caption !== undefined ? { ...content, caption: fill(content.caption) } : content;
  return { ...content, bodyParams: content.bodyParams.map(fill) };
}

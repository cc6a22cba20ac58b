/**
 * The send journal (DESIGN.md "The send engine"): append-only JSONL, one record per line with a CRC-32 of the
 * record's exact bytes: `{"c":"<crc32 hex>","r":<record>}`.
 *
 * - `attempting` is durable (written and fsynced) BEFORE the HTTP call; appends made while a sync is in flight
 *   share the next write + fsync (group commit), which is what lets the engine go fast without losing the guarantee.
 * - On open, an `attempting` with no outcome becomes `ambiguous`: WhatsApp may or may not have the message and has
 *   no idempotency key (DOMAIN.md §2), so it is never resent automatically.
 * - A torn last line (a crash mid-write) or a line whose checksum fails is moved to `<journal>.quarantine` and
 *   reported, never dropped silently. A torn tail is always an unsent record (we send only after the fsync), but a
 *   damaged line in the middle may have been anything: its job becomes ambiguous, or, if it names no job, the
 *   journal is reported damaged so the campaign pauses for a person.
 * - After a write error (disk full) every later append fails with the reason, so nothing is sent unjournaled.
 * - `compact` replaces the file with a snapshot (atomic write) when it has grown.
 *
 * One owner of a campaign's state: `Journal` holds the replay, and `append` (write + fsync, then `applyRecord`, the
 * function the replay on open uses) is the only way it changes, so memory never shows what the disk does not hold.
 * Everyone else reads it as a `ReadonlyReplay`. The rules that decide which record to write live here too, once:
 * `recordStatus` (statuses never move backwards), `requeueFailed` ("retry failed") and `countsOf`.
 */
import { crc32 } from './crc32';
import type { AppendHandle, JournalFs } from './ports';
import { classifyError } from '../../shared/domain/errorCodes';
import type { AmbiguousReasonCode, CampaignCounts, CampaignWhy, IoProblem } from '../../shared/ipc/campaigns';
import { reportedBilling, type BilledCategory, type ReportedPricing } from '../../shared/domain/campaign/costs';
import { countryOf } from '../../shared/domain/recipientZone';
import { stateWhy } from './campaignWhy';
import { describeIoError } from './settings';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
export type CampaignState = 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished';

/** Everything the engine journals. `at` is the engine clock's time in ms. */
export type JournalRecord =
  | { t: 'campaign'; id: string; spec: Record<string, unknown>; at: number }
  /**
   * `ref` (the renderer's contact id) and `variant` were added with the app's campaigns; older journals lack them.
   * `contact` is the E.164 phone, or the WhatsApp user id (BSUID) of a person known only by it; `userId` is the
   * person's user id beside a phone (issue 13 point 1).
   */
  | { t: 'job'; job: string; contact: string; userId?: string; vars?: Record<string, string>; ref?: string; variant?: 'A' | 'B'; nightConsent?: true }
  /** Every recipient has arrived (chunked creation); a campaign the app created without this is never sent. */
  | { t: 'sealed'; count: number; at: number }
  /** When a scheduled campaign starts (null: unscheduled). */
  | { t: 'schedule'; scheduledAt: number | null; at: number }
  | { t: 'attempting'; job: string; n: number; at: number }
  /** `held`: WhatsApp answered `held_for_quality_assessment` (DOMAIN.md §2): pending, not sent, until a status moves it on. */
  | { t: 'accepted'; job: string; wamid: string; waId?: string; held?: true; at: number }
  | { t: 'requeued'; job: string; code: number; notBefore: number; at: number }
  | { t: 'failed'; job: string; code: number; message: string; at: number }
  /** `code`: `why` as a code for the renderer (journals written before it have only the English). */
  | { t: 'ambiguous'; job: string; why: string; code?: AmbiguousReasonCode; at: number }
  | { t: 'skipped'; job: string; reason: string; code?: number; at: number }
  /**
   * `pricing`: how WhatsApp billed the message, from the status webhook's `pricing` object (DOMAIN.md §2); absent
   * when the status carried none, and in journals written before it was kept.
   */
  | { t: 'status'; job: string; wamid: string; status: DeliveryStatus; code?: number; pricing?: ReportedPricing; at: number }
  /**
   * `resume`: stopped because Shopcast closed, so it resumes when Shopcast starts again. `whyCode`: `why` as a code
   * for the renderer to word (campaignWhy.ts); journals written before it have only the English `why`.
   */
  | { t: 'state'; state: CampaignState; why?: string; whyCode?: CampaignWhy; resume?: boolean; at: number };

export type JobPhase = 'queued' | 'attempting' | 'accepted' | 'failed' | 'ambiguous' | 'skipped';

export interface JobState {
  id: string;
  /** Who the message goes to: the E.164 phone, or the user id (BSUID) of a person known only by it. */
  contact: string;
  /** The person's user id beside a phone `contact` (suppression is checked under both). */
  userId?: string;
  vars?: Record<string, string>;
  phase: JobPhase;
  /** How many times the job was attempted (each attempt is one HTTP request at most). */
  attempts: number;
  /** For a requeued job: not before this time. */
  notBefore?: number;
  wamid?: string;
  code?: number;
  reason?: string;
  /** An ambiguous job's `reason` as a code (see the `ambiguous` record). */
  reasonCode?: AmbiguousReasonCode;
  /** Latest webhook status; only moves forward (sent → delivered → read), or failed. */
  delivery?: DeliveryStatus;
  /** How WhatsApp billed the message: the `pricing` of the last recorded status that carried one. */
  billed?: ReportedPricing;
  /** When the last attempt was made (for the pacer's send log). */
  lastAttemptAt?: number;
  ref?: string;
  variant?: 'A' | 'B';
  /** Night-time consent (Korean law, §2b): the pacer lets this job's promotion go 21:00–08:00 Korea time. */
  nightConsent?: true;
  /** The campaign's change counter when this job last changed (`campaign:jobs` pages by it). */
  rev: number;
  /** When it last changed (the record's time; 0 for the job's creation). */
  at: number;
  /** When each step was first recorded. */
  times?: Partial<Record<'accepted' | DeliveryStatus, number>>;
  /** Accepted but held for WhatsApp's quality assessment of a new template: pending, not sent, until a status arrives. */
  held?: true;
  /** How many times 131049 was retried (DOMAIN.md §3: growing intervals from 24 h, bounded; errorCodes.ts). */
  marketingCapRetries?: number;
}

export interface Replay {
  campaign?: { id: string; spec: Record<string, unknown>; at: number };
  state: CampaignState;
  stateWhy?: string;
  /** `stateWhy` as a code (absent for state records written before codes). */
  stateWhyCode?: CampaignWhy;
  /** The last state record asked to resume at the next start (Shopcast was closed while sending). */
  resumeOnStart?: boolean;
  jobs: Map<string, JobState>;
  /** Counts job changes; each job carries the value of its last change. Recomputed on every open. */
  rev: number;
  sealed?: { count: number; at: number };
  scheduledAt?: number | null;
  startedAt?: number;
  finishedAt?: number;
}

/** A job as everyone but its journal sees it. */
export type ReadonlyJob = Readonly<Omit<JobState, 'vars' | 'times'>> & {
  readonly vars?: Readonly<Record<string, string>>;
  readonly times?: Readonly<Partial<Record<'accepted' | DeliveryStatus, number>>>;
};

/** The replay as everyone but its journal sees it (`Journal.replay`): changed only through `Journal.append`. */
export type ReadonlyReplay = Readonly<Omit<Replay, 'jobs' | 'campaign' | 'sealed'>> & {
  readonly campaign?: Readonly<{ id: string; spec: Readonly<Record<string, unknown>>; at: number }>;
  readonly sealed?: Readonly<{ count: number; at: number }>;
  readonly jobs: ReadonlyMap<string, ReadonlyJob>;
};

const DELIVERY_ORDER: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Whether a webhook status moves the job forward. Statuses only move forward (sent → delivered → read); `failed`
 * ends a message that was not delivered, so it never replaces `delivered` or `read` (the person has the message),
 * and nothing follows it.
 */
export function advances(current: DeliveryStatus | undefined, next: DeliveryStatus): boolean {
  if (current === undefined) return true;
  if (current === 'failed') return false;
  if (next === 'failed') return current === 'sent';
  return DELIVERY_ORDER[next] > DELIVERY_ORDER[current];
}

/**
 * Folds one record into a replay: on open, and after each durable append (`Journal.append`). Pure. Outside this
 * file only for folding records into a fresh replay of one's own (a read-only reader of a journal someone else is
 * writing, like `shopcast campaigns list`); a `Journal`'s replay changes only through its `append`.
 */
export function applyRecord(replay: Replay, r: JournalRecord): void {
  if (r.t === 'campaign') {
    replay.campaign = { id: r.id, spec: r.spec, at: r.at };
    return;
  }
  if (r.t === 'state') {
    replay.state = r.state;
    replay.stateWhy = r.why;
    if (r.whyCode !== undefined) replay.stateWhyCode = r.whyCode;
    else delete replay.stateWhyCode;
    replay.resumeOnStart = r.resume === true;
    if (r.state === 'running') replay.startedAt ??= r.at;
    if (r.state === 'finished' || r.state === 'cancelled') replay.finishedAt = r.at;
    else delete replay.finishedAt;
    return;
  }
  if (r.t === 'sealed') {
    replay.sealed = { count: r.count, at: r.at };
    return;
  }
  if (r.t === 'schedule') {
    replay.scheduledAt = r.scheduledAt;
    return;
  }
  if (r.t === 'job') {
    if (!replay.jobs.has(r.job)) {
      const job: JobState = { id: r.job, contact: r.contact, phase: 'queued', attempts: 0, rev: ++replay.rev, at: 0 };
      if (r.userId !== undefined) job.userId = r.userId;
      if (r.vars) job.vars = r.vars;
      if (r.ref !== undefined) job.ref = r.ref;
      if (r.variant !== undefined) job.variant = r.variant;
      if (r.nightConsent === true) job.nightConsent = true;
      replay.jobs.set(r.job, job);
    }
    return;
  }
  const job = replay.jobs.get(r.job);
  if (!job) return;
  job.rev = ++replay.rev;
  job.at = r.at;
  if (r.t !== 'ambiguous') delete job.reasonCode; // only an ambiguous job has one
  switch (r.t) {
    case 'attempting':
      job.phase = 'attempting';
      job.attempts = Math.max(job.attempts, r.n);
      job.lastAttemptAt = r.at;
      delete job.notBefore;
      break;
    case 'accepted':
      job.phase = 'accepted';
      job.wamid = r.wamid;
      if (r.held === true) job.held = true;
      else delete job.held;
      (job.times ??= {}).accepted ??= r.at;
      break;
    case 'requeued':
      job.phase = 'queued';
      job.code = r.code;
      job.notBefore = r.notBefore;
      if (r.code === MARKETING_CAP) job.marketingCapRetries = (job.marketingCapRetries ?? 0) + 1;
      break;
    case 'failed':
      job.phase = 'failed';
      job.code = r.code;
      job.reason = r.message;
      break;
    case 'ambiguous':
      // A later acceptance (a status webhook naming this job) settles it; an ambiguous never undoes an outcome.
      if (job.phase === 'attempting' || job.phase === 'queued') {
        job.phase = 'ambiguous';
        job.reason = r.why;
        if (r.code !== undefined) job.reasonCode = r.code;
        else delete job.reasonCode;
      }
      break;
    case 'skipped':
      job.phase = 'skipped';
      job.reason = r.reason;
      if (r.code !== undefined) job.code = r.code;
      break;
    case 'status':
      delete job.held; // any status means WhatsApp let the message go on
      if (job.phase === 'ambiguous' || job.phase === 'attempting') {
        job.phase = 'accepted'; // WhatsApp has it: the webhook carried our job id (biz_opaque_callback_data)
        delete job.reason;
      }
      job.wamid ??= r.wamid;
      if (r.pricing) job.billed = r.pricing; // a status without pricing keeps what an earlier one said
      (job.times ??= {})[r.status] ??= r.at;
      if (advances(job.delivery, r.status)) {
        job.delivery = r.status;
        if (r.code !== undefined) job.code = r.code;
      }
      break;
  }
}

/** The fields of a status's pricing the journal keeps (the webhook's object may carry more, such as the model). */
function pricingOf(p: ReportedPricing): ReportedPricing {
  return { billable: p.billable, ...(p.type !== undefined ? { type: p.type } : {}), ...(p.category !== undefined ? { category: p.category } : {}) };
}

/** 131049, the per-user marketing cap: retried at growing intervals from 24 h (DOMAIN.md §3, errorCodes.ts). */
export const MARKETING_CAP = 131049;

export function emptyReplay(): Replay {
  return { state: 'draft', jobs: new Map(), rev: 0 };
}

const countries = new Map<string, string>();
/** The recipient's country (ISO, `??` when the number names none), remembered: counts are taken on every summary. */
function countryKey(contact: string): string {
  let c = countries.get(contact);
  if (c === undefined) {
    c = countryOf(contact) ?? '??';
    if (countries.size > 200_000) countries.clear();
    countries.set(contact, c);
  }
  return c;
}

/**
 * How many jobs are in each phase and each delivery status (the engine, the campaign views, the CLI), the recipients
 * by country, and what WhatsApp reported it billed (each job's `billed`, read by costs.ts `reportedBilling`).
 */
export function countsOf(r: ReadonlyReplay): CampaignCounts {
  const c: CampaignCounts = { total: 0, queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
  const recipientsByCountry: Record<string, number> = {};
  const billed: Partial<Record<BilledCategory, number>> = {};
  const billedByCountry: Record<string, Partial<Record<BilledCategory, number>>> = {};
  let notBillable = 0;
  let billedUnknown = 0;
  for (const j of r.jobs.values()) {
    c.total++;
    c[j.phase]++;
    if (j.held === true) c.held = (c.held ?? 0) + 1;
    if (j.delivery === 'sent') c.sent++;
    else if (j.delivery === 'delivered') c.delivered++;
    else if (j.delivery === 'read') c.read++;
    else if (j.delivery === 'failed') c.deliveryFailed++;
    const country = countryKey(j.contact);
    recipientsByCountry[country] = (recipientsByCountry[country] ?? 0) + 1;
    if (!j.billed) continue;
    const b = reportedBilling(j.billed);
    if (!b.billed) notBillable++;
    else if (b.category === 'unknown') billedUnknown++;
    else {
      billed[b.category] = (billed[b.category] ?? 0) + 1;
      const row = (billedByCountry[country] ??= {});
      row[b.category] = (row[b.category] ?? 0) + 1;
    }
  }
  return { ...c, recipientsByCountry, billed, billedByCountry, notBillable, billedUnknown };
}

export interface QuarantinedLine {
  lineNumber: number;
  reason: 'torn' | 'checksum' | 'not_json' | 'not_a_record';
  text: string;
}

export interface OpenedJournal {
  journal: Journal;
  /** `journal.replay`. */
  replay: ReadonlyReplay;
  quarantined: QuarantinedLine[];
  /** Jobs found mid-send on open (made ambiguous now). */
  recoveredAmbiguous: string[];
  /** A damaged line named no job: some job's state may be unknown; the campaign must wait for a person. */
  damaged: boolean;
}

/** The disk problems the person can act on, by the Node errno code (the same ones settings.ts describeIoError words). */
function ioProblem(error: unknown): IoProblem | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  if (code === 'ENOSPC') return 'disk_full';
  if (code === 'EACCES' || code === 'EPERM') return 'not_allowed';
  if (code === 'EROFS') return 'read_only';
  return undefined;
}

export class JournalWriteError extends Error {
  /** The reason as a code, for the state record (the renderer words it; campaignWhy.ts `journal_write_failed`). */
  readonly whyCode: CampaignWhy;
  constructor(override readonly cause: unknown) {
    super(`Sending stopped: the send journal could not be saved (${describeIoError(cause)}). Free some disk space, then resume.`);
    this.name = 'JournalWriteError';
    const io = ioProblem(cause);
    this.whyCode = { code: 'journal_write_failed', params: io !== undefined ? { io } : { detail: describeIoError(cause) } };
  }
}

export function encodeLine(r: JournalRecord): string {
  const json = JSON.stringify(r);
  return `{"c":"${crc32(json).toString(16).padStart(8, '0')}","r":${json}}\n`;
}

const LINE = /^\{"c":"([0-9a-f]{8})","r":(.*)\}$/s;

/** Decodes one line, or says why it cannot be trusted. */
export function decodeLine(line: string): JournalRecord | QuarantinedLine['reason'] {
  const m = LINE.exec(line);
  if (!m) return 'not_json';
  const json = m[2]!; // group 2 always matches
  if (crc32(json).toString(16).padStart(8, '0') !== m[1]) return 'checksum';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'not_json';
  }
  if (typeof value !== 'object' || value === null || typeof (value as { t?: unknown }).t !== 'string') return 'not_a_record'; // shape check below
  return value as JournalRecord; // written by encodeLine from a JournalRecord and protected by its checksum
}

export class Journal {
  private handle: AppendHandle | undefined;
  private pending: { text: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private broken: JournalWriteError | undefined;
  /** Lines in the file (for deciding when to compact). */
  lineCount: number;

  private constructor(
    private readonly fs: JournalFs,
    readonly path: string,
    lineCount: number,
    private readonly state: Replay,
  ) {
    this.lineCount = lineCount;
  }

  /** The campaign's state as the journal on disk says it is (every change goes through `append`). */
  get replay(): ReadonlyReplay {
    return this.state;
  }

  /** Opens (or creates) the journal, quarantines what cannot be trusted and recovers interrupted sends. */
  static async open(fs: JournalFs, path: string, now: () => number): Promise<OpenedJournal> {
    const text = (await fs.readText(path)) ?? '';
    const lines = text.split('\n');
    const tail = lines.pop() ?? ''; // after the last '\n': empty, or a torn line
    const replay = emptyReplay();
    const quarantined: QuarantinedLine[] = [];
    const good: string[] = [];
    const damagedJobs: string[] = [];
    let damaged = false;
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      const decoded = decodeLine(line);
      if (typeof decoded === 'string') {
        quarantined.push({ lineNumber: i + 1, reason: decoded, text: line });
        const named = /"job":"([^"\\]{1,200})"/.exec(line)?.[1];
        if (named !== undefined) damagedJobs.push(named);
        else damaged = true;
        continue;
      }
      applyRecord(replay, decoded);
      good.push(line);
    }
    if (tail !== '') quarantined.push({ lineNumber: lines.length + 1, reason: 'torn', text: tail });

    if (quarantined.length > 0) {
      const stamp = new Date(now()).toISOString();
      await fs.appendText(
        `${path}.quarantine`,
        quarantined.map((q) => `${JSON.stringify({ quarantinedAt: stamp, line: q.lineNumber, reason: q.reason, text: q.text })}\n`).join(''),
      );
      // Rewrite without the bad lines so new records never continue a torn one.
      await fs.writeTextAtomic(path, good.map((l) => `${l}\n`).join(''));
    }

    const journal = new Journal(fs, path, good.length, replay);
    const recovered: JournalRecord[] = [];
    const at = now();
    for (const job of replay.jobs.values()) {
      // A damaged queued job too: its attempt may have been the damaged line (the ambiguous record makes it so).
      const hitByDamage = damagedJobs.includes(job.id) && job.phase !== 'accepted' && job.phase !== 'failed' && job.phase !== 'skipped';
      if (job.phase === 'attempting' || hitByDamage) {
        const code: AmbiguousReasonCode = hitByDamage ? 'journal_damaged' : 'interrupted';
        const why = hitByDamage
          ? 'Part of the send journal was damaged: Shopcast cannot tell whether this message went out.'
          : 'Shopcast stopped while this message was being sent: WhatsApp may or may not have it.';
        recovered.push({ t: 'ambiguous', job: job.id, why, code, at });
      }
    }
    // Applied even when the write fails: an attempting without an outcome replays as ambiguous on every open anyway,
    // and the failed write leaves the journal refusing every later append, so nothing is sent from here.
    await journal.appendAll(recovered).catch(() => {
      for (const r of recovered) applyRecord(replay, r);
    });
    const recoveredAmbiguous = recovered.map((r) => (r as { job: string }).job); // every recovered record names a job
    return { journal, replay, quarantined, recoveredAmbiguous, damaged };
  }

  /**
   * The one way a campaign's state changes: resolves once the record is durable (on disk and fsynced, sharing the
   * write and fsync with every append of this turn: group commit) and applied to `replay`. Rejects with
   * JournalWriteError after a disk error, and then `replay` is unchanged.
   */
  append(r: JournalRecord): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({
        text: encodeLine(r),
        resolve: () => {
          applyRecord(this.state, r);
          resolve();
        },
        reject,
      });
      this.kick();
    });
  }

  /** Durable-append several records with one write and one fsync; applied in order. */
  appendAll(records: readonly JournalRecord[]): Promise<void> {
    return Promise.all(records.map((r) => this.append(r))).then(() => undefined);
  }

  /**
   * The one status apply (a status webhook, or one the CLI's receiver kept). Recorded when it is about this job's
   * message and moves it on: it settles an unclear send (`ambiguous`/`attempting`: WhatsApp has it), or it
   * `advances` the delivery (never backwards; `failed` never replaces delivered or read). A status for another
   * message id than the job's is not about this job. Returns whether it was recorded. Its `pricing` (how WhatsApp
   * billed the message) is kept with it; a repeated or late status is not recorded, so its pricing is not either
   * (WhatsApp puts the same pricing on every status of a message).
   */
  async recordStatus(jobId: string, s: { wamid: string; status: DeliveryStatus; code?: number; pricing?: ReportedPricing }, at: number): Promise<boolean> {
    const job = this.state.jobs.get(jobId);
    if (!job) return false;
    if (job.wamid !== undefined && job.wamid !== s.wamid) return false;
    const settles = job.phase === 'ambiguous' || job.phase === 'attempting';
    if (!settles && !advances(job.delivery, s.status)) return false;
    await this.append({ t: 'status', job: jobId, wamid: s.wamid, status: s.status, at, ...(s.code !== undefined ? { code: s.code } : {}), ...(s.pricing ? { pricing: pricingOf(s.pricing) } : {}) });
    return true;
  }

  /**
   * The one "retry failed" (DOMAIN.md §3): failed jobs whose error is retryable (transient, rate limits, or -1: never
   * reached WhatsApp) are queued again; payload, template, unknown and account errors stay failed. A finished
   * campaign becomes paused (it has work again). Returns how many were queued.
   */
  async requeueFailed(at: number): Promise<number> {
    const records: JournalRecord[] = [];
    for (const job of this.state.jobs.values()) {
      if (job.phase !== 'failed' || job.code === undefined) continue;
      if (!(job.code === -1 || classifyError(job.code).retryable)) continue;
      records.push({ t: 'requeued', job: job.id, code: job.code, notBefore: at, at });
    }
    const n = records.length;
    if (n > 0 && this.state.state === 'finished') records.push({ t: 'state', state: 'paused', ...stateWhy('failed_requeued'), at });
    if (records.length > 0) await this.appendAll(records);
    return n;
  }

  get error(): JournalWriteError | undefined {
    return this.broken;
  }

  /** Waits until everything appended so far is durable (or failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Let every append of this turn of the event loop join the group.
    await Promise.resolve();
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      if (this.broken) throw this.broken;
      this.handle ??= await this.fs.openAppend(this.path);
      await this.handle.write(batch.map((p) => p.text).join(''));
      await this.handle.sync();
      this.lineCount += batch.length;
      for (const p of batch) p.resolve();
    } catch (error) {
      this.broken ??= error instanceof JournalWriteError ? error : new JournalWriteError(error);
      for (const p of batch) p.reject(this.broken);
      for (const p of this.pending.splice(0)) p.reject(this.broken);
    }
  }

  /**
   * Replaces the file with a snapshot (atomically): the journal stays one file that replays to the same state.
   * The snapshot is taken after everything appended so far is on disk, and appends made meanwhile wait for it.
   */
  async compact(makeSnapshot: () => readonly JournalRecord[] = () => snapshotOf(this.state)): Promise<void> {
    await this.flush();
    if (this.broken) throw this.broken;
    const run = (async () => {
      await this.handle?.close();
      this.handle = undefined;
      const snapshot = makeSnapshot();
      try {
        await this.fs.writeTextAtomic(this.path, snapshot.map(encodeLine).join(''));
      } catch (error) {
        this.broken = new JournalWriteError(error);
        throw this.broken;
      }
      this.lineCount = snapshot.length;
    })();
    this.flushing = run
      .catch(() => undefined)
      .finally(() => {
        this.flushing = undefined;
        if (this.pending.length > 0) this.kick();
      });
    await run;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}

/** The smallest record list that replays to the same state (for compaction). */
export function snapshotOf(replay: ReadonlyReplay): JournalRecord[] {
  const out: JournalRecord[] = [];
  if (replay.campaign) out.push({ t: 'campaign', ...replay.campaign });
  for (const job of replay.jobs.values()) {
    const rec: JournalRecord = { t: 'job', job: job.id, contact: job.contact };
    if (job.userId !== undefined) rec.userId = job.userId;
    if (job.vars) rec.vars = job.vars;
    if (job.ref !== undefined) rec.ref = job.ref;
    if (job.variant !== undefined) rec.variant = job.variant;
    if (job.nightConsent === true) rec.nightConsent = true;
    out.push(rec);
    const at = job.lastAttemptAt ?? 0;
    // The 131049 retries so far, one record each (a queued job's own requeue below is the last of them).
    const capRetries = (job.marketingCapRetries ?? 0) - (job.phase === 'queued' && job.code === MARKETING_CAP && job.attempts > 0 ? 1 : 0);
    for (let i = 0; i < capRetries; i++) out.push({ t: 'requeued', job: job.id, code: MARKETING_CAP, notBefore: 0, at });
    if (job.attempts > 0) out.push({ t: 'attempting', job: job.id, n: job.attempts, at });
    switch (job.phase) {
      case 'queued':
        if (job.attempts > 0) out.push({ t: 'requeued', job: job.id, code: job.code ?? 0, notBefore: job.notBefore ?? 0, at: job.at });
        break;
      case 'attempting':
        break;
      case 'accepted': {
        if (job.wamid !== undefined) out.push({ t: 'accepted', job: job.id, wamid: job.wamid, ...(job.held === true ? { held: true as const } : {}), at: job.times?.accepted ?? at });
        // Every step with its time, in order, so the replay keeps the delivery and the times of each step.
        const steps = (['sent', 'delivered', 'read', 'failed'] as const).filter((s) => job.times?.[s] !== undefined && s !== job.delivery);
        for (const s of steps) out.push({ t: 'status', job: job.id, wamid: job.wamid ?? '', status: s, at: job.times?.[s] ?? at });
        if (job.delivery) out.push({ t: 'status', job: job.id, wamid: job.wamid ?? '', status: job.delivery, at: job.times?.[job.delivery] ?? at, ...(job.code !== undefined ? { code: job.code } : {}), ...(job.billed ? { pricing: job.billed } : {}) });
        break;
      }
      case 'failed':
        out.push({ t: 'failed', job: job.id, code: job.code ?? 0, message: job.reason ?? '', at: job.at });
        break;
      case 'ambiguous':
        out.push({ t: 'ambiguous', job: job.id, why: job.reason ?? '', ...(job.reasonCode !== undefined ? { code: job.reasonCode } : {}), at: job.at });
        break;
      case 'skipped':
        out.push({ t: 'skipped', job: job.id, reason: job.reason ?? '', at: job.at, ...(job.code !== undefined ? { code: job.code } : {}) });
        break;
    }
  }
  if (replay.sealed) out.push({ t: 'sealed', ...replay.sealed });
  if (replay.scheduledAt !== undefined) out.push({ t: 'schedule', scheduledAt: replay.scheduledAt, at: 0 });
  if (replay.startedAt !== undefined) out.push({ t: 'state', state: 'running', at: replay.startedAt });
  out.push({ t: 'state', state: replay.state, at: replay.finishedAt ?? 0, ...(replay.stateWhy !== undefined ? { why: replay.stateWhy } : {}), ...(replay.stateWhyCode !== undefined ? { whyCode: replay.stateWhyCode } : {}), ...(replay.resumeOnStart ? { resume: true } : {}) });
  return out;
}

/**
 * Single-instance lock (DESIGN.md): two processes never run one campaign. The lock file holds the owner's pid;
 * a lock whose process is gone (killed with -9) is taken over.
 */
export async function acquireLock(fs: JournalFs, path: string, pid: number): Promise<{ ok: true; release: () => Promise<void> } | { ok: false; holder: number }> {
  const started = fs.processStarted?.(pid);
  for (let tries = 0; tries < 3; tries++) {
    // "pid start-time": the start time tells a live holder from another process that got the same pid later.
    if (await fs.createExclusive(path, started !== undefined ? `${pid} ${started}` : String(pid))) return { ok: true, release: () => fs.remove(path) };
    const [pidText, heldSince] = ((await fs.readText(path)) ?? '').trim().split(/\s+/);
    const holder = Number(pidText);
    const sameProcess = heldSince === undefined || fs.processStarted === undefined || fs.processStarted(holder) === undefined || fs.processStarted(holder) === heldSince;
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && fs.processAlive(holder) && sameProcess) return { ok: false, holder };
    await fs.remove(path); // stale: its process is gone (or the file is empty from a crash while creating it)
  }
  return { ok: false, holder: -1 };
}

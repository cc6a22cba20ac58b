/**
 * The send engine (DESIGN.md "The send engine"): runs one campaign's jobs through the pacer and a transport,
 * journaling every step. Per job: queued → attempting → accepted | failed | ambiguous | skipped.
 *
 * - `attempting` is durable before the transport is called; a journal write error stops sending before the next
 *   message (the journal refuses every later append, so no send goes unjournaled).
 * - Main is authoritative at send time: suppression, caps and quiet hours are re-checked for every job here.
 * - Errors are handled by DOMAIN.md §3 (shared/domain/errorCodes.ts); an ambiguous job is never resent.
 * - Circuit breakers (§4 "Monitoring"): over 5 % failures in the campaign's first hour pauses it; over 10 % in a
 *   day halves the daily cap and messaging-limit budget for the next 24 h.
 * Time comes from an injected Clock; the engine never reads Date.now or sets a timer itself.
 */
import { classifyError, retryDelayMs } from '../../shared/domain/errorCodes';
import { DAY, globalDelays, HOUR, jobDelays, recordSend, SendLog, type Delay, type PacingPolicy } from '../../shared/domain/pacing';
import { countsOf, MARKETING_CAP, type CampaignState, type DeliveryStatus, type Journal, type JobPhase, type JobState, type JournalRecord, type ReadonlyJob, type ReadonlyReplay } from './journal';
import type { CampaignWhy } from '../../shared/ipc/campaigns';
import { stateWhy, stateWhyOfError, type StateWhy } from './campaignWhy';
import type { SuppressionEntry } from './suppression';
import type { MessageContent, SendResult, Transport } from './transports/types';

export interface Clock {
  now(): number;
  /** Resolves after `ms` (or early, without effect, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    }),
};

/**
 * The system clock moved to another instant: it starts at `startAt` when created and runs at the normal rate from
 * there. The browser host uses it for `--test-clock-start`, so end-to-end tests choose the hour (say, inside Korean
 * quiet hours) instead of inheriting the machine's.
 */
export function shiftedClock(startAt: number, base: Clock = systemClock): Clock {
  const offset = startAt - base.now();
  return { now: () => base.now() + offset, sleep: (ms, signal) => base.sleep(ms, signal) };
}

export type EngineEvent =
  | { type: 'outcome'; job: string; phase: JobPhase; code?: number; detail?: string }
  | { type: 'waiting'; delay: Delay }
  | { type: 'state'; state: CampaignState; why?: string; whyCode?: CampaignWhy }
  /** An account-level error (DOMAIN.md §3 "stop all sending"): every campaign on this channel must stop. */
  | { type: 'account'; code: number; why: string; action: string };

/** What the engine needs of the suppression list: the send-time check and adding an entry. */
export interface Suppression {
  get(contact: string): SuppressionEntry | undefined;
  add(entry: SuppressionEntry): Promise<void>;
}

export interface EngineOptions {
  /** The campaign's journal: the owner of its state (`journal.replay`), changed only by appending records. */
  journal: Journal;
  /** Optional and only ever `journal.replay` (callers that opened the journal themselves pass it along). */
  replay?: ReadonlyReplay;
  transport: Transport;
  policy: PacingPolicy;
  clock: Clock;
  random: () => number;
  suppression: Suppression;
  content: (job: ReadonlyJob) => MessageContent;
  /** Marketing content counts toward the 3-per-24-h cap (§4). */
  promotional: boolean;
  /** Whether the contact is outside their 24 h service window (counts toward the messaging limit, §2). */
  outsideWindow?: (contact: string) => boolean;
  /**
   * The send log shared by every campaign of one number, so rate, caps, warm-up and the messaging limit count the
   * number's sends, not one campaign's. Its owner has already recorded the history; without it the engine keeps its
   * own, built from this campaign's journal.
   */
  sendLog?: SendLog;
  /** Requests in flight at once (the pacer still spaces their starts). */
  maxInFlight?: number;
  /** Compact the journal when it grows past this many lines. */
  compactAfterLines?: number;
  onEvent?: (e: EngineEvent) => void;
}

/** Where a run ended, and why (the English and its code, campaignWhy.ts). */
export interface RunEnd {
  state: CampaignState;
  why?: string;
  whyCode?: CampaignWhy;
  resume?: boolean;
}

/** Minimum attempts before a failure rate means anything (1 failure of 2 is not "50 %"). */
const BREAKER_MIN_SAMPLE = 20;

export class SendEngine {
  private readonly log: SendLog;
  /** Jobs in campaign order, read from `head` on (shift() on a 100k array would be quadratic). */
  private ready: ReadonlyJob[] = [];
  private head = 0;
  /** Jobs whose wait is over or that were requeued: tried before the rest. */
  private due: ReadonlyJob[] = [];
  private dispatched = 0;
  private waiting: { until: number; job: ReadonlyJob }[] = [];
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private stopWith: RunEnd | undefined;
  private rateFactor = 1;
  private queuePausedUntil = 0;
  private readonly byWamid = new Map<string, ReadonlyJob>();
  private readonly attemptsAt: number[] = [];
  private readonly failuresAt: number[] = [];
  private firstAttemptAt: number | undefined;
  private lastWaitReason: string | undefined;
  private compacting: Promise<void> | undefined;

  /** The campaign's state, read here and changed only through `o.journal.append`. */
  private readonly replay: ReadonlyReplay;
  /** `o.policy`, until `setPolicy` (the number's budget changed while sending). */
  private policy: PacingPolicy;

  constructor(private readonly o: EngineOptions) {
    if (o.replay !== undefined && o.replay !== o.journal.replay) throw new Error('The engine reads the state of the journal it appends to.');
    this.replay = o.journal.replay;
    this.policy = o.policy;
    this.log = o.sendLog ?? new SendLog(o.policy.batch?.gapMs);
    for (const job of this.replay.jobs.values()) {
      if (job.wamid) this.byWamid.set(job.wamid, job);
      if (job.lastAttemptAt !== undefined) {
        if (!o.sendLog && mayHaveReached(job)) this.log.record({ at: job.lastAttemptAt, contact: job.contact, promotional: o.promotional, outsideWindow: this.outside(job.contact) });
        this.firstAttemptAt = Math.min(this.firstAttemptAt ?? Infinity, job.lastAttemptAt);
      }
    }
  }

  get state(): CampaignState {
    return this.replay.state;
  }

  /** Jobs by phase and delivery (journal.ts `countsOf`). */
  counts(): ReturnType<typeof countsOf> {
    return countsOf(this.replay);
  }

  /**
   * Stops dispatching; requests already in flight finish and are journaled (nothing half-sent). A plain string is
   * English without a code (the CLI's, whose journals the app never shows).
   */
  pause(why: StateWhy | string = stateWhy('paused_by_person'), resumeOnStart = false): void {
    this.stopWith ??= { state: 'paused', ...(typeof why === 'string' ? { why } : why), ...(resumeOnStart ? { resume: true } : {}) };
    this.wake?.();
  }

  /**
   * The rules change while sending (a messaging-limit webhook, issue 13 point 3): the next job is paced by `policy`.
   * Jobs already set aside to wait keep their time and are checked again against it when it comes.
   */
  setPolicy(policy: PacingPolicy): void {
    this.policy = policy;
    this.wake?.();
  }

  /** Like pause, and the jobs not sent yet are skipped as cancelled. */
  cancel(why: StateWhy = stateWhy('cancelled_by_person')): void {
    this.stopWith = { state: 'cancelled', ...why };
    this.wake?.();
  }

  /** Runs until every job is settled, or until paused, cancelled or stopped; resolves with the final state. */
  async run(): Promise<RunEnd> {
    const replay = this.replay;
    if (replay.state === 'cancelled' || replay.state === 'finished') {
      return { state: replay.state, ...(replay.stateWhy ? { why: replay.stateWhy } : {}), ...(replay.stateWhy && replay.stateWhyCode ? { whyCode: replay.stateWhyCode } : {}) };
    }
    this.stopWith = undefined;
    await this.journalOrStop({ t: 'state', state: 'running', at: this.o.clock.now() });
    this.ready = [...replay.jobs.values()].filter((j) => j.phase === 'queued');
    this.head = 0;
    this.due = [];
    this.waiting = [];
    const maxInFlight = this.o.maxInFlight ?? 16;

    while (!this.stopWith) {
      const journalError = this.o.journal.error;
      if (journalError) {
        this.stopWith = { state: 'paused', ...stateWhyOfError(journalError) };
        break;
      }
      const now = this.o.clock.now();
      if (this.inFlight >= maxInFlight) {
        await this.idle(Infinity);
        continue;
      }
      const delay = this.globalDelay(now);
      if (delay) {
        this.announce(delay);
        await this.idle(delay.until - now);
        continue;
      }
      const job = await this.pick(now);
      if (job) {
        this.dispatch(job, now);
        continue;
      }
      if (this.head >= this.ready.length && this.due.length === 0 && this.waiting.length === 0 && this.inFlight === 0) {
        this.stopWith = { state: 'finished' };
        break;
      }
      const next = this.waiting.reduce((m, w) => Math.min(m, w.until), Infinity);
      await this.idle(next === Infinity ? Infinity : next - now);
    }

    // Let requests in flight finish and be journaled before saying where we stopped.
    while (this.inFlight > 0) await this.idle(Infinity);
    const end = this.stopWith;
    if (end.state === 'cancelled') {
      const at = this.o.clock.now();
      for (const job of replay.jobs.values()) {
        if (job.phase === 'queued') await this.journalOrStop({ t: 'skipped', job: job.id, reason: 'cancelled', at });
      }
    }
    const why = { ...(end.why !== undefined ? { why: end.why } : {}), ...(end.why !== undefined && end.whyCode !== undefined ? { whyCode: end.whyCode } : {}) };
    await this.journalOrStop({ t: 'state', state: end.state, at: this.o.clock.now(), ...why, ...(end.resume ? { resume: true } : {}) });
    await this.o.journal.flush();
    await this.compacting;
    this.o.onEvent?.({ type: 'state', state: end.state, ...why });
    return end;
  }

  /**
   * A status webhook for one of our messages. Matched by our job id (biz_opaque_callback_data) first, else by
   * wamid. Settles an ambiguous job as accepted; statuses only move forward; duplicates are ignored.
   */
  async applyStatus(s: { wamid: string; status: DeliveryStatus; jobId?: string; code?: number }): Promise<boolean> {
    const job = (s.jobId !== undefined ? this.replay.jobs.get(s.jobId) : undefined) ?? this.byWamid.get(s.wamid);
    if (!job) return false;
    if (!(await this.o.journal.recordStatus(job.id, s, this.o.clock.now()))) return false;
    this.byWamid.set(s.wamid, job);
    if (s.status === 'failed') this.countFailure(this.o.clock.now());
    return true;
  }

  /** Puts failed jobs whose error is retryable back in the queue (the person's "retry failed", journal.ts). */
  async retryFailed(): Promise<number> {
    try {
      return await this.o.journal.requeueFailed(this.o.clock.now());
    } catch (error) {
      this.stopWith ??= { state: 'paused', ...stateWhyOfError(error) };
      return 0;
    }
  }

  private outside(contact: string): boolean {
    return this.o.outsideWindow?.(contact) ?? true;
  }

  private globalDelay(now: number): Delay | undefined {
    if (this.queuePausedUntil > now) {
      return { until: this.queuePausedUntil, reason: 'rate', detail: 'WhatsApp asked this account to slow down (80007): the whole queue waits.', params: { accountLimit: true } };
    }
    return globalDelays(this.currentPolicy(), this.log, now)[0];
  }

  /** The policy with the rate lowered after rate-limit errors (§3: back off and lower the rate). */
  private currentPolicy(): PacingPolicy {
    return this.rateFactor < 1 ? { ...this.policy, ratePerSecond: this.policy.ratePerSecond * this.rateFactor } : this.policy;
  }

  /** The first job that may go now; jobs that must wait are set aside with their time; suppressed ones skipped. */
  private async pick(now: number): Promise<ReadonlyJob | undefined> {
    if (this.waiting.length > 0) {
      const due = this.waiting.filter((w) => w.until <= now);
      if (due.length > 0) {
        this.waiting = this.waiting.filter((w) => w.until > now);
        this.due.push(...due.map((w) => w.job));
      }
    }
    for (;;) {
      const job = this.due.length > 0 ? this.due.shift() : this.ready[this.head++];
      if (!job) {
        this.head = Math.min(this.head, this.ready.length);
        break;
      }
      if (job.phase !== 'queued') continue;
      if (job.notBefore !== undefined && job.notBefore > now) {
        this.waiting.push({ until: job.notBefore, job });
        continue;
      }
      // Under the user id too: a STOP a username-only sender sent stops the send to the phone beside it.
      const suppressed = this.o.suppression.get(job.contact) ?? (job.userId !== undefined ? this.o.suppression.get(job.userId) : undefined);
      if (suppressed) {
        await this.journalOrStop({ t: 'skipped', job: job.id, reason: suppressed.reason, at: now });
        this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'skipped', detail: suppressed.reason });
        continue;
      }
      const delay = jobDelays(this.policy, this.log, { contact: job.contact, promotional: this.o.promotional, nightConsent: job.nightConsent === true, outsideWindow: this.outside(job.contact) }, now)[0];
      if (delay) {
        this.waiting.push({ until: delay.until, job });
        this.announce(delay);
        continue;
      }
      return job;
    }
    return undefined;
  }

  private dispatch(job: ReadonlyJob, now: number): void {
    if (++this.dispatched % 1_000 === 0) {
      this.log.prune(now);
      // The breakers look back 24 h at most (and at the first hour, which is over by then if these are old).
      if (this.firstAttemptAt !== undefined && now - this.firstAttemptAt > HOUR) {
        const from = now - DAY;
        while (this.attemptsAt.length > 0 && this.attemptsAt[0]! <= from) this.attemptsAt.shift(); // length checked
        while (this.failuresAt.length > 0 && this.failuresAt[0]! <= from) this.failuresAt.shift(); // length checked
      }
    }
    recordSend(this.currentPolicy(), this.log, { at: now, contact: job.contact, promotional: this.o.promotional, outsideWindow: this.outside(job.contact) });
    this.firstAttemptAt ??= now;
    this.attemptsAt.push(now);
    // The job stays queued in memory until `attempting` is durable (the journal applies it then); it is out of the
    // ready queue already, so nothing picks it twice.
    const attempting: JournalRecord = { t: 'attempting', job: job.id, n: job.attempts + 1, at: now };
    this.inFlight++;
    this.o.journal
      .append(attempting)
      .then(
        async () => {
          let result: SendResult;
          let channelFailed = false;
          try {
            result = await this.o.transport.send({ jobId: job.id, to: job.contact, content: this.o.content(job) });
          } catch (error) {
            result = { kind: 'ambiguous', why: `The channel failed mid-send: ${error instanceof Error ? error.message : String(error)}` };
            channelFailed = true;
          }
          if (result.kind === 'failed' || result.kind === 'skipped' || result.kind === 'not_sent') this.log.refused(job.contact, now); // it never reached the person
          await this.settle(job, result, channelFailed);
        },
        () => {
          // Not durable, so not sent: the job is still queued (the journal applied nothing), and sending stops.
          this.log.refused(job.contact, now);
          const error = this.o.journal.error;
          this.stopWith ??= { state: 'paused', ...(error ? stateWhyOfError(error) : { why: 'The send journal could not be saved.', whyCode: { code: 'journal_write_failed' } }) };
        },
      )
      .catch((error: unknown) => {
        this.stopWith ??= { state: 'paused', ...stateWhyOfError(error) };
      })
      .finally(() => {
        this.inFlight--;
        this.wake?.();
      });
  }

  private async settle(job: ReadonlyJob, result: SendResult, channelFailed = false): Promise<void> {
    const now = this.o.clock.now();
    if (result.kind === 'accepted') {
      // Held for WhatsApp's quality assessment of a new template (DOMAIN.md §2): pending, not sent; a status moves it on.
      const held = result.held === true ? { held: true as const } : {};
      await this.journal({ t: 'accepted', job: job.id, wamid: result.wamid, ...(result.waId !== undefined ? { waId: result.waId } : {}), ...held, at: now });
      this.byWamid.set(result.wamid, job);
      if (this.rateFactor < 1) this.rateFactor = Math.min(1, this.rateFactor * 1.05);
      this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'accepted', ...(result.held === true ? { detail: 'held' } : {}) });
      return;
    }
    if (result.kind === 'ambiguous') {
      await this.journal({ t: 'ambiguous', job: job.id, why: result.why, ...(channelFailed ? { code: 'channel_failed' as const } : {}), at: now });
      this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'ambiguous', detail: result.why });
      return;
    }
    if (result.kind === 'skipped') {
      await this.journal({ t: 'skipped', job: job.id, reason: result.reason, at: now });
      this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'skipped', detail: result.reason });
      return;
    }
    if (result.kind === 'not_sent') {
      // Certainly not sent (the person never opened the chat): back in the queue as it was, for the next run.
      await this.journal({ t: 'requeued', job: job.id, code: 0, notBefore: now, at: now });
      this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'queued', detail: result.why });
      return;
    }
    const rule = result.code === -1 ? { action: 'transient' as const, retryable: true, meaning: result.message } : classifyError(result.code); // -1: never reached WhatsApp, safe to retry
    const retry = (after: number | undefined) =>
      after === undefined
        ? this.fail(job, result.code, `${rule.meaning} (${result.message})`, now)
        : this.journal({ t: 'requeued', job: job.id, code: result.code, notBefore: now + Math.max(after, result.retryAfterMs ?? 0), at: now }).then(() => {
            this.due.push(job);
          });
    const retryIndex = job.attempts - 1;
    switch (rule.action) {
      case 'rate_limit': {
        this.rateFactor = Math.max(0.05, this.rateFactor / 2);
        const after = retryDelayMs('rate_limit', retryIndex, this.o.random);
        if ('pausesQueue' in rule && rule.pausesQueue && after !== undefined) this.queuePausedUntil = Math.max(this.queuePausedUntil, now + after);
        return retry(after);
      }
      case 'pair_rate':
        return retry(retryDelayMs('pair_rate', retryIndex, this.o.random));
      case 'transient':
        return retry(retryDelayMs('transient', retryIndex, this.o.random));
      case 'suppress':
        await this.o.suppression.add({ contact: job.contact, reason: 'stopped_marketing', at: now, source: String(result.code) });
        return this.skip(job, 'stopped_marketing', result.code, now);
      case 'unreachable':
        await this.o.suppression.add({ contact: job.contact, reason: 'unreachable', at: now, source: String(result.code) });
        this.countFailure(now);
        return this.skip(job, 'unreachable', result.code, now);
      case 'marketing_cap': {
        // §3: skip now, retry at growing intervals from 24 h (errorCodes.ts MARKETING_CAP_RETRY_HOURS), then give up.
        // Each retry is journaled with its requeue and counted on replay, so a restart goes on with the series.
        const after = result.code === MARKETING_CAP ? retryDelayMs('marketing_cap', job.marketingCapRetries ?? 0, this.o.random) : undefined;
        if (after === undefined) return this.skip(job, 'marketing_cap', result.code, now);
        await this.journal({ t: 'requeued', job: job.id, code: result.code, notBefore: now + after, at: now });
        this.due.push(job);
        this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'queued', code: result.code, detail: `marketing_cap_retry_in_${Math.round(after / HOUR)}h` });
        return;
      }
      case 'needs_template':
        return this.skip(job, 'needs_template', result.code, now);
      case 'pause_campaign':
      case 'stop_all': {
        // The message was not sent: it goes back in the queue for when the person has fixed the cause.
        await this.journal({ t: 'requeued', job: job.id, code: result.code, notBefore: now, at: now });
        this.stopWith ??= { state: 'paused', ...stateWhy('error_rule', { errorCode: result.code, action: rule.action }) };
        if (rule.action === 'stop_all') this.o.onEvent?.({ type: 'account', code: result.code, why: rule.meaning, action: rule.whatToDo ?? '' });
        return;
      }
      default:
        return this.fail(job, result.code, `${rule.meaning} (${result.message})`, now);
    }
  }

  private async fail(job: ReadonlyJob, code: number, message: string, now: number): Promise<void> {
    await this.journal({ t: 'failed', job: job.id, code, message, at: now });
    this.countFailure(now);
    this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'failed', code, detail: message });
  }

  private async skip(job: ReadonlyJob, reason: string, code: number, now: number): Promise<void> {
    await this.journal({ t: 'skipped', job: job.id, reason, code, at: now });
    this.o.onEvent?.({ type: 'outcome', job: job.id, phase: 'skipped', code, detail: reason });
  }

  /** §4 "Monitoring": the failure-rate breakers. */
  private countFailure(now: number): void {
    this.failuresAt.push(now);
    const first = this.firstAttemptAt ?? now;
    if (now - first <= HOUR) {
      const attempts = this.attemptsAt.filter((t) => t - first <= HOUR).length;
      const failures = this.failuresAt.filter((t) => t - first <= HOUR).length;
      if (attempts >= BREAKER_MIN_SAMPLE && failures / attempts > 0.05) {
        this.stopWith ??= { state: 'paused', ...stateWhy('breaker', { failures, attempts }) };
      }
    }
    const dayAttempts = this.attemptsAt.filter((t) => t > now - DAY).length;
    const dayFailures = this.failuresAt.filter((t) => t > now - DAY).length;
    if (dayAttempts >= BREAKER_MIN_SAMPLE && dayFailures / dayAttempts > 0.1 && !(this.log.capHalvedUntil !== undefined && this.log.capHalvedUntil > now)) {
      this.log.capHalvedUntil = now + DAY;
    }
  }

  private announce(delay: Delay): void {
    const key = `${delay.reason}:${delay.until}`;
    if (key === this.lastWaitReason) return;
    this.lastWaitReason = key;
    this.o.onEvent?.({ type: 'waiting', delay });
  }

  /** Waits `ms` (Infinity: until something happens), waking early when a request finishes or on pause/cancel. */
  private async idle(ms: number): Promise<void> {
    const abort = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    const timers = Number.isFinite(ms) ? [this.o.clock.sleep(Math.max(0, ms), abort.signal)] : [];
    await Promise.race([woken, ...timers]);
    abort.abort();
    this.wake = undefined;
  }

  /** Records durably (the journal applies it once on disk); a write error stops sending. */
  private async journal(r: JournalRecord): Promise<void> {
    try {
      await this.o.journal.append(r);
    } catch (error) {
      this.stopWith ??= { state: 'paused', ...stateWhyOfError(error) };
      this.wake?.();
      return;
    }
    this.maybeCompact();
  }

  private async journalOrStop(r: JournalRecord): Promise<void> {
    await this.journal(r);
  }

  private maybeCompact(): void {
    const limit = this.o.compactAfterLines ?? 50_000;
    if (this.compacting || this.o.journal.lineCount < limit || this.inFlight > 0) return;
    this.compacting = this.o.journal
      .compact()
      .catch((error: unknown) => {
        this.stopWith ??= { state: 'paused', ...stateWhyOfError(error) };
      })
      .finally(() => (this.compacting = undefined));
  }
}

/**
 * Whether a job's last attempt may have reached the person, so it counts toward their per-24 h promotions and the
 * messaging limit when the counts are rebuilt from the journal: accepted (a status may have followed), unclear, or
 * cut off mid-send. A refused attempt (failed with a code, requeued, skipped) did not.
 */
export function mayHaveReached(job: Pick<JobState, 'phase' | 'delivery'>): boolean {
  return job.phase === 'accepted' || job.phase === 'ambiguous' || job.phase === 'attempting' || job.delivery !== undefined;
}

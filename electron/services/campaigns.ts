/**
 * Campaigns in the main process (listmonk's model, STYLE.md): draft → scheduled → running → paused →
 * cancelled | finished. A campaign snapshots its audience into its journal when it is created, so what is sent is
 * what the person confirmed. Each campaign lives in `<data>/campaigns/<id>/` (journal.jsonl, send.lock): the same
 * layout `shopcast send` uses, so the app and the CLI never run one campaign twice (single-instance lock).
 *
 * This service is what the IPC handlers will call (channels proposed in the send-engine report).
 */
import { join } from 'node:path';
import type { PacingPolicy } from '../../shared/domain/pacing';
import type { JournalFs } from '../adapters/journalFs';
import { SendEngine, type Clock, type EngineEvent } from './engine';
import { acquireLock, applyRecord, Journal, type CampaignState, type DeliveryStatus, type JobState, type JournalRecord, type Replay } from './journal';
import type { SuppressionList } from './suppression';
import type { MessageContent, Transport } from './transports/types';

export interface CampaignSpec {
  name: string;
  channel: 'cloud' | 'sandbox';
  content: MessageContent;
  promotional: boolean;
  recipients: readonly { contact: string; vars?: Record<string, string> }[];
  /** When to start; absent: a draft the person starts by hand. */
  scheduledAt?: number;
}

export interface CampaignStatus {
  id: string;
  state: CampaignState;
  why?: string;
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
  transportFor: (channel: CampaignSpec['channel']) => Transport;
  policyFor: (channel: CampaignSpec['channel']) => PacingPolicy;
  onEvent?: (campaignId: string, e: EngineEvent) => void;
}

interface Open {
  journal: Journal;
  replay: Replay;
  spec: CampaignSpec;
  engine?: SendEngine;
  running?: Promise<{ state: CampaignState; why?: string }>;
  release?: () => Promise<void>;
}

export class CampaignService {
  private readonly open = new Map<string, Open>();
  private seq = 0;

  constructor(private readonly deps: CampaignServiceDeps) {}

  private dir(id: string): string {
    return join(this.deps.dataDir, 'campaigns', id);
  }

  /** Creates the campaign and snapshots its audience (job ids are `<campaign>-<n>`, our biz_opaque_callback_data). */
  async create(spec: CampaignSpec): Promise<string> {
    const id = `c${this.deps.clock.now().toString(36)}${(++this.seq).toString(36)}`;
    const opened = await Journal.open(this.deps.fs, join(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
    const at = this.deps.clock.now();
    const records: JournalRecord[] = [{ t: 'campaign', id, spec: { ...spec, recipients: undefined, recipientCount: spec.recipients.length }, at }];
    for (const [i, r] of spec.recipients.entries()) records.push(r.vars ? { t: 'job', job: `${id}-${i}`, contact: r.contact, vars: r.vars } : { t: 'job', job: `${id}-${i}`, contact: r.contact });
    records.push({ t: 'state', state: spec.scheduledAt !== undefined ? 'scheduled' : 'draft', at });
    await opened.journal.appendAll(records);
    for (const r of records) applyRecord(opened.replay, r);
    this.open.set(id, { journal: opened.journal, replay: opened.replay, spec });
    return id;
  }

  /** Starts (or resumes) sending in the background; resolves once it is running. Refused if another process runs it. */
  async start(id: string): Promise<void> {
    const c = this.get(id);
    if (c.running) return;
    if (c.replay.state === 'cancelled' || c.replay.state === 'finished') throw new Error(`The campaign is ${c.replay.state}.`);
    const lock = await acquireLock(this.deps.fs, join(this.dir(id), 'send.lock'), this.deps.pid);
    if (!lock.ok) throw new Error(`This campaign is being sent by another Shopcast (process ${lock.holder}).`);
    c.release = lock.release;
    c.engine ??= new SendEngine({
      journal: c.journal,
      replay: c.replay,
      transport: this.deps.transportFor(c.spec.channel),
      policy: this.deps.policyFor(c.spec.channel),
      clock: this.deps.clock,
      random: this.deps.random,
      suppression: this.deps.suppression,
      content: (job: JobState) => fillContent(c.spec.content, job.vars),
      promotional: c.spec.promotional,
      ...(this.deps.onEvent ? { onEvent: (e: EngineEvent) => this.deps.onEvent?.(id, e) } : {}),
    });
    c.running = c.engine.run().finally(async () => {
      c.running = undefined;
      await c.release?.();
      c.release = undefined;
    });
  }

  /** Pauses: requests in flight finish and are journaled; resolves when sending has stopped. */
  async pause(id: string): Promise<CampaignStatus> {
    const c = this.get(id);
    c.engine?.pause();
    await c.running;
    return this.status(id);
  }

  async cancel(id: string): Promise<CampaignStatus> {
    const c = this.get(id);
    if (c.running) {
      c.engine?.cancel();
      await c.running;
    } else if (c.replay.state !== 'finished' && c.replay.state !== 'cancelled') {
      const at = this.deps.clock.now();
      const records: JournalRecord[] = [...c.replay.jobs.values()].filter((j) => j.phase === 'queued').map((j) => ({ t: 'skipped', job: j.id, reason: 'cancelled', at }));
      records.push({ t: 'state', state: 'cancelled', at });
      await c.journal.appendAll(records);
      for (const r of records) applyRecord(c.replay, r);
    }
    return this.status(id);
  }

  /** Waits for the current run to end (tests and the CLI). */
  async settled(id: string): Promise<CampaignStatus> {
    await this.get(id).running;
    return this.status(id);
  }

  /**
   * The person's decision on a job that may or may not have been sent: "sent" closes it as accepted-by-person
   * (skipped with that reason, so counts stay honest); "send again" queues it once more, knowingly.
   */
  async resolveAmbiguous(id: string, job: string, decision: 'sent' | 'send_again'): Promise<void> {
    const c = this.get(id);
    const state = c.replay.jobs.get(job);
    if (!state || state.phase !== 'ambiguous') throw new Error('That message is not waiting for a decision.');
    const at = this.deps.clock.now();
    const r: JournalRecord = decision === 'sent' ? { t: 'skipped', job, reason: 'marked_sent_by_person', at } : { t: 'requeued', job, code: 0, notBefore: at, at };
    const records: JournalRecord[] = [r];
    if (decision === 'send_again' && c.replay.state === 'finished') records.push({ t: 'state', state: 'paused', why: 'A message was queued again by the person.', at });
    await c.journal.appendAll(records);
    if (decision === 'send_again') state.phase = 'queued'; // applyRecord keeps ambiguous jobs ambiguous; the person overrides it here
    for (const rec of records) applyRecord(c.replay, rec);
  }

  /** A status webhook: routed to the campaign named by the job id (`<campaign>-<n>`). */
  async applyStatus(s: { wamid: string; status: DeliveryStatus; jobId?: string; code?: number }): Promise<boolean> {
    const id = s.jobId?.slice(0, s.jobId.lastIndexOf('-'));
    const c = id !== undefined ? this.open.get(id) : undefined;
    if (!c) return false;
    if (c.engine) return c.engine.applyStatus(s);
    const job = s.jobId !== undefined ? c.replay.jobs.get(s.jobId) : undefined;
    if (!job) return false;
    const r: JournalRecord = { t: 'status', job: job.id, wamid: s.wamid, status: s.status, at: this.deps.clock.now(), ...(s.code !== undefined ? { code: s.code } : {}) };
    await c.journal.append(r);
    applyRecord(c.replay, r);
    return true;
  }

  status(id: string): CampaignStatus {
    const c = this.get(id);
    const counts = { queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, total: 0 };
    const ambiguous: CampaignStatus['ambiguous'] = [];
    for (const j of c.replay.jobs.values()) {
      counts[j.phase]++;
      counts.total++;
      if (j.phase === 'ambiguous') ambiguous.push({ job: j.id, contact: j.contact, why: j.reason ?? '' });
    }
    return { id, state: c.replay.state, ...(c.replay.stateWhy !== undefined ? { why: c.replay.stateWhy } : {}), counts, ambiguous };
  }

  /** Starts every scheduled campaign whose time has come (the app calls this on a timer and at start-up). */
  async startDue(): Promise<string[]> {
    const started: string[] = [];
    for (const [id, c] of this.open) {
      if (c.replay.state === 'scheduled' && c.spec.scheduledAt !== undefined && c.spec.scheduledAt <= this.deps.clock.now()) {
        await this.start(id);
        started.push(id);
      }
    }
    return started;
  }

  async close(): Promise<void> {
    for (const id of this.open.keys()) await this.pause(id);
    for (const c of this.open.values()) await c.journal.close();
  }

  private get(id: string): Open {
    const c = this.open.get(id);
    if (!c) throw new Error(`No campaign ${id}.`);
    return c;
  }
}

/** Fills `{name}` (with a fallback when it is missing, DOMAIN.md §4) in text and template parameters. */
export function fillContent(content: MessageContent, vars: Record<string, string> | undefined): MessageContent {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, key: string) => vars?.[key] || (key === 'name' ? 'customer' : whole));
  if (content.kind === 'text') return { ...content, body: fill(content.body) };
  if (content.kind === 'media') return content.caption !== undefined ? { ...content, caption: fill(content.caption) } : content;
  return { ...content, bodyParams: content.bodyParams.map(fill) };
}

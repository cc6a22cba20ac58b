/**
 * Answers from the Inbox (issue 14 point 3): a person's answer to one customer, sent by main and journaled like a
 * campaign job, so it is never sent twice and never lost.
 *
 * Each answer is a one-recipient job in its own journal, `<data>/answers/<id>/journal.jsonl` (a `campaign` record
 * whose spec is `{ kind: 'answer', … }`, one `job` `<id>-0`, `sealed`), run by a `SendEngine` through the channel's
 * transport. So the rules are the campaigns' ones, not a copy: `attempting` is durable before the request, an
 * interrupted send is `ambiguous` when the journal is opened again and is never resent on its own (only a status
 * webhook settles it), statuses only move forward (journal.ts `recordStatus`). `CampaignService.load` never sees
 * these folders (they are not under `campaigns/`).
 *
 * Main's rules before anything is journaled (`answerRefusal`, refused as `AppFailure('conflict', …, { refusal })`):
 * free text and media only inside the customer's 24-hour window (shared/domain/inbox/due.ts `serviceWindow`), a
 * template outside it; a customer on the suppression list gets only a text answer inside the window (a service
 * reply to their own message), never a template; Cloud answers need the Cloud API connected. The engine checks the
 * suppression list again at send time with the same rule.
 *
 * An answer that was journaled but never attempted when Shopcast stopped (queued, or waiting to retry after a
 * transient error) is closed as `skipped` (`interrupted_before_send`) on the next start: certainly not sent, shown
 * with its text for the person to send again. It is not sent hours later by itself.
 *
 * Media answers (a picture, video or document by https link) go the same way as text, inside the window only.
 * A status's `pricing` is journaled with it (journal.ts `recordStatus`) and shown as the answer's `billed`.
 *
 * Assisted answers are sent by the person in the WhatsApp Business app (the renderer opens the pre-filled wa.me
 * chat); "I sent it" comes here as an answer on the `assisted` channel, which main only records: the same journal,
 * written at once as attempted, accepted (`assisted.<job>`, WhatsApp gives no id) and `sent`, with no transport and
 * no engine. The 24-hour window is the Cloud API's rule, not the app's, so it is not asked; a user id without a
 * phone cannot have been reached on wa.me and is refused.
 */
import type { ReportedPricing } from '../../shared/domain/campaign/costs';
import { looksLikeUserId } from '../../shared/domain/identity';
import { serviceWindow } from '../../shared/domain/inbox/due';
import type { MessageContent } from '../../shared/domain/message';
import type { PacingPolicy } from '../../shared/domain/pacing';
import type { AnswerChannel, AnswerInput, AnswerRefusal, AnswersPage, AnswerState, AnswerView } from '../../shared/ipc/inbox';
import { parseMessageContent } from '../../shared/ipc/messageContent';
import { AppFailure } from '../../shared/lib/result';
import { SendEngine, type Clock, type Suppression } from './engine';
import { Journal, type JournalRecord, type ReadonlyJob, type ReadonlyReplay } from './journal';
import { joinPath, type JournalFs } from './ports';
import type { SuppressionEntry } from './suppression';
import { ASSISTED_NEEDS_PHONE } from './transports/assisted';
import type { Transport } from './transports/types';

export interface AnswerServiceDeps {
  fs: JournalFs;
  dataDir: string;
  clock: Clock;
  random: () => number;
  /** Names this run's numbering of answer changes (`rev`). */
  generation: string;
  /**
   * The channel's transport for one answer; undefined when the Cloud API is not connected. `quote` is the customer's
   * message the answer quotes: a Cloud transport sends it as WhatsApp's `context` (see `quotingFetch`).
   */
  transportFor: (channel: AnswerChannel, quote: string | undefined) => Promise<Transport | undefined>;
  /** The pacing policy of the channel (quiet hours are campaigns' and do not hold an answer back). */
  policyFor: (channel: AnswerChannel) => Promise<PacingPolicy>;
  /** When this customer last wrote (for a sandbox answer, simulated messages count too). */
  lastInboundAt: (contact: string, channel: AnswerChannel) => number | undefined;
  /** The suppression list as the channel sees it (the sandbox view for the Sandbox). */
  suppression: (channel: AnswerChannel) => Suppression;
  /** Something about the answers changed, up to this rev. */
  onChange?: (rev: number) => void;
}

/** What an answer's journal keeps in its first record. */
interface AnswerSpec {
  kind: 'answer';
  to: string;
  content: MessageContent;
  quote?: string;
  staff?: string;
  channel: AnswerChannel;
  /** Sent by the shop's automation (electron/services/automation.ts): which rule (`keyword:<name>`, `greeting`, `away`) and the message it answered. */
  automatic?: { source: string; inReplyTo: string };
}

interface Open {
  id: string;
  journal: Journal;
  spec: AnswerSpec;
  createdAt: number;
  /** The service's change counter when this answer last changed. */
  rev: number;
  running?: Promise<unknown>;
  engine?: SendEngine;
}

const JOB = (id: string) => `${id}-0`;
const INTERRUPTED = 'interrupted_before_send';
/** The engine stopped on an account- or campaign-level error with the answer unsent (run()). */
const STOPPED_BY_ERROR = 'stopped_by_error';

/**
 * Main's rule for one answer (before anything is journaled). Pure; `now` and the customer's last message are
 * passed in. An opted-out customer is asked first: a template would not help them, only a service reply inside the
 * window may go.
 */
export function answerRefusal(a: {
  content: MessageContent;
  lastInboundAt: number | undefined;
  suppressed: SuppressionEntry['reason'] | undefined;
  now: number;
}): { refusal: AnswerRefusal; params: Record<string, string | number> } | undefined {
  const window = serviceWindow(a.lastInboundAt, a.now);
  const template = a.content.kind === 'template';
  if (a.suppressed !== undefined && !(window.open && !template)) return { refusal: 'opted_out', params: { reason: a.suppressed } };
  if (!template && !window.open) return { refusal: 'window_closed', params: window.closedAt !== undefined ? { closedAt: window.closedAt } : {} };
  return undefined;
}

const REFUSAL_ENGLISH: Record<AnswerRefusal, string> = {
  window_closed: 'The customer’s 24-hour window is closed: only a template can be sent now.',
  opted_out: 'This customer opted out: only an answer to their own message inside the 24-hour window can be sent.',
  cloud_not_connected: 'The Cloud API is not connected: add the access token and phone number id in Settings.',
  closing: 'Shopcast is closing.',
};

function refuse(refusal: AnswerRefusal, params: Record<string, string | number> = {}): never {
  throw new AppFailure('conflict', REFUSAL_ENGLISH[refusal], { ...params, refusal });
}

/**
 * A fetch that adds WhatsApp's `context: { message_id }` to a Cloud API message body, so the customer sees which of
 * their messages the answer quotes (the transport's body has no field for it). Other requests pass unchanged.
 */
export function quotingFetch(base: typeof fetch, wamid: string): typeof fetch {
  return (input, init) => {
    if (init !== undefined && typeof init.body === 'string') {
      let body: unknown;
      try {
        body = JSON.parse(init.body);
      } catch {
        body = undefined;
      }
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) return base(input, { ...init, body: JSON.stringify({ ...body, context: { message_id: wamid } }) });
    }
    return base(input, init);
  };
}

/** The ticks and outcome of an answer's one job. */
export function answerState(job: Pick<ReadonlyJob, 'phase' | 'delivery'> | undefined): AnswerState {
  if (!job) return 'not_sent';
  if (job.delivery !== undefined) return job.delivery;
  switch (job.phase) {
    case 'queued':
    case 'attempting':
      return 'sending';
    case 'accepted':
      return 'accepted';
    case 'failed':
      return 'failed';
    case 'ambiguous':
      return 'unclear';
    case 'skipped':
      return 'not_sent';
  }
}

function specOf(replay: ReadonlyReplay): AnswerSpec | undefined {
  const s = replay.campaign?.spec;
  if (!s || s.kind !== 'answer' || typeof s.to !== 'string') return undefined;
  if (s.channel !== 'cloud' && s.channel !== 'sandbox' && s.channel !== 'assisted') return undefined;
  const content = parseMessageContent(s.content);
  if (!content.ok) return undefined;
  const spec: AnswerSpec = { kind: 'answer', to: s.to, content: content.value, channel: s.channel };
  if (typeof s.quote === 'string') spec.quote = s.quote;
  if (typeof s.staff === 'string') spec.staff = s.staff;
  const auto = s.automatic as { source?: unknown; inReplyTo?: unknown } | undefined; // journaled by send(); checked field by field
  if (auto && typeof auto.source === 'string' && typeof auto.inReplyTo === 'string') spec.automatic = { source: auto.source, inReplyTo: auto.inReplyTo };
  return spec;
}

export class AnswerService {
  private readonly open = new Map<string, Open>();
  private readonly byWamid = new Map<string, string>();
  private rev = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly deps: AnswerServiceDeps) {}

  private dir(id: string): string {
    return joinPath(this.deps.dataDir, 'answers', id);
  }

  /**
   * Opens every answer journal. Interrupted sends are already ambiguous (Journal.open); an answer never attempted
   * is closed as not sent. Returns the answers whose journal could not be read.
   */
  async load(): Promise<{ problems: { id: string; why: string }[] }> {
    const problems: { id: string; why: string }[] = [];
    for (const id of await this.deps.fs.listDirs(joinPath(this.deps.dataDir, 'answers'))) {
      if (this.open.has(id) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
      try {
        const opened = await Journal.open(this.deps.fs, joinPath(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
        const spec = specOf(opened.replay);
        if (!spec) {
          await opened.journal.close();
          problems.push({ id, why: 'Not an answer journal.' });
          continue;
        }
        const o: Open = { id, journal: opened.journal, spec, createdAt: opened.replay.campaign?.at ?? 0, rev: 0 };
        const job = opened.replay.jobs.get(JOB(id));
        const at = this.deps.clock.now();
        const closing: JournalRecord[] = [];
        if (job?.phase === 'queued') closing.push({ t: 'skipped', job: job.id, reason: INTERRUPTED, at });
        if (opened.replay.state !== 'finished' && opened.replay.state !== 'cancelled') closing.push({ t: 'state', state: 'finished', at });
        if (closing.length > 0) await opened.journal.appendAll(closing);
        if (job?.wamid !== undefined) this.byWamid.set(job.wamid, id);
        this.open.set(id, o);
        o.rev = ++this.rev;
      } catch (error) {
        problems.push({ id, why: error instanceof Error ? error.message : String(error) });
      }
    }
    return { problems };
  }

  /**
   * Sends an answer after main's rules; resolves once it is journaled (the send goes on in the background).
   * `automatic` marks an answer of the shop's automation (never from the window: the IPC input has no such field).
   */
  async send(input: AnswerInput, automatic?: { source: string; inReplyTo: string }): Promise<{ id: string; state: AnswerState }> {
    if (this.closed) refuse('closing');
    if (input.channel === 'assisted') return this.markAssisted(input);
    const now = this.deps.clock.now();
    const suppression = this.deps.suppression(input.channel);
    const refused = answerRefusal({ content: input.content, lastInboundAt: this.deps.lastInboundAt(input.to, input.channel), suppressed: suppression.get(input.to)?.reason, now });
    if (refused) refuse(refused.refusal, refused.params);
    const transport = await this.deps.transportFor(input.channel, input.quote);
    if (!transport) refuse('cloud_not_connected');
    const policy = await this.deps.policyFor(input.channel);

    const id = await this.newId(now);
    const spec: AnswerSpec = { kind: 'answer', to: input.to, content: input.content, channel: input.channel, ...(input.quote !== undefined ? { quote: input.quote } : {}), ...(input.staff !== undefined ? { staff: input.staff } : {}), ...(automatic ? { automatic: { ...automatic } } : {}) };
    const opened = await Journal.open(this.deps.fs, joinPath(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
    await opened.journal.appendAll([
      { t: 'campaign', id, spec: { ...spec }, at: now },
      { t: 'job', job: JOB(id), contact: input.to },
      { t: 'sealed', count: 1, at: now },
      { t: 'state', state: 'draft', at: now },
    ]);
    const o: Open = { id, journal: opened.journal, spec, createdAt: now, rev: 0 };
    this.open.set(id, o);
    this.run(o, transport, policy, suppression);
    this.touch(o);
    return { id, state: answerState(o.journal.replay.jobs.get(JOB(id))) };
  }

  /**
   * The person's "I sent it" for an Assisted answer: journaled as sent (never sent by main). Only a text to a phone
   * number: wa.me pre-fills text and needs a number (the IPC parser checks the content; a user id is refused here).
   */
  private async markAssisted(input: AnswerInput): Promise<{ id: string; state: AnswerState }> {
    if (looksLikeUserId(input.to)) throw new AppFailure('invalid_input', 'A customer known only by their WhatsApp user id cannot be opened on wa.me: it needs a phone number.', { field: 'to', reason: ASSISTED_NEEDS_PHONE });
    if (input.content.kind !== 'text') throw new AppFailure('invalid_input', 'An Assisted answer is a text the person sent in WhatsApp.', { field: 'content' });
    const now = this.deps.clock.now();
    const id = await this.newId(now);
    const job = JOB(id);
    const spec: AnswerSpec = { kind: 'answer', to: input.to, content: input.content, channel: 'assisted', ...(input.quote !== undefined ? { quote: input.quote } : {}), ...(input.staff !== undefined ? { staff: input.staff } : {}) };
    const opened = await Journal.open(this.deps.fs, joinPath(this.dir(id), 'journal.jsonl'), () => this.deps.clock.now());
    const wamid = `assisted.${job}`;
    await opened.journal.appendAll([
      { t: 'campaign', id, spec: { ...spec }, at: now },
      { t: 'job', job, contact: input.to },
      { t: 'sealed', count: 1, at: now },
      { t: 'state', state: 'running', at: now },
      { t: 'attempting', job, n: 1, at: now },
      { t: 'accepted', job, wamid, at: now },
      { t: 'status', job, wamid, status: 'sent', at: now },
      { t: 'state', state: 'finished', at: now },
    ]);
    const o: Open = { id, journal: opened.journal, spec, createdAt: now, rev: 0 };
    this.open.set(id, o);
    this.touch(o);
    return { id, state: answerState(o.journal.replay.jobs.get(job)) };
  }

  private async newId(now: number): Promise<string> {
    let id: string;
    do {
      id = `a${Math.floor(now).toString(36)}_${(++this.seq).toString(36)}${Math.floor(this.deps.random() * 36 ** 4).toString(36)}`;
    } while (this.open.has(id) || (await this.deps.fs.readText(joinPath(this.dir(id), 'journal.jsonl'))) !== undefined);
    return id;
  }

  /** Waits until an answer's send has settled (tests, close). */
  async settled(id: string): Promise<AnswerView> {
    const o = this.find(id);
    await o.running;
    return this.view(o);
  }

  /** A status webhook: routed by the job id (biz_opaque_callback_data), else by wamid. Returns whether it was ours and new. */
  async applyStatus(s: { wamid: string; status: 'sent' | 'delivered' | 'read' | 'failed'; jobId?: string; code?: number; pricing?: ReportedPricing }): Promise<boolean> {
    const named = s.jobId !== undefined && s.jobId.endsWith('-0') ? s.jobId.slice(0, -2) : undefined;
    const id = named !== undefined && this.open.has(named) ? named : this.byWamid.get(s.wamid);
    const o = id !== undefined ? this.open.get(id) : undefined;
    if (!o) return false;
    const applied = o.engine ? await o.engine.applyStatus({ ...s, jobId: JOB(o.id) }) : await o.journal.recordStatus(JOB(o.id), s, this.deps.clock.now());
    if (!applied) return false;
    this.byWamid.set(s.wamid, o.id);
    this.touch(o);
    return true;
  }

  /** One answer as the renderer sees it. */
  get(id: string): AnswerView {
    return this.view(this.find(id));
  }

  private view(o: Open): AnswerView {
    const job = o.journal.replay.jobs.get(JOB(o.id));
    const v: AnswerView = { id: o.id, to: o.spec.to, content: o.spec.content, channel: o.spec.channel, createdAt: o.createdAt, state: answerState(job), rev: o.rev };
    if (o.spec.quote !== undefined) v.quote = o.spec.quote;
    if (o.spec.staff !== undefined) v.staff = o.spec.staff;
    if (o.spec.automatic) v.automatic = { source: o.spec.automatic.source };
    if (job?.code !== undefined && (v.state === 'failed' || v.state === 'not_sent')) v.code = job.code;
    if (job?.billed) v.billed = { ...job.billed };
    const reason = job?.reasonCode ?? job?.reason;
    if (reason !== undefined && (v.state === 'failed' || v.state === 'unclear' || v.state === 'not_sent')) v.reason = reason;
    if (job?.wamid !== undefined) v.wamid = job.wamid;
    if (job?.times) v.times = { ...job.times };
    return v;
  }

  /** The automated answers journaled to one customer (automation's caps and loops read them). */
  automatedTo(to: string): Array<{ at: number; source: string; inReplyTo: string; text: string }> {
    const out: Array<{ at: number; source: string; inReplyTo: string; text: string }> = [];
    for (const o of this.open.values()) {
      if (o.spec.to !== to || !o.spec.automatic) continue;
      out.push({ at: o.createdAt, source: o.spec.automatic.source, inReplyTo: o.spec.automatic.inReplyTo, text: o.spec.content.kind === 'text' ? o.spec.content.body : '' });
    }
    return out;
  }

  /** The answers changed after `sinceRev`, oldest change first. */
  since(sinceRev: number): AnswersPage {
    const answers = [...this.open.values()].filter((o) => o.rev > sinceRev).sort((a, b) => a.rev - b.rev).map((o) => this.view(o));
    return { generation: this.deps.generation, rev: this.rev, answers };
  }

  /** Stops sending: what is in flight finishes and is journaled; journals are closed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const o of this.open.values()) o.engine?.pause();
    for (const o of this.open.values()) await o.running;
    for (const o of this.open.values()) await o.journal.close();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────

  private run(o: Open, transport: Transport, policy: PacingPolicy, suppression: Suppression): void {
    const spec = o.spec;
    o.engine = new SendEngine({
      journal: o.journal,
      transport,
      // Quiet hours are for campaigns: a customer who just asked is answered now.
      policy: { ...policy, quietHours: null },
      clock: this.deps.clock,
      random: this.deps.random,
      // The same rule at send time: a suppressed customer gets only a service reply inside their window.
      suppression: {
        get: (contact) => {
          const entry = suppression.get(contact);
          if (!entry) return undefined;
          return answerRefusal({ content: spec.content, lastInboundAt: this.deps.lastInboundAt(contact, spec.channel), suppressed: entry.reason, now: this.deps.clock.now() }) ? entry : undefined;
        },
        add: (e) => suppression.add(e),
      },
      content: () => spec.content,
      promotional: false,
      outsideWindow: (contact) => !serviceWindow(this.deps.lastInboundAt(contact, spec.channel), this.deps.clock.now()).open,
      maxInFlight: 1,
      onEvent: (e) => {
        if (e.type === 'outcome' && e.phase === 'accepted') {
          const wamid = o.journal.replay.jobs.get(JOB(o.id))?.wamid;
          if (wamid !== undefined) this.byWamid.set(wamid, o.id);
        }
        if (e.type === 'outcome' || e.type === 'state') this.touch(o);
      },
    });
    o.running = o.engine
      .run()
      .catch(() => undefined) // the journal keeps where it stopped; a write error leaves the job as the disk says
      .then(async () => {
        // The engine stopped with the answer still queued, not because Shopcast is closing: an account-level or
        // campaign-level error (DOMAIN.md §3 stop_all / pause_campaign, e.g. 131031 account locked) put it back for
        // "when the person has fixed the cause". A campaign waits for the person to resume it; an answer has no
        // resume, so it is closed as not sent with WhatsApp's code, and the box offers Send again.
        const job = o.journal.replay.jobs.get(JOB(o.id));
        if (this.closed || job?.phase !== 'queued') return;
        const at = this.deps.clock.now();
        await o.journal.appendAll([{ t: 'skipped', job: job.id, reason: STOPPED_BY_ERROR, ...(job.code !== undefined ? { code: job.code } : {}), at }, { t: 'state', state: 'finished', at }]);
      })
      .catch(() => undefined)
      .finally(() => {
        o.engine = undefined;
        this.touch(o);
      });
  }

  private touch(o: Open): void {
    o.rev = ++this.rev;
    this.deps.onChange?.(this.rev);
  }

  private find(id: string): Open {
    const o = this.open.get(id);
    if (!o) throw new AppFailure('not_found', `No answer ${id}.`);
    return o;
  }
}

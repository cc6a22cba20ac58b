/**
 * Sending, as the IPC contract sees it: one facade over the campaign service, the engine's transports (Cloud API,
 * Assisted, Sandbox), the shop's policy, the suppression list, the inbox of replies and the webhook receiver.
 * Every `campaign:*`, `assisted:*`, `policy:*`, `suppression:*`, `inbox:*` and `webhook:*` handler calls one method.
 *
 * - One data-folder lock (`<data>/sending.lock`, the journal's pid lock) is taken in `load()`: the Electron app, the
 *   browser host and `shopcast send` never run one folder's campaigns at once. Released in `close()`.
 * - Main's checks at start are the law: `start` refuses with the reasons (AppFailure 'conflict', `details.codes`);
 *   the send-time checks (suppression, caps, quiet hours) stay in the engine.
 * - Sandbox statuses and replies take the webhook path after their simulated delays, marked sandbox; a simulated
 *   STOP only stops sandbox campaigns (suppression.ts).
 */
import { joinPath, type HmacSha256, type JournalFs, type RunningWebhookServer, type StartWebhookServer } from './ports';
import { classifyReply } from '../../shared/domain/optOut';
import { effectivePolicy, POLICY_FILE, readPolicyChoice } from './policyChoice';
import { DAY, type PacingPolicy } from '../../shared/domain/pacing';
import type { Settings } from '../../shared/domain/settings';
import type { EventMap, EventName } from '../../shared/ipc/contract';
import { isRecord } from '../../shared/ipc/guards';
import { AppFailure } from '../../shared/ipc/result';
import {
  type AmbiguousDecision,
  type AssistedPrompt,
  type CampaignDetail,
  type CampaignDraftInput,
  type CampaignRecipientInput,
  type CampaignSummary,
  type ChannelKind,
  type InboxPage,
  type JobsPage,
  type PolicyChoice,
  type PolicyView,
  type StartRefusal,
  type SuppressionView,
  type WebhookStatus,
} from '../../shared/ipc/sending';
import { notStartedWhy, stateWhy } from './campaignWhy';
import { CampaignService } from './campaigns';
import type { CloudSetupService } from './cloudSetup';
import type { Clock, EngineEvent } from './engine';
import { Inbox } from './inbox';
import { acquireLock } from './journal';
import { ATTRIBUTION_WINDOW_MS } from '../../shared/domain/results/attribution';
import { SuppressionList } from './suppression';
import { AssistedTransport, assistedText } from './transports/assisted';
import { CloudApiTransport } from './transports/cloudApi';
import { SandboxTransport, type SandboxEvent } from './transports/sandbox';
import type { MessageContent, Transport } from './transports/types';
import { applyWebhookEvents, WebhookReceiver, type WebhookEvent } from './webhook';

export interface SendingDeps {
  fs: JournalFs;
  dataDir: string;
  clock: Clock;
  random: () => number;
  pid: number;
  /** Names this run's numbering of job changes (`rev`); the core's event epoch. */
  generation: string;
  emit: <E extends EventName>(name: E, payload: EventMap[E]) => void;
  cloud: Pick<CloudSetupService, 'transportConfig' | 'webhookSetup' | 'messagingLimit'>;
  settings: () => Promise<Settings>;
  openLink: (url: string) => Promise<void>;
  /** The webhook receiver's HTTP listener (adapters/webhookServer.ts; the composition root chooses it). */
  startWebhookServer: StartWebhookServer;
  /** Checks webhook signatures (adapters/crypto.ts). */
  hmacSha256: HmacSha256;
  sandboxSeed?: number;
  /** Multiplies the Sandbox's simulated delays (tests make minutes pass in milliseconds). */
  sandboxDelayFactor?: number;
  /** The zone for numbers whose country the zone table does not know; the machine's by default. */
  fallbackZone?: string;
  /** Least time between two `campaign:changed` of one campaign (state changes are never held back). */
  changeThrottleMs?: number;
}

/** A reply is attributed to the last message sent to that person within this time (one rule, shared with the renderer). */
const ATTRIBUTION_WINDOW = ATTRIBUTION_WINDOW_MS;
const LOCK_FILE = 'sending.lock';

/** The one message after an opt-out, in the shop's language. */
const OPT_OUT_CONFIRMATION: Record<Settings['language'], (shop: string) => string> = {
  en: (shop) => `Done: you will no longer receive marketing messages${shop ? ` from ${shop}` : ''}.`,
  ko: (shop) => `${shop ? `${shop}의 ` : ''}광고 메시지 수신 거부가 처리되었습니다.`,
  'zh-Hant': (shop) => `已為您取消訂閱，您將不再收到${shop ? `${shop}的` : ''}行銷訊息。`,
};

interface Refusal {
  /** Carried to the campaign's state when a resume or a scheduled start is refused (campaignWhy.ts notStartedWhy). */
  code: StartRefusal;
  why: string;
}

export class SendingService {
  private loading: Promise<void> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private campaignsSvc: CampaignService | undefined;
  private suppressionStore: SuppressionList | undefined;
  private inboxStore: Inbox | undefined;
  private choice: PolicyChoice = { preset: 'auto', overrides: {} };
  private readonly assisted = new Map<string, AssistedTransport>();
  private sandbox: SandboxTransport | undefined;
  private readonly sandboxQueue = new EventQueue<{ at: number; seq: number; event: SandboxEvent }>();
  private sandboxSeq = 0;
  private sandboxLoop: Promise<void> | undefined;
  private sandboxWake: (() => void) | undefined;
  private readonly closeSignal = new AbortController();
  /** Resolves when close() begins (wakes the loops that wait on the clock). */
  private readonly closedSignal = new Promise<void>((resolve) => this.closeSignal.signal.addEventListener('abort', () => resolve(), { once: true }));
  private webhook: { server: RunningWebhookServer; receiver: WebhookReceiver } | undefined;
  private webhookError: string | undefined;
  private webhookWork: Promise<void> = Promise.resolve();
  /** 0 open; 1 closing (receiver stopping, what was received is still applied); 2 campaigns closing. */
  private closeStage = 0;
  private lastWebhookEventAt: number | undefined;
  private releaseLock: (() => Promise<void>) | undefined;
  private readonly scheduler = new AbortController();
  private wakeScheduler: (() => void) | undefined;
  private schedulerDone: Promise<void> | undefined;
  private readonly throttle = new Map<string, { last: number; timer?: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: SendingDeps) {}

  /** At start-up: take the data-folder lock, load every campaign, resume the ones that were running, start timers. */
  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    const d = this.deps;
    const lock = await acquireLock(d.fs, joinPath(d.dataDir, LOCK_FILE), d.pid);
    if (!lock.ok) {
      throw new AppFailure(
        'conflict',
        `Another Shopcast (process ${lock.holder}) is sending from this data folder (${d.dataDir}). Close that one (the desktop app, the browser host or "shopcast send") first; two must never send one folder's campaigns.`,
        { holder: lock.holder },
      );
    }
    this.releaseLock = lock.release;
    try {
      const suppression = await SuppressionList.load(d.fs, d.dataDir);
      suppression.onAdd((e) => d.emit('contact:suppressed', { contact: e.contact, reason: e.reason, at: e.at, ...(e.source !== undefined ? { source: e.source } : {}) }));
      this.suppressionStore = suppression;
      this.inboxStore = await Inbox.load(d.fs, d.dataDir);
      this.choice = await this.readPolicy();
      this.sandbox = new SandboxTransport(d.sandboxSeed ?? 1, (e) => this.scheduleSandbox(e));
      const campaigns = new CampaignService({
        fs: d.fs,
        dataDir: d.dataDir,
        clock: d.clock,
        random: d.random,
        pid: d.pid,
        suppression,
        transportFor: (channel, id) => this.transportFor(channel, id),
        policyFor: async (channel) => (await this.effective(channel)).policy,
        // Messaging limit (§2): a contact counts unless they wrote to the shop in the last 24 h (their window is open).
        outsideWindow: (contact) => !this.inbox.wroteWithin(contact, DAY, d.clock.now()),
        onEvent: (id, e) => this.engineEvent(id, e),
        onChange: (id, urgent) => this.changed(id, urgent),
      });
      this.campaignsSvc = campaigns;
      const { resume } = await campaigns.load();
      for (const id of resume) {
        try {
          await this.startChecked(id);
        } catch (error) {
          await campaigns.halt(id, notStartedWhy('resume_failed', error));
        }
      }
      this.schedulerDone = this.runScheduler();
      const setup = await d.cloud.webhookSetup();
      if (setup.ok) await this.openWebhook().catch(() => undefined); // the error is kept for webhook:status
    } catch (error) {
      await this.releaseLock();
      this.releaseLock = undefined;
      throw error;
    }
  }

  /** Pauses sending (nothing half-sent; what was sending resumes at the next start), stops the receiver and timers. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    if (!this.loading) return;
    await this.loading.catch(() => undefined);
    this.scheduler.abort();
    this.wakeScheduler?.();
    await this.schedulerDone;
    this.closeSignal.abort();
    await this.sandboxLoop;
    this.closeStage = 1;
    await this.stopWebhook().catch(() => undefined);
    await this.webhookWork;
    this.closeStage = 2;
    await this.campaignsSvc?.close();
    for (const t of this.throttle.values()) if (t.timer) clearTimeout(t.timer);
    await this.releaseLock?.();
    this.releaseLock = undefined;
  }

  // ── campaigns ──────────────────────────────────────────────────────────────────────────────────────────────

  async create(input: CampaignDraftInput): Promise<{ id: string }> {
    const c = await this.ready();
    return { id: await c.createDraft(input) };
  }

  async addRecipients(id: string, recipients: CampaignRecipientInput[]): Promise<{ received: number }> {
    const c = await this.ready();
    const received = await c.addRecipients(
      id,
      recipients.map((r) => ({ contact: r.phone, ref: r.ref, ...(r.vars ? { vars: r.vars } : {}), ...(r.variant ? { variant: r.variant } : {}), ...(r.nightConsent ? { nightConsent: true } : {}) })),
    );
    return { received };
  }

  async seal(id: string): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.seal(id);
    return c.summary(id, this.deps.generation);
  }

  async list(): Promise<CampaignSummary[]> {
    return (await this.ready()).list(this.deps.generation);
  }

  async get(id: string): Promise<CampaignDetail> {
    return (await this.ready()).detail(id, this.deps.generation);
  }

  async jobs(id: string, sinceRev: number, limit: number): Promise<JobsPage> {
    return (await this.ready()).jobs(id, sinceRev, limit, this.deps.generation);
  }

  /** Starts or resumes a campaign after main's own checks; refuses with every reason at once. */
  async start(id: string): Promise<CampaignSummary> {
    await this.ready();
    return this.startChecked(id);
  }

  private async startChecked(id: string, onlyIf?: 'scheduled'): Promise<CampaignSummary> {
    const c = this.campaigns;
    if (this.closed) throw new AppFailure('conflict', 'Shopcast is closing.');
    if (!c.isRunning(id)) {
      const refusals = await this.refusals(id);
      if (refusals.length > 0) {
        throw new AppFailure('conflict', `This campaign cannot start: ${refusals.map((r) => r.why).join(' ')}`, {
          codes: refusals.map((r) => r.code).join(','),
          reasons: refusals.map((r) => r.why).join('\n'),
        });
      }
      await c.start(id, onlyIf);
    }
    return c.summary(id, this.deps.generation);
  }

  async pause(id: string): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.pause(id);
    return c.summary(id, this.deps.generation);
  }

  async cancel(id: string): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.cancel(id);
    return c.summary(id, this.deps.generation);
  }

  /** Queues retryable failures again (DOMAIN.md §3) and sends them when the campaign was sending or had finished. */
  async retryFailed(id: string): Promise<CampaignSummary> {
    const c = await this.ready();
    const wasSending = c.isRunning(id) || c.replayOf(id).state === 'finished';
    const n = await c.retryFailed(id);
    if (n > 0 && wasSending) return this.start(id);
    return c.summary(id, this.deps.generation);
  }

  async schedule(id: string, at: number | null): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.schedule(id, at);
    this.wakeScheduler?.();
    return c.summary(id, this.deps.generation);
  }

  async resolveAmbiguous(id: string, job: string, decision: AmbiguousDecision): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.resolveAmbiguous(id, job, decision);
    return c.summary(id, this.deps.generation);
  }

  // ── assisted ───────────────────────────────────────────────────────────────────────────────────────────────

  assistedCurrent(): AssistedPrompt | null {
    for (const t of this.assisted.values()) if (t.current) return t.current;
    return null;
  }

  async assistedOpen(campaign: string, job: string): Promise<void> {
    await this.ready();
    const t = this.assistedFor(campaign, job);
    try {
      await t.open(job);
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      throw new AppFailure('internal', `The chat could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async assistedMark(campaign: string, job: string, outcome: 'sent' | 'skipped'): Promise<void> {
    await this.ready();
    this.assistedFor(campaign, job).mark(job, outcome);
  }

  private assistedFor(campaign: string, job: string): AssistedTransport {
    const t = this.assisted.get(campaign);
    if (!t || t.current?.job !== job) throw new AppFailure('conflict', 'That message is not the one waiting to be sent.');
    return t;
  }

  // ── policy ─────────────────────────────────────────────────────────────────────────────────────────────────

  async policy(): Promise<PolicyView> {
    const c = await this.ready();
    const effective = {} as PolicyView['effective']; // filled for every channel just below
    for (const ch of ['cloud', 'assisted', 'sandbox'] as const) effective[ch] = await this.effective(ch);
    let first: number | undefined;
    for (const id of c.ids()) {
      if (c.draftOf(id).channel === 'sandbox') continue;
      for (const j of c.replayOf(id).jobs.values()) if (j.lastAttemptAt !== undefined) first = Math.min(first ?? Infinity, j.lastAttemptAt);
    }
    return { choice: this.choice, effective, daysSinceFirstSend: first === undefined ? null : Math.floor((this.deps.clock.now() - first) / DAY) };
  }

  /** Saves the choice (`policy.json`); campaigns use it from their next start. */
  async updatePolicy(choice: PolicyChoice): Promise<PolicyView> {
    await this.ready();
    await this.deps.fs.writeTextAtomic(joinPath(this.deps.dataDir, POLICY_FILE), `${JSON.stringify(choice, null, 2)}\n`);
    this.choice = choice;
    return this.policy();
  }

  /** The policy a channel sends with: the preset by channel and messaging limit, then the shop's stricter numbers. */
  private async effective(channel: ChannelKind): Promise<{ policy: PacingPolicy; why: string }> {
    const zone = this.deps.fallbackZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const limit = channel === 'cloud' ? await this.deps.cloud.messagingLimit() : null;
    return effectivePolicy(channel, limit, this.choice, zone);
  }

  private readPolicy(): Promise<PolicyChoice> {
    return readPolicyChoice(this.deps.fs, this.deps.dataDir);
  }

  // ── suppression and inbox ──────────────────────────────────────────────────────────────────────────────────

  suppressionList(): SuppressionView[] {
    return (this.suppressionStore?.list() ?? []).map((e) => ({ contact: e.contact, reason: e.reason, at: e.at, ...(e.source !== undefined ? { source: e.source } : {}) }));
  }

  /** A person resumes the contact (appends a removal record; sending code never removes entries). */
  async unsuppress(contact: string): Promise<void> {
    await this.ready();
    await this.suppression.remove(contact, this.deps.clock.now());
  }

  async inboxSince(after: number, limit: number): Promise<InboxPage> {
    await this.ready();
    return this.inbox.since(after, limit);
  }

  // ── webhook receiver ───────────────────────────────────────────────────────────────────────────────────────

  async webhookStatus(): Promise<WebhookStatus> {
    const setup = await this.deps.cloud.webhookSetup();
    const r = this.webhook?.receiver;
    const s: WebhookStatus = {
      running: this.webhook !== undefined,
      configuredPort: setup.port,
      missing: setup.ok ? [] : setup.missing,
      stats: r ? { ...r.stats } : { accepted: 0, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0 },
    };
    if (this.webhook) s.port = this.webhook.server.port;
    if (this.lastWebhookEventAt !== undefined) s.lastEventAt = this.lastWebhookEventAt;
    if (this.webhookError !== undefined) s.error = this.webhookError;
    return s;
  }

  async startWebhook(port?: number): Promise<WebhookStatus> {
    await this.ready();
    return this.openWebhook(port);
  }

  private async openWebhook(port?: number): Promise<WebhookStatus> {
    const setup = await this.deps.cloud.webhookSetup();
    if (!setup.ok) throw new AppFailure('conflict', `The webhook receiver needs the ${setup.missing.join(' and ')} (Settings → Cloud API).`, { missing: setup.missing.join(',') });
    const want = port ?? setup.port;
    if (this.webhook && this.webhook.server.port === want) return this.webhookStatus();
    await this.stopWebhook();
    const receiver = new WebhookReceiver({ appSecret: setup.appSecret, verifyToken: setup.verifyToken, hmacSha256: this.deps.hmacSha256 }, (events) => this.applyWebhook(events));
    try {
      const server = await this.deps.startWebhookServer(receiver, want, (error) => (this.webhookError = error instanceof Error ? error.message : String(error)));
      this.webhook = { server, receiver };
      this.webhookError = undefined;
    } catch (error) {
      const inUse = isRecord(error) && error.code === 'EADDRINUSE';
      this.webhookError = inUse ? `Port ${want} on 127.0.0.1 is in use by another program: choose another port.` : `The receiver could not start: ${error instanceof Error ? error.message : String(error)}`;
      throw new AppFailure('conflict', this.webhookError);
    }
    return this.webhookStatus();
  }

  async stopWebhook(): Promise<WebhookStatus> {
    const w = this.webhook;
    this.webhook = undefined;
    await w?.server.close();
    return this.webhookStatus();
  }

  /** Webhook events (and simulated ones from the Sandbox): statuses to campaigns, messages to the inbox, opt-outs to suppression. */
  private applyWebhook(events: WebhookEvent[], sandbox = false): Promise<void> {
    // One batch at a time, in arrival order; close() waits for what was received.
    const run = this.webhookWork.then(() => this.processWebhook(events, sandbox));
    this.webhookWork = run.catch(() => undefined);
    return run;
  }

  private async processWebhook(events: WebhookEvent[], sandbox: boolean): Promise<void> {
    if (this.closed && this.closeStage > 1) return;
    if (!sandbox) this.lastWebhookEventAt = this.deps.clock.now();
    await applyWebhookEvents(events, {
      status: (s) => this.campaigns.applyStatus(s),
      suppression: sandbox ? { has: (c) => this.suppression.sandboxView.get(c) !== undefined, add: (e) => this.suppression.sandboxView.add(e) } : this.suppression,
      // DOMAIN.md §4: an opt-out is confirmed once. The person just wrote, so their service window is open for text.
      ...(sandbox ? {} : { confirmOptOut: (contact: string) => this.confirmOptOut(contact) }),
      message: async (m) => {
        const from = `+${m.from}`;
        const now = this.deps.clock.now();
        const to = (m.contextId !== undefined ? this.campaigns.byMessageId(m.contextId) : undefined) ?? this.campaigns.lastSentTo(from, now, ATTRIBUTION_WINDOW, sandbox);
        const added = await this.inbox.add({
          id: m.id,
          from,
          type: m.type,
          at: m.timestamp > 0 ? m.timestamp : now,
          optOut: m.optOut.kind,
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.optOut.kind !== 'none' ? { word: m.optOut.word } : {}),
          ...(to ? { campaign: to.campaign, job: to.job } : {}),
          ...(sandbox ? { sandbox: true } : {}),
        });
        if (added) this.deps.emit('inbox:received', { last: this.inbox.last });
      },
      now: () => this.deps.clock.now(),
    });
  }

  /** Sends the one confirmation of an opt-out through the Cloud API when it is connected; a failure changes nothing. */
  private async confirmOptOut(contact: string): Promise<void> {
    const config = await this.deps.cloud.transportConfig();
    if (!config) return;
    const { language, shopName } = await this.deps.settings();
    const body = OPT_OUT_CONFIRMATION[language](shopName.trim());
    await new CloudApiTransport(config).send({ jobId: `optout_${this.deps.clock.now().toString(36)}`, to: contact, content: { kind: 'text', body } }).catch(() => undefined);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────

  private async ready(): Promise<CampaignService> {
    await this.load();
    return this.campaigns;
  }

  private get campaigns(): CampaignService {
    if (!this.campaignsSvc) throw new AppFailure('internal', 'Sending is not ready yet.');
    return this.campaignsSvc;
  }

  private get suppression(): SuppressionList {
    if (!this.suppressionStore) throw new AppFailure('internal', 'Sending is not ready yet.');
    return this.suppressionStore;
  }

  private get inbox(): Inbox {
    if (!this.inboxStore) throw new AppFailure('internal', 'Sending is not ready yet.');
    return this.inboxStore;
  }

  private async transportFor(channel: ChannelKind, id: string): Promise<Transport> {
    if (channel === 'cloud') {
      const config = await this.deps.cloud.transportConfig();
      if (!config) throw new AppFailure('conflict', 'The Cloud API is not connected: add the access token and phone number id in Settings.');
      return new CloudApiTransport(config);
    }
    if (channel === 'sandbox') {
      if (!this.sandbox) throw new AppFailure('internal', 'Sending is not ready yet.');
      return this.sandbox;
    }
    const c = this.campaigns;
    const t = new AssistedTransport({
      campaign: id,
      campaignName: c.draftOf(id).name,
      describe: (jobId) => {
        const replay = c.replayOf(id);
        const ref = replay.jobs.get(jobId)?.ref;
        return { position: Number(jobId.slice(jobId.lastIndexOf('-') + 1)) + 1, total: replay.jobs.size, ...(ref !== undefined ? { ref } : {}) };
      },
      onPrompt: (prompt) => {
        this.deps.emit('assisted:waiting', prompt ?? this.assistedCurrent());
        this.changed(id, true);
      },
      openLink: (url) => this.deps.openLink(url),
    });
    this.assisted.set(id, t);
    return t;
  }

  /** Main's checks before a campaign may start (the renderer's checklist is advice). */
  private async refusals(id: string): Promise<Refusal[]> {
    const c = this.campaigns;
    const draft = c.draftOf(id);
    const replay = c.replayOf(id);
    const out: Refusal[] = [];
    if (!c.isSealed(id)) out.push({ code: 'incomplete', why: 'Its recipients have not all arrived.' });
    if (replay.state === 'finished' || replay.state === 'cancelled') out.push({ code: replay.state, why: `It is ${replay.state}.` });
    if (draft.channel === 'cloud' && !(await this.deps.cloud.transportConfig())) {
      out.push({ code: 'cloud_not_configured', why: 'The Cloud API is not connected: add the access token and phone number id in Settings.' });
    }
    const jobs = [...replay.jobs.values()];
    const usesB = jobs.some((j) => j.variant === 'B');
    const contents: MessageContent[] = [draft.content, ...(usesB && draft.contentB ? [draft.contentB] : [])];
    if (contents.some(contentMissing)) out.push({ code: 'content_missing', why: 'The message has no content (text, template name or media).' });
    if (usesB && !draft.contentB) out.push({ code: 'content_missing', why: 'Some recipients get version B, but the campaign has no version B.' });
    if (draft.channel === 'assisted' && contents.some((m) => assistedText(m) === undefined)) {
      out.push({ code: 'assisted_text_only', why: 'The Assisted channel can only pre-fill a text message in WhatsApp.' });
    }
    const queued = jobs.filter((j) => j.phase === 'queued');
    const view = draft.channel === 'sandbox' ? this.suppression.sandboxView : this.suppression;
    if (queued.length > 0 && queued.every((j) => view.get(j.contact) !== undefined)) {
      out.push({ code: 'all_suppressed', why: 'Every recipient left to send has opted out or cannot be reached.' });
    }
    return out;
  }

  private engineEvent(id: string, e: EngineEvent): void {
    if (e.type !== 'account') return;
    // DOMAIN.md §3: an account-level error stops all sending on the Cloud API, and the person is told what to do.
    this.deps.emit('sending:stopped', { code: e.code, why: e.why, action: e.action });
    const c = this.campaigns;
    for (const other of c.ids()) {
      if (other !== id && c.isRunning(other) && c.draftOf(other).channel === 'cloud') void c.pause(other, stateWhy('account_stop', { errorCode: e.code })).catch(() => undefined);
    }
  }

  /** `campaign:changed`, at most one per campaign per throttle interval; state changes at once. */
  private changed(id: string, urgent: boolean): void {
    if (!this.campaignsSvc?.has(id)) return;
    const gap = this.deps.changeThrottleMs ?? 250;
    const t = this.throttle.get(id) ?? { last: 0 };
    this.throttle.set(id, t);
    const emit = () => {
      t.last = Date.now();
      if (t.timer) clearTimeout(t.timer);
      t.timer = undefined;
      if (this.campaignsSvc?.has(id)) this.deps.emit('campaign:changed', this.campaignsSvc.summary(id, this.deps.generation));
    };
    const since = Date.now() - t.last;
    if (urgent || since >= gap) emit();
    else if (!t.timer) {
      t.timer = setTimeout(emit, gap - since);
      t.timer.unref?.();
    }
  }

  /** Starts scheduled campaigns when their time comes; sleeps until the next one (or until woken by a change). */
  private async runScheduler(): Promise<void> {
    const signal = this.scheduler.signal;
    while (!signal.aborted) {
      for (const id of this.campaigns.due()) {
        try {
          await this.startChecked(id, 'scheduled');
        } catch (error) {
          await this.campaigns.halt(id, notStartedWhy('start_failed', error)).catch(() => undefined);
        }
      }
      if (signal.aborted) break;
      const next = this.campaigns.nextDue();
      const stop = new AbortController();
      const waits: Promise<void>[] = [new Promise<void>((resolve) => (this.wakeScheduler = resolve))];
      if (next !== undefined) waits.push(this.deps.clock.sleep(Math.max(0, next - this.deps.clock.now()), stop.signal));
      await Promise.race(waits);
      stop.abort();
      this.wakeScheduler = undefined;
    }
  }

  /**
   * A simulated status or reply arrives after its delay through the webhook path. One queue and one timer for all
   * of them (a 100,000-recipient sandbox campaign has hundreds of thousands pending, an hour ahead).
   */
  private scheduleSandbox(e: SandboxEvent): void {
    if (this.closed) return;
    const at = this.deps.clock.now() + e.afterMs * (this.deps.sandboxDelayFactor ?? 1);
    const earliest = this.sandboxQueue.peek();
    this.sandboxQueue.push({ at, seq: ++this.sandboxSeq, event: e });
    if (!this.sandboxLoop) this.sandboxLoop = this.runSandbox().finally(() => (this.sandboxLoop = undefined));
    else if (earliest === undefined || at < earliest.at) this.sandboxWake?.();
  }

  private async runSandbox(): Promise<void> {
    while (!this.closed) {
      const next = this.sandboxQueue.peek();
      if (!next) return;
      const now = this.deps.clock.now();
      if (next.at > now) {
        const stop = new AbortController();
        const woken = new Promise<void>((resolve) => (this.sandboxWake = resolve));
        await Promise.race([woken, this.deps.clock.sleep(next.at - now, stop.signal), this.closedSignal]);
        stop.abort();
        this.sandboxWake = undefined;
        continue;
      }
      this.sandboxQueue.pop();
      const e = next.event;
      const timestamp = this.deps.clock.now();
      const event: WebhookEvent =
        e.kind === 'status'
          ? { kind: 'status', wamid: e.wamid, status: e.status, jobId: e.jobId, timestamp }
          : { kind: 'message', id: `sandbox.${timestamp.toString(36)}.${next.seq.toString(36)}.${Math.floor(this.deps.random() * 1e9).toString(36)}`, from: e.from.replace(/^\+/, ''), type: 'text', text: e.text, timestamp, optOut: classifyReply(e.text) };
      await this.applyWebhook([event], true).catch(() => undefined);
    }
  }
}

/** A binary min-heap by (at, seq): the Sandbox's pending events. */
export class EventQueue<T extends { at: number; seq: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break; // both indexes are inside the array
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l]!, a[m]!)) m = l; // l < length
      if (r < a.length && before(a[r]!, a[m]!)) m = r; // r < length
      if (m === i) return top;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

function before(x: { at: number; seq: number }, y: { at: number; seq: number }): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

function contentMissing(m: MessageContent): boolean {
  if (m.kind === 'text') return m.body.trim() === '';
  if (m.kind === 'template') return m.name.trim() === '' || m.language.trim() === '';
  return (m.link ?? '') === '' && (m.id ?? '') === '';
}

/** Kept here for its importers; the rule lives in policyChoice.ts. */
export { applyStricter } from './policyChoice';

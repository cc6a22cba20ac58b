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
import { joinPath, type HmacSha256, type JournalFs, type StartWebhookServer } from './ports';
import { effectivePolicy, POLICY_FILE, readPolicyChoice } from './policyChoice';
import { DAY, type PacingPolicy } from '../../shared/domain/pacing';
import type { Settings } from '../../shared/domain/settings';
import type { EventMap, EventName } from '../../shared/ipc/contract';
import { problem } from '../../shared/ipc/problems';
import { AppFailure } from '../../shared/lib/result';
import type { ChannelKind } from '../../shared/domain/vocabulary';
import type { AssistedPrompt } from '../../shared/ipc/assisted';
import type { AmbiguousDecision, CampaignDetail, CampaignDraftInput, CampaignRecipientInput, CampaignSummary, JobsPage } from '../../shared/ipc/campaigns';
import type { AnswerInput, AnswersPage, AnswerState, ConversationAction, ConversationActionInput, ConversationActionsPage, InboxPage, StaffView, SuppressionView, WebhookStatus } from '../../shared/ipc/inbox';
import type { PolicyChoice, PolicyView } from '../../shared/ipc/policy';
import { notStartedWhy, stateWhy } from './campaignWhy';
import { CampaignService } from './campaigns';
import type { CloudSetupService } from './cloudSetup';
import type { Clock, EngineEvent } from './engine';
import { Inbox } from './inbox';
import { ConversationStore } from './conversations';
import { AnswerService, quotingFetch } from './answers';
import { AutomationEditor, AutomationService, ContactLabels, pauseView } from './automation';
import type { ContactLabelsInput, AutomationFile, AutomationSaveResult, AutomationTryInput, AutomationTryResult, AutomationView } from '../../shared/ipc/automation';
import { automationPause, sourceKey, type AnswerSource } from '../../shared/domain/automation/safety';
import { fillAutomatedAnswer } from '../../shared/domain/automation/fill';
import { classifyError } from '../../shared/domain/errorCodes';
import { acquireLock } from './journal';
import { ATTRIBUTION_WINDOW_MS } from '../../shared/domain/results/attribution';
import { SuppressionList } from './suppression';
import { CloudApiTransport } from './transports/cloudApi';
import { SandboxTransport } from './transports/sandbox';
import type { Transport } from './transports/types';
import { applyWebhookEvents, type WebhookEvent } from './webhook';
import { AssistedChats } from './sending/assistedChats';
import { ChangeThrottle } from './sending/changeThrottle';
import { confirmOptOut } from './sending/optOutConfirmation';
import { startRefusals, type Refusal } from './sending/refusals';
import { SandboxEvents } from './sending/sandboxEvents';
import { Scheduler } from './sending/scheduler';
import { WebhookHost } from './sending/webhookHost';
import { followLimitChange, followTemplateChange, type LimitEvent, type TemplateEvent } from './sending/platformChanges';

export interface SendingDeps {
  fs: JournalFs;
  dataDir: string;
  clock: Clock;
  random: () => number;
  pid: number;
  /** Names this run's numbering of job changes (`rev`); the core's event epoch. */
  generation: string;
  emit: <E extends EventName>(name: E, payload: EventMap[E]) => void;
  /**
   * The Cloud API setup. `applyTemplateChange`/`applyLimitChange` keep template and limit webhooks (the app's
   * CloudSetupService); the CLI has no template cache or stored limit and passes neither (campaigns still pause).
   */
  cloud: Pick<CloudSetupService, 'transportConfig' | 'webhookSetup' | 'messagingLimit'> & Partial<Pick<CloudSetupService, 'applyTemplateChange' | 'applyLimitChange'>>;
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

const LOCK_FILE = 'sending.lock';

/**
 * The parts, each in its own file under `sending/`: the Assisted chats, the `campaign:changed` throttle, the opt-out
 * confirmation, main's start refusals, the Sandbox's delayed events, the scheduler and the webhook receiver's
 * lifecycle. This class holds the data-folder lock, composes them with the campaign service and the stores, and
 * routes webhook events (statuses to campaigns, messages to the inbox with their campaign, opt-outs to suppression).
 */
export class SendingService {
  private loading: Promise<void> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private campaignsSvc: CampaignService | undefined;
  private suppressionStore: SuppressionList | undefined;
  private inboxStore: Inbox | undefined;
  private conversationsStore: ConversationStore | undefined;
  private answersSvc: AnswerService | undefined;
  private automation: AutomationService | undefined;
  /** When Meta's agent last took each customer's chat (`standby` webhooks): automation stays quiet for a day after. */
  private readonly standbyAt = new Map<string, number>();
  /** Automation's breakers (`automationPause`): the latest account-level stop on the Cloud API, a person's latest start. */
  private readonly breakers: { accountStopAt?: number; accountStopCode?: number; resumedAt?: number } = {};
  /** Which labels each customer carries, as the renderer last told (`automation:labels`, contact-labels.json). */
  private readonly contactLabels: ContactLabels;
  private automatedOutcomes: AutomatedOutcomes | undefined;
  private choice: PolicyChoice = { preset: 'auto', overrides: {} };
  private sandbox: SandboxTransport | undefined;
  private readonly assisted: AssistedChats;
  private readonly sandboxEvents: SandboxEvents;
  private readonly webhook: WebhookHost;
  private readonly scheduler: Scheduler;
  private readonly throttle: ChangeThrottle;
  private webhookWork: Promise<void> = Promise.resolve();
  /** 0 open; 1 closing (receiver stopping, what was received is still applied); 2 campaigns closing. */
  private closeStage = 0;
  private releaseLock: (() => Promise<void>) | undefined;

  constructor(private readonly deps: SendingDeps) {
    this.contactLabels = new ContactLabels({ fs: deps.fs, dataDir: deps.dataDir });
    this.assisted = new AssistedChats({
      openLink: (url) => deps.openLink(url),
      onPrompt: (campaign, prompt) => {
        deps.emit('assisted:waiting', prompt);
        this.changed(campaign, true);
      },
    });
    this.sandboxEvents = new SandboxEvents({ clock: deps.clock, random: deps.random, delayFactor: deps.sandboxDelayFactor ?? 1, deliver: (e) => this.applyWebhook([e], true) });
    this.webhook = new WebhookHost({ cloud: deps.cloud, startWebhookServer: deps.startWebhookServer, hmacSha256: deps.hmacSha256, apply: (events) => this.applyWebhook(events) });
    this.scheduler = new Scheduler({
      clock: deps.clock,
      due: () => this.campaigns.due(),
      nextDue: () => this.campaigns.nextDue(),
      start: async (id) => {
        try {
          await this.startChecked(id, 'scheduled');
        } catch (error) {
          await this.campaigns.halt(id, notStartedWhy('start_failed', error)).catch(() => undefined);
        }
      },
    });
    this.throttle = new ChangeThrottle(deps.clock, deps.changeThrottleMs ?? 250, (id) => {
      if (this.campaignsSvc?.has(id)) deps.emit('campaign:changed', this.campaignsSvc.summary(id, deps.generation));
    });
  }

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
        { holder: lock.holder, ...problem('folder_in_use', { holder: lock.holder, dataDir: d.dataDir }) },
      );
    }
    this.releaseLock = lock.release;
    try {
      const suppression = await SuppressionList.load(d.fs, d.dataDir);
      suppression.onAdd((e) => d.emit('contact:suppressed', { contact: e.contact, reason: e.reason, at: e.at, ...(e.source !== undefined ? { source: e.source } : {}) }));
      this.suppressionStore = suppression;
      this.inboxStore = await Inbox.load(d.fs, d.dataDir);
      this.conversationsStore = await ConversationStore.load(d.fs, d.dataDir, { now: () => d.clock.now() });
      this.choice = await this.readPolicy();
      this.sandbox = new SandboxTransport(d.sandboxSeed ?? 1, (e) => this.sandboxEvents.schedule(e));
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
      // Answers from the Inbox: one-recipient jobs in answers/<id>/, run by the same engine (answers.ts).
      const answers = new AnswerService({
        fs: d.fs,
        dataDir: d.dataDir,
        clock: d.clock,
        random: d.random,
        generation: d.generation,
        transportFor: async (channel, quote) => {
          if (channel === 'sandbox') return this.transportFor(channel, '');
          const config = await d.cloud.transportConfig();
          return config ? watchingAccount(new CloudApiTransport(quote !== undefined ? { ...config, fetch: quotingFetch(config.fetch ?? fetch, quote) } : config), (code) => Object.assign(this.breakers, { accountStopAt: d.clock.now(), accountStopCode: code })) : undefined;
        },
        policyFor: async (channel) => (await this.effective(channel)).policy,
        lastInboundAt: (contact, channel) => this.lastInboundAt(contact, channel === 'sandbox'),
        suppression: (channel) => (channel === 'sandbox' ? suppression.sandboxView : suppression),
        onChange: (rev) => d.emit('inbox:answered', { rev, generation: d.generation }),
      });
      await answers.load();
      this.answersSvc = answers;
      // Issue 15: the shop's automation (automation.json) answers in main, through the same answers, so also while
      // the window is closed to the tray.
      const outcomes = (this.automatedOutcomes = new AutomatedOutcomes(answers));
      const labels = await this.contactLabels.load();
      if (labels.problem !== undefined) console.warn(`Shopcast: contact labels not read (${labels.problem}); label conditions match nobody until the app sends them again.`);
      this.automation = new AutomationService({
        fs: d.fs,
        dataDir: d.dataDir,
        clock: d.clock,
        language: async () => (await d.settings()).language,
        inboundOf: (identity) => this.inbox.from(identity),
        suppressed: (identity, sandbox) => (sandbox ? suppression.sandboxView : suppression).get(identity) !== undefined,
        standby: (identity) => d.clock.now() - (this.standbyAt.get(identity) ?? -Infinity) < DAY,
        labelsOf: (identity) => this.contactLabels.of(identity),
        paused: (sandbox) => automationPause({ now: d.clock.now(), ...this.breakers, ...(sandbox ? { accountStopAt: undefined } : {}), outcomes: outcomes.of(sandbox ? 'sandbox' : 'cloud') }),
        automatedTo: (identity) => answers.automatedTo(identity).map((a) => ({ at: a.at, source: sourceOfKey(a.source), inReplyTo: a.inReplyTo, text: a.text })),
        send: async (a) => {
          const body = fillAutomatedAnswer(a.text, { ...(a.profileName !== undefined ? { profileName: a.profileName } : {}), shopName: (await d.settings()).shopName, language: a.language });
          await answers.send({ to: a.to, content: { kind: 'text', body }, channel: a.sandbox ? 'sandbox' : 'cloud' }, { source: sourceKey(a.source), inReplyTo: a.inReplyTo });
        },
      });
      const { resume } = await campaigns.load();
      for (const id of resume) {
        try {
          await this.startChecked(id);
        } catch (error) {
          await campaigns.halt(id, notStartedWhy('resume_failed', error));
        }
      }
      this.scheduler.run();
      const setup = await d.cloud.webhookSetup();
      if (setup.ok) await this.webhook.open().catch(() => undefined); // the error is kept for webhook:status
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
    await this.scheduler.stop();
    await this.sandboxEvents.close();
    this.closeStage = 1;
    await this.webhook.stop().catch(() => undefined);
    await this.webhookWork;
    await this.automation?.idle();
    this.closeStage = 2;
    await this.campaignsSvc?.close();
    await this.answersSvc?.close();
    this.throttle.close();
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
      // A person known only by their WhatsApp user id is addressed by it (the parser ensures one of the two).
      recipients.map((r) => ({ contact: r.phone ?? r.userId ?? '', ...(r.phone !== undefined && r.userId !== undefined ? { userId: r.userId } : {}), ref: r.ref, ...(r.vars ? { vars: r.vars } : {}), ...(r.variant ? { variant: r.variant } : {}), ...(r.nightConsent ? { nightConsent: true } : {}) })),
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
    const summary = await this.startChecked(id);
    this.breakers.resumedAt = this.deps.clock.now(); // a person (re)started sending: automation's breakers start afresh
    return summary;
  }

  private async startChecked(id: string, onlyIf?: 'scheduled'): Promise<CampaignSummary> {
    const c = this.campaigns;
    if (this.closed) throw new AppFailure('conflict', 'Shopcast is closing.', problem('closing'));
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
    this.scheduler.wake();
    return c.summary(id, this.deps.generation);
  }

  async resolveAmbiguous(id: string, job: string, decision: AmbiguousDecision): Promise<CampaignSummary> {
    const c = await this.ready();
    await c.resolveAmbiguous(id, job, decision);
    return c.summary(id, this.deps.generation);
  }

  // ── assisted ───────────────────────────────────────────────────────────────────────────────────────────────

  assistedCurrent(): AssistedPrompt | null {
    return this.assisted.current();
  }

  async assistedOpen(campaign: string, job: string): Promise<void> {
    await this.ready();
    await this.assisted.open(campaign, job);
  }

  async assistedMark(campaign: string, job: string, outcome: 'sent' | 'skipped'): Promise<void> {
    await this.ready();
    this.assisted.mark(campaign, job, outcome);
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

  /** Sends a person's answer from the Inbox (answers.ts: main's rules, journaled, never twice). */
  async answer(input: AnswerInput): Promise<{ id: string; state: AnswerState }> {
    await this.ready();
    return this.answers.send(input);
  }

  async answersSince(sinceRev: number): Promise<AnswersPage> {
    await this.ready();
    return this.answers.since(sinceRev);
  }

  /** When this customer last wrote (simulated messages count only for the Sandbox). */
  private lastInboundAt(contact: string, sandbox: boolean): number | undefined {
    const messages = this.inbox.since(0, Number.MAX_SAFE_INTEGER).messages;
    let last: number | undefined;
    for (const m of messages) if (m.from === contact && (sandbox || !m.sandbox)) last = Math.max(last ?? -Infinity, m.at);
    return last;
  }

  async inboxSince(after: number, limit: number): Promise<InboxPage> {
    await this.ready();
    return this.inbox.since(after, limit);
  }

  // Conversation actions and staff (conversations.ts): `inbox:acted` tells the renderer to pull.

  async act(action: ConversationActionInput): Promise<ConversationAction | null> {
    await this.ready();
    const added = await this.conversations.add(action);
    if (added) this.deps.emit('inbox:acted', { last: this.conversations.last });
    return added ?? null;
  }

  async actionsSince(after: number, limit: number): Promise<ConversationActionsPage> {
    await this.ready();
    return this.conversations.since(after, limit);
  }

  async importActions(actions: readonly ConversationActionInput[]): Promise<{ added: number }> {
    await this.ready();
    const added = await this.conversations.addAll(actions);
    if (added > 0) this.deps.emit('inbox:acted', { last: this.conversations.last });
    return { added };
  }

  async staff(): Promise<StaffView> {
    await this.ready();
    return this.conversations.staff();
  }

  async setStaff(view: StaffView): Promise<StaffView> {
    await this.ready();
    const saved = await this.conversations.setStaff(view, this.deps.clock.now());
    this.deps.emit('inbox:acted', { last: this.conversations.last });
    return saved;
  }

  // ── automation screen ──────────────────────────────────────────────────────────────────────────────────────

  /** The Automation screen's rules, counters and cost (automation.ts `AutomationEditor`). */
  async automationView(): Promise<AutomationView> {
    return (await this.automationEditor()).view();
  }

  async saveAutomation(rules: AutomationFile): Promise<AutomationSaveResult> {
    return (await this.automationEditor()).save(rules);
  }

  async tryAutomation(input: AutomationTryInput): Promise<AutomationTryResult> {
    return (await this.automationEditor()).try(input);
  }

  /** The renderer's whole map of customers' labels (`automation:labels`): replaces main's copy, kept on disk. */
  async setContactLabels(input: ContactLabelsInput): Promise<{ contacts: number }> {
    await this.ready();
    return this.contactLabels.replace(input.entries);
  }

  private async automationEditor(): Promise<AutomationEditor> {
    await this.ready();
    const answers = this.answers;
    return new AutomationEditor({
      fs: this.deps.fs,
      dataDir: this.deps.dataDir,
      clock: this.deps.clock,
      settings: () => this.deps.settings(),
      automaticAnswers: () => answers.since(0).answers.flatMap((a) => (a.automatic ? [{ at: a.createdAt, to: a.to, source: a.automatic.source, channel: a.channel, state: a.state }] : [])),
      pause: () => pauseView({ now: this.deps.clock.now(), ...this.breakers, outcomes: this.automatedOutcomes?.of('cloud') ?? [] }),
    });
  }

  // ── webhook receiver ───────────────────────────────────────────────────────────────────────────────────────

  webhookStatus(): Promise<WebhookStatus> {
    return this.webhook.status();
  }

  async startWebhook(port?: number): Promise<WebhookStatus> {
    await this.ready();
    return this.webhook.open(port);
  }

  stopWebhook(): Promise<WebhookStatus> {
    return this.webhook.stop();
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
    if (!sandbox) this.webhook.lastEventAt = this.deps.clock.now();
    await applyWebhookEvents(events, {
      // Campaign jobs first; a status naming none of them may be an answer's (answers.ts).
      status: async (s) => (await this.campaigns.applyStatus(s)) || ((await this.answersSvc?.applyStatus(s)) ?? false),
      suppression: sandbox ? { has: (c) => this.suppression.sandboxView.get(c) !== undefined, add: (e) => this.suppression.sandboxView.add(e) } : this.suppression,
      // DOMAIN.md §4: an opt-out is confirmed once. The person just wrote, so their service window is open for text.
      ...(sandbox ? {} : { confirmOptOut: (contact: string) => confirmOptOut(this.deps, contact) }),
      message: async (m) => {
        // A username-only sender (no number shown) is filed under the phone linked to their user id, else the id.
        const from = m.from !== undefined ? `+${m.from}` : (this.suppression.identities.phoneOf(m.userId ?? '') ?? m.userId ?? '');
        const now = this.deps.clock.now();
        const to = (m.contextId !== undefined ? this.campaigns.byMessageId(m.contextId) : undefined) ?? this.campaigns.lastSentTo(from, now, ATTRIBUTION_WINDOW_MS, sandbox);
        const added = await this.inbox.add({
          id: m.id,
          from,
          type: m.type,
          at: m.timestamp > 0 ? m.timestamp : now,
          optOut: m.optOut.kind,
          ...(m.userId !== undefined ? { userId: m.userId } : {}),
          ...(m.username !== undefined ? { username: m.username } : {}),
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.optOut.kind !== 'none' ? { word: m.optOut.word } : {}),
          ...(to ? { campaign: to.campaign, job: to.job } : {}),
          ...(sandbox ? { sandbox: true } : {}),
        });
        if (added) {
          this.deps.emit('inbox:received', { last: this.inbox.last });
          // Stored first, answered after (never awaited here: the webhook's 200 does not wait for an automated answer,
          // and a refused or failed one never makes Meta deliver the message again).
          void this.automation?.onInbound({ id: added.id, identity: from, at: added.at, type: added.type, ...(added.text !== undefined ? { text: added.text } : {}), ...(m.profileName !== undefined ? { profileName: m.profileName } : {}), sandbox }).catch((error: unknown) => console.warn('Shopcast: automation:', error instanceof Error ? error.message : error));
        }
      },
      standby: (e) => {
        // Under every name the customer's messages may be filed by: the number, the user id, the number linked to it.
        const now = this.deps.clock.now();
        const linked = e.userId !== undefined ? this.suppression.identities.phoneOf(e.userId) : undefined;
        for (const who of [e.from !== undefined ? `+${e.from}` : undefined, e.userId, linked]) if (who !== undefined) this.standbyAt.set(who, now);
      },
      // Issue 13 point 3: templates and the number's limits follow the platform (sending/platformChanges.ts).
      ...(sandbox
        ? {}
        : {
            template: async (t: TemplateEvent) => void (await followTemplateChange(this.deps.cloud, this.campaigns, t)),
            limit: async (l: LimitEvent) => {
              await followLimitChange(this.deps.cloud, l, this.deps.clock.now());
              await this.campaigns.refreshPolicy('cloud'); // the budget of campaigns sending now follows too
            },
          }),
      now: () => this.deps.clock.now(),
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────

  private async ready(): Promise<CampaignService> {
    await this.load();
    return this.campaigns;
  }

  private get campaigns(): CampaignService {
    if (!this.campaignsSvc) throw new AppFailure('internal', 'Sending is not ready yet.', problem('not_ready'));
    return this.campaignsSvc;
  }

  private get suppression(): SuppressionList {
    if (!this.suppressionStore) throw new AppFailure('internal', 'Sending is not ready yet.', problem('not_ready'));
    return this.suppressionStore;
  }

  private get answers(): AnswerService {
    if (!this.answersSvc) throw new AppFailure('internal', 'Sending is not ready yet.');
    return this.answersSvc;
  }

  private get conversations(): ConversationStore {
    if (!this.conversationsStore) throw new AppFailure('internal', 'Sending is not ready yet.', problem('not_ready'));
    return this.conversationsStore;
  }

  private get inbox(): Inbox {
    if (!this.inboxStore) throw new AppFailure('internal', 'Sending is not ready yet.', problem('not_ready'));
    return this.inboxStore;
  }

  private async transportFor(channel: ChannelKind, id: string): Promise<Transport> {
    if (channel === 'cloud') {
      const config = await this.deps.cloud.transportConfig();
      if (!config) throw new AppFailure('conflict', 'The Cloud API is not connected: add the access token and phone number id in Settings.', problem('cloud_not_connected'));
      // The Marketing Messages API is for marketing: only a promotional campaign's templates go through it.
      const promotional = this.campaigns.draftOf(id).promotional;
      return new CloudApiTransport({ ...config, marketingMessages: config.marketingMessages === true && promotional });
    }
    if (channel === 'sandbox') {
      if (!this.sandbox) throw new AppFailure('internal', 'Sending is not ready yet.', problem('not_ready'));
      return this.sandbox;
    }
    const c = this.campaigns;
    return this.assisted.transportFor({
      id,
      name: c.draftOf(id).name,
      describe: (jobId) => {
        const replay = c.replayOf(id);
        const ref = replay.jobs.get(jobId)?.ref;
        return { position: Number(jobId.slice(jobId.lastIndexOf('-') + 1)) + 1, total: replay.jobs.size, ...(ref !== undefined ? { ref } : {}) };
      },
    });
  }

  /** Main's checks before a campaign may start (sending/refusals.ts). */
  private refusals(id: string): Promise<Refusal[]> {
    const c = this.campaigns;
    const draft = c.draftOf(id);
    const replay = c.replayOf(id);
    const view = draft.channel === 'sandbox' ? this.suppression.sandboxView : this.suppression;
    return startRefusals({
      channel: draft.channel,
      state: replay.state,
      sealed: c.isSealed(id),
      content: draft.content,
      contentB: draft.contentB,
      jobs: replay.jobs.values(),
      cloudConfigured: async () => Boolean(await this.deps.cloud.transportConfig()),
      suppressed: (contact) => view.get(contact) !== undefined,
    });
  }

  private engineEvent(id: string, e: EngineEvent): void {
    if (e.type !== 'account') return;
    // DOMAIN.md §3: an account-level error stops all sending on the Cloud API, and the person is told what to do.
    this.deps.emit('sending:stopped', { code: e.code, why: e.why, action: e.action });
    this.breakers.accountStopAt = this.deps.clock.now();
    this.breakers.accountStopCode = e.code;
    const c = this.campaigns;
    for (const other of c.ids()) {
      if (other !== id && c.isRunning(other) && c.draftOf(other).channel === 'cloud') void c.pause(other, stateWhy('account_stop', { errorCode: e.code })).catch(() => undefined);
    }
  }

  /** `campaign:changed`, at most one per campaign per throttle interval; state changes at once (sending/changeThrottle.ts). */
  private changed(id: string, urgent: boolean): void {
    if (!this.campaignsSvc?.has(id)) return;
    this.throttle.changed(id, urgent);
  }
}

/** Kept here for its importers; the rules live in sending/sandboxEvents.ts and policyChoice.ts. */
export { EventQueue } from './sending/sandboxEvents';
export { applyStricter } from './policyChoice';

/** An answer's stored rule key back to its source (`keyword:<name>`, `greeting`, `away`). */
function sourceOfKey(key: string): AnswerSource {
  if (key === 'greeting' || key === 'away') return { kind: key };
  return { kind: 'keyword', rule: key.startsWith('keyword:') ? key.slice('keyword:'.length) : key };
}

/** Calls `onStop` when a send meets an account-level error (DOMAIN.md §3 `stop_all`: restricted, locked, token). */
function watchingAccount(t: Transport, onStop: (code: number) => void): Transport {
  return {
    channel: t.channel,
    send: async (m) => {
      const r = await t.send(m);
      if (r.kind === 'failed' && classifyError(r.code).action === 'stop_all') onStop(r.code);
      return r;
    },
  };
}

/**
 * The automated answers that settled, by channel, for the error-rate breaker: refused by WhatsApp, or accepted.
 * Kept up to date from the answers changed since the last look (`since(rev)`), so an inbound message does not build
 * a view of every answer the shop ever sent.
 */
class AutomatedOutcomes {
  private rev = 0;
  private readonly settled = new Map<string, { at: number; failed: boolean; channel: string }>();
  constructor(private readonly answers: Pick<AnswerService, 'since'>) {}

  of(channel: 'cloud' | 'sandbox'): Array<{ at: number; failed: boolean }> {
    const page = this.answers.since(this.rev);
    this.rev = page.rev;
    for (const a of page.answers) {
      if (!a.automatic) continue;
      const ours = a.state !== 'sending' && a.state !== 'unclear' && !(a.state === 'not_sent' && a.code === undefined); // not_sent without a code: a reason of ours (interrupted, suppressed)
      if (ours) this.settled.set(a.id, { at: a.createdAt, failed: a.state === 'failed' || a.state === 'not_sent', channel: a.channel });
      else this.settled.delete(a.id);
    }
    return [...this.settled.values()].filter((o) => o.channel === channel);
  }
}

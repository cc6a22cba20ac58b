/**
 * The app core without any window: services wired together and the handler map for the IPC contract.
 * Electron's main.ts and the browser host each create one core and only differ in transport and in the few
 * adapters passed in (how secrets are kept, how a wa.me link is opened).
 *
 * This file is the composition root the hosts share, so it is the one file in services/ that may import
 * adapters/ and node: modules (test/architecture.ports.test.ts allows exactly this): it chooses Node's adapters
 * for the ports a host does not pass, and the services themselves only ever see the ports (ports.ts).
 */
import { randomUUID } from 'node:crypto';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { ownerOnlyFileSecretStore } from '../adapters/secretStore';
import { startWebhookServer } from '../adapters/webhookServer';
import { problem } from '../../shared/ipc/problems';
import { AppFailure } from '../../shared/lib/result';
import type { Handlers } from '../../shared/ipc/dispatch';
import type { Runtime } from '../../shared/ipc/contract';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { CloudSetupService } from './cloudSetup';
import { systemClock, type Clock } from './engine';
import { EventHub } from './events';
import type { Fs, HmacSha256, JournalFs, SecretStore, StartWebhookServer } from './ports';
import { SendingService } from './sending';
import { SettingsService } from './settings';

export interface CoreOptions {
  fs: Fs;
  dataDir: string;
  runtime: Runtime;
  version: string;
  platform: string;
  /** The operating system's locale, for first-run language and country. */
  locale: string;
  /** Names this run of the core for event numbering; random unless a test fixes it. */
  epoch?: string;
  /** The journal's file operations (fsync, locks); Node's unless a test injects a failing disk. */
  journalFs?: JournalFs;
  /** Where secrets live: safeStorage in Electron; by default an owner-only file in the data folder. */
  secrets?: SecretStore;
  /** Opens an https link outside the app (Electron's shell.openExternal behind the allow-list; the OS opener in the host). */
  openLink?: (url: string) => Promise<void>;
  /** The webhook receiver's HTTP listener; Node's on 127.0.0.1 unless a test injects one. */
  startWebhookServer?: StartWebhookServer;
  /** The webhook signature's HMAC; Node's crypto unless a test injects one. */
  hmacSha256?: HmacSha256;
  clock?: Clock;
  random?: () => number;
  pid?: number;
  /** Sandbox seed (tests fix it). */
  sandboxSeed?: number;
  /** Desktop notifications and the unread badge (Electron's, electron/desktop.ts); the browser host has none. */
  desktop?: { notify(n: { title: string; body: string }): boolean; badge(count: number): void };
}

export interface Core {
  handlers: Handlers;
  events: EventHub;
  settings: SettingsService;
  sending: SendingService;
  cloud: CloudSetupService;
  /** Loads campaigns from disk, resumes what was running, starts timers; the hosts call it once after creating the core. */
  start(): Promise<void>;
  /** Pauses sending (nothing half-sent), stops the webhook receiver and timers. */
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const events = new EventHub(opts.epoch ?? randomUUID());
  const clock = opts.clock ?? systemClock;
  const settings = new SettingsService({
    fs: opts.fs,
    dataDir: opts.dataDir,
    defaults: defaultSettingsForLocale(opts.locale),
    onChange: (s) => events.emit('settings:changed', s),
    now: () => clock.now(),
  });
  const cloud = new CloudSetupService({ fs: opts.fs, dataDir: opts.dataDir, secrets: opts.secrets ?? ownerOnlyFileSecretStore(opts.fs, opts.dataDir), clock });
  const sending = new SendingService({
    fs: opts.journalFs ?? nodeJournalFs,
    dataDir: opts.dataDir,
    clock,
    random: opts.random ?? Math.random,
    pid: opts.pid ?? process.pid,
    generation: events.epoch,
    emit: (name, payload) => events.emit(name, payload),
    cloud,
    settings: () => settings.get(),
    openLink:
      opts.openLink ??
      (async () => {
        throw new AppFailure('forbidden', 'This Shopcast cannot open links outside the app; copy the link instead.', problem('links_forbidden'));
      }),
    startWebhookServer: opts.startWebhookServer ?? startWebhookServer,
    hmacSha256: opts.hmacSha256 ?? nodeHmacSha256,
    ...(opts.sandboxSeed !== undefined ? { sandboxSeed: opts.sandboxSeed } : {}),
  });
  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'Shopcast',
      version: opts.version,
      runtime: opts.runtime,
      dataDir: opts.dataDir,
      platform: opts.platform,
    }),
    'app:notify': async (n) => ({ shown: opts.desktop?.notify(n) ?? false }),
    'app:badge': async ({ count }) => {
      opts.desktop?.badge(count);
    },
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'events:since': async ({ after, epoch }) => events.since(after, epoch),

    'campaign:create': (input) => sending.create(input),
    'campaign:addRecipients': ({ id, recipients }) => sending.addRecipients(id, recipients),
    'campaign:seal': ({ id }) => sending.seal(id),
    'campaign:list': () => sending.list(),
    'campaign:get': ({ id }) => sending.get(id),
    'campaign:jobs': (q) => sending.jobs(q.id, q.sinceRev, q.limit),
    'campaign:start': ({ id }) => sending.start(id),
    'campaign:pause': ({ id }) => sending.pause(id),
    'campaign:cancel': ({ id }) => sending.cancel(id),
    'campaign:retryFailed': ({ id }) => sending.retryFailed(id),
    'campaign:schedule': ({ id, at }) => sending.schedule(id, at),
    'campaign:resolveAmbiguous': ({ id, job, decision }) => sending.resolveAmbiguous(id, job, decision),

    'assisted:current': async () => sending.assistedCurrent(),
    'assisted:open': ({ campaign, job }) => sending.assistedOpen(campaign, job),
    'assisted:mark': ({ campaign, job, outcome }) => sending.assistedMark(campaign, job, outcome),

    'policy:get': () => sending.policy(),
    'policy:update': (choice) => sending.updatePolicy(choice),
    'suppression:list': async () => sending.suppressionList(),
    'suppression:remove': ({ contact }) => sending.unsuppress(contact),
    'inbox:since': ({ after, limit }) => sending.inboxSince(after, limit),
    'inbox:answer': (input) => sending.answer(input),
    'inbox:answers': ({ sinceRev }) => sending.answersSince(sinceRev),
    'inbox:act': (action) => sending.act(action),
    'inbox:actions': ({ after, limit }) => sending.actionsSince(after, limit),
    'inbox:importActions': ({ actions }) => sending.importActions(actions),
    'inbox:staff': () => sending.staff(),
    'inbox:setStaff': (view) => sending.setStaff(view),

    'automation:get': () => sending.automationView(),
    'automation:set': ({ rules }) => sending.saveAutomation(rules),
    'automation:try': (input) => sending.tryAutomation(input),
    'automation:labels': (input) => sending.setContactLabels(input),

    'webhook:status': async () => sending.webhookStatus(),
    'webhook:start': ({ port }) => sending.startWebhook(port),
    'webhook:stop': () => sending.stopWebhook(),

    'cloud:get': () => cloud.view(),
    'cloud:update': (patch) => cloud.update(patch),
    'cloud:test': () => cloud.test(),
    'templates:list': () => cloud.templates(),
    'templates:sync': () => cloud.syncTemplates(),
  };
  return {
    handlers,
    events,
    settings,
    sending,
    cloud,
    start: () => sending.load(),
    close: () => sending.close(),
  };
}

/**
 * The CLI's composition root for the app's sending core: one `SendingService` on a data folder, built as
 * `createCore()` builds it (services/core.ts) but with a CLI-side `cloud` made from flags and environment variables
 * instead of the app's Connect screen and keychain. Commands that send or receive (`shopcast send`, `shopcast webhook`) get the app's stores, rules and data-folder lock (`sending.lock`, taken in
 * `load()`, released in `close()`), so the app and the CLI never run one folder at once.
 *
 * What differs from the app, on purpose: no keychain is read (the Cloud API token, app secret and verify token come
 * from the command line), no link can be opened, and the shop's `settings.json` is only read (the opt-out
 * confirmation is in the shop's language with the shop's name, as in the app).
 */
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { AppFailure } from '../../shared/lib/result';
import { nodeHmacSha256 } from '../adapters/crypto';
import { startWebhookServer as nodeStartWebhookServer } from '../adapters/webhookServer';
import { DEFAULT_API_BASE, DEFAULT_GRAPH_VERSION, type WebhookSetup } from '../services/cloudSetup';
import type { Clock } from '../services/engine';
import type { JournalFs, StartWebhookServer } from '../services/ports';
import { SendingService, type SendingDeps } from '../services/sending';
import { SettingsService } from '../services/settings';
import type { CloudApiConfig } from '../services/transports/cloudApi';

/** The process's outside world for a command that runs the core (tests pass a temp folder's fs and a fixed clock). */
export interface CliCoreDeps {
  fs: JournalFs;
  clock: Clock;
  pid: number;
  random?: () => number;
  /** The zone for numbers whose country the zone table does not know; the machine's by default. */
  fallbackZone?: string;
}

/** The Cloud API as the command line gives it: what the app keeps in cloud.json and its keychain. */
export interface CliCloud {
  /** Sending (and the one opt-out confirmation); null when no phone number id and access token were given. */
  transport: CloudApiConfig | null;
  /** The number's messaging tier (null: unlimited; undefined: not known). */
  messagingLimit: number | null | undefined;
  /** The webhook receiver's secrets and port; when given, `load()` opens the receiver as the app does. */
  webhook?: { appSecret: string; verifyToken: string; port: number };
}

export interface CliServiceOptions {
  dataDir: string;
  cloud: CliCloud;
  emit: SendingDeps['emit'];
  /** A view of the folder's files (e.g. `shopcast send`'s policy view); `deps.fs` by default. */
  fs?: JournalFs;
  /** Node's 127.0.0.1 listener unless given (a command wraps it to learn the listening address). */
  startWebhookServer?: StartWebhookServer;
  sandboxSeed?: number;
}

/** The app's sending core on `dataDir`, not yet loaded: call `load()` (takes the folder's lock) and `close()`. */
export function cliSendingService(deps: CliCoreDeps, opts: CliServiceOptions): SendingService {
  const fs = opts.fs ?? deps.fs;
  const settings = new SettingsService({ fs, dataDir: opts.dataDir, defaults: defaultSettingsForLocale('en-US'), now: () => deps.clock.now() });
  const { cloud } = opts;
  const setup = (): WebhookSetup => {
    const w = cloud.webhook;
    if (w) return { ok: true, appSecret: w.appSecret, verifyToken: w.verifyToken, port: w.port };
    return { ok: false, missing: ['app secret', 'verify token'], port: 0 };
  };
  return new SendingService({
    fs,
    dataDir: opts.dataDir,
    clock: deps.clock,
    random: deps.random ?? Math.random,
    pid: deps.pid,
    generation: `cli-${deps.clock.now().toString(36)}`,
    emit: opts.emit,
    cloud: {
      transportConfig: async () => cloud.transport,
      webhookSetup: async () => setup(),
      messagingLimit: async () => cloud.messagingLimit,
    },
    settings: () => settings.get(),
    openLink: async () => {
      throw new AppFailure('forbidden', 'The command line cannot open links.');
    },
    startWebhookServer: opts.startWebhookServer ?? nodeStartWebhookServer,
    hmacSha256: nodeHmacSha256,
    ...(opts.sandboxSeed !== undefined ? { sandboxSeed: opts.sandboxSeed } : {}),
    ...(deps.fallbackZone !== undefined ? { fallbackZone: deps.fallbackZone } : {}),
  });
}

/** The Cloud API flags every command that talks to it takes (the help texts list them). */
export const CLOUD_FLAGS = ['api-base', 'api-version', 'phone-number-id', 'access-token'] as const;

/**
 * The Cloud API connection from the flags, else the environment (the access token is better kept in
 * SHOPCAST_ACCESS_TOKEN: a flag is visible to every user of the computer in the process list). Null when the phone
 * number id or the token is missing.
 */
export function cloudApiConfig(flag: (name: (typeof CLOUD_FLAGS)[number]) => string | undefined, env: Readonly<Record<string, string | undefined>>): CloudApiConfig | null {
  const phoneNumberId = flag('phone-number-id') ?? env.SHOPCAST_PHONE_NUMBER_ID;
  const accessToken = flag('access-token') ?? env.SHOPCAST_ACCESS_TOKEN;
  if (!phoneNumberId || !accessToken) return null;
  return { apiBase: flag('api-base') ?? DEFAULT_API_BASE, version: flag('api-version') ?? DEFAULT_GRAPH_VERSION, phoneNumberId, accessToken };
}

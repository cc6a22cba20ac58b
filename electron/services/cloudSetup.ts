/**
 * The Cloud API connection (Connect screen): ids and endpoint in `<data>/cloud.json`, secrets in the SecretStore,
 * "test connection" (the number's quality, messaging limit and throughput, DOMAIN.md §2) and template sync
 * (`GET /{waba-id}/message_templates`, cached in `<data>/templates.json`). Secrets never leave main: `view()` says
 * only whether each is saved.
 *
 * Everything the Graph API answers is parsed from `unknown`. A wrong token, an unknown id, an unreachable or slow
 * server, or an answer that is not the Graph API's becomes a ConnectionTest error in words with what to do; nothing
 * is thrown raw. Files: a damaged cloud.json is kept aside and defaults used (like settings.json); a failed write
 * (disk full) changes nothing and says why.
 */
import { joinPath, type Fs, type SecretChanges, type SecretStore } from './ports';
import { classifyError, parseGraphError, type GraphError } from '../../shared/domain/errorCodes';
import { isRecord } from '../../shared/lib/guards';
import { AppFailure } from '../../shared/lib/result';
import type { TemplateCategory, TemplateInfo, TemplateStatus } from '../../shared/domain/template';
import { CONNECT_REASONS, parseCloudSetupPatch, type ConnectReasonParams, type CloudSetupPatch, type CloudSetupView, type ConnectionTest } from '../../shared/ipc/cloud';
import type { Clock } from './engine';
import { describeIoError } from './settings';
import { NOT_SENT_HTTP, NOT_SENT_NETWORK } from './transports/types';
import { causeCode, type CloudApiConfig } from './transports/cloudApi';

export interface CloudSetupDeps {
  fs: Fs;
  dataDir: string;
  secrets: SecretStore;
  clock: Clock;
  fetch?: typeof fetch;
  /** How long one Graph API request may take before the test says WhatsApp did not answer. */
  timeoutMs?: number;
}

/** What the webhook receiver needs; `missing` names what the person still has to enter. */
export type WebhookSetup = { ok: true; appSecret: string; verifyToken: string; port: number } | { ok: false; missing: string[]; port: number };

export const DEFAULT_API_BASE = 'https://graph.facebook.com';
/** DOMAIN.md §1: the current Graph API version. */
export const DEFAULT_GRAPH_VERSION = 'v27.0';
export const DEFAULT_WEBHOOK_PORT = 47390;
const DEFAULT_TIMEOUT_MS = 15_000;
/** At most this many pages of 100 templates are read (a shop has tens; this bounds a looping `next`). */
export const MAX_TEMPLATE_PAGES = 20;

/** Error codes of problems found before or around the Graph API (Graph's own codes are ≥ 0). */
export const CONNECT_ERRORS = {
  network: NOT_SENT_NETWORK,
  http: NOT_SENT_HTTP,
  notSetUp: -10,
  timeout: -11,
  unreadable: -12,
} as const;

/**
 * The phone number's fields. `whatsapp_business_manager_messaging_limit` replaced `messaging_limit_tier` (deprecated,
 * see Meta's "Messaging limits"); a Graph version without it answers (#100) "nonexisting field", and the test asks
 * again with the older field.
 */
export const PHONE_FIELDS = 'display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit';
export const PHONE_FIELDS_LEGACY = 'display_phone_number,verified_name,quality_rating,throughput,messaging_limit_tier';
export const TEMPLATE_FIELDS = 'name,language,status,category,components';

interface StoredCloud {
  phoneNumberId: string;
  wabaId: string;
  apiBase: string;
  graphVersion: string;
  webhookPort: number;
  /** The shop's choice: promotional templates through the Marketing Messages API (off until turned on). */
  marketingMessages: boolean;
  lastTest?: ConnectionTest;
  /** What the last limit/quality webhook said (newer than `lastTest` wins for the budget). */
  webhookLimit?: LimitChange;
}

/** A messaging-limit / quality / throughput change as a webhook told it (DOMAIN.md §2 "Limits"). */
export interface LimitChange {
  at: number;
  /** Unique people outside a window per 24 h; null = unlimited; absent = the webhook did not say. */
  messagingLimit?: number | null;
  throughput?: number;
  /** Meta's event: UPGRADE, DOWNGRADE, FLAGGED, UNFLAGGED, … */
  event?: string;
}

/** A template change as a webhook told it (status, category or quality). */
export interface TemplateChange {
  change: 'status' | 'category' | 'quality';
  templateId?: string;
  name?: string;
  language?: string;
  status?: string;
  reason?: string;
  category?: string;
  quality?: string;
  timestamp: number;
}

const DEFAULTS: StoredCloud = { phoneNumberId: '', wabaId: '', apiBase: DEFAULT_API_BASE, graphVersion: DEFAULT_GRAPH_VERSION, webhookPort: DEFAULT_WEBHOOK_PORT, marketingMessages: false };

type Problem = NonNullable<ConnectionTest['error']>;
/** A request's outcome: the parsed JSON body, or a problem in words. */
type GraphAnswer = { ok: true; body: unknown } | { ok: false; problem: Problem; graph?: GraphError };

export class CloudSetupService {
  private readonly file: string;
  private readonly templatesFile: string;
  private current: StoredCloud | undefined;
  /** Serialises changes so two quick saves (or a save and a test) cannot interleave and lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CloudSetupDeps) {
    this.file = joinPath(deps.dataDir, 'cloud.json');
    this.templatesFile = joinPath(deps.dataDir, 'templates.json');
  }

  async view(): Promise<CloudSetupView> {
    const c = await this.load();
    const { secrets } = this.deps;
    const [token, appSecret, verifyToken] = await Promise.all([secrets.get('accessToken'), secrets.get('appSecret'), secrets.get('verifyToken')]);
    const view: CloudSetupView = {
      phoneNumberId: c.phoneNumberId,
      wabaId: c.wabaId,
      apiBase: c.apiBase,
      graphVersion: c.graphVersion,
      hasAccessToken: token !== undefined,
      hasAppSecret: appSecret !== undefined,
      hasVerifyToken: verifyToken !== undefined,
      secretStorage: secrets.kind,
      webhookPort: c.webhookPort,
      marketingMessages: c.marketingMessages,
    };
    if (c.lastTest) view.lastTest = c.lastTest;
    return view;
  }

  update(patch: CloudSetupPatch): Promise<CloudSetupView> {
    return this.serial(async () => {
      // The IPC layer parsed it already; other callers (CLI, tests) get the same checks here.
      const parsed = parseCloudSetupPatch(patch);
      if (!parsed.ok) throw new AppFailure('invalid_input', parsed.error.message, parsed.error.details);
      const p = parsed.value;
      const before = await this.load();
      const next: StoredCloud = { ...before };
      if (p.phoneNumberId !== undefined) next.phoneNumberId = p.phoneNumberId;
      if (p.wabaId !== undefined) next.wabaId = p.wabaId;
      if (p.apiBase !== undefined) next.apiBase = p.apiBase;
      if (p.graphVersion !== undefined) next.graphVersion = p.graphVersion;
      if (p.webhookPort !== undefined) next.webhookPort = p.webhookPort;
      if (p.marketingMessages !== undefined) next.marketingMessages = p.marketingMessages;
      // The stored token goes only where it was typed for: a new API address needs the token typed again, in the same
      // change, or a changed address would carry "Authorization: Bearer …" to a server the person never gave it to.
      if (next.apiBase !== before.apiBase && p.accessToken === undefined && (await this.deps.secrets.get('accessToken')) !== undefined) {
        throw new AppFailure('invalid_input', 'To change the API address, type the access token again: Shopcast sends the token only to the address it was entered with.', {
          field: 'apiBase',
          reason: 'token_needed_for_new_address',
        });
      }
      // A test of another number, account, server or token says nothing about this one (nor its messaging limit).
      const connectionChanged =
        next.phoneNumberId !== before.phoneNumberId ||
        next.wabaId !== before.wabaId ||
        next.apiBase !== before.apiBase ||
        next.graphVersion !== before.graphVersion ||
        p.accessToken !== undefined;
      if (connectionChanged) delete next.lastTest;

      const secretChanges: SecretChanges = {};
      for (const name of ['accessToken', 'appSecret', 'verifyToken'] as const) {
        if (p[name] !== undefined) secretChanges[name] = p[name];
      }
      const changesSecrets = Object.keys(secretChanges).length > 0;
      // Secrets first (one write): if that fails, nothing changed at all.
      if (changesSecrets) {
        try {
          await this.deps.secrets.update(secretChanges);
        } catch (error) {
          throw new AppFailure('storage_failed', `Could not save the secrets: ${describeIoError(error)}. Nothing was changed.`);
        }
      }
      try {
        await this.save(next);
      } catch (error) {
        throw new AppFailure(
          'storage_failed',
          `Could not save the Cloud API settings: ${describeIoError(error)}.${changesSecrets ? ' The secrets you entered were saved; the ids and addresses were not changed.' : ' Nothing was changed.'}`,
        );
      }
      return this.view();
    });
  }

  /** Reads the number's quality, messaging limit and throughput, then syncs templates; the result is kept in cloud.json. */
  test(): Promise<ConnectionTest> {
    return this.serial(async () => {
      const c = await this.load();
      const result = await this.runTest(c);
      try {
        await this.save({ ...c, lastTest: result });
      } catch {
        // The test itself is the answer the person asked for; failing to remember it must not hide it.
      }
      return result;
    });
  }

  async templates(): Promise<TemplateInfo[]> {
    return (await this.readTemplateCache(await this.load()))?.templates ?? [];
  }

  /** The cached templates of this account (the file as read, and its templates parsed), or undefined when there are none. */
  private async readTemplateCache(c: StoredCloud): Promise<{ file: Record<string, unknown>; templates: TemplateInfo[] } | undefined> {
    const text = await this.deps.fs.readText(this.templatesFile).catch(() => undefined);
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    // Templates belong to one WhatsApp Business Account: another account's cache is not this one's.
    if (!isRecord(parsed) || parsed.wabaId !== c.wabaId || parsed.apiBase !== c.apiBase || !Array.isArray(parsed.templates)) return undefined;
    return { file: parsed, templates: parsed.templates.map(parseCachedTemplate).filter((t): t is TemplateInfo => t !== undefined) };
  }

  syncTemplates(): Promise<TemplateInfo[]> {
    return this.serial(async () => {
      const c = await this.load();
      const token = await this.deps.secrets.get('accessToken');
      const setup = missingSetup(c, token, true);
      if (setup) throw new AppFailure('invalid_input', `${setup.message} ${setup.action}`, problemDetails(setup));
      const r = await this.fetchTemplates(c, token ?? '');
      if (!r.ok) throw new AppFailure('internal', `${r.problem.message} ${r.problem.action}`, problemDetails(r.problem));
      return r.templates;
    });
  }

  /** The transport's configuration, or null when token or phone number id is missing. */
  async transportConfig(): Promise<CloudApiConfig | null> {
    const c = await this.load();
    const accessToken = await this.deps.secrets.get('accessToken');
    if (c.phoneNumberId === '' || accessToken === undefined) return null;
    const config: CloudApiConfig = { apiBase: c.apiBase, version: c.graphVersion, phoneNumberId: c.phoneNumberId, accessToken, ...(c.marketingMessages ? { marketingMessages: true } : {}) };
    // Authentication templates need a phone number (DOMAIN.md §2): the transport skips them for a user id alone.
    const auth = ((await this.readTemplateCache(c))?.templates ?? []).filter((t) => t.category === 'AUTHENTICATION').map((t) => t.name);
    if (auth.length > 0) config.authenticationTemplates = [...new Set(auth)];
    if (this.deps.fetch) config.fetch = this.deps.fetch;
    return config;
  }

  async webhookSetup(): Promise<WebhookSetup> {
    const c = await this.load();
    const [appSecret, verifyToken] = await Promise.all([this.deps.secrets.get('appSecret'), this.deps.secrets.get('verifyToken')]);
    if (appSecret !== undefined && verifyToken !== undefined) return { ok: true, appSecret, verifyToken, port: c.webhookPort };
    const missing: string[] = [];
    if (appSecret === undefined) missing.push('app secret');
    if (verifyToken === undefined) missing.push('verify token');
    return { ok: false, missing, port: c.webhookPort };
  }

  /**
   * The number's messaging limit (null: unlimited; undefined: never known): the newer of the last connection test
   * and the last limit webhook. Our own count of people reached stays the fallback (the engine's send log).
   */
  async messagingLimit(): Promise<number | null | undefined> {
    const c = await this.load();
    const hook = c.webhookLimit;
    if (hook && hook.messagingLimit !== undefined && (c.lastTest?.messagingLimit === undefined || hook.at >= c.lastTest.at)) return hook.messagingLimit;
    return c.lastTest?.messagingLimit;
  }

  /** Keeps what a `phone_number_quality_update` / `business_capability_update` webhook said of the number. */
  applyLimitChange(change: LimitChange): Promise<void> {
    return this.serial(async () => {
      const c = await this.load();
      const prev = c.webhookLimit;
      if (prev && prev.at > change.at) return; // an older delivery arriving late changes nothing
      const next: LimitChange = { ...prev, ...change };
      await this.save({ ...c, webhookLimit: next });
    });
  }

  /**
   * Applies a template webhook to the cached template it names (by id, else by name and language): its status,
   * category or quality. Resolves with the template before and after, or undefined when no cached template matches
   * (the next sync reads it from Meta). A failure to save propagates, so the webhook is answered 503 and retried.
   */
  applyTemplateChange(e: TemplateChange): Promise<{ before: TemplateInfo; after: TemplateInfo } | undefined> {
    return this.serial(async () => {
      const cache = await this.readTemplateCache(await this.load());
      if (!cache) return undefined;
      const list = cache.templates;
      const i = list.findIndex((t) => (e.templateId !== undefined && t.id === e.templateId) || (e.name !== undefined && t.name === e.name && (e.language === undefined || t.language === e.language)));
      const before = list[i];
      if (before === undefined) return undefined;
      if (before.changedAt !== undefined && before.changedAt > e.timestamp) return undefined; // older news
      const after: TemplateInfo = { ...before, changedAt: e.timestamp };
      if (e.change === 'status' && e.status !== undefined) {
        after.status = STATUSES.find((s) => s === e.status!.toUpperCase()) ?? 'UNKNOWN'; // e.status checked on this line
        if (e.reason !== undefined) after.statusReason = e.reason;
        else delete after.statusReason;
      } else if (e.change === 'category' && e.category !== undefined) {
        after.category = CATEGORIES.find((s) => s === e.category!.toUpperCase()) ?? 'UNKNOWN'; // checked on this line
      } else if (e.change === 'quality' && e.quality !== undefined) {
        after.quality = QUALITY.find((q) => q === e.quality!.toUpperCase()) ?? 'UNKNOWN'; // checked on this line
      }
      list[i] = after;
      await this.deps.fs.writeTextAtomic(this.templatesFile, `${JSON.stringify({ ...cache.file, templates: list }, null, 2)}\n`);
      return { before, after };
    });
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────────────────

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<StoredCloud> {
    if (this.current) return this.current;
    let text: string | undefined;
    try {
      text = await this.deps.fs.readText(this.file);
    } catch (error) {
      throw new AppFailure('storage_failed', `Could not read the Cloud API settings: ${describeIoError(error)}.`);
    }
    let parsed: unknown;
    if (text !== undefined) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Keep the damaged file for the person (or support) to look at; start from defaults.
        await this.deps.fs.writeTextAtomic(`${this.file}.damaged-${this.deps.clock.now()}`, text).catch(() => undefined);
      }
    }
    this.current = parseStoredCloud(parsed);
    return this.current;
  }

  private async save(next: StoredCloud): Promise<void> {
    await this.deps.fs.writeTextAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
  }

  private async runTest(c: StoredCloud): Promise<ConnectionTest> {
    const at = this.deps.clock.now();
    const token = await this.deps.secrets.get('accessToken');
    const setup = missingSetup(c, token, false);
    if (setup) {
      // A token that was saved but cannot be read any more (damaged file, changed keychain): say so, not just "missing".
      const problem = this.deps.secrets.problem();
      return { at, ok: false, error: problem && token === undefined ? { ...setup, message: `${setup.message} ${problem}` } : setup };
    }
    const accessToken = token ?? '';

    const phoneUrl = (fields: string) => `${graphRoot(c)}/${encodeURIComponent(c.phoneNumberId)}?fields=${fields}`;
    let answer = await this.get(phoneUrl(PHONE_FIELDS), accessToken);
    if (!answer.ok && answer.graph?.code === 100 && /nonexist/i.test(answer.graph.message)) {
      answer = await this.get(phoneUrl(PHONE_FIELDS_LEGACY), accessToken);
    }
    if (!answer.ok) return { at, ok: false, error: explain(answer, 'phone') };
    const phone = parsePhoneNumber(answer.body);
    if (!phone) return { at, ok: false, error: unreadable(c.apiBase) };
    const out: ConnectionTest = { at, ok: true, ...phone };
    if (c.wabaId === '') return out;

    const templates = await this.fetchTemplates(c, accessToken);
    if (!templates.ok) return { ...out, ok: false, error: templates.problem };
    out.templateCount = templates.templates.length;
    return out;
  }

  private async fetchTemplates(c: StoredCloud, token: string): Promise<{ ok: true; templates: TemplateInfo[] } | { ok: false; problem: Problem }> {
    const root = graphRoot(c);
    const origin = new URL(c.apiBase).origin;
    let url: string | undefined = `${root}/${encodeURIComponent(c.wabaId)}/message_templates?fields=${TEMPLATE_FIELDS}&limit=100`;
    const syncedAt = this.deps.clock.now();
    const templates: TemplateInfo[] = [];
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_TEMPLATE_PAGES) {
        return { ok: false, problem: { code: CONNECT_ERRORS.unreadable, message: `WhatsApp listed more than ${MAX_TEMPLATE_PAGES * 100} templates, or kept pointing to another page.`, action: 'Delete templates you no longer use in WhatsApp Manager, then sync again.' } };
      }
      const answer = await this.get(url, token);
      if (!answer.ok) return { ok: false, problem: explain(answer, 'templates') };
      const body = answer.body;
      if (!isRecord(body) || !Array.isArray(body.data)) return { ok: false, problem: unreadable(c.apiBase) };
      for (const raw of body.data) {
        const t = parseTemplate(raw, syncedAt);
        if (t) templates.push(t);
      }
      const next = isRecord(body.paging) && typeof body.paging.next === 'string' ? body.paging.next : undefined;
      url = undefined;
      if (next !== undefined) {
        // The token goes with every request: follow `next` only to the server the shop configured.
        let nextUrl: URL | undefined;
        try {
          nextUrl = new URL(next);
        } catch {
          nextUrl = undefined;
        }
        if (!nextUrl || nextUrl.origin !== origin) return { ok: false, problem: { code: CONNECT_ERRORS.unreadable, message: `The template list pointed to another server (${nextUrl?.origin ?? 'an unreadable address'}); Shopcast does not send your token there.`, action: 'Check the API base URL under Advanced.' } };
        url = nextUrl.href;
      }
    }
    try {
      await this.deps.fs.writeTextAtomic(this.templatesFile, `${JSON.stringify({ wabaId: c.wabaId, apiBase: c.apiBase, syncedAt, templates }, null, 2)}\n`);
    } catch (error) {
      return { ok: false, problem: { code: CONNECT_ERRORS.unreadable, message: `The templates were read but could not be saved: ${describeIoError(error)}.`, action: 'Free some disk space, then sync again.' } };
    }
    return { ok: true, templates };
  }

  /** One GET with the bearer token; every failure becomes words. */
  private async get(url: string, token: string): Promise<GraphAnswer> {
    const fetchFn = this.deps.fetch ?? fetch;
    const host = safeHost(url);
    let res: Response;
    try {
      res = await fetchFn(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (error) {
      return { ok: false, problem: networkProblem(error, host, this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS) };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      return { ok: false, problem: networkProblem(error, host, this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS) };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) return body === undefined ? { ok: false, problem: unreadable(host, res.status) } : { ok: true, body };
    const graph = parseGraphError(body);
    if (graph) return { ok: false, problem: { code: graph.code, message: graph.message, action: '' }, graph };
    return {
      ok: false,
      problem: {
        code: CONNECT_ERRORS.http,
        message: `${host} answered HTTP ${res.status}, which is not a WhatsApp answer.`,
        action: 'Check the API base URL and Graph version under Advanced (normally https://graph.facebook.com).',
      },
    };
  }
}

// ── parsing and words ────────────────────────────────────────────────────────────────────────────────────────

function graphRoot(c: StoredCloud): string {
  return `${c.apiBase.replace(/\/+$/, '')}/${c.graphVersion}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A connection problem's reason code and params as an AppFailure's details (the renderer words them, connectErrors.ts). */
function problemDetails(p: Problem): Record<string, string | number> {
  const out: Record<string, string | number> = { graphCode: p.code };
  if (p.reason !== undefined) out.reason = p.reason;
  if (p.params?.host !== undefined) out.host = p.params.host;
  if (p.params?.missing !== undefined) out.missing = p.params.missing.join(',');
  if (p.params?.cause !== undefined) out.cause = p.params.cause;
  return out;
}

function missingSetup(c: StoredCloud, token: string | undefined, forTemplates: boolean): Problem | undefined {
  const fields: NonNullable<ConnectReasonParams['missing']> = [];
  if (!forTemplates && c.phoneNumberId === '') fields.push('phoneNumberId');
  if (forTemplates && c.wabaId === '') fields.push('wabaId');
  if (token === undefined) fields.push('accessToken');
  if (fields.length === 0) return undefined;
  const names = { phoneNumberId: 'phone number ID', wabaId: 'WhatsApp Business Account ID', accessToken: 'access token' } as const;
  const missing = fields.map((f) => names[f]);
  return {
    code: CONNECT_ERRORS.notSetUp,
    message: `Not set up yet: the ${missing.join(' and the ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
    action: 'Copy them from Meta’s WhatsApp Manager (API setup), paste them above and save, then test again.',
    reason: 'not_set_up',
    params: { missing: fields },
  };
}

function unreadable(host: string, status?: number): Problem {
  return {
    reason: 'unreadable',
    params: { host: safeHost(host) },
    code: CONNECT_ERRORS.unreadable,
    message: `The answer from ${safeHost(host)}${status !== undefined ? ` (HTTP ${status})` : ''} is not what WhatsApp sends.`,
    action: 'Check the API base URL under Advanced (normally https://graph.facebook.com); if it is right, WhatsApp may be having problems: try again later.',
  };
}


function networkProblem(error: unknown, host: string, timeoutMs: number): Problem {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      reason: 'timeout',
      params: { host },
      code: CONNECT_ERRORS.timeout,
      message: `WhatsApp (${host}) did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
      action: 'Check this computer’s internet connection, then test again.',
    };
  }
  const code = causeCode(error);
  return {
    reason: 'network',
    params: code ? { host, cause: String(code) } : { host },
    code: CONNECT_ERRORS.network,
    message: `Could not reach ${host}${code ? ` (${code})` : ''}.`,
    action: 'Check this computer’s internet connection (and the API base URL under Advanced), then test again.',
  };
}

/** A Graph error in the shop's words, with what to do; `step` says which id the request was about. */
function explain(answer: Extract<GraphAnswer, { ok: false }>, step: 'phone' | 'templates'): Problem {
  const g = answer.graph;
  if (!g) return answer.problem;
  if (g.code === 190 || g.code === 0) {
    return {
      reason: 'token',
      code: g.code,
      message: 'The access token is wrong or expired.',
      action: 'Create a new one (a system user token in Meta Business Manager → Users → System users, with the whatsapp_business_messaging and whatsapp_business_management permissions), paste it here, save and test again.',
    };
  }
  if (g.code === 100 && (g.subcode === 33 || /does not exist|unknown path|missing permission/i.test(g.message))) {
    return step === 'phone'
      ? {
          reason: 'unknown_phone_id',
          code: g.code,
          message: 'WhatsApp does not know this phone number ID, or this token may not use it.',
          action: 'Copy the phone number ID (a long number, not the phone number itself) from WhatsApp Manager → API setup, and check that the token belongs to an app linked to this number.',
        }
      : {
          reason: 'unknown_waba_id',
          code: g.code,
          message: 'WhatsApp does not know this WhatsApp Business Account ID, or this token may not use it.',
          action: 'Copy the WhatsApp Business Account ID from WhatsApp Manager → API setup, and give the token the whatsapp_business_management permission.',
        };
  }
  if (g.code === 10 || g.code === 200 || g.code === 3) {
    return {
      reason: 'permission',
      code: g.code,
      message: step === 'phone' ? 'This token may not read this phone number.' : 'This token may not read this account’s templates.',
      action: 'Give the token the whatsapp_business_messaging and whatsapp_business_management permissions for this account, then test again.',
    };
  }
  const rule = classifyError(g.code);
  if (rule.action === 'rate_limit' || rule.action === 'transient') {
    return { code: g.code, message: `${rule.meaning}.`, action: 'Wait a few minutes, then test again.' };
  }
  const detail = (g.details ?? g.message).replace(/[.\s]+$/, '');
  return {
    code: g.code,
    message: `${rule.meaning}${detail ? ` (${detail})` : ''}.`,
    action: rule.whatToDo ?? 'Check the settings above against WhatsApp Manager, then test again.',
  };
}

const TIER_LIMITS: Readonly<Record<string, number | null>> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
  UNLIMITED: null,
};

/** A messaging limit as Graph writes it (a tier name, a number, or an object with the tier): number, null = unlimited, undefined = unknown. */
export function parseMessagingLimit(value: unknown): number | null | undefined {
  if (typeof value === 'string') {
    const tier = value.trim().toUpperCase();
    if (Object.prototype.hasOwnProperty.call(TIER_LIMITS, tier)) return TIER_LIMITS[tier];
    if (/^\d+$/.test(tier)) return Number(tier);
    return undefined;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (isRecord(value)) {
    for (const key of ['current_limit', 'max_daily_conversations_per_business', 'tier', 'limit']) {
      const v = parseMessagingLimit(value[key]);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Throughput as Graph writes it (`{ level: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE' }`): messages per second. */
export function parseThroughput(value: unknown): number | undefined {
  const level = isRecord(value) ? value.level : value;
  if (level === 'STANDARD') return 80;
  if (level === 'HIGH') return 1_000;
  if (typeof level === 'number' && Number.isFinite(level) && level > 0) return level;
  return undefined;
}

const QUALITY = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;

function parsePhoneNumber(body: unknown): Omit<ConnectionTest, 'at' | 'ok'> | undefined {
  if (!isRecord(body)) return undefined;
  const display = typeof body.display_phone_number === 'string' ? body.display_phone_number : undefined;
  const name = typeof body.verified_name === 'string' ? body.verified_name : undefined;
  // A phone number object has at least its display number or its id; anything else is not Graph's answer.
  if (display === undefined && typeof body.id !== 'string') return undefined;
  const out: Omit<ConnectionTest, 'at' | 'ok'> = {};
  if (display !== undefined) out.displayPhoneNumber = display.slice(0, 40);
  if (name !== undefined) out.verifiedName = name.slice(0, 200);
  const quality = typeof body.quality_rating === 'string' ? body.quality_rating.toUpperCase() : 'UNKNOWN';
  out.qualityRating = QUALITY.find((q) => q === quality) ?? 'UNKNOWN';
  const limit = parseMessagingLimit(body.whatsapp_business_manager_messaging_limit ?? body.messaging_limit_tier);
  if (limit !== undefined) out.messagingLimit = limit;
  const throughput = parseThroughput(body.throughput);
  if (throughput !== undefined) out.throughput = throughput;
  return out;
}

const STATUSES: readonly TemplateStatus[] = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'UNKNOWN'];
const CATEGORIES: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'UNKNOWN'];
const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;

/** How many parameters a body needs: the highest `{{n}}`, or the number of distinct named `{{name}}`. */
export function countBodyParams(body: string): number {
  const positional = [...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1]));
  const named = new Set([...body.matchAll(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g)].map((m) => m[1]));
  return Math.max(positional.length > 0 ? Math.max(...positional) : 0, new Set(positional).size) + named.size;
}

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/** One template from `message_templates`; undefined when it has no name or language (not a usable template). */
export function parseTemplate(raw: unknown, syncedAt: number): TemplateInfo | undefined {
  if (!isRecord(raw)) return undefined;
  const name = str(raw.name, 512);
  const language = str(raw.language, 15);
  if (!name || !language) return undefined;
  const status = typeof raw.status === 'string' ? raw.status.toUpperCase() : '';
  const category = typeof raw.category === 'string' ? raw.category.toUpperCase() : '';
  const t: TemplateInfo = {
    id: str(raw.id, 64) ?? `${name}:${language}`,
    name,
    language,
    status: STATUSES.find((s) => s === status) ?? 'UNKNOWN',
    category: CATEGORIES.find((s) => s === category) ?? 'UNKNOWN',
    body: '',
    bodyParams: 0,
    syncedAt,
  };
  const components = Array.isArray(raw.components) ? raw.components.filter(isRecord) : [];
  for (const comp of components) {
    const type = typeof comp.type === 'string' ? comp.type.toUpperCase() : '';
    if (type === 'BODY') {
      t.body = str(comp.text, 4_096) ?? '';
      t.bodyParams = countBodyParams(t.body);
    } else if (type === 'HEADER') {
      const format = typeof comp.format === 'string' ? comp.format.toUpperCase() : 'TEXT';
      const f = HEADER_FORMATS.find((x) => x === format);
      if (f) {
        const text = str(comp.text, 200);
        t.header = text !== undefined ? { format: f, text } : { format: f };
      }
    } else if (type === 'FOOTER') {
      const text = str(comp.text, 200);
      if (text !== undefined) t.footer = text;
    } else if (type === 'BUTTONS' && Array.isArray(comp.buttons)) {
      t.buttons = comp.buttons.filter(isRecord).slice(0, 10).map((b) => ({ type: str(b.type, 40) ?? 'UNKNOWN', text: str(b.text, 200) ?? '' }));
    }
  }
  return t;
}

function parseCachedTemplate(raw: unknown): TemplateInfo | undefined {
  if (!isRecord(raw)) return undefined;
  // The cache holds our own mapping; parse it again anyway (a hand-edited or damaged file must not crash the screen).
  const t = parseTemplate(
    {
      id: raw.id,
      name: raw.name,
      language: raw.language,
      status: raw.status,
      category: raw.category,
      components: [
        { type: 'BODY', text: raw.body },
        ...(isRecord(raw.header) ? [{ type: 'HEADER', format: raw.header.format, text: raw.header.text }] : []),
        ...(typeof raw.footer === 'string' ? [{ type: 'FOOTER', text: raw.footer }] : []),
        ...(Array.isArray(raw.buttons) ? [{ type: 'BUTTONS', buttons: raw.buttons }] : []),
      ],
    },
    typeof raw.syncedAt === 'number' ? raw.syncedAt : 0,
  );
  if (!t) return t;
  const quality = QUALITY.find((q) => q === raw.quality);
  if (quality) t.quality = quality;
  if (typeof raw.statusReason === 'string' && raw.statusReason.length <= 200) t.statusReason = raw.statusReason;
  if (typeof raw.changedAt === 'number' && Number.isFinite(raw.changedAt)) t.changedAt = raw.changedAt;
  return t;
}

function parseStoredCloud(raw: unknown): StoredCloud {
  if (!isRecord(raw)) return { ...DEFAULTS };
  const out: StoredCloud = { ...DEFAULTS };
  // Each field alone: one bad value falls back to its default without losing the others.
  for (const key of ['phoneNumberId', 'wabaId', 'apiBase', 'graphVersion', 'webhookPort'] as const) {
    const one = parseCloudSetupPatch({ [key]: raw[key] });
    if (!one.ok) continue;
    const v = one.value[key];
    if (v === undefined || v === null) continue;
    if (key === 'webhookPort') {
      if (typeof v === 'number') out.webhookPort = v;
    } else if (typeof v === 'string') out[key] = v;
  }
  if (typeof raw.marketingMessages === 'boolean') out.marketingMessages = raw.marketingMessages;
  const test = parseStoredTest(raw.lastTest);
  if (test) out.lastTest = test;
  const hook = raw.webhookLimit;
  if (isRecord(hook) && typeof hook.at === 'number' && Number.isFinite(hook.at)) {
    const l: LimitChange = { at: hook.at };
    if (hook.messagingLimit === null || (typeof hook.messagingLimit === 'number' && hook.messagingLimit > 0)) l.messagingLimit = hook.messagingLimit;
    if (typeof hook.throughput === 'number' && hook.throughput > 0) l.throughput = hook.throughput;
    if (typeof hook.event === 'string' && hook.event.length <= 40) l.event = hook.event;
    out.webhookLimit = l;
  }
  return out;
}

function parseStoredTest(raw: unknown): ConnectionTest | undefined {
  if (!isRecord(raw) || typeof raw.at !== 'number' || typeof raw.ok !== 'boolean') return undefined;
  const t: ConnectionTest = { at: raw.at, ok: raw.ok };
  if (typeof raw.displayPhoneNumber === 'string') t.displayPhoneNumber = raw.displayPhoneNumber;
  if (typeof raw.verifiedName === 'string') t.verifiedName = raw.verifiedName;
  const q = QUALITY.find((x) => x === raw.qualityRating);
  if (q) t.qualityRating = q;
  if (raw.messagingLimit === null || (typeof raw.messagingLimit === 'number' && raw.messagingLimit > 0)) t.messagingLimit = raw.messagingLimit;
  if (typeof raw.throughput === 'number' && raw.throughput > 0) t.throughput = raw.throughput;
  if (typeof raw.templateCount === 'number' && raw.templateCount >= 0) t.templateCount = raw.templateCount;
  if (isRecord(raw.error) && typeof raw.error.code === 'number' && typeof raw.error.message === 'string' && typeof raw.error.action === 'string') {
    t.error = { code: raw.error.code, message: raw.error.message, action: raw.error.action };
    const reason = CONNECT_REASONS.find((r) => r === (raw.error as Record<string, unknown>).reason); // raw.error is a record (checked above)
    if (reason) t.error.reason = reason;
    const params = (raw.error as Record<string, unknown>).params;
    if (isRecord(params)) {
      const kept: ConnectReasonParams = {};
      if (typeof params.host === 'string') kept.host = params.host;
      if (typeof params.cause === 'string') kept.cause = params.cause;
      if (Array.isArray(params.missing)) kept.missing = params.missing.filter((m): m is 'phoneNumberId' | 'wabaId' | 'accessToken' => m === 'phoneNumberId' || m === 'wabaId' || m === 'accessToken');
      t.error.params = kept;
    }
  }
  return t;
}

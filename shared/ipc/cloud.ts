/**
 * The Cloud API connection in the IPC contract: what Settings shows, the patch it sends (secrets go in, never come
 * out), and a connection test's answer. The templates it syncs are shared/domain/template.ts.
 */
import { isRecord, parseString, rejectUnknownKeys, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';

export type SecretStorage = 'os-encrypted' | 'owner-only-file';

export interface CloudSetupView {
  phoneNumberId: string;
  wabaId: string;
  apiBase: string;
  graphVersion: string;
  hasAccessToken: boolean;
  hasAppSecret: boolean;
  hasVerifyToken: boolean;
  /** How the secrets are kept; `owner-only-file` comes with a visible warning in the UI. */
  secretStorage: SecretStorage;
  webhookPort: number;
  /** Promotional templates go through the Marketing Messages API (`/marketing_messages`; `/messages` the fallback). */
  marketingMessages: boolean;
  lastTest?: ConnectionTest;
}

export interface CloudSetupPatch {
  phoneNumberId?: string;
  wabaId?: string;
  apiBase?: string;
  graphVersion?: string;
  /** Secrets: a string sets, `null` forgets. They never come back out of main. */
  accessToken?: string | null;
  appSecret?: string | null;
  verifyToken?: string | null;
  webhookPort?: number;
  marketingMessages?: boolean;
}

export interface ConnectionTest {
  at: number;
  ok: boolean;
  displayPhoneNumber?: string;
  verifiedName?: string;
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  /** Unique people outside a 24 h window per moving 24 h; null when unlimited. */
  messagingLimit?: number | null;
  /** Messages per second the number may send. */
  throughput?: number;
  templateCount?: number;
  /** What went wrong, in words, and what to do (DOMAIN.md §3 actions). */
  /**
   * What went wrong: Graph's code (or main's negative code), main's English, and a stable `reason` with its
   * `params` that the screen words in the person's language (main's English only for a reason it does not know).
   */
  error?: { code: number; message: string; action: string; reason?: ConnectReason; params?: ConnectReasonParams };
}

/** Why a connection test failed, as a code (the renderer words it; connectErrors.ts). */
export type ConnectReason = 'token' | 'unknown_phone_id' | 'unknown_waba_id' | 'permission' | 'network' | 'timeout' | 'unreadable' | 'not_set_up';
export const CONNECT_REASONS: readonly ConnectReason[] = ['token', 'unknown_phone_id', 'unknown_waba_id', 'permission', 'network', 'timeout', 'unreadable', 'not_set_up'];

export interface ConnectReasonParams {
  /** The server asked (network, timeout, unreadable). */
  host?: string;
  /** What is not set up yet: `phoneNumberId`, `wabaId`, `accessToken`. */
  missing?: ('phoneNumberId' | 'wabaId' | 'accessToken')[];
  /** The system's error code of a network failure (ENOTFOUND, ECONNREFUSED…). */
  cause?: string;
}

const SECRET_MAX = 1_000;

export const parseCloudSetupPatch: Parser<CloudSetupPatch> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected the Cloud API settings.');
  const known = rejectUnknownKeys(input, ['phoneNumberId', 'wabaId', 'apiBase', 'graphVersion', 'accessToken', 'appSecret', 'verifyToken', 'webhookPort', 'marketingMessages']);
  if (!known.ok) return known;
  const out: CloudSetupPatch = {};
  for (const key of ['phoneNumberId', 'wabaId'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !/^[0-9]{0,32}$/.test(v.trim())) return fail('invalid_input', `${key} is a number of digits from Meta's WhatsApp Manager.`, { field: key });
    out[key] = v.trim();
  }
  if (input.apiBase !== undefined) {
    const r = parseString(input.apiBase, 'apiBase', { min: 1, max: 300 });
    if (!r.ok) return r;
    let url: URL;
    try {
      url = new URL(r.value);
    } catch {
      return fail('invalid_input', 'apiBase must be a URL.', { field: 'apiBase' });
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return fail('invalid_input', 'apiBase must be https (http only for 127.0.0.1).', { field: 'apiBase' });
    out.apiBase = r.value.replace(/\/+$/, '');
  }
  if (input.marketingMessages !== undefined) {
    if (typeof input.marketingMessages !== 'boolean') return fail('invalid_input', 'marketingMessages is true or false.', { field: 'marketingMessages' });
    out.marketingMessages = input.marketingMessages;
  }
  if (input.graphVersion !== undefined) {
    if (typeof input.graphVersion !== 'string' || !/^v\d{1,3}\.\d{1,2}$/.test(input.graphVersion)) return fail('invalid_input', 'graphVersion looks like v23.0.', { field: 'graphVersion' });
    out.graphVersion = input.graphVersion;
  }
  for (const key of ['accessToken', 'appSecret', 'verifyToken'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (v === null) {
      out[key] = null;
      continue;
    }
    const r = parseString(v, key, { min: 1, max: SECRET_MAX });
    if (!r.ok) return r;
    if (/\s/.test(r.value)) return fail('invalid_input', `${key} has spaces inside; paste it again without them.`, { field: key });
    out[key] = r.value;
  }
  if (input.webhookPort !== undefined) {
    const p = input.webhookPort;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1024 || p > 65535) return fail('invalid_input', 'webhookPort must be 1024 to 65535.', { field: 'webhookPort' });
    out.webhookPort = p;
  }
  return ok(out);
};

/**
 * Live checks of the values a shopkeeper copies out of Meta's screens, as they type them. Pure: a value (and, for the
 * ids, the other id) in, a verdict out; the screen turns the problem into words (`connect.check.<problem>`).
 *
 * Three verdicts: `ok` ("Looks right"), `unusual` (a hint; saving still works, because Meta may hand out something we
 * have not seen) and `wrong` (certainly wrong: main refuses it — ids with anything but digits, secrets with spaces,
 * a port out of range — or it can never work, such as a token in quotes or with "Bearer " in front). Only `wrong`
 * stops the form from saving. An empty field gets no verdict at all (null): nothing is shown.
 *
 * The shapes are Meta's (DOMAIN.md §2): phone number and WhatsApp Business Account ids are 15–16 digit numbers in
 * API Setup, access tokens start with "EAA" and run to about 200 characters, an app secret is 32 hex characters, the
 * verify token is anything the shop chooses (the receiver compares it in constant time), the Graph API version
 * looks like v27.0 (v24–v26 still run).
 */

export type CheckTone = 'ok' | 'unusual' | 'wrong';

export type CheckProblem =
  | 'id.phoneNumber'
  | 'id.notDigits'
  | 'id.length'
  | 'phoneId.sameAsWaba'
  | 'wabaId.phoneNumber'
  | 'token.bearer'
  | 'token.quotes'
  | 'token.spaces'
  | 'token.isAppSecret'
  | 'token.prefix'
  | 'token.short'
  | 'appSecret.spaces'
  | 'appSecret.isToken'
  | 'appSecret.chars'
  | 'appSecret.length'
  | 'verifyToken.spaces'
  | 'verifyToken.short'
  | 'port.range'
  | 'version.shape'
  | 'version.old';

export interface FieldCheck {
  tone: CheckTone;
  problem?: CheckProblem;
  /** Strings only: `t()` would format a number param as a quantity ("1,024"). */
  params?: Readonly<Record<string, string>>;
}

const OK: FieldCheck = { tone: 'ok' };
const wrong = (problem: CheckProblem, params?: Record<string, string>): FieldCheck => (params ? { tone: 'wrong', problem, params } : { tone: 'wrong', problem });
const unusual = (problem: CheckProblem, params?: Record<string, string>): FieldCheck => (params ? { tone: 'unusual', problem, params } : { tone: 'unusual', problem });

/** The characters that do not belong, each once, at most five, in the order they appear (a space is named "␣"). */
function strayCharacters(value: string, allowed: RegExp): string {
  const seen: string[] = [];
  for (const ch of value) {
    if (allowed.test(ch)) continue;
    const shown = /\s/.test(ch) ? '␣' : ch;
    if (!seen.includes(shown)) seen.push(shown);
    if (seen.length === 5) break;
  }
  return seen.join(' ');
}

/** "+82 10-1234-5678", "010 1234 5678", "(02) 555-0100": digits with the punctuation people write phone numbers with. */
const PHONE_LIKE = /^\+?[\d\s().-]+$/;
/** Meta's ids in API Setup are 15 or 16 digits today; older accounts have seen a few more or less. */
const ID_LENGTH = { min: 15, max: 17 };

function checkId(value: string, other: string, kind: 'phone' | 'waba'): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  if (!/^\d+$/.test(v)) {
    const digits = v.replace(/\D/g, '').length;
    // A phone number has at most 15 digits (E.164); an id pasted with spaces in it has 15 or more and no "+".
    if (PHONE_LIKE.test(v) && (v.startsWith('+') || (digits >= 7 && digits < ID_LENGTH.min))) {
      return wrong(kind === 'phone' ? 'id.phoneNumber' : 'wabaId.phoneNumber', { start: v.slice(0, 3) });
    }
    return wrong('id.notDigits', { chars: strayCharacters(v, /\d/) });
  }
  if (kind === 'phone' && v === other.trim()) return unusual('phoneId.sameAsWaba');
  if (v.length < ID_LENGTH.min || v.length > ID_LENGTH.max) return unusual('id.length', { digits: String(v.length) });
  return OK;
}

export const checkPhoneNumberId = (value: string, wabaId = ''): FieldCheck | null => checkId(value, wabaId, 'phone');
export const checkWabaId = (value: string, phoneNumberId = ''): FieldCheck | null => checkId(value, phoneNumberId, 'waba');

const HEX32 = /^[0-9a-f]{32}$/i;
/** System user tokens are about 200 characters; anything under 100 that starts with EAA was probably cut off. */
const TOKEN_MIN = 100;

export function checkAccessToken(value: string): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  if (/^bearer\b/i.test(v)) return wrong('token.bearer');
  if (/["'“”‘’`]/.test(v)) return wrong('token.quotes');
  if (/\s/.test(v)) return wrong('token.spaces');
  if (HEX32.test(v)) return unusual('token.isAppSecret');
  if (!v.startsWith('EAA')) return unusual('token.prefix', { start: v.slice(0, 3) });
  if (v.length < TOKEN_MIN) return unusual('token.short', { length: String(v.length) });
  return OK;
}

export function checkAppSecret(value: string): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  if (/\s/.test(v)) return wrong('appSecret.spaces');
  if (v.startsWith('EAA') && v.length > 40) return unusual('appSecret.isToken');
  if (!/^[0-9a-f]+$/i.test(v)) return unusual('appSecret.chars', { chars: strayCharacters(v, /[0-9a-f]/i) });
  if (v.length !== 32) return unusual('appSecret.length', { length: String(v.length) });
  return OK;
}

/** Anyone who knows the verify token can point Meta's subscription check at a fake; a longer one is harder to guess. */
const VERIFY_MIN = 8;

export function checkVerifyToken(value: string): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  if (/\s/.test(v)) return wrong('verifyToken.spaces');
  if ([...v].length < VERIFY_MIN) return unusual('verifyToken.short');
  return OK;
}

/** Main takes 1024–65535 (below 1024 needs administrator rights). */
export function checkPort(value: string): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1024 || Number(v) > 65535) return wrong('port.range');
  return OK;
}

/** The oldest Graph API version Meta still runs (DOMAIN.md §2: v27.0 current since 2026-11-04, v24–v26 still run). */
const OLDEST_VERSION = 24;

export function checkGraphVersion(value: string): FieldCheck | null {
  const v = value.trim();
  if (v === '') return null;
  const m = /^v(\d{1,3})\.\d{1,2}$/.exec(v);
  if (!m) return wrong('version.shape');
  if (Number(m[1]) < OLDEST_VERSION) return unusual('version.old');
  return OK;
}

/** The https origin of what the person pasted from the tunnel ("https://abc.trycloudflare.com/" → without the slash), or null. */
export function tunnelAddress(input: string): string | null {
  const v = input.trim();
  if (v === '') return null;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' && url.hostname.includes('.') ? url.origin : null;
  } catch {
    return null;
  }
}

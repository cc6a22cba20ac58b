/**
 * The connection test's error in the person's language. Main describes each problem in English with a code
 * (Graph's own, or its negative codes for problems before Graph answered); the ones the screen knows are
 * translated here, anything else shows main's words. test/connectErrors.test.ts runs main's real errors through
 * this, so a change of wording on one side cannot silently fall back to English.
 */
import type { ConnectionTest } from '../../../../shared/ipc/sending';
import type { TKey, Translator } from '../../i18n';

/** Main's codes for problems found before or around the Graph API (electron/services/cloudSetup.ts). */
const NETWORK = -1;
const NOT_SET_UP = -10;
const TIMEOUT = -11;
const UNREADABLE = -12;

type ErrorKey = '190' | 'phone' | 'waba' | 'network' | 'timeout' | 'unreadable' | 'notSetUp';

function keyOf(result: ConnectionTest): ErrorKey | undefined {
  const e = result.error;
  if (!e) return undefined;
  if (e.code === 190 || e.code === 0) return '190';
  // 100 is also "a bad parameter"; main says "does not know this … ID" only for an unknown id (subcode 33).
  if (e.code === 100 && e.message.startsWith('WhatsApp does not know this')) return result.displayPhoneNumber !== undefined ? 'waba' : 'phone';
  if (e.code === NETWORK) return 'network';
  if (e.code === TIMEOUT) return 'timeout';
  if (e.code === UNREADABLE && e.message.startsWith('The answer from')) return 'unreadable';
  // Only the "both missing" case has words here; another mix keeps main's sentence, which names exactly what is missing.
  if (e.code === NOT_SET_UP && e.message.startsWith('Not set up yet: the phone number ID and the access token are missing.')) return 'notSetUp';
  return undefined;
}

export function errorWords(t: Translator['t'], result: ConnectionTest): { message: string; action: string } | undefined {
  const e = result.error;
  if (!e) return undefined;
  const key = keyOf(result);
  if (key === undefined) return { message: e.message, action: e.action };
  const host = /^Could not reach ([^\s(]+?)\.?(?: \(|$)/.exec(e.message)?.[1] ?? '';
  const message: TKey = `connect.err.${key}.message`;
  const action: TKey = `connect.err.${key}.action`;
  const extra = key === 'notSetUp' ? e.message.slice('Not set up yet: the phone number ID and the access token are missing.'.length).trim() : '';
  return { message: extra ? `${t(message, { host })} ${extra}` : t(message, { host }), action: t(action) };
}

/**
 * The connection test's error in the person's language, from main's `reason` code and its params
 * (shared/ipc/cloud.ts ConnectReason). A test without a reason (saved by an older version) or a reason this build
 * does not know shows main's own words. test/connectErrors.test.ts runs main's real errors through this.
 */
import type { ConnectReason, ConnectionTest } from '../../../../shared/ipc/cloud';
import type { AppError } from '../../../../shared/lib/result';
import type { TKey, Translator } from '../../i18n';
import { listOf } from './WebhookStatusPanel';

type ErrorKey = '190' | 'phone' | 'waba' | 'permission' | 'network' | 'timeout' | 'unreadable' | 'notSetUp';

/** Every reason has its words: a new reason without them does not compile. */
const KEYS: { readonly [R in ConnectReason]: ErrorKey } = {
  token: '190',
  unknown_phone_id: 'phone',
  unknown_waba_id: 'waba',
  permission: 'permission',
  network: 'network',
  timeout: 'timeout',
  unreadable: 'unreadable',
  not_set_up: 'notSetUp',
};

const FIELD: Record<'phoneNumberId' | 'wabaId' | 'accessToken', TKey> = {
  phoneNumberId: 'connect.phoneNumberId',
  wabaId: 'connect.wabaId',
  accessToken: 'connect.accessToken',
};

export function errorWords(tr: Pick<Translator, 't' | 'language'>, result: ConnectionTest): { message: string; action: string } | undefined {
  const e = result.error;
  if (!e) return undefined;
  return reasonWords(tr, e);
}

/**
 * A failed `templates:sync` in the person's words: main sends the same reason code and params as a connection test
 * (`details.reason`, `host`, `missing` as a comma list); without a known reason, main's own message.
 */
export function syncFailureWords(tr: Pick<Translator, 't' | 'language'>, error: AppError): string {
  const d = error.details ?? {};
  const reason = typeof d.reason === 'string' ? (d.reason as ConnectReason) : undefined; // checked against KEYS below
  const missing = typeof d.missing === 'string' ? (d.missing.split(',').filter((f) => Object.hasOwn(FIELD, f)) as (keyof typeof FIELD)[]) : undefined;
  const params = { ...(typeof d.host === 'string' ? { host: d.host } : {}), ...(missing ? { missing } : {}) };
  const words = reasonWords(tr, { message: error.message, action: '', ...(reason !== undefined ? { reason } : {}), params });
  return words.action ? `${words.message} ${words.action}` : words.message;
}

function reasonWords(
  tr: Pick<Translator, 't' | 'language'>,
  e: { reason?: ConnectReason; params?: { host?: string; missing?: (keyof typeof FIELD)[] }; message: string; action: string },
): { message: string; action: string } {
  const key = e.reason !== undefined && Object.hasOwn(KEYS, e.reason) ? KEYS[e.reason] : undefined;
  if (key === undefined) return { message: e.message, action: e.action };
  const action = tr.t(`connect.err.${key}.action`);
  if (key === 'notSetUp') {
    const missing = (e.params?.missing ?? []).map((f) => tr.t(FIELD[f]));
    return { message: missing.length > 0 ? tr.t('connect.err.notSetUp.missing', { fields: listOf(tr.language, missing) }) : tr.t('connect.err.notSetUp.message'), action };
  }
  return { message: tr.t(`connect.err.${key}.message`, { host: e.params?.host ?? '' }), action };
}

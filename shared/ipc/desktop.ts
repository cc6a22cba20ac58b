/**
 * The desktop's own signals (issue 14 point 1): a notification for a new customer message or an overdue answer,
 * and the unread count on the dock/taskbar and tray. Electron shows them from main (the window's permission to
 * notify is denied on purpose); the browser host has no such part and answers `shown: false`, and the page uses the
 * browser's Notification API instead.
 */
import { isRecord, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';

export const NOTIFY_TITLE_MAX = 120;
export const NOTIFY_BODY_MAX = 300;

export interface DesktopNotice {
  title: string;
  body: string;
}

export const parseDesktopNotice: Parser<DesktopNotice> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'A notification must be an object.');
  const { title, body } = input;
  if (typeof title !== 'string' || title.trim() === '' || title.length > NOTIFY_TITLE_MAX) return fail('invalid_input', `title must be 1 to ${NOTIFY_TITLE_MAX} characters.`, { field: 'title' });
  if (typeof body !== 'string' || body.length > NOTIFY_BODY_MAX) return fail('invalid_input', `body must be at most ${NOTIFY_BODY_MAX} characters.`, { field: 'body' });
  const extra = Object.keys(input).find((k) => k !== 'title' && k !== 'body');
  if (extra !== undefined) return fail('invalid_input', `Unknown field: ${extra}.`, { field: extra });
  return ok({ title, body });
};

export const parseBadge: Parser<{ count: number }> = (input) => {
  if (!isRecord(input) || typeof input.count !== 'number' || !Number.isSafeInteger(input.count) || input.count < 0 || input.count > 1_000_000) {
    return fail('invalid_input', 'count must be a whole number from 0.', { field: 'count' });
  }
  return ok({ count: input.count });
};

/**
 * Notifications while Shopcast runs in the tray with no window (issue 14 point 1, issue 15: "answers while the window
 * is closed to the tray"). With a window open, the renderer decides the notices (shared/domain/inbox/notify.ts, with
 * the contacts' names from IndexedDB) and main only shows them (`app:notify`). With no window there is no renderer,
 * so main notifies new customer messages itself, from its own inbox: who (the number, or @username for a customer
 * WhatsApp shows without a number; names live in the renderer), what they wrote, in the shop's language.
 *
 * - Only messages that arrive while there is no window: what came before was seen by the window's own notices, and a
 *   window opening again takes over (it learns what is there without replaying it).
 * - A burst from more than NOTICE_BURST people becomes one summary notice, as in the window.
 * - The shop's "desktop notifications" setting (Settings → Inbox) applies.
 * Electron's pieces come in as ports, so this is tested with plain functions (windowlessNotices.test.ts).
 */
import { NOTICE_BURST } from '../shared/domain/inbox/notify';
import type { Language } from '../shared/domain/settings';
import type { InboxMessage, InboxPage } from '../shared/ipc/inbox';

export interface WindowlessNoticesDeps {
  notify: (n: { title: string; body: string }) => boolean;
  hasWindow: () => boolean;
  inboxSince: (after: number, limit: number) => Promise<InboxPage>;
  settings: () => Promise<{ language: Language; notifications?: boolean }>;
}

const WORDS: Record<Language, { from: (who: string) => string; many: (count: number, people: number) => string; kinds: Record<string, string>; other: string }> = {
  en: {
    from: (who) => `New message from ${who}`,
    many: (count, people) => `${count} new messages from ${people} customers`,
    kinds: { image: 'a photo', video: 'a video', audio: 'a voice message', document: 'a document', sticker: 'a sticker', location: 'a location', contacts: 'a contact card', reaction: 'a reaction' },
    other: 'a message',
  },
  ko: {
    from: (who) => `${who}님의 새 메시지`,
    many: (count, people) => `고객 ${people}명에게서 새 메시지 ${count}건`,
    kinds: { image: '사진', video: '동영상', audio: '음성 메시지', document: '문서', sticker: '스티커', location: '위치', contacts: '연락처', reaction: '반응' },
    other: '메시지',
  },
  'zh-Hant': {
    from: (who) => `${who} 傳來新訊息`,
    many: (count, people) => `${people} 位顧客傳來 ${count} 則新訊息`,
    kinds: { image: '一張相片', video: '一段影片', audio: '一則語音訊息', document: '一份文件', sticker: '一張貼圖', location: '一個位置', contacts: '一張聯絡人名片', reaction: '一個回應' },
    other: '一則訊息',
  },
};

const who = (m: InboxMessage) => (m.username !== undefined && !m.from.startsWith('+') ? `@${m.username.replace(/^@/, '')}` : m.from);

/** The notices for messages that arrived with no window (pure: tested as a table). */
export function windowlessNotices(messages: readonly InboxMessage[], language: Language): { title: string; body: string }[] {
  const w = WORDS[language];
  const byPerson = new Map<string, InboxMessage[]>();
  for (const m of messages) byPerson.set(m.from, [...(byPerson.get(m.from) ?? []), m]);
  if (byPerson.size > NOTICE_BURST) return [{ title: 'Shopcast', body: w.many(messages.length, byPerson.size) }];
  return [...byPerson.values()].map((ms) => {
    const last = ms[ms.length - 1]!; // every group has at least one message
    const text = last.text?.trim();
    return { title: w.from(who(last)), body: (text ? text : (w.kinds[last.type] ?? w.other)).slice(0, 300) };
  });
}

/**
 * Follows main's inbox: `start()` once the core has started (it learns where the inbox is, so nothing old is
 * notified), then `received(last)` on every `inbox:received` event. Calls run one at a time, in order.
 */
export function createWindowlessNotices(deps: WindowlessNoticesDeps): { start: () => Promise<void>; received: (last: number) => Promise<void> } {
  let seen: number | undefined;
  let work = Promise.resolve();
  const queue = (f: () => Promise<void>) => {
    const run = work.then(f);
    work = run.catch(() => undefined);
    return run;
  };
  const step = async (last: number) => {
    if (seen === undefined || deps.hasWindow()) {
      // Not started yet, or a window is open (the window notifies): only learn where the inbox is.
      seen = Math.max(seen ?? 0, last);
      return;
    }
    const fresh: InboxMessage[] = [];
    let after = seen;
    for (;;) {
      const page = await deps.inboxSince(after, 500);
      fresh.push(...page.messages);
      const next = page.messages.at(-1)?.seq;
      if (next === undefined || next >= page.last) break;
      after = next;
    }
    seen = Math.max(last, fresh.at(-1)?.seq ?? seen);
    const settings = await deps.settings();
    if (settings.notifications === false) return;
    for (const n of windowlessNotices(fresh, settings.language)) deps.notify(n);
  };
  return {
    start: () =>
      queue(async () => {
        const page = await deps.inboxSince(0, 1);
        seen = Math.max(seen ?? 0, page.last);
      }),
    received: (last) => queue(() => step(last)),
  };
}

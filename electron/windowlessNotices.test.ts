import { describe, expect, it } from 'vitest';
import type { InboxMessage } from '../shared/ipc/inbox';
import { createWindowlessNotices, windowlessNotices } from './windowlessNotices';

let seq = 0;
const msg = (from: string, extra: Partial<InboxMessage> = {}): InboxMessage => ({ seq: ++seq, id: `wamid.${seq}`, from, type: 'text', at: seq * 1000, optOut: 'none', ...extra });

describe('what a notice says with no window open', () => {
  it.each([
    ['en', [msg('+821012345678', { text: 'Where is my order?' })], [{ title: 'New message from +821012345678', body: 'Where is my order?' }]],
    ['ko', [msg('+821012345678', { text: '  배송 언제 와요?  ' })], [{ title: '+821012345678님의 새 메시지', body: '배송 언제 와요?' }]],
    ['zh-Hant', [msg('+886912345678', { type: 'image' })], [{ title: '+886912345678 傳來新訊息', body: '一張相片' }]],
    ['en', [msg('KR.abc123', { username: 'mina.flowers', text: 'hi' })], [{ title: 'New message from @mina.flowers', body: 'hi' }]],
    ['en', [msg('+15550001111', { type: 'unsupported' })], [{ title: 'New message from +15550001111', body: 'a message' }]],
    // Two messages from one person: one notice, with the newest.
    ['en', [msg('+821011112222', { text: 'first' }), msg('+821011112222', { text: 'second' })], [{ title: 'New message from +821011112222', body: 'second' }]],
  ] as const)('%s: %j', (language, messages, expected) => {
    expect(windowlessNotices(messages, language)).toEqual(expected);
  });

  it('a burst from more than three people is one summary notice', () => {
    const ms = ['+821000000001', '+821000000002', '+821000000003', '+821000000004'].flatMap((p) => [msg(p, { text: 'a' }), msg(p, { text: 'b' })]);
    expect(windowlessNotices(ms, 'ko')).toEqual([{ title: 'Shopcast', body: '고객 4명에게서 새 메시지 8건' }]);
  });
});

describe('following main’s inbox', () => {
  function setup(initial: InboxMessage[]) {
    const inbox = [...initial];
    const shown: { title: string; body: string }[] = [];
    const state = { window: false, notifications: true as boolean | undefined };
    const notices = createWindowlessNotices({
      notify: (n) => (shown.push(n), true),
      hasWindow: () => state.window,
      inboxSince: async (after, limit) => ({ messages: inbox.filter((m) => m.seq > after).slice(0, limit), last: inbox.at(-1)?.seq ?? 0 }),
      settings: async () => ({ language: 'en', ...(state.notifications !== undefined ? { notifications: state.notifications } : {}) }),
    });
    const add = (m: InboxMessage) => {
      inbox.push(m);
      return notices.received(m.seq);
    };
    return { notices, shown, state, add, inbox };
  }

  it('notifies only what arrives with no window, never what was there at the start', async () => {
    const t = setup([msg('+821000000009', { text: 'old' })]);
    await t.notices.start();
    await t.add(msg('+821000000001', { text: 'new' }));
    expect(t.shown).toEqual([{ title: 'New message from +821000000001', body: 'new' }]);
  });

  it('with a window open the window notifies (main says nothing), and closing it does not replay those messages', async () => {
    const t = setup([]);
    await t.notices.start();
    t.state.window = true;
    await t.add(msg('+821000000001', { text: 'seen by the window' }));
    t.state.window = false;
    await t.add(msg('+821000000002', { text: 'after closing' }));
    expect(t.shown.map((n) => n.body)).toEqual(['after closing']);
  });

  it('more than a page (500) is read to its end: one summary, and nothing is notified twice', async () => {
    const t = setup([]);
    await t.notices.start();
    const many = Array.from({ length: 1200 }, (_, i) => msg(`+8210000${String(i % 7).padStart(5, '0')}`, { text: `m${i}` }));
    for (const m of many.slice(0, -1)) t.inbox.push(m);
    await t.add(many.at(-1)!);
    await t.notices.received(many.at(-1)!.seq); // the same event again
    expect(t.shown).toEqual([{ title: 'Shopcast', body: '1200 new messages from 7 customers' }]);
  });

  it('the shop turned notifications off: nothing is shown', async () => {
    const t = setup([]);
    await t.notices.start();
    t.state.notifications = false;
    await t.add(msg('+821000000001', { text: 'x' }));
    expect(t.shown).toEqual([]);
  });
});

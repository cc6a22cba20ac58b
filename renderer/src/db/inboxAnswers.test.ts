import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DUE } from '../../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../shared/domain/inbox/triage';
import type { AnswerState, AnswerView } from '../../../shared/ipc/inbox';
import type { ShopcastDB } from './db';
import { answered, loadInbox, loadThread } from './inbox';
import { freshDb } from './testDb';

let db: ShopcastDB;
afterEach(() => db?.close());

const rules = compileRules(DEFAULT_TRIAGE_RULES);
const CUSTOMER = '+821012345678';
const T0 = Date.UTC(2026, 2, 10, 3, 0, 0);

const answer = (id: string, state: AnswerState, createdAt: number, over: Partial<AnswerView> = {}): AnswerView => ({
  id,
  to: CUSTOMER,
  content: { kind: 'text', body: `answer ${id}` },
  channel: 'sandbox',
  createdAt,
  state,
  rev: 1,
  ...over,
});

async function withQuestion(): Promise<void> {
  db = freshDb();
  await db.inbox.put({ seq: 1, id: 'wamid.IN1', from: CUSTOMER, type: 'text', text: '이거 아직 있나요?', at: T0, optOut: 'none' });
}

describe('answers in the inbox', () => {
  it.each([
    ['sending', true],
    ['accepted', true],
    ['sent', true],
    ['delivered', true],
    ['read', true],
    ['unclear', true],
    ['failed', false],
    ['not_sent', false],
  ] as const)('an answer that is %s answered the customer: %s', (state, yes) => {
    expect(answered({ state })).toBe(yes);
  });

  it('an answer that went moves the conversation to waiting on the customer; a failed one leaves it needing an answer', async () => {
    await withQuestion();
    const open = await loadInbox(db, rules, DEFAULT_DUE, [answer('a1', 'failed', T0 + 60_000)]);
    expect(open.conversations[0]).toMatchObject({ identity: CUSTOMER, status: 'open' });
    const waiting = await loadInbox(db, rules, DEFAULT_DUE, [answer('a1', 'failed', T0 + 60_000), answer('a2', 'delivered', T0 + 120_000)]);
    expect(waiting.conversations[0]).toMatchObject({ identity: CUSTOMER, status: 'waiting', unread: 0, lastActivityAt: T0 + 120_000 });
  });

  it('the thread shows our answers in time order with their ticks and the message each quotes; other customers’ answers are not in it', async () => {
    await withQuestion();
    const thread = await loadThread(db, CUSTOMER, rules, [
      answer('a2', 'read', T0 + 120_000, { quote: 'wamid.IN1', staff: '민지' }),
      answer('a1', 'failed', T0 + 60_000, { code: 131047 }),
      answer('x1', 'sent', T0 + 30_000, { to: '+821099999999' }),
    ]);
    expect(thread.map((i) => (i.kind === 'answer' ? `${i.answer.id}:${i.answer.state}` : i.kind))).toStrictEqual(['inbound', 'a1:failed', 'a2:read']);
    const quoted = thread.find((i) => i.kind === 'answer' && i.answer.id === 'a2');
    expect(quoted?.kind === 'answer' ? quoted.quoted?.text : undefined).toBe('이거 아직 있나요?');
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { ConversationStore } from '../services/conversations';
import { Inbox } from '../services/inbox';
import { encodeLine, type JournalRecord } from '../services/journal';
import { inboxCommand, type ListedConversation } from './inbox';
import { runCli } from './main';
import { recordingIo } from './testIo';

let cwd: string;
let dataDir: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'shopcast-inbox-cli-'));
  dataDir = join(cwd, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 14, 50, 0); // 23:50 in Seoul: due times run past midnight
const PAY = '+821011111111';
const THANKS = '+821022222222';
const DONE = '+821033333333';
const ANSWERED = '+821044444444';
const USER_ONLY = 'KR.1189543025813';

/** A folder as the app leaves it: replies, one answer that went and one that failed, and people's actions. */
async function appFolder(opts: { answerTimes?: unknown } = {}): Promise<void> {
  const inbox = await Inbox.load(nodeJournalFs, dataDir);
  const msg = (id: string, from: string, at: number, text: string, more: object = {}) => inbox.add({ id, from, type: 'text', text, at, optOut: 'none', ...more });
  await msg('w1', PAY, T0, '결제가 안 돼요');
  await msg('w2', THANKS, T0 + MIN, 'thank you!');
  await msg('w3', DONE, T0 + 2 * MIN, 'where is my order?');
  await msg('w4', ANSWERED, T0 + 3 * MIN, 'is it in stock?');
  await msg('w5', USER_ONLY, T0 + 4 * MIN, '有貨嗎', { userId: USER_ONLY, username: '@lin' });
  await msg('w6', PAY, T0 + 5 * MIN, '빨리 답해 주세요');
  const actions = await ConversationStore.load(nodeJournalFs, dataDir);
  await actions.add({ identity: DONE, at: T0 + 10 * MIN, kind: 'status', status: 'done', by: 'Jin' });
  await actions.add({ identity: THANKS, at: T0 + 11 * MIN, kind: 'priority', priority: 'high' });
  await actions.add({ identity: PAY, at: T0 + 12 * MIN, kind: 'read' });
  await actions.add({ identity: PAY, at: T0 + 13 * MIN, kind: 'assign', staff: '민지' });
  const answer = (id: string, to: string, at: number, outcome: JournalRecord[]) => {
    mkdirSync(join(dataDir, 'answers', id), { recursive: true });
    const records: JournalRecord[] = [
      { t: 'campaign', id, spec: { kind: 'answer', to, content: { kind: 'text', body: 'yes' }, channel: 'sandbox' }, at },
      { t: 'job', job: `${id}-0`, contact: to },
      { t: 'sealed', count: 1, at },
      { t: 'attempting', job: `${id}-0`, n: 1, at },
      ...outcome,
    ];
    writeFileSync(join(dataDir, 'answers', id, 'journal.jsonl'), records.map(encodeLine).join(''));
  };
  answer('a1', ANSWERED, T0 + 6 * MIN, [{ t: 'accepted', job: 'a1-0', wamid: 'wamid.1', at: T0 + 6 * MIN }]);
  answer('a2', THANKS, T0 + 7 * MIN, [{ t: 'failed', job: 'a2-0', code: 131026, message: 'undeliverable', at: T0 + 7 * MIN }]);
  if (opts.answerTimes !== undefined) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ shopName: 'x', answerTimes: opts.answerTimes }));
}

async function list(args: string[], now = T0 + 30 * MIN): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo({ cwd });
  const code = await inboxCommand({ fs: nodeJournalFs, now: () => now }).run(args, io);
  return { code, out: io.out, err: io.err };
}

const json = async (args: string[], now?: number): Promise<ListedConversation[]> => {
  const r = await list([...args, '--json'], now);
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out) as ListedConversation[];
};

describe('shopcast inbox list', () => {
  it('lists the open conversations soonest due first, folded as the Inbox folds them', async () => {
    await appFolder();
    const rows = await json(['list', '--data-dir', dataDir]);
    expect(rows.map((r) => [r.identity, r.status, r.priority, r.reason, r.dueAt, r.overdue, r.unread])).toEqual([
      // A payment problem (high), read by a person, written twice: the earliest open message's due time, past midnight in Seoul.
      [PAY, 'open', 'high', 'payment_problem', '2026-12-01T15:05:00.000Z', true, 0],
      // Thanks (low) made high by a person: due 15 minutes after it; the failed answer did not answer it.
      [THANKS, 'open', 'high', 'set_by_person', '2026-12-01T15:06:00.000Z', true, 1],
      // A stock question in Chinese from a username-only customer (medium, 1 h).
      [USER_ONLY, 'open', 'medium', 'stock', '2026-12-01T15:54:00.000Z', false, 1],
      // The answer went: waiting on the customer, nothing due.
      [ANSWERED, 'waiting', undefined, undefined, undefined, false, 0],
    ]);
    expect(rows[0]).toMatchObject({ phone: PAY, assignee: '민지', lastMessage: { type: 'text', text: '빨리 답해 주세요', at: '2026-12-01T14:55:00.000Z' } });
    expect(rows[0]!.userId).toBeUndefined();
    expect(rows[2]).toMatchObject({ userId: USER_ONLY, username: '@lin' });
    expect(rows[2]!.phone).toBeUndefined();
  });

  it.each([
    ['open (the default)', [], [PAY, THANKS, USER_ONLY, ANSWERED]],
    ['open', ['--status', 'open'], [PAY, THANKS, USER_ONLY, ANSWERED]],
    ['done', ['--status=done'], [DONE]],
    ['all, newest activity first (an answer counts, a failed one does not)', ['--status', 'all'], [ANSWERED, PAY, USER_ONLY, DONE, THANKS]],
  ] as const)('--status %s', async (_why, flags, identities) => {
    await appFolder();
    expect((await json(['list', '--data-dir', dataDir, ...flags])).map((r) => r.identity)).toEqual(identities);
  });

  it('uses the shop\'s answer times from settings.json, and the defaults when they are not valid', async () => {
    await appFolder({ answerTimes: { high: 5 * MIN, medium: 30 * MIN, low: 2 * 60 * MIN } });
    const mine = await json(['list', '--data-dir', dataDir]);
    expect(mine.find((r) => r.identity === USER_ONLY)?.dueAt).toBe('2026-12-01T15:24:00.000Z');
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ answerTimes: { high: 1, medium: 2, low: 3 } }));
    const fallback = await json(['list', '--data-dir', dataDir]);
    expect(fallback.find((r) => r.identity === USER_ONLY)?.dueAt).toBe('2026-12-01T15:54:00.000Z');
  });

  it('triages with the shop\'s rules from settings.json: a custom word, a rule switched off, the built-in rules when damaged', async () => {
    await appFolder();
    const rules = {
      version: 1,
      unmatched: 'low',
      rules: [
        { reason: 'payment_problem', priority: 'high', words: { ko: ['결제가안'] }, off: true },
        { reason: 'shop_1', priority: 'high', label: '재고 급함', words: { 'zh-Hant': ['有貨'] } },
      ],
    };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ triageRules: rules }));
    const mine = await json(['list', '--data-dir', dataDir]);
    expect(mine.find((r) => r.identity === USER_ONLY)).toMatchObject({ priority: 'high', reason: 'shop_1', reasonWord: '有貨', dueAt: '2026-12-01T15:09:00.000Z' });
    // The payment rule is off: both of that customer's messages fall to the shop's "unmatched" priority.
    expect(mine.find((r) => r.identity === PAY)).toMatchObject({ priority: 'low', reason: 'unmatched' });
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ triageRules: { ...rules, version: 9 } }));
    const fallback = await json(['list', '--data-dir', dataDir]);
    expect(fallback.find((r) => r.identity === USER_ONLY)).toMatchObject({ priority: 'medium', reason: 'stock' });
    expect(fallback.find((r) => r.identity === PAY)).toMatchObject({ priority: 'high', reason: 'payment_problem' });
  });

  it('says overdue by the injected clock', async () => {
    await appFolder();
    const early = await json(['list', '--data-dir', dataDir], T0 + 10 * MIN);
    expect(early.map((r) => r.overdue)).toEqual([false, false, false, false]);
    const late = await json(['list', '--data-dir', dataDir], T0 + 2 * 60 * MIN);
    expect(late.map((r) => r.overdue)).toEqual([true, true, true, false]);
  });

  it('prints a table, with the folder from SHOPCAST_DATA_DIR through the CLI entry', async () => {
    await appFolder();
    const io = recordingIo({ cwd, env: { SHOPCAST_DATA_DIR: 'data' } });
    expect(await runCli(['inbox', 'list'], io)).toBe(0);
    const lines = io.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHO\s+STATUS\s+PRIORITY\s+DUE\s+UNREAD\s+ASSIGNED\s+LAST\s+MESSAGE$/);
    expect(lines[1]).toMatch(new RegExp(`^\\${PAY}\\s+open\\s`));
    expect(lines[1]).toContain('high (payment_problem)');
    expect(lines[1]).toContain('2026-12-01T15:05:00.000Z overdue');
    expect(lines[1]).toContain('민지');
    expect(lines[3]).toContain(`${USER_ONLY} @lin`);
    expect(lines).toHaveLength(5);
  });

  it('an empty folder has no conversations; wrong usage exits 2', async () => {
    expect(await list(['list', '--data-dir', dataDir])).toEqual({ code: 0, out: 'No conversations.\n', err: '' });
    expect((await list(['list', '--status', 'waiting'])).code).toBe(2);
    expect((await list(['show'])).code).toBe(2);
    expect((await list([])).code).toBe(2);
    expect((await list(['list', 'extra'])).code).toBe(2);
  });
});

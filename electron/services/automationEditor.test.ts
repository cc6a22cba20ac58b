/**
 * The Automation screen's side of main (issue 15 points 1, 2, 4, 5): `automation:get` / `automation:set` /
 * `automation:try` through the real core and dispatch() on a real data folder, and the per-rule counters and the
 * month's cost read from real answer journals (a signed webhook into the real receiver on 127.0.0.1, the answer sent
 * to the fake Graph API). `AutomationEditor` on its own for the counting and pricing table.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/ipc/dispatch';
import type { AutomationSaveResult, AutomationTryResult, AutomationView } from '../../shared/ipc/automation';
import { DEFAULT_RATE_TABLE } from '../../shared/domain/campaign/costs';
import { AutoClock, VirtualClock } from '../../test/fakes/clock';
import { signatureOf, startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { freePort } from '../../test/fakes/net';
import { nodeFs } from '../adapters/fs';
import { AutomationEditor, type AutomaticAnswerFact } from './automation';
import { createCore, type Core } from './core';

const NOON_SEOUL = Date.UTC(2026, 11, 1, 3, 0, 0); // Tuesday 1 December 2026, 12:00 in Seoul
const DAY = 86_400_000;
const SECRET = 'automation-editor-secret';
const RULES = {
  keywordReplies: [{ name: 'Delivery', keywords: ['delivery', '배송'], match: 'contains', reply: '{name}, your parcel leaves today.', mine: 'kept' }],
  greeting: { enabled: true, text: 'Welcome to the shop!', afterDays: 14 },
  away: { enabled: true, text: 'We are closed; we answer {opens}.' },
  businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], tue: [['13:00', '19:00']] }, holidays: [], closedToday: null },
  team: { owner: 'Mina' },
};

let dir: string;
let core: Core | undefined;
let fake: FakeGraphApi | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-automation-editor-'));
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fake?.close();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function startCore(clock = new AutoClock(NOON_SEOUL)) {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language: 'en', defaultCountry: 'KR', setupDone: true }));
  const c = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0.0.0', platform: 'linux', locale: 'en-US', clock, random: () => 0.5, sandboxSeed: 3 });
  core = c;
  await c.start();
  return <T>(channel: string, input?: unknown) => dispatch(c.handlers, channel, input, { transport: 'test' }) as Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
}

const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r)}`);
  return r.value;
};

describe('automation:get / set / try through the core', () => {
  it('with no file: an empty set, nothing counted, nothing spent', async () => {
    const call = await startCore();
    const view = value(await call<AutomationView>('automation:get'));
    expect(view).toMatchObject({ rules: { keywordReplies: [] }, exists: false, problems: [], counts: {}, cost: { answers: 0, total: 0, currency: DEFAULT_RATE_TABLE.currency, ownRates: false }, at: NOON_SEOUL });
  });

  it('saves a set atomically with its unknown fields, and it is in force at once', async () => {
    const call = await startCore();
    const saved = value(await call<AutomationSaveResult>('automation:set', { rules: RULES }));
    expect(saved.saved).toBe(true);
    const file = JSON.parse(readFileSync(join(dir, 'automation.json'), 'utf8')) as typeof RULES;
    expect(file.team).toEqual({ owner: 'Mina' });
    expect(file.keywordReplies[0]?.mine).toBe('kept');
    const view = value(await call<AutomationView>('automation:get'));
    expect(view.exists).toBe(true);
    expect(view.rules).toEqual(file);
    // Tuesday noon in Seoul is before Tuesday's 13:00 opening: a keyword answers first, else the away message.
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'Where is my delivery?' }))).toEqual({ send: true, source: 'keyword:Delivery', kind: 'keyword', rule: 'Delivery', keyword: 'delivery', text: '{name}, your parcel leaves today.', open: false });
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'Hello', firstMessage: false }))).toEqual({ send: true, source: 'away', kind: 'away', text: 'We are closed; we answer today 13:00.', open: false });
    // At 14:00 the shop is open: a first message is greeted, a later one has nothing to answer it.
    const open = NOON_SEOUL + 2 * 3_600_000;
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'Hello', at: open }))).toMatchObject({ send: true, source: 'greeting', text: 'Welcome to the shop!', open: true });
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'Hello', at: open, firstMessage: false }))).toEqual({ send: false, refusal: 'no_rule', open: true });
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'STOP' }))).toEqual({ send: false, refusal: 'opt_out_word', open: false });
  });

  it('try: a rule with a label condition answers a pretend customer with one of its labels, and only then', async () => {
    const call = await startCore();
    const vip = { keywordReplies: [{ name: 'VIP', keywords: ['delivery'], match: 'contains', reply: 'VIP parcels leave first.', conditions: { labels: ['VIP', '단골'] } }] };
    value(await call('automation:set', { rules: vip }));
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'delivery?' }))).toEqual({ send: false, refusal: 'no_rule', open: null });
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'delivery?', labels: ['B2B'] }))).toEqual({ send: false, refusal: 'no_rule', open: null });
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'delivery?', labels: ['b2b', 'vip'] }))).toMatchObject({ send: true, source: 'keyword:VIP', text: 'VIP parcels leave first.' });
  });

  it('a set with problems is refused with each line and path, and the file stays as it was', async () => {
    const call = await startCore();
    value(await call('automation:set', { rules: RULES }));
    const before = readFileSync(join(dir, 'automation.json'), 'utf8');
    const bad = { ...RULES, keywordReplies: [{ ...RULES.keywordReplies[0], match: 'exact' }, { name: 'delivery', keywords: [], reply: 'x' }] };
    const refused = value(await call<AutomationSaveResult>('automation:set', { rules: bad }));
    expect(refused.saved).toBe(false);
    if (refused.saved) return;
    expect(refused.problems.map((p) => [p.path, p.problem])).toEqual([
      ['keywordReplies[0].match', 'bad_match'],
      ['keywordReplies[1].name', 'duplicate_name'],
      ['keywordReplies[1].keywords', 'no_keywords'],
    ]);
    expect(refused.problems.every((p) => p.line > 1)).toBe(true);
    expect(readFileSync(join(dir, 'automation.json'), 'utf8')).toBe(before);
    // A shape the contract refuses never reaches the service.
    expect(await call('automation:set', { rules: [] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a damaged file: the view says where, there are no rules in force, and a rule switched off is named by try', async () => {
    writeFileSync(join(dir, 'automation.json'), '{\n  "keywordReplies": [\n    { "name": "x", }\n  ]\n}\n');
    const call = await startCore();
    const view = value(await call<AutomationView>('automation:get'));
    expect(view).toMatchObject({ exists: true, rules: { keywordReplies: [] }, problems: [{ line: 3, path: '', problem: 'not_json' }] });
    value(await call('automation:set', { rules: { keywordReplies: [{ ...RULES.keywordReplies[0], enabled: false }] } }));
    expect(value(await call<AutomationTryResult>('automation:try', { text: 'delivery?' }))).toEqual({ send: false, refusal: 'no_rule', offRule: 'Delivery', open: null });
  });

  it('counts the automatic answers of each rule from the answers journals, and prices them as service messages', async () => {
    fake = await startFakeGraphApi();
    const clock = new AutoClock(NOON_SEOUL);
    const call = await startCore(clock);
    value(await call('automation:set', { rules: { ...RULES, away: { enabled: false, text: '' }, greeting: { enabled: false, text: '' } } }));
    const port = await freePort();
    value(await call('cloud:update', { apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, appSecret: SECRET, verifyToken: 'vt', webhookPort: port }));
    value(await call('webhook:start', { port }));
    const message = async (from: string, id: string, text: string) => {
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: fake!.phoneNumberId }, contacts: [{ wa_id: from, profile: { name: from } }], messages: [{ id, from, timestamp: String(Math.floor(clock.now() / 1000)), type: 'text', text: { body: text } }] } }] }] });
      const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, SECRET) }, body });
      expect(r.status).toBe(200);
    };
    await message('821011112222', 'wamid.A', 'delivery?');
    await message('821033334444', 'wamid.B', '배송 언제요');
    await message('821055556666', 'wamid.C', 'hello'); // no rule answers it
    await expect.poll(async () => value(await call<AutomationView>('automation:get')).counts, { timeout: 5_000 }).toEqual({ 'keyword:Delivery': { recent: 2, total: 2 } });
    const view = value(await call<AutomationView>('automation:get'));
    // Two Korean service messages after 2026-10-01 at the default table's utility rate for KR.
    expect(view.cost).toEqual({ answers: 2, total: 2 * (DEFAULT_RATE_TABLE.rates.KR?.UTILITY ?? NaN), currency: 'USD', asOf: DEFAULT_RATE_TABLE.asOf, ownRates: false });
  });
});

describe('AutomationEditor on its own (answers as facts, a real file)', () => {
  const facts: AutomaticAnswerFact[] = [
    { at: NOON_SEOUL - 1 * DAY, to: '+821011112222', source: 'keyword:Delivery', channel: 'cloud', state: 'delivered' },
    { at: NOON_SEOUL - 29 * DAY, to: '+14155550100', source: 'keyword:Delivery', channel: 'cloud', state: 'read' },
    { at: NOON_SEOUL - 31 * DAY, to: '+821011112222', source: 'keyword:Delivery', channel: 'cloud', state: 'read' }, // older than 30 days
    { at: NOON_SEOUL - 2 * DAY, to: '+821011112222', source: 'greeting', channel: 'sandbox', state: 'delivered' }, // the Sandbox costs nothing
    { at: NOON_SEOUL - 3 * DAY, to: '+821011112222', source: 'away', channel: 'cloud', state: 'failed' }, // fired, not billed
    { at: NOON_SEOUL - 3 * DAY, to: '+821011112222', source: 'away', channel: 'cloud', state: 'not_sent' }, // never left
  ];
  const editor = (rateTable = DEFAULT_RATE_TABLE as typeof DEFAULT_RATE_TABLE | undefined) =>
    new AutomationEditor({ fs: nodeFs, dataDir: dir, clock: new VirtualClock(NOON_SEOUL), settings: async () => ({ language: 'en', ...(rateTable ? { rateTable } : {}) }), automaticAnswers: () => facts });

  it('counts each rule over the last 30 days and all time; what never left is not counted', async () => {
    const view = await editor().view();
    expect(view.counts).toEqual({ 'keyword:Delivery': { recent: 2, total: 3 }, greeting: { recent: 1, total: 1 }, away: { recent: 1, total: 1 } });
  });

  it('prices the last 30 days’ Cloud answers as service messages in each country, with the shop’s own table', async () => {
    const own = { ...DEFAULT_RATE_TABLE, currency: 'KRW', asOf: '2026-11-01', rates: { KR: { SERVICE: 10 } }, otherCountries: { UTILITY: 3 } };
    expect((await editor(own).view()).cost).toEqual({ answers: 2, total: 13, currency: 'KRW', asOf: '2026-11-01', ownRates: true });
    const free = { ...own, serviceBilledFrom: undefined };
    delete free.serviceBilledFrom;
    expect((await editor(free).view()).cost).toMatchObject({ answers: 2, total: 0 }); // a table where replies are free
  });

  it('a quick-reply answer goes with the text the screen stored in the rule; without one it cannot go', async () => {
    const e = editor();
    const rule = (reply: unknown) => ({ keywordReplies: [{ name: 'Price', keywords: ['price'], reply }] });
    expect(await e.save(rule({ quickReplyId: 'q1', shortcut: 'price', text: 'From 10,000 won.' }))).toMatchObject({ saved: true });
    expect(await e.try({ text: 'price?' })).toEqual({ send: true, source: 'keyword:Price', kind: 'keyword', rule: 'Price', keyword: 'price', text: 'From 10,000 won.', open: null });
    expect(await e.save(rule({ quickReplyId: 'q1' }))).toMatchObject({ saved: true });
    expect(await e.try({ text: 'price?' })).toEqual({ send: false, refusal: 'quick_reply_missing', open: null });
  });

  it('a refused save writes nothing when there was no file', async () => {
    const r = await editor().save({ keywordReplies: [{ name: 'x', keywords: ['a'], reply: '' }] });
    expect(r).toEqual({ saved: false, problems: [{ line: 8, path: 'keywordReplies[0].reply', problem: 'bad_reply' }] });
    expect(existsSync(join(dir, 'automation.json'))).toBe(false);
  });
});


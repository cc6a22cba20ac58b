/**
 * Automation in main (issue 15) through the real core: the shop's automation.json, signed webhooks into the real
 * receiver on 127.0.0.1, the answers journaled and sent to the fake Graph API, an injected clock (AutoClock from a
 * Tuesday noon in Seoul). The safety rules themselves are tables in shared/domain/automation/safety.test.ts; here:
 * an automated answer goes once (also when Meta delivers the message twice), is marked automatic with its rule, an
 * opt-out word gets no automated answer, Meta's agent (standby) silences it, and the away message says when the shop opens;
 * a label condition fires only for a customer the renderer said carries the label (`automation:labels`, also after a
 * restart from contact-labels.json); the breakers' pause in `automation:get` with its reason; and the Sandbox end to
 * end in virtual time (a campaign, the simulated customers' replies, the rule's automatic answers on the Sandbox).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboxPage } from '../../shared/ipc/inbox';
import type { AutomationView } from '../../shared/ipc/automation';
import { AutoClock, ManualClock } from '../../test/fakes/clock';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { startWebhookCore } from '../../test/fakes/webhookCore';
import type { Core } from './core';

const NOON_SEOUL = Date.UTC(2026, 11, 1, 3, 0, 0); // Tuesday 1 December 2026, 12:00 in Seoul
const SECRET = 'automation-secret';
const RULES = {
  keywordReplies: [{ name: '배송 문의', keywords: ['배송', 'delivery', '物流'], match: 'contains', reply: '{name}님, 주문하신 상품은 오늘 출발해요. 송장: https://track.example/1' }],
  greeting: { enabled: false, text: '안녕하세요!' },
  away: { enabled: true, text: '지금은 영업시간이 아니에요. {opens}에 답해 드릴게요.' },
  businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], tue: [['13:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']], fri: [['10:00', '19:00']], sat: [], sun: [] } },
};

let dir: string;
let fake: FakeGraphApi;
let core: Core | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-automation-'));
  fake = await startFakeGraphApi();
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startCore(rules: unknown, clock: AutoClock | ManualClock = new AutoClock(NOON_SEOUL)) {
  const h = await startWebhookCore({ dir, fake, secret: SECRET, clock, rules });
  core = h.core;
  /** Waits for the webhook work and the automation queue to settle (the answers are journaled by then). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
  };
  return {
    call: h.call,
    post: (value: Record<string, unknown>) => h.post('messages', value),
    message: (from: string, id: string, text: string, atMs = clock.now(), profileName = from) => h.message(from, id, text, atMs, profileName),
    standby: (from: string, id: string) => h.standby(from, id, clock.now()),
    answers: h.answers,
    settle,
  };
}

describe('automation through the core', () => {
  it('a keyword rule answers once, marked automatic with its rule, also when Meta delivers the message twice', async () => {
    const c = await startCore({ ...RULES, away: { enabled: false, text: '' } });
    expect(await c.message('821011112222', 'wamid.IN.1', '배송 언제 와요?')).toBe(200);
    expect(await c.message('821011112222', 'wamid.IN.1', '배송 언제 와요?')).toBe(200); // the same message again
    await c.settle();
    await expect.poll(async () => (await c.answers()).length, { timeout: 5_000 }).toBe(1);
    const [a] = await c.answers();
    expect(a).toMatchObject({ to: '+821011112222', channel: 'cloud', automatic: { source: 'keyword:배송 문의' } });
    expect(a?.content).toMatchObject({ kind: 'text', body: expect.stringContaining('주문하신 상품은 오늘 출발해요') });
    await expect.poll(() => fake.requests.get('821011112222') ?? 0, { timeout: 5_000 }).toBe(1);
  });

  it('the answer is sent with {name} as the WhatsApp profile name and {shop} filled (never the braces)', async () => {
    const rules = { keywordReplies: [{ name: '배송', keywords: ['배송'], match: 'contains', reply: '{name}님, {shop}입니다. 오늘 출발해요 {city}' }] };
    const c = await startCore(rules);
    expect(await c.message('821011113333', 'wamid.NAME', '배송 언제 와요?', undefined, '김민지')).toBe(200);
    await c.settle();
    await expect.poll(async () => (await c.answers()).length, { timeout: 5_000 }).toBe(1);
    // No shop name in settings.json: the neutral words in the answer's language; {city} is not known to main.
    expect((await c.answers())[0]?.content).toEqual({ kind: 'text', body: '김민지님, 저희 매장입니다. 오늘 출발해요' });
  });

  it('an opt-out word gets only its confirmation, never an automated answer; standby silences automation', async () => {
    const c = await startCore({ ...RULES, away: { enabled: false, text: '' } });
    expect(await c.message('821033334444', 'wamid.STOP', 'STOP')).toBe(200);
    await c.settle();
    expect((await c.answers()).filter((a) => a.to === '+821033334444')).toEqual([]);
    expect(fake.requests.get('821033334444') ?? 0).toBe(1); // the one opt-out confirmation (DOMAIN.md §4)

    // Meta's own agent takes this customer's chat (a `standby` change): their keyword message gets no automated answer.
    expect(await c.standby('821055556666', 'wamid.SB')).toBe(200);
    expect(await c.message('821055556666', 'wamid.IN.SB', '배송 언제 와요?')).toBe(200);
    await c.settle();
    expect((await c.answers()).filter((a) => a.to === '+821055556666')).toEqual([]);
    expect(fake.requests.get('821055556666') ?? 0).toBe(0);
  });

  it('outside business hours the away message says when the shop answers (Tuesday opens at 13:00)', async () => {
    const c = await startCore({ ...RULES, keywordReplies: [] });
    expect(await c.message('821077778888', 'wamid.AWAY', '안녕하세요, 문의 있어요')).toBe(200);
    await c.settle();
    await expect.poll(async () => (await c.answers()).length, { timeout: 5_000 }).toBe(1);
    const [a] = await c.answers();
    expect(a).toMatchObject({ automatic: { source: 'away' }, content: { kind: 'text', body: '지금은 영업시간이 아니에요. 오늘 13:00에 답해 드릴게요.' } });
  });

  it('no rules file, or a damaged one: nothing automatic is sent', async () => {
    const c = await startCore('{ not json');
    expect(await c.message('821099990000', 'wamid.N', '배송 언제 와요?')).toBe(200);
    await c.settle();
    expect(await c.answers()).toEqual([]);
  });
});

describe('AutomationService on its own (fakes for the stores)', () => {
  it('a simulated (Sandbox) customer is checked against the Sandbox’s own suppression list', async () => {
    const { AutomationService } = await import('./automation');
    const rulesText = JSON.stringify({ ...RULES, away: { enabled: false, text: '' } });
    const asked: Array<[string, boolean]> = [];
    const sent: string[] = [];
    const svc = new AutomationService({
      fs: { readText: async () => rulesText },
      dataDir: '/nowhere',
      clock: { now: () => NOON_SEOUL },
      language: async () => 'ko',
      inboundOf: () => [],
      suppressed: (identity, sandbox) => {
        asked.push([identity, sandbox]);
        return sandbox; // opted out in the Sandbox only
      },
      standby: () => false,
      automatedTo: () => [],
      send: async (a) => void sent.push(a.to),
    });
    await svc.onInbound({ id: 's1', identity: '+821012345678', at: NOON_SEOUL, type: 'text', text: '배송 언제 와요?', sandbox: true });
    await svc.onInbound({ id: 'r1', identity: '+821012345678', at: NOON_SEOUL, type: 'text', text: '배송 언제 와요?', sandbox: false });
    expect(asked).toEqual([
      ['+821012345678', true],
      ['+821012345678', false],
    ]);
    expect(sent).toEqual(['+821012345678']); // only the real message, whose customer is not suppressed there
  });
});

describe('label conditions (automation:labels)', () => {
  const VIP_RULES = {
    keywordReplies: [{ name: 'VIP 배송', keywords: ['배송'], match: 'contains', reply: 'VIP 고객님, 오늘 우선 출고해요.', conditions: { labels: ['VIP'] } }],
  };

  it('a rule with a label condition answers only a customer who carries the label, also after a restart from contact-labels.json', async () => {
    const c = await startCore(VIP_RULES);
    // Before the renderer told main anything, nobody carries a label: the rule does not answer.
    expect(await c.message('821012120000', 'wamid.L.0', '배송 언제 와요?')).toBe(200);
    await c.settle();
    expect(await c.answers()).toEqual([]);

    // The renderer's map: one customer by phone, one known only by their user id; labels by name, case ignored.
    expect(await c.call('automation:labels', { entries: [{ phone: '+821012121111', labels: ['vip', '단골'] }, { phone: '+821012123333', labels: ['도매'] }] })).toEqual({ ok: true, value: { contacts: 2 } });
    expect(JSON.parse(readFileSync(join(dir, 'contact-labels.json'), 'utf8'))).toEqual({ entries: [{ phone: '+821012121111', labels: ['vip', '단골'] }, { phone: '+821012123333', labels: ['도매'] }] });
    expect(await c.message('821012121111', 'wamid.L.1', '배송 언제 와요?')).toBe(200);
    expect(await c.message('821012123333', 'wamid.L.3', '배송 언제 와요?')).toBe(200); // labelled, but not VIP
    await c.settle();
    await expect.poll(async () => (await c.answers()).length, { timeout: 5_000 }).toBe(1);
    expect((await c.answers())[0]).toMatchObject({ to: '+821012121111', automatic: { source: 'keyword:VIP 배송' } });

    // A bad map is refused and changes nothing.
    expect(await c.call('automation:labels', { entries: [{ phone: '01012345678', labels: ['VIP'] }] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // A restart: the last known copy is read from contact-labels.json (as `shopcast webhook` does).
    await core?.close();
    core = undefined;
    const again = await startCore(VIP_RULES, new AutoClock(NOON_SEOUL + 25 * 60 * 60_000)); // the next day: the rule may answer them again
    expect(await again.message('821012121111', 'wamid.L.1b', '배송 다시 문의해요')).toBe(200);
    expect(await again.message('821012124444', 'wamid.L.4', '배송 언제 와요?')).toBe(200); // no labels
    await again.settle();
    await expect.poll(async () => (await again.answers()).filter((a) => a.to === '+821012121111').length, { timeout: 5_000 }).toBe(2);
    expect((await again.answers()).filter((a) => a.to === '+821012124444')).toEqual([]);

    // The whole map replaces the copy: a customer now labelled VIP is answered, one whose label was taken off is not.
    expect(await again.call('automation:labels', { entries: [{ userId: 'KR.777', labels: ['VIP'] }, { phone: '+821012125555', labels: ['VIP'] }] })).toEqual({ ok: true, value: { contacts: 2 } });
    expect(await again.message('821012125555', 'wamid.L.5', '배송 언제 와요?')).toBe(200);
    await again.settle();
    await expect.poll(async () => (await again.answers()).filter((a) => a.to === '+821012125555').length, { timeout: 5_000 }).toBe(1);
  });

  it('AutomationService asks for the customer’s labels by the identity main uses (phone, else user id)', async () => {
    const { AutomationService, ContactLabels } = await import('./automation');
    const files = new Map<string, string>();
    const fs = { readText: async (p: string) => files.get(p), writeTextAtomic: async (p: string, t: string) => void files.set(p, t) };
    const labels = new ContactLabels({ fs, dataDir: '/data' });
    await labels.replace([{ userId: 'KR.42', labels: ['VIP'] }, { phone: '+821099998888', labels: ['VIP'] }]);
    const rulesText = JSON.stringify({ keywordReplies: [{ name: 'VIP', keywords: ['배송'], match: 'contains', reply: '우선 출고', conditions: { labels: ['VIP'] } }] });
    const sent: string[] = [];
    const svc = new AutomationService({
      fs: { readText: async () => rulesText },
      dataDir: '/data',
      clock: { now: () => NOON_SEOUL },
      language: async () => 'ko',
      inboundOf: () => [],
      suppressed: () => false,
      standby: () => false,
      labelsOf: (identity) => labels.of(identity),
      automatedTo: () => [],
      send: async (a) => void sent.push(a.to),
    });
    for (const [i, who] of ['KR.42', '+821099998888', 'KR.43', '+821099997777'].entries()) await svc.onInbound({ id: `m${i}`, identity: who, at: NOON_SEOUL, type: 'text', text: '배송', sandbox: false });
    expect(sent).toEqual(['KR.42', '+821099998888']);
    // A damaged copy on disk gives no labels, and says why.
    files.set('/data/contact-labels.json', '{ nope');
    const reread = new ContactLabels({ fs, dataDir: '/data' });
    expect(await reread.load()).toEqual({ contacts: 0, problem: 'contact-labels.json is not valid JSON' });
    expect(reread.of('KR.42')).toEqual([]);
  });
});

describe('the pause, with its reason, in the Automation screen’s view (automation:get)', () => {
  const KEYWORD_ONLY = { keywordReplies: RULES.keywordReplies };
  const view = async (c: { call: (ch: string, i?: unknown) => Promise<unknown> }) => {
    const r = (await c.call('automation:get')) as { ok: true; value: AutomationView };
    return r.value;
  };

  it('an account-level error (131031) pauses automation with its code until a person starts a campaign', async () => {
    const clock = new ManualClock(NOON_SEOUL);
    const c = await startCore(KEYWORD_ONLY, clock);
    expect((await view(c)).pause).toBeUndefined();
    fake.script('821020200001', [{ error: 131031, details: 'Business account is locked' }]);
    expect(await c.message('821020200001', 'wamid.A1', '배송 언제 와요?')).toBe(200);
    await expect.poll(() => fake.requests.get('821020200001') ?? 0, { timeout: 5_000 }).toBe(1);
    await expect.poll(async () => (await view(c)).pause, { timeout: 5_000 }).toEqual({ reason: 'account_restricted', since: NOON_SEOUL, code: 131031 });
    clock.advance(3 * 60 * 60_000);
    expect((await view(c)).pause).toEqual({ reason: 'account_restricted', since: NOON_SEOUL, code: 131031 }); // no end by itself

    // A person starts a campaign (after fixing the account): the pause is lifted.
    const created = (await c.call('campaign:create', { name: 'x', channel: 'sandbox', content: { kind: 'text', body: '안녕하세요' }, promotional: false, recipientCount: 1 })) as { ok: true; value: { id: string } };
    const id = created.value.id;
    expect(await c.call('campaign:addRecipients', { id, recipients: [{ ref: 'c1', phone: '+821020209999', vars: {} }] })).toMatchObject({ ok: true });
    expect(await c.call('campaign:seal', { id })).toMatchObject({ ok: true });
    expect(await c.call('campaign:start', { id })).toMatchObject({ ok: true });
    expect((await view(c)).pause).toBeUndefined();
  });

  it('half of the last automated answers failed: paused from the latest failure until an hour later, then not', async () => {
    const clock = new ManualClock(NOON_SEOUL);
    const c = await startCore(KEYWORD_ONLY, clock);
    let last = 0;
    for (let i = 0; i < 10; i++) {
      const to = `8210202001${String(i).padStart(2, '0')}`;
      fake.script(to, [{ error: 131051 }]);
      last = clock.now();
      expect(await c.message(to, `wamid.F${i}`, '배송 언제 와요?')).toBe(200);
      await expect.poll(async () => (await c.answers()).filter((a) => a.state === 'failed').length, { timeout: 5_000 }).toBe(i + 1);
      if (i < 9) expect((await view(c)).pause).toBeUndefined(); // fewer than 10 settled
      clock.advance(1000);
    }
    expect((await view(c)).pause).toEqual({ reason: 'error_rate', since: last, until: last + 60 * 60_000 });
    clock.advance(last + 60 * 60_000 - clock.now());
    expect((await view(c)).pause).toBeUndefined();
  });
});

describe('the Sandbox end to end, in virtual time', () => {
  // Three of the simulated Korean customers' six replies (transports/sandbox.ts SANDBOX_REPLIES) ask about a price,
  // an order or a payment; the others ('이거 아직 있나요?', '감사합니다!', '사이즈 교환 가능한가요?') and '수신거부' do not match.
  const ASKING = new Set(['가격이 얼마예요?', '주문한 상품을 아직 받지 못했어요', '결제가 안 돼요']);
  const PRICE = { keywordReplies: [{ name: '문의 안내', keywords: ['가격', '주문', '결제'], match: 'contains', reply: '{name}님, 문의 감사합니다. 곧 확인해 드릴게요.' }] };
  const N = 200; // under the Sandbox's daily limit of unique customers

  it('a Sandbox campaign, the simulated customers reply, and the rule answers each matching reply once, automatically, on the Sandbox', async () => {
    const clock = new AutoClock(NOON_SEOUL);
    const c = await startCore(PRICE, clock);
    const created = (await c.call('campaign:create', { name: '가을 신상', channel: 'sandbox', content: { kind: 'text', body: '안녕하세요! 가을 신상이 들어왔어요.' }, promotional: false, recipientCount: N })) as { ok: true; value: { id: string } };
    const id = created.value.id;
    const recipients = Array.from({ length: N }, (_, i) => ({ ref: `c${i}`, phone: `+8210${String(30_000_000 + i)}`, vars: {} }));
    expect(await c.call('campaign:addRecipients', { id, recipients })).toMatchObject({ ok: true });
    expect(await c.call('campaign:seal', { id })).toMatchObject({ ok: true });
    expect(await c.call('campaign:start', { id })).toMatchObject({ ok: true });

    const inbox = async () => {
      const r = (await c.call('inbox:since', { after: 0, limit: 5_000 })) as { ok: true; value: InboxPage };
      return r.value.messages;
    };
    // Virtual time runs on while anything waits on the clock; once the campaign has finished and time stands still,
    // every simulated delivery, read and reply has come (the last within about an hour of its message).
    let seen = -1;
    await expect
      .poll(
        async () => {
          const s = (await c.call('campaign:get', { id })) as { ok: true; value: { state: string } };
          // The Sandbox fails some messages at random, and which ones depends on how the engine's and the Sandbox's
          // timers interleave: when the first hour's failures trip the engine's breaker, the campaign pauses and
          // virtual time stands still. A person would check and resume; so does the test.
          if (s.value.state === 'paused') {
            await c.call('campaign:start', { id });
            return false;
          }
          const still = clock.now() === seen;
          seen = clock.now();
          // (Under a loaded machine virtual time can outrun a file write and the engine may hold the campaign; then
          // two virtual hours are enough for every reply to what was sent.)
          return (s.value.state === 'finished' && still && clock.now() - NOON_SEOUL > 60 * 60_000) || clock.now() - NOON_SEOUL > 2 * 60 * 60_000;
        },
        { timeout: 55_000, interval: 300 },
      )
      .toBe(true);
    await c.settle();
    const replies = (await inbox()).filter((m) => m.sandbox === true);
    const asking = replies.filter((m) => m.text !== undefined && ASKING.has(m.text));
    expect(asking.length).toBeGreaterThan(0); // the seeded Sandbox always has some
    expect(replies.length).toBeGreaterThan(asking.length); // and other replies, which the rule does not answer

    const answers = (await c.answers()).filter((a) => a.automatic !== undefined);
    expect(answers.map((a) => a.to).sort()).toEqual(asking.map((m) => m.from).sort()); // once per matching reply
    for (const a of answers) {
      expect(a).toMatchObject({ channel: 'sandbox', automatic: { source: 'keyword:문의 안내' }, content: { kind: 'text', body: '고객님, 문의 감사합니다. 곧 확인해 드릴게요.' } });
      expect(a.state).not.toBe('not_sent');
    }
    expect(fake.totalRequests()).toBe(0); // nothing went to WhatsApp
  }, 60_000); // about 2 s alone; the shared cores of a full run can make virtual time crawl
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../shared/domain/pacing';
import { platformPolicy } from '../../shared/domain/pacing';
import type { MessageContent } from '../../shared/domain/message';
import type { AnswerChannel, AnswerInput } from '../../shared/ipc/inbox';
import { AppFailure } from '../../shared/lib/result';
import { AutoClock, VirtualClock } from '../../test/fakes/clock';
import { dispatch } from '../../shared/ipc/dispatch';
import type { AnswersPage } from '../../shared/ipc/inbox';
import { nodeFs } from '../adapters/fs';
import { createCore } from './core';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeJournalFs } from '../adapters/journalFs';
import { AnswerService, answerRefusal, answerState, quotingFetch } from './answers';
import { encodeLine } from './journal';
import { SuppressionList } from './suppression';
import { CloudApiTransport } from './transports/cloudApi';
import { SandboxTransport, type SandboxEvent } from './transports/sandbox';
import type { Transport } from './transports/types';

const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
const CUSTOMER = '+821012345678';
const text = (body: string): MessageContent => ({ kind: 'text', body });
const template: MessageContent = { kind: 'template', name: 'order_update', language: 'ko', bodyParams: ['고객'] };
const picture: MessageContent = { kind: 'media', mediaType: 'image', link: 'https://shop.example/p/red-bag.jpg', caption: '빨간 가방이에요' };

let dir: string;
let fake: FakeGraphApi;
const made: AnswerService[] = [];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-answers-'));
  fake = await startFakeGraphApi();
});
afterEach(async () => {
  await Promise.all(made.splice(0).map((s) => s.close().catch(() => undefined)));
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Setup {
  clock?: VirtualClock;
  /** The customer's last message, by contact (every channel). */
  inbound?: Map<string, number>;
  transport?: Transport | undefined;
  suppression?: SuppressionList;
}

async function service(o: Setup = {}) {
  const clock = o.clock ?? new VirtualClock(NOON_SEOUL);
  const inbound = o.inbound ?? new Map([[CUSTOMER, NOON_SEOUL - HOUR]]);
  const suppression = o.suppression ?? (await SuppressionList.load(nodeJournalFs, dir));
  const changes: number[] = [];
  const transport = 'transport' in o ? o.transport : new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
  const answers = new AnswerService({
    fs: nodeJournalFs,
    dataDir: dir,
    clock,
    random: () => 0.5,
    generation: 'g1',
    transportFor: async () => transport,
    policyFor: async () => platformPolicy('Asia/Seoul', null),
    lastInboundAt: (contact) => inbound.get(contact),
    suppression: (channel: AnswerChannel) => (channel === 'sandbox' ? suppression.sandboxView : suppression),
    onChange: (rev) => changes.push(rev),
  });
  await answers.load();
  made.push(answers);
  return { answers, clock, inbound, suppression, changes };
}

const answer = (content: MessageContent, more: Partial<AnswerInput> = {}): AnswerInput => ({ to: CUSTOMER, content, channel: 'cloud', ...more });

async function refusalOf(p: Promise<unknown>): Promise<{ code: string; details: unknown } | undefined> {
  try {
    await p;
    return undefined;
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    return { code: error.code, details: error.details };
  }
}

describe('answerRefusal: main’s rule for one answer', () => {
  const now = NOON_SEOUL;
  it.each([
    ['text inside the window', text('네, 있어요'), now - HOUR, undefined, undefined],
    ['text one minute before the window closes', text('네'), now - 24 * HOUR + 60_000, undefined, undefined],
    ['text as the window closes', text('네'), now - 24 * HOUR, undefined, { refusal: 'window_closed', params: { closedAt: now } }],
    ['text to a customer who never wrote', text('안녕하세요'), undefined, undefined, { refusal: 'window_closed', params: {} }],
    ['a template outside the window', template, now - 48 * HOUR, undefined, undefined],
    ['a template to a customer who never wrote', template, undefined, undefined, undefined],
    ['opted out: a text answer to their own message inside the window', text('환불 도와드릴게요'), now - HOUR, 'opted_out', undefined],
    ['opted out: a template inside the window', template, now - HOUR, 'opted_out', { refusal: 'opted_out', params: { reason: 'opted_out' } }],
    ['opted out: text outside the window', text('안녕하세요'), now - 48 * HOUR, 'opted_out', { refusal: 'opted_out', params: { reason: 'opted_out' } }],
    ['stopped marketing: a template outside the window', template, now - 48 * HOUR, 'stopped_marketing', { refusal: 'opted_out', params: { reason: 'stopped_marketing' } }],
    ['a picture inside the window', picture, now - HOUR, undefined, undefined],
    ['a picture outside the window', picture, now - 25 * HOUR, undefined, { refusal: 'window_closed', params: { closedAt: now - HOUR } }],
    ['opted out: a picture inside the window (a service reply, like text)', picture, now - HOUR, 'opted_out', undefined],
  ] as const)('%s', (_why, content, lastInboundAt, suppressed, expected) => {
    expect(answerRefusal({ content, lastInboundAt, suppressed, now })).toStrictEqual(expected);
  });
});

describe('answerState: the ticks of an answer', () => {
  it.each([
    [{ phase: 'queued' }, 'sending'],
    [{ phase: 'attempting' }, 'sending'],
    [{ phase: 'accepted' }, 'accepted'],
    [{ phase: 'accepted', delivery: 'sent' }, 'sent'],
    [{ phase: 'accepted', delivery: 'delivered' }, 'delivered'],
    [{ phase: 'accepted', delivery: 'read' }, 'read'],
    [{ phase: 'accepted', delivery: 'failed' }, 'failed'],
    [{ phase: 'failed' }, 'failed'],
    [{ phase: 'ambiguous' }, 'unclear'],
    [{ phase: 'skipped' }, 'not_sent'],
  ] as const)('%o is %s', (job, state) => {
    expect(answerState(job)).toBe(state);
  });
});

describe('AnswerService', () => {
  it('sends a text answer once, journaled, and its status webhooks move the ticks forward only', async () => {
    const { answers, changes } = await service();
    const { id, state } = await answers.send(answer(text('네, 재고 있어요!'), { quote: 'wamid.IN1', staff: '민지' }));
    expect(state).toBe('sending');
    const sent = await answers.settled(id);
    expect(sent).toMatchObject({ id, to: CUSTOMER, state: 'accepted', quote: 'wamid.IN1', staff: '민지', channel: 'cloud', content: text('네, 재고 있어요!') });
    expect(fake.totalRequests()).toBe(1);
    const [wamid, message] = [...fake.messages.entries()][0]!;
    expect(message.opaque).toBe(`${id}-0`); // the job id travels as biz_opaque_callback_data
    expect(changes.length).toBeGreaterThan(0);

    expect(await answers.applyStatus({ wamid, status: 'sent', jobId: `${id}-0` })).toBe(true);
    expect(answers.get(id).state).toBe('sent');
    expect(await answers.applyStatus({ wamid, status: 'read' })).toBe(true); // by wamid alone
    expect(answers.get(id).state).toBe('read');
    expect(await answers.applyStatus({ wamid, status: 'delivered' })).toBe(false); // never backwards
    expect(answers.get(id)).toMatchObject({ state: 'read', times: { sent: NOON_SEOUL, read: NOON_SEOUL } });
    expect(await answers.applyStatus({ wamid: 'wamid.OTHER', status: 'read', jobId: 'c1_x-0' })).toBe(false); // a campaign's, not ours

    const journal = readFileSync(join(dir, 'answers', id, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"t":"attempting"');
    expect(journal).toContain('"kind":"answer"');
    // A new run of the service reads the same answer back from its journal.
    await answers.close();
    const again = await service();
    expect(again.answers.get(id)).toMatchObject({ state: 'read', wamid, quote: 'wamid.IN1', staff: '민지' });
    expect(again.answers.since(0).answers.map((a) => a.id)).toStrictEqual([id]);
  });

  it('a quoted answer carries WhatsApp’s context with the customer’s message id', async () => {
    const bodies: unknown[] = [];
    const recording: typeof fetch = (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const transport = new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, fetch: quotingFetch(recording, 'wamid.IN1') });
    const { answers } = await service({ transport });
    const { id } = await answers.send(answer(text('네, 있어요'), { quote: 'wamid.IN1' }));
    expect((await answers.settled(id)).state).toBe('accepted');
    expect(bodies).toMatchObject([{ to: CUSTOMER.slice(1), type: 'text', text: { body: '네, 있어요' }, context: { message_id: 'wamid.IN1' }, biz_opaque_callback_data: `${id}-0` }]);
  });

  it('is sent once even when Shopcast is killed mid-send: the answer is unclear, never resent, and a status settles it', async () => {
    const clock = new VirtualClock(NOON_SEOUL);
    const real = new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
    // The request reaches WhatsApp, then the process dies before it learns the answer (the promise never settles).
    const dying: Transport = { channel: 'cloud', send: (m) => real.send(m).then(() => new Promise<never>(() => undefined)) };
    const first = await service({ clock, transport: dying });
    made.pop(); // killed: never closed
    const { id } = await first.answers.send(answer(text('주문하신 상품은 내일 도착해요')));
    await fake.whenRequests(1);
    await new Promise((r) => setTimeout(r, 20)); // the fake has answered; the "dead" process never journals it

    const second = await service({ clock });
    expect(second.answers.get(id)).toMatchObject({ state: 'unclear', reason: 'interrupted' });
    clock.time += 10 * 60_000;
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.totalRequests()).toBe(1); // nothing resent it
    const [wamid] = [...fake.messages.keys()];
    expect(await second.answers.applyStatus({ wamid: wamid!, status: 'delivered', jobId: `${id}-0` })).toBe(true);
    expect(second.answers.get(id)).toMatchObject({ state: 'delivered', wamid });
  });

  it('a lost response is unclear at once, is not resent, and the status naming its job settles it', async () => {
    fake.script(CUSTOMER.slice(1), ['drop']);
    const { answers } = await service();
    const { id } = await answers.send(answer(text('확인해 볼게요')));
    expect((await answers.settled(id)).state).toBe('unclear');
    expect(fake.totalRequests()).toBe(1);
    const [wamid] = [...fake.messages.keys()];
    expect(await answers.applyStatus({ wamid: wamid!, status: 'sent', jobId: `${id}-0` })).toBe(true);
    expect(answers.get(id).state).toBe('sent');
  });

  it('a failure WhatsApp gives is kept with its code (the text stays for the person), and nothing is retried blindly', async () => {
    fake.script(CUSTOMER.slice(1), [{ error: 131047 }]); // re-engagement: more than 24 h since the customer wrote
    const { answers } = await service();
    const { id } = await answers.send(answer(text('안녕하세요')));
    const failed = await answers.settled(id);
    expect(failed).toMatchObject({ state: 'not_sent', code: 131047, content: text('안녕하세요') });
    expect(fake.totalRequests()).toBe(1);
  });

  it('an account-level error (131031 account locked) closes the answer as not sent with the code, not left "sending" (and after a restart)', async () => {
    fake.script(CUSTOMER.slice(1), [{ error: 131031 }]);
    const { answers } = await service();
    const { id } = await answers.send(answer(text('곧 보내 드릴게요')));
    const stopped = await answers.settled(id);
    expect(stopped).toMatchObject({ state: 'not_sent', code: 131031, content: text('곧 보내 드릴게요') });
    expect(fake.totalRequests()).toBe(1);
    await answers.close();
    const again = await service();
    expect(again.answers.get(id)).toMatchObject({ state: 'not_sent', code: 131031 });
    expect(fake.totalRequests()).toBe(1);
  });

  it('a clock with a fraction of a millisecond still names the answer so it is read back after a restart', async () => {
    const { answers } = await service({ clock: new VirtualClock(NOON_SEOUL + 0.29) });
    const { id } = await answers.send(answer(text('내일 보내 드릴게요')));
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    await answers.settled(id);
    await answers.close();
    const again = await service();
    expect(again.answers.get(id)).toMatchObject({ content: text('내일 보내 드릴게요') });
  });

  it('refuses free text when the window is closed, with the code, and journals nothing', async () => {
    const { answers } = await service({ inbound: new Map([[CUSTOMER, NOON_SEOUL - 25 * HOUR]]) });
    expect(await refusalOf(answers.send(answer(text('늦어서 죄송해요'))))).toStrictEqual({ code: 'conflict', details: { refusal: 'window_closed', closedAt: NOON_SEOUL - HOUR } });
    expect(existsSync(join(dir, 'answers'))).toBe(false);
    expect(fake.totalRequests()).toBe(0);
    // A template may go outside the window.
    const { id } = await answers.send(answer(template));
    expect((await answers.settled(id)).state).toBe('accepted');
    expect(fake.totalRequests()).toBe(1);
  });

  it('an opted-out customer gets only a text answer to their own message inside the window', async () => {
    const suppression = await SuppressionList.load(nodeJournalFs, dir);
    await suppression.add({ contact: CUSTOMER, reason: 'opted_out', at: NOON_SEOUL - 2 * HOUR, source: '수신거부' });
    const { answers, inbound } = await service({ suppression });
    expect(await refusalOf(answers.send(answer(template)))).toStrictEqual({ code: 'conflict', details: { refusal: 'opted_out', reason: 'opted_out' } });
    const { id } = await answers.send(answer(text('수신거부 처리했어요. 환불은 내일 돼요.')));
    expect((await answers.settled(id)).state).toBe('accepted'); // the engine's send-time check lets the service reply go
    inbound.set(CUSTOMER, NOON_SEOUL - 30 * HOUR);
    expect(await refusalOf(answers.send(answer(text('안녕하세요'))))).toStrictEqual({ code: 'conflict', details: { refusal: 'opted_out', reason: 'opted_out' } });
    expect(fake.totalRequests()).toBe(1);
  });

  it('refuses a Cloud answer when the Cloud API is not connected', async () => {
    const { answers } = await service({ transport: undefined });
    expect(await refusalOf(answers.send(answer(text('네'))))).toStrictEqual({ code: 'conflict', details: { refusal: 'cloud_not_connected' } });
  });

  it('an answer journaled but never attempted when Shopcast stopped is closed as not sent on the next start, never sent later', async () => {
    const id = 'a1_1abc';
    mkdirSync(join(dir, 'answers', id), { recursive: true });
    const spec = { kind: 'answer', to: CUSTOMER, content: text('곧 보내드릴게요'), channel: 'cloud' };
    writeFileSync(
      join(dir, 'answers', id, 'journal.jsonl'),
      [
        { t: 'campaign', id, spec, at: NOON_SEOUL - 1_000 },
        { t: 'job', job: `${id}-0`, contact: CUSTOMER },
        { t: 'sealed', count: 1, at: NOON_SEOUL - 1_000 },
        { t: 'state', state: 'running', at: NOON_SEOUL - 1_000 },
      ]
        .map((r) => encodeLine(r as Parameters<typeof encodeLine>[0]))
        .join(''),
    );
    const { answers } = await service();
    expect(answers.get(id)).toMatchObject({ state: 'not_sent', reason: 'interrupted_before_send', content: text('곧 보내드릴게요') });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.totalRequests()).toBe(0);
  });

  it('a Sandbox answer "sends" through the SandboxTransport and its simulated statuses bring the ticks', async () => {
    const events: SandboxEvent[] = [];
    const sandbox = new SandboxTransport(1, (e) => events.push(e));
    const { answers } = await service({ transport: sandbox });
    const { id } = await answers.send(answer(text('네, 있어요'), { channel: 'sandbox' }));
    expect((await answers.settled(id)).state).toBe('accepted');
    const statuses = events.filter((e): e is Extract<SandboxEvent, { kind: 'status' }> => e.kind === 'status').sort((a, b) => a.afterMs - b.afterMs);
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) await answers.applyStatus({ wamid: s.wamid, status: s.status, jobId: s.jobId });
    expect(answers.get(id).state).toBe(statuses.at(-1)!.status);
    expect(fake.totalRequests()).toBe(0);
  });

  it('a picture answer by link goes to the Cloud API as WhatsApp media, once, and is read back from its journal', async () => {
    const bodies: unknown[] = [];
    const recording: typeof fetch = (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const transport = new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, fetch: recording });
    const { answers } = await service({ transport });
    const { id } = await answers.send(answer(picture, { staff: '민지' }));
    expect(await answers.settled(id)).toMatchObject({ state: 'accepted', content: picture, staff: '민지' });
    expect(bodies).toMatchObject([{ to: CUSTOMER.slice(1), type: 'image', image: { link: 'https://shop.example/p/red-bag.jpg', caption: '빨간 가방이에요' }, biz_opaque_callback_data: `${id}-0` }]);
    await answers.close();
    const again = await service();
    expect(again.answers.get(id)).toMatchObject({ content: picture, state: 'accepted' });
  });

  it('a media file WhatsApp cannot take (131053: type or size) is kept failed with its code and content, not retried', async () => {
    fake.script(CUSTOMER.slice(1), [{ error: 131053 }]);
    const { answers } = await service();
    const { id } = await answers.send(answer({ kind: 'media', mediaType: 'video', link: 'https://shop.example/v/huge.mp4' }));
    const failed = await answers.settled(id);
    expect(failed).toMatchObject({ state: 'failed', code: 131053, content: { kind: 'media', mediaType: 'video', link: 'https://shop.example/v/huge.mp4' } });
    expect(fake.totalRequests()).toBe(1);
  });

  it('a media answer outside the window is refused like text, and journals nothing', async () => {
    const { answers } = await service({ inbound: new Map([[CUSTOMER, NOON_SEOUL - 25 * HOUR]]) });
    expect(await refusalOf(answers.send(answer(picture)))).toStrictEqual({ code: 'conflict', details: { refusal: 'window_closed', closedAt: NOON_SEOUL - HOUR } });
    expect(existsSync(join(dir, 'answers'))).toBe(false);
  });

  it('a status’s pricing is journaled with the answer and shown as billed, also after a restart', async () => {
    const { answers } = await service();
    const { id } = await answers.send(answer(text('네, 있어요')));
    await answers.settled(id);
    const [wamid] = [...fake.messages.keys()];
    expect(answers.get(id).billed).toBeUndefined();
    expect(await answers.applyStatus({ wamid: wamid!, status: 'sent', jobId: `${id}-0`, pricing: { billable: true, type: 'regular', category: 'service' } })).toBe(true);
    expect(answers.get(id)).toMatchObject({ state: 'sent', billed: { billable: true, type: 'regular', category: 'service' } });
    expect(await answers.applyStatus({ wamid: wamid!, status: 'delivered' })).toBe(true); // no pricing: the earlier one stays
    expect(answers.get(id).billed).toStrictEqual({ billable: true, type: 'regular', category: 'service' });
    await answers.close();
    const again = await service();
    expect(again.answers.get(id)).toMatchObject({ state: 'delivered', billed: { billable: true, category: 'service' } });
  });

  it('an Assisted answer the person sent in WhatsApp is recorded as sent, never sent by main, outside the window too, and survives a restart', async () => {
    let asked = 0;
    const inbound = new Map([[CUSTOMER, NOON_SEOUL - 30 * HOUR]]); // the Business app has no 24-hour window
    const clock = new VirtualClock(NOON_SEOUL);
    const first = await service({ clock, inbound, transport: { channel: 'cloud', send: () => { asked++; return Promise.reject(new Error('never')); } } });
    const { id, state } = await first.answers.send(answer(text('네, 내일 보내드려요'), { channel: 'assisted', staff: '민지', quote: 'wamid.IN1' }));
    expect(state).toBe('sent');
    expect(first.answers.get(id)).toMatchObject({ channel: 'assisted', state: 'sent', createdAt: NOON_SEOUL, staff: '민지', quote: 'wamid.IN1', times: { accepted: NOON_SEOUL, sent: NOON_SEOUL }, content: text('네, 내일 보내드려요') });
    expect(first.changes.length).toBe(1);
    expect(first.answers.since(0).answers.map((a) => a.id)).toStrictEqual([id]);
    await first.answers.close();
    expect(asked).toBe(0);
    expect(fake.totalRequests()).toBe(0);
    const again = await service({ clock, inbound });
    expect(again.answers.get(id)).toMatchObject({ channel: 'assisted', state: 'sent' });
    // wa.me pre-fills text only and needs a number.
    expect(await refusalOf(again.answers.send(answer(picture, { channel: 'assisted' })))).toMatchObject({ code: 'invalid_input', details: { field: 'content' } });
    expect(await refusalOf(again.answers.send(answer(text('네'), { channel: 'assisted', to: 'KR.1349abcdef' })))).toMatchObject({ code: 'invalid_input', details: { field: 'to', reason: 'needs_phone' } });
  });

  it('a customer known only by their user id is answered by it (the Cloud API’s recipient), inside their window', async () => {
    const bodies: unknown[] = [];
    const recording: typeof fetch = (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const transport = new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, fetch: recording });
    const USER = 'KR.1349abcdef';
    const { answers } = await service({ transport, inbound: new Map([[USER, NOON_SEOUL - HOUR]]) });
    const { id } = await answers.send(answer(text('네, 있어요'), { to: USER }));
    expect(await answers.settled(id)).toMatchObject({ to: USER, state: 'accepted' });
    expect(bodies).toMatchObject([{ recipient: USER, type: 'text' }]);
    expect((bodies[0] as Record<string, unknown>).to).toBeUndefined();
  });

  it('pages answers by rev: only what changed after the asked rev', async () => {
    const { answers } = await service();
    const a = await answers.send(answer(text('하나')));
    await answers.settled(a.id);
    const after = answers.since(0).rev;
    const b = await answers.send(answer(text('둘')));
    await answers.settled(b.id);
    expect(answers.since(after).answers.map((x) => x.id)).toStrictEqual([b.id]);
    expect(answers.since(0).generation).toBe('g1');
  });
});

describe('answers through the core (inbox:answer, inbox:answers, the webhook path)', () => {
  it('a Sandbox answer goes out once and its simulated statuses arrive through the webhook path; refusals carry their code', async () => {
    // The customer wrote an hour ago (a Sandbox reply in main's inbox).
    writeFileSync(join(dir, 'inbox.jsonl'), `${JSON.stringify({ seq: 1, id: 'wamid.IN1', from: CUSTOMER, type: 'text', text: '이거 아직 있나요?', at: NOON_SEOUL - HOUR, optOut: 'none', sandbox: true })}\n`);
    const core = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0.0.0', platform: 'linux', locale: 'ko-KR', clock: new AutoClock(NOON_SEOUL), random: () => 0.5, sandboxSeed: 3 });
    await core.start();
    try {
      const call = (channel: string, input?: unknown) => dispatch(core.handlers, channel, input, { transport: 'test' });
      const sent = await call('inbox:answer', { to: CUSTOMER, content: text('네, 있어요!'), channel: 'sandbox', quote: 'wamid.IN1', staff: '민지' });
      expect(sent).toMatchObject({ ok: true, value: { state: 'sending' } });
      const id = sent.ok ? (sent.value as { id: string }).id : '';
      let page: AnswersPage | undefined;
      for (let i = 0; i < 200; i++) {
        const r = await call('inbox:answers', { sinceRev: 0 });
        page = r.ok ? (r.value as AnswersPage) : undefined;
        const state = page?.answers.find((a) => a.id === id)?.state;
        if (state === 'delivered' || state === 'read' || state === 'failed' || state === 'not_sent') break;
        await new Promise<void>((resolve) => {
          const stop = core.events.subscribe(() => {
            stop();
            resolve();
          });
        });
      }
      const mine = page?.answers.find((a) => a.id === id);
      expect(mine).toMatchObject({ to: CUSTOMER, channel: 'sandbox', quote: 'wamid.IN1', staff: '민지' });
      expect(['delivered', 'read']).toContain(mine?.state); // seed 3: accepted, then sent and delivered by the simulated webhook
      expect(mine?.times?.sent).toBeDefined();
      expect(core.events.since(0).some((e) => e.name === 'inbox:answered')).toBe(true);

      // A customer who never wrote: text is refused with its code; the Cloud API is not connected in this folder.
      expect(await call('inbox:answer', { to: '+821099999999', content: text('안녕하세요'), channel: 'sandbox' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { refusal: 'window_closed' } } });
      expect(await call('inbox:answer', { to: CUSTOMER, content: template, channel: 'cloud' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { refusal: 'cloud_not_connected' } } });
      // Assisted: the person's "I sent it" is recorded as sent; only a text (wa.me pre-fills text).
      expect(await call('inbox:answer', { to: CUSTOMER, content: text('네'), channel: 'assisted' })).toMatchObject({ ok: true, value: { state: 'sent' } });
      expect(await call('inbox:answer', { to: CUSTOMER, content: picture, channel: 'assisted' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'content' } } });
    } finally {
      await core.close();
    }
  });
});

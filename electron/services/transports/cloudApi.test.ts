import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../../test/fakes/graphApi';
import { CloudApiTransport, requestBody } from './cloudApi';
import type { OutgoingMessage } from './types';

let fake: FakeGraphApi;
beforeEach(async () => {
  fake = await startFakeGraphApi();
});
afterEach(() => fake.close());

const transport = (over: Partial<ConstructorParameters<typeof CloudApiTransport>[0]> = {}) =>
  new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, ...over });
const msg: OutgoingMessage = { jobId: 'job-1', to: '+821012345678', content: { kind: 'text', body: 'Hello' } };

describe('Cloud API transport against the fake Graph API', () => {
  it('an accepted message returns its wamid and wa_id', async () => {
    const r = await transport().send(msg);
    expect(r).toMatchObject({ kind: 'accepted', wamid: expect.stringMatching(/^wamid\./), waId: '821012345678' });
    expect(fake.requests.get('821012345678')).toBe(1);
  });

  it('an answer of held_for_quality_assessment is accepted but held (pending, not sent)', async () => {
    fake.script('+821012345678', ['held']);
    const held = await transport().send(msg);
    expect(held).toMatchObject({ kind: 'accepted', held: true, waId: '821012345678' });
    const plain = await transport().send(msg);
    expect(plain.kind === 'accepted' && plain.held).toBeUndefined();
  });

  it('carries our job id as biz_opaque_callback_data', async () => {
    const r = await transport().send(msg);
    expect(r.kind === 'accepted' && fake.messages.get(r.wamid)?.opaque).toBe('job-1');
  });

  it('a pair-rate error is a retryable failure with its code', async () => {
    fake.script('+821012345678', [{ error: 131056 }]);
    expect(await transport().send(msg)).toMatchObject({ kind: 'failed', code: 131056, retryable: true });
  });

  it('an expired token is a failure that is not retried', async () => {
    expect(await transport({ accessToken: 'wrong' }).send(msg)).toMatchObject({ kind: 'failed', code: 190, retryable: false });
  });

  it('a response lost after acceptance is ambiguous (and WhatsApp did take it)', async () => {
    fake.script('+821012345678', ['drop']);
    expect((await transport().send(msg)).kind).toBe('ambiguous');
    expect(fake.accepted.get('821012345678')).toBe(1);
  });

  it('a refused connection never reached WhatsApp: retryable failure, not ambiguous', async () => {
    const url = fake.url;
    await fake.close();
    fake = await startFakeGraphApi();
    expect(await new CloudApiTransport({ apiBase: url, version: 'v26.0', phoneNumberId: '1', accessToken: 't' }).send(msg)).toMatchObject({ kind: 'failed', code: -1, retryable: true });
  });

  it('a timeout is ambiguous', async () => {
    const timingOut: typeof fetch = () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'));
    expect((await transport({ fetch: timingOut }).send(msg)).kind).toBe('ambiguous');
  });

  it('a 200 without a message id is ambiguous', async () => {
    const odd: typeof fetch = async () => new Response('<html>ok</html>', { status: 200 });
    expect((await transport({ fetch: odd }).send(msg)).kind).toBe('ambiguous');
  });

  it('a 502 without an error body is ambiguous; a 404 without one is a plain failure', async () => {
    const gateway: typeof fetch = async () => new Response('Bad gateway', { status: 502 });
    const missing: typeof fetch = async () => new Response('Not found', { status: 404 });
    expect((await transport({ fetch: gateway }).send(msg)).kind).toBe('ambiguous');
    expect(await transport({ fetch: missing }).send(msg)).toMatchObject({ kind: 'failed', retryable: false });
  });

  it('builds a template body with positional parameters', () => {
    expect(requestBody({ jobId: 'j', to: '+12125550123', content: { kind: 'template', name: 'promo', language: 'en_US', bodyParams: ['Ana', '10%'] } })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '12125550123',
      biz_opaque_callback_data: 'j',
      type: 'template',
      template: { name: 'promo', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '10%' }] }] },
    });
  });
});

describe('the Marketing Messages API (DOMAIN.md §2: marketing templates through /marketing_messages, /messages the fallback)', () => {
  const template: OutgoingMessage = { jobId: 'job-2', to: '+821012345678', content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } };

  it('a template goes through /marketing_messages when the shop turned it on; text and the setting off use /messages', async () => {
    const on = transport({ marketingMessages: true });
    const r = await on.send(template);
    expect(r.kind === 'accepted' && fake.messages.get(r.wamid)?.edge).toBe('marketing_messages');
    const text = await on.send(msg);
    expect(text.kind === 'accepted' && fake.messages.get(text.wamid)?.edge).toBe('messages');
    const off = await transport().send(template);
    expect(off.kind === 'accepted' && fake.messages.get(off.wamid)?.edge).toBe('messages');
    expect(fake.marketingRequests).toEqual(['821012345678']);
  });

  it('a number not onboarded (100/33) is sent once through /messages, and the run stays there', async () => {
    await fake.close();
    fake = await startFakeGraphApi({ marketingMessages: false });
    const t = transport({ marketingMessages: true });
    const first = await t.send(template);
    expect(first.kind === 'accepted' && fake.messages.get(first.wamid)?.edge).toBe('messages');
    expect(t.fellBack).toBe(true);
    const second = await t.send({ ...template, jobId: 'job-3' });
    expect(second.kind === 'accepted' && fake.messages.get(second.wamid)?.edge).toBe('messages');
    expect(fake.marketingRequests).toHaveLength(1); // asked once, then not again
    expect(fake.accepted.get('821012345678')).toBe(2); // one message per send, never two
  });

  it.each([
    ['a message error', { error: 131026 }, 'failed'],
    ['a rate error', { error: 130429 }, 'failed'],
    ['an answer that never came', 'drop', 'ambiguous'],
  ] as const)('%s on /marketing_messages is final: no second request through /messages', async (_what, step, kind) => {
    fake.script('+821012345678', [step]);
    const t = transport({ marketingMessages: true });
    expect((await t.send(template)).kind).toBe(kind);
    expect(fake.requests.get('821012345678')).toBe(1);
    expect(t.fellBack).toBe(false);
  });
});

describe('a person known only by their WhatsApp user id (BSUID, issue 13 point 1)', () => {
  const BSUID = 'KR.1349876543210';
  const toUserId: OutgoingMessage = { jobId: 'job-9', to: BSUID, content: { kind: 'text', body: 'Hello' } };

  it.each([
    ['a phone goes as `to`, its digits', '+821012345678', { to: '821012345678' }],
    ['a user id goes as `recipient`, as it is', BSUID, { recipient: BSUID }],
    ['a linked portfolio’s user id too', 'KR.ENT.99ab12', { recipient: 'KR.ENT.99ab12' }],
  ] as const)('%s', (_why, to, address) => {
    const body = requestBody({ jobId: 'j', to, content: { kind: 'text', body: 'Hi' } });
    expect(body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', ...address, biz_opaque_callback_data: 'j', type: 'text', text: { body: 'Hi', preview_url: false } });
    expect('to' in body && 'recipient' in body).toBe(false);
  });

  it('is accepted by the Graph API addressed as recipient, with no wa_id (WhatsApp shows no number)', async () => {
    const r = await transport().send(toUserId);
    expect(r).toMatchObject({ kind: 'accepted', wamid: expect.stringMatching(/^wamid\./) });
    expect(r.kind === 'accepted' && r.waId).toBeUndefined();
    expect(fake.requests.get(BSUID)).toBe(1);
    expect(r.kind === 'accepted' && fake.messages.get(r.wamid)).toMatchObject({ to: BSUID, opaque: 'job-9' });
  });

  it('a WhatsApp error for that person comes back as for a number', async () => {
    fake.script(BSUID, [{ error: 131026 }]);
    expect(await transport().send(toUserId)).toMatchObject({ kind: 'failed', code: 131026 });
  });

  it('the fake refuses a body with both to and recipient, or a recipient that is no user id (as Graph does: 100)', async () => {
    const post = (body: Record<string, unknown>) =>
      fetch(`${fake.url}/${fake.version}/${fake.phoneNumberId}/messages`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' }, ...body }) });
    for (const body of [{ to: '821012345678', recipient: BSUID }, { recipient: '+821012345678' }, {}]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
    }
    expect(fake.totalRequests()).toBe(0);
  });
});

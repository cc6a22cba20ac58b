import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signatureOf, startFakeGraphApi } from '../../test/fakes/graphApi';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import { SuppressionList } from './suppression';
import { applyWebhookEvents, parseWebhookPayload, signatureValid, verifySubscription, WebhookReceiver, type WebhookEvent } from './webhook';

const SECRET = 'app-secret';
const envelope = (changes: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes }] });
const statuses = (...list: unknown[]) => ({ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, statuses: list } });
const inbound = (text: string, id = 'wamid.in1') => ({ field: 'messages', value: { contacts: [{ wa_id: '821012345678', profile: { name: 'Kim' } }], messages: [{ from: '821012345678', id, timestamp: '1760000000', type: 'text', text: { body: text } }] } });

function receiverWith(maxBodyBytes?: number) {
  const got: WebhookEvent[] = [];
  const r = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'vt', hmacSha256: nodeHmacSha256, ...(maxBodyBytes ? { maxBodyBytes } : {}) }, (events) => {
    got.push(...events);
  });
  return { r, got };
}

async function post(r: WebhookReceiver, body: string, signature = signatureOf(body, SECRET)) {
  return (await r.receive(Buffer.from(body), signature)).status;
}

describe('webhook verification (GET)', () => {
  it('echoes the raw challenge for our verify token', () => {
    expect(verifySubscription(new URLSearchParams('hub.mode=subscribe&hub.verify_token=vt&hub.challenge=1158201444'), 'vt')).toEqual({ status: 200, body: '1158201444' });
  });
  it.each(['hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1', 'hub.mode=unsubscribe&hub.verify_token=vt&hub.challenge=1', 'hub.verify_token=vt&hub.challenge=1', 'hub.mode=subscribe&hub.verify_token=vt'])('refuses %s with 403', (q) => {
    expect(verifySubscription(new URLSearchParams(q), 'vt').status).toBe(403);
  });
});

describe('webhook signature', () => {
  const body = JSON.stringify(envelope([statuses({ id: 'wamid.1', status: 'sent', timestamp: '1' })]));
  it('accepts the HMAC of the raw bytes', () => {
    expect(signatureValid(Buffer.from(body), signatureOf(body, SECRET), SECRET, nodeHmacSha256)).toBe(true);
  });
  it('refuses a body re-serialised after signing (the bytes differ)', () => {
    const reserialised = JSON.stringify(JSON.parse(body), null, 1);
    expect(signatureValid(Buffer.from(reserialised), signatureOf(body, SECRET), SECRET, nodeHmacSha256)).toBe(false);
  });
  it.each([undefined, '', 'sha256=', 'sha256=abcd', 'sha1=00', `sha256=${'0'.repeat(64)}`])('refuses the header %j without throwing', (h) => {
    expect(signatureValid(Buffer.from(body), h, SECRET, nodeHmacSha256)).toBe(false);
  });
  it.each(['zz', 'g', ' ', '0', '00', '\n'])('refuses a valid MAC followed by %j', (tail) => {
    expect(signatureValid(Buffer.from(body), `${signatureOf(body, SECRET)}${tail}`, SECRET, nodeHmacSha256)).toBe(false);
  });
  it('accepts the MAC in upper-case hex', () => {
    const sig = signatureOf(body, SECRET);
    expect(signatureValid(Buffer.from(body), `sha256=${sig.slice(7).toUpperCase()}`, SECRET, nodeHmacSha256)).toBe(true);
  });
});

describe('webhook payloads', () => {
  it('reads every status of a batched delivery, with our job id', () => {
    const events = parseWebhookPayload({
      object: 'whatsapp_business_account',
      entry: [
        { id: 'A', changes: [statuses({ id: 'w1', status: 'sent', timestamp: '10', biz_opaque_callback_data: 'job-1', recipient_id: '821012340000' }, { id: 'w2', status: 'delivered', timestamp: '11' })] },
        { id: 'B', changes: [statuses({ id: 'w3', status: 'failed', timestamp: '12', errors: [{ code: 131026, title: 'Message undeliverable' }] })] },
      ],
    });
    expect(events).toEqual([
      { kind: 'status', wamid: 'w1', status: 'sent', timestamp: 10_000, jobId: 'job-1', recipient: '821012340000' },
      { kind: 'status', wamid: 'w2', status: 'delivered', timestamp: 11_000 },
      { kind: 'status', wamid: 'w3', status: 'failed', timestamp: 12_000, errorCode: 131026 },
    ]);
  });

  it('reads user_preferences stop', () => {
    expect(parseWebhookPayload(envelope([{ field: 'user_preferences', value: { user_preferences: [{ wa_id: '821012345678', detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: 1760000000 }] } }]))).toEqual([
      { kind: 'preference', waId: '821012345678', value: 'stop', category: 'marketing_messages', timestamp: 1_760_000_000_000 },
    ]);
  });

  it('classifies an inbound STOP as an opt-out and a longer message as flagged', () => {
    const [stop] = parseWebhookPayload(envelope([inbound('STOP')]));
    const [longer] = parseWebhookPayload(envelope([inbound('주문 취소 해주세요', 'wamid.in2')]));
    expect(stop).toMatchObject({ kind: 'message', optOut: { kind: 'opt_out' } });
    expect(longer).toMatchObject({ kind: 'message', optOut: { kind: 'flagged', word: '취소' } });
  });

  it.each([
    ['not an object', 'garbage'],
    ['another product', { object: 'page', entry: [] }],
    ['an unknown field', envelope([{ field: 'account_update', value: { whatever: true } }])],
    ['an unknown status', envelope([statuses({ id: 'w', status: 'exploded' })])],
    ['entries that are not arrays', { object: 'whatsapp_business_account', entry: { changes: 1 } }],
  ])('ignores %s', (_name, body) => {
    expect(parseWebhookPayload(body)).toEqual([]);
  });

  it('keeps message types without text (a sticker) and never treats them as opt-outs', () => {
    const body = envelope([{ field: 'messages', value: { messages: [{ from: '821055556666', id: 'm', timestamp: '1', type: 'sticker', sticker: { id: 's' }, brand_new_field: {} }] } }]);
    expect(parseWebhookPayload(body)).toEqual([{ kind: 'message', id: 'm', from: '821055556666', type: 'sticker', content: { type: 'sticker', mediaId: 's' }, timestamp: 1_000, optOut: { kind: 'none' } }]);
  });
});

describe('webhook receiver', () => {
  it('answers 200 and passes on the events of a signed body', async () => {
    const { r, got } = receiverWith();
    expect(await post(r, JSON.stringify(envelope([statuses({ id: 'w1', status: 'read', timestamp: '1' })])))).toBe(200);
    expect(got).toHaveLength(1);
  });

  it('drops exact duplicates of a status', async () => {
    const { r, got } = receiverWith();
    const body = JSON.stringify(envelope([statuses({ id: 'w1', status: 'delivered', timestamp: '1' })]));
    await post(r, body);
    await post(r, body);
    expect(got).toHaveLength(1);
    expect(r.stats.duplicates).toBe(1);
  });

  it('refuses a bad signature with 401 and passes nothing on', async () => {
    const { r, got } = receiverWith();
    expect(await post(r, JSON.stringify(envelope([inbound('STOP')])), signatureOf('other', SECRET))).toBe(401);
    expect(got).toEqual([]);
  });

  it('answers 200 to signed garbage (Meta would retry otherwise) and passes nothing on', async () => {
    const { r, got } = receiverWith();
    expect(await post(r, '\u0000{not json')).toBe(200);
    expect(got).toEqual([]);
    expect(r.stats.unparseable).toBe(1);
  });
});

describe('webhook receiver over HTTP on 127.0.0.1', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shopcast-webhook-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a body over the cap with 413', async () => {
    const { r, got } = receiverWith(1_024);
    const server = await startWebhookServer(r);
    const fake = await startFakeGraphApi();
    try {
      const big = JSON.stringify(envelope([inbound('x'.repeat(5_000))]));
      expect(await fake.postWebhook(server.url, big, SECRET)).toBe(413);
      expect(got).toEqual([]);
    } finally {
      await fake.close();
      await server.close();
    }
  });

  it('a signed STOP reply over HTTP is on disk before the 200', async () => {
    const suppression = await SuppressionList.load(nodeJournalFs, dir);
    const receiver = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'vt', hmacSha256: nodeHmacSha256 }, (events) => applyWebhookEvents(events, { suppression, now: () => 1 }));
    const server = await startWebhookServer(receiver);
    const fake = await startFakeGraphApi();
    try {
      expect(await fake.postWebhook(server.url, JSON.stringify(envelope([inbound('수신 거부')])), SECRET)).toBe(200);
      // No waiting: the answer came after the write.
      expect((await SuppressionList.load(nodeJournalFs, dir)).get('+821012345678')?.reason).toBe('opted_out');
    } finally {
      await fake.close();
      await server.close();
    }
  });

  it('with the disk full a STOP is refused with 503 (Meta retries), and the retry after space is freed is stored', async () => {
    let full = true;
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const fs = {
      ...nodeJournalFs,
      appendText: async (path: string, text: string) => {
        if (full) {
          // A full disk may take part of a write: leave half a line behind, as a real one can.
          await nodeJournalFs.appendText(path, text.slice(0, Math.floor(text.length / 2)));
          throw enospc();
        }
        return nodeJournalFs.appendText(path, text);
      },
    };
    const suppression = await SuppressionList.load(fs, dir);
    const errors: string[] = [];
    const receiver = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'vt', hmacSha256: nodeHmacSha256 }, (events) => applyWebhookEvents(events, { suppression, now: () => 1 }));
    const server = await startWebhookServer(receiver, 0, (e) => errors.push(e instanceof Error ? e.message : String(e)));
    const fake = await startFakeGraphApi();
    const body = JSON.stringify(envelope([inbound('STOP', 'wamid.stop1')]));
    try {
      expect(await fake.postWebhook(server.url, body, SECRET)).toBe(503);
      expect(errors.join()).toMatch(/ENOSPC/);
      // Sends stop at once all the same (in memory), but nothing usable is on disk yet.
      expect(suppression.has('+821012345678')).toBe(true);
      expect((await SuppressionList.load(nodeJournalFs, dir)).has('+821012345678')).toBe(false);
      // Meta delivers the same body again (not dropped as a duplicate); now there is room.
      expect(await fake.postWebhook(server.url, body, SECRET)).toBe(503);
      full = false;
      expect(await fake.postWebhook(server.url, body, SECRET)).toBe(200);
      expect((await SuppressionList.load(nodeJournalFs, dir)).get('+821012345678')?.reason).toBe('opted_out');
      // A later delivery of the same body is a duplicate again.
      expect(await fake.postWebhook(server.url, body, SECRET)).toBe(200);
      expect(receiver.stats.duplicates).toBe(1);
    } finally {
      await fake.close();
      await server.close();
    }
  });

  it('drops a client that never finishes its headers', async () => {
    const { r } = receiverWith();
    const server = await startWebhookServer(r, 0, undefined, { request: 400, headers: 200, keepAlive: 100 });
    try {
      const { connect } = await import('node:net');
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const closed = await new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.once('close', () => resolve(got));
        setTimeout(() => resolve('still open'), 5_000).unref();
      });
      expect(closed).not.toBe('still open');
      socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('GET verification over HTTP', async () => {
    const { r } = receiverWith();
    const server = await startWebhookServer(r);
    try {
      const res = await fetch(`${server.url}?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=abc`);
      expect([res.status, await res.text()]).toEqual([200, 'abc']);
      expect((await fetch(`${server.url}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=abc`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('applying webhook events', () => {
  it('user_preferences stop suppresses; a flagged reply goes to a person; statuses go to the engine', async () => {
    const added: string[] = [];
    const flagged: string[] = [];
    const statusesSeen: string[] = [];
    await applyWebhookEvents(
      [
        { kind: 'preference', waId: '821011112222', value: 'stop', category: 'marketing_messages', timestamp: 0 },
        { kind: 'message', id: 'm', from: '821033334444', type: 'text', text: 'please stop the order', timestamp: 0, optOut: { kind: 'flagged', word: 'stop' } },
        { kind: 'status', wamid: 'w', status: 'read', jobId: 'j', timestamp: 0 },
      ],
      {
        suppression: { has: () => false, add: async (e) => void added.push(`${e.contact}:${e.reason}`) },
        flagged: (m) => flagged.push(m.from),
        status: async (s) => statusesSeen.push(`${s.jobId}:${s.status}`),
        now: () => 0,
      },
    );
    expect(added).toEqual(['+821011112222:stopped_marketing']);
    expect(flagged).toEqual(['+821033334444']);
    expect(statusesSeen).toEqual(['j:read']);
  });

  it('a status carries what WhatsApp billed (pricing) from the payload to the status sink; a status without it has none', async () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, statuses: [
        { id: 'wamid.A', status: 'delivered', timestamp: '1700000000', recipient_id: '821012345678', biz_opaque_callback_data: 'c1-0', pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' } },
        { id: 'wamid.B', status: 'read', timestamp: '1700000001', recipient_id: '821012345679', biz_opaque_callback_data: 'c1-1' },
      ] } }] }],
    };
    const parsed = parseWebhookPayload(body);
    const seen: unknown[] = [];
    await applyWebhookEvents(parsed, { suppression: { has: () => false, add: async () => undefined }, status: async (s) => void seen.push(s), now: () => 0 });
    expect(seen).toEqual([
      { wamid: 'wamid.A', status: 'delivered', jobId: 'c1-0', pricing: { billable: true, model: 'PMP', type: 'regular', category: 'marketing' } },
      { wamid: 'wamid.B', status: 'read', jobId: 'c1-1' },
    ]);
  });
});

describe('user_preferences resume (DOMAIN.md §2)', () => {
  const pref = (waId: string, value: 'stop' | 'resume'): WebhookEvent => ({ kind: 'preference', waId, value, category: 'marketing_messages', timestamp: 0 });
  const stop = (from: string): WebhookEvent => ({ kind: 'message', id: `m${from}`, from, type: 'text', text: 'STOP', timestamp: 0, optOut: { kind: 'opt_out', word: 'stop' } });

  it('lifts the platform’s marketing stop, never the shop’s own STOP or an unreachable number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopcast-resume-'));
    try {
      const suppression = await SuppressionList.load(nodeJournalFs, dir);
      const sinks = { suppression, now: () => 5 };
      await applyWebhookEvents([pref('821011110000', 'stop'), stop('821022220000')], sinks);
      await suppression.add({ contact: '+821033330000', reason: 'unreachable', at: 1, source: '131026' });
      await applyWebhookEvents([pref('821011110000', 'resume'), pref('821022220000', 'resume'), pref('821033330000', 'resume')], sinks);
      expect(suppression.has('+821011110000')).toBe(false);
      expect(suppression.get('+821022220000')?.reason).toBe('opted_out');
      expect(suppression.get('+821033330000')?.reason).toBe('unreachable');
      const reloaded = await SuppressionList.load(nodeJournalFs, dir);
      expect([reloaded.has('+821011110000'), reloaded.has('+821022220000'), reloaded.has('+821033330000')]).toEqual([false, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WhatsApp ids in payloads', () => {
  it.each(['../../etc/x', '1'.repeat(100_000), '+821012345678', '0821012345678', '12345', ''])('a message from %j is not taken as anyone', (from) => {
    const body = envelope([{ field: 'messages', value: { messages: [{ from, id: 'w', timestamp: '1', type: 'text', text: { body: 'STOP' } }] } }]);
    expect(parseWebhookPayload(body)).toEqual([]);
  });
  it('a status with a bad recipient_id keeps the status and drops the id', () => {
    const [e] = parseWebhookPayload(envelope([statuses({ id: 'w1', status: 'read', timestamp: '1', recipient_id: '../x' })]));
    expect(e).toMatchObject({ kind: 'status', wamid: 'w1', status: 'read' });
    expect(e).not.toHaveProperty('recipient');
  });
});

describe('opt-out confirmation', () => {
  it('is sent once, however many times the person writes STOP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopcast-confirm-'));
    try {
      const suppression = await SuppressionList.load(nodeJournalFs, dir);
      const confirmed: string[] = [];
      const stop = (id: string): WebhookEvent => ({ kind: 'message', id, from: '821012345678', type: 'text', text: 'STOP', timestamp: 0, optOut: { kind: 'opt_out', word: 'stop' } });
      const sinks = { suppression, now: () => 0, confirmOptOut: async (c: string) => void confirmed.push(c) };
      await applyWebhookEvents([stop('a')], sinks);
      await applyWebhookEvents([stop('b'), stop('c')], sinks);
      expect(confirmed).toEqual(['+821012345678']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('goes to the user id of a username-only sender (no phone), once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopcast-confirm-'));
    try {
      const suppression = await SuppressionList.load(nodeJournalFs, dir);
      const confirmed: string[] = [];
      const stop = (id: string): WebhookEvent => ({ kind: 'message', id, userId: 'KR.1a2b3c', username: 'minji', type: 'text', text: '수신거부', timestamp: 0, optOut: { kind: 'opt_out', word: '수신거부' } });
      const sinks = { suppression, now: () => 0, confirmOptOut: async (c: string) => void confirmed.push(c) };
      await applyWebhookEvents([stop('a'), stop('b')], sinks);
      expect(confirmed).toEqual(['KR.1a2b3c']);
      expect(suppression.has('KR.1a2b3c')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

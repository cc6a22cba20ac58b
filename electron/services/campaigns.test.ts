import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platformPolicy } from '../../shared/domain/pacing';
import { VirtualClock } from '../../test/fakes/clock';
import { nodeJournalFs } from '../adapters/journalFs';
import { AppFailure } from '../../shared/lib/result';
import { notStartedWhy } from './campaignWhy';
import { CampaignService, fillContent } from './campaigns';
import type { MessageContent } from './transports/types';
import { encodeLine } from './journal';
import { SuppressionList } from './suppression';
import type { OutgoingMessage, SendResult, Transport } from './transports/types';

const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-campaigns-'));
});
/** Every service a test made is closed after it, so no journal file handle is left for the garbage collector. */
const made: CampaignService[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((c) => c.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

class Recording implements Transport {
  readonly channel = 'sandbox';
  readonly sent: OutgoingMessage[] = [];
  next: SendResult[] = [];
  async send(m: OutgoingMessage): Promise<SendResult> {
    this.sent.push(m);
    return this.next.shift() ?? { kind: 'accepted', wamid: `wamid.${this.sent.length}` };
  }
}

async function service(clock = new VirtualClock(NOON_SEOUL)) {
  const transport = new Recording();
  const suppression = await SuppressionList.load(nodeJournalFs, dir);
  const events: { type: string; code?: number }[] = [];
  const campaigns = new CampaignService({
    fs: nodeJournalFs,
    dataDir: dir,
    clock,
    random: () => 0.5,
    pid: process.pid,
    suppression,
    transportFor: () => transport,
    policyFor: () => ({ ...platformPolicy('Asia/Seoul', null), quietHours: null }),
    onEvent: (_id, e) => events.push(e as { type: string; code?: number }),
  });
  made.push(campaigns);
  return { campaigns, transport, clock, suppression, events };
}

const recipients = (n: number) => Array.from({ length: n }, (_, i) => ({ contact: `+8210${10_000_000 + i}`, vars: { name: i === 0 ? '' : `Customer ${i}` } }));
const spec = (n: number, scheduledAt?: number) => ({ name: 'Spring sale', channel: 'sandbox' as const, content: { kind: 'text' as const, body: 'Hi {name}' }, promotional: true, recipients: recipients(n), ...(scheduledAt !== undefined ? { scheduledAt } : {}) });

describe('campaigns', () => {
  it('a new campaign is a draft holding its audience', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(3));
    expect(campaigns.status(id)).toMatchObject({ state: 'draft', counts: { queued: 3, total: 3 } });
  });

  it('runs to finished, filling {name} with a fallback when it is missing', async () => {
    const { campaigns, transport } = await service();
    const id = await campaigns.create(spec(3));
    await campaigns.start(id);
    expect(await campaigns.settled(id)).toMatchObject({ state: 'finished', counts: { accepted: 3 } });
    expect(transport.sent.map((m) => (m.content.kind === 'text' ? m.content.body : ''))).toEqual(['Hi customer', 'Hi Customer 1', 'Hi Customer 2']);
  });

  it('a scheduled campaign starts only when its time has come', async () => {
    const { campaigns, clock } = await service();
    const id = await campaigns.create(spec(1, NOON_SEOUL + 60_000));
    expect(await campaigns.startDue()).toEqual([]);
    clock.time += 60_000;
    expect(await campaigns.startDue()).toEqual([id]);
    expect((await campaigns.settled(id)).state).toBe('finished');
  });

  it('cancelling a draft skips every job', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(2));
    expect(await campaigns.cancel(id)).toMatchObject({ state: 'cancelled', counts: { skipped: 2 } });
    await expect(campaigns.start(id)).rejects.toThrow(/cancelled/);
  });

  it('an ambiguous job waits for the person; "send again" sends it once more, "sent" closes it', async () => {
    const { campaigns, transport } = await service();
    transport.next = [{ kind: 'ambiguous', why: 'cut' }, { kind: 'ambiguous', why: 'cut' }];
    const id = await campaigns.create(spec(3));
    await campaigns.start(id);
    const status = await campaigns.settled(id);
    expect(status.ambiguous.map((a) => a.job)).toEqual([`${id}-0`, `${id}-1`]);
    await campaigns.resolveAmbiguous(id, `${id}-0`, 'sent');
    await campaigns.resolveAmbiguous(id, `${id}-1`, 'send_again');
    await campaigns.start(id);
    expect(await campaigns.settled(id)).toMatchObject({ counts: { accepted: 2, skipped: 1, ambiguous: 0 } });
    expect(transport.sent.filter((m) => m.to === recipients(3)[0]!.contact)).toHaveLength(1);
  });

  it('routes a status webhook to its campaign by job id', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(1));
    await campaigns.start(id);
    await campaigns.settled(id);
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'delivered', jobId: `${id}-0` })).toBe(true);
    expect(await campaigns.applyStatus({ wamid: 'wamid.x', status: 'delivered', jobId: 'unknown-0' })).toBe(false);
  });

  it('a status’s pricing is journaled with it and counted on the summary, while the engine runs and after it finished', async () => {
    const { campaigns, transport } = await service();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const send = transport.send.bind(transport);
    transport.send = async (m) => {
      if (transport.sent.length === 1) await held; // the second send waits: the engine is still running
      return send(m);
    };
    const id = await campaigns.create(spec(2));
    await campaigns.start(id);
    while (transport.sent.length < 1 || campaigns.status(id).counts.accepted < 1) await new Promise((r) => setTimeout(r, 5));
    const marketing = { billable: true, type: 'regular', category: 'marketing' };
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'sent', jobId: `${id}-0`, pricing: marketing })).toBe(true);
    expect(campaigns.status(id).counts).toMatchObject({ billed: { MARKETING: 1 }, billedByCountry: { KR: { MARKETING: 1 } }, notBillable: 0 });
    release();
    await campaigns.settled(id);
    expect(await campaigns.applyStatus({ wamid: 'wamid.2', status: 'delivered', jobId: `${id}-1`, pricing: { billable: false, type: 'free_customer_service', category: 'service' } })).toBe(true);
    expect(await campaigns.applyStatus({ wamid: 'wamid.2', status: 'delivered', jobId: `${id}-1`, pricing: marketing })).toBe(false); // repeated
    expect(campaigns.status(id).counts).toMatchObject({ billed: { MARKETING: 1 }, notBillable: 1, recipientsByCountry: { KR: 2 } });
  });

  it('a reply from WhatsApp’s form of a number (MX without the 1, BR without the 9) finds the campaign sent to the other form', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create({ ...spec(0), recipients: [{ contact: '+5215512345678' }, { contact: '+5511987654321' }] });
    await campaigns.start(id);
    await campaigns.settled(id);
    expect(campaigns.lastSentTo('+525512345678', NOON_SEOUL, 72 * 3_600_000, true)).toEqual({ campaign: id, job: `${id}-0` });
    expect(campaigns.lastSentTo('+551187654321', NOON_SEOUL, 72 * 3_600_000, true)).toEqual({ campaign: id, job: `${id}-1` });
    expect(campaigns.lastSentTo('+5215512345678', NOON_SEOUL, 72 * 3_600_000, true)?.job).toBe(`${id}-0`);
    expect(campaigns.lastSentTo('+525599999999', NOON_SEOUL, 72 * 3_600_000, true)).toBeUndefined();
  });

  it('will not start a campaign another running process holds', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(1));
    mkdirSync(join(dir, 'campaigns', id), { recursive: true });
    writeFileSync(join(dir, 'campaigns', id, 'send.lock'), String(process.ppid));
    await expect(campaigns.start(id)).rejects.toThrow(/another Shopcast/);
  });
});

describe('status webhooks (DOMAIN.md §2: a failed status is acted on like the same code on the send)', () => {
  async function sentOne() {
    const { campaigns, suppression, events } = await service();
    const id = await campaigns.create(spec(1));
    await campaigns.start(id);
    await campaigns.settled(id);
    const job = `${id}-0`;
    const contact = recipients(1)[0]!.contact;
    const delivery = () => campaigns.replayOf(id).jobs.get(job)?.delivery;
    return { campaigns, suppression, id, job, contact, delivery, events };
  }

  it.each([
    [131026, 'unreachable'],
    [130403, 'unreachable'],
    [131021, 'unreachable'],
    [131050, 'stopped_marketing'],
  ] as const)('failed with %i puts the contact on the suppression list as %s', async (code, reason) => {
    const { campaigns, suppression, job, contact, delivery } = await sentOne();
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'sent', jobId: job })).toBe(true);
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'failed', jobId: job, code })).toBe(true);
    expect(delivery()).toBe('failed');
    expect(suppression.get(contact)).toMatchObject({ reason, source: String(code) });
    expect((await SuppressionList.load(nodeJournalFs, dir)).get(contact)?.reason).toBe(reason);
  });

  it('an account error on a failed status stops all sending (the account event), without resending', async () => {
    const { campaigns, job, events } = await sentOne();
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'failed', jobId: job, code: 131048 })).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: 'account', code: 131048 }));
  });

  it.each([
    ['delivered', 'delivered'],
    ['read', 'read'],
  ] as const)('a failed after %s does not take the message back', async (first, kept) => {
    const { campaigns, suppression, job, contact, delivery } = await sentOne();
    await campaigns.applyStatus({ wamid: 'wamid.1', status: first, jobId: job });
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'failed', jobId: job, code: 131026 })).toBe(false);
    expect(delivery()).toBe(kept);
    expect(suppression.has(contact)).toBe(false);
  });

  it('statuses never move backwards', async () => {
    const { campaigns, job, delivery } = await sentOne();
    await campaigns.applyStatus({ wamid: 'wamid.1', status: 'read', jobId: job });
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'delivered', jobId: job })).toBe(false);
    expect(await campaigns.applyStatus({ wamid: 'wamid.1', status: 'sent', jobId: job })).toBe(false);
    expect(delivery()).toBe('read');
  });

  it('a status naming our job but another message id is ignored', async () => {
    const { campaigns, suppression, job, contact, delivery } = await sentOne();
    expect(await campaigns.applyStatus({ wamid: 'wamid.someone-else', status: 'failed', jobId: job, code: 131026 })).toBe(false);
    expect(await campaigns.applyStatus({ wamid: 'wamid.someone-else', status: 'read', jobId: job })).toBe(false);
    expect(delivery()).toBeUndefined();
    expect(suppression.has(contact)).toBe(false);
  });
});

describe('why a campaign is in its state, as a code beside the English', () => {
  const journalOf = (id: string) => join(dir, 'campaigns', id, 'journal.jsonl');

  it('a pause by the person is journaled with its code, and a restart shows the same reason', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(2, NOON_SEOUL + 3_600_000));
    expect(await campaigns.pause(id)).toMatchObject({ state: 'paused', why: 'Paused by the person.', whyCode: { code: 'paused_by_person' } });
    await campaigns.close();
    const again = await service();
    await again.campaigns.load();
    expect(again.campaigns.summary(id, 'g')).toMatchObject({ state: 'paused', why: 'Paused by the person.', whyCode: { code: 'paused_by_person' } });
  });

  it('a campaign whose journal was damaged while sending is paused with the journal_damaged code', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(2));
    await campaigns.close();
    appendFileSync(journalOf(id), `${encodeLine({ t: 'state', state: 'running', at: NOON_SEOUL })}\u0000garbage\n`);
    const again = await service();
    const { problems } = await again.campaigns.load();
    expect(problems.map((p) => p.id)).toEqual([id]);
    expect(again.campaigns.summary(id, 'g')).toMatchObject({ state: 'paused', why: expect.stringMatching(/journal was damaged/), whyCode: { code: 'journal_damaged' } });
  });

  it('a state journaled before codes replays with its English reason and no code', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(2));
    await campaigns.close();
    appendFileSync(journalOf(id), encodeLine({ t: 'state', state: 'paused', why: 'Paused by the person.', at: NOON_SEOUL }));
    const again = await service();
    await again.campaigns.load();
    const s = again.campaigns.summary(id, 'g');
    expect(s).toMatchObject({ state: 'paused', why: 'Paused by the person.' });
    expect(s).not.toHaveProperty('whyCode');
    expect(again.campaigns.status(id)).not.toHaveProperty('whyCode');
    // The next state record without a reason clears the old one entirely (no code left over from before).
    await again.campaigns.start(id);
    expect(await again.campaigns.settled(id)).toMatchObject({ state: 'finished' });
    expect(again.campaigns.summary(id, 'g')).not.toHaveProperty('why');
  });

  it('a start refused at its time is halted with start_failed and main’s refusals by code', async () => {
    const { campaigns } = await service();
    const id = await campaigns.create(spec(1, NOON_SEOUL + 60_000));
    const refused = new AppFailure('conflict', 'This campaign cannot start: The Cloud API is not connected.', { codes: 'cloud_not_configured', reasons: '…' });
    await campaigns.halt(id, notStartedWhy('start_failed', refused));
    expect(campaigns.summary(id, 'g')).toMatchObject({
      state: 'paused',
      why: 'Could not start at its time: This campaign cannot start: The Cloud API is not connected.',
      whyCode: { code: 'start_failed', params: { refusals: ['cloud_not_configured'] } },
    });
    const other = await campaigns.create(spec(1, NOON_SEOUL + 60_000));
    await campaigns.halt(other, notStartedWhy('resume_failed', new Error('the disk went away')));
    expect(campaigns.summary(other, 'g')).toMatchObject({ why: 'Could not resume: the disk went away', whyCode: { code: 'resume_failed', params: { detail: 'the disk went away' } } });
  });
});

describe('fillContent', () => {
  it('fills template parameters too and leaves unknown placeholders alone', () => {
    expect(fillContent({ kind: 'template', name: 't', language: 'ko', bodyParams: ['{name}', '{code}'] }, { name: '김' })).toEqual({ kind: 'template', name: 't', language: 'ko', bodyParams: ['김', '{code}'] });
  });

  // DOMAIN.md §4: a missing name falls back in the message's language, never an English word in a Korean message.
  it.each([
    [{ kind: 'text', body: '{name}님, 새 상품이 왔어요' }, '고객님, 새 상품이 왔어요'],
    [{ kind: 'text', body: 'Hi {name}, new stock is in' }, 'Hi customer, new stock is in'],
    [{ kind: 'text', body: '{name}您好，新品到貨' }, '顧客您好，新品到貨'],
    [{ kind: 'template', name: 't', language: 'ko', bodyParams: ['{name}'] }, '고객'],
    [{ kind: 'template', name: 't', language: 'zh_TW', bodyParams: ['{name}'] }, '顧客'],
    [{ kind: 'template', name: 't', language: 'en_US', bodyParams: ['{name}'] }, 'customer'],
    [{ kind: 'media', mediaType: 'image', link: 'https://x.test/a.jpg', caption: '{name}님 {code}' }, '고객님 {code}'],
  ] as const)('%j without a name → %s', (content, expected) => {
    const out = fillContent(content as MessageContent, { name: '' });
    const text = out.kind === 'text' ? out.body : out.kind === 'template' ? out.bodyParams[0] : out.caption;
    expect(text).toBe(expected);
  });
});

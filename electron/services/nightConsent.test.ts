/**
 * Night-time consent carried to main (Korean law, DOMAIN.md §2b): the renderer's `nightConsent` flag on a recipient is
 * parsed, journaled with the job (and kept through compaction), and the pacer lets only those recipients' promotions
 * go 21:00–08:00 Korea time. Virtual clock only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platformPolicy } from '../../shared/domain/pacing';
import { parseAddRecipients } from '../../shared/ipc/campaigns';
import { VirtualClock } from '../../test/fakes/clock';
import { nodeJournalFs } from '../adapters/journalFs';
import { CampaignService } from './campaigns';
import { Journal, snapshotOf } from './journal';
import { SuppressionList } from './suppression';
import type { OutgoingMessage, SendResult, Transport } from './transports/types';

/** 2026-12-01 at hh:mm in Seoul (UTC+9). */
const kst = (hh: number, mm = 0, day = 1) => Date.UTC(2026, 11, day, hh - 9, mm);
const KR = (i: number) => `+8210${20_000_000 + i}`;

let dir: string;
const made: CampaignService[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-night-'));
});
afterEach(async () => {
  await Promise.all(made.splice(0).map((c) => c.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

class Timed implements Transport {
  readonly channel = 'sandbox';
  readonly sent: { to: string; at: number }[] = [];
  constructor(private readonly clock: VirtualClock) {}
  async send(m: OutgoingMessage): Promise<SendResult> {
    this.sent.push({ to: m.to, at: this.clock.now() });
    return { kind: 'accepted', wamid: `wamid.${this.sent.length}` };
  }
}

async function service(start: number) {
  const clock = new VirtualClock(start);
  const transport = new Timed(clock);
  const suppression = await SuppressionList.load(nodeJournalFs, dir);
  const campaigns = new CampaignService({
    fs: nodeJournalFs,
    dataDir: dir,
    clock,
    random: () => 0.5,
    pid: process.pid,
    suppression,
    transportFor: () => transport,
    policyFor: () => ({ ...platformPolicy('Asia/Seoul', null), quietHours: null }),
  });
  made.push(campaigns);
  return { campaigns, transport };
}

describe('the recipient parser', () => {
  it.each([
    [{ ref: '1', phone: KR(1), nightConsent: true }, { ref: '1', phone: KR(1), nightConsent: true }],
    [{ ref: '1', phone: KR(1), nightConsent: false }, { ref: '1', phone: KR(1) }],
    [{ ref: '1', phone: KR(1) }, { ref: '1', phone: KR(1) }],
  ])('%j → %j', (r, expected) => {
    const parsed = parseAddRecipients({ id: 'c1', recipients: [r] });
    expect(parsed.ok && parsed.value.recipients).toEqual([expected]);
  });

  it('refuses anything but a boolean', () => {
    const parsed = parseAddRecipients({ id: 'c1', recipients: [{ ref: '1', phone: KR(1), nightConsent: 'yes' }] });
    expect(parsed.ok).toBe(false);
  });
});

describe('the engine at night (kr_night)', () => {
  it('at 22:00 Seoul sends the promotion to those with night-time consent, and the others at 08:00', async () => {
    const { campaigns, transport } = await service(kst(22));
    const recipients = [{ contact: KR(1), nightConsent: true }, { contact: KR(2) }, { contact: KR(3), nightConsent: true }];
    const id = await campaigns.create({ name: 'Night sale', channel: 'sandbox', content: { kind: 'text', body: '(광고) hi' }, promotional: true, recipients });
    await campaigns.start(id);
    expect(await campaigns.settled(id)).toMatchObject({ state: 'finished', counts: { accepted: 3 } });
    // When each job was dispatched (its `attempting` record): the transport's own call may come later on a virtual
    // clock, after the engine has already slept on to the next wake-up.
    const records = readFileSync(join(dir, 'campaigns', id, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { r: { t: string; job?: string; contact?: string; at?: number } }).r);
    const phoneOf = new Map(records.filter((r) => r.t === 'job').map((r) => [r.job, r.contact]));
    const at = new Map(records.filter((r) => r.t === 'attempting').map((r) => [phoneOf.get(r.job), r.at]));
    expect(transport.sent).toHaveLength(3);
    expect(at.get(KR(1))).toBeLessThan(kst(23));
    expect(at.get(KR(3))).toBeLessThan(kst(23));
    expect(at.get(KR(2))).toBeGreaterThanOrEqual(kst(8, 0, 2));
  });

  it('an informational message goes at night to everyone, consent or not', async () => {
    const { campaigns, transport } = await service(kst(22));
    // Nothing waits here, so the virtual clock stays at night and the transport's times are the dispatch times.
    const id = await campaigns.create({ name: 'Delivery', channel: 'sandbox', content: { kind: 'text', body: 'Your order is on its way' }, promotional: false, recipients: [{ contact: KR(1) }, { contact: KR(2) }] });
    await campaigns.start(id);
    await campaigns.settled(id);
    expect(transport.sent.every((s) => s.at < kst(23))).toBe(true);
  });
});

describe('the journal keeps it', () => {
  it('replays and compacts a job’s night-time consent', async () => {
    const path = join(dir, 'journal.jsonl');
    const opened = await Journal.open(nodeJournalFs, path, () => 1);
    await opened.journal.appendAll([
      { t: 'campaign', id: 'c1', spec: {}, at: 1 },
      { t: 'job', job: 'c1-0', contact: KR(1), nightConsent: true },
      { t: 'job', job: 'c1-1', contact: KR(2) },
    ]);
    await opened.journal.close();
    const before = await Journal.open(nodeJournalFs, path, () => 1);
    expect(before.replay.jobs.get('c1-0')?.nightConsent).toBe(true);
    expect(before.replay.jobs.get('c1-1')?.nightConsent).toBeUndefined();
    await before.journal.compact(() => snapshotOf(before.replay));
    await before.journal.close();
    const after = await Journal.open(nodeJournalFs, path, () => 1);
    expect(after.replay.jobs.get('c1-0')?.nightConsent).toBe(true);
    expect(after.replay.jobs.get('c1-1')?.nightConsent).toBeUndefined();
    await after.journal.close();
  });
});

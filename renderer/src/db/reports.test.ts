import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignSummary, JobView } from '../../../shared/ipc/campaigns';
import type { InboxMessage } from '../../../shared/ipc/inbox';
import { DEFAULT_RATE_TABLE } from '../../../shared/domain/campaign/costs';
import { applySuppressions, storeJobs, storeReplies } from './sendingCopy';
import { withDerived } from './contacts';
import type { ShopcastDB } from './db';
import { campaignReport, contactHistory, weeklyReview } from './reports';
import { freshDb } from './testDb';

const H = 3_600_000;
const DAY = 24 * H;
// Monday 2026-11-16 00:00 in Seoul.
const WEEK = Date.UTC(2026, 10, 15, 15);
const ZONE = 'Asia/Seoul';

let db: ShopcastDB;
afterEach(() => db?.close());

function summary(id: string, over: Partial<CampaignSummary> = {}): CampaignSummary {
  const counts = { total: 0, queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
  return { id, name: `Campaign ${id}`, channel: 'cloud', state: 'finished', counts, promotional: true, test: false, sandbox: false, createdAt: 1, rev: 0, generation: 'g', ...over };
}

async function contact(id: number, phone: string, labelIds: number[], createdAt = 1) {
  await db.contacts.put(withDerived({ name: `C${id}`, phone, labelIds, optInStatus: 'opted_in', optInSource: 'in_store', optInAt: 1, notes: '', lastInteractionAt: null }, { id, createdAt, updatedAt: createdAt }));
}

/** A delivered message (read and replied as asked) from campaign `c` to contact `id`. */
function sent(c: string, n: number, id: number, at: number, opts: { read?: boolean; variant?: 'A' | 'B' } = {}): JobView {
  const times = { accepted: at, delivered: at + 60_000, ...(opts.read ? { read: at + H } : {}) };
  return { job: `${c}-${n}`, ref: String(id), contact: phoneOf(id), phase: 'accepted', delivery: opts.read ? 'read' : 'delivered', attempts: 1, at, rev: n + 1, times, ...(opts.variant ? { variant: opts.variant } : {}) };
}
const phoneOf = (id: number) => `+8210${String(10_000_000 + id)}`;
const reply = (seq: number, id: number, at: number, over: Partial<InboxMessage> = {}): InboxMessage => ({ seq, id: `in${seq}`, from: phoneOf(id), type: 'text', text: 'ok', at, optOut: 'none', ...over });

describe('campaign report', () => {
  it('funnel, rates, failure reasons, cost by country and first-response time from the rollups', async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary('c1'), syncedRev: 0, syncedGeneration: 'g' });
    for (let i = 1; i <= 6; i++) await contact(i, phoneOf(i), []);
    await storeJobs(
      db,
      'c1',
      [
        sent('c1', 0, 1, WEEK, { read: true }),
        sent('c1', 1, 2, WEEK, { read: true }),
        sent('c1', 2, 3, WEEK),
        sent('c1', 3, 4, WEEK),
        { job: 'c1-4', ref: '5', contact: phoneOf(5), phase: 'failed', code: 131026, attempts: 1, at: WEEK, rev: 5 },
        { job: 'c1-5', ref: '6', contact: phoneOf(6), phase: 'skipped', reason: 'quiet_hours', attempts: 0, at: WEEK, rev: 6 },
        { job: 'c1-6', contact: '+447400123456', phase: 'accepted', delivery: 'delivered', attempts: 1, at: WEEK, rev: 7, times: { accepted: WEEK, delivered: WEEK } },
      ],
      ZONE,
    );
    await storeReplies(db, [reply(1, 1, WEEK + 2 * H), reply(2, 3, WEEK + 4 * H), reply(3, 4, WEEK + 80 * H), reply(4, 2, WEEK + H, { optOut: 'opt_out', text: 'STOP' })], ZONE);

    const r = await campaignReport(db, 'c1');
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.funnel).toEqual({ queued: 7, sent: 5, delivered: 5, read: 2, replied: 2, failed: 1, skipped: 1, optedOut: 1 });
    expect(r.rates).toEqual({ delivery: 1, read: 2 / 5, reply: 2 / 5, optOut: 1 / 5, base: 'delivered' });
    expect(r.avgFirstResponseMs).toBe(3 * H);
    expect(r.failures).toEqual([
      { group: 'error.unreachable', kind: 'error', reason: 'unreachable', count: 1 },
      { group: 'skip.quiet_hours', kind: 'skip', reason: 'quiet_hours', count: 1 },
    ]);
    expect(r.ab).toBeUndefined();
    expect(r.cost).toMatchObject({ billed: true, simulated: false, category: 'MARKETING', currency: 'USD' });
    expect(r.cost.byCountry.map((c) => [c.country, c.delivered])).toEqual([['KR', 4], ['GB', 1]]);
    expect(r.cost.total).toBeCloseTo(4 * (DEFAULT_RATE_TABLE.rates.KR?.MARKETING ?? 0) + (DEFAULT_RATE_TABLE.rates.GB?.MARKETING ?? 0), 6);
    expect(r.daily.map((d) => d.day)).toEqual(['2026-11-16']);
  });

  it('A/B versions side by side with the verdict, sandbox marked, and an Assisted campaign costs nothing', async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary('ab', { sandbox: true, channel: 'sandbox' }), syncedRev: 0, syncedGeneration: 'g' });
    await db.campaigns.put({ ...summary('as', { channel: 'assisted' }), syncedRev: 0, syncedGeneration: 'g' });
    const jobs: JobView[] = [];
    for (let i = 0; i < 200; i++) jobs.push(sent('ab', i, 1000 + i, WEEK, { variant: i % 2 ? 'B' : 'A', read: true }));
    await storeJobs(db, 'ab', jobs, ZONE);
    // 20 of 100 A reply, 45 of 100 B.
    const replies = jobs.filter((j, i) => (j.variant === 'A' ? i < 40 : i < 90)).map((j, k) => ({ ...reply(k + 1, 0, WEEK + H), from: j.contact }));
    await storeReplies(db, replies, ZONE);
    await storeJobs(db, 'as', [sent('as', 0, 5000, WEEK)], ZONE);

    const r = await campaignReport(db, 'ab');
    expect(r?.sandbox).toBe(true);
    expect(r?.cost.simulated).toBe(true);
    expect(r?.ab?.a).toMatchObject({ delivered: 100, replied: 20 });
    expect(r?.ab?.b).toMatchObject({ delivered: 100, replied: 45 });
    expect(r?.ab?.reply.verdict).toBe('likely_real');
    expect(r?.ab?.read.verdict).toBe('too_few'); // everyone read both: no "did not" outcomes to compare
    const assisted = await campaignReport(db, 'as');
    expect(assisted?.cost).toMatchObject({ billed: false, total: 0 });
    expect(await campaignReport(db, 'nope')).toBeUndefined();
  });
});

describe('weekly review', () => {
  it('this week against last week: sent, rates by the week the message went out, opt-outs, new contacts, labels, heatmap, best', async () => {
    db = freshDb();
    await db.campaigns.bulkPut([
      { ...summary('old'), syncedRev: 0, syncedGeneration: 'g' },
      { ...summary('new'), syncedRev: 0, syncedGeneration: 'g' },
    ]);
    await db.labels.put({ id: 7, name: 'VIP', nameKey: 'vip', color: 'green', createdAt: 1, updatedAt: 1 });
    await contact(1, phoneOf(1), [7], WEEK - 3 * DAY);
    await contact(2, phoneOf(2), [], WEEK + DAY);
    await contact(3, phoneOf(3), [], WEEK + 2 * DAY);
    // Last week: two messages, one read; this week (Wednesday 10:00 Seoul): two messages, both read, one reply at 12:00.
    await storeJobs(db, 'old', [sent('old', 0, 1, WEEK - 5 * DAY, { read: true }), sent('old', 1, 2, WEEK - 5 * DAY)], ZONE);
    const wed10 = WEEK + 2 * DAY + 10 * H;
    await storeJobs(db, 'new', [sent('new', 0, 1, wed10, { read: true }), sent('new', 1, 3, wed10, { read: true })], ZONE);
    await storeReplies(db, [reply(1, 1, wed10 + 2 * H)], ZONE);
    await applySuppressions(db, [{ contact: phoneOf(3), reason: 'opted_out', at: wed10 + 3 * H, source: 'STOP' }], wed10, ZONE);

    const w = await weeklyReview(db, '2026-11-16', 2, { zone: ZONE });
    expect(w.weeks.map((x) => x.weekStart)).toEqual(['2026-11-16', '2026-11-09']);
    expect(w.weeks[0]).toMatchObject({ sent: 2, delivered: 2, readRate: 1, replyRate: 0.5, optOuts: 1, newContacts: 2, replies: 1, avgFirstResponseMs: 2 * H });
    expect(w.weeks[1]).toMatchObject({ sent: 2, delivered: 2, readRate: 0.5, replyRate: 0, optOuts: 0, newContacts: 1, avgFirstResponseMs: null });
    expect(w.byLabel).toEqual([{ labelId: 7, name: 'VIP', color: 'green', sent: 2, delivered: 2, readRate: 1, replyRate: 0.5, optedOut: 0 }]);
    // Reads at 11:00 Wednesday (hour 2 × 24 + 11) this week; replies at 12:00.
    expect(w.heatmap.read[2 * 24 + 11]).toBe(2);
    expect(w.heatmap.reply[2 * 24 + 12]).toBe(1);
    expect(w.heatmap.read.reduce((a, b) => a + b, 0)).toBe(3);
    expect(w.best.map((b) => b.id)).toEqual(['new', 'old']);
    // One week only: last week's campaign is not in it.
    const one = await weeklyReview(db, '2026-11-16', 1, { zone: ZONE });
    expect(one.best.map((b) => b.id)).toEqual(['new']);
    expect(one.heatmap.read.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe('opt-outs are attributed like replies (issue 11)', () => {
  // Contact 1 is Mexican: saved as dialled (+52…), WhatsApp writes from its wa_id (+521…).
  const MX = '+525512345678';
  const MX_WA = '+5215512345678';
  const stop = (seq: number, from: string, at: number): InboxMessage => ({ seq, id: `in${seq}`, from, type: 'text', text: 'STOP', at, optOut: 'opt_out', word: 'stop' });
  const suppressed = (contact: string, at: number) => ({ contact, reason: 'opted_out' as const, at, source: 'STOP' });
  // Main's suppression time is when it processed the webhook: a moment after the message's own timestamp.
  const orders: [string, (d: ShopcastDB, from: string, at: number, seq: number) => Promise<unknown>][] = [
    ['main flags the opt-out and its inbox message never arrives', (d, from, at) => applySuppressions(d, [suppressed(from, at + 2_000)], at + 2_000, ZONE)],
    ['the STOP reply arrives first, then main flags it', async (d, from, at, seq) => {
      await storeReplies(d, [stop(seq, from, at)], ZONE);
      await applySuppressions(d, [suppressed(from, at + 2_000)], at + 2_000, ZONE);
    }],
    ['main flags it first, then the STOP reply arrives', async (d, from, at, seq) => {
      await applySuppressions(d, [suppressed(from, at + 2_000)], at + 2_000, ZONE);
      await storeReplies(d, [stop(seq, from, at)], ZONE);
    }],
  ];

  it.each(orders)('%s: a STOP within 72 h counts in that campaign and the week; one later counts in no campaign', async (_, optOut) => {
    db = freshDb();
    await db.campaigns.bulkPut([
      { ...summary('a'), syncedRev: 0, syncedGeneration: 'g' },
      { ...summary('b'), syncedRev: 0, syncedGeneration: 'g' },
    ]);
    await contact(1, MX, []);
    await contact(2, phoneOf(2), []);
    await storeJobs(db, 'a', [{ ...sent('a', 0, 1, WEEK), contact: MX }, sent('a', 1, 2, WEEK)], ZONE);
    // Contact 1 writes STOP 5 h after campaign a's message; contact 2 only after 80 h, and campaign b reaches it later still.
    await optOut(db, MX_WA, WEEK + 5 * H, 1);
    await optOut(db, phoneOf(2), WEEK + 80 * H, 2);
    await storeJobs(db, 'b', [sent('b', 0, 2, WEEK + 100 * H)], ZONE);

    const a = await campaignReport(db, 'a');
    const b = await campaignReport(db, 'b');
    expect(a?.funnel.optedOut).toBe(1);
    expect(a?.rates.optOut).toBe(1 / 2);
    expect(a?.daily.reduce((s, d) => s + d.optedOut, 0)).toBe(1);
    expect(b?.funnel.optedOut).toBe(0);
    const w = await weeklyReview(db, '2026-11-16', 1, { zone: ZONE });
    expect(w.weeks[0]?.optOuts).toBe(2);
    expect((await db.contacts.bulkGet([1, 2])).map((c) => c?.optInStatus)).toEqual(['opted_out', 'opted_out']);
    // Applying main's whole list again (every sync does) changes nothing.
    await applySuppressions(db, [suppressed(MX_WA, WEEK + 5 * H + 2_000), suppressed(phoneOf(2), WEEK + 80 * H + 2_000)], WEEK + 101 * H, ZONE);
    expect((await campaignReport(db, 'a'))?.funnel.optedOut).toBe(1);
    expect((await weeklyReview(db, '2026-11-16', 1, { zone: ZONE })).weeks[0]?.optOuts).toBe(2);
  });
});

describe('contact history', () => {
  it('every message to the contact with its status, and their replies with the message each answers', async () => {
    db = freshDb();
    await db.campaigns.bulkPut([
      { ...summary('c1'), syncedRev: 0, syncedGeneration: 'g' },
      { ...summary('c2', { sandbox: true }), syncedRev: 0, syncedGeneration: 'g' },
    ]);
    await contact(1, phoneOf(1), []);
    await contact(2, phoneOf(2), []);
    await storeJobs(db, 'c1', [sent('c1', 0, 1, WEEK, { read: true }), sent('c1', 1, 2, WEEK)], ZONE);
    await storeJobs(db, 'c2', [{ job: 'c2-0', ref: '1', contact: phoneOf(1), phase: 'skipped', reason: 'contact_frequency', attempts: 0, at: WEEK + DAY, rev: 1 }], ZONE);
    await storeReplies(db, [reply(1, 1, WEEK + H), reply(2, 1, WEEK + 5 * DAY), reply(3, 2, WEEK + 2 * H)], ZONE);

    const h = await contactHistory(db, 1);
    expect(h.contact?.id).toBe(1);
    expect(h.messages.map((m) => [m.job, m.stage, m.why])).toEqual([
      ['c2-0', 'skipped', 'skip.contact_frequency'],
      ['c1-0', 'replied', undefined],
    ]);
    expect(h.messages[0]?.sandbox).toBe(true);
    expect(h.replies.map((r) => [r.seq, r.campaign])).toEqual([
      [2, undefined],
      [1, 'c1'],
    ]);
  });
});

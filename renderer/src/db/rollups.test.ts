import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTRIBUTION_WINDOW_MS } from '../../../shared/domain/results/attribution';
import { stepTimes } from '../../../shared/domain/results/funnel';
import { seededRandom } from '../../../shared/domain/random';
import type { JobView } from '../../../shared/ipc/campaigns';
import type { InboxMessage } from '../../../shared/ipc/inbox';
import { applySuppressions, storeJobs, storeReplies } from './sendingCopy';
import { withDerived } from './contacts';
import type { RollupRecord, ShopcastDB } from './db';
import { failureGroup } from '../../../shared/domain/results/recipientStatus';
import { ensureRollups, factsOf, rebuildRollups, TOTAL_DAY, type ResultsRow } from './rollups';
import { freshDb } from './testDb';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 10, 2); // a Monday, 00:00 UTC

let db: ShopcastDB | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** The people of the tests: three are contacts (with labels), one is not; the Mexican one replies from its wa_id. */
const PEOPLE = [
  { phone: '+821011110000', contactId: 1, labels: [1] },
  { phone: '+821022220000', contactId: 2, labels: [1, 2] },
  { phone: '+5215512345678', waId: '+525512345678', contactId: 3, labels: [] as number[] },
  { phone: '+821033330000', contactId: undefined, labels: [] as number[] },
] as const;

async function seedContacts(d: ShopcastDB): Promise<void> {
  await d.contacts.bulkPut(
    PEOPLE.filter((p) => p.contactId !== undefined).map((p) =>
      withDerived({ name: `P${p.contactId}`, phone: p.phone, labelIds: [...p.labels], optInStatus: 'opted_in', optInSource: 'in_store', optInAt: 1, notes: '', lastInteractionAt: null }, { id: p.contactId ?? 0, createdAt: 1, updatedAt: 1 }),
    ),
  );
}

// ── Brute force: what the rollups must equal, computed from the events without the incremental code ──────────

async function allRollups(d: ShopcastDB): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of (await d.rollups.toArray()) as RollupRecord[]) out.set(r.key, r.counts);
  return out;
}

function localParts(zone: string, at: number): { day: string; how: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'long' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(get('weekday'));
  return { day: `${get('year')}-${get('month')}-${get('day')}`, how: weekday * 24 + Number(get('hour')) };
}

/** Sums, per record, the counts the rows imply, written plainly (one loop per metric family). */
function expectedRollups(rows: readonly ResultsRow[], zone: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const add = (key: string, name: string, n = 1) => {
    const c = out.get(key) ?? {};
    c[name] = (c[name] ?? 0) + n;
    if (c[name] === 0) delete c[name];
    out.set(key, c);
  };
  for (const row of rows) {
    const t = stepTimes(factsOf(row));
    const scopes = [`campaign|${row.campaign}`, 'shop|', ...(row.labels ?? []).map((l) => `label|${l}`)];
    for (const scope of scopes) {
      for (const step of ['sent', 'delivered', 'read', 'replied', 'failed', 'optedOut'] as const) {
        const at = t[step];
        if (at !== undefined) add(`${scope}|${localParts(zone, at).day}`, step);
      }
      if (t.sent !== undefined) {
        for (const step of ['delivered', 'read', 'replied', 'optedOut'] as const) if (t[step] !== undefined) add(`${scope}|${localParts(zone, t.sent).day}`, `c.${step}`);
      }
      if (t.replied !== undefined && t.sent !== undefined) {
        add(`${scope}|${localParts(zone, t.replied).day}`, 'frtSum', t.replied - t.sent);
        add(`${scope}|${localParts(zone, t.replied).day}`, 'frtN');
      }
    }
    if (t.read !== undefined) add(`shop||${localParts(zone, t.read).day}`, `h.read.${localParts(zone, t.read).how}`);
    if (t.replied !== undefined) add(`shop||${localParts(zone, t.replied).day}`, `h.reply.${localParts(zone, t.replied).how}`);
    const total = `campaign|${row.campaign}|${TOTAL_DAY}`;
    add(total, 'rows');
    add(total, `phase.${row.phase}`);
    for (const step of ['sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOut'] as const) if (t[step] !== undefined) add(total, step);
    for (const step of ['sent', 'delivered', 'read', 'replied', 'optedOut'] as const) if (t[step] !== undefined) add(total, `v.${row.variant ?? 'A'}.${step}`);
    if (t.replied !== undefined && t.sent !== undefined) {
      add(total, 'frtSum', t.replied - t.sent);
      add(total, 'frtN');
    }
    const why = failureGroup(row);
    if (why) add(total, `why.${why}`);
    if (t.delivered !== undefined) add(total, `cc.${row.contact.startsWith('+82') ? 'KR' : 'MX'}`);
  }
  for (const [k, v] of out) if (Object.keys(v).length === 0) out.delete(k);
  return out;
}

// ── Random event streams ──────────────────────────────────────────────────────────────────────────────────────

type Outcome = 'queued' | 'accepted' | 'delivered' | 'read' | 'readNoDelivered' | 'deliveryFailed' | 'failed' | 'skipped';

interface JobSpec {
  campaign: 'c1' | 'c2' | 'c3';
  person: number;
  variant: 'A' | 'B';
  outcome: Outcome;
  sentAt: number;
  toDeliver: number;
  toRead: number;
  /** main sent no `times`: the renderer falls back to each version's `at`. */
  noTimes: boolean;
}

const jobArb: fc.Arbitrary<JobSpec> = fc.record({
  campaign: fc.constantFrom('c1', 'c2', 'c3'),
  person: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  variant: fc.constantFrom('A', 'B'),
  outcome: fc.constantFrom<Outcome>('queued', 'accepted', 'delivered', 'read', 'read', 'readNoDelivered', 'deliveryFailed', 'failed', 'skipped'),
  sentAt: fc.integer({ min: 0, max: 10 * DAY }).map((x) => T0 + x),
  toDeliver: fc.integer({ min: 0, max: 2 * H }),
  toRead: fc.integer({ min: 0, max: 30 * H }),
  noTimes: fc.boolean(),
});

interface ReplySpec {
  person: number;
  at: number;
  optOut: 'none' | 'opt_out' | 'flagged';
  viaWaId: boolean;
}

const replyArb: fc.Arbitrary<ReplySpec> = fc.record({
  person: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  at: fc.integer({ min: -DAY, max: 14 * DAY }).map((x) => T0 + x),
  optOut: fc.constantFrom<ReplySpec['optOut']>('none', 'none', 'flagged', 'opt_out'),
  viaWaId: fc.boolean(),
});

/** Every version main would report for one job, in the order main numbers them. */
function versions(id: string, spec: JobSpec): Omit<JobView, 'rev'>[] {
  const p = PEOPLE[spec.person]!; // person < PEOPLE.length by the arbitrary
  const base = { job: id, contact: p.phone, variant: spec.variant, attempts: 0, ...(p.contactId !== undefined ? { ref: String(p.contactId) } : {}) };
  const out: Omit<JobView, 'rev'>[] = [{ ...base, phase: 'queued', at: spec.sentAt - 60_000 }];
  if (spec.outcome === 'queued') return out;
  if (spec.outcome === 'failed') return [...out, { ...base, phase: 'failed', code: 131026, at: spec.sentAt }];
  if (spec.outcome === 'skipped') return [...out, { ...base, phase: 'skipped', reason: 'quiet_hours', at: spec.sentAt }];
  const times: NonNullable<JobView['times']> = { accepted: spec.sentAt };
  const withTimes = (v: Omit<JobView, 'rev'>) => (spec.noTimes ? v : { ...v, times: { ...times } });
  out.push(withTimes({ ...base, phase: 'accepted', wamid: `w-${id}`, attempts: 1, at: spec.sentAt }));
  if (spec.outcome === 'accepted') return out;
  const deliveredAt = spec.sentAt + spec.toDeliver;
  if (spec.outcome === 'deliveryFailed') {
    times.failed = deliveredAt;
    out.push(withTimes({ ...base, phase: 'accepted', delivery: 'failed', code: 131026, wamid: `w-${id}`, attempts: 1, at: deliveredAt }));
    return out;
  }
  if (spec.outcome !== 'readNoDelivered') {
    times.delivered = deliveredAt;
    out.push(withTimes({ ...base, phase: 'accepted', delivery: 'delivered', wamid: `w-${id}`, attempts: 1, at: deliveredAt }));
  }
  if (spec.outcome === 'delivered') return out;
  times.read = deliveredAt + spec.toRead;
  out.push(withTimes({ ...base, phase: 'accepted', delivery: 'read', wamid: `w-${id}`, attempts: 1, at: deliveredAt + spec.toRead }));
  return out;
}

type Page = { kind: 'jobs'; campaign: string; jobs: JobView[] } | { kind: 'replies'; messages: InboxMessage[] };

function buildPages(jobs: readonly JobSpec[], replies: readonly ReplySpec[], pageSize: number): Page[] {
  let rev = 0;
  const pages: Page[] = [];
  for (const campaign of ['c1', 'c2', 'c3']) {
    const all: JobView[] = [];
    jobs.forEach((spec, i) => {
      if (spec.campaign === campaign) for (const v of versions(`${campaign}-${i}`, spec)) all.push({ ...v, rev: ++rev });
    });
    for (let i = 0; i < all.length; i += pageSize) pages.push({ kind: 'jobs', campaign, jobs: all.slice(i, i + pageSize) });
  }
  const messages: InboxMessage[] = replies.map((r, i) => {
    const p = PEOPLE[r.person]!; // person < PEOPLE.length by the arbitrary
    const from = r.viaWaId && 'waId' in p ? p.waId : p.phone;
    return { seq: i + 1, id: `in-${i}`, from, type: 'text', text: r.optOut === 'opt_out' ? 'STOP' : 'hi', at: r.at, optOut: r.optOut };
  });
  for (let i = 0; i < messages.length; i += pageSize) pages.push({ kind: 'replies', messages: messages.slice(i, i + pageSize) });
  return pages;
}

/** What the stored rows must be, from the applied pages in their order (times: earliest; state: last applied). */
function bruteForceRows(applied: readonly Page[], jobs: readonly JobSpec[]): ResultsRow[] {
  const last = new Map<string, JobView>();
  const earliest = new Map<string, { accepted?: number; delivered?: number; read?: number; failed?: number }>();
  const inbox = new Map<number, InboxMessage>();
  const min = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  for (const page of applied) {
    if (page.kind === 'replies') {
      for (const m of page.messages) inbox.set(m.seq, m);
      continue;
    }
    for (const j of page.jobs) {
      last.set(j.job, j);
      const e = earliest.get(j.job) ?? {};
      const t = j.times ?? {};
      e.accepted = min(e.accepted, t.accepted ?? (j.phase === 'accepted' ? j.at : undefined));
      e.delivered = min(e.delivered, t.delivered ?? (j.delivery === 'delivered' || j.delivery === 'read' ? j.at : undefined));
      e.read = min(e.read, t.read ?? (j.delivery === 'read' ? j.at : undefined));
      e.failed = min(e.failed, t.failed ?? (j.delivery === 'failed' || j.phase === 'failed' ? j.at : undefined));
      earliest.set(j.job, e);
    }
  }
  const rows: ResultsRow[] = [...last.values()].map((j) => {
    const e = earliest.get(j.job) ?? {};
    const spec = jobs[Number(j.job.split('-')[1])]!; // job ids are `${campaign}-${index}`
    const p = PEOPLE[spec.person]!;
    const row: ResultsRow = { ...j, campaign: j.job.split('-')[0]! };
    if (p.contactId !== undefined) row.contactId = p.contactId;
    if (p.labels.length > 0) row.labels = [...p.labels];
    if (e.accepted !== undefined) row.acceptedAt = e.accepted;
    if (e.delivered !== undefined) row.deliveredAt = e.delivered;
    if (e.read !== undefined) row.readAt = e.read;
    if (e.failed !== undefined) row.failedAt = e.failed;
    return row;
  });
  // Attribution by brute force: every reply against every row of the same person.
  const personOf = (phone: string) => PEOPLE.findIndex((p) => p.phone === phone || ('waId' in p && p.waId === phone));
  for (const m of inbox.values()) {
    let best: ResultsRow | undefined;
    let bestSent = -Infinity;
    for (const r of rows) {
      const sent = r.acceptedAt ?? min(r.deliveredAt, r.readAt);
      if (sent === undefined || personOf(r.contact) !== personOf(m.from) || sent > m.at || m.at - sent > ATTRIBUTION_WINDOW_MS) continue;
      if (sent > bestSent || (sent === bestSent && best && r.job > best.job)) {
        best = r;
        bestSent = sent;
      }
    }
    if (!best) continue;
    if (m.optOut === 'opt_out') best.optOutReplyAt = min(best.optOutReplyAt, m.at);
    else best.repliedAt = min(best.repliedAt, m.at);
  }
  return rows;
}

async function apply(d: ShopcastDB, page: Page, zone: string): Promise<void> {
  if (page.kind === 'jobs') await storeJobs(d, page.campaign, page.jobs, zone);
  else await storeReplies(d, page.messages, zone);
}

describe('rollups equal a brute-force recomputation', () => {
  it('over random event streams applied in random page orders, with pages applied twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jobArb, { minLength: 1, maxLength: 12 }),
        fc.array(replyArb, { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom('Asia/Seoul', 'America/New_York', 'Asia/Kolkata'),
        async (jobs, replies, pageSize, seed, zone) => {
          const d = freshDb();
          db = d;
          await seedContacts(d);
          const pages = buildPages(jobs, replies, pageSize);
          const random = seededRandom(seed);
          // Every page at least once, some twice, in a random order.
          const order = [...pages, ...pages.filter(() => random() < 0.3)];
          for (let i = order.length - 1; i > 0; i--) {
            const k = Math.floor(random() * (i + 1));
            [order[i], order[k]] = [order[k]!, order[i]!]; // i, k < length
          }
          for (const page of order) await apply(d, page, zone);

          const expectedRows = bruteForceRows(order, jobs);
          const stored = (await d.recipients.toArray()) as ResultsRow[];
          const pick = (r: ResultsRow) => [r.job, r.phase, r.delivery, r.acceptedAt, r.deliveredAt, r.readAt, r.failedAt, r.repliedAt, r.optOutReplyAt, r.labels, r.contactId];
          expect(stored.map(pick).sort()).toEqual(expectedRows.map(pick).sort());
          expect(await allRollups(d)).toEqual(expectedRollups(expectedRows, zone));

          // Applying the last page once more changes nothing.
          const before = await allRollups(d);
          await apply(d, order[order.length - 1]!, zone); // order holds at least one page
          expect(await allRollups(d)).toEqual(before);
          // Then everything again in main's order: the rows end as main's latest versions, and the rollups follow.
          for (const page of pages) await apply(d, page, zone);
          expect(await allRollups(d)).toEqual(expectedRollups(bruteForceRows([...order, ...pages], jobs), zone));
          d.close();
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('rebuildRollups recomputes the same records from the rows', async () => {
    db = freshDb();
    await seedContacts(db);
    const jobs: JobSpec[] = [
      { campaign: 'c1', person: 0, variant: 'A', outcome: 'read', sentAt: T0, toDeliver: 1000, toRead: H, noTimes: false },
      { campaign: 'c2', person: 1, variant: 'B', outcome: 'deliveryFailed', sentAt: T0 + DAY, toDeliver: 1000, toRead: 0, noTimes: false },
      { campaign: 'c2', person: 2, variant: 'A', outcome: 'delivered', sentAt: T0 + 2 * DAY, toDeliver: 1000, toRead: 0, noTimes: true },
    ];
    for (const page of buildPages(jobs, [{ person: 0, at: T0 + 2 * H, optOut: 'none', viaWaId: false }], 2)) await apply(db, page, 'Asia/Seoul');
    const incremental = await allRollups(db);
    expect(incremental.size).toBeGreaterThan(3);
    await rebuildRollups(db, 'Asia/Seoul', { chunk: 1 });
    expect(await allRollups(db)).toEqual(incremental);
  });
});

// ── Behaviours one by one ────────────────────────────────────────────────────────────────────────────────────

const KR = PEOPLE[0].phone;
const job = (id: string, over: Partial<JobView>): JobView => ({ job: id, ref: '1', contact: KR, phase: 'accepted', attempts: 1, at: T0, rev: 1, ...over });
const reply = (seq: number, at: number, over: Partial<InboxMessage> = {}): InboxMessage => ({ seq, id: `in${seq}`, from: KR, type: 'text', text: 'hi', at, optOut: 'none', ...over });

async function total(d: ShopcastDB, campaign: string): Promise<Record<string, number>> {
  return (await d.rollups.get(`campaign|${campaign}|${TOTAL_DAY}`))?.counts ?? {};
}

describe('live updates through the sync', () => {
  it('a status seen twice, or an older page after a newer one, counts once on its first day', async () => {
    db = freshDb();
    await seedContacts(db);
    const delivered = job('c1-0', { delivery: 'delivered', at: T0 + H, times: { accepted: T0, delivered: T0 + H }, rev: 2 });
    const read = job('c1-0', { delivery: 'read', at: T0 + 2 * DAY, times: { accepted: T0, delivered: T0 + H, read: T0 + 2 * DAY }, rev: 3 });
    await storeJobs(db, 'c1', [read], 'UTC');
    await storeJobs(db, 'c1', [delivered], 'UTC');
    await storeJobs(db, 'c1', [read, read], 'UTC');
    expect(await total(db, 'c1')).toMatchObject({ rows: 1, sent: 1, delivered: 1, read: 1 });
    expect((await db.rollups.get('shop||2026-11-02'))?.counts).toMatchObject({ sent: 1, delivered: 1, 'c.delivered': 1, 'c.read': 1 });
    expect((await db.rollups.get('shop||2026-11-04'))?.counts).toMatchObject({ read: 1 });
    expect((await db.rollups.get('label|1|2026-11-02'))?.counts).toMatchObject({ sent: 1 });
  });

  it('a reply within 72 h counts for the campaign whose message came last; a later one does not count', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeJobs(db, 'c1', [job('c1-0', { delivery: 'delivered', times: { accepted: T0, delivered: T0 + 1 } })], 'UTC');
    await storeReplies(db, [reply(1, T0 + 73 * H)], 'UTC');
    expect((await total(db, 'c1')).replied).toBeUndefined();
    // A second campaign's message, then a reply: the reply is the second campaign's.
    await storeJobs(db, 'c2', [job('c2-0', { delivery: 'delivered', at: T0 + 80 * H, times: { accepted: T0 + 80 * H, delivered: T0 + 80 * H } })], 'UTC');
    await storeReplies(db, [reply(2, T0 + 81 * H)], 'UTC');
    expect((await total(db, 'c2')).replied).toBe(1);
    expect((await total(db, 'c2')).frtSum).toBe(H);
    expect((await total(db, 'c1')).replied).toBeUndefined();
  });

  it('a reply stored before the message it answers is attributed when the message arrives, and moves to a later message', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeReplies(db, [reply(1, T0 + 10 * H)], 'UTC');
    await storeJobs(db, 'c1', [job('c1-0', { times: { accepted: T0 } })], 'UTC');
    expect((await db.recipients.get('c1-0'))?.repliedAt).toBe(T0 + 10 * H);
    expect((await total(db, 'c1')).replied).toBe(1);
    // A message sent later (but before the reply) turns up: it takes the reply over.
    await storeJobs(db, 'c2', [job('c2-0', { at: T0 + 5 * H, times: { accepted: T0 + 5 * H } })], 'UTC');
    expect((await db.recipients.get('c1-0'))?.repliedAt).toBeUndefined();
    expect((await total(db, 'c1')).replied).toBeUndefined();
    expect((await total(db, 'c2')).replied).toBe(1);
  });

  it('a STOP reply counts as an opt-out of the campaign, not as a reply; a stop from the chat menu too, and the contact once', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeJobs(db, 'c1', [job('c1-0', { delivery: 'delivered', times: { accepted: T0, delivered: T0 + 1 } })], 'UTC');
    await storeJobs(db, 'c2', [job('c2-0', { ref: '2', contact: PEOPLE[1].phone, delivery: 'delivered', times: { accepted: T0, delivered: T0 + 1 } })], 'UTC');
    await storeReplies(db, [reply(1, T0 + H, { optOut: 'opt_out', text: 'STOP' })], 'UTC');
    expect(await total(db, 'c1')).toMatchObject({ optedOut: 1 });
    expect((await total(db, 'c1')).replied).toBeUndefined();
    const stops = [
      { contact: PEOPLE[1].phone, reason: 'stopped_marketing' as const, at: T0 + 2 * H, source: 'user_preferences' },
      { contact: KR, reason: 'opted_out' as const, at: T0 + H, source: 'STOP' },
    ];
    expect(await applySuppressions(db, stops, T0 + 3 * H, 'UTC')).toBe(2);
    expect(await applySuppressions(db, stops, T0 + 4 * H, 'UTC')).toBe(0);
    expect(await total(db, 'c2')).toMatchObject({ optedOut: 1, 'v.A.optedOut': 1 });
    expect((await db.rollups.get('shop||2026-11-02'))?.counts).toMatchObject({ contactOptOut: 2, optedOut: 2 });
  });

  it('labels are those the contact carried when the message was queued', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeJobs(db, 'c1', [job('c1-0', { phase: 'queued' })], 'UTC');
    await db.contacts.update(1, { labelIds: [2] });
    await storeJobs(db, 'c1', [job('c1-0', { times: { accepted: T0 } })], 'UTC');
    expect((await db.rollups.get('label|1|2026-11-02'))?.counts).toMatchObject({ sent: 1 });
    expect(await db.rollups.get('label|2|2026-11-02')).toBeUndefined();
  });

  it('failure reasons follow the row as it changes: a retried failure that goes through leaves no reason behind', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeJobs(db, 'c1', [job('c1-0', { phase: 'failed', code: 131000, rev: 1 }), job('c1-1', { phase: 'skipped', reason: 'quiet_hours', rev: 2 })], 'UTC');
    expect(await total(db, 'c1')).toMatchObject({ 'why.error.transient': 1, 'why.skip.quiet_hours': 1, failed: 1, skipped: 1 });
    await storeJobs(db, 'c1', [job('c1-0', { times: { accepted: T0 + H }, rev: 3 })], 'UTC');
    const counts = await total(db, 'c1');
    expect(counts['why.error.transient']).toBeUndefined();
    expect(counts.failed).toBeUndefined();
    expect(counts).toMatchObject({ 'phase.accepted': 1, 'phase.skipped': 1, sent: 1 });
  });
});

describe('ensureRollups', () => {
  it('builds rollups for rows stored before the results existed, and again in a new zone; otherwise leaves them alone', async () => {
    db = freshDb();
    expect(await ensureRollups(db, 'UTC')).toBe(false); // nothing stored yet: remembers the zone only
    // 23:30 UTC on Monday 2026-11-02 is already Tuesday in Seoul.
    const row: ResultsRow = { ...job('c1-0', { at: T0 + 23.5 * H }), campaign: 'c1', acceptedAt: T0 + 23.5 * H };
    await db.recipients.put(row); // written without rollups, as the sync did before them
    await db.syncState.delete('rollups.zone');
    expect(await ensureRollups(db, 'UTC')).toBe(true);
    expect((await db.rollups.get('shop||2026-11-02'))?.counts).toMatchObject({ sent: 1 });
    expect(await ensureRollups(db, 'UTC')).toBe(false);
    expect(await ensureRollups(db, 'Asia/Seoul')).toBe(true);
    expect(await db.rollups.get('shop||2026-11-02')).toBeUndefined();
    expect((await db.rollups.get('shop||2026-11-03'))?.counts).toMatchObject({ sent: 1 });
  });

  it('keeps the contacts opted out through WhatsApp across a rebuild (they are not derived from rows)', async () => {
    db = freshDb();
    await seedContacts(db);
    await storeJobs(db, 'c1', [job('c1-0', { times: { accepted: T0 } })], 'UTC');
    await applySuppressions(db, [{ contact: KR, reason: 'opted_out', at: T0 + H }], T0 + H, 'UTC');
    await rebuildRollups(db, 'UTC');
    expect((await db.rollups.get('shop||2026-11-02'))?.counts).toMatchObject({ contactOptOut: 1, sent: 1 });
  });
});

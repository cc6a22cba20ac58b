/**
 * Benchmark hooks, compiled in only by `vite build --mode bench` (main.tsx imports this file behind an
 * `import.meta.env.MODE === 'bench'` check, which the normal build removes). They seed and time the real database
 * code in real Chromium IndexedDB; test/bench/contacts.bench.mjs drives them.
 */
import { withDerived } from './db/contacts';
import { queryContactIds, EMPTY_QUERY, type ContactQuery, type ContactSort } from './db/contactQuery';
import { getDb, LABEL_COLORS, type CampaignRecord, type ContactRecord, type InboxRecord, type LabelRecord } from './db/db';
import { applyDelta, contribution, ROLLUPS_ZONE_KEY, type Delta, type ResultsRow } from './db/rollups';
import { campaignReport, contactHistory, weeklyReview } from './db/reports';
import { storeJobs, storeReplies } from './db/sendingCopy';
import { rebuildConversations, refoldConversations } from './db/conversations';
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { CampaignReportView, WeeklyReviewView } from './features/results/ResultsScreen';
import { I18nProvider } from './i18n/I18nProvider';
import { useAppStore } from './store/useAppStore';
import type { Screen } from './store/navigationSlice';
import { addDays, localDay, systemZone } from '../../shared/domain/results/time';
import type { JobView } from '../../shared/ipc/campaigns';
import type { InboxMessage } from '../../shared/ipc/inbox';
import type { OptInStatus } from '../../shared/domain/contact';
import { seededRandom } from '../../shared/domain/random';
import { reachKey } from '../../shared/domain/campaign/render';

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const GIVEN = ['민지', '서준', '하은', '도윤', '지우', '예준', '수아', '시우', '지호', '서연', '하준', '유나', '주원', '채원', '지안'];
const LATIN = ['Alice', 'Brian', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Henry', 'Iris', 'Jack', 'Mei', 'Wei', 'Yuki'];
const SURNAMES = ['Kim', 'Lee', 'Park', 'Chen', 'Wang', 'Lin', 'Smith', 'Tanaka', 'Nguyen', 'Garcia'];

async function seed(count: number, labelCount = 12): Promise<{ contacts: number; labels: number[]; ms: number }> {
  const db = getDb();
  const started = performance.now();
  await db.transaction('rw', db.contacts, db.labels, db.trash, async () => {
    await Promise.all([db.contacts.clear(), db.labels.clear(), db.trash.clear()]);
  });
  const now = Date.now();
  const labels: LabelRecord[] = Array.from({ length: labelCount }, (_, i) => ({
    id: i + 1,
    name: `라벨 ${i + 1}`,
    nameKey: `라벨 ${i + 1}`,
    color: LABEL_COLORS[i % LABEL_COLORS.length]!, // index reduced modulo the palette length
    createdAt: now,
    updatedAt: now,
  }));
  await db.labels.bulkAdd(labels);
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!; // index < length
  const statuses: OptInStatus[] = ['opted_in', 'opted_in', 'opted_in', 'unknown', 'opted_out'];
  const CHUNK = 10_000;
  for (let start = 0; start < count; start += CHUNK) {
    const chunk: ContactRecord[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const korean = random() < 0.7;
      const name = korean ? pick(FAMILY) + pick(GIVEN) : `${pick(LATIN)} ${pick(SURNAMES)}`;
      // Unique Korean mobile numbers 010-XXXX-XXXX derived from the index.
      const n = String(10_000_000 + i * 37 + Math.floor(random() * 37)).padStart(8, '0').slice(-8);
      const labelIds = labels.filter(() => random() < 0.13).map((l) => l.id);
      const created = now - Math.floor(random() * 400 * 86_400_000);
      chunk.push(
        withDerived(
          {
            name,
            phone: `+8210${n}`,
            labelIds,
            optInStatus: pick(statuses),
            optInSource: 'imported',
            optInAt: created,
            notes: '',
            lastInteractionAt: random() < 0.8 ? Math.min(now, created + Math.floor(random() * 30 * 86_400_000)) : null, // never in the future
          },
          { id: i + 1, createdAt: created, updatedAt: created },
        ),
      );
    }
    await db.contacts.bulkAdd(chunk);
  }
  return { contacts: await db.contacts.count(), labels: labels.map((l) => l.id), ms: performance.now() - started };
}

async function timeQuery(partial: Partial<ContactQuery>): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const ids = await queryContactIds(getDb(), { ...EMPTY_QUERY, ...partial });
  return { ms: performance.now() - started, count: ids.length };
}

// ── Results (issue 6) ────────────────────────────────────────────────────────────────────────────────────────

// The app's sync computes rollups in this computer's zone (and rebuilds them in another): the seed uses the same.
const RESULTS_ZONE = systemZone();
const HOUR = 3_600_000;

interface ResultsSeed {
  campaigns: number;
  rows: number;
  inbox: number;
  rollups: number;
  ms: { generate: number; recipients: number; inbox: number; rollups: number };
  /** The week the review opens on (the last full week before `now`) and the live campaign's id. */
  weekStart: string;
  /** The campaigns still sending (their last 40% queued). */
  live: string[];
  /** The seed's "now" (the UI opens on its week). */
  now: number;
}

/**
 * Seeds `campaigns` campaigns with `rows` recipient rows in total over the past year (outcomes like a real shop's:
 * ~3% failed or skipped, 92% delivered, 60% of those read, 8% replied, 0.5% STOP), their replies in the inbox, and
 * the rollups, computed in the page with the same `contribution` the sync uses and written with bulkPut (the sync's
 * per-page path would take far longer for a million rows; the benchmark measures reading and live updates).
 * The last five campaigns are left running: their last 40% are queued, for `liveUpdates`. Contacts must be seeded first.
 */
async function seedResults(campaignCount: number, rowCount: number): Promise<ResultsSeed> {
  const db = getDb();
  await db.transaction('rw', [db.campaigns, db.recipients, db.inbox, db.rollups], async () => {
    await Promise.all([db.campaigns.clear(), db.recipients.clear(), db.inbox.clear(), db.rollups.clear()]);
  });
  const contacts = await db.contacts.toArray();
  const started = performance.now();
  const random = seededRandom(7);
  const now = Date.UTC(2026, 10, 24, 3);
  const perCampaign = Math.ceil(rowCount / campaignCount);
  const campaigns: CampaignRecord[] = [];
  let rows: ResultsRow[] = [];
  let inbox: InboxRecord[] = [];
  const delta: Delta = new Map();
  let seq = 0;
  let stored = 0;
  let inboxStored = 0;
  const CHUNK = 10_000;
  let writeMs = 0;
  let inboxMs = 0;
  // Written in chunks as they are generated: a million rows held at once would need a gigabyte of heap.
  const flush = async (all = false) => {
    if (rows.length >= CHUNK || (all && rows.length > 0)) {
      const t = performance.now();
      await db.recipients.bulkPut(rows);
      writeMs += performance.now() - t;
      stored += rows.length;
      rows = [];
    }
    if (inbox.length >= CHUNK || (all && inbox.length > 0)) {
      const t = performance.now();
      await db.inbox.bulkPut(inbox);
      inboxMs += performance.now() - t;
      inboxStored += inbox.length;
      inbox = [];
    }
  };
  for (let k = 0; k < campaignCount; k++) {
    const id = `bench${String(k).padStart(3, '0')}`;
    const start = now - Math.round(((campaignCount - k) * 364 * 24 * HOUR) / campaignCount) + 10 * HOUR;
    // The last five campaigns are still sending: one for each live run of the benchmark.
    const live = k >= campaignCount - 5;
    const ab = k % 5 === 0;
    const counts = { total: perCampaign, queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
    campaigns.push({ id, name: `Campaign ${k + 1}`, channel: k % 10 === 0 ? 'sandbox' : 'cloud', state: live ? 'running' : 'finished', counts, promotional: true, test: false, sandbox: k % 10 === 0, createdAt: start - HOUR, rev: perCampaign, generation: 'bench', syncedRev: perCampaign, syncedGeneration: 'bench' });
    for (let i = 0; i < perCampaign && stored + rows.length < rowCount; i++) {
      const c = contacts[Math.floor(random() * contacts.length)]!; // index < length
      const job = `${id}-${i}`;
      const base: ResultsRow = { job, campaign: id, ref: String(c.id), contactId: c.id, contact: reachKey(c), attempts: 1, phase: 'queued', at: start, rev: i + 1 };
      if (ab) base.variant = i % 2 ? 'B' : 'A';
      if (c.labelIds.length > 0) base.labels = [...c.labelIds];
      const row: ResultsRow = base;
      const queued = live && i >= perCampaign * 0.6;
      const roll = random();
      if (queued) {
        // waiting to be sent (the live updates send it)
      } else if (roll < 0.015) {
        Object.assign(row, { phase: 'failed', code: 131026, failedAt: start + i * 2000, at: start + i * 2000 });
      } else if (roll < 0.03) {
        Object.assign(row, { phase: 'skipped', reason: random() < 0.5 ? 'quiet_hours' : 'suppressed', at: start + i * 2000 });
      } else {
        const sent = start + i * 2000;
        Object.assign(row, { phase: 'accepted', wamid: `w.${job}`, acceptedAt: sent, at: sent });
        if (random() < 0.95) {
          row.deliveredAt = sent + 30_000 + Math.floor(random() * 600_000);
          row.delivery = 'delivered';
          row.at = row.deliveredAt;
          if (random() < 0.6) {
            row.readAt = row.deliveredAt + Math.floor(random() * 24 * HOUR);
            row.delivery = 'read';
            row.at = row.readAt;
          }
          const r = random();
          if (r < 0.08 || r > 0.995) {
            const at = (row.readAt ?? row.deliveredAt) + Math.floor(random() * 48 * HOUR);
            const optOut = r > 0.995;
            if (optOut) row.optOutReplyAt = at;
            else row.repliedAt = at;
            seq++;
            inbox.push({ seq, id: `in.${seq}`, from: reachKey(c), type: 'text', text: optOut ? 'STOP' : 'Is it in stock?', at, optOut: optOut ? 'opt_out' : 'none', campaign: id, job, contactId: c.id });
          }
        } else if (random() < 0.5) {
          Object.assign(row, { delivery: 'failed', code: 131026, failedAt: sent + 60_000, at: sent + 60_000 });
        }
      }
      rows.push(row);
      contribution(row, RESULTS_ZONE, delta);
    }
    await flush();
  }
  await flush(true);
  await db.campaigns.bulkPut(campaigns);
  const rollupsStart = performance.now();
  await db.transaction('rw', db.rollups, () => applyDelta(db, delta));
  await db.syncState.put({ key: ROLLUPS_ZONE_KEY, value: RESULTS_ZONE });
  const rollupsDone = performance.now();
  const today = localDay(RESULTS_ZONE, now);
  // The review opens on the last full week: Monday of the week before this one.
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return {
    campaigns: campaigns.length,
    rows: await db.recipients.count(),
    inbox: inboxStored,
    rollups: await db.rollups.count(),
    ms: { generate: rollupsStart - started - writeMs - inboxMs, recipients: writeMs, inbox: inboxMs, rollups: rollupsDone - rollupsStart },
    weekStart: addDays(today, -weekday - 7),
    live: campaigns.filter((c) => c.state === 'running').map((c) => c.id),
    now,
  };
}

async function timeWeeklyReview(weekStart: string, weeks: number): Promise<{ ms: number; sent: number; labels: number; best: number }> {
  const started = performance.now();
  const review = await weeklyReview(getDb(), weekStart, weeks, { zone: RESULTS_ZONE });
  return { ms: performance.now() - started, sent: review.weeks.reduce((s, w) => s + w.sent, 0), labels: review.byLabel.length, best: review.best.length };
}

async function timeCampaignReport(id: string): Promise<{ ms: number; queued: number; sent: number; delivered: number; replied: number }> {
  const started = performance.now();
  const report = await campaignReport(getDb(), id);
  const f = report?.funnel;
  return { ms: performance.now() - started, queued: f?.queued ?? 0, sent: f?.sent ?? 0, delivered: f?.delivered ?? 0, replied: f?.replied ?? 0 };
}

/** The funnel as the mounted report shows it (its table, the chart's text alternative): step name → count. */
function shownFunnel(): Record<string, number> {
  const rows = mounted?.host.querySelectorAll('section[aria-labelledby] table tr') ?? [];
  const funnel: Record<string, number> = {};
  for (const row of rows) {
    const head = row.querySelector('th')?.textContent ?? '';
    const cell = row.querySelector('td')?.textContent;
    if (cell !== undefined && cell !== null && !(head in funnel)) funnel[head] = Number(cell.replace(/[^0-9]/g, ''));
  }
  return funnel;
}

async function timeContactHistory(contactId: number): Promise<{ ms: number; messages: number; replies: number }> {
  const started = performance.now();
  const h = await contactHistory(getDb(), contactId);
  return { ms: performance.now() - started, messages: h.messages.length, replies: h.replies.length };
}

interface LiveResult {
  changes: number;
  replies: number;
  seconds: number;
  /** storeJobs and storeReplies times, per page. */
  jobsMs: number[];
  repliesMs: number[];
  /** Gaps between animation frames while it ran (the UI's frame times). */
  frames: number[];
  longTasks: number[];
  reportMs: number[];
}

/**
 * Live sending: `perSecond` status changes a second for `seconds` on the running campaign, arriving as the sync
 * pulls them (a page every `pageMs`), each moving a job one step (queued → accepted → delivered → read), plus a
 * reply now and then; after each page the campaign report is read again, as an open report screen would.
 * Measures each storeJobs, the frame gaps (requestAnimationFrame) and the Long Tasks API's tasks over 50 ms.
 */
async function liveUpdates(campaign: string, perSecond: number, seconds: number, pageMs = 250, replyShare = 0.02): Promise<LiveResult> {
  const db = getDb();
  const rows = await db.recipients.where('campaign').equals(campaign).toArray();
  const state = new Map<string, JobView>(rows.map((r) => [r.job, { job: r.job, ...(r.ref !== undefined ? { ref: r.ref } : {}), contact: r.contact, phase: r.phase, ...(r.delivery ? { delivery: r.delivery } : {}), attempts: r.attempts, at: r.at, rev: r.rev, times: { ...(r.acceptedAt ? { accepted: r.acceptedAt } : {}), ...(r.deliveredAt ? { delivered: r.deliveredAt } : {}), ...(r.readAt ? { read: r.readAt } : {}) } }]));
  const movable = (j: JobView) => j.phase === 'queued' || (j.phase === 'accepted' && j.delivery !== 'read' && j.delivery !== 'failed');
  let rev = Math.max(0, ...rows.map((r) => r.rev));
  let seq = (await db.inbox.orderBy('seq').last())?.seq ?? 0;
  const result: LiveResult = { changes: 0, replies: 0, seconds, jobsMs: [], repliesMs: [], frames: [], longTasks: [], reportMs: [] };
  const observer = new PerformanceObserver((list) => result.longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  let running = true;
  let lastFrame = performance.now();
  const onFrame = (t: number) => {
    result.frames.push(t - lastFrame);
    lastFrame = t;
    if (running) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  const perPage = Math.round((perSecond * pageMs) / 1000);
  const started = performance.now();
  const random = seededRandom(11);
  const candidates = [...state.values()].filter(movable);
  let cursor = 0;
  for (let page = 0; page < (seconds * 1000) / pageMs; page++) {
    const due = started + page * pageMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const now = Date.now();
    const jobs: JobView[] = [];
    for (let n = 0; n < perPage && candidates.length > 0; n++) {
      const j = candidates[cursor % candidates.length]!; // length > 0
      cursor++;
      const times = { ...j.times };
      let next: JobView;
      if (j.phase === 'queued') next = { ...j, phase: 'accepted', wamid: `w.${j.job}`, times: { ...times, accepted: now } };
      else if (j.delivery === undefined || j.delivery === 'sent') next = { ...j, delivery: 'delivered', times: { ...times, delivered: now } };
      else next = { ...j, delivery: 'read', times: { ...times, read: now } };
      next = { ...next, at: now, rev: ++rev };
      state.set(j.job, next);
      if (!movable(next)) candidates.splice((cursor - 1) % candidates.length, 1);
      else candidates[(cursor - 1) % candidates.length] = next;
      jobs.push(next);
    }
    const t0 = performance.now();
    await storeJobs(db, campaign, jobs, RESULTS_ZONE);
    result.jobsMs.push(performance.now() - t0);
    result.changes += jobs.length;
    // About 8% of delivered messages get a reply: a few a page.
    const replies: InboxMessage[] = jobs.filter(() => random() < replyShare).map((j) => ({ seq: ++seq, id: `live.${seq}`, from: j.contact, type: 'text', text: 'ok', at: now, optOut: 'none' }));
    if (replies.length > 0) {
      const t1 = performance.now();
      await storeReplies(db, replies, RESULTS_ZONE);
      result.repliesMs.push(performance.now() - t1);
      result.replies += replies.length;
    }
    const t2 = performance.now();
    await campaignReport(db, campaign);
    result.reportMs.push(performance.now() - t2);
  }
  result.seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  running = false;
  observer.disconnect();
  return result;
}

/** Switches the app's screen (the live benchmark runs under several), with the contacts list in `sort` order. */
async function showScreen(screen: Screen, sort: ContactSort = 'name'): Promise<void> {
  if (mounted) {
    mounted.root.unmount();
    mounted.host.remove();
    mounted = undefined;
  }
  useAppStore.getState().setQuery({ sort });
  useAppStore.getState().goTo(screen);
  await new Promise((r) => setTimeout(r, 500));
}

let mounted: { root: Root; host: HTMLElement } | undefined;

/**
 * Renders the weekly review or the campaign report (the real components, with recharts) over the app, and resolves
 * when its figures are on screen: opening time including the render, not just the query.
 */
async function mountResults(view: 'weekly' | 'campaign', now: number): Promise<{ ms: number; cells: number }> {
  if (mounted) {
    mounted.root.unmount();
    mounted.host.remove();
  }
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;inset:0;overflow:auto;background:var(--bg, #fff);z-index:10;padding:16px';
  document.body.append(host);
  const root = createRoot(host);
  mounted = { root, host };
  const started = performance.now();
  const view$ = view === 'weekly' ? createElement(WeeklyReviewView, { zone: RESULTS_ZONE, now }) : createElement(CampaignReportView);
  root.render(createElement(I18nProvider, { language: 'en', children: view$ }));
  await new Promise<void>((resolve) => {
    const done = () => host.querySelector('.results-facts') !== null && host.querySelector('.recharts-surface') !== null;
    if (done()) return resolve();
    const observer = new MutationObserver(() => {
      if (done()) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(host, { childList: true, subtree: true });
  });
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  return { ms: performance.now() - started, cells: host.querySelectorAll('td').length };
}

/**
 * Inbox benchmark (test/bench/inbox.bench.mjs): customer messages written through the app's Dexie as the sync
 * writes them (sync/sendingSync.ts pullInbox: storeReplies, then their conversations refolded), so live queries react.
 */
async function inboxPut(rows: InboxMessage[]): Promise<void> {
  await storeReplies(getDb(), rows, RESULTS_ZONE); // the zone worked out once, as the sync does
  await refoldConversations(getDb(), rows.map((m) => m.from));
}

/** After the benchmark seeded `inbox` straight into IndexedDB: every conversation folded, as the version-9 upgrade does. */
async function inboxRebuild(): Promise<{ ms: number; conversations: number }> {
  const db = getDb();
  const t0 = performance.now();
  await db.transaction('rw', [db.inbox, db.recipients, db.inboxActions, db.answers, db.conversations, db.conversationTexts, db.syncState], (tx) => rebuildConversations(tx));
  return { ms: performance.now() - t0, conversations: await db.conversations.count() };
}

declare global {
  interface Window {
    __shopcastBench?: {
      inboxPut: typeof inboxPut;
      inboxRebuild: typeof inboxRebuild;
      seed: typeof seed;
      timeQuery: typeof timeQuery;
      seedResults: typeof seedResults;
      timeWeeklyReview: typeof timeWeeklyReview;
      timeCampaignReport: typeof timeCampaignReport;
      timeContactHistory: typeof timeContactHistory;
      liveUpdates: typeof liveUpdates;
      mountResults: typeof mountResults;
      shownFunnel: typeof shownFunnel;
      showScreen: typeof showScreen;
    };
  }
}

window.__shopcastBench = { inboxPut, inboxRebuild, seed, timeQuery, seedResults, timeWeeklyReview, timeCampaignReport, timeContactHistory, liveUpdates, mountResults, shownFunnel, showScreen };

/**
 * Daily rollups for the results screens (issue 6), kept incrementally in the same transaction as the recipient
 * rows they count, so the reports read a few dozen small records instead of scanning a million rows.
 *
 * The whole design is one rule: every recipient row *contributes* a fixed set of counts (a pure function of the
 * row, `contribution`), and every write of a row adds `contribution(new) − contribution(old)`. So the rollups always
 * equal the sum of the contributions of the rows as they are stored now, whatever order pages arrive in, however
 * often one is applied again (the same row twice is a zero delta), and however attribution moves a reply from one
 * message to another. `rebuildRollups` recomputes them from the rows (a changed time zone, a repair).
 *
 * Records (`RollupRecord`, key `${scope}|${ref}|${day}`):
 * - daily, for each scope (campaign, each label the contact carried when the message was queued, the shop):
 *   step counts on the local day the step was first seen (`sent`, `delivered`, `read`, `replied`, `failed`,
 *   `optedOut`), cohort counts on the day the message was sent (`c.delivered`, `c.read`, `c.replied`,
 *   `c.optedOut`: rates of one week's messages whenever they were read), first-response time (`frtSum` in ms and
 *   `frtN`, on the reply's day);
 * - shop scope only: the hour-of-week heatmap (`h.read.<0-167>`, `h.reply.<0-167>`) and contacts opted out through
 *   WhatsApp (`contactOptOut`, counted when the contact itself changes, by `applySuppressions`);
 * - one all-time record per campaign (day `*`): rows, current phase (`phase.<p>`), funnel steps, per-variant steps
 *   (`v.A.sent`…), failure reasons (`why.error.<action>`, `why.skip.<reason>`, `why.other`), delivered messages by
 *   recipient country for the cost (`cc.<ISO>`), and first-response sums.
 */
import { ATTRIBUTION_WINDOW_MS, attributeAll, attributeReply, phoneMatchKey, phoneVariants } from '../../../shared/domain/results/attribution';
import { stepTimes, sentTime, type MessageFacts, type Step } from '../../../shared/domain/results/funnel';
import { hourOfWeek, localDay } from '../../../shared/domain/results/time';
import { countryOf } from '../../../shared/domain/recipientZone';
import { failureGroup } from '../../../shared/domain/results/recipientStatus';
import type { InboxRecord, RecipientRecord, RollupRecord, RollupScope, ShopcastDB } from './db';

/** The all-time record of a campaign uses this in place of a day. */
export const TOTAL_DAY = '*';

/**
 * What the results add to a recipient row (stored on the same record; the sync writes them):
 * - `labels`: the labels the contact carried when the row was first stored, so label rollups do not move when
 *   the contact is relabelled later;
 * - `optOutReplyAt`: the first STOP-only reply attributed to this message (recomputed like `repliedAt`);
 * - `stoppedMarketingAt`: an opt-out main reported through the suppression list attributed to it: a "stop
 *   marketing" from the chat menu (user_preferences webhook), or a STOP reply whose inbox message is not here
 *   (`attributeOptOut`; the name predates the second kind and is kept for rows already stored).
 */
export interface ResultsRow extends RecipientRecord {
  labels?: number[];
  optOutReplyAt?: number;
  stoppedMarketingAt?: number;
}

export type Counts = Record<string, number>;
/** Record key → counts to add. */
export type Delta = Map<string, Counts>;

export function rollupKey(scope: RollupScope, ref: string, day: string): string {
  return `${scope}|${ref}|${day}`;
}

/** The results' view of a row: its opt-out is the earlier of a STOP reply and a stop from the chat menu. */
export function factsOf(row: ResultsRow): MessageFacts {
  const optedOutAt = Math.min(row.optOutReplyAt ?? Infinity, row.stoppedMarketingAt ?? Infinity);
  return optedOutAt === Infinity ? { ...row, optedOutAt: undefined } : { ...row, optedOutAt };
}

const countries = new Map<string, string>();
function countryKey(e164: string): string {
  let c = countries.get(e164);
  if (c === undefined) {
    c = countryOf(e164) ?? '??';
    if (countries.size > 200_000) countries.clear();
    countries.set(e164, c);
  }
  return c;
}

function bump(out: Delta, key: string, name: string, n = 1): void {
  let counts = out.get(key);
  if (!counts) {
    counts = {};
    out.set(key, counts);
  }
  counts[name] = (counts[name] ?? 0) + n;
}

const DAILY_STEPS: readonly Step[] = ['sent', 'delivered', 'read', 'replied', 'failed', 'optedOut'];
const COHORT_STEPS: readonly Step[] = ['delivered', 'read', 'replied', 'optedOut'];
const TOTAL_STEPS: readonly Step[] = ['sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOut'];
const VARIANT_STEPS: readonly Step[] = ['sent', 'delivered', 'read', 'replied', 'optedOut'];

// Metric names built once: rollups run this for every row of every page, and building and hashing fresh strings
// was most of its cost.
const COHORT_NAME: Readonly<Record<string, string>> = Object.fromEntries(COHORT_STEPS.map((s) => [s, `c.${s}`]));
const VARIANT_NAME = { A: Object.fromEntries(VARIANT_STEPS.map((s) => [s, `v.A.${s}`])), B: Object.fromEntries(VARIANT_STEPS.map((s) => [s, `v.B.${s}`])) } as Record<'A' | 'B', Record<string, string>>;
const HOUR_READ = Array.from({ length: 168 }, (_, h) => `h.read.${h}`);
const HOUR_REPLY = Array.from({ length: 168 }, (_, h) => `h.reply.${h}`);
const PHASE_NAME = new Map<string, string>();
const COUNTRY_NAME = new Map<string, string>();
const named = (cache: Map<string, string>, prefix: string, value: string): string => {
  let name = cache.get(value);
  if (name === undefined) {
    name = prefix + value;
    cache.set(value, name);
  }
  return name;
};

/** The counts one row adds to the rollups (see the module comment for the keys). */
export function contribution(row: ResultsRow, zone: string, out: Delta = new Map(), sign = 1): Delta {
  const t = stepTimes(factsOf(row));
  const scopes = [`campaign|${row.campaign}|`, 'shop||'];
  for (const l of row.labels ?? []) scopes.push(`label|${l}|`);
  // Record keys per local day of this row (usually one to three days), built once.
  const keysByDay = new Map<string, string[]>();
  const keysOn = (at: number): string[] => {
    const day = localDay(zone, at);
    let keys = keysByDay.get(day);
    if (!keys) {
      keys = scopes.map((s) => s + day);
      keysByDay.set(day, keys);
    }
    return keys;
  };
  for (const step of DAILY_STEPS) {
    const at = t[step];
    if (at === undefined) continue;
    for (const key of keysOn(at)) bump(out, key, step, sign);
  }
  if (t.sent !== undefined) {
    const keys = keysOn(t.sent);
    for (const step of COHORT_STEPS) if (t[step] !== undefined) for (const key of keys) bump(out, key, COHORT_NAME[step] ?? step, sign);
  }
  const frt = t.replied !== undefined && t.sent !== undefined ? t.replied - t.sent : undefined;
  if (frt !== undefined && t.replied !== undefined) {
    for (const key of keysOn(t.replied)) {
      bump(out, key, 'frtSum', sign * frt);
      bump(out, key, 'frtN', sign);
    }
  }
  // keysOn(...)[1] is the shop's record for that day.
  if (t.read !== undefined) bump(out, keysOn(t.read)[1] ?? '', HOUR_READ[hourOfWeek(zone, t.read)] ?? '', sign);
  if (t.replied !== undefined) bump(out, keysOn(t.replied)[1] ?? '', HOUR_REPLY[hourOfWeek(zone, t.replied)] ?? '', sign);

  const total = scopes[0] + TOTAL_DAY;
  bump(out, total, 'rows', sign);
  bump(out, total, named(PHASE_NAME, 'phase.', row.phase), sign);
  const variant = VARIANT_NAME[row.variant ?? 'A'];
  for (const step of TOTAL_STEPS) if (t[step] !== undefined) bump(out, total, step, sign);
  for (const step of VARIANT_STEPS) if (t[step] !== undefined) bump(out, total, variant[step] ?? step, sign);
  if (frt !== undefined) {
    bump(out, total, 'frtSum', sign * frt);
    bump(out, total, 'frtN', sign);
  }
  const group = failureGroup(row);
  if (group !== undefined) bump(out, total, `why.${group}`, sign);
  if (t.delivered !== undefined) bump(out, total, named(COUNTRY_NAME, 'cc.', countryKey(row.contact)), sign);
  return out;
}

/** contribution(after) − contribution(before), added into `out`. */
export function rowDelta(before: ResultsRow | undefined, after: ResultsRow | undefined, zone: string, out: Delta = new Map()): Delta {
  if (before) contribution(before, zone, out, -1);
  if (after) contribution(after, zone, out, 1);
  return out;
}

function parseKey(key: string): Pick<RollupRecord, 'scope' | 'ref' | 'day'> {
  const [scope, ref, day] = key.split('|') as [RollupScope, string, string]; // keys are built by rollupKey/contribution
  return { scope, ref, day };
}

/**
 * Adds a delta to the stored rollups (call inside a transaction that includes `db.rollups`). Counts that reach 0
 * are removed, and records left empty are deleted, so a row added then taken away leaves nothing behind.
 */
export async function applyDelta(db: ShopcastDB, delta: Delta): Promise<void> {
  const keys: string[] = [];
  for (const [key, counts] of delta) {
    for (const name of Object.keys(counts)) if (counts[name] === 0) delete counts[name];
    if (Object.keys(counts).length > 0) keys.push(key);
  }
  if (keys.length === 0) return;
  const stored = await db.rollups.bulkGet(keys);
  const put: RollupRecord[] = [];
  const remove: string[] = [];
  keys.forEach((key, i) => {
    const counts: Counts = { ...(stored[i]?.counts ?? {}) };
    for (const [name, n] of Object.entries(delta.get(key) ?? {})) {
      const next = (counts[name] ?? 0) + n;
      if (next === 0) delete counts[name];
      else counts[name] = next;
    }
    if (Object.keys(counts).length === 0) {
      if (stored[i]) remove.push(key);
    } else put.push({ key, ...parseKey(key), counts });
  });
  if (put.length > 0) await db.rollups.bulkPut(put);
  if (remove.length > 0) await db.rollups.bulkDelete(remove);
}

/**
 * Recomputes reply and STOP attribution for everyone whose number is one of `phones` (in every form WhatsApp may
 * use), from the stored inbox and rows. `pending` holds rows about to be written (newer than the stored ones): they
 * are updated in place. Returns the stored rows (not in `pending`) whose attribution changed, before and after.
 *
 * `windows` (by phoneMatchKey) narrows the work when only some messages' send times moved: a person's attribution
 * can only change if they wrote inside [earliest old or new send time, latest + 72 h]; everyone else is skipped
 * without reading their rows. A live campaign's fresh sends have nobody writing after them yet, so the common case
 * reads a few inbox entries and nothing more.
 *
 * Call inside a transaction over recipients and inbox.
 */
/** Adds a message's old and new send times to the window of its person (see reattribute). */
export function widenWindow(windows: Map<string, [number, number]>, contact: string, ...times: (number | undefined)[]): void {
  const known = times.filter((t): t is number => t !== undefined);
  if (known.length === 0) return;
  const key = phoneMatchKey(contact);
  const w = windows.get(key);
  const lo = Math.min(...known, w?.[0] ?? Infinity);
  const hi = Math.max(...known.map((t) => t + ATTRIBUTION_WINDOW_MS), w?.[1] ?? -Infinity);
  windows.set(key, [lo, hi]);
}

export async function reattribute(
  db: ShopcastDB,
  phones: Iterable<string>,
  pending: Map<string, ResultsRow> = new Map(),
  windows?: ReadonlyMap<string, readonly [number, number]>,
): Promise<{ before: ResultsRow; after: ResultsRow }[]> {
  const variants = new Set<string>();
  for (const p of phones) for (const v of phoneVariants(p)) variants.add(v);
  if (variants.size === 0) return [];
  // One getAll per number, side by side: in Chromium an anyOf() walks one cursor a key at a time, several times
  // slower for a page of a few hundred numbers.
  const list = [...variants];
  const inboundAll: InboxRecord[] = (await Promise.all(list.map((p) => db.inbox.where('from').equals(p).toArray()))).flat();
  // Only people who wrote to us (inside the window, when one is given) can have a reply or a STOP to move.
  const writerKeys = new Set<string>();
  for (const m of inboundAll) {
    const key = phoneMatchKey(m.from);
    const w = windows?.get(key);
    if (!windows || (w !== undefined && m.at >= w[0] && m.at <= w[1])) writerKeys.add(key);
  }
  if (writerKeys.size === 0) return [];
  const inbound = inboundAll.filter((m) => writerKeys.has(phoneMatchKey(m.from)));
  const writers = new Set<string>();
  for (const m of inbound) for (const v of phoneVariants(m.from)) writers.add(v);
  const rows = new Map<string, ResultsRow>();
  for (const found of await Promise.all([...writers].map((p) => db.recipients.where('contact').equals(p).toArray()))) for (const r of found) rows.set(r.job, r);
  for (const [job, r] of pending) if (writerKeys.has(phoneMatchKey(r.contact))) rows.set(job, r);
  const attributed = attributeAll(
    inbound,
    [...rows.values()].map((r) => ({ job: r.job, contact: r.contact, sentAt: sentTime(r) })),
  );
  const changed: { before: ResultsRow; after: ResultsRow }[] = [];
  for (const r of rows.values()) {
    const a = attributed.get(r.job);
    if (a?.repliedAt === r.repliedAt && a?.optedOutAt === r.optOutReplyAt) continue;
    const next: ResultsRow = { ...r };
    if (a?.repliedAt !== undefined) next.repliedAt = a.repliedAt;
    else delete next.repliedAt;
    if (a?.optedOutAt !== undefined) next.optOutReplyAt = a.optedOutAt;
    else delete next.optOutReplyAt;
    if (pending.has(r.job)) pending.set(r.job, next);
    else changed.push({ before: r, after: next });
  }
  return changed;
}

/**
 * Attributes an opt-out that main reported through the suppression list (issue 11) to the message it most likely
 * answers, by the reply rule: the latest message to any form of that number sent at or before it, within 72 h
 * (`attributeReply`). Both kinds count: a "stop marketing" from the chat menu (no message text), and an opt-out
 * reply main matched (`opted_out`), since its inbox message may reach this copy later, or never (a reset inbox).
 * A STOP already in the inbox within the window is counted from there (`reattribute` moves it as messages arrive),
 * so it is not marked a second time. Returns the row to write, or undefined when nothing changes.
 * Inside a transaction over recipients and inbox.
 */
export async function attributeOptOut(db: ShopcastDB, phone: string, at: number, reason: 'opted_out' | 'stopped_marketing'): Promise<{ before: ResultsRow; after: ResultsRow } | undefined> {
  const variants = phoneVariants(phone);
  if (reason === 'opted_out') {
    const inbox = await db.inbox.where('from').anyOf(variants).toArray();
    if (inbox.some((m) => m.optOut === 'opt_out' && m.at <= at && at - m.at <= ATTRIBUTION_WINDOW_MS)) return undefined;
  }
  const rows: ResultsRow[] = await db.recipients.where('contact').anyOf(variants).toArray();
  const target = attributeReply({ from: phone, at }, rows.map((r) => ({ row: r, job: r.job, contact: r.contact, sentAt: sentTime(r) })));
  if (!target || (target.row.stoppedMarketingAt !== undefined && target.row.stoppedMarketingAt <= at)) return undefined;
  return { before: target.row, after: { ...target.row, stoppedMarketingAt: at } };
}

/** Clears and recomputes every rollup from the stored rows (a changed shop time zone, a repair). */
export async function rebuildRollups(db: ShopcastDB, zone: string, opts: { chunk?: number } = {}): Promise<number> {
  // Small slices: each one's arithmetic runs on the main thread (about 20 µs a row), and a rebuild may run while the
  // person uses the app.
  const chunk = opts.chunk ?? 2_000;
  // Contact opt-outs are counted when contacts change, not from rows: keep them across the rebuild.
  const kept = (await db.rollups.where('[scope+ref]').equals(['shop', '']).toArray()).filter((r) => (r.counts.contactOptOut ?? 0) !== 0);
  await db.rollups.clear();
  const base: Delta = new Map(kept.map((r) => [r.key, { contactOptOut: r.counts.contactOptOut ?? 0 }]));
  await db.transaction('rw', db.rollups, () => applyDelta(db, base));
  let done = 0;
  let last: string | undefined;
  for (;;) {
    const page: ResultsRow[] = last === undefined ? await db.recipients.orderBy('job').limit(chunk).toArray() : await db.recipients.where('job').above(last).limit(chunk).toArray();
    if (page.length === 0) break;
    const delta: Delta = new Map();
    for (const r of page) contribution(r, zone, delta);
    await db.transaction('rw', db.rollups, () => applyDelta(db, delta));
    done += page.length;
    last = page[page.length - 1]?.job;
  }
  return done;
}

/** syncState key holding the zone the rollups were computed in. */
export const ROLLUPS_ZONE_KEY = 'rollups.zone';

/**
 * Makes sure the rollups were computed in `zone`: rebuilds them when they never were (recipient rows stored before
 * the results existed) or when the shop's zone changed. Run before anything writes rows (the sync waits for it),
 * since the rebuild reads the rows in slices outside one transaction. Returns whether it rebuilt.
 */
export async function ensureRollups(db: ShopcastDB, zone: string): Promise<boolean> {
  const stored = (await db.syncState.get(ROLLUPS_ZONE_KEY))?.value;
  if (stored === zone) return false;
  if (stored === undefined && (await db.recipients.count()) === 0) {
    await db.syncState.put({ key: ROLLUPS_ZONE_KEY, value: zone });
    return false;
  }
  await rebuildRollups(db, zone);
  await db.syncState.put({ key: ROLLUPS_ZONE_KEY, value: zone });
  return true;
}


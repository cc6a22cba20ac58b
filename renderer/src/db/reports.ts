/**
 * The results' queries (issue 6): a campaign report, the owner's weekly review and one contact's history. They read
 * the rollups (db/rollups.ts) and small indexed slices, never all recipients: opening a report costs a handful of
 * records however many messages the shop has sent.
 */
import { twoProportionTest, type AbResult } from '../../../shared/domain/results/abTest';
import { attributeReply, phoneVariants } from '../../../shared/domain/results/attribution';
import { costSpent, type CostSpent } from '../../../shared/domain/results/cost';
import { EMPTY_FUNNEL, ratesOf, ratio, sentTime, type Funnel, type Rates } from '../../../shared/domain/results/funnel';
import { addDays, isDay, localDay, systemZone } from '../../../shared/domain/results/time';
import { billedCategory, DEFAULT_RATE_TABLE, rateFor, type BilledCategory, type RateTable } from '../../../shared/domain/campaign/costs';
import type { ChannelKind, JobPhase } from '../../../shared/domain/vocabulary';
import { failureGroup, recipientStage, type RecipientStage } from '../../../shared/domain/results/recipientStatus';
import type { CampaignRecord, ContactRecord, InboxRecord, LabelColor, RollupRecord, ShopcastDB } from './db';
import { TOTAL_DAY, type Counts, type ResultsRow } from './rollups';

const n = (counts: Counts | undefined, key: string): number => counts?.[key] ?? 0;

function funnelFrom(counts: Counts | undefined, prefix = ''): Funnel {
  return {
    queued: n(counts, 'rows'),
    sent: n(counts, `${prefix}sent`),
    delivered: n(counts, `${prefix}delivered`),
    read: n(counts, `${prefix}read`),
    replied: n(counts, `${prefix}replied`),
    failed: n(counts, `${prefix}failed`),
    skipped: n(counts, `${prefix}skipped`),
    optedOut: n(counts, `${prefix}optedOut`),
  };
}

// ── Campaign report ──────────────────────────────────────────────────────────────────────────────────────────

export interface FailureReason {
  /** `error.<ErrorAction>`, `skip.<SkipReason>`, `ambiguous` or `other` (the UI words them). */
  group: string;
  kind: 'error' | 'skip' | 'ambiguous' | 'other';
  /** The action or skip reason alone (`unreachable`, `quiet_hours`…). */
  reason: string;
  count: number;
}

export interface VariantFigures {
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  optedOut: number;
  rates: Rates;
}

export interface CampaignCost extends CostSpent {
  currency: string;
  asOf: string;
  category: BilledCategory;
  /** False on the Assisted channel: messages go through the shop's own free WhatsApp Business app. */
  billed: boolean;
  /** Sandbox: what the campaign would have cost on the Cloud API; nothing was spent. */
  simulated: boolean;
}

export interface CampaignReport {
  id: string;
  name: string;
  channel: ChannelKind;
  state: CampaignRecord['state'];
  /** Simulated by the Sandbox: every screen marks these figures as not real. */
  sandbox: boolean;
  test: boolean;
  funnel: Funnel;
  rates: Rates;
  /** Mean time from our message to the first reply, over replies within 72 h. */
  avgFirstResponseMs: number | null;
  phases: Partial<Record<JobPhase, number>>;
  failures: FailureReason[];
  /** Present when some recipients got version B. */
  ab?: { a: VariantFigures; b: VariantFigures; reply: AbResult; read: AbResult };
  cost: CampaignCost;
  /** Activity by local day (steps on the day they happened). */
  daily: { day: string; sent: number; delivered: number; read: number; replied: number; failed: number; optedOut: number }[];
}

export interface CampaignReportOptions {
  /** The shop's editable rate table (shared/domain/campaign/costs.ts). */
  rates?: RateTable;
}

function variantFigures(counts: Counts | undefined, v: 'A' | 'B'): VariantFigures {
  const f = { sent: n(counts, `v.${v}.sent`), delivered: n(counts, `v.${v}.delivered`), read: n(counts, `v.${v}.read`), replied: n(counts, `v.${v}.replied`), optedOut: n(counts, `v.${v}.optedOut`) };
  return { ...f, rates: ratesOf(f) };
}

export async function campaignReport(db: ShopcastDB, id: string, opts: CampaignReportOptions = {}): Promise<CampaignReport | undefined> {
  const [campaign, records] = await db.transaction('r', db.campaigns, db.rollups, () =>
    Promise.all([db.campaigns.get(id), db.rollups.where('[scope+ref]').equals(['campaign', id]).toArray()]),
  );
  if (!campaign) return undefined;
  const total = records.find((r) => r.day === TOTAL_DAY)?.counts;
  const funnel = total ? funnelFrom(total) : { ...EMPTY_FUNNEL };
  const phases: Partial<Record<JobPhase, number>> = {};
  const failures: FailureReason[] = [];
  const delivered = new Map<string, number>();
  for (const [key, count] of Object.entries(total ?? {})) {
    if (key.startsWith('phase.')) phases[key.slice(6) as JobPhase] = count; // written from JobPhase values by rollups.ts
    else if (key.startsWith('why.')) {
      const group = key.slice(4);
      const [kind, reason = group] = group.includes('.') ? group.split('.', 2) : [group, group];
      failures.push({ group, kind: kind as FailureReason['kind'], reason, count }); // kinds are the four rollups.ts writes
    } else if (key.startsWith('cc.')) delivered.set(key.slice(3), count);
  }
  failures.sort((a, b) => b.count - a.count || a.group.localeCompare(b.group));

  let ab: CampaignReport['ab'];
  if (n(total, 'v.B.sent') > 0 || n(total, 'v.B.delivered') > 0) {
    const a = variantFigures(total, 'A');
    const b = variantFigures(total, 'B');
    ab = { a, b, reply: twoProportionTest(a.replied, a.delivered, b.replied, b.delivered), read: twoProportionTest(a.read, a.delivered, b.read, b.delivered) };
  }

  const table = opts.rates ?? DEFAULT_RATE_TABLE;
  const category = billedCategory(undefined, campaign.promotional);
  const billed = campaign.channel !== 'assisted';
  const spent = billed ? costSpent(delivered, (country) => rateFor(table, country, category)) : { total: 0, byCountry: [] };
  const cost: CampaignCost = { ...spent, currency: table.currency, asOf: table.asOf, category, billed, simulated: campaign.sandbox };

  const daily = records
    .filter((r) => r.day !== TOTAL_DAY)
    .sort((x, y) => x.day.localeCompare(y.day))
    .map((r) => ({ day: r.day, sent: n(r.counts, 'sent'), delivered: n(r.counts, 'delivered'), read: n(r.counts, 'read'), replied: n(r.counts, 'replied'), failed: n(r.counts, 'failed'), optedOut: n(r.counts, 'optedOut') }));

  return {
    id,
    name: campaign.name,
    channel: campaign.channel,
    state: campaign.state,
    sandbox: campaign.sandbox,
    test: campaign.test,
    funnel,
    rates: ratesOf(funnel, campaign.channel !== 'assisted'), // Assisted records no delivery: rates per sent
    avgFirstResponseMs: ratio(n(total, 'frtSum'), n(total, 'frtN')),
    phases,
    failures,
    ...(ab ? { ab } : {}),
    cost,
    daily,
  };
}

// ── Weekly review ────────────────────────────────────────────────────────────────────────────────────────────

export interface WeekFigures {
  /** First local day of the week (the caller's `weekStart` minus 7 × index). */
  weekStart: string;
  sent: number;
  delivered: number;
  /** Of the messages sent this week, read / delivered (whenever they were read). */
  readRate: number | null;
  /** Of the messages sent this week, replied within 72 h / delivered. */
  replyRate: number | null;
  /** Contacts who opted out through WhatsApp this week (STOP or stop marketing). */
  optOuts: number;
  /** Contacts added this week (from the contacts' creation times). */
  newContacts: number;
  /** Replies received this week and the mean time from our message to each first reply. */
  replies: number;
  avgFirstResponseMs: number | null;
}

export interface LabelFigures {
  labelId: number;
  name: string;
  color: LabelColor | undefined;
  sent: number;
  delivered: number;
  readRate: number | null;
  replyRate: number | null;
  optedOut: number;
}

export interface CampaignRank {
  id: string;
  name: string;
  sandbox: boolean;
  test: boolean;
  sent: number;
  delivered: number;
  replied: number;
  readRate: number | null;
  replyRate: number | null;
}

export interface WeeklyReview {
  zone: string;
  /** Index 0 is the week starting `weekStart`; then each earlier week. */
  weeks: WeekFigures[];
  /** Over the whole range, by the labels contacts carried when the messages were queued; most sent first. */
  byLabel: LabelFigures[];
  /** Over the whole range, hour of week (0 = Monday 00:00 … 167 = Sunday 23:00, shop time): reads and replies. */
  heatmap: { read: number[]; reply: number[] };
  /** Campaigns with messages sent in the range, best reply rate first (those with too few delivered come last). */
  best: CampaignRank[];
}

/** A campaign needs this many delivered messages before its reply rate ranks it among the best. */
export const BEST_MIN_DELIVERED = 20;

export interface WeeklyReviewOptions {
  zone?: string;
  bestCount?: number;
}

function sum(records: readonly RollupRecord[], key: string): number {
  let s = 0;
  for (const r of records) s += r.counts[key] ?? 0;
  return s;
}

/**
 * `weekStart`: the first local day (YYYY-MM-DD) of the most recent week to show; `weeks`: how many weeks, that one
 * and the ones before it.
 */
export async function weeklyReview(db: ShopcastDB, weekStart: string, weeks: number, opts: WeeklyReviewOptions = {}): Promise<WeeklyReview> {
  if (!isDay(weekStart)) throw new Error(`weekStart must be YYYY-MM-DD, got ${weekStart}`);
  const count = Math.max(1, Math.min(104, Math.floor(weeks)));
  const zone = opts.zone ?? systemZone();
  const first = addDays(weekStart, -7 * (count - 1));
  const last = addDays(weekStart, 6);
  // Contacts created in the range: read only the createdAt index keys, with 14 h of slack for the zone's offset.
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const [ly, lm, ld] = last.split('-').map(Number) as [number, number, number];
  const fromMs = Date.UTC(y, m - 1, d) - 15 * 3_600_000;
  const toMs = Date.UTC(ly, lm - 1, ld + 1) + 15 * 3_600_000;

  const range = (scope: RollupRecord['scope']) => db.rollups.where('[scope+day]').between([scope, first], [scope, last], true, true).toArray();
  const [shop, labels, campaigns, createdKeys] = await db.transaction('r', db.rollups, db.contacts, () =>
    Promise.all([range('shop'), range('label'), range('campaign'), db.contacts.where('createdAt').between(fromMs, toMs, true, true).keys()]),
  );

  const weekOf = (day: string): number => {
    for (let i = 0; i < count; i++) if (day >= addDays(weekStart, -7 * i) && day <= addDays(weekStart, -7 * i + 6)) return i;
    return -1;
  };
  const shopByWeek: RollupRecord[][] = Array.from({ length: count }, () => []);
  for (const r of shop) {
    const w = weekOf(r.day);
    if (w >= 0) shopByWeek[w]?.push(r);
  }
  const newByWeek = new Array<number>(count).fill(0);
  for (const key of createdKeys) {
    if (typeof key !== 'number') continue;
    const w = weekOf(localDay(zone, key));
    if (w >= 0) newByWeek[w] = (newByWeek[w] ?? 0) + 1;
  }
  const weekFigures: WeekFigures[] = shopByWeek.map((records, i) => {
    const delivered = sum(records, 'c.delivered');
    return {
      weekStart: addDays(weekStart, -7 * i),
      sent: sum(records, 'sent'),
      delivered,
      readRate: ratio(sum(records, 'c.read'), delivered),
      replyRate: ratio(sum(records, 'c.replied'), delivered),
      optOuts: sum(records, 'contactOptOut'),
      newContacts: newByWeek[i] ?? 0,
      replies: sum(records, 'replied'),
      avgFirstResponseMs: ratio(sum(records, 'frtSum'), sum(records, 'frtN')),
    };
  });

  const heatmap = { read: new Array<number>(168).fill(0), reply: new Array<number>(168).fill(0) };
  for (const r of shop) {
    for (const [key, value] of Object.entries(r.counts)) {
      const [kind, hour] = key.startsWith('h.read.') ? [heatmap.read, Number(key.slice(7))] : key.startsWith('h.reply.') ? [heatmap.reply, Number(key.slice(8))] : [undefined, -1];
      if (kind && hour >= 0 && hour < 168) kind[hour] = (kind[hour] ?? 0) + value;
    }
  }

  const group = (records: readonly RollupRecord[]) => {
    const out = new Map<string, Counts>();
    for (const r of records) {
      const acc = out.get(r.ref) ?? {};
      for (const [k, v] of Object.entries(r.counts)) acc[k] = (acc[k] ?? 0) + v;
      out.set(r.ref, acc);
    }
    return out;
  };
  const labelTotals = group(labels);
  const campaignTotals = group(campaigns);
  const [labelRecords, campaignRecords] = await Promise.all([
    db.labels.bulkGet([...labelTotals.keys()].map(Number)),
    db.campaigns.bulkGet([...campaignTotals.keys()]),
  ]);
  const byLabel: LabelFigures[] = [...labelTotals].map(([ref, c], i) => ({
    labelId: Number(ref),
    name: labelRecords[i]?.name ?? '',
    color: labelRecords[i]?.color,
    sent: n(c, 'sent'),
    delivered: n(c, 'c.delivered'),
    readRate: ratio(n(c, 'c.read'), n(c, 'c.delivered')),
    replyRate: ratio(n(c, 'c.replied'), n(c, 'c.delivered')),
    optedOut: n(c, 'optedOut'),
  }));
  byLabel.sort((a, b) => b.sent - a.sent || a.labelId - b.labelId);

  const ranks: CampaignRank[] = [];
  [...campaignTotals].forEach(([ref, c], i) => {
    if (n(c, 'sent') === 0) return; // only campaigns that sent in the range
    const rec = campaignRecords[i];
    ranks.push({
      id: ref,
      name: rec?.name ?? ref,
      sandbox: rec?.sandbox ?? false,
      test: rec?.test ?? false,
      sent: n(c, 'sent'),
      delivered: n(c, 'c.delivered'),
      replied: n(c, 'c.replied'),
      readRate: ratio(n(c, 'c.read'), n(c, 'c.delivered')),
      replyRate: ratio(n(c, 'c.replied'), n(c, 'c.delivered')),
    });
  });
  const enough = (r: CampaignRank) => r.delivered >= BEST_MIN_DELIVERED;
  ranks.sort((a, b) => Number(enough(b)) - Number(enough(a)) || (b.replyRate ?? -1) - (a.replyRate ?? -1) || b.delivered - a.delivered || a.id.localeCompare(b.id));

  return { zone, weeks: weekFigures, byLabel, heatmap, best: ranks.slice(0, opts.bestCount ?? 5) };
}

// ── Contact history ──────────────────────────────────────────────────────────────────────────────────────────

export interface HistoryMessage {
  job: string;
  campaign: string;
  campaignName: string;
  sandbox: boolean;
  variant?: 'A' | 'B';
  stage: RecipientStage;
  /** Failure or skip reason group (see FailureReason.group). */
  why?: string;
  sentAt?: number;
  deliveredAt?: number;
  readAt?: number;
  repliedAt?: number;
  optedOutAt?: number;
  /** When it last changed. */
  at: number;
}

export interface HistoryReply {
  seq: number;
  at: number;
  type: string;
  text?: string;
  optOut: InboxRecord['optOut'];
  /** The message it is attributed to (the last one to this number within 72 h), if any. */
  job?: string;
  campaign?: string;
}

export interface ContactHistory {
  contact: ContactRecord | undefined;
  /** Newest first. */
  messages: HistoryMessage[];
  /** Newest first. */
  replies: HistoryReply[];
}

export async function contactHistory(db: ShopcastDB, contactId: number): Promise<ContactHistory> {
  return db.transaction('r', [db.contacts, db.recipients, db.inbox, db.campaigns], async () => {
    const contact = await db.contacts.get(contactId);
    // Main files a person known only by their user id under it (a job's `contact`, a message's `from`).
    const variants = [...(contact?.phone ? phoneVariants(contact.phone) : []), ...(contact?.userId ? [contact.userId] : [])];
    const [byId, byPhone, inById, inByPhone] = await Promise.all([
      db.recipients.where('contactId').equals(contactId).toArray(),
      variants.length > 0 ? db.recipients.where('contact').anyOf(variants).toArray() : Promise.resolve([]),
      db.inbox.where('contactId').equals(contactId).toArray(),
      variants.length > 0 ? db.inbox.where('from').anyOf(variants).toArray() : Promise.resolve([]),
    ]);
    const rows = new Map<string, ResultsRow>();
    for (const r of [...byId, ...byPhone]) rows.set(r.job, r);
    const inbound = new Map<number, InboxRecord>();
    for (const m of [...inById, ...inByPhone]) inbound.set(m.seq, m);
    const campaignIds = [...new Set([...rows.values()].map((r) => r.campaign))];
    const campaigns = new Map((await db.campaigns.bulkGet(campaignIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));

    const messages: HistoryMessage[] = [...rows.values()].map((r) => {
      const c = campaigns.get(r.campaign);
      const optedOutAt = Math.min(r.optOutReplyAt ?? Infinity, r.stoppedMarketingAt ?? Infinity);
      const sentAt = sentTime(r);
      const why = failureGroup(r);
      return {
        job: r.job,
        campaign: r.campaign,
        campaignName: c?.name ?? r.campaign,
        sandbox: c?.sandbox ?? false,
        ...(r.variant ? { variant: r.variant } : {}),
        stage: recipientStage(r),
        ...(why !== undefined ? { why } : {}),
        ...(sentAt !== undefined ? { sentAt } : {}),
        ...(r.deliveredAt !== undefined ? { deliveredAt: r.deliveredAt } : {}),
        ...(r.readAt !== undefined ? { readAt: r.readAt } : {}),
        ...(r.repliedAt !== undefined ? { repliedAt: r.repliedAt } : {}),
        ...(optedOutAt !== Infinity ? { optedOutAt } : {}),
        at: r.at,
      };
    });
    messages.sort((a, b) => (b.sentAt ?? b.at) - (a.sentAt ?? a.at) || b.job.localeCompare(a.job));

    const sent = [...rows.values()].map((r) => ({ job: r.job, campaign: r.campaign, contact: r.contact, sentAt: sentTime(r) }));
    const replies: HistoryReply[] = [...inbound.values()].map((m) => {
      const target = attributeReply(m, sent);
      return {
        seq: m.seq,
        at: m.at,
        type: m.type,
        ...(m.text !== undefined ? { text: m.text } : {}),
        optOut: m.optOut,
        ...(target ? { job: target.job, campaign: target.campaign } : {}),
      };
    });
    replies.sort((a, b) => b.at - a.at || b.seq - a.seq);
    return { contact, messages, replies };
  });
}

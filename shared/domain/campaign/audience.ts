/**
 * Who a campaign goes to (issue 5 step 1): a filter spec evaluated against the contacts, and the contacts it
 * matches that must not or cannot be messaged, each with its reason. DOMAIN.md §4 "Audience": opted-in contacts
 * only, never opted-out ones, only customers who interacted within 24 months; §2: honour opt-outs and suppression.
 *
 * Pure: the contacts come from the caller (renderer/src/db/audience.ts reads them from Dexie once and keeps them),
 * the suppression set from main (suppression:list), time as `now`. One pass, no allocation per contact beyond the
 * id lists, so a filter change over 100,000 contacts is a few tens of milliseconds once the phone facts are cached.
 */
import { isRecord } from '../../lib/guards';
import { DAY } from '../pacing';
import type { PhoneFactsCache } from './phoneFacts';
import { reachKey, type CampaignContact } from './render';
import type { ContactSendLog } from './types';

/** §4: only customers who interacted within 24 months, whatever the filter says. */
export const MAX_INACTIVE_DAYS = 730;

/** The filter a person builds (the wizard's AudienceChoice has this shape). Empty lists mean "any". */
export interface AudienceFilter {
  /** At least one of these labels. */
  labelsAny: readonly number[];
  /** Every one of these labels. */
  labelsAll: readonly number[];
  /** None of these labels. */
  labelsNone: readonly number[];
  /** Opt-in statuses to include; opted-out contacts are never included (they show as excluded). */
  optIn: readonly ('opted_in' | 'unknown')[];
  /** Interacted in the last N days; null: any time within MAX_INACTIVE_DAYS. */
  activeWithinDays: number | null;
  /** ISO countries of the number; empty: any. */
  countries: readonly string[];
  /** §4, when the person asks: leave out numbers that did not read the previous message within 48 h (`unreadNumbers`). */
  skipUnread: boolean;
  /**
   * Exactly these contacts (chosen on the contacts screen), instead of the filter above: labels, consent, activity
   * and countries are not applied, so every chosen person is accounted for. Who must not or cannot be messaged is
   * still left out with the reason, and the checklist still weighs the rest (consent, numbers). Absent: the filter.
   */
  contactIds?: readonly number[];
}

export const EMPTY_FILTER: AudienceFilter = { labelsAny: [], labelsAll: [], labelsNone: [], optIn: ['opted_in'], activeWithinDays: null, countries: [], skipUnread: false };

/** Why a contact that matches the filter is left out, in the order they are tested (the first that applies is shown). */
export const EXCLUSION_REASONS = ['no_phone', 'opted_out', 'suppressed', 'not_whatsapp', 'undeliverable', 'inactive', 'frequency_cap', 'unread'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface AudienceContext {
  /** E.164 numbers main suppresses (opt-out replies, stopped marketing, undeliverable): never included. */
  suppressed: ReadonlySet<string>;
  /** Numbers that failed as undeliverable in an earlier campaign (§4: drop them). */
  undeliverable?: ReadonlySet<string>;
  /** For the per-contact promotional cap; omitted: not checked (e.g. non-promotional content). */
  frequency?: { log: ContactSendLog; cap: number; at: number };
  /** Numbers whose previous message went unread for 48 h (`unreadNumbers`); used when the filter's `skipUnread` asks. */
  unread?: ReadonlySet<string>;
  phones: PhoneFactsCache;
  now: number;
}

export interface AudienceResult {
  /** Contacts to send to, in input order. */
  included: number[];
  /** Contacts the filter matched but that are left out, by reason. */
  excluded: Record<ExclusionReason, number[]>;
  /** Contacts the filter matched (included + excluded). */
  matched: number;
}

/** The filter from stored data (a segment, a draft): unknown shapes become the empty filter's values. */
export function parseAudienceFilter(input: unknown): AudienceFilter {
  if (!isRecord(input)) return EMPTY_FILTER;
  const ids = (v: unknown) => (Array.isArray(v) ? [...new Set(v.filter((x): x is number => Number.isSafeInteger(x) && x > 0))] : []);
  const optIn = Array.isArray(input.optIn) ? input.optIn.filter((s): s is 'opted_in' | 'unknown' => s === 'opted_in' || s === 'unknown') : EMPTY_FILTER.optIn;
  const days = input.activeWithinDays;
  return {
    labelsAny: ids(input.labelsAny),
    labelsAll: ids(input.labelsAll),
    labelsNone: ids(input.labelsNone),
    optIn: [...new Set(optIn)],
    activeWithinDays: typeof days === 'number' && Number.isFinite(days) && days > 0 ? Math.min(Math.floor(days), MAX_INACTIVE_DAYS) : null,
    countries: Array.isArray(input.countries) ? [...new Set(input.countries.filter((c): c is string => typeof c === 'string' && /^[A-Z]{2}$/.test(c)))] : [],
    skipUnread: input.skipUnread === true,
    ...(Array.isArray(input.contactIds) ? { contactIds: ids(input.contactIds) } : {}),
  };
}

/** The last sign of life we know: the last interaction, else the opt-in (giving consent is an interaction). */
function lastActivity(c: CampaignContact): number | null {
  const a = c.lastInteractionAt;
  const b = c.optInAt;
  return a === null ? b : b === null ? a : Math.max(a, b);
}

export function evaluateAudience(contacts: Iterable<CampaignContact>, filter: AudienceFilter, ctx: AudienceContext): AudienceResult {
  const any = filter.labelsAny.length > 0 ? new Set(filter.labelsAny) : undefined;
  const all = filter.labelsAll;
  const none = filter.labelsNone.length > 0 ? new Set(filter.labelsNone) : undefined;
  const wantOptedIn = filter.optIn.includes('opted_in');
  const wantUnknown = filter.optIn.includes('unknown');
  const countries = filter.countries.length > 0 ? new Set(filter.countries) : undefined;
  const activeSince = filter.activeWithinDays !== null ? ctx.now - Math.min(filter.activeWithinDays, MAX_INACTIVE_DAYS) * DAY : undefined;
  const oldest = ctx.now - MAX_INACTIVE_DAYS * DAY;
  const freq = ctx.frequency;
  const chosen = filter.contactIds ? new Set(filter.contactIds) : undefined;

  const included: number[] = [];
  const excluded: AudienceResult['excluded'] = { no_phone: [], opted_out: [], suppressed: [], not_whatsapp: [], undeliverable: [], inactive: [], frequency_cap: [], unread: [] };
  const unread = filter.skipUnread ? ctx.unread : undefined;
  let matched = 0;

  for (const c of contacts) {
    const status = c.optInStatus;
    const activity = lastActivity(c);
    if (chosen) {
      // Chosen by hand: only membership.
      if (!chosen.has(c.id)) continue;
    } else {
      // The filter.
      if (status === 'opted_in' ? !wantOptedIn : status === 'unknown' ? !wantUnknown : false) continue;
      const labels = c.labelIds;
      if (any) {
        let hit = false;
        for (const l of labels) if (any.has(l)) { hit = true; break; }
        if (!hit) continue;
      }
      if (all.length > 0 && !all.every((l) => labels.includes(l))) continue;
      if (none) {
        let hit = false;
        for (const l of labels) if (none.has(l)) { hit = true; break; }
        if (hit) continue;
      }
      if (activeSince !== undefined && (activity === null || activity < activeSince)) continue;
    }
    // Parsed only for contacts that got this far: the first evaluation parses each number once (the cache keeps it).
    // A contact without a phone is reached by its WhatsApp user id (render.ts reachKey): counted, capped and
    // suppressed under it.
    const key = reachKey(c);
    const facts = key === '' ? undefined : ctx.phones.get(key);
    if (!chosen && countries && (facts?.country === undefined || !countries.has(facts.country))) continue;
    matched++;

    // Who must not or cannot be messaged.
    let reason: ExclusionReason | undefined;
    if (!facts) reason = 'no_phone';
    else if (status === 'opted_out') reason = 'opted_out';
    else if (ctx.suppressed.has(key) || (c.userId !== undefined && ctx.suppressed.has(c.userId))) reason = 'suppressed';
    else if (facts.kind !== 'mobile') reason = 'not_whatsapp';
    else if (ctx.undeliverable?.has(key)) reason = 'undeliverable';
    else if (activity === null || activity < oldest) reason = 'inactive';
    else if (freq && promotionalWithin24h(freq.log, key, freq.at) >= freq.cap) reason = 'frequency_cap';
    else if (unread?.has(key)) reason = 'unread';
    if (reason) excluded[reason].push(c.id);
    else included.push(c.id);
  }
  return { included, excluded, matched };
}

/** §4: the previous message counts as unread when it was not read within this long after it was sent. */
export const UNREAD_AFTER_MS = 48 * 3_600_000;

/** One message as the results store it: to whom, when WhatsApp accepted it, when it was read (if it was). */
export interface SentMessage {
  contact: string;
  sentAt: number;
  readAt?: number;
}

/**
 * The numbers whose most recent message was sent 48 h or more before `now` and not read within 48 h of sending.
 * A number whose latest message is younger than 48 h is not judged yet (left in). Read receipts can be switched
 * off by the customer, so this is a choice the person makes (the filter's `skipUnread`), never a default.
 */
export function unreadNumbers(messages: Iterable<SentMessage>, now: number): Set<string> {
  const latest = new Map<string, SentMessage>();
  for (const m of messages) {
    const seen = latest.get(m.contact);
    if (!seen || m.sentAt > seen.sentAt) latest.set(m.contact, m);
  }
  const out = new Set<string>();
  for (const [contact, m] of latest) {
    if (now - m.sentAt < UNREAD_AFTER_MS) continue;
    if (m.readAt === undefined || m.readAt - m.sentAt > UNREAD_AFTER_MS) out.add(contact);
  }
  return out;
}

function promotionalWithin24h(log: ContactSendLog, phone: string, at: number): number {
  let n = 0;
  for (const s of log.contactSends(phone)) if (s.promotional && s.at > at - DAY && s.at <= at) n++;
  return n;
}

/**
 * A sample of `size` included ids, spread over the list (reservoir sampling with the given randomness, so the same
 * seed shows the same sample).
 */
export function sampleIds(ids: readonly number[], size: number, random: () => number): number[] {
  if (ids.length <= size) return [...ids];
  const out = ids.slice(0, size);
  for (let i = size; i < ids.length; i++) {
    const j = Math.floor(random() * (i + 1));
    if (j < size) out[j] = ids[i]!; // i < ids.length
  }
  return out;
}

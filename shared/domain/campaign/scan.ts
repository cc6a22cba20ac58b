/**
 * One pass over the recipients that gathers everything the recipient rules need, so the checklist over 100,000
 * recipients stays well under a second (issue 5): phone facts come from the cache, variable values from getters
 * built once per variable, and each rule then reads counts and id lists instead of walking the list again.
 */
import { hasNightConsent, isClaimedSource, isConsentOld } from '../contact';
import { DAY } from '../pacing';
import type { TemplateInfo } from '../template';
import type { MessageDraft } from './draft';
import { flattenParam, isKnownVariable, placeholdersIn, reachKey, valueGetter, variablesIn, type CampaignContact, type RenderContext } from './render';
import type { ChecklistInput, Variant } from './types';

/** What one message version needs per recipient. */
export interface MessageScan {
  variant: Variant;
  message: MessageDraft;
  template: TemplateInfo | undefined;
  /** Text variables used, with how many recipients have neither value nor fallback. */
  missing: Map<string, number>;
  /** Variables no built-in or recipient field provides (and without fallback). */
  unknown: string[];
  /** Template parameters (1-based) with how many recipients have no value for them. */
  paramMissing: Map<number, number>;
  /** The longest the text/caption/template body gets for any recipient. */
  maxLength: number;
  /** Recipients with a variable value longer than main accepts (1,000 chars, shared/ipc/campaigns.ts). */
  overlongValues: number;
  /** A contact showing the longest rendering (for the preview of the problem). */
  longestFor: number | undefined;
}

export interface Scan {
  /** Recipients after the draft's exclusions. */
  recipients: CampaignContact[];
  invalidIds: number[];
  landlineIds: number[];
  unreachableIds: number[];
  duplicateIds: number[];
  unknownOptInIds: number[];
  optedOutIds: number[];
  /** Opted in, but without a date or source. */
  optInUnrecorded: number;
  /** Opted in only as far as an imported file claims (no source column: contact.ts claimedSource). */
  optInClaimed: number;
  /** Opted in more than 2 years before the start (§2b: consent is confirmed again every 2 years). */
  oldOptInIds: number[];
  /** +82 recipients whose night-time consent is more than 2 years old at the start (it no longer counts). */
  oldNightConsent: number;
  frequencyIds: number[];
  /** Under the 24 h cap, but already WEEKLY_PROMOS promotions in the 7 days before the start. */
  weeklyIds: number[];
  /** Already received this same content (input.sameContent). */
  sameContentIds: number[];
  plusOneIds: number[];
  /** Recipients with a +82 (Korean) number: Korean law applies to a promotion to them (DOMAIN.md §2b). */
  koreanIds: number[];
  /** Of koreanIds, those without a night-time consent valid at the start (contact.ts hasNightConsent). */
  koreanNoNightIds: number[];
  /** Per other promotion still on its way (input.activeCampaigns): the ones of these recipients it goes to. */
  overlaps: Map<string, number[]>;
  /** Recipients without a phone, known only by their WhatsApp user id (Assisted's wa.me cannot open their chat). */
  noPhoneIds: number[];
  /** Recipients per country (undefined: unknown). */
  countryCounts: Map<string | undefined, number>;
  /** Recipients outside a 24 h service window (they count toward the messaging limit). */
  outsideWindow: number;
  messages: MessageScan[];
  start: number;
}

const WEEK = 7 * DAY;
/**
 * §4 "2–3 per week recommended": a contact who already had this many promotions in the 7 days before the start
 * would get one more than that. Advice (a warning), not the hard 24 h cap the pacer enforces.
 */
export const WEEKLY_PROMOS = 3;

/** Main's contract refuses a var value over this length. */
export const VAR_VALUE_MAX = 1_000;

export function findTemplate(templates: readonly TemplateInfo[], m: MessageDraft): TemplateInfo | undefined {
  return m.kind === 'template' ? templates.find((t) => t.name === m.name && t.language === m.language) : undefined;
}

export function scanRecipients(input: ChecklistInput): Scan {
  const { draft, phones } = input;
  const excluded = new Set(draft.excludedContactIds);
  const start = draft.scheduledAt ?? input.now;
  const ctx: RenderContext = { shopName: input.shop.name, labelNames: input.labelNames };
  const cap = input.policy.promotionalPerContactPer24h;

  const versions: [Variant, MessageDraft][] = [['A', draft.message]];
  if (draft.messageB) versions.push(['B', draft.messageB]);
  const plans = versions.map(([variant, message]) => planFor(variant, message, input, ctx));

  const s: Scan = {
    recipients: [],
    invalidIds: [],
    landlineIds: [],
    unreachableIds: [],
    duplicateIds: [],
    unknownOptInIds: [],
    optedOutIds: [],
    optInUnrecorded: 0,
    optInClaimed: 0,
    oldOptInIds: [],
    oldNightConsent: 0,
    frequencyIds: [],
    weeklyIds: [],
    sameContentIds: [],
    plusOneIds: [],
    koreanIds: [],
    koreanNoNightIds: [],
    noPhoneIds: [],
    overlaps: new Map(),
    countryCounts: new Map(),
    outsideWindow: 0,
    messages: plans.map((p) => p.scan),
    start,
  };
  // Only a promotion's own overlap with other promotions matters (second_promotion).
  const active = draft.promotional && input.activeCampaigns && input.activeCampaigns.length > 0 ? input.activeCampaigns : undefined;
  const seen = new Set<string>();
  const fieldKeysSeen = new Set<string>();
  for (const c of input.recipients) {
    if (excluded.has(c.id)) continue;
    s.recipients.push(c);
    // Reached by the phone, else by the WhatsApp user id (render.ts reachKey): caps, windows and duplicates too.
    const key = reachKey(c);
    if (c.phone === undefined) s.noPhoneIds.push(c.id);
    const f = phones.get(key);
    if (f.kind === 'invalid') s.invalidIds.push(c.id);
    else if (f.kind === 'landline') s.landlineIds.push(c.id);
    else if (input.unreachable?.has(key)) s.unreachableIds.push(c.id);
    if (seen.has(key)) s.duplicateIds.push(c.id);
    else seen.add(key);
    if (c.optInStatus === 'opted_out') s.optedOutIds.push(c.id);
    else if (c.optInStatus !== 'opted_in') s.unknownOptInIds.push(c.id);
    else if (c.optInAt === null || c.optInSource.trim() === '') s.optInUnrecorded++;
    else if (isClaimedSource(c.optInSource)) s.optInClaimed++;
    if (c.optInStatus === 'opted_in' && isConsentOld(c.optInAt, start)) s.oldOptInIds.push(c.id);
    if (f.callingCode === '1' || (f.callingCode === undefined && key.startsWith('+1'))) s.plusOneIds.push(c.id);
    if (f.callingCode === '82' || (f.callingCode === undefined && key.startsWith('+82'))) {
      s.koreanIds.push(c.id);
      if (!hasNightConsent(c, start)) {
        s.koreanNoNightIds.push(c.id);
        if (c.nightConsent && isConsentOld(c.nightConsent.at, start)) s.oldNightConsent++;
      }
    }
    if (active) {
      for (const a of active) {
        if (!a.numbers.has(key)) continue;
        const ids = s.overlaps.get(a.id);
        if (ids) ids.push(c.id);
        else s.overlaps.set(a.id, [c.id]);
      }
    }
    s.countryCounts.set(f.country, (s.countryCounts.get(f.country) ?? 0) + 1);
    if (!input.openWindows?.has(key)) s.outsideWindow++;
    if (draft.promotional) {
      let promos = 0;
      let week = 0;
      for (const send of input.sendLog.contactSends(key)) {
        if (!send.promotional || send.at > start) continue;
        if (send.at > start - DAY) promos++;
        if (send.at > start - WEEK) week++;
      }
      if (promos >= cap) s.frequencyIds.push(c.id);
      else if (week >= WEEKLY_PROMOS) s.weeklyIds.push(c.id);
    }
    if (input.sameContent?.numbers.has(key)) s.sameContentIds.push(c.id);
    if (c.fields) for (const k in c.fields) fieldKeysSeen.add(k);
    for (const p of plans) p.visit(c);
  }
  for (const p of plans) p.finish(fieldKeysSeen);
  return s;
}

interface Plan {
  scan: MessageScan;
  visit(c: CampaignContact): void;
  finish(fieldKeys: ReadonlySet<string>): void;
}

/** Per version: getters, fallbacks and fixed lengths worked out once; `visit` then costs a few getter calls. */
function planFor(variant: Variant, message: MessageDraft, input: ChecklistInput, ctx: RenderContext): Plan {
  const template = findTemplate(input.templates, message);
  const scan: MessageScan = { variant, message, template, missing: new Map(), unknown: [], paramMissing: new Map(), maxLength: 0, overlongValues: 0, longestFor: undefined };
  const fallbacks = input.draft.fallbacks;

  // Text: static length plus, per variable, (occurrences × value length).
  let staticLength = 0;
  const vars: { key: string; get: (c: CampaignContact) => string; fallback: string; occurrences: number; builtIn: boolean }[] = [];
  const params: { n: number; get: ((c: CampaignContact) => string) | undefined; fixed: string; fallback: string; occurrences: number }[] = [];
  if (message.kind === 'text') {
    const keys = variablesIn(message.body);
    staticLength = message.body.length;
    for (const key of keys) {
      const occurrences = message.body.split(`{${key}}`).length - 1;
      staticLength -= occurrences * (key.length + 2);
      vars.push({ key, get: valueGetter(key, ctx), fallback: fallbacks[key]?.trim() ?? '', occurrences, builtIn: isKnownVariable(key) });
      scan.missing.set(key, 0);
    }
  } else if (template) {
    const body = template.body;
    staticLength = body.length;
    for (const n of placeholdersIn(body)) {
      const occurrences = body.split(`{{${n}}}`).length - 1;
      staticLength -= occurrences * (String(n).length + 4);
      const p = message.params[n - 1];
      params.push({
        n,
        get: p?.kind === 'field' ? valueGetter(p.field, ctx) : undefined,
        fixed: p?.kind === 'fixed' ? p.value : '',
        fallback: p?.kind === 'field' ? flattenParam(p.fallback) : '',
        occurrences,
      });
      scan.paramMissing.set(n, 0);
    }
  }

  return {
    scan,
    visit(c) {
      let length = staticLength;
      let overlong = false;
      for (const v of vars) {
        let value = v.get(c);
        if (value === '') value = v.fallback;
        if (value === '') scan.missing.set(v.key, scan.missing.get(v.key)! + 1); // every used key was set above
        if (value.length > VAR_VALUE_MAX) overlong = true;
        length += v.occurrences * (value === '' ? v.key.length + 2 : value.length);
      }
      for (const p of params) {
        let value = p.get ? flattenParam(p.get(c)) : p.fixed;
        if (value === '' && p.get) value = p.fallback;
        if (value.trim() === '') scan.paramMissing.set(p.n, scan.paramMissing.get(p.n)! + 1); // set above
        if (p.get && value.length > VAR_VALUE_MAX) overlong = true;
        length += p.occurrences * value.length;
      }
      if (overlong) scan.overlongValues++;
      if (scan.longestFor === undefined || length > scan.maxLength) {
        scan.maxLength = length;
        scan.longestFor = c.id;
      }
    },
    finish(fieldKeys) {
      for (const v of vars) if (!v.builtIn && !fieldKeys.has(v.key) && v.fallback === '') scan.unknown.push(v.key);
      if (scan.longestFor === undefined) scan.maxLength = staticLength; // nobody to render for: the text as written
    },
  };
}

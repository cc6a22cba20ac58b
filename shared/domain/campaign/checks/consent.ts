/**
 * Consent over time (DOMAIN.md §2b): consent is confirmed again every 2 years (consent_old), and a promotion should
 * not reach people another promotion of the shop is still on its way to (second_promotion). Both are advice (warn).
 */
import { CONSENT_VALID_YEARS } from '../../contact';
import type { Scan } from '../scan';
import type { ChecklistInput, CheckResult } from '../types';
import { plural, result } from './result';

/** consent_old: opted in, or night-time consent given, more than 2 years before the start (a promotion only). */
export function consentOldCheck(input: ChecklistInput, scan: Scan): CheckResult {
  if (!input.draft.promotional) return result('consent_old', 'pass', 'notPromotional', {}, 'Not a promotion: the age of consent does not matter.');
  const ids = scan.oldOptInIds;
  const night = scan.oldNightConsent;
  const years = CONSENT_VALID_YEARS;
  if (ids.length === 0 && night === 0) return result('consent_old', 'pass', 'ok', { years }, `Every consent was given or confirmed in the last ${years} years.`);
  const fix = ids.length > 0 ? { fix: { id: 'exclude' as const, params: { reason: 'consent_old' as const, count: ids.length, contactIds: ids } } } : {};
  const nightText = `${plural(night, 'recipient')} gave night-time consent more than ${years} years ago: it no longer counts at night.`;
  if (ids.length === 0) return result('consent_old', 'warn', 'night', { count: night, years }, nightText);
  const optInText = `${plural(ids.length, 'recipient')} opted in more than ${years} years ago: ask them to confirm before more promotions.`;
  return night === 0
    ? result('consent_old', 'warn', 'optIn', { count: ids.length, years }, optInText, fix)
    : result('consent_old', 'warn', 'both', { count: ids.length, night, years }, `${optInText} ${nightText}`, fix);
}

/**
 * second_promotion: another promotion is still queued or sending (scheduled, running or paused) to some of the same
 * people. Names the one with the most of them and how many; "and N more campaigns" when there are others.
 */
export function secondPromotionCheck(input: ChecklistInput, scan: Scan): CheckResult {
  if (!input.draft.promotional) return result('second_promotion', 'pass', 'notPromotional', {}, 'Not a promotion.');
  let top: { name: string; ids: number[] } | undefined;
  let others = 0;
  for (const a of input.activeCampaigns ?? []) {
    const ids = scan.overlaps.get(a.id) ?? [];
    if (ids.length === 0) continue;
    if (top) others++;
    if (!top || ids.length > top.ids.length) top = { name: a.name, ids };
  }
  if (!top) return result('second_promotion', 'pass', 'ok', {}, 'No other promotion is still on its way to these people.');
  const count = top.ids.length;
  const text = `“${top.name}” is still queued or sending to ${count.toLocaleString('en')} of these recipients${others > 0 ? ` (and ${plural(others, 'other campaign')} to some of them)` : ''}: two promotions close together read as spam.`;
  const fix = { fix: { id: 'exclude' as const, params: { reason: 'second_promotion' as const, count, contactIds: top.ids } } };
  return others > 0
    ? result('second_promotion', 'warn', 'overlapMore', { name: top.name, count, others }, text, fix)
    : result('second_promotion', 'warn', 'overlap', { name: top.name, count }, text, fix);
}

/** Rules about when and how fast (DOMAIN.md §4 volume and timing, §2 messaging limit and pricing). */
import { billedCategory, estimateCost, rateTableAgeDays, type CostEstimate } from '../costs';
import { findTemplate, type Scan } from '../scan';
import { estimateFinish, isQuietAt, majorityZone, suggestSendWindow, zonesForCountries, type FinishEstimate, type SendWindow } from '../schedule';
import { COUNTRY_ZONES } from '../../recipientZone';
import type { ChecklistInput, CheckResult } from '../types';
import { koreanNightCheck } from './koreanLaw';
import { plural, result } from './result';

/** A rate table older than this is flagged (rates change, §2). */
export const RATE_TABLE_STALE_DAYS = 183;

export interface SendingFacts {
  estimate: FinishEstimate;
  suggestion: SendWindow | undefined;
  cost: CostEstimate | undefined;
}

export function sendingChecks(input: ChecklistInput, scan: Scan): { results: CheckResult[]; facts: SendingFacts } {
  const out: CheckResult[] = [];
  const { policy, draft } = input;
  const total = scan.recipients.length;
  const zone = majorityZone(scan.countryCounts, policy.fallbackZone);
  const cloud = draft.channel === 'cloud';
  const estimate = estimateFinish(total, cloud ? policy : { ...policy, messagingLimit: null }, input.history, scan.start, zone, scan.outsideWindow > 0);

  // Daily cap and warm-up: how many days the campaign takes.
  const days = estimate.perDay.filter((n) => n > 0).length > 0 ? estimate.days : 0;
  const capText =
    estimate.limitedBy === 'messaging_limit'
      ? `WhatsApp’s messaging limit (${(policy.messagingLimit ?? 0).toLocaleString('en')} people a day)`
      : policy.dailyCap === 'warmup'
        ? 'the warm-up cap'
        : policy.dailyCap === null
          ? 'no daily cap'
          : `${policy.dailyCap.toLocaleString('en')} a day`;
  out.push(
    days > 1
      ? result('daily_cap', 'warn', 'multiDay', { days, firstDay: estimate.perDay[0] ?? 0, finishAt: estimate.finishAt, limitedBy: estimate.limitedBy }, `With ${capText} this campaign will take ${days} days (${(estimate.perDay[0] ?? 0).toLocaleString('en')} on the first).`)
      : result('daily_cap', 'pass', 'oneDay', { finishAt: estimate.finishAt, limitedBy: estimate.limitedBy }, `Fits in one day (${capText}).`),
  );

  // Quiet hours at the start, in each recipient's zone (per country: computed once per country, not per recipient).
  let quiet = 0;
  for (const [country, n] of scan.countryCounts) {
    const zones = (country !== undefined ? COUNTRY_ZONES[country] : undefined) ?? [policy.fallbackZone];
    if (zones.some((z) => isQuietAt(policy.quietHours, z, scan.start))) quiet += n;
  }
  const reach = zonesForCountries(scan.countryCounts.keys(), policy.fallbackZone);
  const suggestion = suggestSendWindow(scan.start, zone, reach, policy.quietHours);
  const q = policy.quietHours;
  if (quiet > 0 && q) {
    const fix = suggestion ? { id: 'schedule' as const, params: { at: suggestion.at } } : undefined;
    out.push(
      result('quiet_hours', 'warn', 'atStart', { count: quiet, startHour: q.startHour, endHour: q.endHour, suggestedAt: suggestion?.at ?? 0 }, `${plural(quiet, 'recipient')} are in quiet hours (${q.startHour}:00–${q.endHour}:00 local) at the start: their messages wait until ${q.endHour}:00.`, { fix }),
    );
  } else out.push(result('quiet_hours', 'pass', 'ok', {}, 'No recipient is in quiet hours at the start.'));

  // Korean law: no promotion to +82 numbers 21:00–08:00 Korea time without night-time consent (§2b). The first
  // day's sending span: the whole estimate for a one-day campaign, else the first day's share alone.
  const firstDayEnd =
    estimate.days > 1 ? estimateFinish(estimate.perDay[0] ?? 0, cloud ? policy : { ...policy, messagingLimit: null }, input.history, scan.start, zone, scan.outsideWindow > 0).finishAt : estimate.finishAt;
  out.push(koreanNightCheck(input, scan, firstDayEnd));

  // Messaging limit: unique people outside a window per moving 24 h (Cloud API).
  const limit = policy.messagingLimit;
  if (cloud && limit !== null) {
    const remaining = Math.max(0, limit - input.history.reachedLast24h);
    out.push(
      scan.outsideWindow > remaining
        ? result('messaging_limit', 'warn', 'over', { limit, remaining, count: scan.outsideWindow, days: estimate.days }, `${plural(scan.outsideWindow, 'recipient')} outside a 24 h window, ${remaining.toLocaleString('en')} of ${limit.toLocaleString('en')} left today: the rest wait for the limit to free up.`)
        : result('messaging_limit', 'pass', 'ok', { limit, remaining, count: scan.outsideWindow }, `${scan.outsideWindow.toLocaleString('en')} of the ${remaining.toLocaleString('en')} people left today.`),
    );
  } else out.push(result('messaging_limit', 'pass', cloud ? 'unlimited' : 'notCloud', {}, cloud ? 'No messaging limit on this number.' : 'Only the Cloud API has a messaging limit.'));

  // Cost: delivered templates × category rate × country (an upper bound: every message delivered).
  let cost: CostEstimate | undefined;
  if (cloud) {
    const category = billedCategory(findTemplate(input.templates, draft.message)?.category, draft.promotional);
    cost = estimateCost(scan.countryCounts, category, input.rates);
    const age = rateTableAgeDays(input.rates, input.now);
    const params = { total: cost.total, currency: cost.currency, asOf: cost.asOf, category };
    const text = `About ${cost.total.toFixed(2)} ${cost.currency} if every message is delivered (${category.toLowerCase()} rates as of ${cost.asOf}).`;
    out.push(age > RATE_TABLE_STALE_DAYS ? result('cost', 'warn', 'stale', { ...params, ageDays: age }, `${text} The rates are ${age} days old: check them.`) : result('cost', 'pass', 'estimate', params, text));
  } else out.push(result('cost', 'pass', 'free', {}, 'No WhatsApp charge on this channel.'));

  return { results: out, facts: { estimate, suggestion, cost } };
}

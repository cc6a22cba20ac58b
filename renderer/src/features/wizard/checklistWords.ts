/**
 * How the wizard words a checklist verdict, without React: ChecklistStep and SendStep show it, and `shopcast check`
 * (electron/cli/check.ts) prints the same English sentences, so a shop system reads what the wizard shows.
 */
import type { CheckResult } from '../../../../shared/domain/campaign/types';
import type { TKey, Translator } from '../../i18n';

/** A calendar day the rules give as "2026-07-01" (the rate card's date) in the UI language; anything else as it is. */
export function formatIsoDay(formatDate: Translator['formatDate'], day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  // The day itself, at local midnight: formatting it in the same zone gives back the same day.
  return m ? formatDate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}

/**
 * A checklist reason in the person's language; the rule's English detail where no translation exists yet. With
 * `locale`, the rate card's day and an amount of money are written for the UI language too.
 */
export function reasonText(
  t: Translator['t'],
  formatDateTime: Translator['formatDateTime'],
  r: CheckResult,
  locale?: Pick<Translator, 'language' | 'formatDate'>,
): string {
  const params: Record<string, string | number> = {};
  const money = typeof r.reason.params.currency === 'string';
  for (const [k, v] of Object.entries(r.reason.params)) {
    if (/At$/.test(k) && typeof v === 'number') params[k] = formatDateTime(v);
    else if (k === 'asOf' && typeof v === 'string' && locale) params[k] = formatIsoDay(locale.formatDate, v);
    // An amount of money keeps its cents ("0.30", not "0.3").
    else if (money && k === 'total' && typeof v === 'number') params[k] = v.toLocaleString(locale?.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    else params[k] = v;
  }
  const text = t(r.reason.key as TKey, params); // dynamic key: `t` returns the key itself when it is unknown
  return text === r.reason.key ? r.detail : text;
}

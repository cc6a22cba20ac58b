/** Rules about who receives the campaign (DOMAIN.md §2 opt-in, +1 marketing; §4 audience, per contact, list quality). */
import { MAX_RECIPIENTS } from '../../vocabulary';
import type { Scan } from '../scan';
import type { ChecklistInput, CheckResult } from '../types';
import { billedCategory } from '../costs';
import { findTemplate, WEEKLY_PROMOS } from '../scan';
import { plural, result } from './result';

/** §4: the same content goes out at most this many times a day overall. */
export const SAME_CONTENT_PER_DAY = 3;

/** §4 "List quality": invalid numbers over 5 % warn, over 10 % block. */
export const INVALID_WARN_SHARE = 0.05;
export const INVALID_BLOCK_SHARE = 0.1;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function recipientChecks(input: ChecklistInput, scan: Scan): CheckResult[] {
  const out: CheckResult[] = [];
  const total = scan.recipients.length;

  // Someone to send to (MAX_RECIPIENTS is main's per-campaign limit).
  out.push(
    total === 0
      ? result('recipients', 'block', 'none', {}, 'Nobody is left to send to.')
      : total > MAX_RECIPIENTS
        ? result('recipients', 'block', 'tooMany', { count: total, max: MAX_RECIPIENTS }, `${plural(total, 'recipient')}: one campaign goes to at most ${MAX_RECIPIENTS.toLocaleString('en')}.`)
        : result('recipients', 'pass', 'ok', { count: total }, `${plural(total, 'recipient')}.`),
  );

  // Invalid / unknown numbers: invalid, landline (no WhatsApp), or undeliverable before.
  const bad = [...scan.invalidIds, ...scan.landlineIds, ...scan.unreachableIds];
  const share = total === 0 ? 0 : bad.length / total;
  const level = share > INVALID_BLOCK_SHARE ? 'block' : share > INVALID_WARN_SHARE ? 'warn' : 'pass';
  const before = input.audienceExcluded;
  const leftOut = before ? before.notWhatsapp + before.undeliverable : 0;
  const leftOutText =
    before && leftOut > 0 ? ` The audience step already left out ${plural(leftOut, 'number')} (${before.notWhatsapp} invalid or landline, ${before.undeliverable} undeliverable before).` : '';
  out.push(
    result(
      'invalid_numbers',
      level,
      bad.length === 0 ? 'ok' : level === 'pass' ? 'few' : 'tooMany',
      { count: bad.length, share: Math.round(share * 1000) / 10, invalid: scan.invalidIds.length, landline: scan.landlineIds.length, unreachable: scan.unreachableIds.length, leftOut },
      (bad.length === 0
        ? 'Every number is a valid mobile number that has not failed before.'
        : `${plural(bad.length, 'number')} (${pct(share)}) are invalid (${scan.invalidIds.length}), landlines (${scan.landlineIds.length}) or failed as undeliverable before (${scan.unreachableIds.length}); over 5 % warns, over 10 % blocks.`) + leftOutText,
      bad.length > 0 ? { fix: { id: 'exclude', params: { reason: 'invalid_number', count: bad.length, contactIds: bad } } } : {},
    ),
  );

  // Duplicates: the same number twice would get the message twice.
  const d = scan.duplicateIds;
  out.push(
    d.length > 0
      ? result('duplicates', 'block', 'found', { count: d.length }, `${plural(d.length, 'number')} appear more than once: they would get the message twice.`, {
          fix: { id: 'exclude', params: { reason: 'duplicate', count: d.length, contactIds: d } },
        })
      : result('duplicates', 'pass', 'ok', {}, 'No number appears twice.'),
  );

  // Opt-in: never opted-out contacts; promotional content only to opted-in ones (§2, §4).
  if (scan.optedOutIds.length > 0) {
    const ids = scan.optedOutIds;
    out.push(result('opt_in', 'block', 'optedOut', { count: ids.length }, `${plural(ids.length, 'recipient')} opted out: they must never be messaged.`, { fix: { id: 'exclude', params: { reason: 'opted_out', count: ids.length, contactIds: ids } } }));
  } else if (scan.unknownOptInIds.length > 0) {
    const ids = scan.unknownOptInIds;
    const fix = { id: 'exclude' as const, params: { reason: 'no_opt_in' as const, count: ids.length, contactIds: ids } };
    out.push(
      input.draft.promotional
        ? result('opt_in', 'block', 'missingPromotional', { count: ids.length }, `${plural(ids.length, 'recipient')} have no recorded opt-in: promotional messages need one.`, { fix })
        : result('opt_in', 'warn', 'missing', { count: ids.length }, `${plural(ids.length, 'recipient')} have no recorded opt-in.`, { fix }),
    );
  } else if (scan.optInUnrecorded > 0) {
    const claimed = scan.optInClaimed;
    const text = `${plural(scan.optInUnrecorded, 'recipient')} opted in without a recorded date or source: record where and when they agreed.`;
    out.push(
      claimed > 0
        ? result('opt_in', 'warn', 'unrecordedAndClaimed', { count: scan.optInUnrecorded, claimed }, `${text} ${plural(claimed, 'recipient')}’s consent is only claimed by an imported file.`)
        : result('opt_in', 'warn', 'unrecorded', { count: scan.optInUnrecorded }, text),
    );
  } else if (scan.optInClaimed > 0) {
    // Honest consent: "예" in an imported column without a source is the file's claim, not a recorded consent.
    const n = scan.optInClaimed;
    out.push(result('opt_in', 'warn', 'claimed', { count: n }, `${plural(n, 'recipient')}’s consent is only claimed by an imported file: record where and when they agreed.`));
  } else out.push(result('opt_in', 'pass', 'ok', {}, 'Every recipient opted in, with a date and source.'));

  // Per-contact frequency: at most N promotional messages per 24 h (§4, hard: the pacer holds them back).
  const f = scan.frequencyIds;
  const cap = input.policy.promotionalPerContactPer24h;
  out.push(
    f.length > 0
      ? result('frequency', 'warn', 'capReached', { count: f.length, cap }, `${plural(f.length, 'recipient')} already had ${cap} promotional messages in the 24 h before the start: theirs will wait.`, {
          fix: { id: 'exclude', params: { reason: 'frequency_cap', count: f.length, contactIds: f } },
        })
      : result('frequency', 'pass', 'ok', { cap }, input.draft.promotional ? `No recipient is over ${cap} promotional messages in 24 h.` : 'Not promotional: the per-contact cap does not apply.'),
  );

  // Per-contact weekly frequency: 2–3 promotions a week is what customers welcome (§4, advice).
  const wk = scan.weeklyIds;
  out.push(
    wk.length > 0
      ? result('weekly_frequency', 'warn', 'tooMany', { count: wk.length, week: WEEKLY_PROMOS }, `${plural(wk.length, 'recipient')} already had ${WEEKLY_PROMOS} or more promotional messages in the last 7 days: more than 2–3 a week makes customers block or report the number.`, {
          fix: { id: 'exclude', params: { reason: 'weekly_cap', count: wk.length, contactIds: wk } },
        })
      : result('weekly_frequency', 'pass', 'ok', { week: WEEKLY_PROMOS }, input.draft.promotional ? `No recipient had ${WEEKLY_PROMOS} promotional messages in the last 7 days.` : 'Not promotional: the weekly advice does not apply.'),
  );

  // The same content at most once per contact, and not more than 3 times a day overall (§4).
  const same = scan.sameContentIds;
  const today = input.sameContent?.campaignsLast24h ?? 0;
  out.push(
    same.length > 0
      ? result('same_content', 'warn', 'sentBefore', { count: same.length }, `${plural(same.length, 'recipient')} already received this same message: sending it again reads as spam.`, {
          fix: { id: 'exclude', params: { reason: 'same_content', count: same.length, contactIds: same } },
        })
      : today >= SAME_CONTENT_PER_DAY
        ? result('same_content', 'warn', 'daily', { times: today, max: SAME_CONTENT_PER_DAY }, `This message already went out in ${plural(today, 'campaign')} in the last 24 hours; more than ${SAME_CONTENT_PER_DAY} a day looks like a spam run. Change the words or send tomorrow.`)
        : result('same_content', 'pass', 'ok', {}, 'Nobody in this audience received this message before.'),
  );

  // Marketing templates to +1 (US) numbers are not delivered by the Cloud API (§2).
  const category = billedCategory(findTemplate(input.templates, input.draft.message)?.category, input.draft.promotional);
  const p1 = scan.plusOneIds;
  if (input.draft.channel === 'cloud' && category === 'MARKETING' && p1.length > 0) {
    out.push(
      result('us_marketing', 'block', 'found', { count: p1.length }, `${plural(p1.length, 'recipient')} have +1 (US) numbers: WhatsApp does not deliver marketing templates to them.`, {
        fix: { id: 'exclude', params: { reason: 'us_marketing', count: p1.length, contactIds: p1 } },
      }),
    );
  } else out.push(result('us_marketing', 'pass', 'ok', {}, 'No marketing template goes to +1 numbers.'));

  // A recipient known only by their WhatsApp user id: the Cloud API sends to the id (`recipient`), but Assisted's wa.me
  // link and authentication templates need a phone number, so main skips them (`needs_phone`,
  // `authentication_needs_phone`). Said here, with a fix, so nobody is surprised by the skipped ones; nothing is said
  // when everyone can be reached (most lists: every contact has a phone).
  const noPhone = scan.noPhoneIds;
  const template = findTemplate(input.templates, input.draft.message);
  const why = input.draft.channel === 'assisted' ? 'assisted' : template?.category === 'AUTHENTICATION' && input.draft.channel === 'cloud' ? 'authentication' : undefined;
  if (why && noPhone.length > 0) {
    const fix = { fix: { id: 'exclude' as const, params: { reason: 'needs_phone' as const, count: noPhone.length, contactIds: noPhone } } };
    const who = plural(noPhone.length, 'customer');
    out.push(
      why === 'assisted'
        ? result('needs_phone', 'warn', 'assisted', { count: noPhone.length }, `${who} have no phone number: Assisted cannot open their chat, so they will be skipped.`, fix)
        : result('needs_phone', 'warn', 'authentication', { count: noPhone.length }, `${who} have no phone number: authentication templates need one, so they will be skipped.`, fix),
    );
  }
  return out;
}

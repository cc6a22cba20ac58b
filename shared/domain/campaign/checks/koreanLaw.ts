/**
 * Korean law for promotions to +82 numbers (DOMAIN.md §2b, 정보통신망법 §50): the message starts with "(광고)", names
 * the sender, says in Korean how to refuse for free, and is not sent 21:00–08:00 Korea time without the person's
 * separate night-time consent. Whether the law covers WhatsApp is not settled: Shopcast applies it to +82 numbers by
 * default (policy.koreanAdLaw, on in every preset) and says so in every row. Informational messages are exempt.
 *
 * Night-time consent: a contact's `nightConsent` (contact.ts), valid for 2 years. Only +82 recipients without it
 * are held at night; main holds their jobs at send time too (pacing.ts jobDelays, reason kr_night; the recipient's
 * `nightConsent` flag lets the others go).
 */
import { compactForOptOut } from '../../optOut';
import { DAY, HOUR, KR_NIGHT, koreanNightEnd } from '../../pacing';
import { msSinceLocalMidnight } from '../../recipientZone';
import type { MessageScan, Scan } from '../scan';
import type { ChecklistInput, CheckResult, Variant } from '../types';
import { plural, result } from './result';

/** The label the law asks for, at the very start of the message. */
export const AD_LABEL = '(광고)';

/** Korean words that say how to refuse (the Korean opt-out line OPT_OUT_LINES.ko says 수신 거부). */
const KOREAN_OPT_OUT = ['수신거부', '수신중단', '수신거절'];

/** How many recipients the law applies to: +82 numbers of a promotion (0 when it is informational). */
export function koreanLawCount(input: ChecklistInput, scan: Scan): number {
  return input.policy.koreanAdLaw && input.draft.promotional ? scan.koreanIds.length : 0;
}

/** Whether the text starts with "(광고)" (spaces before it allowed; full-width brackets count, NFKC). */
export function startsWithAdLabel(text: string): boolean {
  return text.normalize('NFKC').trimStart().startsWith(AD_LABEL);
}

/** Whether the text says in Korean how to refuse (수신 거부 / 수신거부 / 수신 중단, spaces and punctuation ignored). */
export function hasKoreanOptOut(text: string): boolean {
  const compact = compactForOptOut(text);
  return KOREAN_OPT_OUT.some((w) => compact.includes(w));
}

/** The text the customer sees first: a text's body; a template's header text, else its body ('' when unknown). */
function openingText(m: MessageScan): string {
  if (m.message.kind === 'text') return m.message.body;
  const t = m.template;
  return t ? (t.header?.text?.trim() ? t.header.text : t.body) : '';
}

/** Whether the message names the shop: `{shop}` (with a name or fallback to fill it) or the shop's name as written. */
function namesSender(input: ChecklistInput, m: MessageScan, text: string): boolean {
  const name = input.shop.name.trim();
  const fillable = name !== '' || (input.draft.fallbacks.shop?.trim() ?? '') !== '';
  const msg = m.message;
  const usesVariable = msg.kind === 'text' ? msg.body.includes('{shop}') : msg.params.some((p) => p.kind === 'field' && p.field === 'shop');
  if (usesVariable && fillable) return true;
  return name !== '' && text.normalize('NFKC').toLowerCase().includes(name.normalize('NFKC').toLowerCase());
}

/**
 * The content rules of the law, per A/B version; `text` is what the customer sees of this version. Returns the rows
 * and whether kr_opt_out_ko asks for the Korean opt-out line (then opt_out_line does not ask for it as well).
 */
export function koreanContentChecks(input: ChecklistInput, scan: Scan, m: MessageScan, text: string): { results: CheckResult[]; koreanOptOutMissing: boolean } {
  const variant: Variant | undefined = input.draft.messageB ? m.variant : undefined;
  const o = { variant };
  const v = m.variant;
  const count = koreanLawCount(input, scan);
  if (count === 0) {
    const promo = input.draft.promotional;
    const detail = promo ? 'No +82 numbers: Korean advertising law does not apply.' : 'Not a promotion: Korean advertising law does not apply.';
    return {
      results: [
        result('kr_ad_label', 'pass', promo ? 'noKorean' : 'notPromotional', {}, detail, o),
        result('kr_sender', 'pass', promo ? 'noKorean' : 'notPromotional', {}, detail, o),
        result('kr_opt_out_ko', 'pass', promo ? 'noKorean' : 'notPromotional', {}, detail, o),
      ],
      koreanOptOutMissing: false,
    };
  }
  const isText = m.message.kind === 'text';
  const out: CheckResult[] = [];

  // "(광고)" at the start.
  if (startsWithAdLabel(openingText(m))) out.push(result('kr_ad_label', 'pass', 'ok', {}, 'The message starts with “(광고)”.', o));
  else {
    out.push(
      isText
        ? result('kr_ad_label', 'block', 'missing', { count }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must start with “(광고)”.`, { variant, fix: { id: 'add_ad_label', params: { variant: v } } })
        : result('kr_ad_label', 'block', 'missingInTemplate', { count }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must start with “(광고)”; edit the template in WhatsApp Manager.`, o),
    );
  }

  // The sender's name.
  const shopName = input.shop.name.trim();
  if (namesSender(input, m, text)) out.push(result('kr_sender', 'pass', 'ok', {}, 'The message names the shop.', o));
  else if (!isText) out.push(result('kr_sender', 'block', 'missingInTemplate', { count, variable: 'shop' }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must name the sender; put the shop’s name in the template (WhatsApp Manager) or map a parameter to {shop}.`, o));
  else if (shopName === '') out.push(result('kr_sender', 'block', 'noShopName', { count, variable: 'shop' }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must name the sender; add the shop’s name in Settings, then {shop} can sign the message.`, o));
  else out.push(result('kr_sender', 'block', 'missing', { count, variable: 'shop', name: shopName }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must name the sender; add {shop} (${shopName}).`, { variant, fix: { id: 'add_sender', params: { variant: v } } }));

  // A free way to refuse, said in Korean.
  if (hasKoreanOptOut(text)) {
    out.push(result('kr_opt_out_ko', 'pass', 'ok', {}, 'The message says in Korean how to refuse.', o));
    return { results: out, koreanOptOutMissing: false };
  }
  out.push(
    isText
      ? result('kr_opt_out_ko', 'block', 'missing', { count }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must say in Korean how to refuse for free (add “STOP 회신 시 수신 거부”).`, {
          variant,
          fix: { id: 'add_opt_out', params: { variant: v, language: 'ko' } },
        })
      : result('kr_opt_out_ko', 'block', 'missingInTemplate', { count }, `Korean law for +82 numbers (${plural(count, 'recipient')}): a promotion must say in Korean how to refuse for free; add “STOP 회신 시 수신 거부” to the template’s footer in WhatsApp Manager.`, o),
  );
  return { results: out, koreanOptOutMissing: true };
}

/** The next 21:00 in Seoul at or after `at`. */
function nextNightStart(at: number): number {
  const local = msSinceLocalMidnight(KR_NIGHT.zone, at);
  return at + ((KR_NIGHT.startHour * HOUR - local + DAY) % DAY);
}

/**
 * kr_night: the campaign would send to +82 recipients 21:00–08:00 Korea time: it starts at night (now or at the
 * scheduled time), or its first day of sending (`firstDayEnd`, from the finish estimate) runs past 21:00. Later days
 * start at the same time of day; whatever still reaches the night is held by main until 08:00 (pacing.ts).
 */
export function koreanNightCheck(input: ChecklistInput, scan: Scan, firstDayEnd: number): CheckResult {
  const count = koreanLawCount(input, scan);
  if (count === 0) {
    return input.draft.promotional
      ? result('kr_night', 'pass', 'noKorean', {}, 'No +82 numbers: Korean advertising law does not apply.')
      : result('kr_night', 'pass', 'notPromotional', {}, 'Not a promotion: Korean advertising law does not apply.');
  }
  const start = scan.start;
  const atNight = koreanNightEnd(start);
  const night = nextNightStart(start);
  const crosses = atNight === undefined && firstDayEnd > night;
  if (atNight === undefined && !crosses) return result('kr_night', 'pass', 'ok', {}, 'No promotion reaches a +82 number between 21:00 and 08:00 Korea time.');
  // Only the +82 recipients without a (valid) night-time consent are held; the others may get it at night.
  const without = scan.koreanNoNightIds;
  const consented = count - without.length;
  if (without.length === 0) {
    return result('kr_night', 'pass', 'allConsented', { count: consented }, `Korean law (+82 numbers): it sends 21:00–08:00 Korea time, and all ${plural(consented, 'recipient')} gave night-time consent.`);
  }
  const morning = atNight ?? koreanNightEnd(night)!; // `night` is 21:00 in Seoul: inside the night
  const fix = { id: 'schedule' as const, params: { at: morning } };
  const exclude = { id: 'exclude' as const, params: { reason: 'kr_night' as const, count: without.length, contactIds: without } };
  const n = without.length;
  const law = `Korean law (+82 numbers): advertising 21:00–08:00 Korea time needs each person’s separate night-time consent; Shopcast does not have it for ${plural(n, 'person', 'people')}${consented > 0 ? ` (${consented.toLocaleString('en')} have it)` : ''}.`;
  // "…Some": some recipients do have night-time consent, and the sentence says how many.
  const some = consented > 0;
  const params: Record<string, number> = some ? { count: n, consented } : { count: n };
  const fixes = { fix, moreFixes: [exclude] };
  return atNight !== undefined
    ? result('kr_night', 'block', some ? 'atNightSome' : 'atNight', params, `${law} It would start at night: start at 08:00 or leave them out.`, fixes)
    : result('kr_night', 'block', some ? 'crossesNightSome' : 'crossesNight', params, `${law} It would still be sending at 21:00: start at 08:00 or leave them out.`, fixes);
}

/**
 * The answer box's words for what the domain gives as data (issue 14 point 3): a media link's problem, an answer's
 * cost before sending and what WhatsApp billed after, and a sent answer's content in the thread. Without React, so
 * answerWords.test.ts checks them in the three languages.
 */
import type { AnswerCost } from '../../../../shared/domain/inbox/answerCost';
import type { MediaLinkProblem } from '../../../../shared/domain/inbox/answerMedia';
import { reportedCost, type RateTable } from '../../../../shared/domain/campaign/costs';
import type { MediaType, MessageContent } from '../../../../shared/domain/message';
import { countryOf } from '../../../../shared/domain/recipientZone';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import type { TKey, Translator } from '../../i18n';
import { formatIsoDay } from '../wizard/checklistWords';

type T = Translator['t'];

/** A price in the table's currency, in the UI language: "₩3", "US$0.005" (small rates keep their digits). */
export function money(language: string, currency: string, amount: number): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, maximumFractionDigits: 4 }).format(amount);
  } catch {
    return `${amount} ${currency}`; // a currency code Intl does not know: the figure and the code as they are
  }
}

export function mediaProblemWords(t: T, problem: MediaLinkProblem): string {
  return t(`inbox.answer.media.problem.${problem}`);
}

export function mediaKindWord(t: T, type: MediaType): string {
  return t(`inbox.answer.media.type.${type}`);
}

/** How WhatsApp bills the answer, in words ("service message", "utility template inside the 24-hour window"). */
function categoryWords(t: T, cost: Pick<AnswerCost, 'category' | 'inWindow'>): string {
  if (cost.category === 'UTILITY' && cost.inWindow) return t('inbox.answer.cost.category.UTILITY_IN_WINDOW');
  return t(`inbox.answer.cost.category.${cost.category}` as TKey); // every BilledCategory has its key (answerWords.test.ts)
}

/**
 * "This answer costs about ₩3 (service message). Rates of 1 Oct 2026 (Settings → Prices)." or "This answer is free
 * (service message). …"; on the Sandbox the figure is what the Cloud API would bill, and the line says nothing is.
 */
export function answerCostWords(locale: Pick<Translator, 't' | 'language' | 'formatDate'>, cost: AnswerCost, sandbox: boolean): string {
  const { t } = locale;
  const category = categoryWords(t, cost);
  const main = cost.price > 0 ? t('inbox.answer.cost.about', { price: money(locale.language, cost.currency, cost.price), category }) : t('inbox.answer.cost.free', { category });
  const asOf = t('inbox.answer.cost.asOf', { date: formatIsoDay(locale.formatDate, cost.asOf) });
  return [main, asOf, ...(sandbox ? [t('inbox.answer.cost.sandbox')] : [])].join(' ');
}

/**
 * What WhatsApp said it billed for a sent answer (its status's `pricing`), priced with the shop's table: "billed ₩3",
 * "not billed", or "billed (category not known)"; undefined before a status carried pricing.
 */
export function billedWords(locale: Pick<Translator, 't' | 'language'>, a: Pick<AnswerView, 'billed' | 'to'>, table: RateTable): string | undefined {
  if (!a.billed) return undefined;
  let country: string | undefined;
  try {
    country = countryOf(a.to);
  } catch {
    country = undefined;
  }
  const cost = reportedCost(table, country, a.billed);
  if (!cost) return locale.t('inbox.answer.billedUnknown');
  if (cost.cost === 0) return locale.t('inbox.answer.notBilled');
  return locale.t('inbox.answer.billed', { price: money(locale.language, table.currency, cost.cost) });
}

/** A sent answer in the thread and the "not sent" box: its text, a template's name, or "Picture: caption (link)". */
export function answerContentWords(t: T, content: MessageContent): string {
  if (content.kind === 'text') return content.body;
  if (content.kind === 'template') return content.name;
  const kind = mediaKindWord(t, content.mediaType);
  const what = content.caption !== undefined && content.caption.trim() !== '' ? content.caption : (content.filename ?? content.link ?? content.id ?? '');
  return t('inbox.answer.media.words', { kind, what });
}

/** Whether a failed answer's code says its file could not be taken (131053: type or size): the way forward differs. */
export function isMediaTrouble(a: Pick<AnswerView, 'content' | 'code'>): boolean {
  return a.content.kind === 'media' && (a.code === 131053 || a.code === 131052);
}

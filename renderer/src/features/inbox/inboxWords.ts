/**
 * The inbox's words for things the domain names by code: priorities, reasons, durations, message kinds. One place,
 * so the list, the conversation and the tests agree.
 */
import { hoursAndMinutes } from '../../../../shared/domain/inbox/due';
import { BUILT_IN_REASONS, type Priority } from '../../../../shared/domain/inbox/triage';
import { answerRefusalOf, type AnswerState, type AnswerView } from '../../../../shared/ipc/inbox';
import type { AppError } from '../../../../shared/lib/result';
import type { TKey, TParams } from '../../i18n';
import { errorCodeKey } from '../campaigns/engineWords';
import { shopRuleLabel } from './triageRules';

type T = (key: TKey, params?: TParams) => string;

export function priorityWord(t: T, p: Priority): string {
  return t(`inbox.priority.${p}`);
}

/** A reason code in words; a shop rule's own code is shown as its label (given, else from the shop's saved rules), else the code. */
export function reasonWord(t: T, reason: string, label?: string): string {
  if ((BUILT_IN_REASONS as readonly string[]).includes(reason)) return t(`inbox.reason.${reason}` as TKey); // a built-in code: its key exists
  return label ?? shopRuleLabel(reason) ?? reason;
}

/** "High: mentions a payment problem". */
export function priorityWithReason(t: T, p: Priority, reason: string): string {
  return t('inbox.priorityReason', { priority: priorityWord(t, p), reason: reasonWord(t, reason) });
}

/** "13 h 20 min", "45 min", "2 h"; under a minute is "1 min" (never "0 min" for time that is not up yet). */
export function durationWords(t: T, ms: number): string {
  const { hours, minutes } = hoursAndMinutes(Math.max(ms, 60_000));
  if (hours === 0) return t('inbox.duration.m', { minutes: String(minutes) });
  if (minutes === 0) return t('inbox.duration.h', { hours: String(hours) });
  return t('inbox.duration.hm', { hours: String(hours), minutes: String(minutes) });
}

/** "Due in 12 min" or "Overdue by 5 min". */
export function dueWords(t: T, due: number, now: number): { text: string; overdue: boolean } {
  const overdue = now >= due;
  return { text: t(overdue ? 'inbox.due.overdue' : 'inbox.due.in', { time: durationWords(t, Math.abs(due - now)) }), overdue };
}

const KINDS = ['image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'reaction', 'button', 'interactive'] as const;

/** What to show for a message: its text, else its kind in words; an unknown kind is "a message Shopcast cannot display". */
export function messageText(t: T, m: { type: string; text?: string }): string {
  if (m.text !== undefined && m.text.trim() !== '') return m.text;
  if ((KINDS as readonly string[]).includes(m.type)) return t(`inbox.kind.${m.type}` as TKey); // one of KINDS: its key exists
  return t('inbox.kind.unknown');
}

/** An answer's ticks in words ("✓✓ Delivered"). */
export function answerStateWord(t: T, state: AnswerState): string {
  return t(`inbox.answer.state.${state}`);
}

const ANSWER_REASONS = ['interrupted_before_send', 'interrupted', 'journal_damaged', 'channel_failed', 'opted_out', 'stopped_marketing', 'unreachable'] as const;

/**
 * Why an answer failed, was not sent or is unclear, in words: WhatsApp's error code first (the campaigns' words for
 * it, engineWords.ts), else main's reason code; an unclear answer without one lost WhatsApp's reply on the way.
 */
export function answerReasonWords(t: T, a: Pick<AnswerView, 'state' | 'code' | 'reason'>): string {
  if (a.code !== undefined) {
    const key = errorCodeKey(a.code);
    return key !== undefined ? t(key) : t('engine.code.unknown', { code: String(a.code) });
  }
  if (a.reason !== undefined && (ANSWER_REASONS as readonly string[]).includes(a.reason)) return t(`inbox.answer.reason.${a.reason}` as TKey); // one of ANSWER_REASONS: its key exists
  return t(a.state === 'unclear' ? 'inbox.answer.reason.lost' : 'inbox.answer.reason.unknown');
}

/** Why main refused an answer (`inbox:answer` failing with `details.refusal`), else main's own words. */
export function answerRefusalWords(t: T, error: AppError): string {
  const refusal = answerRefusalOf(error.details);
  return refusal !== undefined ? t(`inbox.answer.refused.${refusal}`) : t('inbox.answer.error', { reason: error.message });
}

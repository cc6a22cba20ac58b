/**
 * Whether an automated answer may go to a customer's message, and which (issue 15 point 3, "safe by
 * construction"). `decide()` is the one place the rules live; main asks it for every inbound message and sends
 * only what it allows. In the order they are checked:
 *
 * 1. a reaction or a system message is not something to answer (`not_a_message`);
 * 2. an opt-out word is handled first: it gets only its one confirmation, from the opt-out path (`opt_out_word`);
 * 3. never to a customer on the suppression list (`opted_out`);
 * 4. never while Meta's own agent has the chat, a `standby` webhook (`standby`);
 * 4a. never while the engine's breakers hold automation (`automationPause`): the WhatsApp account is restricted or
 *    locked (`paused_account_restricted`), or too many automated answers failed (`paused_error_rate`);
 * 5. only inside the 24-hour window the message opened (`window_closed`): outside it only a template could go,
 *    and automation never sends templates (a decision to send is always plain text, `AutoAnswer.text`);
 * 6. never an answer to an automated-looking loop: the same text from the customer twice within a minute, or the
 *    customer sending back our own automated answer within a minute (`loop`);
 * 7. never twice to one message (`already_answered`);
 * 8. at most 3 automated answers per customer per 24 h (`customer_cap`);
 * then the candidates, in order: the matching keyword rule, the away message (outside business hours), the
 * greeting (first message, or the first after `afterDays` of silence). A candidate that already answered this
 * customer in the last 24 h is skipped (`rule_cap`: one per rule per customer per 24 h) and the next is tried;
 * when all are skipped, the first one's reason is given. Nothing to say at all is `no_rule`.
 *
 * Pure: no DOM, no Node; `now` is a parameter.
 */
import { classifyReply, compactForOptOut } from '../optOut';
import type { Language } from '../settings';
import { guessLanguage } from '../textLanguage';
import { fillOpens, isOpen } from './hours';
import { matchKeywordRule } from './match';
import type { AutomationRules } from './rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const SERVICE_WINDOW_MS = DAY;
export const PER_RULE_WINDOW_MS = DAY;
export const PER_CUSTOMER_WINDOW_MS = DAY;
export const PER_CUSTOMER_MAX = 3;
export const LOOP_WINDOW_MS = MINUTE;

/** Why no automated answer goes. Stable codes: they are journaled, counted and worded by the UI. */
export const AUTOMATION_REFUSALS = [
  'not_a_message',
  'opt_out_word',
  'opted_out',
  'standby',
  'paused_account_restricted',
  'paused_error_rate',
  'window_closed',
  'loop',
  'already_answered',
  'customer_cap',
  'rule_cap',
  'quick_reply_missing',
  'no_rule',
] as const;
export type AutomationRefusal = (typeof AUTOMATION_REFUSALS)[number];

/** Which rule an automated answer came from: `keyword:<rule name>`, `greeting` or `away`. */
export type AnswerSource = { kind: 'keyword'; rule: string } | { kind: 'greeting' } | { kind: 'away' };

export function sourceKey(s: AnswerSource): string {
  return s.kind === 'keyword' ? `keyword:${s.rule}` : s.kind;
}

/** The customer's message being answered. */
export interface InboundFacts {
  id: string;
  /** When the customer sent it (the window opens here). */
  at: number;
  /** WhatsApp's type: text, button, interactive, image, reaction, system, … */
  type: string;
  /** Its text or caption (what opt-out words and keywords read). */
  text?: string;
}

/** One automated answer already sent (or journaled) to this customer. */
export interface SentAutomated {
  at: number;
  source: AnswerSource;
  /** The customer message it answered. */
  inReplyTo: string;
  text: string;
}

export interface CustomerFacts {
  /** On the suppression list (opted out, stopped marketing, unreachable). */
  suppressed: boolean;
  /** Meta's agent has the chat (the latest standby webhook says so). */
  standby: boolean;
  labels: readonly string[];
  /** The customer's messages before this one (any order; only the last minute and the latest matter). */
  earlierInbound: ReadonlyArray<{ id: string; at: number; text?: string }>;
  /** Automated answers sent to this customer (only the last 24 h matter). */
  automated: readonly SentAutomated[];
}

export interface AutoAnswer {
  /** Always plain text: automation never sends a template. */
  type: 'text';
  source: AnswerSource;
  /** The answer with `{opens}` filled (away); `{name}` and the other variables are filled by the sender. */
  text: string;
  /** The customer's language as their message shows it, for the variables' fallbacks. */
  language: Language;
  /** The keyword that matched, for a keyword rule. */
  keyword?: string;
}

export type Decision = { send: true; answer: AutoAnswer } | { send: false; refusal: AutomationRefusal };

export interface DecideInput {
  rules: AutomationRules;
  message: InboundFacts;
  customer: CustomerFacts;
  now: number;
  /** The shop's quick replies, id → text, for rules answering with one. */
  quickReplies?: ReadonlyMap<string, string>;
  /** The language when the message does not show one (a sticker, digits): the shop's. */
  fallbackLanguage: Language;
  /** The breakers hold automation (`automationPause`): nothing automated goes. */
  paused?: AutomationPause;
}

/** Why the engine's breakers hold automation: the account is restricted, or automated answers fail too often. */
export type AutomationPause = 'account_restricted' | 'error_rate';

/** The error-rate breaker: of the last ERROR_RATE_SAMPLE settled automated answers… */
export const ERROR_RATE_SAMPLE = 20;
/** …once at least this many have settled… */
export const ERROR_RATE_MIN_SETTLED = 10;
/** …and at least this share of them failed, automation pauses… */
export const ERROR_RATE_SHARE = 0.5;
/** …until this long after the latest failure (or until a person resumes sending). */
export const ERROR_RATE_PAUSE_MS = HOUR;

export interface PauseInput {
  now: number;
  /** When an account-level error (DOMAIN.md §3 `stop_all`: restricted, locked, blocked, token) last stopped sending. */
  accountStopAt?: number;
  /** When a person last resumed sending: it lifts an account stop before it and starts the failure count afresh. */
  resumedAt?: number;
  /** The automated answers that settled on this channel: when, and whether WhatsApp refused them. */
  outcomes: ReadonlyArray<{ at: number; failed: boolean }>;
}

/**
 * Whether the engine's breakers hold automation (issue 15 point 3: "paused with the reason if the account is
 * restricted or the error rate rises"). An account stop holds it until a person resumes sending (a restricted or
 * locked account needs a person, as campaigns do). The error rate: of the last 20 automated answers settled after
 * the latest resume, at least 10 settled and at least half failed → paused for an hour after the latest failure;
 * then one answer may try again, and a failure pauses for another hour while the share stays at half or more.
 */
export function automationPause(p: PauseInput): AutomationPause | undefined {
  const resumed = p.resumedAt ?? -Infinity;
  if (p.accountStopAt !== undefined && p.accountStopAt <= p.now && p.accountStopAt > resumed) return 'account_restricted';
  const recent = p.outcomes.filter((o) => o.at > resumed && o.at <= p.now).sort((a, b) => a.at - b.at).slice(-ERROR_RATE_SAMPLE);
  if (recent.length < ERROR_RATE_MIN_SETTLED) return undefined;
  const failed = recent.filter((o) => o.failed);
  if (failed.length / recent.length < ERROR_RATE_SHARE) return undefined;
  const lastFailure = Math.max(...failed.map((o) => o.at));
  return p.now < lastFailure + ERROR_RATE_PAUSE_MS ? 'error_rate' : undefined;
}

const NOT_MESSAGES = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);

function no(refusal: AutomationRefusal): Decision {
  return { send: false, refusal };
}

function isLoop(message: InboundFacts, customer: CustomerFacts): boolean {
  const text = message.text === undefined ? '' : compactForOptOut(message.text);
  if (text === '') return false;
  const recent = (at: number) => Math.abs(message.at - at) <= LOOP_WINDOW_MS;
  if (customer.earlierInbound.some((m) => m.id !== message.id && recent(m.at) && m.text !== undefined && compactForOptOut(m.text) === text)) return true;
  return customer.automated.some((a) => recent(a.at) && compactForOptOut(a.text) === text);
}

export function decide(input: DecideInput): Decision {
  const { rules, message, customer, now } = input;
  if (NOT_MESSAGES.has(message.type)) return no('not_a_message');
  if (message.text !== undefined && classifyReply(message.text).kind === 'opt_out') return no('opt_out_word');
  if (customer.suppressed) return no('opted_out');
  if (customer.standby) return no('standby');
  if (input.paused === 'account_restricted') return no('paused_account_restricted');
  if (input.paused === 'error_rate') return no('paused_error_rate');
  if (now < message.at - MINUTE || now >= message.at + SERVICE_WINDOW_MS) return no('window_closed');
  if (isLoop(message, customer)) return no('loop');
  if (customer.automated.some((a) => a.inReplyTo === message.id)) return no('already_answered');
  const lastDay = customer.automated.filter((a) => now - a.at < PER_CUSTOMER_WINDOW_MS);
  if (lastDay.length >= PER_CUSTOMER_MAX) return no('customer_cap');

  const earlier = customer.earlierInbound.filter((m) => m.id !== message.id && m.at <= message.at);
  const previousAt = earlier.length === 0 ? undefined : Math.max(...earlier.map((m) => m.at));
  const language = (message.text !== undefined ? guessLanguage(message.text) : undefined) ?? input.fallbackLanguage;

  const candidates: Array<{ source: AnswerSource; text: string | undefined; keyword?: string }> = [];
  const hit = matchKeywordRule(rules.keywordReplies, message.text, { labels: customer.labels, firstMessage: previousAt === undefined });
  if (hit) {
    const reply = hit.rule.reply;
    candidates.push({ source: { kind: 'keyword', rule: hit.rule.name }, text: typeof reply === 'string' ? reply : input.quickReplies?.get(reply.quickReplyId), keyword: hit.keyword });
  }
  const hours = rules.businessHours;
  if (rules.away?.enabled && hours && !isOpen(hours, now)) candidates.push({ source: { kind: 'away' }, text: fillOpens(rules.away.text, hours, now, language) });
  const g = rules.greeting;
  if (g?.enabled && (previousAt === undefined || message.at - previousAt >= g.afterDays * DAY)) candidates.push({ source: { kind: 'greeting' }, text: g.text });
  if (candidates.length === 0) return no('no_rule');

  let first: AutomationRefusal | undefined;
  for (const c of candidates) {
    const key = sourceKey(c.source);
    const refusal: AutomationRefusal | undefined = lastDay.some((a) => sourceKey(a.source) === key) ? 'rule_cap' : c.text === undefined || c.text.trim() === '' ? 'quick_reply_missing' : undefined;
    if (refusal === undefined && c.text !== undefined) return { send: true, answer: { type: 'text', source: c.source, text: c.text, language, ...(c.keyword !== undefined ? { keyword: c.keyword } : {}) } };
    first ??= refusal;
  }
  return no(first ?? 'no_rule');
}

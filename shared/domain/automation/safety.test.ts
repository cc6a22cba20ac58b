import { describe, expect, it } from 'vitest';
import type { AutomationRules, BusinessHours } from './rules';
import { AUTOMATION_REFUSALS, automationPause, decide, type AutomationPause, type CustomerFacts, type Decision, type InboundFacts, type PauseInput, type SentAutomated } from './safety';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Monday 7 December 2026, 12:00 in Seoul (open). */
const OPEN = Date.parse('2026-12-07T03:00:00Z');
/** Monday 7 December 2026, 21:00 in Seoul (closed; opens tomorrow 10:00). */
const CLOSED = Date.parse('2026-12-07T12:00:00Z');

const HOURS: BusinessHours = { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']] }, holidays: [], closedToday: null };

const RULES: AutomationRules = {
  keywordReplies: [
    { name: '배송', keywords: ['배송', 'delivery', '物流'], match: 'contains', reply: '{name}님, 배송 조회는 여기서 해요: https://t.example/1', enabled: true, order: 0 },
    { name: 'hours', keywords: ['영업시간', 'hours'], match: 'contains', reply: { quickReplyId: 'qr-hours' }, enabled: true, order: 1 },
    { name: 'gone', keywords: ['재고'], match: 'contains', reply: { quickReplyId: 'qr-deleted' }, enabled: true, order: 2 },
  ],
  greeting: { enabled: true, text: '안녕하세요, 소담 꽃집이에요!', afterDays: 14 },
  away: { enabled: true, text: '지금은 쉬는 시간이에요. {opens}부터 답해 드릴게요.' },
  businessHours: HOURS,
};

const QUICK = new Map([['qr-hours', 'Hours: Mon–Tue 10:00–19:00']]);

const msg = (text: string | undefined, at: number, more: Partial<InboundFacts> = {}): InboundFacts => ({ id: 'm-now', at, type: 'text', ...(text !== undefined ? { text } : {}), ...more });

/** A customer who wrote yesterday (no greeting) and has had no automated answer. */
const regular = (more: Partial<CustomerFacts> = {}): CustomerFacts => ({ suppressed: false, standby: false, labels: [], earlierInbound: [{ id: 'm-old', at: OPEN - DAY, text: 'hi' }], automated: [], ...more });

const sent = (source: SentAutomated['source'], at: number, inReplyTo = 'm-old', text = 'an earlier answer'): SentAutomated => ({ source, at, inReplyTo, text });

type Row = readonly [why: string, message: InboundFacts, customer: CustomerFacts, now: number, expected: string, paused?: AutomationPause];

/** Each rule of issue 15 point 3, and which answer goes: `send:<source>` or the refusal code. */
const TABLE: readonly Row[] = [
  // what goes
  ['a keyword answers inside the window', msg('배송 언제 와요?', OPEN), regular(), OPEN, 'send:keyword:배송'],
  ['a quick reply answer', msg('영업시간 알려주세요', OPEN), regular(), OPEN, 'send:keyword:hours'],
  ['a keyword rule beats the away message outside hours', msg('delivery?', CLOSED), regular(), CLOSED, 'send:keyword:배송'],
  ['no keyword outside hours: the away message', msg('문의드려요', CLOSED), regular(), CLOSED, 'send:away'],
  ['a first message inside hours: the greeting', msg('문의드려요', OPEN), regular({ earlierInbound: [] }), OPEN, 'send:greeting'],
  ['silent for 14 days: greeted again', msg('문의드려요', OPEN), regular({ earlierInbound: [{ id: 'm-old', at: OPEN - 14 * DAY }] }), OPEN, 'send:greeting'],
  ['silent for 13 days: no greeting', msg('문의드려요', OPEN), regular({ earlierInbound: [{ id: 'm-old', at: OPEN - 13 * DAY }] }), OPEN, 'no_rule'],
  ['a sticker from a new customer: the greeting (no text needed)', msg(undefined, OPEN, { type: 'sticker' }), regular({ earlierInbound: [] }), OPEN, 'send:greeting'],
  ['an answer decided 23 h 59 min after the message is still inside the window', msg('배송?', OPEN), regular(), OPEN + DAY - MIN, 'send:keyword:배송'],
  // never outside the window, never a template
  ['24 h after the message the window is closed (only a template could go)', msg('배송?', OPEN), regular(), OPEN + DAY, 'window_closed'],
  // opt-outs first
  ['an opt-out word gets only its one confirmation', msg('STOP', OPEN), regular({ earlierInbound: [] }), OPEN, 'opt_out_word'],
  ['수신 거부 (spaced) is an opt-out word too', msg('수신 거부', CLOSED), regular(), CLOSED, 'opt_out_word'],
  ['full-width ＳＴＯＰ is an opt-out word too', msg('ＳＴＯＰ', OPEN), regular(), OPEN, 'opt_out_word'],
  ['an opted-out customer gets nothing, even a keyword answer', msg('배송?', OPEN), regular({ suppressed: true }), OPEN, 'opted_out'],
  ['an opt-out mention inside a longer message is not an opt-out: the keyword answers', msg('배송 취소하고 싶어요', OPEN), regular(), OPEN, 'send:keyword:배송'],
  // Meta's agent
  ['never while Meta’s agent has the chat (standby)', msg('배송?', OPEN), regular({ standby: true }), OPEN, 'standby'],
  // the engine's breakers
  ['never while the account is restricted or locked', msg('배송?', OPEN), regular(), OPEN, 'paused_account_restricted', 'account_restricted'],
  ['never while automated answers fail too often', msg('문의드려요', CLOSED), regular(), CLOSED, 'paused_error_rate', 'error_rate'],
  ['an opt-out word still goes to the opt-out path while paused', msg('STOP', OPEN), regular(), OPEN, 'opt_out_word', 'account_restricted'],
  // per rule and per customer
  ['the same rule answered this customer 23 h ago: not again', msg('배송?', OPEN), regular({ automated: [sent({ kind: 'keyword', rule: '배송' }, OPEN - 23 * HOUR)] }), OPEN, 'rule_cap'],
  ['the same rule answered 24 h ago: again', msg('배송?', OPEN), regular({ automated: [sent({ kind: 'keyword', rule: '배송' }, OPEN - DAY)] }), OPEN, 'send:keyword:배송'],
  ['the keyword rule is used up: the away message may still go', msg('배송?', CLOSED), regular({ automated: [sent({ kind: 'keyword', rule: '배송' }, CLOSED - HOUR)] }), CLOSED, 'send:away'],
  ['away used up an hour ago: nothing, and the reason is the first candidate’s', msg('문의드려요', CLOSED), regular({ automated: [sent({ kind: 'away' }, CLOSED - HOUR)] }), CLOSED, 'rule_cap'],
  ['another rule answered earlier today: this one may go', msg('배송?', OPEN), regular({ automated: [sent({ kind: 'keyword', rule: 'hours' }, OPEN - HOUR)] }), OPEN, 'send:keyword:배송'],
  [
    'three automated answers in the last 24 h: no fourth',
    msg('배송?', OPEN),
    regular({ automated: [sent({ kind: 'greeting' }, OPEN - 20 * HOUR), sent({ kind: 'keyword', rule: 'hours' }, OPEN - 10 * HOUR), sent({ kind: 'away' }, OPEN - 2 * HOUR)] }),
    OPEN,
    'customer_cap',
  ],
  [
    'three, but the oldest was 24 h ago: a third may go',
    msg('배송?', OPEN),
    regular({ automated: [sent({ kind: 'greeting' }, OPEN - DAY), sent({ kind: 'keyword', rule: 'hours' }, OPEN - 10 * HOUR), sent({ kind: 'away' }, OPEN - 2 * HOUR)] }),
    OPEN,
    'send:keyword:배송',
  ],
  ['this very message was answered already (a webhook delivered twice)', msg('배송?', OPEN), regular({ automated: [sent({ kind: 'greeting' }, OPEN, 'm-now')] }), OPEN, 'already_answered'],
  // loops
  ['the same text twice within a minute: an automated-looking loop', msg('배송?', OPEN), regular({ earlierInbound: [{ id: 'm-1', at: OPEN - 30_000, text: '배송 ?' }] }), OPEN, 'loop'],
  ['the same text a minute and a second apart: not a loop', msg('배송?', OPEN), regular({ earlierInbound: [{ id: 'm-1', at: OPEN - MIN - 1000, text: '배송?' }] }), OPEN, 'send:keyword:배송'],
  ['the customer sends back our automated answer within a minute (another bot): a loop', msg('안녕하세요, 소담 꽃집이에요!', OPEN), regular({ automated: [sent({ kind: 'greeting' }, OPEN - 20_000, 'm-old', '안녕하세요, 소담 꽃집이에요!')] }), OPEN, 'loop'],
  // nothing to answer
  ['a reaction is not a message to answer', msg('👍', OPEN, { type: 'reaction' }), regular({ earlierInbound: [] }), OPEN, 'not_a_message'],
  ['a quick reply that no longer exists', msg('재고 있어요?', OPEN), regular(), OPEN, 'quick_reply_missing'],
  ['no rule matches inside hours for a regular', msg('감사합니다', OPEN), regular(), OPEN, 'no_rule'],
];

function summary(d: Decision): string {
  if (!d.send) return d.refusal;
  const s = d.answer.source;
  return `send:${s.kind === 'keyword' ? `keyword:${s.rule}` : s.kind}`;
}

describe('decide: which automated answer may go, or why none', () => {
  it.each(TABLE.map((row) => [row[0], row] as const))('%s', (_why, [, message, customer, now, expected, paused]) => {
    expect(summary(decide({ rules: RULES, message, customer, now, quickReplies: QUICK, fallbackLanguage: 'ko', ...(paused ? { paused } : {}) }))).toBe(expected);
  });

  it('every refusal code of the table is a stable code, and the table uses each one', () => {
    const used = new Set(TABLE.map((r) => r[4]).filter((e) => !e.startsWith('send:')));
    expect([...used].sort()).toEqual([...AUTOMATION_REFUSALS].sort());
  });

  it('a decision to send is always plain text, never a template', () => {
    for (const [, message, customer, now] of TABLE) {
      const d = decide({ rules: RULES, message, customer, now, quickReplies: QUICK, fallbackLanguage: 'ko' });
      if (d.send) expect(d.answer.type).toBe('text');
    }
  });

  it('gives the text to send: the quick reply’s, and the away message with when the shop opens in the customer’s language', () => {
    const ask = (text: string, now: number) => decide({ rules: RULES, message: msg(text, now), customer: regular(), now, quickReplies: QUICK, fallbackLanguage: 'ko' });
    expect(ask('hours?', OPEN)).toEqual({ send: true, answer: { type: 'text', source: { kind: 'keyword', rule: 'hours' }, text: 'Hours: Mon–Tue 10:00–19:00', language: 'en', keyword: 'hours' } });
    expect(ask('문의드려요', CLOSED)).toEqual({ send: true, answer: { type: 'text', source: { kind: 'away' }, text: '지금은 쉬는 시간이에요. 내일 10:00부터 답해 드릴게요.', language: 'ko' } });
  });

  it('switched-off greeting and away messages never go', () => {
    const rules: AutomationRules = { ...RULES, greeting: { ...RULES.greeting!, enabled: false }, away: { ...RULES.away!, enabled: false } };
    expect(summary(decide({ rules, message: msg('문의', CLOSED), customer: regular({ earlierInbound: [] }), now: CLOSED, fallbackLanguage: 'ko' }))).toBe('no_rule');
  });
});

/** `n` settled automated answers a minute apart ending at `end`, the ones whose index is in `failed` refused. */
function outcomes(n: number, end: number, failed: (i: number) => boolean): PauseInput['outcomes'] {
  return Array.from({ length: n }, (_, i) => ({ at: end - (n - 1 - i) * MIN, failed: failed(i) }));
}

type PauseRow = readonly [why: string, input: PauseInput, expected: AutomationPause | undefined];

/** The breakers on an injected clock: account stops until a resume; ≥ 50 % of the last 20 (≥ 10 settled) for 1 h. */
const PAUSES: readonly PauseRow[] = [
  ['nothing happened', { now: OPEN, outcomes: [] }, undefined],
  ['an account stop holds automation', { now: OPEN, accountStopAt: OPEN - 5 * HOUR, outcomes: [] }, 'account_restricted'],
  ['an account stop holds it a day later too (a person must resume)', { now: OPEN + DAY, accountStopAt: OPEN, outcomes: [] }, 'account_restricted'],
  ['a person resumed after the account stop', { now: OPEN, accountStopAt: OPEN - HOUR, resumedAt: OPEN - MIN, outcomes: [] }, undefined],
  ['a resume before the account stop does not lift it', { now: OPEN, accountStopAt: OPEN - MIN, resumedAt: OPEN - HOUR, outcomes: [] }, 'account_restricted'],
  ['10 of 20 failed, the latest a minute ago', { now: OPEN, outcomes: outcomes(20, OPEN - MIN, (i) => i % 2 === 0) }, 'error_rate'],
  ['9 of 20 failed', { now: OPEN, outcomes: outcomes(20, OPEN - MIN, (i) => i % 2 === 0 && i > 0) }, undefined],
  ['5 of 9 settled failed: too few to judge', { now: OPEN, outcomes: outcomes(9, OPEN - MIN, (i) => i % 2 === 0) }, undefined],
  ['5 of 10 settled failed: enough', { now: OPEN, outcomes: outcomes(10, OPEN - MIN, (i) => i % 2 === 0) }, 'error_rate'],
  ['only the last 20 count: 15 failures long before, 20 good since', { now: OPEN, outcomes: [...outcomes(15, OPEN - HOUR, () => true), ...outcomes(20, OPEN - MIN, () => false)] }, undefined],
  ['59 min after the latest failure: still paused', { now: OPEN + 59 * MIN, outcomes: outcomes(20, OPEN, () => true) }, 'error_rate'],
  ['an hour after the latest failure: one answer may try again', { now: OPEN + HOUR, outcomes: outcomes(20, OPEN, () => true) }, undefined],
  ['a person resumed: the failures before it no longer count', { now: OPEN + MIN, resumedAt: OPEN + 30_000, outcomes: outcomes(20, OPEN, () => true) }, undefined],
  ['outcomes stamped after now (a clock step back) are not counted', { now: OPEN, outcomes: outcomes(20, OPEN + 30 * MIN, () => true) }, undefined],
];

describe('automationPause: the engine’s breakers for automation', () => {
  it.each(PAUSES)('%s', (_why, input, expected) => {
    expect(automationPause(input)).toBe(expected);
  });
});

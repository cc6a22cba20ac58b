import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_WINDOW_MS, attributeAll, attributeReply, phoneMatchKey, phoneVariants, type SentMessage } from './attribution';

const H = 3_600_000;
const A = '+821012345678';
const B = '+821099998888';

describe('attributeReply: the last message to that number before the reply, within 72 h', () => {
  const sent: SentMessage[] = [
    { job: 'c1-0', contact: A, sentAt: 0 },
    { job: 'c2-0', contact: A, sentAt: 10 * H },
    { job: 'c3-0', contact: B, sentAt: 20 * H },
    { job: 'c4-0', contact: A, sentAt: undefined },
  ];
  const cases: [string, { from: string; at: number }, string | undefined][] = [
    ['between two messages: the earlier one', { from: A, at: 5 * H }, 'c1-0'],
    ['after both: the later one', { from: A, at: 11 * H }, 'c2-0'],
    ['at the very instant of the message', { from: A, at: 10 * H }, 'c2-0'],
    ['a message to someone else is never the answer', { from: B, at: 5 * H }, undefined],
    ['exactly 72 h after: still counted', { from: A, at: 10 * H + ATTRIBUTION_WINDOW_MS }, 'c2-0'],
    ['more than 72 h after the last message: not attributed', { from: A, at: 10 * H + ATTRIBUTION_WINDOW_MS + 1 }, undefined],
    ['before any message: not attributed', { from: A, at: -1 }, undefined],
    ['a message not sent yet is never the answer', { from: A, at: 1_000 * H }, undefined],
  ];
  it.each(cases)('%s', (_name, reply, job) => {
    expect(attributeReply(reply, sent)?.job).toBe(job);
  });

  it('does not depend on the order of the messages (ties go to the larger job id)', () => {
    const tie: SentMessage[] = [
      { job: 'c1-5', contact: A, sentAt: 100 },
      { job: 'c2-5', contact: A, sentAt: 100 },
    ];
    expect(attributeReply({ from: A, at: 200 }, tie)?.job).toBe('c2-5');
    expect(attributeReply({ from: A, at: 200 }, [...tie].reverse())?.job).toBe('c2-5');
  });
});

describe('attributeAll', () => {
  it('keeps the first reply and the first opt-out per message; a STOP alone is not a reply, a flagged word is', () => {
    const sent: SentMessage[] = [{ job: 'j1', contact: A, sentAt: 0 }];
    const result = attributeAll(
      [
        { seq: 3, from: A, at: 30, optOut: 'none' },
        { seq: 1, from: A, at: 10, optOut: 'flagged' },
        { seq: 2, from: A, at: 20, optOut: 'opt_out' },
        { seq: 4, from: A, at: 5, optOut: 'opt_out' },
        { seq: 5, from: B, at: 5, optOut: 'none' },
      ],
      sent,
    );
    expect(result).toEqual(new Map([['j1', { repliedAt: 10, optedOutAt: 5 }]]));
  });
});

describe('numbers WhatsApp writes differently from the number dialled', () => {
  const cases: [string, string, string][] = [
    ['Mexico: +52 1 …', '+5215512345678', '+525512345678'],
    ['Argentina: +54 9 …', '+5491123456789', '+541123456789'],
    ['Brazil: the mobile 9 after the area code', '+5511987654321', '+551187654321'],
  ];
  it.each(cases)('%s: both forms are one person', (_name, dialled, waId) => {
    expect(phoneMatchKey(dialled)).toBe(phoneMatchKey(waId));
    expect(phoneVariants(dialled)).toContain(waId);
    expect(phoneVariants(waId)).toContain(dialled);
    expect(attributeReply({ from: waId, at: 10 }, [{ job: 'j', contact: dialled, sentAt: 1 }])?.job).toBe('j');
  });

  it('leaves other numbers alone (a Korean number is only itself)', () => {
    expect(phoneVariants(A)).toEqual([A]);
    expect(phoneMatchKey('+5511287654321')).toBe('+5511287654321'); // a Brazilian landline has no mobile 9 to drop
  });
});

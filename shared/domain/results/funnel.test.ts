import { describe, expect, it } from 'vitest';
import { funnelOf, ratesOf, stepTimes, type MessageFacts, type StepTimes } from './funnel';

const H = 3_600_000;
const base: MessageFacts = { phase: 'accepted', at: 0 };

describe('step times: each step counts once, at the first time it was seen', () => {
  const cases: [string, Partial<MessageFacts>, StepTimes][] = [
    ['queued only: no step', { phase: 'queued', at: 5 }, {}],
    ['accepted: sent', { acceptedAt: 10, at: 10 }, { sent: 10 }],
    ['delivered then read', { acceptedAt: 10, deliveredAt: 20, readAt: 30 }, { sent: 10, delivered: 20, read: 30 }],
    ['read arrived before delivered: delivered at the earlier time', { acceptedAt: 10, deliveredAt: 40, readAt: 30 }, { sent: 10, delivered: 30, read: 30 }],
    ['delivered skipped, only read: read proves delivery', { acceptedAt: 10, readAt: 30 }, { sent: 10, delivered: 30, read: 30 }],
    ['no accepted time: sent at the first status', { deliveredAt: 20, readAt: 25 }, { sent: 20, delivered: 20, read: 25 }],
    ['reply within 72 h counts', { acceptedAt: 0, deliveredAt: 1, repliedAt: 72 * H }, { sent: 0, delivered: 1, replied: 72 * H }],
    ['reply after 72 h does not', { acceptedAt: 0, deliveredAt: 1, repliedAt: 72 * H + 1 }, { sent: 0, delivered: 1 }],
    ['reply before the message does not', { acceptedAt: 100, repliedAt: 50 }, { sent: 100 }],
    ['engine failure', { phase: 'failed', failedAt: 7, at: 9 }, { failed: 7 }],
    ['delivery failed after accepted', { acceptedAt: 5, delivery: 'failed', failedAt: 8 }, { sent: 5, failed: 8 }],
    ['failed once, then accepted on a retry: not a failure', { acceptedAt: 12, failedAt: 8 }, { sent: 12 }],
    ['skipped at its last change', { phase: 'skipped', at: 3 }, { skipped: 3 }],
    ['opted out', { acceptedAt: 1, deliveredAt: 2, optedOutAt: 5 }, { sent: 1, delivered: 2, optedOut: 5 }],
    ['held for quality assessment: taken by WhatsApp, not sent yet', { acceptedAt: 10, held: true }, {}],
    ['held, yet a delivery status arrived: sent at that status', { acceptedAt: 10, held: true, deliveredAt: 30 }, { sent: 30, delivered: 30 }],
    ['held, then released (main clears held): sent when accepted', { acceptedAt: 10, deliveredAt: 30 }, { sent: 10, delivered: 30 }],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(stepTimes({ ...base, ...facts })).toEqual(expected);
  });
});

describe('funnel and rates', () => {
  it('counts every recipient as queued and each step reached, and divides reads and replies by delivered', () => {
    const rows: MessageFacts[] = [
      { ...base, phase: 'queued' },
      { ...base, acceptedAt: 1 },
      { ...base, acceptedAt: 1, deliveredAt: 2 },
      { ...base, acceptedAt: 1, deliveredAt: 2, readAt: 3 },
      { ...base, acceptedAt: 1, readAt: 3, repliedAt: 4 },
      { ...base, acceptedAt: 1, deliveredAt: 2, repliedAt: 100 * H },
      { ...base, phase: 'failed', at: 5 },
      { ...base, phase: 'skipped', reason: 'quiet_hours', at: 5 } as MessageFacts,
      { ...base, acceptedAt: 1, deliveredAt: 2, optedOutAt: 9 },
    ];
    const f = funnelOf(rows);
    expect(f).toEqual({ queued: 9, sent: 6, delivered: 5, read: 2, replied: 1, failed: 1, skipped: 1, optedOut: 1 });
    expect(ratesOf(f)).toEqual({ delivery: 5 / 6, read: 2 / 5, reply: 1 / 5, optOut: 1 / 5, base: 'delivered' });
  });

  it('on a channel without delivery receipts (Assisted) replies and opt-outs are per sent, not no data', () => {
    // Assisted records sent and the reply, never delivered or read.
    const rows: MessageFacts[] = [
      { ...base, acceptedAt: 1, repliedAt: 2 },
      { ...base, acceptedAt: 1 },
      { ...base, acceptedAt: 1, optedOutAt: 3 },
      { ...base, acceptedAt: 1 },
    ];
    const f = funnelOf(rows);
    expect(ratesOf(f).reply).toBeNull(); // the receipts definition has nothing to divide by
    expect(ratesOf(f, false)).toEqual({ delivery: null, read: null, reply: 1 / 4, optOut: 1 / 4, base: 'sent' });
    expect(ratesOf(funnelOf([]), false).reply).toBeNull();
  });

  it('a rate with nothing delivered is no data, not zero', () => {
    expect(ratesOf(funnelOf([{ ...base, phase: 'queued' }]))).toEqual({ delivery: null, read: null, reply: null, optOut: null, base: 'delivered' });
  });
});

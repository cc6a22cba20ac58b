import { describe, expect, it } from 'vitest';
import { classifyError, ERROR_TABLE, parseGraphError, retryDelayMs, type ErrorAction } from './errorCodes';

/** DOMAIN.md §3, copied row by row: the table in code must say the same. */
const SPEC: ReadonlyArray<[ErrorAction, number[]]> = [
  ['rate_limit', [130429, 80007, 4]],
  ['pair_rate', [131056]],
  ['transient', [131000, 1, 2, 131016, 133004, 131057]],
  ['marketing_cap', [131049]],
  ['suppress', [131050]],
  ['unreachable', [131026, 130403, 131021]],
  ['needs_template', [131047]],
  ['bad_payload', [100, 131008, 131009, 131051, 132000, 132012, 132005]],
  ['bad_media', [131053]],
  ['pause_campaign', [132001, 132007, 132015, 132016]],
  ['stop_all', [131048, 131064, 131031, 368, 131042, 0, 190, 3, 10]],
];

describe('error codes (DOMAIN.md §3)', () => {
  for (const [action, codes] of SPEC) {
    for (const code of codes) {
      it(`${code} → ${action}`, () => {
        expect(classifyError(code).action).toBe(action);
      });
    }
  }

  it('lists no code the spec does not', () => {
    const specCodes = new Set(SPEC.flatMap(([, codes]) => codes));
    expect(Object.keys(ERROR_TABLE).map(Number).filter((c) => !specCodes.has(c))).toEqual([]);
  });

  it('only rate limits, pair rate and transient errors are retried by the queue', () => {
    const retried = Object.values(ERROR_TABLE).filter((r) => r.retryable).map((r) => r.action);
    expect(new Set(retried)).toEqual(new Set(['rate_limit', 'pair_rate', 'transient']));
  });

  it('only 80007 pauses the whole queue among the rate limits', () => {
    expect(classifyError(80007).pausesQueue).toBe(true);
    expect(classifyError(130429).pausesQueue).toBe(false);
    expect(classifyError(4).pausesQueue).toBe(false);
  });

  it('every stop-all and pause-campaign code tells the person what to do', () => {
    const missing = Object.entries(ERROR_TABLE)
      .filter(([, r]) => (r.action === 'stop_all' || r.action === 'pause_campaign') && !r.whatToDo)
      .map(([c]) => c);
    expect(missing).toEqual([]);
  });

  it('an unlisted code fails the job without a retry', () => {
    expect(classifyError(999_999)).toMatchObject({ action: 'unknown', retryable: false });
  });
});

describe('retry delays', () => {
  it('pair rate waits 6 s × 4^n', () => {
    expect([0, 1, 2, 3].map((n) => retryDelayMs('pair_rate', n, () => 0.5))).toEqual([6_000, 24_000, 96_000, 384_000]);
  });

  it.each([
    // retry number → wait before it (131049, the person's marketing cap: DOMAIN.md §3, first no sooner than 24 h)
    [0, 24 * 3_600_000],
    [1, 48 * 3_600_000],
    [2, 96 * 3_600_000],
    [3, undefined],
    [10, undefined],
  ])('131049 retry %i waits %s ms (no jitter), then gives up', (attempt, want) => {
    expect(retryDelayMs('marketing_cap', attempt, () => 0.999)).toBe(want);
    expect(retryDelayMs('marketing_cap', attempt, () => 0)).toBe(want);
  });

  it('pair rate gives up after four retries', () => {
    expect(retryDelayMs('pair_rate', 4, () => 0.5)).toBeUndefined();
  });

  it('transient delays grow and stay between half and all of the ceiling', () => {
    expect(retryDelayMs('transient', 0, () => 0)).toBe(1_000);
    expect(retryDelayMs('transient', 0, () => 0.999_999)).toBe(2_000);
    expect(retryDelayMs('transient', 3, () => 0)).toBe(8_000);
  });

  it('rate-limit delays never exceed five minutes', () => {
    expect(retryDelayMs('rate_limit', 7, () => 0.999_999)).toBeLessThanOrEqual(300_000);
  });

  it('transient errors are retried at most five times', () => {
    expect(retryDelayMs('transient', 4, () => 0)).toBeDefined();
    expect(retryDelayMs('transient', 5, () => 0)).toBeUndefined();
  });

  it('actions that are not retried have no delay', () => {
    expect(retryDelayMs('suppress', 0, () => 0)).toBeUndefined();
  });
});

describe('parseGraphError', () => {
  it('reads every documented field', () => {
    const body = {
      error: {
        message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        type: 'OAuthException',
        code: 131056,
        error_data: { messaging_product: 'whatsapp', details: 'Too many messages sent from the sender phone number to the same phone number in a short period of time.' },
        error_subcode: 2494055,
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    };
    expect(parseGraphError(body)).toEqual({
      code: 131056,
      message: body.error.message,
      type: 'OAuthException',
      subcode: 2494055,
      details: body.error.error_data.details,
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
  });

  it.each([
    ['not an object', 'oops'],
    ['no error field', { messages: [] }],
    ['a code that is not a number', { error: { code: '131000' } }],
    ['an array', [{ error: { code: 1 } }]],
  ])('refuses %s', (_name, body) => {
    expect(parseGraphError(body)).toBeUndefined();
  });
});

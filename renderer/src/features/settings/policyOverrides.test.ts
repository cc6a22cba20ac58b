import { describe, expect, it } from 'vitest';
import { cautiousPolicy, type PacingPolicy } from '../../../../shared/domain/pacing';
import type { PolicyOverrides } from '../../../../shared/ipc/policy';
import { applyStricter } from '../../../../electron/services/sending';
import { overridesNotInForce } from './policyOverrides';

const preset: PacingPolicy = cautiousPolicy('Asia/Seoul'); // 5/s, 200 an hour, warm-up, 00–06 quiet, 3 promotions

/** What main would send with, then what the screen says of it: the same rule on both sides. */
const notInForce = (o: PolicyOverrides) => overridesNotInForce(o, [applyStricter(preset, o)]);

describe('overridesNotInForce', () => {
  it.each([
    ['no overrides', {}, []],
    ['quiet hours switched off: the preset’s stay', { quietHours: null }, ['quiet']],
    ['shorter quiet hours: the preset’s stay', { quietHours: { startHour: 1, endHour: 5 } }, ['quiet']],
    ['longer quiet hours are in force', { quietHours: { startHour: 22, endHour: 8 } }, []],
    ['a faster rate is not', { ratePerSecond: 50 }, ['rate']],
    ['a slower rate is', { ratePerSecond: 1 }, []],
    ['a higher hourly cap is not', { hourlyCap: 1000 }, ['hourly']],
    ['a lower hourly cap is', { hourlyCap: 50 }, []],
    ['no daily cap is not', { dailyCap: null }, ['daily']],
    ['500 a day over the warm-up is not', { dailyCap: 500 }, ['daily']],
    ['20 a day is', { dailyCap: 20 }, []],
    ['more promotions is not', { promotionalPerContactPer24h: 3 }, []],
    ['fewer promotions is', { promotionalPerContactPer24h: 1 }, []],
  ] as const)('%s', (_name, o, want) => {
    expect(notInForce(o)).toEqual(want);
  });
});

import { parserTable } from '../../test/parserTable';
import { parsePolicyChoice, type PolicyChoice } from './policy';

parserTable<PolicyChoice>(
  'parsePolicyChoice',
  parsePolicyChoice,
  [
    ['a preset alone', { preset: 'auto' }, { preset: 'auto', overrides: {} }],
    ['a preset with no numbers of its own', { preset: 'platform', overrides: {} }, { preset: 'platform', overrides: {} }],
    [
      'every number, at its edges',
      { preset: 'cautious', overrides: { ratePerSecond: 0.5, hourlyCap: 1_000_000, dailyCap: 'warmup', quietHours: { startHour: 21, endHour: 8 }, promotionalPerContactPer24h: 3 } },
      { preset: 'cautious', overrides: { ratePerSecond: 0.5, hourlyCap: 1_000_000, dailyCap: 'warmup', quietHours: { startHour: 21, endHour: 8 }, promotionalPerContactPer24h: 3 } },
    ],
    [
      'no caps and no quiet hours (null: none)',
      { preset: 'platform', overrides: { ratePerSecond: 1_000, hourlyCap: null, dailyCap: null, quietHours: null } },
      { preset: 'platform', overrides: { ratePerSecond: 1_000, hourlyCap: null, dailyCap: null, quietHours: null } },
    ],
    ['a daily cap and midnight quiet hours', { preset: 'auto', overrides: { dailyCap: 10_000_000, quietHours: { startHour: 0, endHour: 23 } } }, { preset: 'auto', overrides: { dailyCap: 10_000_000, quietHours: { startHour: 0, endHour: 23 } } }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { preset, overrides }.'],
    ['a field it does not know', { preset: 'auto', why: 'x' }, 'why', 'Unknown field "why".'],
    ['a preset it does not know', { preset: 'fast' }, 'preset', 'preset must be one of: auto, cautious, platform.'],
    ['no preset', { overrides: {} }, 'preset', 'preset must be one of: auto, cautious, platform.'],
    ['overrides that are not an object', { preset: 'auto', overrides: [] }, undefined, 'overrides must be an object.'],
    ['a number it does not know', { preset: 'auto', overrides: { maxPerDay: 5 } }, 'maxPerDay', 'Unknown field "maxPerDay".'],
    ['no rate', { preset: 'auto', overrides: { ratePerSecond: 0 } }, 'ratePerSecond', 'ratePerSecond must be a number from 1 to 1000.'],
    ['a rate of none', { preset: 'auto', overrides: { ratePerSecond: null } }, 'ratePerSecond', 'ratePerSecond must be a number from 1 to 1000.'],
    ['a rate too fast', { preset: 'auto', overrides: { ratePerSecond: 1_001 } }, 'ratePerSecond', 'ratePerSecond must be a number from 1 to 1000.'],
    ['a negative hourly cap', { preset: 'auto', overrides: { hourlyCap: -1 } }, 'hourlyCap', 'hourlyCap must be a number from 1 to 1000000, or none.'],
    ['an endless hourly cap', { preset: 'auto', overrides: { hourlyCap: Infinity } }, 'hourlyCap', 'hourlyCap must be a number from 1 to 1000000, or none.'],
    ['a daily cap as a word', { preset: 'auto', overrides: { dailyCap: 'lots' } }, 'dailyCap', 'dailyCap must be a number from 1 to 10000000, or none.'],
    ['a daily cap too large', { preset: 'auto', overrides: { dailyCap: 10_000_001 } }, 'dailyCap', 'dailyCap must be a number from 1 to 10000000, or none.'],
    ['quiet hours ending at 24', { preset: 'auto', overrides: { quietHours: { startHour: 21, endHour: 24 } } }, 'quietHours', 'quietHours needs startHour and endHour from 0 to 23.'],
    ['quiet hours at half past', { preset: 'auto', overrides: { quietHours: { startHour: 21.5, endHour: 8 } } }, 'quietHours', 'quietHours needs startHour and endHour from 0 to 23.'],
    ['quiet hours without an end', { preset: 'auto', overrides: { quietHours: { startHour: 21 } } }, 'quietHours', 'quietHours needs startHour and endHour from 0 to 23.'],
    ['quiet hours as text', { preset: 'auto', overrides: { quietHours: '21-8' } }, 'quietHours', 'quietHours needs startHour and endHour from 0 to 23.'],
    ['more than DOMAIN §4’s 3 promotions a day', { preset: 'auto', overrides: { promotionalPerContactPer24h: 4 } }, 'promotionalPerContactPer24h', 'promotionalPerContactPer24h must be a number from 1 to 3.'],
    ['no limit on promotions', { preset: 'auto', overrides: { promotionalPerContactPer24h: null } }, 'promotionalPerContactPer24h', 'promotionalPerContactPer24h must be a number from 1 to 3.'],
  ],
);

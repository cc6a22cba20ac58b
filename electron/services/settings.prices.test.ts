import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFs } from '../adapters/fs';
import { DEFAULT_RATE_TABLE, type RateTable } from '../../shared/domain/campaign/costs';
import { parseSettingsPatch, type Settings } from '../../shared/domain/settings';
import { SettingsService } from './settings';

// The shop's own price table (Settings → Prices) lives in settings.json beside the shop's name (issue 13 point 2).
const defaults: Settings = { shopName: '', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: false };
const mine: RateTable = { ...DEFAULT_RATE_TABLE, asOf: '2026-11-20', source: 'Meta rate card, read 2026-11-20', rates: { KR: { MARKETING: 0.0291, SERVICE: 0 } } };

describe('prices in the settings', () => {
  it('an edited table is kept across restarts; null goes back to the defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shopcast-prices-'));
    const first = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect((await first.get()).rateTable).toBeUndefined();
    const patch = parseSettingsPatch({ rateTable: mine });
    expect(patch.ok).toBe(true);
    await first.update(patch.ok ? patch.value : {});
    expect((await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).get()).rateTable).toEqual(mine);
    await first.update({ shopName: 'Mina' }); // another change keeps the prices
    expect((await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).get()).rateTable).toEqual(mine);
    await first.update({ rateTable: null });
    const back = await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).get();
    expect(back.rateTable).toBeUndefined();
    expect(back.shopName).toBe('Mina');
  });

  it('a wrong price is refused naming the field, and changes nothing', () => {
    const r = parseSettingsPatch({ rateTable: { ...mine, rates: { KR: { MARKETING: -0.5 } } } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.details).toEqual({ field: 'rateTable.rates.KR.MARKETING', reason: 'bad_price' });
  });

  it('a damaged table in the file falls back to the defaults and keeps the other settings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shopcast-prices-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...defaults, shopName: '민지 꽃집', setupDone: true, rateTable: { asOf: 'yesterday' } }));
    const s = await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).get();
    expect(s.shopName).toBe('민지 꽃집');
    expect(s.rateTable).toBeUndefined();
  });
});

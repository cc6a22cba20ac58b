import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFs, type Fs } from '../adapters/fs';
import type { Settings } from '../../shared/domain/settings';
import { SettingsService } from './settings';

const defaults: Settings = { shopName: '', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: false };

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'shopcast-settings-'));
}

describe('SettingsService', () => {
  it('starts from defaults and keeps a change across restarts', async () => {
    const dir = await tempDir();
    const first = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect(await first.get()).toEqual(defaults);
    await first.update({ shopName: '민지 꽃집', defaultCountry: 'TW' });
    const second = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect(await second.get()).toEqual({ ...defaults, shopName: '민지 꽃집', defaultCountry: 'TW', language: 'ko' });
  });

  it('a fresh data folder asks for the first-run setup; finishing it is kept across restarts', async () => {
    const dir = await tempDir();
    const first = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect((await first.get()).setupDone).toBe(false);
    await first.update({ shopName: 'Mina', defaultCountry: 'TW', language: 'zh-Hant', sendingChannel: 'assisted', setupDone: true });
    const second = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect(await second.get()).toEqual({ shopName: 'Mina', defaultCountry: 'TW', language: 'zh-Hant', sendingChannel: 'assisted', setupDone: true });
  });

  it('skipping the setup keeps the locale defaults and is remembered', async () => {
    const dir = await tempDir();
    await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).update({ setupDone: true });
    expect(await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).get()).toEqual({ ...defaults, setupDone: true });
  });

  it('a settings file from before the setup existed loads, and counts as set up', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ shopName: 'Bloom', defaultCountry: 'US', language: 'en' }));
    const service = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    expect(await service.get()).toEqual({ shopName: 'Bloom', defaultCountry: 'US', language: 'en', sendingChannel: 'sandbox', setupDone: true });
    // The first change writes the new fields, so the file says it plainly from then on.
    await service.update({ sendingChannel: 'cloud' });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ setupDone: true, sendingChannel: 'cloud' });
  });

  it('keeps a damaged settings file aside and starts from defaults', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), '{"shopName": "Blo');
    const service = new SettingsService({ fs: nodeFs, dataDir: dir, defaults });
    // Its settings are lost, so the setup asks for them again.
    expect(await service.get()).toEqual(defaults);
    const files = await readdir(dir);
    const damaged = files.find((f) => f.startsWith('settings.json.damaged-'));
    expect(damaged && (await readFile(join(dir, damaged), 'utf8'))).toBe('{"shopName": "Blo');
  });

  it('says the disk is full and changes nothing when the write fails', async () => {
    const fullDisk: Fs = {
      readText: async () => undefined,
      writeTextAtomic: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' })),
    };
    const service = new SettingsService({ fs: fullDisk, dataDir: '/nowhere', defaults });
    await expect(service.update({ shopName: 'X' })).rejects.toMatchObject({ code: 'storage_failed', message: expect.stringContaining('disk is full') });
    expect(await service.get()).toEqual(defaults);
  });

  it('applies two quick changes in order without losing either', async () => {
    const dir = await tempDir();
    const changes: string[] = [];
    const service = new SettingsService({ fs: nodeFs, dataDir: dir, defaults, onChange: (s) => changes.push(`${s.shopName}/${s.language}`) });
    await Promise.all([service.update({ shopName: 'A' }), service.update({ language: 'en' })]);
    expect(changes).toEqual(['A/ko', 'A/en']);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ shopName: 'A', language: 'en' });
  });

  it('writes the file readable by its owner only', async () => {
    if (process.platform === 'win32') return;
    const dir = await tempDir();
    await new SettingsService({ fs: nodeFs, dataDir: dir, defaults }).update({ shopName: 'A' });
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, 'settings.json'))).mode & 0o077).toBe(0);
  });
});

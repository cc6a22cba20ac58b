import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSafeStorage } from '../../test/fakes/electron';
import { nodeFs } from './fs';
import { safeStorageSecretStore, safeStorageStrength } from './safeStorageSecrets';

const tempDir = () => mkdtemp(join(tmpdir(), 'shopcast-safe-'));

describe('safeStorageSecretStore', () => {
  it('encrypts each secret with safeStorage: the file never holds the plain text', async () => {
    const dir = await tempDir();
    const safe = new FakeSafeStorage();
    const store = safeStorageSecretStore(safe, nodeFs, dir, { platform: 'darwin' });
    expect(store.kind).toBe('os-encrypted');
    await store.update({ accessToken: 'EAAG-plain-token', appSecret: 'app-secret-plain' });
    const text = await readFile(join(dir, 'secrets.enc.json'), 'utf8');
    expect(text).not.toContain('EAAG-plain-token');
    expect(text).not.toContain('app-secret-plain');
    expect(safe.encrypted).toEqual(['EAAG-plain-token', 'app-secret-plain']);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'secrets.enc.json'))).mode & 0o777).toBe(0o600);
    const again = safeStorageSecretStore(safe, nodeFs, dir, { platform: 'darwin' });
    expect(await again.get('accessToken')).toBe('EAAG-plain-token');
  });

  it('a secret the keychain cannot decrypt any more reads as not saved, and the problem is said', async () => {
    const dir = await tempDir();
    await safeStorageSecretStore(new FakeSafeStorage(0x11), nodeFs, dir, { platform: 'win32' }).set('accessToken', 'tok');
    const other = safeStorageSecretStore(new FakeSafeStorage(0x22), nodeFs, dir, { platform: 'win32' });
    expect(await other.get('accessToken')).toBeUndefined();
    expect(other.problem()).toMatch(/could not be decrypted/);
  });

  it('on Linux with the basic_text backend: not really encrypted, so the owner-only file and its warning', async () => {
    const dir = await tempDir();
    const safe = new FakeSafeStorage();
    safe.backend = 'basic_text';
    const store = safeStorageSecretStore(safe, nodeFs, dir, { platform: 'linux' });
    expect(store.kind).toBe('owner-only-file');
    await store.set('accessToken', 'tok');
    expect(safe.encrypted).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({ accessToken: 'tok' });
  });

  it('with a real Linux keyring it encrypts', () => {
    const safe = new FakeSafeStorage();
    safe.backend = 'kwallet5';
    expect(safeStorageStrength(safe, 'linux')).toEqual({ encrypted: true });
  });

  it('when the OS offers no encryption: the owner-only file, and why', async () => {
    const safe = new FakeSafeStorage();
    safe.available = false;
    expect(safeStorageStrength(safe, 'win32')).toEqual({ encrypted: false, why: expect.stringContaining('no encryption') });
    expect(safeStorageSecretStore(safe, nodeFs, await tempDir(), { platform: 'win32' }).kind).toBe('owner-only-file');
  });
});

import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFs, type Fs } from './fs';
import { ownerOnlyFileSecretStore } from './secretStore';

const tempDir = () => mkdtemp(join(tmpdir(), 'shopcast-secrets-'));

describe('ownerOnlyFileSecretStore', () => {
  it.skipIf(process.platform === 'win32')('creates secrets.json readable and writable by this user only (0600)', async () => {
    const dir = await tempDir();
    await ownerOnlyFileSecretStore(nodeFs, dir).set('accessToken', 'tok');
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps secrets across restarts, forgets one set to null, and says it is not encrypted', async () => {
    const dir = await tempDir();
    const store = ownerOnlyFileSecretStore(nodeFs, dir);
    expect(store.kind).toBe('owner-only-file');
    await store.update({ accessToken: 'tok', appSecret: 'sec', verifyToken: 'ver' });
    await store.set('appSecret', null);
    const again = ownerOnlyFileSecretStore(nodeFs, dir);
    expect([await again.get('accessToken'), await again.get('appSecret'), await again.get('verifyToken')]).toEqual(['tok', undefined, 'ver']);
  });

  it('two quick changes both land', async () => {
    const dir = await tempDir();
    const store = ownerOnlyFileSecretStore(nodeFs, dir);
    await Promise.all([store.set('accessToken', 'a'), store.set('verifyToken', 'v')]);
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({ accessToken: 'a', verifyToken: 'v' });
  });

  it('a damaged file: treated as empty, kept aside (never overwritten unseen), and the problem is said', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'secrets.json'), '{"accessToken": "EAAG-half');
    const store = ownerOnlyFileSecretStore(nodeFs, dir);
    expect(await store.get('accessToken')).toBeUndefined();
    expect(store.problem()).toMatch(/damaged.*Enter the access token/);
    const aside = (await readdir(dir)).find((f) => f.startsWith('secrets.json.damaged-'));
    expect(aside && (await readFile(join(dir, aside), 'utf8'))).toBe('{"accessToken": "EAAG-half');
    await store.set('accessToken', 'fresh');
    expect(await store.get('accessToken')).toBe('fresh');
    expect(store.problem()).toBeUndefined();
  });

  it('a failed write (disk full) rejects and leaves the saved secrets as they were', async () => {
    const dir = await tempDir();
    await ownerOnlyFileSecretStore(nodeFs, dir).set('accessToken', 'old');
    const full: Fs = { readText: (p) => nodeFs.readText(p), writeTextAtomic: () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })) };
    const store = ownerOnlyFileSecretStore(full, dir);
    await expect(store.set('accessToken', 'new')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await store.get('accessToken')).toBe('old');
  });
});

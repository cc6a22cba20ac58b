/**
 * Main's connection-test errors (electron/services/cloudSetup.ts, against the fake Graph API) through the Connect
 * screen's translation (renderer/src/features/connect/connectErrors.ts): each known problem is shown in the
 * person's language, never silently in main's English.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs } from '../electron/adapters/fs';
import { ownerOnlyFileSecretStore } from '../electron/adapters/secretStore';
import { CloudSetupService } from '../electron/services/cloudSetup';
import { errorWords, syncFailureWords } from '../renderer/src/features/connect/connectErrors';
import type { AppError } from '../shared/lib/result';
import { createTranslator, DICTIONARIES } from '../renderer/src/i18n';
import { VirtualClock } from './fakes/clock';
import { startFakeGraphAccount, type FakeGraphAccount } from './fakes/graphAccount';

const fakes: FakeGraphAccount[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function service(): Promise<{ s: CloudSetupService; fake: FakeGraphAccount }> {
  const fake = await startFakeGraphAccount();
  fakes.push(fake);
  const dir = await mkdtemp(join(tmpdir(), 'shopcast-connect-errors-'));
  const s = new CloudSetupService({ fs: nodeFs, dataDir: dir, secrets: ownerOnlyFileSecretStore(nodeFs, dir), clock: new VirtualClock(0), timeoutMs: 300 });
  return { s, fake };
}

const ko = createTranslator('ko');

describe('connection test errors in the person’s language', () => {
  it.each([
    ['a wrong token', 'connect.err.190', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, accessToken: 'wrong' })],
    ['an unknown phone number id', 'connect.err.phone', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => s.update({ apiBase: fake.url, phoneNumberId: '404', accessToken: fake.token })],
    ['an unknown account id', 'connect.err.waba', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, wabaId: '404', accessToken: fake.token })],
    ['nothing set up', 'connect.err.notSetUp', async () => undefined],
    ['a server that is gone', 'connect.err.network', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => {
      await s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
      await fake.close();
    }],
    ['a server that never answers', 'connect.err.timeout', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => {
      await s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
      fake.script('hang');
    }],
    ['an answer that is not JSON', 'connect.err.unreadable', async ({ s, fake }: Awaited<ReturnType<typeof service>>) => {
      await s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
      fake.script('garbage');
    }],
  ] as const)('%s', async (_, key, arrange) => {
    const ctx = await service();
    await arrange(ctx);
    const result = await ctx.s.test();
    const words = errorWords(ko, result);
    expect(words?.action).toBe(DICTIONARIES.ko[`${key}.action`]);
    expect(words?.message).toMatch(/[가-힣]/);
  });

  it('an error the screen has no words for shows main’s own', () => {
    const result = { at: 0, ok: false, error: { code: 131031, message: 'The business account is locked.', action: 'Open Business Support Home.' } };
    expect(errorWords(ko, result)).toEqual({ message: 'The business account is locked.', action: 'Open Business Support Home.' });
  });

  it('names the unreachable host from the reason’s params', () => {
    const result = { at: 0, ok: false, error: { code: -1, message: 'Could not reach 127.0.0.1:9 (ECONNREFUSED).', action: 'x', reason: 'network' as const, params: { host: '127.0.0.1:9' } } };
    expect(errorWords(createTranslator('en'), result)?.message).toBe("Couldn't reach WhatsApp (127.0.0.1:9).");
  });

  it('a test saved before reasons existed shows main’s own words (no guessing from the English)', () => {
    const result = { at: 0, ok: false, error: { code: -1, message: 'Could not reach 127.0.0.1:9 (ECONNREFUSED).', action: 'Check the connection.' } };
    expect(errorWords(ko, result)).toEqual({ message: 'Could not reach 127.0.0.1:9 (ECONNREFUSED).', action: 'Check the connection.' });
  });

  it('names exactly what is not set up, in the person’s language', async () => {
    const { s, fake } = await service();
    await s.update({ apiBase: fake.url, accessToken: fake.token });
    const result = await s.test();
    expect(result.error).toMatchObject({ reason: 'not_set_up', params: { missing: ['phoneNumberId'] } });
    expect(errorWords(ko, result)?.message).toBe('아직 설정하지 않았어요. 필요한 값: 전화번호 ID');
    expect(errorWords(createTranslator('en'), result)?.message).toBe('Not set up yet: Phone number ID still needed.');
  });

  it('keeps the reason through a restart (the saved test)', async () => {
    const { s } = await service();
    await s.test();
    const view = await s.view();
    expect(view.lastTest?.error).toMatchObject({ reason: 'not_set_up', params: { missing: ['phoneNumberId', 'accessToken'] } });
  });
});

describe('template sync errors in the person’s language (the same reasons as the connection test)', () => {
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      const e = error as { code: AppError['code']; message: string; details?: AppError['details'] };
      return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
    }
    throw new Error('templates:sync did not fail');
  };

  it('no account id yet: says which, in Korean', async () => {
    const { s, fake } = await service();
    await s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
    const e = await failure(s.syncTemplates());
    expect(e.details).toMatchObject({ reason: 'not_set_up', missing: 'wabaId' });
    expect(syncFailureWords(ko, e)).toContain('아직 설정하지 않았어요. 필요한 값: WhatsApp 비즈니스 계정 ID');
    expect(syncFailureWords(ko, e)).not.toMatch(/Not set up yet/);
  });

  it('an unknown account id and a wrong token are worded, never main’s English', async () => {
    const { s, fake } = await service();
    await s.update({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, wabaId: '404', accessToken: fake.token });
    const unknown = await failure(s.syncTemplates());
    expect(unknown.details).toMatchObject({ reason: 'unknown_waba_id' });
    expect(syncFailureWords(ko, unknown)).toContain(DICTIONARIES.ko['connect.err.waba.action']);
    await s.update({ accessToken: 'wrong', wabaId: fake.wabaId });
    const token = await failure(s.syncTemplates());
    expect(syncFailureWords(ko, token)).toContain(DICTIONARIES.ko['connect.err.190.action']);
  });

  it('a failure without a reason shows main’s own message', () => {
    expect(syncFailureWords(ko, { code: 'internal', message: 'Something else.' })).toBe('Something else.');
  });
});

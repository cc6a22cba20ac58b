import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, type Fs } from '../adapters/fs';
import { ownerOnlyFileSecretStore } from '../adapters/secretStore';
import { sampleTemplates, startFakeGraphAccount, type FakeGraphAccount } from '../../test/fakes/graphAccount';
import { VirtualClock } from '../../test/fakes/clock';
import { CloudSetupService, countBodyParams, DEFAULT_GRAPH_VERSION, MAX_TEMPLATE_PAGES, parseMessagingLimit, parseTemplate } from './cloudSetup';
import { createCore } from './core';

const fakes: FakeGraphAccount[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(opts: Parameters<typeof startFakeGraphAccount>[0] = {}, fs: Fs = nodeFs) {
  const fake = await startFakeGraphAccount(opts);
  fakes.push(fake);
  const dir = await mkdtemp(join(tmpdir(), 'shopcast-cloud-'));
  const clock = new VirtualClock(1_800_000_000_000);
  const make = (timeoutMs?: number) =>
    new CloudSetupService({ fs, dataDir: dir, secrets: ownerOnlyFileSecretStore(nodeFs, dir), clock, ...(timeoutMs ? { timeoutMs } : {}) });
  const service = make();
  return { fake, dir, clock, service, make };
}

async function connect(service: CloudSetupService, fake: FakeGraphAccount, token = fake.token) {
  await service.update({ apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, wabaId: fake.wabaId, accessToken: token });
}

describe('CloudSetupService: settings and secrets', () => {
  it('starts from the defaults: graph.facebook.com, the current Graph version, nothing saved', async () => {
    const { service } = await setup();
    expect(await service.view()).toEqual({
      phoneNumberId: '',
      wabaId: '',
      apiBase: 'https://graph.facebook.com',
      graphVersion: DEFAULT_GRAPH_VERSION,
      hasAccessToken: false,
      hasAppSecret: false,
      hasVerifyToken: false,
      secretStorage: 'owner-only-file',
      webhookPort: 47390,
      marketingMessages: false,
    });
  });

  it('the Marketing Messages API is off until the shop turns it on; the choice is kept and reaches the transport', async () => {
    const { service, make } = await setup();
    await service.update({ phoneNumberId: '111', accessToken: 'EAAG-secret-token' });
    expect((await service.transportConfig())?.marketingMessages).toBeUndefined();
    await service.update({ marketingMessages: true });
    expect((await service.view()).marketingMessages).toBe(true);
    expect((await make().transportConfig())?.marketingMessages).toBe(true); // read back from cloud.json by a new service
    await expect(service.update({ marketingMessages: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'marketingMessages' } });
  });

  it('keeps ids in cloud.json and secrets only in the secret store, across restarts', async () => {
    const { service, dir, make } = await setup();
    await service.update({ phoneNumberId: '111', wabaId: '222', accessToken: 'EAAG-secret-token', appSecret: 'app-secret-1', verifyToken: 'verify-1', webhookPort: 8787 });
    const cloudJson = await readFile(join(dir, 'cloud.json'), 'utf8');
    expect(cloudJson).toContain('"phoneNumberId": "111"');
    for (const secret of ['EAAG-secret-token', 'app-secret-1', 'verify-1']) expect(cloudJson).not.toContain(secret);
    const view = await make().view();
    expect(view).toMatchObject({ phoneNumberId: '111', wabaId: '222', webhookPort: 8787, hasAccessToken: true, hasAppSecret: true, hasVerifyToken: true });
    expect(JSON.stringify(view)).not.toMatch(/EAAG-secret-token|app-secret-1|verify-1/);
  });

  it('forgets a secret when it is set to null', async () => {
    const { service } = await setup();
    await service.update({ accessToken: 'tok-1', appSecret: 'sec-1' });
    const view = await service.update({ accessToken: null });
    expect(view).toMatchObject({ hasAccessToken: false, hasAppSecret: true });
    expect(await service.transportConfig()).toBeNull();
  });

  it('refuses a bad patch with the field named', async () => {
    const { service } = await setup();
    await expect(service.update({ apiBase: 'http://example.com' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('apiBase') });
  });

  it('never carries the stored token to a new API address: the token must be typed again with it', async () => {
    const { service, fake } = await setup();
    await service.update({ phoneNumberId: '555', accessToken: 'tok' });
    await expect(service.update({ apiBase: fake.url })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'apiBase', reason: 'token_needed_for_new_address' } });
    expect(await service.transportConfig()).toMatchObject({ apiBase: 'https://graph.facebook.com', accessToken: 'tok' });
    const view = await service.update({ apiBase: fake.url, accessToken: 'tok-for-fake' });
    expect(view.apiBase).toBe(fake.url);
    expect((await service.transportConfig())?.accessToken).toBe('tok-for-fake');
    // Without a stored token there is nothing to carry: the address alone may change.
    await service.update({ accessToken: null });
    expect((await service.update({ apiBase: 'https://graph.facebook.com' })).apiBase).toBe('https://graph.facebook.com');
  });

  it('says the disk is full and changes nothing when cloud.json cannot be written', async () => {
    const fullDisk: Fs = {
      readText: (p) => nodeFs.readText(p),
      writeTextAtomic: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' })),
    };
    const { service } = await setup({}, fullDisk);
    await expect(service.update({ phoneNumberId: '123' })).rejects.toMatchObject({ code: 'storage_failed', message: expect.stringContaining('disk is full') });
    expect((await service.view()).phoneNumberId).toBe('');
  });

  it('keeps a damaged cloud.json aside and starts from defaults', async () => {
    const { dir, service } = await setup();
    await writeFile(join(dir, 'cloud.json'), '{"phoneNumberId": "12');
    expect((await service.view()).phoneNumberId).toBe('');
    const files = await readdir(dir);
    expect(files.some((f) => f.startsWith('cloud.json.damaged-'))).toBe(true);
  });

  it('gives the transport and the webhook receiver what they need, and says what is missing', async () => {
    const { service } = await setup();
    expect(await service.transportConfig()).toBeNull();
    expect(await service.webhookSetup()).toEqual({ ok: false, missing: ['app secret', 'verify token'], port: 47390 });
    await service.update({ phoneNumberId: '555', accessToken: 'tok', appSecret: 'sec', verifyToken: 'ver' });
    expect(await service.transportConfig()).toEqual({ apiBase: 'https://graph.facebook.com', version: DEFAULT_GRAPH_VERSION, phoneNumberId: '555', accessToken: 'tok' });
    expect(await service.webhookSetup()).toEqual({ ok: true, appSecret: 'sec', verifyToken: 'ver', port: 47390 });
  });
});

describe('CloudSetupService: test connection', () => {
  it('tells the transport which templates are AUTHENTICATION (they need a phone number: a user id alone is skipped)', async () => {
    const login = { id: '1000009', name: 'login_code', language: 'en_US', status: 'APPROVED', category: 'AUTHENTICATION', components: [{ type: 'BODY', text: '{{1}} is your code.' }] };
    const { service, fake } = await setup({ templates: [...sampleTemplates(), login, { ...login, id: '1000010', language: 'ko' }] });
    await connect(service, fake);
    expect((await service.transportConfig())?.authenticationTemplates).toBeUndefined(); // no templates synced yet
    await service.syncTemplates();
    expect((await service.transportConfig())?.authenticationTemplates).toEqual(['login_code']);
  });

  it('reads the number, its quality, limit and throughput, and syncs templates', async () => {
    const { service, fake, clock } = await setup();
    await connect(service, fake);
    const result = await service.test();
    expect(result).toEqual({
      at: clock.now(),
      ok: true,
      displayPhoneNumber: '+82 10-5555-0100',
      verifiedName: 'Minji Flowers',
      qualityRating: 'GREEN',
      messagingLimit: 2_000,
      throughput: 80,
      templateCount: 3,
    });
    expect(fake.requests[0]?.path).toBe(`/${fake.version}/${fake.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit`);
    expect(fake.requests[0]?.authorization).toBe(`Bearer ${fake.token}`);
    expect(await service.messagingLimit()).toBe(2_000);
    expect((await service.view()).lastTest).toEqual(result);
    const templates = await service.templates();
    expect(templates.map((t) => `${t.name}/${t.language}/${t.category}/${t.status}/${t.bodyParams}`)).toEqual([
      'spring_sale/ko/MARKETING/APPROVED/2',
      'order_ready/en_US/UTILITY/APPROVED/2',
      'new_arrivals/zh_TW/MARKETING/PENDING/0',
    ]);
    expect(templates[0]).toMatchObject({ header: { format: 'TEXT', text: '봄 세일' }, footer: '민지 꽃집', buttons: [{ type: 'QUICK_REPLY', text: 'STOP' }] });
  });

  it('asks again with messaging_limit_tier on a Graph version without the newer field', async () => {
    const { service, fake } = await setup({ legacyOnly: true, phone: { tier: 'TIER_UNLIMITED', throughput: { level: 'HIGH' }, quality_rating: 'YELLOW' } });
    await connect(service, fake);
    const result = await service.test();
    expect(result).toMatchObject({ ok: true, messagingLimit: null, throughput: 1_000, qualityRating: 'YELLOW' });
    expect(fake.requests[1]?.path).toContain('messaging_limit_tier');
    expect(await service.messagingLimit()).toBeNull();
  });

  it('follows paging.next until the last page', async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({ id: String(i), name: `t_${i}`, language: 'en', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: `Hello {{1}} #${i}` }] }));
    const { service, fake } = await setup({ templates: many });
    await connect(service, fake);
    expect(await service.test()).toMatchObject({ ok: true, templateCount: 230 });
    expect(fake.requests.filter((r) => r.path.includes('message_templates'))).toHaveLength(3);
    expect((await service.templates()).at(-1)?.name).toBe('t_229');
  });

  it('stops after a bounded number of pages when next never ends', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    const loop = (n: number) => JSON.stringify({ data: [{ name: `x${n}`, language: 'en', status: 'APPROVED', category: 'UTILITY', components: [] }], paging: { next: `${fake.url}/${fake.version}/${fake.wabaId}/message_templates?after=${n}` } });
    fake.script({ status: 200, body: JSON.stringify({ id: fake.phoneNumberId, display_phone_number: '+1 555' }) }, ...Array.from({ length: MAX_TEMPLATE_PAGES + 5 }, (_, i) => ({ status: 200, body: loop(i) })));
    const result = await service.test();
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/more than 2000 templates/);
    expect(fake.requests.length).toBe(1 + MAX_TEMPLATE_PAGES);
  });

  it('never sends the token to another server named in paging.next', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    fake.script(
      { status: 200, body: JSON.stringify({ id: fake.phoneNumberId, display_phone_number: '+1 555' }) },
      { status: 200, body: JSON.stringify({ data: [], paging: { next: 'https://evil.example/steal' } }) },
    );
    const result = await service.test();
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('another server') } });
  });

  it('a wrong token: the error in words, with how to get a new one', async () => {
    const { service, fake } = await setup();
    await connect(service, fake, 'not-the-token');
    const result = await service.test();
    expect(result).toMatchObject({ ok: false, error: { code: 190, message: 'The access token is wrong or expired.', action: expect.stringContaining('Create a new one') } });
    expect((await service.view()).lastTest).toEqual(result);
    expect(await service.messagingLimit()).toBeUndefined();
  });

  it('an unknown phone number id (100/33): says to copy the id from WhatsApp Manager', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    await service.update({ phoneNumberId: '999' });
    expect(await service.test()).toMatchObject({ ok: false, error: { code: 100, message: expect.stringContaining('phone number ID'), action: expect.stringContaining('WhatsApp Manager') } });
  });

  it('an unknown WABA id: the number is read, the templates error names the account id', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    await service.update({ wabaId: '424242' });
    expect(await service.test()).toMatchObject({ ok: false, displayPhoneNumber: '+82 10-5555-0100', messagingLimit: 2_000, error: { code: 100, message: expect.stringContaining('Business Account ID') } });
  });

  it('a server that is not there: could not reach it', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    await fake.close();
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -1, message: expect.stringContaining('Could not reach 127.0.0.1'), action: expect.stringContaining('internet connection') } });
  });

  it('a server that does not answer: a timeout in words', async () => {
    const { fake, make } = await setup();
    const service = make(300);
    await connect(service, fake);
    fake.script('hang');
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -11, message: expect.stringContaining('did not answer') } });
  });

  it('an answer that is not JSON (a proxy page): not what WhatsApp sends', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    fake.script('garbage');
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -12, message: expect.stringContaining('not what WhatsApp sends') } });
  });

  it('a 404 without a Graph error body: names the HTTP status and the base URL setting', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    fake.script({ status: 404, body: 'Not Found' });
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -2, message: expect.stringContaining('HTTP 404'), action: expect.stringContaining('API base URL') } });
  });

  it('not set up: names what is missing and sends nothing', async () => {
    const { service, fake } = await setup();
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -10, message: expect.stringContaining('phone number ID and the access token') } });
    expect(fake.requests).toHaveLength(0);
  });

  it('a secrets file that was damaged: the test says the token was lost and must be entered again', async () => {
    const { service, fake, dir } = await setup();
    await connect(service, fake);
    await writeFile(join(dir, 'secrets.json'), 'garbage{');
    expect(await service.test()).toMatchObject({ ok: false, error: { code: -10, message: expect.stringContaining('secrets file was damaged') } });
    expect(await service.view()).toMatchObject({ hasAccessToken: false });
  });

  it('a new token or number forgets the last test (its messaging limit was for the old one)', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    await service.test();
    expect(await service.messagingLimit()).toBe(2_000);
    const view = await service.update({ accessToken: 'another' });
    expect(view.lastTest).toBeUndefined();
    expect(await service.messagingLimit()).toBeUndefined();
  });

  it('templates of another WhatsApp Business Account are not shown as this one’s', async () => {
    const { service, fake } = await setup();
    await connect(service, fake);
    await service.test();
    expect(await service.templates()).toHaveLength(3);
    await service.update({ wabaId: '31337' });
    expect(await service.templates()).toEqual([]);
  });

  it('syncTemplates refuses in words when the account id is missing, and on a wrong token', async () => {
    const { service, fake } = await setup();
    await service.update({ apiBase: fake.url, accessToken: 'x' });
    await expect(service.syncTemplates()).rejects.toMatchObject({ message: expect.stringContaining('WhatsApp Business Account ID') });
    await connect(service, fake, 'wrong');
    await expect(service.syncTemplates()).rejects.toMatchObject({ message: expect.stringContaining('access token is wrong or expired') });
  });
});

describe('CloudSetupService through the core', () => {
  it('never puts a secret in an event or in cloud:get', async () => {
    const fake = await startFakeGraphAccount();
    fakes.push(fake);
    const dir = await mkdtemp(join(tmpdir(), 'shopcast-cloud-core-'));
    const core = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0', platform: 'linux', locale: 'en-US', epoch: 'e1' });
    const seen: unknown[] = [];
    core.events.subscribe((e) => seen.push(e));
    const secrets = { accessToken: fake.token + '-SECRET', appSecret: 'APP-SECRET-xyz', verifyToken: 'VERIFY-xyz' };
    const updated = await core.handlers['cloud:update']({ apiBase: fake.url, phoneNumberId: fake.phoneNumberId, wabaId: fake.wabaId, ...secrets }, { transport: 'test' });
    const got = await core.handlers['cloud:get'](undefined, { transport: 'test' });
    const tested = await core.handlers['cloud:test'](undefined, { transport: 'test' });
    const all = JSON.stringify([seen, updated, got, tested, core.events.since(0)]);
    for (const s of Object.values(secrets)) expect(all).not.toContain(s);
    expect(got).toMatchObject({ hasAccessToken: true, hasAppSecret: true, hasVerifyToken: true });
  });
});

describe('parsers', () => {
  it.each([
    ['TIER_50', 50],
    ['TIER_250', 250],
    ['TIER_1K', 1_000],
    ['TIER_2K', 2_000],
    ['TIER_10K', 10_000],
    ['TIER_100K', 100_000],
    ['TIER_UNLIMITED', null],
    ['UNLIMITED', null],
    [2000, 2_000],
    [{ current_limit: 'TIER_10K' }, 10_000],
    ['TIER_WHAT', undefined],
    [undefined, undefined],
    [-5, undefined],
  ])('messaging limit %j → %j', (input, expected) => {
    expect(parseMessagingLimit(input)).toBe(expected);
  });

  it.each([
    ['Hello', 0],
    ['{{1}} and {{2}}', 2],
    ['{{2}} then {{1}} then {{2}}', 2],
    ['Hi {{first_name}}, order {{order_id}} for {{first_name}}', 2],
  ])('body %j needs %i parameters', (body, n) => {
    expect(countBodyParams(body)).toBe(n);
  });

  it('skips templates without a name or language, and maps unknown status and category to UNKNOWN', () => {
    expect(parseTemplate({ language: 'en' }, 0)).toBeUndefined();
    expect(parseTemplate('garbage', 0)).toBeUndefined();
    expect(parseTemplate({ name: 'x', language: 'en', status: 'LIMBO', category: 'GOSSIP', components: 'nope' }, 5)).toEqual({
      id: 'x:en',
      name: 'x',
      language: 'en',
      status: 'UNKNOWN',
      category: 'UNKNOWN',
      body: '',
      bodyParams: 0,
      syncedAt: 5,
    });
  });
});

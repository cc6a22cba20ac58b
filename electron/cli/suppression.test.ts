import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { SuppressionList } from '../services/suppression';
import { applyWebhookEvents, parseWebhookPayload } from '../services/webhook';
import { runCli } from './main';
import { suppressionCommand, type ListedSuppression } from './suppression';
import { recordingIo } from './testIo';

let cwd: string;
let dataDir: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'shopcast-suppression-cli-'));
  dataDir = join(cwd, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const T1 = Date.UTC(2026, 11, 1, 2, 0, 0);
const T2 = Date.UTC(2026, 11, 2, 9, 30, 0);
const T3 = Date.UTC(2026, 11, 3, 23, 59, 59);

/** The list as the app leaves it: written through the service, with a removal and a sandbox entry. */
async function appList(): Promise<void> {
  const list = await SuppressionList.load(nodeJournalFs, dataDir);
  await list.add({ contact: '+821022222222', reason: 'unreachable', at: T2, source: '131026' });
  await list.add({ contact: '+821011111111', userId: 'KR.1189543025813', reason: 'opted_out', at: T1, source: 'STOP 수신거부' });
  await list.add({ contact: '+886912000001', reason: 'stopped_marketing', at: T3, source: 'user_preferences' });
  await list.add({ contact: '+821033333333', reason: 'opted_out', at: T1, source: 'STOP' });
  await list.remove('+821033333333', T2);
  await list.sandboxView.add({ contact: '+821044444444', reason: 'opted_out', at: T1 });
}

async function run(...args: string[]) {
  const io = recordingIo({ cwd });
  const code = await runCli(['suppression', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('shopcast suppression list', () => {
  it('prints a table: every identifier, the reason, what caused it and since when (ISO-8601), oldest first; Hangul takes two columns', async () => {
    await appList();
    const { code, out, err } = await run('list', '--data-dir', 'data');
    expect([code, err]).toEqual([0, '']);
    expect(out.split('\n')).toEqual([
      'phone          user id           reason             cause                  since',
      '+821011111111  KR.1189543025813  opted_out          reply "STOP 수신거부"  2026-12-01T02:00:00.000Z',
      '+821022222222  -                 unreachable        error 131026           2026-12-02T09:30:00.000Z',
      '+886912000001  -                 stopped_marketing  stopped in WhatsApp    2026-12-03T23:59:59.000Z',
      '3 entries.',
      '',
    ]);
  });

  it('--json prints an array with the same entries (no removed and no sandbox ones)', async () => {
    await appList();
    const { code, out } = await run('list', '--data-dir', 'data', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out) as ListedSuppression[]).toEqual([
      { phone: '+821011111111', userId: 'KR.1189543025813', reason: 'opted_out', source: 'STOP 수신거부', at: '2026-12-01T02:00:00.000Z' },
      { phone: '+821022222222', reason: 'unreachable', source: '131026', at: '2026-12-02T09:30:00.000Z' },
      { phone: '+886912000001', reason: 'stopped_marketing', source: 'user_preferences', at: '2026-12-03T23:59:59.000Z' },
    ]);
  });

  it('--json lists a username-only customer who said STOP by their user id, and the phone once the identity book links it', async () => {
    const list = await SuppressionList.load(nodeJournalFs, dataDir);
    const webhook = (change: unknown) => applyWebhookEvents(parseWebhookPayload({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [change] }] }), { suppression: list, now: () => T1 });
    await webhook({ field: 'messages', value: { contacts: [{ profile: { username: 'minji' }, user_id: 'KR.77' }], messages: [{ id: 'm1', from_user_id: 'KR.77', timestamp: '1', type: 'text', text: { body: 'STOP' } }] } });
    const before = JSON.parse((await run('list', '--data-dir', 'data', '--json')).out) as ListedSuppression[];
    expect(before).toEqual([{ userId: 'KR.77', reason: 'opted_out', source: 'STOP', at: '2026-12-01T02:00:00.000Z' }]);
    expect((await run('list', '--data-dir', 'data')).out).toMatch(/^-\s+KR\.77\s+opted_out\s+reply "STOP"/m);
    // A delivery status carrying both the number and the user id links them: the STOP now holds under the phone too.
    await webhook({ field: 'messages', value: { statuses: [{ id: 'wamid.1', status: 'delivered', timestamp: '2', recipient_id: '821077777777', recipient_user_id: 'KR.77' }] } });
    expect(JSON.parse((await run('list', '--data-dir', 'data', '--json')).out)).toEqual([
      { phone: '+821077777777', userId: 'KR.77', reason: 'opted_out', source: 'STOP', at: '2026-12-01T02:00:00.000Z' },
    ]); // one row: the entry under the user id is the same person's
  });

  it('reads the data folder from SHOPCAST_DATA_DIR when no --data-dir is given', async () => {
    await appList();
    const io = recordingIo({ cwd: '/', env: { SHOPCAST_DATA_DIR: dataDir } });
    expect(await runCli(['suppression', 'list', '--json'], io)).toBe(0);
    expect((JSON.parse(io.out) as unknown[]).length).toBe(3);
  });

  it('says so when the list is empty', async () => {
    expect(await run('list', '--data-dir', 'data')).toEqual({ code: 0, out: 'The do-not-message list is empty.\n', err: '' });
    expect((await run('list', '--data-dir', 'data', '--json')).out).toBe('[]\n');
  });

  it('reads a legacy file and lists a damaged line that still names a number, said on stderr; writes nothing', async () => {
    const legacy = JSON.stringify({ contact: '+821011111111', reason: 'opted_out', at: T1, source: 'STOP' });
    writeFileSync(join(dataDir, 'suppression.jsonl'), `${legacy}\n{"contact":"+821055555555","reason":"opted_out","at":17\u0000\n`);
    const before = readdirSync(dataDir);
    const { code, out, err } = await run('list', '--data-dir', 'data', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as ListedSuppression[]).map((r) => [r.phone, r.at])).toEqual([
      ['+821055555555', null], // the time was cut off: unknown, but still suppressed
      ['+821011111111', '2026-12-01T02:00:00.000Z'],
    ]);
    expect(err).toBe('suppression.jsonl line 2 is damaged (not_json); the number it names is listed and stays suppressed\n');
    expect(readdirSync(dataDir)).toEqual(before); // no quarantine file: read-only
  });

  it('works while the app holds the data folder’s lock (it takes none)', async () => {
    await appList();
    writeFileSync(join(dataDir, 'sending.lock'), JSON.stringify({ pid: process.pid }));
    expect((await run('list', '--data-dir', 'data')).code).toBe(0);
    expect(existsSync(join(dataDir, 'sending.lock'))).toBe(true);
  });

  it.each([
    [['list', '--data-dir', 'nowhere'], 1, /there is no data folder at .*nowhere/],
    [[], 2, /say what to do: list/],
    [['show'], 2, /unknown action "show"/],
    [['list', 'extra'], 2, /unexpected argument "extra"/],
    [['list', '--csv'], 2, /unknown option --csv/],
  ])('refuses %j with exit %i', async (args, exit, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });

  it('fails with exit 1 when the list cannot be read', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const command = suppressionCommand({ ...nodeJournalFs, readText: () => Promise.reject(denied) });
    const io = recordingIo({ cwd });
    expect(await command.run(['list', '--data-dir', 'data'], io)).toBe(1);
    expect(io.err).toMatch(/cannot read .*suppression\.jsonl: not allowed to read it \(EACCES: permission denied\)/);
  });

  it('is listed in shopcast --help', async () => {
    const io = recordingIo({ cwd });
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^ {2}suppression +list the do-not-message list/m);
  });
});

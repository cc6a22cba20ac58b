import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cautiousPolicy } from '../../shared/domain/pacing';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeJournalFs } from '../adapters/journalFs';
import { shiftedClock } from '../services/engine';
import { seededRandom } from '../../shared/domain/random';
import { Journal } from '../services/journal';
import { SuppressionList } from '../services/suppression';
import { parseFlags } from './flags';
import { looserField, readPolicyFile, readRecipients, SEND_FLAGS, sendCommand } from './send';
import { recordingIo } from './testIo';

const root = resolve(__dirname, '..', '..');
/**
 * The CLI's time in these tests: Tuesday 2026-12-01 11:00 in Seoul, running on at the normal rate. Never the
 * machine's clock: Korean numbers have quiet hours and night-time advertising rules, so a wall clock would make
 * these tests pass by day and wait at night.
 */
const CLOCK_START = '2026-12-01T02:00:00Z';
const testClock = () => shiftedClock(Date.parse(CLOCK_START));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-send-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const io = () => recordingIo({ cwd: dir });

const csv = (n: number) => `name,phone\n${Array.from({ length: n }, (_, i) => `Customer ${i},010-${String(1000 + Math.floor(i / 10_000)).padStart(4, '0')}-${String(i % 10_000).padStart(4, '0')}`).join('\n')}\n`;
/**
 * The journal of the campaign in `data`: the one with the most written (a kill between a campaign folder's creation
 * and its first write leaves an empty one behind, which holds no campaign).
 */
function journalIn(data: string): string | undefined {
  const campaigns = join(data, 'campaigns');
  let best: { path: string; size: number } | undefined;
  try {
    for (const id of readdirSync(campaigns)) {
      const path = join(campaigns, id, 'journal.jsonl');
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        continue;
      }
      if (!best || size > best.size) best = { path, size };
    }
  } catch {
    return undefined;
  }
  return best?.path;
}

describe('send flags and inputs', () => {
  it('reads --name value, --name=value and boolean flags', () => {
    expect(parseFlags(['--text', 'Hi', '--rate=5', '--no-quiet-hours'], SEND_FLAGS)).toEqual({
      flags: new Map<string, string | true>([['text', 'Hi'], ['rate', '5'], ['no-quiet-hours', true]]),
      positionals: [],
    });
  });

  it('says which flag is missing its value', () => {
    expect(parseFlags(['--text'], SEND_FLAGS)).toBe('--text needs a value');
  });

  it('refuses a flag it does not know, so a typo is not ignored', () => {
    expect(parseFlags(['--dayly-cap', '5'], SEND_FLAGS)).toBe('unknown option --dayly-cap');
  });

  it('finds the phone column by its header, removes duplicates and reports unusable rows', () => {
    const read = readRecipients(new TextEncoder().encode('이름,휴대폰\n김,010-1234-5678\n이,+82 10 1234 5678\n박,abc\n'), 'KR');
    expect(read).toEqual({ recipients: [{ contact: '+821012345678', name: '김' }], rejected: [{ row: 4, reason: 'not_a_number' }] });
  });

  it('reads a CP949 file from Excel with its Korean names intact', async () => {
    const cp949 = await readFile(new URL('../../test/fixtures/import/cp949.csv', import.meta.url));
    const read = readRecipients(cp949, 'KR');
    expect(typeof read !== 'string' && read.recipients.map((r) => r.name)).toContain('똠양꿍');
  });

  it('says why a file that is not a contact list cannot be read', () => {
    expect(readRecipients(new Uint8Array([0, 1, 2, 3, 0, 0, 0, 255]), 'KR')).toEqual(expect.any(String));
  });

  it('a policy file names only the shop\'s own numbers, and cannot lift quiet hours or a cap', () => {
    expect(readPolicyFile({ hourlyCap: 100, ratePerSecond: 2 })).toEqual({ hourlyCap: 100, ratePerSecond: 2 });
    expect(readPolicyFile({ quietHours: null })).toMatch(/"quietHours": null .*changed in the app/);
    expect(readPolicyFile({ dailyCap: null })).toMatch(/"dailyCap": null would remove the cap/);
    expect(readPolicyFile({ pairGapMs: 0 })).toMatch(/"pairGapMs" cannot be set here/);
    expect(readPolicyFile({ ratePerSecond: null })).toMatch(/ratePerSecond must be a number/);
    expect(readPolicyFile({ hourlyCap: 'lots' })).toMatch(/hourlyCap must be a number/);
  });

  it('only stricter numbers pass: a higher rate, a higher cap or shorter quiet hours are named as looser', () => {
    const cautious = cautiousPolicy('Asia/Seoul'); // 5 a second, 200 an hour, the warm-up, quiet 00–06
    expect(looserField(cautious, { ratePerSecond: 2, hourlyCap: 100, dailyCap: 40, quietHours: { startHour: 22, endHour: 8 } })).toBeUndefined();
    expect(looserField(cautious, { ratePerSecond: 5 })).toBeUndefined(); // the same is not looser
    expect(looserField(cautious, { ratePerSecond: 6 })).toEqual({ field: 'ratePerSecond', wanted: 6, current: 5 });
    expect(looserField(cautious, { hourlyCap: 500 })).toMatchObject({ field: 'hourlyCap' });
    expect(looserField(cautious, { dailyCap: 100 })).toEqual({ field: 'dailyCap', wanted: 100, current: 'warmup' }); // the warm-up starts at 50
    expect(looserField(cautious, { quietHours: { startHour: 1, endHour: 5 } })).toMatchObject({ field: 'quietHours' });
  });
});

describe('shopcast send', () => {
  let fake: FakeGraphApi;
  beforeEach(async () => {
    fake = await startFakeGraphApi();
  });
  afterEach(() => fake.close());
  // An unlimited number: the Platform preset (80 a second), so 30 people take well under a second.
  const cloudArgs = () => ['--channel', 'cloud', '--api-base', fake.url, '--phone-number-id', fake.phoneNumberId, '--access-token', fake.token, '--messaging-limit', '0', '--data-dir', 'data'];

  it('sends a sandbox campaign to the end', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(20));
    const t = io();
    const code = await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi {name}', '--data-dir', 'data'], t);
    expect(t.err).not.toMatch(/shopcast send:/);
    expect(code).toBe(0);
    expect(t.out).toMatch(/SANDBOX/);
    // The data folder it made holds customer numbers: this user's only.
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
  });

  it('refuses a 1.5 GB contacts file by its size, before reading it', async () => {
    writeFileSync(join(dir, 'huge.csv'), '');
    truncateSync(join(dir, 'huge.csv'), 1_500 * 1_048_576); // sparse: no real disk used
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'huge.csv', '--text', 'Hi', '--data-dir', 'data'], t)).toBe(1);
    expect(t.err).toMatch(/huge\.csv is 1500 MB; the cap is 64 MB/);
  });

  it('refuses to send while another Shopcast holds the data folder (the app or the browser host), naming it', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(3));
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'sending.lock'), String(process.ppid)); // a live process that is not this one
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi', '--data-dir', 'data'], t)).toBe(1);
    expect(t.err).toContain(`another Shopcast (process ${process.ppid}) is sending`);
  });

  it('sends through the Cloud API with the name filled in, and a second run sends nothing again', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(30));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi {name}', ...cloudArgs()], io())).toBe(0);
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi {name}', ...cloudArgs()], io())).toBe(0);
    expect(fake.totalRequests()).toBe(30);
  });

  it("a row's WhatsApp user id travels with its phone: suppressed under the user id, that person is skipped", async () => {
    writeFileSync(join(dir, 'list.csv'), 'name,phone,user_id\nMina,010-5550-1234,KR.mina01\nJiho,010-5550-5678,\n');
    const suppression = await SuppressionList.load(nodeJournalFs, join(dir, 'data'));
    await suppression.add({ contact: 'KR.mina01', reason: 'opted_out', at: Date.parse(CLOCK_START) });
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi {name}', ...cloudArgs()], io())).toBe(0);
    expect([...fake.requests.keys()]).toEqual(['821055505678']);
    const jobs = readFileSync(journalIn(join(dir, 'data'))!, 'utf8').split('\n').filter((l) => l.includes('"t":"job"'));
    expect(jobs.some((l) => l.includes('"contact":"+821055501234"') && l.includes('"userId":"KR.mina01"'))).toBe(true);
  });

  it('a row with only a WhatsApp user id is sent to that id (the Cloud API\'s recipient), never read as a phone', async () => {
    writeFileSync(join(dir, 'list.csv'), 'name,phone,user_id\nMina,,KR.mina01\nJiho,010-5550-5678,\n');
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi {name}', ...cloudArgs()], io())).toBe(0);
    expect([...fake.requests.keys()].sort()).toEqual(['821055505678', 'KR.mina01']);
  });

  it('a damaged recipient line loses nobody: before sending it is sent once; after its send it is never sent again', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(6));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    expect(await cmd.run(args, io())).toBe(0);
    expect(fake.totalRequests()).toBe(6);
    const journal = journalIn(join(dir, 'data'))!;
    const id = basename(dirname(journal));
    // Damage recipient 2's line (one flipped character): its send records are still there.
    const lines = readFileSync(journal, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`"job":"${id}-2"`) && l.includes('"t":"job"'));
    lines[at] = lines[at]!.replace('"t":"job"', '"t":"jOb"');
    writeFileSync(journal, lines.join('\n'));
    const again = io();
    expect(await cmd.run(args, again)).toBe(0);
    expect(again.err).toMatch(/journal line \d+ could not be trusted \(checksum\)/);
    expect(again.err).toMatch(/1 recipient\(s\) lost with a damaged journal line were read again .*1 of them may have been sent already/);
    expect(again.out).toMatch(/accepted 5\/6 .* may have been sent 1/);
    expect(fake.totalRequests()).toBe(6); // nobody twice
  });

  it('a campaign whose first write was cut short (no seal yet) gets its missing recipients, each sent once', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(8));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    // Make the journal a crash would leave: run to the end, then keep only the campaign record and 3 of 8 jobs.
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs().map((a) => (a === 'data' ? 'scratch' : a))], io())).toBe(0);
    const id = basename(dirname(journalIn(join(dir, 'scratch'))!));
    const full = readFileSync(join(dir, 'scratch', 'campaigns', id, 'journal.jsonl'), 'utf8').split('\n');
    const cut = full.filter((l) => l.includes('"t":"campaign"') || [0, 1, 2].some((i) => l.includes(`"job":"${id}-${i}"`) && l.includes('"t":"job"')));
    mkdirSync(join(dir, 'data', 'campaigns', id), { recursive: true });
    writeFileSync(join(dir, 'data', 'campaigns', id, 'journal.jsonl'), `${cut.join('\n')}\n{"c":"1234`); // and a torn last line
    const before = fake.totalRequests();
    const t = io();
    expect(await cmd.run(args, t)).toBe(0);
    expect(t.out).toMatch(/Campaign \S+: 8 recipients/);
    expect(t.out).toMatch(/accepted 8\/8/);
    expect(fake.totalRequests() - before).toBe(8);
  });

  it('a damaged journal line stops the next run with where to look (the one after goes on); a torn last line is only reported', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(5));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    expect(await cmd.run(args, io())).toBe(0);
    const journal = journalIn(join(dir, 'data'))!;
    const good = readFileSync(journal, 'utf8');
    writeFileSync(journal, `${good}{"c":"00000000","r":{"t":"sta`);
    const torn = io();
    expect(await cmd.run(args, torn)).toBe(0);
    expect(torn.err).toMatch(/could not be trusted \(torn\)/);
    writeFileSync(journal, `${good}\u0000garbage\n`);
    const damaged = io();
    expect(await cmd.run(args, damaged)).toBe(1);
    expect(damaged.err).toMatch(/journal is damaged.*quarantine/);
    expect(await cmd.run(args, io())).toBe(0); // running again is the go-ahead
    expect(fake.totalRequests()).toBe(5);
  });

  it('statuses kept by `shopcast webhook` settle a message that was left ambiguous, on the next run, without resending', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(2));
    fake.script('+821010000001', ['drop']);
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    const first = io();
    await cmd.run(args, first);
    expect(first.out).toMatch(/may have been sent 1/);
    const [wamid, msg] = [...fake.messages].find(([, m]) => m.to === '821010000001')!;
    writeFileSync(join(dir, 'data', 'webhook-events.jsonl'), `${JSON.stringify({ kind: 'status', wamid, status: 'delivered', jobId: msg.opaque, timestamp: 1 })}\n{"torn`);
    const second = io();
    expect(await cmd.run(args, second)).toBe(0);
    expect(second.out).toMatch(/1 status update/);
    expect(second.out).toMatch(/accepted 2\/2 .* may have been sent 0/);
    expect(fake.requests.get('821010000001')).toBe(1);
  });

  it('the sending rules only tighten: a looser --rate is refused naming the field, a stricter one is used', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(3));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const looser = io();
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs(), '--rate', '500'], looser)).toBe(2);
    expect(looser.err).toMatch(/--rate 500 is looser than the sending rules in force \(ratePerSecond 80\)/);
    expect(fake.totalRequests()).toBe(0);
    expect(existsSync(join(dir, 'data', 'campaigns'))).toBe(false); // refused before anything was written
    const stricter = io();
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs(), '--rate', '40'], stricter)).toBe(0);
    expect(stricter.out).toMatch(/At most 40 a second/);
    expect(fake.totalRequests()).toBe(3);
  });

  it("the shop's policy.json applies as in the app, and the CLI cannot go above it", async () => {
    writeFileSync(join(dir, 'list.csv'), csv(2));
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'policy.json'), JSON.stringify({ preset: 'auto', overrides: { ratePerSecond: 3, hourlyCap: 100 } }));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const above = io();
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs(), '--rate', '10'], above)).toBe(2);
    expect(above.err).toMatch(/--rate 10 is looser .*\(ratePerSecond 3\)/);
    writeFileSync(join(dir, 'cap.json'), JSON.stringify({ hourlyCap: 150 }));
    const capped = io();
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs(), '--policy', 'cap.json'], capped)).toBe(2);
    expect(capped.err).toMatch(/cap\.json: "hourlyCap" 150 is looser .*\(hourlyCap 100\)/);
    const t = io();
    expect(await cmd.run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()], t)).toBe(0);
    expect(t.out).toMatch(/At most 3 a second/);
    // The shop's file is read, never written.
    expect(JSON.parse(readFileSync(join(dir, 'data', 'policy.json'), 'utf8'))).toEqual({ preset: 'auto', overrides: { ratePerSecond: 3, hourlyCap: 100 } });
  });

  it('--no-quiet-hours is refused with why: quiet hours are the shop\'s rules, changed in the app', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(1));
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi', '--no-quiet-hours', '--data-dir', 'data'], t)).toBe(2);
    expect(t.err).toMatch(/--no-quiet-hours is gone: quiet hours are the shop's sending rules.*change them in the app/);
  });

  it("main's refusals at start are printed in words with their codes: everyone left has opted out", async () => {
    writeFileSync(join(dir, 'list.csv'), csv(3));
    const suppression = await SuppressionList.load(nodeJournalFs, join(dir, 'data'));
    for (let i = 0; i < 3; i++) await suppression.add({ contact: `+821010000${String(i).padStart(3, '0')}`, reason: 'opted_out', at: Date.parse(CLOCK_START) });
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()], t)).toBe(1);
    expect(t.err).toMatch(/the campaign cannot start:\n {2}- Every recipient left to send has opted out or cannot be reached\. \(all_suppressed\)/);
    expect(fake.totalRequests()).toBe(0);
  });

  it('a message with no content is refused by main (content_missing), nothing sent', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(2));
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', '   ', ...cloudArgs()], t)).toBe(1);
    expect(t.err).toMatch(/- The message has no content .* \(content_missing\)/);
    expect(fake.totalRequests()).toBe(0);
  });

  it('Ctrl+C pauses the campaign (exit 1, saying how to resume); the same command resumes it and nobody gets two', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(200));
    const cmd = sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid });
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    let press!: () => void;
    const first = Object.assign(io(), { interrupted: new Promise<void>((r) => (press = r)) });
    const running = cmd.run(args, first);
    await fake.whenRequests(10);
    press();
    expect(await running).toBe(1);
    expect(first.err).toMatch(/Interrupted: pausing/);
    expect(first.err).toMatch(/Campaign paused: .*Run the same command again to resume\./);
    expect(fake.totalRequests()).toBeLessThan(200);
    const second = io();
    expect(await cmd.run(args, second)).toBe(0);
    expect(second.out).toMatch(/accepted 200\/200/);
    expect(fake.totalRequests()).toBe(200);
    expect([...fake.requests.values()].every((c) => c === 1)).toBe(true);
  });

  it("a campaign an older shopcast send started (its folder named by the key, no app draft) is never started again from scratch", async () => {
    writeFileSync(join(dir, 'list.csv'), csv(2));
    const args = ['--contacts', 'list.csv', '--text', 'Hi', ...cloudArgs()];
    const key = createHash('sha256')
      .update(JSON.stringify({ spec: { channel: 'cloud', text: 'Hi', language: 'en_US', country: 'KR' }, recipients: ['+821010000000', '+821010000001'] }))
      .digest('hex')
      .slice(0, 16);
    const { journal } = await Journal.open(nodeJournalFs, join(dir, 'data', 'campaigns', key, 'journal.jsonl'), () => 0);
    await journal.appendAll([{ t: 'campaign', id: key, spec: { channel: 'cloud', text: 'Hi', recipientCount: 2 }, at: 1 }, { t: 'job', job: `${key}-0`, contact: '+821010000000' }]);
    await journal.close();
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(args, t)).toBe(1);
    expect(t.err).toMatch(/started by an older shopcast send .*nothing was sent/);
    expect(fake.totalRequests()).toBe(0);
    expect(readdirSync(join(dir, 'data', 'campaigns'))).toEqual([key]);
  });

  it('asks for the credentials the Cloud API needs', async () => {
    writeFileSync(join(dir, 'list.csv'), csv(1));
    const t = io();
    expect(await sendCommand({ fs: nodeJournalFs, clock: testClock(), pid: process.pid }).run(['--contacts', 'list.csv', '--text', 'Hi', '--channel', 'cloud'], t)).toBe(2);
    expect(t.err).toMatch(/SHOPCAST_ACCESS_TOKEN/);
  });
});

describe('shopcast send survives kill -9', () => {
  let runner: string;
  let fake: FakeGraphApi;
  beforeAll(async () => {
    runner = join(mkdtempSync(join(tmpdir(), 'shopcast-runner-')), 'send.mjs');
    await build({
      stdin: {
        contents: `import { sendCommand } from ${JSON.stringify(join(root, 'electron/cli/send.ts'))};
import { nodeJournalFs } from ${JSON.stringify(join(root, 'electron/adapters/journalFs.ts'))};
import { shiftedClock } from ${JSON.stringify(join(root, 'electron/services/engine.ts'))};
const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, cwd: process.cwd(), interrupted: new Promise(() => {}) };
// The test's clock, not the machine's (see CLOCK_START in send.test.ts).
const send = sendCommand({ fs: nodeJournalFs, clock: shiftedClock(Date.parse(${JSON.stringify(CLOCK_START)})), pid: process.pid });
send.run(process.argv.slice(2), io).then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });`,
        resolveDir: root,
        loader: 'ts',
      },
      outfile: runner,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
  });
  afterAll(() => rmSync(resolve(runner, '..'), { recursive: true, force: true }));
  beforeEach(async () => {
    fake = await startFakeGraphApi();
  });
  afterEach(() => fake.close());

  function start(args: string[]) {
    const child = spawn(process.execPath, [runner, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    return { child, exited, err: () => err };
  }

  it('200,000 recipients, killed -9 during the first write again and again: the list ends whole and sealed, nobody sent before the seal', async () => {
    const n = 200_000;
    writeFileSync(join(dir, 'list.csv'), csv(n));
    // Slow on purpose (1 a second, stricter than the preset's): each run is killed soon after the seal, so the test
    // is about the list.
    writeFileSync(join(dir, 'slow.json'), JSON.stringify({ ratePerSecond: 1 }));
    const args = ['--contacts', 'list.csv', '--text', 'Sale {name}', '--channel', 'cloud', '--api-base', fake.url, '--phone-number-id', fake.phoneNumberId, '--access-token', fake.token, '--messaging-limit', '0', '--policy', 'slow.json', '--data-dir', 'data'];
    const journalOf = () => journalIn(join(dir, 'data'));
    const size = () => {
      const j = journalOf();
      try {
        return j ? statSync(j).size : 0;
      } catch {
        return 0;
      }
    };
    let midWrite = 0;
    for (let round = 0; round < 4; round++) {
      const run = start(args);
      const before = size();
      // Kill as soon as the journal grew (the first write is under way), or give up when the run sealed first.
      let out = '';
      run.child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 3_000 && size() === before && !/Campaign /.test(out); i++) await new Promise((r) => setTimeout(r, 2));
      run.child.kill('SIGKILL');
      await run.exited;
      if (!/Campaign /.test(out)) midWrite++;
    }
    expect(midWrite).toBeGreaterThanOrEqual(2);
    // A last run seals the list; it is stopped once sending began.
    const last = start(args);
    let out = '';
    last.child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 30_000 && !/Campaign /.test(out); i++) await new Promise((r) => setTimeout(r, 2));
    expect(out).toMatch(/Campaign \S+: 200000 recipients/);
    last.child.kill('SIGKILL');
    await last.exited;
    const { replay } = await Journal.open(nodeJournalFs, journalOf()!, () => 0);
    expect(replay.sealed?.count).toBe(n);
    expect(replay.jobs.size).toBe(n);
    expect(new Set([...replay.jobs.values()].map((j) => j.contact)).size).toBe(n);
    // At most the one message the slow rate allows went out, to one person, once.
    expect(fake.totalRequests()).toBeLessThanOrEqual(3);
    expect([...fake.requests.values()].every((c) => c === 1)).toBe(true);
  }, 120_000);

  it('1,000 recipients, killed 50 times at random points: nobody gets two messages and every job ends settled', async () => {
    // Kill points are random but seeded (KILL_SEED to explore others), so a failure can be replayed.
    const random = seededRandom(Number(process.env.KILL_SEED ?? 20_261_124));
    const n = 1_000;
    writeFileSync(join(dir, 'list.csv'), csv(n));
    // An unlimited number (--messaging-limit 0): the Platform preset, 80 a second.
    for (let i = 5; i < n; i += 97) fake.script(`+8210${String(1000 + Math.floor(i / 10_000)).padStart(4, '0')}${String(i % 10_000).padStart(4, '0')}`, ['drop']);
    const args = ['--contacts', 'list.csv', '--text', 'Sale {name}', '--channel', 'cloud', '--api-base', fake.url, '--phone-number-id', fake.phoneNumberId, '--access-token', fake.token, '--messaging-limit', '0', '--data-dir', 'data'];
    // 50 kills during one campaign (issue 4): every other one lands right after the fake received a request (before
    // or after it answered, before or after the outcome reached the journal); the rest at a random moment after
    // start (opening the journal, recovery, a group commit in progress).
    let killedAt = 0;
    let kills = 0;
    for (let round = 0; round < 50; round++) {
      const run = start(args);
      let reached: boolean;
      if (round % 2 === 0) {
        const target = killedAt + 5 + Math.floor(random() * 25);
        reached = await Promise.race([fake.whenRequests(target).then(() => true), run.exited.then(() => false)]);
      } else {
        const delay = 50 + Math.floor(random() * 400);
        reached = await Promise.race([new Promise<boolean>((r) => setTimeout(() => r(true), delay)), run.exited.then(() => false)]);
      }
      if (reached) {
        run.child.kill('SIGKILL');
        kills++;
      }
      await run.exited;
      killedAt = fake.totalRequests();
    }
    expect(kills).toBeGreaterThanOrEqual(45);
    const last = start(args);
    const code = await last.exited;
    expect(last.err()).not.toMatch(/already being sent|damaged/);
    expect(code).toBe(0);

    expect([...fake.requests.values()].every((c) => c === 1)).toBe(true);
    expect([...fake.accepted.values()].every((c) => c === 1)).toBe(true);
    const journal = journalIn(join(dir, 'data'))!;
    const { replay } = await Journal.open(nodeJournalFs, journal, () => 0);
    const phases = [...replay.jobs.values()].map((j) => j.phase);
    const count = (p: string) => phases.filter((x) => x === p).length;
    expect(count('queued') + count('attempting')).toBe(0);
    expect(count('accepted') + count('failed') + count('skipped') + count('ambiguous')).toBe(n);
    // Everything WhatsApp accepted is either known accepted or honestly ambiguous; nothing ambiguous was resent.
    expect(count('accepted') + count('ambiguous')).toBeGreaterThanOrEqual(fake.accepted.size);
    expect(readFileSync(journal, 'utf8').length).toBeGreaterThan(0);
  }, 240_000);
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { checkCommand, zoneForOffset, type Verdict } from './check';
import { runCli } from './main';
import { recordingIo } from './testIo';

/** 2026-12-01 11:00 in Seoul: a good time, outside quiet hours. */
const NOW = Date.UTC(2026, 11, 1, 2, 0, 0);

/**
 * A folder with a contacts file and an empty data folder. The local zone given to the command is deliberately far
 * from Seoul: KR numbers are checked in Seoul's time whatever the computer says.
 */
function setup(csv: string, files: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'shopcast-check-'));
  writeFileSync(join(cwd, 'list.csv'), csv);
  const dataDir = join(cwd, 'data');
  mkdirSync(dataDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dataDir, name), text);
  const io = recordingIo({ cwd });
  const command = checkCommand({ clock: { now: () => NOW }, fs: nodeJournalFs, localZone: () => 'America/Los_Angeles' });
  const run = (...args: string[]) => command.run(['--contacts', 'list.csv', '--data-dir', 'data', ...args], io);
  return { io, run, cwd, dir: dataDir };
}

const OPTED_IN = 'name,phone,opt_in\n김민지,010-2000-0001,yes\n이서준,010-2000-0002,yes\n';
const NO_OPT_IN = 'name,phone\n김민지,010-2000-0001\n이서준,010-2000-0002\n';
/** Taiwanese numbers: the generic opt-out rule alone (for KR numbers Korean law asks for the Korean line instead). */
const TW_OPTED_IN = 'name,phone,opt_in\n林怡君,+886912000001,yes\n陳冠宇,+886912000002,yes\n';
/** Lawful for a promotion to KR numbers too (DOMAIN.md §2b): "(광고)", the shop's name, the Korean opt-out line. */
const OPT_OUT_TEXT = '(광고) Hi {name}, new arrivals at Mina Flowers this week.\n\nReply STOP to unsubscribe\nSTOP 회신 시 수신 거부';
const SHOP_SETTINGS = { 'settings.json': JSON.stringify({ shopName: 'Mina Flowers', defaultCountry: 'KR', language: 'en', sendingChannel: 'sandbox', setupDone: true }) };

const lineOf = (out: string, rule: string) => out.split('\n').find((l) => l.split(/\s{2,}/)[1] === rule);
const json = (out: string) => JSON.parse(out) as { verdicts: Verdict[]; blocks: number; warnings: number; recipients: number };

describe('shopcast check', () => {
  it('blocks a promotion without an opt-out line: the rule id, the reason in the wizard’s words, exit 3', async () => {
    const { io, run } = setup(TW_OPTED_IN);
    expect(await run('--text', 'Hi {name}, new arrivals this week.', '--promotion')).toBe(3);
    expect(lineOf(io.out, 'opt_out_line')).toMatch(/^block\s+opt_out_line\s+There is no opt-out line: add “.+” so people know how to stop your messages\.$/);
    expect(io.out).toMatch(/2 recipients via sandbox: 1 block, \d+ warnings?\. This cannot be sent as it is/);
  });

  it('says the same in --json: verdicts with rule, verdict, reason, key and params, and the counts', async () => {
    const { io, run } = setup(TW_OPTED_IN);
    expect(await run('--text', 'Hi {name}, new arrivals this week.', '--promotion', '--json')).toBe(3);
    const report = json(io.out);
    const optOut = report.verdicts.find((v) => v.rule === 'opt_out_line');
    expect(optOut).toMatchObject({ verdict: 'block', key: 'checklist.opt_out_line.missing', reason: expect.stringContaining('There is no opt-out line') });
    expect(optOut?.params).toHaveProperty('line');
    expect(report.blocks).toBe(report.verdicts.filter((v) => v.verdict === 'block').length);
    expect(report.blocks).toBe(1);
    expect(report.recipients).toBe(2);
  });

  it('passes with the opt-out line and opted-in contacts: exit 0', async () => {
    const { io, run } = setup(OPTED_IN, SHOP_SETTINGS);
    expect(await run('--text', OPT_OUT_TEXT, '--promotion', '--json')).toBe(0);
    const report = json(io.out);
    expect(report.blocks).toBe(0);
    expect(report.verdicts.find((v) => v.rule === 'opt_out_line')?.verdict).toBe('pass');
    // The file says "yes" without a source: opted in as claimed by the file, as the app's import records it, so the
    // rule warns (it does not block) and says so instead of "opted in, with a date and a source".
    const optIn = report.verdicts.find((v) => v.rule === 'opt_in');
    expect(optIn).toMatchObject({ verdict: 'warn', key: 'checklist.opt_in.claimed', params: { count: 2 } });
  });

  it('a consent source column is the source (not a claim), and the check writes nothing to the data folder', async () => {
    const sourced = 'name,phone,opt_in,consent_source\n김민지,010-2000-0001,yes,매장 가입서\n이서준,010-2000-0002,yes,매장 가입서\n';
    const damaged = `${JSON.stringify({ contact: '+821099990000', reason: 'opted_out', at: NOW - 1000 })}\n{not json\n`;
    const { io, run, dir } = setup(sourced, { ...SHOP_SETTINGS, 'suppression.jsonl': damaged });
    expect(await run('--text', OPT_OUT_TEXT, '--promotion', '--json')).toBe(0);
    expect(json(io.out).verdicts.find((v) => v.rule === 'opt_in')).toMatchObject({ verdict: 'pass' });
    expect(existsSync(join(dir, 'suppression.jsonl.quarantine'))).toBe(false); // read-only: no quarantine copy
    expect(readFileSync(join(dir, 'suppression.jsonl'), 'utf8')).toBe(damaged);
  });

  it('blocks a promotion to contacts with no recorded opt-in, as the wizard does', async () => {
    const { io, run } = setup(NO_OPT_IN);
    expect(await run('--text', OPT_OUT_TEXT, '--promotion')).toBe(3);
    expect(lineOf(io.out, 'opt_in')).toMatch(/^block\s+opt_in\s+2 recipients have no recorded opt-in, and promotional messages need one/);
  });

  it('warns about quiet hours for KR numbers at 03:00 Seoul time, and names the hours in the recipients’ time', async () => {
    const { io, run } = setup(OPTED_IN);
    expect(await run('--text', OPT_OUT_TEXT, '--at', '2026-12-01T03:00+09:00')).toBe(0); // not a promotion: Korean law's 21:00–08:00 rule would block
    expect(lineOf(io.out, 'quiet_hours')).toBe(
      'warn   quiet_hours       At the start, 2 recipients are in quiet hours (0:00–6:00 their time): their messages wait until 6:00. Start later to reach everyone at a good time.',
    );
  });

  it('gives the same quiet-hours verdict for the same instant written in another offset (the computer’s zone plays no part)', async () => {
    const a = setup(OPTED_IN);
    const b = setup(OPTED_IN);
    await a.run('--text', OPT_OUT_TEXT, '--at', '2026-12-01T03:00+09:00', '--json');
    await b.run('--text', OPT_OUT_TEXT, '--at', '2026-11-30T18:00Z', '--json');
    const quiet = (out: string) => json(out).verdicts.find((v) => v.rule === 'quiet_hours');
    expect(quiet(a.io.out)?.verdict).toBe('warn');
    expect(quiet(b.io.out)).toEqual(quiet(a.io.out));
  });

  it('finds nobody in quiet hours at 11:00 Seoul time', async () => {
    const { io, run } = setup(OPTED_IN);
    await run('--text', OPT_OUT_TEXT, '--at', '2026-12-01T11:00+09:00');
    expect(lineOf(io.out, 'quiet_hours')).toMatch(/^pass\s+quiet_hours\s+No recipient is in quiet hours at the start\.$/);
  });

  it('writes times in the zone --at was given in', async () => {
    const { io, run } = setup(OPTED_IN);
    await run('--text', OPT_OUT_TEXT, '--at', '2026-12-01T11:00+09:00');
    expect(lineOf(io.out, 'daily_cap')).toMatch(/Fits in one day: it should finish around Dec 1, 2026, 11:00 AM\./);
  });

  it('says a template that is not synced into the data folder is unknown, and blocks', async () => {
    const { io, run } = setup(OPTED_IN);
    expect(await run('--template', 'spring_sale', '--channel', 'cloud')).toBe(3);
    expect(lineOf(io.out, 'template_status')).toMatch(/^block\s+template_status\s+Template spring_sale \(en_US\) is not among your synced templates: sync templates or choose another one\.$/);
  });

  it('reads a synced template from templates.json and checks its parameters', async () => {
    const cloud = { phoneNumberId: '123', wabaId: '456', apiBase: 'https://graph.facebook.com', graphVersion: 'v27.0', webhookPort: 47390 };
    const template = { id: 't1', name: 'spring_sale', language: 'ko', status: 'APPROVED', category: 'MARKETING', body: '{{1}}님, 봄 세일이 시작됐어요. {{2}}', bodyParams: 2, footer: 'STOP 회신 시 수신 거부', syncedAt: NOW - 86_400_000 };
    const files = { 'cloud.json': JSON.stringify(cloud), 'templates.json': JSON.stringify({ wabaId: '456', apiBase: 'https://graph.facebook.com', syncedAt: NOW, templates: [template] }) };
    const ok = setup(OPTED_IN, files);
    await ok.run('--template', 'spring_sale', '--params', '{name},10%', '--channel', 'cloud', '--promotion', '--json');
    const verdicts = json(ok.io.out).verdicts;
    expect(verdicts.find((v) => v.rule === 'template_status')).toMatchObject({ verdict: 'pass', reason: 'Template spring_sale is approved.' });
    expect(verdicts.find((v) => v.rule === 'template_params')?.verdict).toBe('pass');
    expect(verdicts.find((v) => v.rule === 'opt_out_line')?.verdict).toBe('pass');

    const short = setup(OPTED_IN, files);
    expect(await short.run('--template', 'spring_sale', '--params', '{name}', '--channel', 'cloud')).toBe(3);
    expect(lineOf(short.io.out, 'template_params')).toMatch(/^block\s+template_params\s+Parameters: the template has 2, you filled in 1\./);
  });

  it('treats a number on the suppression list as opted out', async () => {
    const { io, run } = setup(OPTED_IN, { 'suppression.jsonl': `${JSON.stringify({ contact: '+821020000001', reason: 'opted_out', at: NOW - 1000 })}\n` });
    expect(await run('--text', OPT_OUT_TEXT)).toBe(3);
    expect(lineOf(io.out, 'opt_in')).toMatch(/^block\s+opt_in\s+1 recipient opted out and must never be messaged/);
  });

  it('uses the shop’s channel and opt-out language from settings.json', async () => {
    const { io, run } = setup(OPTED_IN, { 'settings.json': JSON.stringify({ shopName: 'Mina Flowers', defaultCountry: 'KR', language: 'ko', sendingChannel: 'assisted', setupDone: true }) });
    await run('--text', 'Hi {name}', '--json'); // not a promotion: for one to KR numbers kr_opt_out_ko asks for the line
    const report = json(io.out);
    expect(report.verdicts.find((v) => v.rule === 'opt_out_line')?.params).toEqual({ line: 'STOP 회신 시 수신 거부' });
    expect(report.verdicts.find((v) => v.rule === 'messaging_limit')?.key).toBe('checklist.messaging_limit.notCloud');
  });

  it.each([
    [['--text', 'hi', '--template', 'x'], 'give either --text or --template'],
    [['--promotion'], 'give either --text or --template'],
    [['--text', 'hi', '--bogus'], 'unknown option --bogus'],
    [['--text', 'hi', '--at', '2026-12-01T03:00'], '--at needs an ISO-8601 time with its offset'],
    [['--text', 'hi', '--at', 'tomorrow'], '--at needs an ISO-8601 time with its offset'],
    [['--text', 'hi', '--channel', 'sms'], '--channel is one of'],
    [['--text', 'hi', '--country', 'XX'], '--country needs a country code'],
    [['--text', 'hi', '--params', '1'], '--params and --language go with --template'],
  ])('refuses wrong usage %j with exit 2', async (args, message) => {
    const { io, run } = setup(OPTED_IN);
    expect(await run(...args)).toBe(2);
    expect(io.err).toContain(message);
    expect(io.out).toBe('');
  });

  it('needs --contacts (exit 2) and says when the file cannot be read (exit 1)', async () => {
    const { io, cwd } = setup(OPTED_IN);
    const command = checkCommand({ clock: { now: () => NOW }, fs: nodeJournalFs, localZone: () => 'UTC' });
    expect(await command.run(['--text', 'hi'], io)).toBe(2);
    expect(io.err).toContain('--contacts is required');
    expect(await command.run(['--contacts', join(cwd, 'missing.csv'), '--text', 'hi'], io)).toBe(1);
    expect(io.err).toContain('no such file');
  });

  it('says which rules cannot see the app’s send history, in the text and in --json', async () => {
    const text = setup(OPTED_IN);
    await text.run('--text', OPT_OUT_TEXT);
    expect(text.io.out.trimEnd().split('\n').at(-1)).toBe("Without the app's send history: frequency, weekly_frequency, same_content see no earlier sends, and daily_cap counts from a first send.");
    const machine = setup(OPTED_IN);
    await machine.run('--text', OPT_OUT_TEXT, '--json');
    expect(JSON.parse(machine.io.out).withoutHistory).toEqual(['frequency', 'weekly_frequency', 'same_content']);
  });

  it('checks the rows with a usable number and says how many rows it could not read', async () => {
    const { io, run } = setup(`${OPTED_IN}박하늘,call me,yes\n`);
    expect(await run('--text', OPT_OUT_TEXT)).toBe(0);
    expect(lineOf(io.out, 'recipients')).toMatch(/^pass\s+recipients\s+2 recipients will get this campaign\.$/);
    expect(io.err).toContain('1 row(s) of list.csv have no usable number');
  });

  it('is listed in `shopcast --help` and explains in its own help what it cannot see', async () => {
    const io = recordingIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^\s+check\s+run the pre-send checklist/m);
    const help = recordingIo();
    expect(await runCli(['check', '--help'], help)).toBe(0);
    expect(help.out).toContain('frequency, weekly_frequency');
    expect(help.out).toContain('3 something blocks');
  });

  it('maps offsets to zones only where a whole-hour IANA zone exists', () => {
    expect([zoneForOffset('Z'), zoneForOffset('+09:00'), zoneForOffset('-0500'), zoneForOffset('+05:30'), zoneForOffset('+00:00')]).toEqual(['UTC', 'Etc/GMT-9', 'Etc/GMT+5', undefined, 'UTC']);
  });
});

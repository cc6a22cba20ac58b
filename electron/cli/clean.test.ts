import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/fixtures/import/read';
import { runCli } from './main';
import { recordingIo } from './testIo';

const io = (cwd = mkdtempSync(join(tmpdir(), 'shopcast-clean-'))) => recordingIo({ cwd });
const fx = (name: string) => join(FIXTURES, name);

describe('shopcast clean', () => {
  it('prints the encoding, the mapping, the counts and the rejected rows with their reasons', async () => {
    const t = io();
    expect(await runCli(['clean', fx('cp949.csv')], t)).toBe(0);
    expect(t.out).toContain('CP949');
    expect(t.out).toContain('"전화번호" → phone');
    expect(t.out).toMatch(/Contacts:\s+4 \(1 landline/);
    expect(t.out).toMatch(/Duplicates merged:\s+1/);
    expect(t.out).toContain('row 5');
    expect(t.out).toContain('8.21012E+11: Excel turned this number into a rounded figure; format the column as text and export again');
  });

  it('writes <file>.clean.csv in the current folder by default, UTF-8 with a BOM, readable by this user only', async () => {
    const t = io();
    await runCli(['clean', fx('cp949.csv'), '--rejected', 'rejected.csv'], t);
    expect(statSync(join(t.cwd, 'cp949.clean.csv')).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.cwd, 'rejected.csv')).mode & 0o777).toBe(0o600);
    const csv = readFileSync(join(t.cwd, 'cp949.clean.csv'), 'utf8');
    expect(csv.split('\r\n').slice(0, 3)).toEqual(['\ufeffname,phone,labels,opt_in,landline,source_row', '김철수,+821012345678,VIP; 신규,,,2', '똠양꿍,+821023456789,단골,,,3']);
  });

  it('writes where --out says, and the rejected rows where --rejected says', async () => {
    const t = io();
    await runCli(['clean', fx('excel-damaged.csv'), '--out', 'a.csv', '--rejected', 'b.csv'], t);
    expect(readFileSync(join(t.cwd, 'a.csv'), 'utf8')).toContain('+821098765432');
    expect(readFileSync(join(t.cwd, 'b.csv'), 'utf8')).toContain('11,call me,this is not a phone number');
  });

  it('prints JSON with --json', async () => {
    const t = io();
    expect(await runCli(['clean', fx('cp949.csv'), '--json'], t)).toBe(0);
    const json: unknown = JSON.parse(t.out);
    expect(json).toMatchObject({
      kind: 'delimited',
      encoding: { encoding: 'cp949' },
      counts: { rows: 6, contacts: 4, duplicates: 1, rejected: 1, landlines: 1 },
      rejected: [{ row: 5, raw: '8.21012E+11', reason: 'excel_scientific' }],
    });
  });

  it('reads national numbers with --country', async () => {
    const t = io();
    await runCli(['clean', fx('big5.csv'), '--country', 'TW', '--json'], t);
    expect(t.out).toContain('"contacts": 3');
    expect(readFileSync(join(t.cwd, 'big5.clean.csv'), 'utf8')).toContain('陳美玲,+886912345678');
  });

  it('uses --encoding over the detection', async () => {
    const t = io();
    await runCli(['clean', fx('cp949.csv'), '--encoding', 'big5'], t);
    expect(t.out).toContain('chosen with --encoding');
  });

  it('neutralises a name that could run as a formula but keeps E.164 phones as they are', async () => {
    const t = io();
    writeFileSync(join(t.cwd, 'evil.csv'), 'name,phone\n"=HYPERLINK(""http://x"",""y"")",010-1111-2222\n');
    await runCli(['clean', 'evil.csv', '--out', 'clean.csv'], t);
    expect(readFileSync(join(t.cwd, 'clean.csv'), 'utf8')).toContain(`"'=HYPERLINK(""http://x"",""y"")",+821011112222`);
  });

  it.each([
    ['empty.csv', 'the file is empty'],
    ['binary.csv', 'not a text, spreadsheet or vCard file'],
    ['bomb.xlsx', 'inflate to an unsafe size'],
    ['truncated.xlsx', 'damaged or incomplete'],
    ['wide.xlsx', 'more rows or columns than Excel allows'],
    ['no-phone-column.csv', 'no column holds phone numbers'],
  ])('exits 1 on %s and says why', async (name, why) => {
    const t = io();
    expect(await runCli(['clean', fx(name)], t)).toBe(1);
    expect(t.err).toContain(why);
  });

  it('names the size cap when a file is over it, without reading it', async () => {
    const t = io();
    // A sparse file: 65 MB on paper, nothing on disk.
    writeFileSync(join(t.cwd, 'big.csv'), '');
    truncateSync(join(t.cwd, 'big.csv'), 65 * 1024 * 1024);
    expect(await runCli(['clean', 'big.csv'], t)).toBe(1);
    expect(t.err).toContain('the file is 65 MB; the cap is 64 MB');
  });

  it('exits 1 for a missing file', async () => {
    const t = io();
    expect(await runCli(['clean', 'nope.csv'], t)).toBe(1);
    expect(t.err).toContain('no such file');
  });

  it('refuses to overwrite the file it cleans', async () => {
    const t = io(FIXTURES);
    expect(await runCli(['clean', 'utf8.csv', '--out', 'utf8.csv'], t)).toBe(1);
    expect(t.err).toContain('would overwrite');
  });

  it.each([
    [[], 'name the file'],
    [['a.csv', 'b.csv'], 'one file at a time'],
    [['a.csv', '--country', 'XX'], '--country needs a country code'],
    [['a.csv', '--encoding', 'latin9'], '--encoding must be one of'],
    [['a.csv', '--frobnicate'], 'unknown option --frobnicate'],
    [['a.csv', '--columns', 'name,labels'], 'at least one phone'],
  ])('exits 2 for %j', async (args, why) => {
    const t = io();
    expect(await runCli(['clean', ...args], t)).toBe(2);
    expect(t.err).toContain(why);
  });
});

describe('shopcast clean as a process', () => {
  it('runs through node build/bin/shopcast.mjs and exits 0', () => {
    const root = resolve(FIXTURES, '..', '..', '..');
    const cwd = mkdtempSync(join(tmpdir(), 'shopcast-clean-'));
    const run = spawnSync(process.execPath, [join(root, 'build/bin/shopcast.mjs'), 'clean', fx('utf16le.txt'), '--json'], { cwd, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ encoding: { encoding: 'utf-16le', source: 'bom' }, delimiter: '\t', counts: { contacts: 4 } });
  });

  it('prints a JSON report larger than a pipe buffer in full', () => {
    const root = resolve(FIXTURES, '..', '..', '..');
    const cwd = mkdtempSync(join(tmpdir(), 'shopcast-clean-'));
    writeFileSync(join(cwd, 'many.csv'), `name,phone\n010-1111-2222,x\n${'Anna,call me\n'.repeat(5_000)}`);
    const run = spawnSync(process.execPath, [join(root, 'build/bin/shopcast.mjs'), 'clean', 'many.csv', '--json'], { cwd, encoding: 'utf8' });
    expect(run.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(run.stdout)).toMatchObject({ counts: { rejected: 5_001 } });
  });
});

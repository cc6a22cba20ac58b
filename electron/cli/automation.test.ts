import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFs } from '../adapters/fs';
import type { Fs } from '../services/ports';
import { automationCommand } from './automation';
import { runCli } from './main';
import { recordingIo } from './testIo';

let cwd: string;
let dataDir: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'shopcast-automation-cli-'));
  dataDir = join(cwd, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const RULES = {
  keywordReplies: [
    { name: '배송 문의', keywords: ['배송', 'delivery', '物流'], match: 'contains', reply: '{name}님, 주문하신 상품은 오늘 보내 드려요.', team: 'cs' },
    { name: 'hours', keywords: ['hours'], match: 'whole', reply: { quickReplyId: 'qr-hours' }, enabled: false },
  ],
  greeting: { enabled: true, text: '안녕하세요!', afterDays: 14 },
  away: { enabled: true, text: '{opens}부터 답해 드릴게요.' },
  businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], sun: [] }, holidays: ['2026-12-25'] },
  sharedBy: '소담 꽃집',
};

async function run(args: string[], fs?: Fs) {
  const io = recordingIo({ cwd });
  const code = fs ? await automationCommand(fs).run(args, io) : await runCli(['automation', ...args], io);
  return { code, out: io.out, err: io.err };
}

const write = (name: string, text: string) => {
  writeFileSync(join(cwd, name), text);
  return name;
};
const stored = () => readFileSync(join(dataDir, 'automation.json'), 'utf8');

describe('shopcast automation import', () => {
  it('checks the file, writes automation.json and says what was imported; export prints it with the unknown fields', async () => {
    const file = write('rules.json', JSON.stringify(RULES, null, 2));
    const imported = await run(['import', file, '--data-dir', 'data']);
    expect(imported).toEqual({
      code: 0,
      out:
        `Imported 2 keyword replies (1 on, 1 off), the greeting (on, again after 14 days of silence), the away message (on), business hours (Asia/Seoul, 1 holiday) into ${join(dataDir, 'automation.json')}.\n` +
        'Kept 2 fields this version does not know; export writes them back.\n',
      err: '',
    });
    expect(JSON.parse(stored())).toMatchObject({ sharedBy: '소담 꽃집', keywordReplies: [{ team: 'cs', enabled: true, order: 0 }, { enabled: false, order: 1 }] });
    expect(readdirSync(dataDir)).toEqual(['automation.json']); // no temporary file left behind

    const exported = await run(['export', '--data-dir', 'data']);
    expect([exported.code, exported.err]).toEqual([0, '']);
    expect(exported.out).toBe(stored());
    expect(JSON.parse(exported.out)).toEqual({
      keywordReplies: [
        { name: '배송 문의', keywords: ['배송', 'delivery', '物流'], match: 'contains', reply: '{name}님, 주문하신 상품은 오늘 보내 드려요.', enabled: true, order: 0, team: 'cs' },
        { name: 'hours', keywords: ['hours'], match: 'whole', reply: { quickReplyId: 'qr-hours' }, enabled: false, order: 1 },
      ],
      greeting: { enabled: true, text: '안녕하세요!', afterDays: 14 },
      away: { enabled: true, text: '{opens}부터 답해 드릴게요.' },
      businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], sun: [] }, holidays: ['2026-12-25'], closedToday: null },
      sharedBy: '소담 꽃집',
    });
  });

  it('an exported file imports again unchanged (the round trip shops share rules by)', async () => {
    await run(['import', write('rules.json', JSON.stringify(RULES)), '--data-dir', 'data']);
    const first = stored();
    write('shared.json', (await run(['export', '--data-dir', 'data'])).out);
    expect((await run(['import', 'shared.json', '--data-dir', 'data'])).code).toBe(0);
    expect(stored()).toBe(first);
  });

  it('refuses a malformed file with each line and reason, exit 1, and the stored rules stay as they were', async () => {
    await run(['import', write('good.json', JSON.stringify(RULES)), '--data-dir', 'data']);
    const before = stored();
    const bad = write('bad.json', '{\n  "keywordReplies": [\n    { "name": "a", "keywords": ["x"],\n      "match": "exact", "reply": "hi" }\n  ],\n  "businessHours": { "timeZone": "Asia/Busan", "days": {} }\n}\n');
    expect(await run(['import', bad, '--data-dir', 'data'])).toEqual({
      code: 1,
      out: '',
      err:
        'shopcast automation: bad.json was not imported (nothing changed): 2 problems\n' +
        '  bad.json:4: keywordReplies[0].match must be contains, whole or starts\n' +
        '  bad.json:6: businessHours.timeZone is not a time zone (use a name such as Asia/Seoul)\n',
    });
    const broken = write('broken.json', '{\n  "keywordReplies": [],\n}\n');
    expect(await run(['import', broken, '--data-dir', 'data'])).toEqual({
      code: 1,
      out: '',
      err: 'shopcast automation: broken.json was not imported (nothing changed): 1 problem\n  broken.json:3:1: the file is not valid JSON here\n',
    });
    expect(stored()).toBe(before);
  });

  it('imports more than 100 keyword rules with a warning', async () => {
    const many = { keywordReplies: Array.from({ length: 101 }, (_, i) => ({ name: `r${i}`, keywords: [`k${i}`], reply: 'x' })) };
    const r = await run(['import', write('many.json', JSON.stringify(many)), '--data-dir', 'data']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Imported 101 keyword replies \(101 on, 0 off\) into /);
    expect(r.err).toBe('Warning: 101 keyword rules, more than 100: they are kept, but a long list is slow to check and hard to keep right.\n');
  });

  it('a disk that fails the write: exit 1 with the reason, nothing changed', async () => {
    await run(['import', write('good.json', JSON.stringify(RULES)), '--data-dir', 'data']);
    const before = stored();
    const full: Fs = { readText: (p) => nodeFs.readText(p), writeTextAtomic: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) };
    const r = await run(['import', write('new.json', '{"keywordReplies":[]}'), '--data-dir', join(cwd, 'data')], full);
    expect(r).toEqual({ code: 1, out: '', err: `shopcast automation: cannot write ${join(dataDir, 'automation.json')}: the disk is full (ENOSPC: no space left on device, write) (the rules there are unchanged)\n` });
    expect(stored()).toBe(before);
  });

  it.each([
    ['no action', [], 2, 'say what to do: import or export'],
    ['an unknown action', ['list'], 2, 'unknown action "list" (there are: import, export)'],
    ['import without a file', ['import', '--data-dir', 'data'], 2, 'import needs the FILE to import'],
    ['two files', ['import', 'a.json', 'b.json'], 2, 'unexpected argument "b.json"'],
    ['an unknown flag', ['export', '--json'], 2, 'unknown option --json'],
  ])('wrong usage: %s (exit 2)', async (_why, args, code, why) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err.split('\n')[0]).toBe(`shopcast automation: ${why}`);
    expect(existsSync(join(dataDir, 'automation.json'))).toBe(false);
  });

  it('a missing file or data folder is a failure (exit 1), and a mistyped folder is never created', async () => {
    expect(await run(['import', 'nope.json', '--data-dir', 'data'])).toMatchObject({ code: 1, err: expect.stringMatching(/^shopcast automation: cannot read nope\.json: there is no such file/) });
    const file = write('rules.json', JSON.stringify(RULES));
    expect(await run(['import', file, '--data-dir', 'dtaa'])).toEqual({ code: 1, out: '', err: `shopcast automation: there is no data folder at ${join(cwd, 'dtaa')} (give --data-dir, or set SHOPCAST_DATA_DIR)\n` });
    expect(existsSync(join(cwd, 'dtaa'))).toBe(false);
  });

  it('uses SHOPCAST_DATA_DIR when there is no flag', async () => {
    const file = write('rules.json', JSON.stringify(RULES));
    const io = recordingIo({ cwd, env: { SHOPCAST_DATA_DIR: dataDir } });
    expect(await runCli(['automation', 'import', file], io)).toBe(0);
    expect(existsSync(join(dataDir, 'automation.json'))).toBe(true);
  });
});

describe('shopcast automation export', () => {
  it('with nothing imported: an empty set, said on stderr', async () => {
    expect(await run(['export', '--data-dir', 'data'])).toEqual({ code: 0, out: '{\n  "keywordReplies": []\n}\n', err: 'No rules were imported into this data folder yet: printing an empty set.\n' });
  });

  it('a damaged stored file: exit 1 with the reason, nothing printed', async () => {
    writeFileSync(join(dataDir, 'automation.json'), '{"keywordReplies": 3}');
    expect(await run(['export', '--data-dir', 'data'])).toEqual({ code: 1, out: '', err: `shopcast automation: ${join(dataDir, 'automation.json')} is damaged:\n  ${join(dataDir, 'automation.json')}:1: keywordReplies must be a list [ … ]\n` });
  });

  it('is listed in shopcast --help and has its own help', async () => {
    const io = recordingIo({ cwd });
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^ {2}automation {2,}import or export the automation rules/m);
    const help = recordingIo({ cwd });
    expect(await runCli(['automation', '--help'], help)).toBe(0);
    expect(help.out).toContain('Usage: shopcast automation import FILE [--data-dir DIR]');
  });
});

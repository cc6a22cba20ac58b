/**
 * `shopcast automation import FILE` and `shopcast automation export`: the shop's automation rules (keyword
 * auto-replies, greeting and away messages, business hours; shared/domain/automation/rules.ts) as a JSON file that
 * shops share and staff edit in a text editor. Import checks the whole file first and writes
 * `<data>/automation.json` atomically (through the services' Fs port) only when nothing is wrong, so a bad file
 * changes nothing; export prints the stored rules with the fields this version does not know kept.
 *
 * Main's AutomationService (the app's, and `shopcast webhook`'s) reads the file again when it changes, so an import
 * takes effect at once. The app's Automation screen writes the same file (`automation:set`).
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { nodeFs } from '../adapters/fs';
import type { Fs } from '../services/ports';
import { EMPTY_AUTOMATION, exportAutomation, KEYWORD_RULES_LIMIT, parseAutomation, problemReason, type AutomationProblem, type AutomationRules } from '../../shared/domain/automation/rules';
import { parseFlags } from './flags';
import type { CliCommand, CliIo } from './types';

export const AUTOMATION_FILE = 'automation.json';
/** A rules file is a few kilobytes; anything this large is the wrong file. */
export const AUTOMATION_FILE_MAX_BYTES = 5 * 1024 * 1024;

const USAGE = 'Usage: shopcast automation import FILE [--data-dir DIR]\n       shopcast automation export [--data-dir DIR]';

const HELP = `shopcast automation: the shop's automation rules as a JSON file

${USAGE}

import FILE   checks FILE and, when nothing is wrong, makes it the data folder's rules (automation.json, replaced
              in one step). A file with any problem is refused with the line and reason of each, and changes
              nothing. Fields Shopcast does not know are kept and written back on export.
export        prints the data folder's rules as JSON (an empty set when none were imported).

The file:
  { "keywordReplies": [ { "name": "배송 문의", "keywords": ["배송", "delivery", "物流"], "match": "contains",
                          "reply": "{name}님, 주문하신 상품은 …" } ],
    "greeting": { "enabled": true, "text": "…", "afterDays": 14 },
    "away": { "enabled": true, "text": "… {opens} …" },
    "businessHours": { "timeZone": "Asia/Seoul", "days": { "mon": [["10:00", "19:00"]], "sun": [] },
                       "holidays": ["2026-12-25"], "closedToday": null } }
  match is contains (default), whole or starts; case, full width and spacing are ignored. reply is a text with
  {variables} or { "quickReplyId": "…" }. A rule may have "conditions": { "labels": [...], "firstMessageOnly":
  true }, "enabled" (default true) and "order" (default its place). More than ${KEYWORD_RULES_LIMIT} keyword rules is a warning.

Options:
  --data-dir DIR   the shop's data folder (default env SHOPCAST_DATA_DIR, else ./shopcast-data); it must exist

Exit codes: 0 imported or printed, 1 the file was refused or a file could not be read or written, 2 wrong usage.
`;

export function automationCommand(fs: Fs): CliCommand {
  return {
    summary: 'import or export the automation rules (keyword replies, greeting, away message, business hours)',
    help: HELP,
    run: (args, io) => runAutomation(args, io, fs),
  };
}

export const automation = automationCommand(nodeFs);

async function runAutomation(argv: readonly string[], io: CliIo, fs: Fs): Promise<number> {
  const usage = (why: string) => {
    io.stderr(`shopcast automation: ${why}\n${USAGE}\n`);
    return 2;
  };
  const parsed = parseFlags(argv, { values: ['data-dir'], positionals: true });
  if (typeof parsed === 'string') return usage(parsed);
  const [action, ...rest] = parsed.positionals;
  if (action === undefined) return usage('say what to do: import or export');
  if (action !== 'import' && action !== 'export') return usage(`unknown action "${action}" (there are: import, export)`);
  if (action === 'import' && rest.length === 0) return usage('import needs the FILE to import');
  const extra = action === 'import' ? rest.slice(1) : rest;
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const dirFlag = parsed.flags.get('data-dir');
  const given = typeof dirFlag === 'string' ? dirFlag : (io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');
  const dataDir = isAbsolute(given) ? given : join(io.cwd, given);

  // A mistyped folder must neither receive the rules unseen nor export as "no rules".
  try {
    if (!(await stat(dataDir)).isDirectory()) return fail(io, `${dataDir} is not a folder`);
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'; // Node errno shape
    return fail(io, missing ? `there is no data folder at ${dataDir} (give --data-dir, or set SHOPCAST_DATA_DIR)` : `cannot read ${dataDir}: ${ioError(error)}`);
  }
  const target = join(dataDir, AUTOMATION_FILE);
  return action === 'import' ? importRules(rest[0]!, target, io, fs) : exportRules(target, io, fs); // import has a FILE, checked above
}

async function importRules(file: string, target: string, io: CliIo, fs: Fs): Promise<number> {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail(io, `${file} is not a file`);
    if (info.size > AUTOMATION_FILE_MAX_BYTES) return fail(io, `${file} is ${info.size} bytes; a rules file is at most ${AUTOMATION_FILE_MAX_BYTES} (is it the right file?)`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(io, `cannot read ${file}: ${ioError(error)}`);
  }
  const result = parseAutomation(text);
  if (!result.ok) {
    const n = result.problems.length;
    io.stderr(`shopcast automation: ${file} was not imported (nothing changed): ${n} ${n === 1 ? 'problem' : 'problems'}\n`);
    for (const p of result.problems) io.stderr(`  ${place(file, p)}: ${problemReason(p)}\n`);
    return 1;
  }
  try {
    await fs.writeTextAtomic(target, exportAutomation(result.value));
  } catch (error) {
    return fail(io, `cannot write ${target}: ${ioError(error)} (the rules there are unchanged)`);
  }
  io.stdout(`Imported ${summarise(result.value)} into ${target}.\n`);
  const kept = countExtras(result.value);
  if (kept > 0) io.stdout(`Kept ${kept} ${kept === 1 ? 'field' : 'fields'} this version does not know; export writes ${kept === 1 ? 'it' : 'them'} back.\n`);
  for (const w of result.warnings) io.stderr(`Warning: ${w.count} keyword rules, more than ${w.limit}: they are kept, but a long list is slow to check and hard to keep right.\n`);
  return 0;
}

async function exportRules(target: string, io: CliIo, fs: Fs): Promise<number> {
  let text: string | undefined;
  try {
    text = await fs.readText(target);
  } catch (error) {
    return fail(io, `cannot read ${target}: ${ioError(error)}`);
  }
  if (text === undefined) {
    io.stderr(`No rules were imported into this data folder yet: printing an empty set.\n`);
    io.stdout(exportAutomation(EMPTY_AUTOMATION));
    return 0;
  }
  const result = parseAutomation(text);
  if (!result.ok) {
    io.stderr(`shopcast automation: ${target} is damaged:\n`);
    for (const p of result.problems) io.stderr(`  ${place(target, p)}: ${problemReason(p)}\n`);
    return 1;
  }
  io.stdout(exportAutomation(result.value));
  return 0;
}

/** "3 keyword replies (2 on, 1 off), the greeting (on), the away message (off), business hours (Asia/Seoul)". */
export function summarise(rules: AutomationRules): string {
  const n = rules.keywordReplies.length;
  const on = rules.keywordReplies.filter((r) => r.enabled).length;
  const parts = [`${n} keyword ${n === 1 ? 'reply' : 'replies'}${n > 0 ? ` (${on} on, ${n - on} off)` : ''}`];
  if (rules.greeting) parts.push(`the greeting (${rules.greeting.enabled ? `on, again after ${rules.greeting.afterDays} days of silence` : 'off'})`);
  if (rules.away) parts.push(`the away message (${rules.away.enabled ? 'on' : 'off'})`);
  const h = rules.businessHours;
  if (h) {
    const holidays = h.holidays.length;
    parts.push(`business hours (${h.timeZone}${holidays > 0 ? `, ${holidays} ${holidays === 1 ? 'holiday' : 'holidays'}` : ''}${h.closedToday !== null ? `, closed on ${h.closedToday}` : ''})`);
  }
  return parts.join(', ');
}

/** How many unknown fields the rules carry, on every level. */
function countExtras(rules: AutomationRules): number {
  const n = (e: object | undefined) => (e === undefined ? 0 : Object.keys(e).length);
  let total = n(rules.extra) + n(rules.greeting?.extra) + n(rules.away?.extra) + n(rules.businessHours?.extra);
  for (const r of rules.keywordReplies) total += n(r.extra) + n(r.conditions?.extra) + (typeof r.reply === 'string' ? 0 : n(r.reply.extra));
  return total;
}

/** `FILE:line` or `FILE:line:column`, as compilers print it (editors jump there). */
function place(file: string, p: AutomationProblem): string {
  return `${file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}`;
}

/** A disk error in words, the system's text kept after them. */
function ioError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  const raw = error instanceof Error ? error.message : String(error);
  const words: Record<string, string> = { ENOENT: 'there is no such file', EACCES: 'not allowed', EPERM: 'not allowed', ENOSPC: 'the disk is full', EROFS: 'the disk is read-only', EISDIR: 'it is a folder' };
  const said = typeof code === 'string' ? words[code] : undefined;
  return said === undefined ? raw : `${said} (${raw})`;
}

function fail(io: CliIo, why: string): number {
  io.stderr(`shopcast automation: ${why}\n`);
  return 1;
}

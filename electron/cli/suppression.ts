/**
 * `shopcast suppression list`: the data folder's do-not-message list (`suppression.jsonl`, the list main checks
 * before every send), with every identifier an entry has, its reason and since when. Read-only: it takes no lock
 * and writes nothing (not even the quarantine copy of a damaged line), so it may run while the app or
 * `shopcast send` is sending from the same folder. Simulated (Sandbox) opt-outs are not listed, as in the app.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { nodeJournalFs } from '../adapters/journalFs';
import type { JournalFs } from '../services/ports';
import { SuppressionList, type SuppressionEntry } from '../services/suppression';
import { parseFlags } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast suppression: the do-not-message list of a data folder

Usage:
  shopcast suppression list [--data-dir DIR] [--json]

Lists everyone Shopcast will not message: people who replied STOP (or another opt-out word), who stopped marketing
messages in WhatsApp (user_preferences), and numbers WhatsApp could not deliver to (error 131026 and friends). One
line each: the phone number ("-" when only the user id is known: a customer with a username and no number shown),
the WhatsApp user id (BSUID) when known (from the entry, or linked to the number in identities.jsonl), the reason (opted_out, stopped_marketing,
unreachable), what caused it (the reply, the error code) and since when (ISO-8601, UTC).

It only reads: no lock is taken and nothing is written, so it runs while the app is sending. Damaged lines of the
file are reported on stderr; one that still names a number is listed (Shopcast keeps suppressing it).
Simulated opt-outs from the Sandbox are not listed: they stop only sandbox campaigns.

Options:
  --data-dir DIR   the shop's data folder (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
  --json           print a JSON array: [{ "phone"?, "userId"?, "reason", "source"?, "at" }] ("at" is null when a
                   damaged line did not say when; "phone" is left out when only the user id is known)

Exit codes: 0 listed (the list may be empty), 1 the data folder or its list could not be read, 2 wrong usage.
`;

/** One entry as printed by --json. */
export interface ListedSuppression {
  /** Absent for a person known only by their user id (DOMAIN.md §2 "Identity"). */
  phone?: string;
  userId?: string;
  reason: SuppressionEntry['reason'];
  source?: string;
  /** ISO-8601 (UTC); null when a salvaged damaged line had no time. */
  at: string | null;
}

export function suppressionCommand(fs: JournalFs): CliCommand {
  return {
    summary: 'list the do-not-message list (opt-outs, stopped marketing, unreachable numbers) of a data folder',
    help: HELP,
    run: (args, io) => runSuppression(args, io, fs),
  };
}

export const suppression = suppressionCommand(nodeJournalFs);

async function runSuppression(argv: readonly string[], io: CliIo, fs: JournalFs): Promise<number> {
  const usage = (why: string) => {
    io.stderr(`shopcast suppression: ${why}\nUsage: shopcast suppression list [--data-dir DIR] [--json]\n`);
    return 2;
  };
  const parsed = parseFlags(argv, { values: ['data-dir'], booleans: ['json'], positionals: true });
  if (typeof parsed === 'string') return usage(parsed);
  const [action, ...extra] = parsed.positionals;
  if (action === undefined) return usage('say what to do: list');
  if (action !== 'list') return usage(`unknown action "${action}" (there is: list)`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const dirFlag = parsed.flags.get('data-dir');
  const given = typeof dirFlag === 'string' ? dirFlag : (io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');
  const dataDir = isAbsolute(given) ? given : join(io.cwd, given);

  // A mistyped folder must not read as "nobody is suppressed".
  try {
    if (!(await stat(dataDir)).isDirectory()) return fail(io, `${dataDir} is not a folder`);
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'; // Node errno shape
    return fail(io, missing ? `there is no data folder at ${dataDir} (give --data-dir, or set SHOPCAST_DATA_DIR)` : `cannot read ${dataDir}: ${readError(error)}`);
  }
  let list: SuppressionList;
  try {
    list = await SuppressionList.load(fs, dataDir, { readOnly: true });
  } catch (error) {
    return fail(io, `cannot read ${join(dataDir, 'suppression.jsonl')}: ${readError(error)}`);
  }
  for (const q of list.quarantined) {
    const what = q.reason === 'torn' ? 'ends in a line cut short (a write that did not finish, or one under way)' : `line ${q.lineNumber} is damaged (${q.reason})`;
    io.stderr(`suppression.jsonl ${what}${q.salvaged ? '; the number it names is listed and stays suppressed' : ''}\n`);
  }

  const entries = list.list().sort((a, b) => a.at - b.at || (a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : 0));
  // A STOP given under a user id is written under the phone too once they are linked: that row shows both.
  const shownWithPhone = new Set(entries.filter((e) => e.contact.startsWith('+') && e.userId !== undefined).map((e) => e.userId));
  const rows: ListedSuppression[] = entries.filter((e) => e.contact.startsWith('+') || !shownWithPhone.has(e.contact)).map((e) => {
    // An entry is filed under the phone, or under the user id when no phone is known; the identity book fills in the other.
    const byId = !e.contact.startsWith('+');
    const phone = byId ? list.identities.phoneOf(e.contact) : e.contact;
    const userId = e.userId ?? (byId ? e.contact : list.identities.userIdOf(e.contact));
    return {
      ...(phone !== undefined ? { phone } : {}),
      ...(userId !== undefined ? { userId } : {}),
      reason: e.reason,
      ...(e.source !== undefined && e.source !== '' ? { source: e.source } : {}),
      at: e.at > 0 ? new Date(e.at).toISOString() : null,
    };
  });
  if (parsed.flags.get('json') === true) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.stdout('The do-not-message list is empty.\n');
    return 0;
  }
  io.stdout(table(['phone', 'user id', 'reason', 'cause', 'since'], rows.map((r) => [r.phone ?? '-', r.userId ?? '-', r.reason, cause(r), r.at ?? 'unknown'])));
  io.stdout(`${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}.\n`);
  return 0;
}

/** What caused an entry, in words: the reply, the error code, WhatsApp's marketing stop. */
function cause(r: ListedSuppression): string {
  const s = r.source;
  if (s === undefined) return '-';
  if (/^\d{1,9}$/.test(s)) return `error ${s}`;
  if (s === 'user_preferences') return 'stopped in WhatsApp';
  const text = s.replace(/\s+/g, ' ').trim();
  return `reply "${text.length > 40 ? `${text.slice(0, 39)}…` : text}"`;
}

/** Columns a terminal gives the text: Hangul, CJK and full-width forms take two (a reply "STOP 수신거부" still lines up). */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - columns(c))))
      .join('  ')
      .concat('\n');
  return line(head) + rows.map(line).join('');
}

/** Why a read failed, in words (the system's text kept after them). */
function readError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  const raw = error instanceof Error ? error.message : String(error);
  return code === 'EACCES' || code === 'EPERM' ? `not allowed to read it (${raw})` : raw;
}

function fail(io: CliIo, why: string): number {
  io.stderr(`shopcast suppression: ${why}\n`);
  return 1;
}

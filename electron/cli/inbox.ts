/**
 * `shopcast inbox list`: the conversations of a data folder, as the app's Inbox folds them (issue 14, "Headless
 * too"): the replies in `inbox.jsonl`, the answers in `answers/<id>/journal.jsonl`, and what people did in
 * `conversations.jsonl` (done, priority, read, assign), folded by shared/domain/inbox/conversation.ts with the
 * shop's triage rules (`settings.json` `triageRules`, Settings → Inbox; else the built-in rules) and the shop's
 * answer times (`settings.json` `answerTimes`, else 15 min / 1 h / 24 h).
 * Read-only: no lock, no quarantine file, so it works while the app or `shopcast webhook` runs.
 * Main keeps no contact names: a customer is shown by phone and/or WhatsApp user id and username.
 */
import { isAbsolute, join } from 'node:path';
import { nodeJournalFs } from '../adapters/journalFs';
import { answerState } from '../services/answers';
import { ConversationStore } from '../services/conversations';
import { Inbox } from '../services/inbox';
import type { JournalFs } from '../services/ports';
import { foldConversations, type Conversation, type ConversationEvent } from '../../shared/domain/inbox/conversation';
import { DEFAULT_DUE, isOverdue, parseDueSettings, type DueSettings } from '../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES, parseTriageRules, triageMessage, type Priority, type TriageRules } from '../../shared/domain/inbox/triage';
import type { ConversationAction, InboxMessage } from '../../shared/ipc/inbox';
import { E164_RE } from '../../shared/ipc/fields';
import { replayText } from './campaigns';
import { parseFlags, type FlagSpec } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast inbox list: the conversations in a data folder, as the app's Inbox shows them

Usage:
  shopcast inbox list [--data-dir DIR] [--status open|done|all] [--json]

Options:
  --data-dir DIR   the data folder (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
  --status S       open: every conversation not done (needs an answer, or waiting on the customer; the default),
                   done: the closed ones, all: both
  --json           an array of objects instead of the table

Each conversation: who (phone and/or WhatsApp user id and username; names live in the app), status (open,
waiting, done), priority (high, medium, low; by the shop's triage rules, Settings → Inbox) with its reason
code, when its answer is due (ISO-8601; "overdue"
past it), unread messages, the staff member it is assigned to, and the last message and its time. Open ones are
listed soonest due first, the others newest first. It only reads the files, so it is safe while Shopcast runs.

Exit: 0 listed; 1 the folder could not be read; 2 wrong usage.
`;

const FLAGS: FlagSpec = { values: ['data-dir', 'status'], booleans: ['json'], positionals: true };
const STATUSES = ['open', 'done', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];

export interface ListedConversation {
  /** The conversation's key: the sender's E.164, or their user id when WhatsApp showed no number. */
  identity: string;
  phone?: string;
  userId?: string;
  username?: string;
  status: Conversation['status'];
  priority?: Priority;
  /** The reason code of the priority (`payment_problem`, `set_by_person`…). */
  reason?: string;
  /** The word the rule matched, when one did. */
  reasonWord?: string;
  dueAt?: string;
  overdue: boolean;
  unread: number;
  assignee?: string;
  lastMessage: { type: string; text?: string; at: string };
  lastActivityAt: string;
}

/**
 * The shop's answer times and triage rules from settings.json, each else its default (a damaged or missing file, or
 * a damaged field, is not an error here: the app reads it the same way, shared/domain/settings.ts).
 */
async function shopSettings(fs: JournalFs, dataDir: string): Promise<{ due: DueSettings; rules: TriageRules }> {
  const defaults = { due: DEFAULT_DUE, rules: DEFAULT_TRIAGE_RULES };
  try {
    const text = await fs.readText(join(dataDir, 'settings.json'));
    if (text === undefined) return defaults;
    const raw: unknown = JSON.parse(text);
    const fields = typeof raw === 'object' && raw !== null ? (raw as { answerTimes?: unknown; triageRules?: unknown }) : {}; // checked by the parsers
    const times = fields.answerTimes !== undefined ? parseDueSettings(fields.answerTimes) : undefined;
    const rules = fields.triageRules !== undefined ? parseTriageRules(fields.triageRules) : undefined;
    return { due: times?.ok ? times.value : DEFAULT_DUE, rules: rules?.ok ? rules.value : DEFAULT_TRIAGE_RULES };
  } catch {
    return defaults;
  }
}

/** The answers that answered their customer (went, or may have gone), as fold events. */
async function answerEvents(fs: JournalFs, dataDir: string): Promise<ConversationEvent[]> {
  const out: ConversationEvent[] = [];
  for (const id of await fs.listDirs(join(dataDir, 'answers'))) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
    const text = await fs.readText(join(dataDir, 'answers', id, 'journal.jsonl'));
    if (text === undefined) continue;
    const { replay } = replayText(text);
    const spec = replay.campaign?.spec;
    if (!spec || spec.kind !== 'answer' || typeof spec.to !== 'string') continue;
    const state = answerState(replay.jobs.get(`${id}-0`));
    if (state === 'failed' || state === 'not_sent') continue; // the customer still needs an answer (db/inbox.ts `answered`)
    out.push({ kind: 'answer', identity: spec.to, at: replay.campaign?.at ?? 0, id, text: '' });
  }
  return out;
}

function actionEvent(a: ConversationAction): ConversationEvent {
  switch (a.kind) {
    case 'status':
      return { kind: 'status', identity: a.identity, at: a.at, status: a.status };
    case 'priority':
      return { kind: 'priority', identity: a.identity, at: a.at, priority: a.priority };
    case 'read':
      return { kind: 'read', identity: a.identity, at: a.at };
    case 'assign':
      return { kind: 'assign', identity: a.identity, at: a.at, staff: a.staff };
    case 'note':
      return { kind: 'note', identity: a.identity, at: a.at, id: `note-${a.seq}`, text: a.text };
  }
}

/** Every conversation of the folder, folded as the Inbox screen folds them, filtered and ordered for the list. */
export async function readConversations(fs: JournalFs, dataDir: string, status: StatusFilter, now: number): Promise<ListedConversation[]> {
  const [inbox, actions, shop, answers] = await Promise.all([
    Inbox.load(fs, dataDir, { readOnly: true }),
    ConversationStore.load(fs, dataDir, { readOnly: true }),
    shopSettings(fs, dataDir),
    answerEvents(fs, dataDir),
  ]);
  const { due } = shop;
  const rules = compileRules(shop.rules);
  const messages = inbox.since(0, Number.MAX_SAFE_INTEGER).messages;
  const who = new Map<string, InboxMessage>();
  const events: ConversationEvent[] = [...answers, ...actions.all().map(actionEvent)];
  for (const m of messages) {
    const triage = triageMessage({ type: m.type, ...(m.text !== undefined ? { text: m.text } : {}), optOut: m.optOut, ...(m.word !== undefined ? { word: m.word } : {}) }, rules);
    events.push({ kind: 'inbound', identity: m.from, at: m.at, id: m.id, type: m.type, ...(m.text !== undefined ? { text: m.text } : {}), triage, ...(m.campaign !== undefined ? { campaign: m.campaign } : {}), ...(m.sandbox ? { sandbox: true } : {}) });
    who.set(m.from, m); // the newest message names the sender best
  }
  const iso = (t: number) => new Date(t).toISOString();
  const rows = foldConversations(events, due)
    .filter((c) => status === 'all' || (status === 'done') === (c.status === 'done'))
    .map((c): ListedConversation => {
      const m = who.get(c.identity);
      const phone = E164_RE.test(c.identity) ? c.identity : undefined;
      const userId = m?.userId ?? (phone === undefined ? c.identity : undefined);
      return {
        identity: c.identity,
        ...(phone !== undefined ? { phone } : {}),
        ...(userId !== undefined ? { userId } : {}),
        ...(m?.username !== undefined ? { username: m.username } : {}),
        status: c.status,
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        ...(c.reason !== undefined ? { reason: c.reason } : {}),
        ...(c.reasonWord !== undefined ? { reasonWord: c.reasonWord } : {}),
        ...(c.dueAt !== undefined ? { dueAt: iso(c.dueAt) } : {}),
        overdue: c.dueAt !== undefined && isOverdue(c.dueAt, now),
        unread: c.unread,
        ...(c.assignee !== undefined ? { assignee: c.assignee } : {}),
        lastMessage: { type: c.lastType ?? 'text', ...(c.lastText !== undefined ? { text: c.lastText } : {}), at: iso(c.lastInboundAt ?? c.lastActivityAt) },
        lastActivityAt: iso(c.lastActivityAt),
      };
    });
  const dueMs = (r: ListedConversation) => (r.dueAt !== undefined ? Date.parse(r.dueAt) : Infinity);
  const newest = (a: ListedConversation, b: ListedConversation) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || a.identity.localeCompare(b.identity);
  return rows.sort(status === 'open' ? (a, b) => dueMs(a) - dueMs(b) || newest(a, b) : newest);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function table(rows: readonly ListedConversation[]): string {
  if (rows.length === 0) return 'No conversations.\n';
  const head = ['WHO', 'STATUS', 'PRIORITY', 'DUE', 'UNREAD', 'ASSIGNED', 'LAST', 'MESSAGE'];
  const cells = rows.map((r) => [
    [r.phone, r.phone === undefined ? r.userId : undefined, r.username].filter((x): x is string => x !== undefined).join(' '),
    r.status,
    r.priority !== undefined ? `${r.priority} (${r.reason ?? ''})` : '-',
    r.dueAt !== undefined ? `${r.dueAt}${r.overdue ? ' overdue' : ''}` : '-',
    String(r.unread),
    r.assignee ?? '-',
    r.lastMessage.at,
    oneLine(r.lastMessage.text ?? `[${r.lastMessage.type}]`, 50),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length))); // every row has head.length cells
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

export function inboxCommand(deps: { fs: JournalFs; now: () => number }): CliCommand {
  return {
    summary: 'list the conversations in a data folder (priority, due time, status, unread), read-only',
    help: HELP,
    run: (args, io) => runInbox(args, io, deps),
  };
}

async function runInbox(args: readonly string[], io: CliIo, deps: { fs: JournalFs; now: () => number }): Promise<number> {
  const parsed = parseFlags(args, FLAGS);
  const usage = (m: string) => {
    io.stderr(`shopcast inbox: ${m}\nRun "shopcast inbox --help" for the options.\n`);
    return 2;
  };
  if (typeof parsed === 'string') return usage(parsed);
  const [verb, ...extra] = parsed.positionals;
  if (verb !== 'list') return usage(verb === undefined ? 'say what to do: "shopcast inbox list"' : `unknown action "${verb}" (only "list")`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const statusFlag = parsed.flags.get('status') ?? 'open';
  if (typeof statusFlag !== 'string' || !(STATUSES as readonly string[]).includes(statusFlag)) return usage(`--status must be one of: ${STATUSES.join(', ')}`);
  const dirFlag = parsed.flags.get('data-dir');
  const raw = typeof dirFlag === 'string' ? dirFlag : (io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');
  const dataDir = isAbsolute(raw) ? raw : join(io.cwd, raw);
  let rows: ListedConversation[];
  try {
    rows = await readConversations(deps.fs, dataDir, statusFlag as StatusFilter, deps.now()); // checked against STATUSES
  } catch (error) {
    io.stderr(`shopcast inbox: cannot read ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout(parsed.flags.get('json') === true ? `${JSON.stringify(rows, null, 2)}\n` : table(rows));
  return 0;
}

/** The clock is read here, at the composition root; tests pass their own. */
export const inbox = inboxCommand({ fs: nodeJournalFs, now: () => Date.now() });

/**
 * `shopcast campaigns list`: every campaign in a data folder, the app's and `shopcast send`'s alike, read straight
 * from their journals. Read-only: no lock is taken and nothing is written (no quarantine, no recovery), so it works
 * while the app or another `shopcast send` is sending from the folder; a line being written at that moment is simply
 * not counted yet.
 */
import { open } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { nodeJournalFs } from '../adapters/journalFs';
import { applyRecord, countsOf, decodeLine, emptyReplay, type JournalRecord, type Replay } from '../services/journal';
import type { JournalFs } from '../services/ports';
import { parseCampaignSource, type CampaignCounts, type CampaignSource } from '../../shared/ipc/campaigns';
import { parseFlags, type FlagSpec } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast campaigns list: the campaigns in a data folder (made in the app or by "shopcast send")

Usage:
  shopcast campaigns list [--data-dir DIR] [--json]

Options:
  --data-dir DIR   the data folder (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
  --json           an array of objects instead of the table

Each campaign: its id, name, channel, state, recipients (the sealed total; "incomplete" while they are still
arriving) and how many messages ended each way. It only reads the journals, so it is safe while Shopcast sends.

Exit: 0 listed; 1 the folder could not be read; 2 wrong usage.
`;

const FLAGS: FlagSpec = { values: ['data-dir'], booleans: ['json'], positionals: true };

export interface CampaignListing {
  id: string;
  name: string;
  channel: string;
  state: Replay['state'];
  /** The sealed total; null while the recipients are still arriving (never sent until sealed). */
  recipients: number | null;
  /** `shopcast send` for a CLI campaign, `app` for one made in the app. */
  madeBy: 'app' | 'cli';
  createdAt: number;
  counts: Pick<CampaignCounts, 'queued' | 'attempting' | 'accepted' | 'failed' | 'ambiguous' | 'skipped' | 'delivered' | 'read'>;
  /** Lines that could not be read (being written right now, or damaged): not counted. */
  unreadLines?: number;
}

/** The campaign record of a journal (its first line), read without reading the rest of a file that may be large. */
export async function firstRecord(path: string): Promise<Extract<JournalRecord, { t: 'campaign' }> | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const size = 64 * 1024;
    for (let pos = 0; pos < 8 * 1024 * 1024; pos += size) {
      const buf = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buf, 0, size, pos);
      const got = buf.subarray(0, bytesRead);
      const nl = got.indexOf(10);
      chunks.push(nl >= 0 ? got.subarray(0, nl) : got);
      if (nl >= 0) {
        const r = decodeLine(Buffer.concat(chunks).toString('utf8'));
        return typeof r !== 'string' && r.t === 'campaign' ? r : undefined;
      }
      if (bytesRead < size) return undefined; // no complete first line
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** The `source` a campaign's draft carries (CLI campaigns), if any. */
export function sourceOf(spec: Record<string, unknown> | undefined): CampaignSource | undefined {
  return spec ? parseCampaignSource(spec.source) : undefined;
}

/** Folds a journal's text into its state without writing anything; lines that cannot be trusted are counted, not applied. */
export function replayText(text: string): { replay: Replay; unread: number } {
  const replay = emptyReplay();
  let unread = 0;
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  if (tail !== '') unread++; // being written right now (or torn)
  for (const line of lines) {
    if (line === '') continue;
    const r = decodeLine(line);
    if (typeof r === 'string') unread++;
    else applyRecord(replay, r);
  }
  return { replay, unread };
}

/** Every campaign in `dataDir`, newest first. */
export async function readCampaigns(fs: JournalFs, dataDir: string): Promise<CampaignListing[]> {
  const out: CampaignListing[] = [];
  for (const id of await fs.listDirs(join(dataDir, 'campaigns'))) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
    const text = await fs.readText(join(dataDir, 'campaigns', id, 'journal.jsonl'));
    if (text === undefined) continue;
    const { replay, unread } = replayText(text);
    const spec = replay.campaign?.spec;
    if (!spec) continue; // a folder whose first write never finished: no campaign yet
    const c = countsOf(replay);
    const source = sourceOf(spec);
    const chunked = spec.chunked === true;
    const listing: CampaignListing = {
      id,
      name: typeof spec.name === 'string' ? spec.name : '(shopcast send, before names)',
      channel: typeof spec.channel === 'string' ? spec.channel : '?',
      state: replay.state,
      recipients: replay.sealed ? replay.sealed.count : chunked ? null : replay.jobs.size,
      madeBy: source?.kind === 'cli' || typeof spec.name !== 'string' ? 'cli' : 'app',
      createdAt: replay.campaign?.at ?? 0,
      counts: { queued: c.queued, attempting: c.attempting, accepted: c.accepted, failed: c.failed, ambiguous: c.ambiguous, skipped: c.skipped, delivered: c.delivered, read: c.read },
    };
    if (unread > 0) listing.unreadLines = unread;
    out.push(listing);
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

function table(rows: readonly CampaignListing[]): string {
  if (rows.length === 0) return 'No campaigns in this data folder.\n';
  const head = ['ID', 'NAME', 'CHANNEL', 'STATE', 'RECIPIENTS', 'ACCEPTED', 'FAILED', 'SKIPPED', 'MAYBE SENT', 'QUEUED', 'DELIVERED', 'READ', 'BY'];
  const cells = rows.map((r) => [
    r.id,
    r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name,
    r.channel,
    r.state,
    r.recipients === null ? 'incomplete' : String(r.recipients),
    String(r.counts.accepted),
    String(r.counts.failed),
    String(r.counts.skipped),
    String(r.counts.ambiguous),
    String(r.counts.queued + r.counts.attempting),
    String(r.counts.delivered),
    String(r.counts.read),
    r.madeBy,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length))); // every row has head.length cells
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const notes = rows.filter((r) => r.unreadLines).map((r) => `${r.id}: ${r.unreadLines} journal line(s) not counted (being written, or damaged)`);
  return `${[line(head), ...cells.map(line)].join('\n')}\n${notes.map((n) => `${n}\n`).join('')}`;
}

export function campaignsCommand(deps: { fs: JournalFs }): CliCommand {
  return {
    summary: 'list the campaigns in a data folder (the app\'s and shopcast send\'s), read-only',
    help: HELP,
    run: (args, io) => runCampaigns(args, io, deps.fs),
  };
}

async function runCampaigns(args: readonly string[], io: CliIo, fs: JournalFs): Promise<number> {
  const parsed = parseFlags(args, FLAGS);
  const usage = (m: string) => {
    io.stderr(`shopcast campaigns: ${m}\nRun "shopcast campaigns --help" for the options.\n`);
    return 2;
  };
  if (typeof parsed === 'string') return usage(parsed);
  const [verb, ...extra] = parsed.positionals;
  if (verb !== 'list') return usage(verb === undefined ? 'say what to do: "shopcast campaigns list"' : `unknown action "${verb}" (only "list")`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const dirFlag = parsed.flags.get('data-dir');
  const raw = typeof dirFlag === 'string' ? dirFlag : (io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');
  const dataDir = isAbsolute(raw) ? raw : join(io.cwd, raw);
  let rows: CampaignListing[];
  try {
    rows = await readCampaigns(fs, dataDir);
  } catch (error) {
    io.stderr(`shopcast campaigns: cannot read ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout(parsed.flags.get('json') === true ? `${JSON.stringify(rows, null, 2)}\n` : table(rows));
  return 0;
}

export const campaigns = campaignsCommand({ fs: nodeJournalFs });

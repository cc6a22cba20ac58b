/**
 * `shopcast send`: runs a campaign headless with the same engine, journal and policies as the app. The campaign
 * is named by what it sends and to whom, so running the same command again (after Ctrl+C, a crash or kill -9)
 * resumes it: what was accepted is not sent again, and what was mid-send is reported as "may have been sent",
 * never resent.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isRecord } from '../../shared/ipc/guards';
import { FILE_PROBLEM_TEXT } from '../../shared/import/messages';
import { MAX_FILE_BYTES, runPipeline } from '../../shared/import/pipeline';
import { iconvDecode } from './decode';
import { defaultPolicy, type PacingPolicy } from '../../shared/domain/pacing';
import type { CountryCode } from '../../shared/domain/phone';
import { nodeJournalFs } from '../adapters/journalFs';
import { systemClock, SendEngine, type Clock } from '../services/engine';
import { acquireLock, decodeLine, Journal, type JournalRecord } from '../services/journal';
import type { JournalFs } from '../services/ports';
import { SuppressionList } from '../services/suppression';
import { fillContent } from '../services/campaigns';
import { CloudApiTransport } from '../services/transports/cloudApi';
import { SandboxTransport } from '../services/transports/sandbox';
import type { MessageContent, Transport } from '../services/transports/types';
import { parseFlags, type FlagSpec } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast send: send one message to a list of contacts, paced and journaled (re-run the same command to resume)

Usage:
  shopcast send --contacts list.csv (--text "Hi {name}…" | --template NAME [--params "{name},10%"] [--language en_US])
                --channel sandbox|cloud [options]

Options:
  --contacts FILE        CSV with a header; the phone column is "phone", "mobile", "number", "전화", "휴대폰", "手機" or "電話"
                         (else the first column); a "name" column fills {name}
  --text TEXT            a free-form text (only reaches people inside their 24 h window, DOMAIN.md §2)
  --template NAME        an approved template; --params are its body parameters {{1}}, {{2}}, … ({name} allowed)
  --language CODE        template language (default en_US)
  --channel CH           sandbox (default) or cloud
  --country CC           the country of numbers written without +country code (default KR)
  --api-base URL         Cloud API base (default https://graph.facebook.com)
  --api-version V        Cloud API version (default v27.0)
  --phone-number-id ID   or env SHOPCAST_PHONE_NUMBER_ID
  --access-token TOKEN   or env SHOPCAST_ACCESS_TOKEN (prefer the variable: a flag is visible to every user of this
                         computer in the process list, e.g. \`ps aux\`)
  --messaging-limit N    your number's messaging tier (default 250: the Cautious preset); 0 = unlimited
  --data-dir DIR         where journals and the suppression list live (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
  --policy FILE          JSON overriding pacing numbers (ratePerSecond, hourlyCap, dailyCap, pairGapMs, …)
  --rate N               messages per second (never above the channel's throughput)
  --daily-cap N          messages per day (replaces the warm-up figure)
  --no-quiet-hours       also send between 00:00 and 06:00 in the customer's time
  --seed N               sandbox seed (default 1)

Exit: 0 finished; 1 stopped or paused (said why; run again to resume); 2 wrong usage.
`;

/** Every flag `send` takes (the help text above lists them). */
export const SEND_FLAGS: FlagSpec = {
  values: ['contacts', 'text', 'template', 'params', 'language', 'channel', 'country', 'api-base', 'api-version', 'phone-number-id', 'access-token', 'messaging-limit', 'data-dir', 'policy', 'rate', 'daily-cap', 'seed'],
  booleans: ['no-quiet-hours'],
};


export interface Recipient {
  contact: string;
  name: string;
}

/**
 * Reads the contacts file through the import pipeline (the same one as `shopcast clean` and the Import screen), so
 * a CP949/Big5 Excel CSV, an XLSX, a vCard, Google/Outlook headers and Excel-damaged numbers are read as there:
 * E.164 numbers, duplicates merged, unusable rows reported with the pipeline's reason codes.
 */
export function readRecipients(bytes: Uint8Array, country: CountryCode): { recipients: Recipient[]; rejected: { row: number; reason: string }[] } | string {
  const result = runPipeline(bytes, { country, decode: iconvDecode });
  if (!result.ok) return FILE_PROBLEM_TEXT[result.problem];
  return {
    recipients: result.contacts.map((c) => ({ contact: c.phone, name: c.name })),
    rejected: result.rejected.map((r) => ({ row: r.row, reason: r.reason })),
  };
}

/** Number-valued policy fields a --policy file may set. */
const POLICY_NUMBERS = ['ratePerSecond', 'channelThroughput', 'hourlyCap', 'dailyCap', 'promotionalPerContactPer24h', 'pairGapMs', 'messagingLimit'] as const;

export function applyPolicyFile(base: PacingPolicy, json: unknown): PacingPolicy | string {
  if (!isRecord(json)) return 'the policy file must be a JSON object';
  const out: PacingPolicy = { ...base };
  for (const key of POLICY_NUMBERS) {
    const v = json[key];
    if (v === undefined) continue;
    if (v !== null && (typeof v !== 'number' || !(v >= 0))) return `"${key}" must be a number ≥ 0 or null`;
    if (v === null && (key === 'ratePerSecond' || key === 'channelThroughput' || key === 'promotionalPerContactPer24h' || key === 'pairGapMs')) return `"${key}" cannot be null`;
    Object.assign(out, { [key]: v });
  }
  if (json.quietHours === null) out.quietHours = null;
  return out;
}

export interface SendDeps {
  fs: JournalFs;
  clock: Clock;
  pid: number;
}

export function sendCommand(deps: SendDeps): CliCommand {
  return {
    summary: 'send a campaign to a CSV of contacts (sandbox or Cloud API), paced, resumable',
    help: HELP,
    run: (args, io) => runSend(args, io, deps),
  };
}

async function runSend(args: readonly string[], io: CliIo, deps: SendDeps): Promise<number> {
  const parsed = parseFlags(args, SEND_FLAGS);
  if (typeof parsed === 'string') return usage(io, parsed);
  const { flags } = parsed;
  const str = (k: string) => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const contactsPath = str('contacts');
  const text = str('text');
  const template = str('template');
  if (!contactsPath) return usage(io, '--contacts is required');
  if ((text === undefined) === (template === undefined)) return usage(io, 'give either --text or --template');
  const channel = str('channel') ?? 'sandbox';
  if (channel !== 'sandbox' && channel !== 'cloud') return usage(io, '--channel is sandbox or cloud');
  const resolve = (p: string) => (isAbsolute(p) ? p : join(io.cwd, p));
  const dataDir = resolve(str('data-dir') ?? io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');
  const country = (str('country') ?? 'KR').toUpperCase() as CountryCode; // the pipeline's phone parser rejects numbers for a country it does not know

  let bytes: Uint8Array;
  try {
    // The size first, so a huge file is refused before it is read into memory.
    const info = await stat(resolve(contactsPath));
    if (!info.isFile()) return fail(io, `${contactsPath} is not a file`);
    if (info.size > MAX_FILE_BYTES) return fail(io, `${contactsPath} is ${Math.round(info.size / 1_048_576)} MB; the cap is ${Math.round(MAX_FILE_BYTES / 1_048_576)} MB. Split it into smaller files.`);
    bytes = await readFile(resolve(contactsPath));
  } catch {
    return fail(io, `cannot read ${contactsPath}`);
  }
  const read = readRecipients(bytes, country);
  if (typeof read === 'string') return fail(io, `${contactsPath}: ${read}`);
  const { recipients, rejected } = read;
  if (rejected.length > 0) io.stderr(`${rejected.length} row(s) skipped: ${rejected.slice(0, 5).map((r) => `row ${r.row} (${r.reason})`).join(', ')}${rejected.length > 5 ? ', …' : ''}\n`);
  if (recipients.length === 0) return fail(io, 'no usable phone numbers in the contacts file');

  // Policy: the preset for this channel and tier, then the file, then single flags.
  const limitFlag = str('messaging-limit');
  const messagingLimit = limitFlag === undefined ? (channel === 'cloud' ? 250 : null) : Number(limitFlag) === 0 ? null : Number(limitFlag);
  if (messagingLimit !== null && !(messagingLimit > 0)) return usage(io, '--messaging-limit must be a number');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const chosen = defaultPolicy(channel, messagingLimit, zone);
  let policy = chosen.policy;
  const policyFile = str('policy');
  if (policyFile) {
    const raw = await deps.fs.readText(resolve(policyFile));
    if (raw === undefined) return fail(io, `cannot find ${policyFile}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail(io, `${policyFile} is not valid JSON`);
    }
    const applied = applyPolicyFile(policy, json);
    if (typeof applied === 'string') return fail(io, `${policyFile}: ${applied}`);
    policy = applied;
  }
  const rate = str('rate');
  if (rate !== undefined) {
    if (!(Number(rate) > 0)) return usage(io, '--rate must be a positive number');
    policy = { ...policy, ratePerSecond: Number(rate) };
  }
  const dailyCap = str('daily-cap');
  if (dailyCap !== undefined) {
    if (!(Number(dailyCap) > 0)) return usage(io, '--daily-cap must be a positive number');
    policy = { ...policy, dailyCap: Number(dailyCap) };
  }
  if (flags.get('no-quiet-hours') === true) policy = { ...policy, quietHours: null };

  let transport: Transport;
  if (channel === 'cloud') {
    const phoneNumberId = str('phone-number-id') ?? io.env.SHOPCAST_PHONE_NUMBER_ID;
    const accessToken = str('access-token') ?? io.env.SHOPCAST_ACCESS_TOKEN;
    if (!phoneNumberId || !accessToken) return usage(io, 'the Cloud API needs --phone-number-id and --access-token (or SHOPCAST_PHONE_NUMBER_ID / SHOPCAST_ACCESS_TOKEN)');
    transport = new CloudApiTransport({ apiBase: str('api-base') ?? 'https://graph.facebook.com', version: str('api-version') ?? 'v27.0', phoneNumberId, accessToken });
  } else {
    transport = new SandboxTransport(Number(str('seed') ?? 1));
  }

  const spec = { channel, text, template, params: str('params'), language: str('language') ?? 'en_US', country };
  const id = createHash('sha256').update(JSON.stringify({ spec, recipients: recipients.map((r) => r.contact) })).digest('hex').slice(0, 16);
  const campaignDir = join(dataDir, 'campaigns', id);
  // The data-folder lock the app and the browser host take too (SendingService): one process sends a folder's campaigns.
  const folderLock = await acquireLock(deps.fs, join(dataDir, 'sending.lock'), deps.pid);
  if (!folderLock.ok) return fail(io, `another Shopcast (process ${folderLock.holder}) is sending from ${dataDir}; close it first, or use another --data-dir`);
  const lock = await acquireLock(deps.fs, join(campaignDir, 'send.lock'), deps.pid);
  if (!lock.ok) {
    await folderLock.release();
    return fail(io, `this campaign is already being sent by another Shopcast (process ${lock.holder})`);
  }
  try {
    const journalPath = join(campaignDir, 'journal.jsonl');
    let opened = await Journal.open(deps.fs, journalPath, () => deps.clock.now());
    for (const q of opened.quarantined) io.stderr(`journal line ${q.lineNumber} could not be trusted (${q.reason}); kept in journal.jsonl.quarantine\n`);
    if (opened.recoveredAmbiguous.length > 0) {
      io.stderr(`${opened.recoveredAmbiguous.length} message(s) were mid-send when the last run stopped: WhatsApp may or may not have them. They will not be sent again.\n`);
    }
    if (opened.damaged) {
      await opened.journal.close();
      // The damaged lines are now kept aside; running again is the person's go-ahead (the jobs they named are ambiguous).
      return fail(io, `the campaign's journal is damaged (see ${join(campaignDir, 'journal.jsonl.quarantine')}); check it, then run the same command again to continue`);
    }
    if (!opened.replay.sealed) {
      // A new campaign, or one whose first write a crash cut short: (re)write what is missing, then seal the count.
      // The list comes from the same file (the id is its hash), and nothing is sent before the seal.
      const records: JournalRecord[] = opened.replay.campaign ? [] : [{ t: 'campaign', id, spec: { ...spec, policy: policy.preset, recipientCount: recipients.length }, at: deps.clock.now() }];
      const unclear = await missingJobs(deps.fs, journalPath, opened.replay.jobs, recipients, id, records, deps.clock.now());
      records.push({ t: 'sealed', count: recipients.length, at: deps.clock.now() });
      await opened.journal.appendAll(records);
      await opened.journal.close();
      opened = await Journal.open(deps.fs, journalPath, () => deps.clock.now()); // the replay now holds every job
      if (unclear > 0) io.stderr(`${unclear} recipient(s) whose line in the journal was damaged after sending had begun are marked "may have been sent"; they will not be sent again.\n`);
    } else if (opened.replay.jobs.size < opened.replay.sealed.count) {
      // A damaged recipient line (kept aside in the quarantine file): the recipient comes back from the contacts file;
      // if anything in the journal already mentions them, they may have been sent, and are never sent again.
      const records: JournalRecord[] = [];
      const unclear = await missingJobs(deps.fs, journalPath, opened.replay.jobs, recipients, id, records, deps.clock.now());
      await opened.journal.appendAll(records);
      await opened.journal.close();
      opened = await Journal.open(deps.fs, journalPath, () => deps.clock.now());
      io.stderr(`${records.filter((r) => r.t === 'job').length} recipient(s) lost with a damaged journal line were read again from ${contactsPath}${unclear > 0 ? `; ${unclear} of them may have been sent already and will not be sent again` : ''}.\n`);
    }
    if (opened.replay.jobs.size !== recipients.length) {
      await opened.journal.close();
      return fail(io, `the campaign's journal holds ${opened.replay.jobs.size} recipients but ${contactsPath} has ${recipients.length}; nothing was sent. Check ${journalPath}.`);
    }
    io.stdout(`Campaign ${id}: ${opened.replay.jobs.size} recipients via ${channel}${channel === 'sandbox' ? ' (SANDBOX: simulated, nothing is really sent)' : ''}. ${chosen.why}\n`);

    const suppression = await SuppressionList.load(deps.fs, dataDir);
    // Filled by the same code as the app's campaigns (one home for variables and their fallback).
    const unfilled: MessageContent =
      text !== undefined
        ? { kind: 'text', body: text }
        : { kind: 'template', name: template ?? '', language: spec.language, bodyParams: (spec.params ?? '').split(',').filter((p) => p !== '').map((p) => p.trim()) };
    const content = (vars: Record<string, string> | undefined): MessageContent => fillContent(unfilled, vars);
    let lastWait = '';
    const engine = new SendEngine({
      journal: opened.journal,
      replay: opened.replay,
      transport,
      policy,
      clock: deps.clock,
      random: Math.random,
      suppression,
      content: (job) => content(job.vars),
      promotional: true,
      maxInFlight: Math.max(1, Math.min(64, Math.ceil(policy.ratePerSecond / 10))),
      onEvent: (e) => {
        if (e.type === 'waiting' && e.delay.until - deps.clock.now() > 2_000 && e.delay.reason !== lastWait) {
          lastWait = e.delay.reason;
          io.stdout(`waiting until ${new Date(e.delay.until).toISOString()}: ${e.delay.detail}\n`);
        }
      },
    });
    // Statuses that `shopcast webhook` received since the last run settle jobs (ambiguous ones included) before sending.
    const settled = await applyReceivedStatuses(deps.fs, dataDir, engine, opened.replay.jobs);
    if (settled > 0) io.stdout(`${settled} status update(s) from the webhook receiver applied.\n`);
    let done = false;
    void io.interrupted.then(() => {
      if (!done) engine.pause('Interrupted: run the same command again to resume.');
    });
    const progress = setInterval(() => io.stdout(`${summary(engine.counts())}\n`), 2_000);
    let end;
    try {
      end = await engine.run();
    } finally {
      done = true;
      clearInterval(progress);
      await opened.journal.close();
    }
    io.stdout(`${summary(engine.counts())}\n`);
    if (end.state === 'finished') {
      io.stdout('Finished.\n');
      return 0;
    }
    io.stderr(`Campaign ${end.state}: ${end.why ?? ''}\n`);
    return 1;
  } finally {
    await lock.release();
    await folderLock.release();
  }
}

/**
 * Appends to `records` a job for every recipient the journal lacks (job `<id>-<index>`, as written the first time).
 * A job whose own line is missing but whose later records are there (its line was damaged) may have been sent: it
 * is added as ambiguous, never queued. Returns how many were added as ambiguous.
 */
async function missingJobs(fs: JournalFs, journalPath: string, have: ReadonlyMap<string, unknown>, recipients: readonly Recipient[], id: string, records: JournalRecord[], at: number): Promise<number> {
  const missing = new Map<string, Recipient>();
  for (const [i, r] of recipients.entries()) if (!have.has(`${id}-${i}`)) missing.set(`${id}-${i}`, r);
  if (missing.size === 0) return 0;
  const mentioned = new Set<string>();
  for (const line of ((await fs.readText(journalPath)) ?? '').split('\n')) {
    if (line === '') continue;
    const r = decodeLine(line);
    if (typeof r !== 'string' && r.t !== 'job' && 'job' in r && missing.has(r.job)) mentioned.add(r.job);
  }
  for (const [job, r] of missing) {
    records.push({ t: 'job', job, contact: r.contact, vars: { name: r.name } });
    if (mentioned.has(job)) records.push({ t: 'ambiguous', job, why: 'Its line in the send journal was damaged after sending had begun: Shopcast cannot tell whether this message went out.', code: 'journal_damaged', at });
  }
  return mentioned.size;
}

/** Reads webhook-events.jsonl (written by `shopcast webhook`) and applies the statuses of this campaign's jobs. */
export async function applyReceivedStatuses(fs: JournalFs, dataDir: string, engine: SendEngine, jobs: ReadonlyMap<string, unknown>): Promise<number> {
  const text = await fs.readText(join(dataDir, 'webhook-events.jsonl'));
  if (!text) return 0;
  let applied = 0;
  for (const line of text.split('\n')) {
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      continue; // a torn last line from the receiver: the event comes again with Meta's retry
    }
    if (!isRecord(e) || e.kind !== 'status' || typeof e.wamid !== 'string' || typeof e.jobId !== 'string' || !jobs.has(e.jobId)) continue;
    const status = e.status;
    if (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed') continue;
    if (await engine.applyStatus({ wamid: e.wamid, status, jobId: e.jobId, ...(typeof e.errorCode === 'number' ? { code: e.errorCode } : {}) })) applied++;
  }
  return applied;
}

function summary(c: ReturnType<SendEngine['counts']>): string {
  return `accepted ${c.accepted}/${c.total} · failed ${c.failed} · skipped ${c.skipped} · may have been sent ${c.ambiguous} · queued ${c.queued + c.attempting}`;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`shopcast send: ${message}\nRun "shopcast send --help" for the options.\n`);
  return 2;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`shopcast send: ${message}\n`);
  return 1;
}

export const send = sendCommand({ fs: nodeJournalFs, clock: systemClock, pid: process.pid });

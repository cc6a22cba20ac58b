/**
 * `shopcast send`: runs a campaign headless through the app's own sending service (`SendingService`, the same
 * `CampaignService`, engine, journal, suppression list and data folder as the app), so a CLI campaign is an app
 * campaign: main's refusals apply at start, the shop's `policy.json` applies, the recipient list is sealed before
 * anything is sent, and the app's Campaigns screen shows it (as does `shopcast campaigns list`).
 *
 * - The campaign is named by what it sends and to whom (a hash of the message and the numbers, kept in the draft as
 *   `source: { kind: 'cli', key }`), so running the same command again (after Ctrl+C, a crash or kill -9) finds it
 *   and resumes it: what was accepted is not sent again, and what was mid-send is reported as "may have been sent",
 *   never resent. A campaign whose creation a crash cut short is completed (the missing recipients, then the seal).
 * - Policy: the preset for the channel and messaging limit, then the shop's `policy.json` (readPolicyChoice,
 *   effectivePolicy), then this command's `--policy`, `--rate` and `--daily-cap`, which may only make it STRICTER
 *   (applyStricter); a looser value is refused naming the field. The service reads the policy through the `fs` port,
 *   so the CLI hands it a view in which `policy.json` holds the shop's choice with these stricter numbers added:
 *   nothing is written, and the app's own choice is unchanged.
 * - Before the service opens the folder, the CLI opens its own campaign's journal once (under the data-folder lock)
 *   to report what the journal recovered, stop on a damaged journal, bring back recipients lost with a damaged line,
 *   and apply the statuses `shopcast webhook` kept in webhook-events.jsonl.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { isRecord } from '../../shared/lib/guards';
import { FILE_PROBLEM_TEXT } from '../../shared/import/messages';
import { MAX_FILE_BYTES, runPipeline } from '../../shared/import/pipeline';
import { iconvDecode } from './decode';
import type { PacingPolicy } from '../../shared/domain/pacing';
import type { CountryCode } from '../../shared/domain/phone';
import { AppFailure } from '../../shared/lib/result';
import type { MessageContent } from '../../shared/domain/message';
import { RECIPIENT_CHUNK_MAX, type CampaignRecipientInput, type CampaignSummary } from '../../shared/ipc/campaigns';
import { parsePolicyChoice, type PolicyChoice, type PolicyOverrides } from '../../shared/ipc/policy';
import { nodeJournalFs } from '../adapters/journalFs';
import { systemClock, type Clock } from '../services/engine';
import { acquireLock, decodeLine, Journal, type JournalRecord } from '../services/journal';
import { applyStricter, effectivePolicy, POLICY_FILE, readPolicyChoice } from '../services/policyChoice';
import { joinPath, type JournalFs } from '../services/ports';
import type { SendingService } from '../services/sending';
import type { CloudApiConfig } from '../services/transports/cloudApi';
import { firstRecord, sourceOf } from './campaigns';
import { cliSendingService } from './sendingCore';
import { parseFlags, type FlagSpec } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast send: send one message to a list of contacts, paced and journaled (re-run the same command to resume)

Usage:
  shopcast send --contacts list.csv (--text "Hi {name}…" | --template NAME [--params "{name},10%"] [--language en_US])
                --channel sandbox|cloud [options]

The campaign is one of the app's: it uses the data folder's suppression list and sending rules, shows in the app's
Campaigns screen and in "shopcast campaigns list", and the app's checks at start apply (a refusal is printed with
each reason). Running the same command again finds the same campaign and resumes it; nobody gets a message twice.

Options:
  --contacts FILE        CSV with a header; the phone column is "phone", "mobile", "number", "전화", "휴대폰", "手機" or "電話"
                         (else the first column); a "name" column fills {name}; a "user_id" column (WhatsApp's
                         user id, e.g. KR.1349…) goes with the row, and a row with only a user id is sent to it
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
  --data-dir DIR         the data folder: the app's, to share its campaigns, suppression list and sending rules
                         (default env SHOPCAST_DATA_DIR, else ./shopcast-data)

Sending rules: the preset for the channel and messaging limit, then the shop's own rules (the app's Settings →
Sending safety, policy.json in the data folder). These options can only make them stricter; a looser value is
refused. Quiet hours are the shop's policy and are changed in the app (there is no --no-quiet-hours).
  --policy FILE          JSON with stricter numbers: ratePerSecond, hourlyCap, dailyCap, quietHours
                         ({"startHour","endHour"}, covering the preset's), promotionalPerContactPer24h
  --rate N               messages per second, at most the rules' rate
  --daily-cap N          messages per day, lower than the rules' cap (the warm-up allows 50 a day in the first week)
  --seed N               sandbox seed (default 1)

Exit: 0 finished; 1 refused, stopped or paused (said why; run again to resume); 2 wrong usage.
`;

/** Every flag `send` takes (the help text above lists them); --no-quiet-hours is known only to say why it is gone. */
export const SEND_FLAGS: FlagSpec = {
  values: ['contacts', 'text', 'template', 'params', 'language', 'channel', 'country', 'api-base', 'api-version', 'phone-number-id', 'access-token', 'messaging-limit', 'data-dir', 'policy', 'rate', 'daily-cap', 'seed'],
  booleans: ['no-quiet-hours'],
};

export interface Recipient {
  /** Who the message goes to: the phone (E.164) when the row has one, else the WhatsApp user id (BSUID). */
  contact: string;
  /** The row's WhatsApp user id: beside a phone, main also checks suppression under it; alone, it is the address. */
  userId?: string;
  name: string;
}

/** The campaign recipient for a CLI row: its phone and/or its user id (never a user id in the phone field). */
function recipientInput(r: Recipient, ref: string): CampaignRecipientInput {
  const phone = r.contact === r.userId ? undefined : r.contact;
  return { ref, ...(phone !== undefined ? { phone } : {}), ...(r.userId !== undefined ? { userId: r.userId } : {}), vars: { name: r.name } };
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
    recipients: result.contacts.flatMap((c): Recipient[] => {
      const contact = c.phone || c.userId; // a row has a phone, a user id, or both
      return contact ? [{ contact, ...(c.userId ? { userId: c.userId } : {}), name: c.name }] : [];
    }),
    rejected: result.rejected.map((r) => ({ row: r.row, reason: r.reason })),
  };
}

/** The policy fields a --policy file may name (the shop's own numbers, PolicyOverrides). */
const OVERRIDE_FIELDS = ['ratePerSecond', 'hourlyCap', 'dailyCap', 'quietHours', 'promotionalPerContactPer24h'] as const;

/** A --policy file's numbers, checked for shape (not yet for strictness); a string says what is wrong. */
export function readPolicyFile(json: unknown): PolicyOverrides | string {
  if (!isRecord(json)) return 'the policy file must be a JSON object';
  for (const key of Object.keys(json)) {
    if (!(OVERRIDE_FIELDS as readonly string[]).includes(key)) {
      return `"${key}" cannot be set here; a policy file may only make these stricter: ${OVERRIDE_FIELDS.join(', ')}`;
    }
  }
  if (json.quietHours === null) return '"quietHours": null would send at night; quiet hours are the shop\'s policy, changed in the app';
  for (const key of ['hourlyCap', 'dailyCap'] as const) if (json[key] === null) return `"${key}": null would remove the cap; the file may only make it lower`;
  const parsed = parsePolicyChoice({ preset: 'auto', overrides: json });
  if (!parsed.ok) return parsed.error.message;
  return parsed.value.overrides;
}

/**
 * Which of `wanted` would loosen `current` (the policy in force: preset and the shop's choice); undefined when every
 * value is at least as strict. A value is stricter when applyStricter takes it as it is.
 */
export function looserField(current: PacingPolicy, wanted: PolicyOverrides): { field: string; wanted: unknown; current: unknown } | undefined {
  for (const field of OVERRIDE_FIELDS) {
    const v = wanted[field];
    if (v === undefined) continue;
    const after = applyStricter(current, { [field]: v });
    if (JSON.stringify(after[field]) !== JSON.stringify(v)) return { field, wanted: v, current: current[field] };
  }
  return undefined;
}

/** The shop's choice with the CLI's numbers added; each CLI number was checked to be at least as strict as the result. */
function withStricter(choice: PolicyChoice, extra: PolicyOverrides): PolicyChoice {
  return { preset: choice.preset, overrides: { ...choice.overrides, ...extra } };
}

/** A view of the folder's files in which `policy.json` reads as `choice` (only reading is affected). */
function policyView(fs: JournalFs, dataDir: string, choice: PolicyChoice): JournalFs {
  const path = joinPath(dataDir, POLICY_FILE);
  const text = `${JSON.stringify(choice)}\n`;
  return { ...fs, readText: (p) => (p === path ? Promise.resolve(text) : fs.readText(p)) };
}

export interface SendDeps {
  fs: JournalFs;
  clock: Clock;
  pid: number;
  random?: () => number;
  /** The zone for numbers whose country the zone table does not know; the machine's by default. */
  fallbackZone?: string;
}

export function sendCommand(deps: SendDeps): CliCommand {
  return {
    summary: 'send a campaign to a CSV of contacts (sandbox or Cloud API), paced, resumable, shown in the app',
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
  if (flags.get('no-quiet-hours') === true) {
    return usage(io, '--no-quiet-hours is gone: quiet hours are the shop\'s sending rules, the same for the app and this command; change them in the app (Settings → Sending safety)');
  }
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

  const seed = str('seed');
  if (seed !== undefined && !Number.isSafeInteger(Number(seed))) return usage(io, '--seed must be a whole number');
  const limitFlag = str('messaging-limit');
  const messagingLimit = limitFlag === undefined ? (channel === 'cloud' ? 250 : null) : Number(limitFlag) === 0 ? null : Number(limitFlag);
  if (messagingLimit !== null && !(messagingLimit > 0)) return usage(io, '--messaging-limit must be a number');
  const phoneNumberId = str('phone-number-id') ?? io.env.SHOPCAST_PHONE_NUMBER_ID;
  const accessToken = str('access-token') ?? io.env.SHOPCAST_ACCESS_TOKEN;
  if (channel === 'cloud' && (!phoneNumberId || !accessToken)) return usage(io, 'the Cloud API needs --phone-number-id and --access-token (or SHOPCAST_PHONE_NUMBER_ID / SHOPCAST_ACCESS_TOKEN)');
  const cloudConfig: CloudApiConfig | null = phoneNumberId && accessToken ? { apiBase: str('api-base') ?? 'https://graph.facebook.com', version: str('api-version') ?? 'v27.0', phoneNumberId, accessToken } : null;

  // The CLI's own numbers: each must be at least as strict as the rules in force (preset, then the shop's choice).
  const extra: PolicyOverrides = {};
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
    const read = readPolicyFile(json);
    if (typeof read === 'string') return usage(io, `${policyFile}: ${read}`);
    Object.assign(extra, read);
  }
  const rate = str('rate');
  if (rate !== undefined) {
    if (!(Number(rate) > 0)) return usage(io, '--rate must be a positive number');
    extra.ratePerSecond = Math.min(extra.ratePerSecond ?? Infinity, Number(rate));
  }
  const dailyCap = str('daily-cap');
  if (dailyCap !== undefined) {
    if (!(Number(dailyCap) > 0) || !Number.isInteger(Number(dailyCap))) return usage(io, '--daily-cap must be a whole number above 0');
    const cap = Number(dailyCap);
    extra.dailyCap = typeof extra.dailyCap === 'number' ? Math.min(extra.dailyCap, cap) : cap;
  }
  const zone = deps.fallbackZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shopChoice = await readPolicyChoice(deps.fs, dataDir);
  const inForce = effectivePolicy(channel, messagingLimit, shopChoice, zone).policy;
  const looser = looserField(inForce, extra);
  if (looser) {
    const flag = looser.field === 'ratePerSecond' && rate !== undefined ? '--rate' : looser.field === 'dailyCap' && dailyCap !== undefined ? '--daily-cap' : `${policyFile ?? '--policy'}: "${looser.field}"`;
    return usage(
      io,
      `${flag} ${JSON.stringify(looser.wanted)} is looser than the sending rules in force (${looser.field} ${looser.current === 'warmup' ? 'warm-up: 50 a day in the first week' : JSON.stringify(looser.current)}); this command may only make them stricter. The shop's rules are changed in the app (Settings → Sending safety).`,
    );
  }

  const choice = withStricter(shopChoice, extra);
  // The service reads the choice as the app does (parsePolicyChoice); one it could not read would mean the presets.
  if (!parsePolicyChoice(JSON.parse(JSON.stringify(choice))).ok) return usage(io, 'these sending-rule numbers cannot be used (see --help for the allowed values)');

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
  if (recipients.length === 0) return fail(io, 'no usable phone numbers or WhatsApp user ids in the contacts file');

  const spec = { channel, text, template, params: str('params'), language: str('language') ?? 'en_US', country };
  const key = createHash('sha256').update(JSON.stringify({ spec, recipients: recipients.map((r) => r.contact) })).digest('hex').slice(0, 16);
  const content: MessageContent =
    text !== undefined
      ? { kind: 'text', body: text }
      : { kind: 'template', name: template ?? '', language: spec.language, bodyParams: (spec.params ?? '').split(',').filter((p) => p !== '').map((p) => p.trim()) };

  // Before the service opens the folder: this campaign's journal, once, under the data-folder lock the app and the
  // browser host take too (one process sends a folder's campaigns).
  const folderLock = await acquireLock(deps.fs, join(dataDir, 'sending.lock'), deps.pid);
  if (!folderLock.ok) return fail(io, `another Shopcast (process ${folderLock.holder}) is sending from ${dataDir}; close it first, or use another --data-dir`);
  let existing: string | undefined;
  try {
    existing = await findByKey(deps.fs, dataDir, key);
    // Before this command ran through the app's service, its campaign's folder was named by the key itself and its
    // journal had no draft the app can read. Starting anew would send again to whoever that run reached.
    const older = existing === undefined ? await firstRecord(join(dataDir, 'campaigns', key, 'journal.jsonl')) : undefined;
    if (older && typeof older.spec.name !== 'string') {
      return fail(io, `this command's campaign was started by an older shopcast send (${join(dataDir, 'campaigns', key)}), which this version cannot continue; nothing was sent. Finish it with the older version, or move that folder away to send to everyone again.`);
    }
    if (existing !== undefined) {
      const problem = await prepare(deps, io, dataDir, existing, recipients, contactsPath);
      if (problem !== undefined) return fail(io, problem);
    }
  } finally {
    await folderLock.release();
  }

  const listeners = new Set<(s: CampaignSummary) => void>();
  let stopped: string | undefined;
  // The app's core, composed as every sending command composes it (sendingCore.ts); statuses and replies come
  // through `shopcast webhook`, so no receiver is opened here.
  const service = cliSendingService(
    { fs: deps.fs, clock: deps.clock, pid: deps.pid, ...(deps.random ? { random: deps.random } : {}), fallbackZone: zone },
    {
      dataDir,
      fs: policyView(deps.fs, dataDir, choice),
      cloud: { transport: cloudConfig, messagingLimit },
      emit: (name, payload) => {
        if (name === 'campaign:changed') for (const l of listeners) l(payload as CampaignSummary); // the payload of campaign:changed
        else if (name === 'sending:stopped') {
          const p = payload as { why: string; action: string }; // the payload of sending:stopped
          stopped = `${p.why} ${p.action}`.trim();
        }
      },
      ...(seed !== undefined ? { sandboxSeed: Number(seed) } : {}),
    },
  );
  try {
    await service.load();
  } catch (error) {
    return fail(io, error instanceof Error ? error.message : String(error));
  }
  try {
    let id = existing;
    if (id !== undefined && !(await service.list()).some((c) => c.id === id)) {
      return fail(io, `the campaign ${id} for this command is in ${join(dataDir, 'campaigns', id)} but could not be opened; check its journal`);
    }
    if (id === undefined) {
      id = (await service.create({ name: `${basename(contactsPath)} (shopcast send)`.slice(0, 120), channel, content, promotional: true, recipientCount: recipients.length, source: { kind: 'cli', key } })).id;
    }
    // New, or cut short while its recipients were being written: the rest, in chunks, then the seal.
    let summary: CampaignSummary = await service.get(id);
    if (summary.incomplete) {
      for (let at = summary.counts.total; at < recipients.length; at += RECIPIENT_CHUNK_MAX) {
        await service.addRecipients(
          id,
          recipients.slice(at, at + RECIPIENT_CHUNK_MAX).map((r, i) => recipientInput(r, `cli:${at + i}`)),
        );
      }
      summary = await service.seal(id);
    }
    if (summary.counts.total !== recipients.length) {
      return fail(io, `the campaign's journal holds ${summary.counts.total} recipients but ${contactsPath} has ${recipients.length}; nothing was sent. Check ${join(dataDir, 'campaigns', id, 'journal.jsonl')}.`);
    }
    const policy = (await service.policy()).effective[channel];
    io.stdout(`Campaign ${id}: ${summary.counts.total} recipients via ${channel}${channel === 'sandbox' ? ' (SANDBOX: simulated, nothing is really sent)' : ''}. ${policy.why} At most ${policy.policy.ratePerSecond} a second.\n`);
    const others = (await service.list()).filter((c) => c.id !== id && c.state === 'running');
    if (others.length > 0) io.stdout(`Also sending from this data folder while this runs (they were sending when Shopcast last stopped): ${others.map((c) => `${c.name} (${c.id})`).join(', ')}\n`);

    if (summary.state === 'finished') {
      io.stdout(`${countsLine(summary)}\nFinished.\n`);
      return 0;
    }
    if (summary.state === 'cancelled') {
      io.stdout(`${countsLine(summary)}\n`);
      return fail(io, 'this campaign was cancelled (in the app); it is not sent again');
    }

    return await runToEnd(service, id, io, deps.clock, listeners, () => stopped);
  } catch (error) {
    return fail(io, error instanceof Error ? error.message : String(error));
  } finally {
    await service.close();
  }
}

/** Where a run of the campaign ends: the command returns then. */
const SETTLED: readonly CampaignSummary['state'][] = ['finished', 'paused', 'cancelled'];

/** Starts the campaign (main's refusals apply), prints progress, and returns the exit code when it has settled. */
async function runToEnd(service: SendingService, id: string, io: CliIo, clock: Clock, listeners: Set<(s: CampaignSummary) => void>, stoppedWhy: () => string | undefined): Promise<number> {
  let lastWait = '';
  // A run has ended when the campaign is finished or cancelled (start refuses both, so it is this run's end), or
  // paused once it was running (a resumed campaign reads paused until its engine has journaled "running"). Every
  // state change is an urgent campaign:changed; events before the start has returned are about the old state.
  let started: CampaignSummary | undefined;
  let sawRunning = false;
  let settle!: (s: CampaignSummary) => void;
  const settled = new Promise<CampaignSummary>((r) => (settle = r));
  const ended = (s: CampaignSummary) =>
    s.state === 'finished' || s.state === 'cancelled' || (s.state === 'paused' && (sawRunning || started?.state !== 'paused' || s.why !== started.why));
  const onChange = (s: CampaignSummary) => {
    if (s.id !== id) return;
    if (s.waiting && s.waiting.reason !== lastWait && s.waiting.until - clock.now() > 2_000) {
      lastWait = s.waiting.reason;
      io.stdout(`waiting until ${new Date(s.waiting.until).toISOString()}: ${s.waiting.detail}\n`);
    }
    if (!started) return;
    if (s.state === 'running') sawRunning = true;
    else if (ended(s)) settle(s);
  };
  listeners.add(onChange);
  try {
    try {
      started = await service.start(id);
    } catch (error) {
      if (error instanceof AppFailure && typeof error.details?.reasons === 'string') {
        const codes = String(error.details.codes ?? '').split(',');
        const now = await service.get(id);
        if (codes.every((c) => c === 'finished') && now.state === 'finished') {
          io.stdout(`${countsLine(now)}\nFinished.\n`); // it ended (resumed at load) before this start
          return 0;
        }
        io.stderr(`shopcast send: the campaign cannot start:\n${error.details.reasons.split('\n').map((why, i) => `  - ${why}${codes[i] ? ` (${codes[i]})` : ''}\n`).join('')}`);
        return 1;
      }
      throw error;
    }
    const after = await service.get(id);
    if (after.state === 'running') sawRunning = true;
    else if (ended(after)) settle(after);
    let done = false;
    void io.interrupted.then(async () => {
      if (done) return;
      io.stderr('Interrupted: pausing (nothing is left half-sent); run the same command again to resume.\n');
      await service.pause(id).catch(() => undefined);
      settle(await service.get(id)); // the run has ended: pause waits for it
    });
    // Progress every 2 s; it also ends the wait should a run stop without ever journaling "running" (a journal that
    // cannot be written at the start, say), which no event would announce.
    let polls = 0;
    const progress = setInterval(() => {
      void service.get(id).then((s) => {
        io.stdout(`${countsLine(s)}\n`);
        if (SETTLED.includes(s.state) && (ended(s) || ++polls >= 2)) settle(s);
      }, () => undefined);
    }, 2_000);
    let end: CampaignSummary;
    try {
      end = await settled;
    } finally {
      done = true;
      clearInterval(progress);
    }
    const last = await service.get(id);
    io.stdout(`${countsLine(last)}\n`);
    if (last.counts.ambiguous > 0) io.stdout(`${last.counts.ambiguous} message(s) may have been sent (WhatsApp may or may not have them); they are never sent again. Decide on them in the app's campaign screen.\n`);
    if (last.state === 'finished') {
      io.stdout('Finished.\n');
      return 0;
    }
    const why = last.why ?? end.why ?? stoppedWhy() ?? '';
    io.stderr(`Campaign ${last.state}: ${why}${last.state === 'paused' ? ' Run the same command again to resume.' : ''}\n`);
    return 1;
  } finally {
    listeners.delete(onChange);
  }
}

/** The newest campaign in the folder made by this command (the same key). */
async function findByKey(fs: JournalFs, dataDir: string, key: string): Promise<string | undefined> {
  let found: { id: string; at: number } | undefined;
  for (const id of await fs.listDirs(join(dataDir, 'campaigns'))) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
    const first = await firstRecord(join(dataDir, 'campaigns', id, 'journal.jsonl'));
    if (first && sourceOf(first.spec)?.key === key && (!found || first.at >= found.at)) found = { id, at: first.at };
  }
  return found?.id;
}

/**
 * Opens the campaign's journal once before the service does: says what it recovered (mid-send messages, lines it
 * could not trust), refuses a damaged journal (the person looks first; running again is the go-ahead), brings back
 * recipients lost with a damaged line, and applies the statuses `shopcast webhook` kept. Returns a problem to print.
 */
async function prepare(deps: SendDeps, io: CliIo, dataDir: string, id: string, recipients: readonly Recipient[], contactsPath: string): Promise<string | undefined> {
  const journalPath = join(dataDir, 'campaigns', id, 'journal.jsonl');
  const opened = await Journal.open(deps.fs, journalPath, () => deps.clock.now());
  try {
    for (const q of opened.quarantined) io.stderr(`journal line ${q.lineNumber} could not be trusted (${q.reason}); kept in journal.jsonl.quarantine\n`);
    if (opened.recoveredAmbiguous.length > 0) {
      io.stderr(`${opened.recoveredAmbiguous.length} message(s) were mid-send when the last run stopped: WhatsApp may or may not have them. They will not be sent again.\n`);
    }
    if (opened.damaged) {
      // The damaged lines are now kept aside; running again is the person's go-ahead (the jobs they named are ambiguous).
      return `the campaign's journal is damaged (see ${journalPath}.quarantine); check it, then run the same command again to continue`;
    }
    const { replay } = opened.journal; // changes only through the journal's appends
    for (const [i, r] of recipients.entries()) {
      const job = replay.jobs.get(`${id}-${i}`);
      if (job && job.contact !== r.contact) return `the campaign's journal lists ${job.contact} as recipient ${i + 1} but ${contactsPath} has ${r.contact}; nothing was sent. Check ${journalPath}.`;
    }
    // Recipients lost with a damaged line (kept aside in the quarantine file) come back from the contacts file: all
    // of them once sealed; before the seal, the gaps below the last one written (the service adds the rest).
    let upTo = replay.sealed ? recipients.length : 0;
    if (!replay.sealed) for (const jobId of replay.jobs.keys()) upTo = Math.max(upTo, Number(jobId.slice(id.length + 1)) + 1);
    const records: JournalRecord[] = [];
    const unclear = missingJobs((await deps.fs.readText(journalPath)) ?? '', replay.jobs, recipients.slice(0, upTo), id, records, deps.clock.now());
    if (records.length > 0) {
      await opened.journal.appendAll(records);
      io.stderr(`${records.filter((r) => r.t === 'job').length} recipient(s) lost with a damaged journal line were read again from ${contactsPath}${unclear > 0 ? `; ${unclear} of them may have been sent already and will not be sent again` : ''}.\n`);
    }
    // Statuses that `shopcast webhook` received since the last run settle jobs (ambiguous ones included) before sending.
    const settled = await applyReceivedStatuses(await deps.fs.readText(join(dataDir, 'webhook-events.jsonl')), opened.journal, deps.clock.now());
    if (settled > 0) io.stdout(`${settled} status update(s) from the webhook receiver applied.\n`);
    return undefined;
  } finally {
    await opened.journal.close();
  }
}

/**
 * Appends to `records` a job for every recipient the journal lacks (job `<id>-<index>`, as written the first time).
 * A job whose own line is missing but whose later records are there (its line was damaged) may have been sent: it
 * is added as ambiguous, never queued. Returns how many were added as ambiguous.
 */
function missingJobs(journalText: string, have: ReadonlyMap<string, unknown>, recipients: readonly Recipient[], id: string, records: JournalRecord[], at: number): number {
  const missing = new Map<string, { index: number; r: Recipient }>();
  for (const [i, r] of recipients.entries()) if (!have.has(`${id}-${i}`)) missing.set(`${id}-${i}`, { index: i, r });
  if (missing.size === 0) return 0;
  const mentioned = new Set<string>();
  for (const line of journalText.split('\n')) {
    if (line === '') continue;
    const r = decodeLine(line);
    if (typeof r !== 'string' && r.t !== 'job' && 'job' in r && missing.has(r.job)) mentioned.add(r.job);
  }
  for (const [job, { index, r }] of missing) {
    records.push({ t: 'job', job, contact: r.contact, ...(r.userId !== undefined && r.userId !== r.contact ? { userId: r.userId } : {}), vars: { name: r.name }, ref: `cli:${index}` });
    if (mentioned.has(job)) records.push({ t: 'ambiguous', job, why: 'Its line in the send journal was damaged after sending had begun: Shopcast cannot tell whether this message went out.', code: 'journal_damaged', at });
  }
  return mentioned.size;
}

/**
 * Applies the statuses in webhook-events.jsonl (written by `shopcast webhook`) to this campaign's jobs through the
 * journal's one status rule (`Journal.recordStatus`: it settles an unclear send or moves the delivery forward, and
 * ignores a status about another message). Returns how many were recorded.
 */
export async function applyReceivedStatuses(text: string | undefined, journal: Journal, at: number): Promise<number> {
  let applied = 0;
  for (const line of (text ?? '').split('\n')) {
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      continue; // a torn last line from the receiver: the event comes again with Meta's retry
    }
    if (!isRecord(e) || e.kind !== 'status' || typeof e.wamid !== 'string' || typeof e.jobId !== 'string') continue;
    const status = e.status;
    if (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed') continue;
    if (await journal.recordStatus(e.jobId, { wamid: e.wamid, status, ...(typeof e.errorCode === 'number' ? { code: e.errorCode } : {}) }, at)) applied++;
  }
  return applied;
}

function countsLine(s: Pick<CampaignSummary, 'counts'>): string {
  const c = s.counts;
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

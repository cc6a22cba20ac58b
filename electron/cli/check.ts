/**
 * `shopcast check`: the wizard's pre-send checklist without a window, so a shop system can ask "may this go out?"
 * before it asks Shopcast to send. It calls the same pure `runChecklist` the wizard calls (shared/domain/campaign)
 * and words each verdict with the wizard's own `reasonText` and English dictionary, so the sentences are the ones
 * the Checklist step shows. Nothing is sent and no contact, campaign or journal is written (a damaged settings.json or
 * cloud.json is kept aside as a copy, as the app does when it reads one).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { runChecklist, type CheckResult } from '../../shared/domain/campaign/checklist';
import { DEFAULT_RATE_TABLE } from '../../shared/domain/campaign/costs';
import type { CampaignDraft, MessageDraft } from '../../shared/domain/campaign/draft';
import { PhoneFactsCache } from '../../shared/domain/campaign/phoneFacts';
import { reachKey, type CampaignContact, type TemplateParamSource } from '../../shared/domain/campaign/render';
import { DAY } from '../../shared/domain/pacing';
import type { CountryCode } from '../../shared/domain/phone';
import { defaultSettingsForLocale, type Settings } from '../../shared/domain/settings';
import { FILE_PROBLEM_TEXT, formatBytes } from '../../shared/import/messages';
import { MAX_FILE_BYTES, runPipeline } from '../../shared/import/pipeline';
import type { CleanContact } from '../../shared/import/types';
import type { TemplateInfo } from '../../shared/domain/template';
import type { ChannelKind } from '../../shared/domain/vocabulary';
import { createTranslator, type Translator } from '../../renderer/src/i18n';
import { reasonText } from '../../renderer/src/features/wizard/checklistWords';
import { nodeJournalFs } from '../adapters/journalFs';
import { ownerOnlyFileSecretStore } from '../adapters/secretStore';
import { CloudSetupService } from '../services/cloudSetup';
import { systemClock, type Clock } from '../services/engine';
import { Inbox } from '../services/inbox';
import type { JournalFs } from '../services/ports';
import { effectivePolicy, readPolicyChoice } from '../services/policyChoice';
import { SettingsService } from '../services/settings';
import { SuppressionList } from '../services/suppression';
import { iconvDecode } from './decode';
import { parseFlags, type FlagSpec } from './flags';
import type { CliCommand, CliIo } from './types';
import { newContactConsent } from '../../shared/import/consent';

const HELP = `shopcast check: the pre-send checklist without a window (the same rules and words as the wizard's Checklist step)

Usage:
  shopcast check --contacts list.csv (--text "Hi {name}…" | --template NAME [--params "{name},10%"] [--language CODE])
                 [--promotion] [--at 2026-12-01T10:00+09:00] [--channel CH] [--country CC] [--data-dir DIR] [--json]

Prints every rule's verdict, one a line: pass, warn or block, the rule's id (stable: scripts may match on it) and
the reason in words. Nothing is sent and nothing is written.

Options:
  --contacts FILE    the recipients: any file the import reads (CSV/TSV/TXT in any encoding, XLSX/XLS/ODS, vCard),
                     read as \`shopcast clean\` reads it; an opt-in column ("opt_in", "수신동의", …) is used when present
  --text TEXT        a free-form text; {name}, {shop}, {phone}, {labels}, {notes} are filled per contact
  --template NAME    a template synced into the data folder (templates.json, Settings → Cloud API → Sync templates)
  --params LIST      the template's body parameters {{1}}, {{2}}, …, comma-separated; {field} takes it from the contact
  --language CODE    the template's language (default: the synced template of that name, else en_US)
  --promotion        the message is promotional (needs an opt-out line and opted-in recipients)
  --at TIME          when sending would start, ISO-8601 with its offset (default: now)
  --channel CH       sandbox, assisted or cloud (default: the shop's channel in settings.json, else sandbox)
  --country CC       the country of numbers written without +country code (default KR)
  --data-dir DIR     the shop's data folder: settings.json, policy.json, templates.json, the suppression list and
                     the inbox (default env SHOPCAST_DATA_DIR, else ./shopcast-data); missing files mean defaults
  --json             print { "verdicts": [{ "rule", "verdict", "reason", "key", "params" }], "blocks", "warnings", … }

What it cannot see: the app's send history lives in the window's database, so the per-contact frequency and weekly
rules (frequency, weekly_frequency), "already received this message" (same_content), today's sends against the
daily cap and messaging limit, and the number's warm-up age (taken as a first send: the strictest warm-up) are
checked as if nothing had been sent before. Opted-out and undeliverable numbers come from the data folder's
suppression list; a 24 h service window from its inbox. The contacts file is merged like an import, so the
duplicates rule sees no repeats (they are merged, as the import would).

Exit codes: 0 nothing blocks (warnings may remain), 3 something blocks, 1 a file could not be read, 2 wrong usage.
`;

export const CHECK_FLAGS: FlagSpec = {
  values: ['contacts', 'text', 'template', 'params', 'language', 'at', 'channel', 'country', 'data-dir'],
  booleans: ['promotion', 'json'],
};

/**
 * Rules that read the app's send history, which lives in the window's database (IndexedDB) and not in the data folder:
 * here they see no sends, so their pass means "nothing known", not "checked".
 */
export const WITHOUT_HISTORY = ['frequency', 'weekly_frequency', 'same_content'] as const;

const CHANNELS: readonly ChannelKind[] = ['sandbox', 'assisted', 'cloud'];

/** ISO-8601 with a date, a time and an offset: "2026-12-01T10:00+09:00", "…:00Z". A time without a zone is ambiguous. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

export interface CheckDeps {
  clock: Pick<Clock, 'now'>;
  fs: JournalFs;
  /** The zone for numbers of unknown country and for times written in words when --at has no whole-hour offset. */
  localZone: () => string;
}

export function checkCommand(deps: CheckDeps): CliCommand {
  return {
    summary: 'run the pre-send checklist on a message and a contact list: pass / warn / block per rule (exit 3 if blocked)',
    help: HELP,
    run: (args, io) => runCheck(args, io, deps),
  };
}

interface Args {
  contacts: string;
  message: { kind: 'text'; body: string } | { kind: 'template'; name: string; language: string | undefined; params: TemplateParamSource[] };
  promotional: boolean;
  at: { ms: number; offset: string } | undefined;
  channel: ChannelKind | undefined;
  country: CountryCode;
  dataDir: string;
  json: boolean;
}

function parseArgs(argv: readonly string[], io: CliIo): Args | string {
  const parsed = parseFlags(argv, CHECK_FLAGS);
  if (typeof parsed === 'string') return parsed;
  const { flags } = parsed;
  const str = (k: string) => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const contacts = str('contacts');
  if (!contacts) return '--contacts is required';
  const text = str('text');
  const template = str('template');
  if ((text === undefined) === (template === undefined)) return 'give either --text or --template (one of them)';
  if (text !== undefined && (str('params') !== undefined || str('language') !== undefined)) return '--params and --language go with --template, not --text';
  let at: Args['at'];
  const atText = str('at');
  if (atText !== undefined) {
    const m = ISO_WITH_OFFSET.exec(atText);
    const ms = m ? Date.parse(atText) : NaN;
    if (!m || Number.isNaN(ms)) return `--at needs an ISO-8601 time with its offset, such as 2026-12-01T10:00+09:00 (got "${atText}")`;
    at = { ms, offset: m[1]! }; // group 1 is the offset, always present when the pattern matches
  }
  const channelText = str('channel');
  const channel = channelText === undefined ? undefined : CHANNELS.find((c) => c === channelText);
  if (channelText !== undefined && !channel) return `--channel is one of ${CHANNELS.join(', ')}`;
  const cc = (str('country') ?? 'KR').toUpperCase();
  if (!isSupportedCountry(cc)) return `--country needs a country code such as KR, TW, JP, US (got ${cc})`;
  const resolve = (p: string) => (isAbsolute(p) ? p : join(io.cwd, p));
  return {
    contacts,
    message:
      text !== undefined
        ? { kind: 'text', body: text }
        : { kind: 'template', name: template ?? '', language: str('language'), params: templateParams(str('params')) },
    promotional: flags.get('promotion') === true,
    at,
    channel,
    country: cc,
    dataDir: resolve(str('data-dir') ?? io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data'),
    json: flags.get('json') === true,
  };
}

/** "{name},10%" → {{1}} from the contact's name, {{2}} the fixed "10%" (as `shopcast send --params` reads them). */
export function templateParams(list: string | undefined): TemplateParamSource[] {
  return (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const field = /^\{(\w{1,40})\}$/.exec(p)?.[1];
      return field !== undefined ? { kind: 'field', field, fallback: '' } : { kind: 'fixed', value: p };
    });
}

/**
 * The contacts as the wizard would know them after an import (renderer/src/db/importBatches.ts commitImport): the
 * file's opt-in and night-time consent with the file's source column or as claimed by the file
 * (shared/import/consent.ts), dated at the check's start; labels numbered in order of first use.
 */
export function contactsFromImport(rows: readonly CleanContact[], at: number, fileName: string): { contacts: CampaignContact[]; labelNames: Map<number, string> } {
  const labelIds = new Map<string, number>();
  const contacts = rows.map((c, i): CampaignContact => {
    const ids = c.labels.map((l) => {
      let id = labelIds.get(l);
      if (id === undefined) labelIds.set(l, (id = labelIds.size + 1));
      return id;
    });
    return { id: i + 1, name: c.name, phone: c.phone, labelIds: [...new Set(ids)], ...newContactConsent(c, fileName, at), notes: c.memo, lastInteractionAt: null };
  });
  return { contacts, labelNames: new Map([...labelIds].map(([name, id]) => [id, name])) };
}

/**
 * The policy main would send this channel with (SendingService.effective): the preset by channel and messaging
 * limit, the shop's Cautious choice, then its stricter numbers from policy.json.
 */

/** "+09:00" → Etc/GMT-9 (IANA's Etc zones have the sign the other way round); other offsets: undefined. */
export function zoneForOffset(offset: string): string | undefined {
  if (offset === 'Z') return 'UTC';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m || m[3] !== '00') return undefined;
  const hours = Number(m[2]);
  if (hours === 0) return 'UTC';
  if (hours > 14) return undefined;
  return `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
}


/** "ko_KR.UTF-8" → "ko-KR", for the first-run defaults main would use (language and country of a shop with no settings). */
function localeOf(env: CliIo['env']): string {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const tag = raw.split('.')[0]!.replace('_', '-'); // split always gives one part
  return /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(tag) ? tag : 'en';
}

export interface Verdict {
  rule: string;
  verdict: CheckResult['level'];
  reason: string;
  key: string;
  params: CheckResult['reason']['params'];
}

async function runCheck(argv: readonly string[], io: CliIo, deps: CheckDeps): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'string') {
    io.stderr(`shopcast check: ${args}\nRun "shopcast check --help" for the options.\n`);
    return 2;
  }
  const fail = (why: string) => {
    io.stderr(`shopcast check: ${why}\n`);
    return 1;
  };
  const path = isAbsolute(args.contacts) ? args.contacts : join(io.cwd, args.contacts);
  let bytes: Uint8Array;
  try {
    // The size first, so a huge file is refused before it is read into memory.
    const info = await stat(path);
    if (!info.isFile()) return fail(`${args.contacts} is not a file`);
    if (info.size > MAX_FILE_BYTES) return fail(`${args.contacts} is ${formatBytes(info.size)}; the cap is ${formatBytes(MAX_FILE_BYTES)}. Split it into smaller files.`);
    bytes = await readFile(path);
  } catch (error) {
    return fail(`cannot read ${args.contacts}${error instanceof Error && 'code' in error && error.code === 'ENOENT' ? ': no such file' : ''}`);
  }
  const read = runPipeline(bytes, { country: args.country, decode: iconvDecode });
  if (!read.ok) return fail(`${args.contacts}: ${FILE_PROBLEM_TEXT[read.problem]}`);
  if (read.fileNotes.includes('no_phone_column')) return fail(`${args.contacts}: ${FILE_PROBLEM_TEXT.no_phone_column}`);

  const now = deps.clock.now();
  const start = args.at?.ms ?? now;
  const dataDir = args.dataDir;
  const settings: Settings = await new SettingsService({ fs: deps.fs, dataDir, defaults: defaultSettingsForLocale(localeOf(io.env)), now: () => now }).get();
  const channel = args.channel ?? settings.sendingChannel;
  const cloud = new CloudSetupService({ fs: deps.fs, dataDir, secrets: ownerOnlyFileSecretStore(deps.fs, dataDir), clock: { now: () => now, sleep: () => Promise.resolve() } });
  const [templates, messagingLimit, choice, suppression, inbox] = await Promise.all([
    cloud.templates(),
    cloud.messagingLimit(),
    readPolicyChoice(deps.fs, dataDir),
    // Read-only: a check changes nothing in the data folder (no quarantine file, no torn-line repair).
    SuppressionList.load(deps.fs, dataDir, { readOnly: true }),
    Inbox.load(deps.fs, dataDir, { readOnly: true }),
  ]);
  const policy = effectivePolicy(channel, messagingLimit, choice, deps.localZone()).policy;

  const { contacts: imported, labelNames } = contactsFromImport(read.contacts, start, basename(args.contacts));
  // Main never messages a suppressed number: an opt-out (or, for a promotion, a stop of marketing) reads as opted out,
  // a number that failed as undeliverable counts with the invalid ones. The wizard's audience step leaves them out.
  const unreachable = new Set<string>();
  const recipients = imported.map((c) => {
    // A row with only a WhatsApp user id is keyed by it, as main keys such a recipient (render.ts reachKey).
    const s = suppression.get(reachKey(c));
    if (s?.reason === 'unreachable') unreachable.add(reachKey(c));
    return s?.reason === 'opted_out' || (s?.reason === 'stopped_marketing' && args.promotional) ? { ...c, optInStatus: 'opted_out' as const } : c;
  });
  const openWindows = new Set(recipients.filter((c) => inbox.wroteWithin(reachKey(c), DAY, start)).map(reachKey));

  let message: MessageDraft;
  if (args.message.kind === 'text') message = args.message;
  else {
    const { name, params } = args.message;
    const language = args.message.language ?? templates.find((t) => t.name === name)?.language ?? 'en_US';
    message = { kind: 'template', name, language, params };
  }
  const draft: CampaignDraft = { name: 'shopcast check', channel, promotional: args.promotional, message, fallbacks: {}, scheduledAt: args.at ? args.at.ms : null, excludedContactIds: [] };
  const run = runChecklist({
    draft,
    recipients,
    templates: templates satisfies readonly TemplateInfo[],
    shop: { name: settings.shopName, language: settings.language },
    labelNames,
    policy,
    history: { daysSinceFirstSend: null, sentLast24h: 0, reachedLast24h: 0 },
    sendLog: { contactSends: () => [] },
    openWindows,
    unreachable,
    now,
    rates: DEFAULT_RATE_TABLE,
    phones: new PhoneFactsCache(),
  });

  const words = englishWords(args.at ? zoneForOffset(args.at.offset) : undefined, deps.localZone());
  const verdicts: Verdict[] = run.results.map((r) => ({ rule: r.id, verdict: r.level, reason: reasonText(words.t, words.formatDateTime, r, words), key: r.reason.key, params: r.reason.params }));
  const blocks = verdicts.filter((v) => v.verdict === 'block').length;
  const warnings = verdicts.filter((v) => v.verdict === 'warn').length;
  if (read.rejected.length > 0 && !args.json) {
    io.stderr(`${read.rejected.length} row(s) of ${args.contacts} have no usable number and are not checked (see "shopcast clean ${args.contacts}").\n`);
  }
  if (args.json) {
    const report = { verdicts, blocks, warnings, recipients: run.recipients, rejectedRows: read.rejected.length, channel, startAt: new Date(start).toISOString(), withoutHistory: WITHOUT_HISTORY };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const width = Math.max(...verdicts.map((v) => v.rule.length));
    for (const v of verdicts) io.stdout(`${v.verdict.padEnd(5)}  ${v.rule.padEnd(width)}  ${v.reason}\n`);
    io.stdout(`\n${summaryLine(blocks, warnings, run.recipients, channel)}\n`);
    io.stdout(`Without the app's send history: ${WITHOUT_HISTORY.join(', ')} see no earlier sends, and daily_cap counts from a first send.\n`);
  }
  return blocks > 0 ? 3 : 0;
}

function summaryLine(blocks: number, warnings: number, recipients: number, channel: ChannelKind): string {
  const n = (k: number, one: string) => `${k.toLocaleString('en')} ${one}${k === 1 ? '' : 's'}`;
  const head = `${n(recipients, 'recipient')} via ${channel}: ${n(blocks, 'block')}, ${n(warnings, 'warning')}.`;
  if (blocks > 0) return `${head} This cannot be sent as it is: fix what blocks first.`;
  return warnings > 0 ? `${head} It can be sent; in the app each warning needs a tick first.` : `${head} Ready to send.`;
}

/**
 * The wizard's English translator, with times written in the zone --at was given in (a whole-hour offset), else in
 * this computer's zone as the wizard writes them: the output does not change with TZ when --at carries its zone.
 */
function englishWords(zone: string | undefined, localZone: string): Translator {
  const base = createTranslator('en');
  const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone ?? localZone });
  return { ...base, formatDateTime: (value) => dateTime.format(value) };
}

export const check = checkCommand({ clock: systemClock, fs: nodeJournalFs, localZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });

/**
 * Campaigns in the IPC contract: creating one (draft, recipients in chunks, seal), its summary, detail and jobs, and
 * the per-campaign actions (start, pause, schedule, resolve an unclear send), with their parsers.
 *
 * How the renderer stays in step without losing anything (DESIGN.md "Events flow main → renderer"):
 * - Main's journals are the truth for every job. Each campaign's replay numbers its changes (`rev`, one counter per
 *   campaign, recomputed when the core starts: `generation` names that numbering).
 * - `campaign:changed` events are notifications (throttled); the renderer then pulls `campaign:jobs` with the last
 *   rev it stored. A renderer that was closed for a day pulls once and is complete: nothing depends on the event
 *   buffer's size. When `generation` differs from what it stored, it pulls from rev 0.
 * Inputs are parsed here from `unknown`; outputs are our own handlers' values.
 */
import type { ErrorAction } from '../domain/errorCodes';
import type { BilledCategory, BillingCounts } from '../domain/campaign/costs';
import type { MessageContent } from '../domain/message';
import type { DelayReason } from '../domain/pacing';
import { CHANNEL_KINDS, MAX_RECIPIENTS, type CampaignState, type ChannelKind, type DeliveryStatus, type JobPhase } from '../domain/vocabulary';
import { isRecord, parseOneOf, parseString, rejectUnknownKeys, type Parser } from '../lib/guards';
import { fail, ok, type Result } from '../lib/result';
import { parseBsuid } from '../domain/inbound';
import { E164_RE, parseId } from './fields';
import { parseMessageContent } from './messageContent';

/** Most recipients per `campaign:addRecipients` chunk (a campaign has at most MAX_RECIPIENTS, shared/domain/vocabulary.ts). */
export const RECIPIENT_CHUNK_MAX = 5_000;
export const CAMPAIGN_NAME_MAX = 120;

export interface CampaignDraftInput {
  name: string;
  channel: ChannelKind;
  /** Version A; every recipient without a variant gets it. */
  content: MessageContent;
  /** Version B for an A/B test: recipients marked `variant: 'B'` get it. */
  contentB?: MessageContent;
  /** Marketing content: counts toward the per-contact 24 h cap and needs opt-in (DOMAIN.md §4). */
  promotional: boolean;
  /** How many recipients `campaign:addRecipients` will bring; `campaign:seal` checks the count. */
  recipientCount: number;
  /** A test send (sample before the real campaign): shown apart in lists and reports. */
  test?: boolean;
  /** The renderer's own id for the draft it came from (so its wizard can find the campaign again). */
  draftRef?: string;
  /** Made by `shopcast send`: `key` (a hash of what it sends and to whom) lets the same command find it again. */
  source?: CampaignSource;
}

export interface CampaignSource {
  kind: 'cli';
  key: string;
}

export interface CampaignRecipientInput {
  /** The renderer's contact id (Dexie), so statuses map back to the contact even if the number changes later. */
  ref: string;
  /**
   * E.164. Main checks it again. A recipient has a phone, a `userId`, or both; with a phone, messages go to it.
   */
  phone?: string;
  /**
   * The person's WhatsApp user id (BSUID, DOMAIN.md §2 "Identity"): a person known only by it is addressed by it on
   * the Cloud API (`recipient`); beside a phone, main also checks suppression under it. Never read as a phone.
   */
  userId?: string;
  /** Values for `{variables}`, already resolved by the renderer (main fills them into the content). */
  vars?: Record<string, string>;
  variant?: 'A' | 'B';
  /**
   * The person gave night-time consent for promotions (Korean law, DOMAIN.md §2b): main's pacer does not hold this
   * recipient's promotion 21:00–08:00 Korea time (pacing.ts kr_night). Missing: no consent.
   */
  nightConsent?: boolean;
}

export interface CampaignCounts {
  total: number;
  queued: number;
  attempting: number;
  accepted: number;
  /** Of `accepted`: held by WhatsApp for its quality assessment of a new template (pending, not sent; absent: none). */
  held?: number;
  failed: number;
  ambiguous: number;
  skipped: number;
  /** From status webhooks (or the sandbox): the furthest each accepted message got. */
  sent: number;
  delivered: number;
  read: number;
  deliveryFailed: number;
  /**
   * What it costs (shared/domain/campaign/costs.ts `compareCosts`): recipients by country, and what WhatsApp reported
   * it billed in the status webhooks' `pricing` (journal.ts `countsOf`). Absent in copies stored before main counted it.
   */
  recipientsByCountry?: BillingCounts['recipientsByCountry'];
  /** Messages WhatsApp billed, by the category it billed them as. */
  billed?: Partial<Record<BilledCategory, number>>;
  billedByCountry?: BillingCounts['billedByCountry'];
  notBillable?: number;
  billedUnknown?: number;
}

/** Messages that reached an outcome (sent, failed, skipped, or unsure): what "12 of 40 handled" counts. */
export function handledCount(c: CampaignCounts): number {
  return c.accepted + c.failed + c.skipped + c.ambiguous;
}

export interface WaitingInfo {
  reason: DelayReason | 'assisted' | 'scheduled';
  until: number;
  /** In English: the CLI's and the logs' text, and the screen's fallback for a reason it has no words for. */
  detail: string;
  /** The numbers behind the rule (pacing.ts `Delay.params`); the renderer words `reason` with them (i18n/engine.ts). */
  params?: Readonly<Record<string, number | boolean>>;
}

/**
 * Why a campaign is in its state, as a code and its numbers: the renderer words it in the person's language
 * (engineWords.ts `campaignWhyText`); main keeps its English sentence beside it (`why`) for the CLI, the logs, and
 * journals written before these codes (they have no code and show the English).
 */
export const CAMPAIGN_WHY_CODES = [
  'paused_by_person',
  'cancelled_by_person',
  /** Shopcast was closed while sending; it resumes at the next start. */
  'app_closed',
  /** Paused to queue failed messages again (the person's "retry failed"). */
  'retrying_failed',
  /** A finished campaign has failed messages queued again: paused until the person resumes. */
  'failed_requeued',
  /** A finished campaign has a message the person chose to send again. */
  'requeued_by_person',
  /** A damaged line in the send journal: some message may have been sent. */
  'journal_damaged',
  /** The send journal could not be written (`io` names the disk problem when known). */
  'journal_write_failed',
  /** A WhatsApp error (DOMAIN.md §3) that pauses the campaign or stops all sending: `errorCode`, `action`. */
  'error_rule',
  /** Another campaign hit an account-level error (`errorCode`): every Cloud API campaign stops. */
  'account_stop',
  /** The first-hour breaker: `failures` of the first `attempts` messages failed. */
  'breaker',
  /** It was sending when Shopcast stopped and could not resume: `refusals` (main's checks) or `detail`. */
  'resume_failed',
  /** Its scheduled time came and it could not start: `refusals` or `detail`. */
  'start_failed',
  /** Something else went wrong while sending: `detail` is the error's own text. */
  'unexpected',
  /** Its template became PAUSED, DISABLED, REJECTED or deleted (a status webhook): `template`, `status`. */
  'template_paused',
  /** Its template is billed in another category from now (a category webhook): `template`, `category`; re-check the price. */
  'template_recategorised',
] as const;
export type CampaignWhyCode = (typeof CAMPAIGN_WHY_CODES)[number];

/** The disk problems main tells apart (settings.ts describeIoError). */
export type IoProblem = 'disk_full' | 'not_allowed' | 'read_only';

/** Main's checks before a campaign may start (sending.ts `refusals`), by code. */
export const START_REFUSALS = ['incomplete', 'finished', 'cancelled', 'cloud_not_configured', 'content_missing', 'assisted_text_only', 'all_suppressed'] as const;
export type StartRefusal = (typeof START_REFUSALS)[number];

export interface CampaignWhy {
  code: CampaignWhyCode;
  params?: {
    /** The WhatsApp error code (error_rule, account_stop). */
    errorCode?: number;
    action?: ErrorAction;
    failures?: number;
    attempts?: number;
    io?: IoProblem;
    refusals?: StartRefusal[];
    /** English text from elsewhere (an error's message) that has no code: shown as it is. */
    detail?: string;
    /** The template's name (template_paused, template_recategorised) and its language code. */
    template?: string;
    language?: string;
    /** The template's status as Meta writes it (template_paused): PAUSED, DISABLED, REJECTED, … */
    status?: string;
    /** The category the template is billed as from now (template_recategorised): MARKETING, UTILITY, … */
    category?: string;
  };
}

export interface CampaignSummary {
  id: string;
  name: string;
  channel: ChannelKind;
  state: CampaignState;
  /** Why it is in this state when that matters (paused by a breaker, stopped by an account error…), in English. */
  why?: string;
  /** The same as a code with its numbers, for the renderer to word; absent in journals written before codes. */
  whyCode?: CampaignWhy;
  counts: CampaignCounts;
  promotional: boolean;
  test: boolean;
  /** Sandbox campaigns are simulated: reports mark them. */
  sandbox: boolean;
  createdAt: number;
  scheduledAt?: number;
  startedAt?: number;
  finishedAt?: number;
  waiting?: WaitingInfo;
  /** The change counter of this campaign's jobs; see `campaign:jobs`. */
  rev: number;
  generation: string;
  draftRef?: string;
  /** Whether this campaign was created but not sealed (its recipients are still arriving). */
  incomplete?: boolean;
  /** contentKey of version A (and B): the checklist's "same content" rule compares a new draft's with these. */
  contentKeys?: string[];
}

export interface CampaignDetail extends CampaignSummary {
  content: MessageContent;
  contentB?: MessageContent;
  /** Messages that may or may not have been sent: the person decides (never resent automatically). */
  ambiguous: { job: string; ref?: string; contact: string; why: string }[];
}

export interface JobView {
  job: string;
  ref?: string;
  /** E.164. */
  contact: string;
  variant?: 'A' | 'B';
  phase: JobPhase;
  delivery?: DeliveryStatus;
  /** The WhatsApp error code of a failure or skip (see shared/domain/errorCodes.ts for the words). */
  code?: number;
  /** Why it was skipped or failed, as a short machine word ("suppressed", "quiet_hours"…) or WhatsApp's message. */
  reason?: string;
  /** For an ambiguous job: `reason` as a code, when main has one (absent in older journals and for other channels). */
  reasonCode?: AmbiguousReasonCode;
  wamid?: string;
  /** Accepted but held by WhatsApp (`held_for_quality_assessment`): pending, not sent, until a status moves it on. */
  held?: true;
  attempts: number;
  /** When it last changed. */
  at: number;
  rev: number;
  /** When each step was first recorded in the journal (accepted by WhatsApp, then the status webhooks). */
  times?: Partial<Record<'accepted' | DeliveryStatus, number>>;
}

export interface JobsPage {
  id: string;
  generation: string;
  /** The campaign's rev when this page was read; ask again with `sinceRev` = the last job's rev while `more`. */
  rev: number;
  jobs: JobView[];
  more: boolean;
}

export type AmbiguousDecision = 'sent' | 'send_again';

/**
 * Why a message may or may not have been sent, as a code (the renderer words it; engineWords.ts `ambiguousText`):
 * `interrupted` Shopcast stopped mid-send, `journal_damaged` a damaged journal line may have been its attempt,
 * `channel_failed` the channel threw mid-send. Other channels' reasons come as English only.
 */
export type AmbiguousReasonCode = 'interrupted' | 'journal_damaged' | 'channel_failed';

// ── Parsers ──────────────────────────────────────────────────────────────────────────────────────────────────

/** `{ id }` for the per-campaign actions. */
export const parseCampaignRef: Parser<{ id: string }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id }.');
  const known = rejectUnknownKeys(input, ['id']);
  if (!known.ok) return known;
  const id = parseId(input.id);
  return id.ok ? ok({ id: id.value }) : id;
};
export const parseCampaignDraft: Parser<CampaignDraftInput> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'A campaign must be an object.');
  const known = rejectUnknownKeys(input, ['name', 'channel', 'content', 'contentB', 'promotional', 'recipientCount', 'test', 'draftRef', 'source']);
  if (!known.ok) return known;
  const name = parseString(input.name, 'name', { min: 1, max: CAMPAIGN_NAME_MAX });
  if (!name.ok) return name;
  const channel = parseOneOf(input.channel, 'channel', CHANNEL_KINDS);
  if (!channel.ok) return channel;
  const content = parseMessageContent(input.content);
  if (!content.ok) return content;
  if (typeof input.promotional !== 'boolean') return fail('invalid_input', 'promotional must be true or false.', { field: 'promotional' });
  const count = input.recipientCount;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > MAX_RECIPIENTS) {
    return fail('invalid_input', `A campaign has 1 to ${MAX_RECIPIENTS.toLocaleString('en')} recipients.`, { field: 'recipientCount' });
  }
  const out: CampaignDraftInput = { name: name.value, channel: channel.value, content: content.value, promotional: input.promotional, recipientCount: count };
  if (input.contentB !== undefined) {
    const b = parseMessageContent(input.contentB, 'contentB');
    if (!b.ok) return b;
    out.contentB = b.value;
  }
  if (input.test !== undefined) {
    if (typeof input.test !== 'boolean') return fail('invalid_input', 'test must be true or false.', { field: 'test' });
    out.test = input.test;
  }
  if (input.draftRef !== undefined) {
    const ref = parseId(input.draftRef, 'draftRef');
    if (!ref.ok) return ref;
    out.draftRef = ref.value;
  }
  if (input.source !== undefined) {
    const src = parseCampaignSource(input.source);
    if (!src) return fail('invalid_input', 'source must be { kind: "cli", key }.', { field: 'source' });
    out.source = src;
  }
  return ok(out);
};

/** A draft's `source` (optional: journals written before it, and the app's own campaigns, have none). */
export function parseCampaignSource(input: unknown): CampaignSource | undefined {
  if (!isRecord(input) || input.kind !== 'cli' || typeof input.key !== 'string' || !/^[0-9a-f]{8,64}$/.test(input.key)) return undefined;
  return { kind: 'cli', key: input.key };
}

const VAR_KEY_RE = /^\w{1,40}$/;

function parseRecipient(input: unknown, index: number): Result<CampaignRecipientInput> {
  const field = `recipients[${index}]`;
  if (!isRecord(input)) return fail('invalid_input', `${field} must be an object.`, { field });
  const ref = parseId(input.ref, `${field}.ref`);
  if (!ref.ok) return ref;
  if (input.phone !== undefined && (typeof input.phone !== 'string' || !E164_RE.test(input.phone))) return fail('invalid_input', `${field}.phone must be an E.164 number.`, { field });
  // A user id is checked by its own parser, never by the phone's (identity.ts): "KR.1349…" is not a number.
  const userId = input.userId === undefined ? undefined : parseBsuid(input.userId);
  if (input.userId !== undefined && userId === undefined) return fail('invalid_input', `${field}.userId must be a WhatsApp user id.`, { field });
  if (input.phone === undefined && userId === undefined) return fail('invalid_input', `${field} needs a phone or a WhatsApp user id.`, { field });
  const out: CampaignRecipientInput = { ref: ref.value };
  if (input.phone !== undefined) out.phone = input.phone;
  if (userId !== undefined) out.userId = userId;
  if (input.vars !== undefined) {
    if (!isRecord(input.vars)) return fail('invalid_input', `${field}.vars must be an object.`, { field });
    const vars: Record<string, string> = {};
    let n = 0;
    for (const [k, v] of Object.entries(input.vars)) {
      if (++n > 50 || !VAR_KEY_RE.test(k) || typeof v !== 'string' || v.length > 1_000) return fail('invalid_input', `${field}.vars must map short names to text.`, { field });
      vars[k] = v;
    }
    out.vars = vars;
  }
  if (input.variant !== undefined) {
    if (input.variant !== 'A' && input.variant !== 'B') return fail('invalid_input', `${field}.variant must be A or B.`, { field });
    out.variant = input.variant;
  }
  if (input.nightConsent !== undefined) {
    if (typeof input.nightConsent !== 'boolean') return fail('invalid_input', `${field}.nightConsent must be true or false.`, { field });
    if (input.nightConsent) out.nightConsent = true;
  }
  return ok(out);
}

export const parseAddRecipients: Parser<{ id: string; recipients: CampaignRecipientInput[] }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id, recipients }.');
  const known = rejectUnknownKeys(input, ['id', 'recipients']);
  if (!known.ok) return known;
  const id = parseId(input.id);
  if (!id.ok) return id;
  if (!Array.isArray(input.recipients) || input.recipients.length === 0 || input.recipients.length > RECIPIENT_CHUNK_MAX) {
    return fail('invalid_input', `recipients must be a list of 1 to ${RECIPIENT_CHUNK_MAX.toLocaleString('en')}.`, { field: 'recipients' });
  }
  const recipients: CampaignRecipientInput[] = [];
  for (const [i, r] of input.recipients.entries()) {
    const parsed = parseRecipient(r, i);
    if (!parsed.ok) return parsed;
    recipients.push(parsed.value);
  }
  return ok({ id: id.value, recipients });
};

/** `{ id, at }`: `at` null unschedules (back to draft). */
export const parseSchedule: Parser<{ id: string; at: number | null }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id, at }.');
  const id = parseId(input.id);
  if (!id.ok) return id;
  if (input.at !== null && (typeof input.at !== 'number' || !Number.isSafeInteger(input.at) || input.at < 0)) {
    return fail('invalid_input', 'at must be a time in milliseconds, or null.', { field: 'at' });
  }
  return ok({ id: id.value, at: input.at });
};

export const parseJobsQuery: Parser<{ id: string; sinceRev: number; limit: number }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id, sinceRev?, limit? }.');
  const known = rejectUnknownKeys(input, ['id', 'sinceRev', 'limit']);
  if (!known.ok) return known;
  const id = parseId(input.id);
  if (!id.ok) return id;
  const sinceRev = input.sinceRev ?? 0;
  const limit = input.limit ?? 5_000;
  if (typeof sinceRev !== 'number' || !Number.isSafeInteger(sinceRev) || sinceRev < 0) return fail('invalid_input', 'sinceRev must be a whole number ≥ 0.', { field: 'sinceRev' });
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) return fail('invalid_input', 'limit must be 1 to 10,000.', { field: 'limit' });
  return ok({ id: id.value, sinceRev, limit });
};

export const parseResolveAmbiguous: Parser<{ id: string; job: string; decision: AmbiguousDecision }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id, job, decision }.');
  const id = parseId(input.id);
  if (!id.ok) return id;
  const job = parseId(input.job, 'job');
  if (!job.ok) return job;
  const decision = parseOneOf(input.decision, 'decision', ['sent', 'send_again'] as const);
  return decision.ok ? ok({ id: id.value, job: job.value, decision: decision.value }) : decision;
};

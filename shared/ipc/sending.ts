/**
 * The sending part of the IPC contract: campaigns, the Assisted channel, the shop's safety policy, the suppression
 * list, the webhook receiver, the Cloud API connection and templates, and the inbox of replies.
 *
 * How the renderer stays in step without losing anything (DESIGN.md "Events flow main → renderer"):
 * - Main's journals are the truth for every job. Each campaign's replay numbers its changes (`rev`, one counter per
 *   campaign, recomputed when the core starts: `generation` names that numbering).
 * - `campaign:changed` events are notifications (throttled); the renderer then pulls `campaign:jobs` with the last
 *   rev it stored. A renderer that was closed for a day pulls once and is complete: nothing depends on the event
 *   buffer's size. When `generation` differs from what it stored, it pulls from rev 0.
 * - Replies are kept by main in the inbox file, numbered; `inbox:received` says there is more, `inbox:since` pulls it.
 * Inputs are parsed here from `unknown`; outputs are our own handlers' values.
 */
import type { ErrorAction } from '../domain/errorCodes';
import type { DelayReason, PacingPolicy, PresetName } from '../domain/pacing';
import { CAPTION_MAX, TEMPLATE_BODY_MAX, TEXT_BODY_MAX, type MediaType, type MessageContent } from '../domain/message';
import { isRecord, parseOneOf, parseString, rejectUnknownKeys, type Parser } from './guards';
import { fail, ok, type Result } from './result';

export type ChannelKind = 'cloud' | 'assisted' | 'sandbox';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['cloud', 'assisted', 'sandbox'];

export type CampaignState = 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished';
export type JobPhase = 'queued' | 'attempting' | 'accepted' | 'failed' | 'ambiguous' | 'skipped';
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** Most recipients one campaign may have, and most per `campaign:addRecipients` chunk. */
export const MAX_RECIPIENTS = 100_000;
export const RECIPIENT_CHUNK_MAX = 5_000;
export const CAMPAIGN_NAME_MAX = 120;

// ── Campaigns ────────────────────────────────────────────────────────────────────────────────────────────────

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
  /** E.164. Main checks it again. */
  phone: string;
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
  failed: number;
  ambiguous: number;
  skipped: number;
  /** From status webhooks (or the sandbox): the furthest each accepted message got. */
  sent: number;
  delivered: number;
  read: number;
  deliveryFailed: number;
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

// ── Assisted channel ─────────────────────────────────────────────────────────────────────────────────────────

/** The job the Assisted channel is waiting on: the person opens the chat, presses send, then marks it. */
export interface AssistedPrompt {
  campaign: string;
  campaignName: string;
  job: string;
  ref?: string;
  /** E.164. */
  to: string;
  text: string;
  /** `https://wa.me/<digits>?text=<encoded>` */
  url: string;
  /** Position in the campaign, for "12 of 80". */
  position: number;
  total: number;
}

// ── Policy ───────────────────────────────────────────────────────────────────────────────────────────────────

/** What the shop chose: a preset ('auto' picks by channel and messaging limit) and its own stricter numbers. */
export interface PolicyChoice {
  preset: 'auto' | PresetName;
  overrides: PolicyOverrides;
}

export interface PolicyOverrides {
  ratePerSecond?: number;
  hourlyCap?: number | null;
  dailyCap?: number | 'warmup' | null;
  quietHours?: { startHour: number; endHour: number } | null;
  promotionalPerContactPer24h?: number;
}

export interface PolicyView {
  choice: PolicyChoice;
  /** The policy each channel would send with now, and why that preset. */
  effective: Record<ChannelKind, { policy: PacingPolicy; why: string }>;
  /** Days since this number's first send (for the warm-up table); null before the first send. */
  daysSinceFirstSend: number | null;
}

// ── Suppression, inbox, webhook ──────────────────────────────────────────────────────────────────────────────

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

export interface SuppressionView {
  contact: string;
  reason: SuppressionReason;
  at: number;
  source?: string;
}

export interface InboxMessage {
  /** Main's number for this message (1, 2, 3… never reused). */
  seq: number;
  /** WhatsApp's message id (wamid). */
  id: string;
  /** E.164 of the sender. */
  from: string;
  type: string;
  text?: string;
  at: number;
  optOut: 'none' | 'opt_out' | 'flagged';
  /** The opt-out word found, for `opt_out` and `flagged`. */
  word?: string;
  /** The campaign and job this reply answers, when WhatsApp's context or the last message to this number says so. */
  campaign?: string;
  job?: string;
  sandbox?: boolean;
}

export interface InboxPage {
  messages: InboxMessage[];
  /** The highest seq main has; ask again with `after` = the last message's seq while it is lower. */
  last: number;
}

export interface WebhookStatus {
  running: boolean;
  /** Listening port on 127.0.0.1 when running. */
  port?: number;
  /** The port the shop chose (used at the next start). */
  configuredPort: number;
  /** Missing pieces that stop it from starting ("app secret", "verify token"). */
  missing: string[];
  stats: { accepted: number; badSignature: number; tooLarge: number; unparseable: number; duplicates: number };
  lastEventAt?: number;
  error?: string;
}

// ── Cloud API connection and templates ───────────────────────────────────────────────────────────────────────

export type SecretStorage = 'os-encrypted' | 'owner-only-file';

export interface CloudSetupView {
  phoneNumberId: string;
  wabaId: string;
  apiBase: string;
  graphVersion: string;
  hasAccessToken: boolean;
  hasAppSecret: boolean;
  hasVerifyToken: boolean;
  /** How the secrets are kept; `owner-only-file` comes with a visible warning in the UI. */
  secretStorage: SecretStorage;
  webhookPort: number;
  lastTest?: ConnectionTest;
}

export interface CloudSetupPatch {
  phoneNumberId?: string;
  wabaId?: string;
  apiBase?: string;
  graphVersion?: string;
  /** Secrets: a string sets, `null` forgets. They never come back out of main. */
  accessToken?: string | null;
  appSecret?: string | null;
  verifyToken?: string | null;
  webhookPort?: number;
}

export interface ConnectionTest {
  at: number;
  ok: boolean;
  displayPhoneNumber?: string;
  verifiedName?: string;
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  /** Unique people outside a 24 h window per moving 24 h; null when unlimited. */
  messagingLimit?: number | null;
  /** Messages per second the number may send. */
  throughput?: number;
  templateCount?: number;
  /** What went wrong, in words, and what to do (DOMAIN.md §3 actions). */
  /**
   * What went wrong: Graph's code (or main's negative code), main's English, and a stable `reason` with its
   * `params` that the screen words in the person's language (main's English only for a reason it does not know).
   */
  error?: { code: number; message: string; action: string; reason?: ConnectReason; params?: ConnectReasonParams };
}

/** Why a connection test failed, as a code (the renderer words it; connectErrors.ts). */
export type ConnectReason = 'token' | 'unknown_phone_id' | 'unknown_waba_id' | 'permission' | 'network' | 'timeout' | 'unreadable' | 'not_set_up';
export const CONNECT_REASONS: readonly ConnectReason[] = ['token', 'unknown_phone_id', 'unknown_waba_id', 'permission', 'network', 'timeout', 'unreadable', 'not_set_up'];

export interface ConnectReasonParams {
  /** The server asked (network, timeout, unreadable). */
  host?: string;
  /** What is not set up yet: `phoneNumberId`, `wabaId`, `accessToken`. */
  missing?: ('phoneNumberId' | 'wabaId' | 'accessToken')[];
  /** The system's error code of a network failure (ENOTFOUND, ECONNREFUSED…). */
  cause?: string;
}

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'IN_APPEAL' | 'UNKNOWN';
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'UNKNOWN';

export interface TemplateInfo {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  /** The BODY component's text with its {{1}} … placeholders. */
  body: string;
  /** How many {{n}} the body has (parameters to fill, in order). */
  bodyParams: number;
  header?: { format: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; text?: string };
  footer?: string;
  buttons?: { type: string; text: string }[];
  syncedAt: number;
  /** Meta's quality of the template (GREEN/YELLOW/RED/UNKNOWN), from the last quality webhook. */
  quality?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  /** Why Meta changed its status (e.g. INCORRECT_CATEGORY), from the last status webhook. */
  statusReason?: string;
  /** When a webhook last changed it (its status, category or quality). */
  changedAt?: number;
}

/**
 * Why a message may or may not have been sent, as a code (the renderer words it; engineWords.ts `ambiguousText`):
 * `interrupted` Shopcast stopped mid-send, `journal_damaged` a damaged journal line may have been its attempt,
 * `channel_failed` the channel threw mid-send. Other channels' reasons come as English only.
 */
export type AmbiguousReasonCode = 'interrupted' | 'journal_damaged' | 'channel_failed';

/** The 'sending:stopped' event. */
export interface SendingStopped {
  code: number;
  why: string;
  action: string;
}

// ── Events ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface SendingEventMap {
  /** A campaign changed (state, counts, waiting): throttled to a few per second; pull `campaign:jobs` for jobs. */
  'campaign:changed': CampaignSummary;
  /** The Assisted channel waits for the person on this job (null: nothing is waiting any more). */
  'assisted:waiting': AssistedPrompt | null;
  /** A contact was suppressed (STOP reply, user_preferences stop, 131050, undeliverable). */
  'contact:suppressed': SuppressionView;
  /** New replies are in the inbox up to this seq. */
  'inbox:received': { last: number };
  /**
   * All sending stopped for an account-level reason (DOMAIN.md §3): `code` is the WhatsApp error code, which the
   * renderer words (engineWords.ts `stoppedText`); `why` (what it means) and `action` (what to do) are main's English.
   */
  'sending:stopped': SendingStopped;
}

// ── Parsers ──────────────────────────────────────────────────────────────────────────────────────────────────

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function parseId(input: unknown, field = 'id'): Result<string> {
  return typeof input === 'string' && ID_RE.test(input) ? ok(input) : fail('invalid_input', `${field} must be an id.`, { field });
}

/** `{ id }` for the per-campaign actions. */
export const parseCampaignRef: Parser<{ id: string }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { id }.');
  const known = rejectUnknownKeys(input, ['id']);
  if (!known.ok) return known;
  const id = parseId(input.id);
  return id.ok ? ok({ id: id.value }) : id;
};

const HTTPS_RE = /^https:\/\/[^\s]+$/;

function parseMediaRef(input: Record<string, unknown>, field: string): Result<{ link?: string; id?: string }> {
  if (typeof input.id === 'string' && /^[0-9A-Za-z_.-]{1,128}$/.test(input.id)) return ok({ id: input.id });
  if (typeof input.link === 'string' && input.link.length <= 2_000 && HTTPS_RE.test(input.link)) return ok({ link: input.link });
  return fail('invalid_input', `${field}: media needs an https link or an uploaded media id.`, { field });
}

const MEDIA_TYPES: readonly MediaType[] = ['image', 'video', 'document'];

export function parseMessageContent(input: unknown, field = 'content'): Result<MessageContent> {
  if (!isRecord(input)) return fail('invalid_input', `${field} must be an object.`, { field });
  if (input.kind === 'text') {
    const known = rejectUnknownKeys(input, ['kind', 'body', 'previewUrl']);
    if (!known.ok) return known;
    const body = parseString(input.body, `${field}.body`, { min: 1, max: TEXT_BODY_MAX, trim: false });
    if (!body.ok) return body;
    if (body.value.trim() === '') return fail('invalid_input', `${field}.body is empty.`, { field });
    return ok(input.previewUrl === true ? { kind: 'text', body: body.value, previewUrl: true } : { kind: 'text', body: body.value });
  }
  if (input.kind === 'media') {
    const known = rejectUnknownKeys(input, ['kind', 'mediaType', 'link', 'id', 'caption', 'filename']);
    if (!known.ok) return known;
    const type = parseOneOf(input.mediaType, `${field}.mediaType`, MEDIA_TYPES);
    if (!type.ok) return type;
    const ref = parseMediaRef(input, field);
    if (!ref.ok) return ref;
    const out: MessageContent = { kind: 'media', mediaType: type.value, ...ref.value };
    if (input.caption !== undefined) {
      const caption = parseString(input.caption, `${field}.caption`, { max: CAPTION_MAX, trim: false });
      if (!caption.ok) return caption;
      out.caption = caption.value;
    }
    if (input.filename !== undefined) {
      const name = parseString(input.filename, `${field}.filename`, { min: 1, max: 240 });
      if (!name.ok) return name;
      out.filename = name.value;
    }
    return ok(out);
  }
  if (input.kind === 'template') {
    const known = rejectUnknownKeys(input, ['kind', 'name', 'language', 'bodyParams', 'headerMedia']);
    if (!known.ok) return known;
    const name = parseString(input.name, `${field}.name`, { min: 1, max: 512 });
    if (!name.ok) return name;
    if (!/^[a-z0-9_]+$/.test(name.value)) return fail('invalid_input', `${field}.name must be a template name (a-z, 0-9, _).`, { field });
    const language = parseString(input.language, `${field}.language`, { min: 2, max: 15 });
    if (!language.ok) return language;
    if (!Array.isArray(input.bodyParams) || input.bodyParams.length > 100) return fail('invalid_input', `${field}.bodyParams must be a list.`, { field });
    const params: string[] = [];
    for (const p of input.bodyParams) {
      const r = parseString(p, `${field}.bodyParams`, { max: TEMPLATE_BODY_MAX, trim: false });
      if (!r.ok) return r;
      params.push(r.value);
    }
    const out: MessageContent = { kind: 'template', name: name.value, language: language.value, bodyParams: params };
    if (input.headerMedia !== undefined) {
      if (!isRecord(input.headerMedia)) return fail('invalid_input', `${field}.headerMedia must be an object.`, { field });
      const type = parseOneOf(input.headerMedia.type, `${field}.headerMedia.type`, MEDIA_TYPES);
      if (!type.ok) return type;
      const ref = parseMediaRef(input.headerMedia, `${field}.headerMedia`);
      if (!ref.ok) return ref;
      out.headerMedia = { type: type.value, ...ref.value };
    }
    return ok(out);
  }
  return fail('invalid_input', `${field}.kind must be text, media or template.`, { field });
}

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

const E164_RE = /^\+[1-9][0-9]{6,14}$/;
const VAR_KEY_RE = /^\w{1,40}$/;

function parseRecipient(input: unknown, index: number): Result<CampaignRecipientInput> {
  const field = `recipients[${index}]`;
  if (!isRecord(input)) return fail('invalid_input', `${field} must be an object.`, { field });
  const ref = parseId(input.ref, `${field}.ref`);
  if (!ref.ok) return ref;
  if (typeof input.phone !== 'string' || !E164_RE.test(input.phone)) return fail('invalid_input', `${field}.phone must be an E.164 number.`, { field });
  const out: CampaignRecipientInput = { ref: ref.value, phone: input.phone };
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

export const parseAssistedRef: Parser<{ campaign: string; job: string }> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { campaign, job }.');
  const campaign = parseId(input.campaign, 'campaign');
  if (!campaign.ok) return campaign;
  const job = parseId(input.job, 'job');
  return job.ok ? ok({ campaign: campaign.value, job: job.value }) : job;
};

export const parseAssistedMark: Parser<{ campaign: string; job: string; outcome: 'sent' | 'skipped' }> = (input) => {
  const ref = parseAssistedRef(input);
  if (!ref.ok) return ref;
  const outcome = parseOneOf((input as Record<string, unknown>).outcome, 'outcome', ['sent', 'skipped'] as const); // a record: parseAssistedRef checked
  return outcome.ok ? ok({ ...ref.value, outcome: outcome.value }) : outcome;
};

function parseCount(v: unknown, field: string, max: number, nullable: boolean): Result<number | null> {
  if (v === null && nullable) return ok(null);
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max ? ok(v) : fail('invalid_input', `${field} must be a number from 1 to ${max}${nullable ? ', or none' : ''}.`, { field });
}

export const parsePolicyChoice: Parser<PolicyChoice> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { preset, overrides }.');
  const known = rejectUnknownKeys(input, ['preset', 'overrides']);
  if (!known.ok) return known;
  const preset = parseOneOf(input.preset, 'preset', ['auto', 'cautious', 'platform'] as const);
  if (!preset.ok) return preset;
  const o = input.overrides ?? {};
  if (!isRecord(o)) return fail('invalid_input', 'overrides must be an object.');
  const k2 = rejectUnknownKeys(o, ['ratePerSecond', 'hourlyCap', 'dailyCap', 'quietHours', 'promotionalPerContactPer24h']);
  if (!k2.ok) return k2;
  const overrides: PolicyOverrides = {};
  if (o.ratePerSecond !== undefined) {
    const r = parseCount(o.ratePerSecond, 'ratePerSecond', 1_000, false);
    if (!r.ok) return r;
    overrides.ratePerSecond = r.value as number; // not nullable
  }
  if (o.hourlyCap !== undefined) {
    const r = parseCount(o.hourlyCap, 'hourlyCap', 1_000_000, true);
    if (!r.ok) return r;
    overrides.hourlyCap = r.value;
  }
  if (o.dailyCap !== undefined) {
    if (o.dailyCap === 'warmup') overrides.dailyCap = 'warmup';
    else {
      const r = parseCount(o.dailyCap, 'dailyCap', 10_000_000, true);
      if (!r.ok) return r;
      overrides.dailyCap = r.value;
    }
  }
  if (o.quietHours !== undefined) {
    if (o.quietHours === null) overrides.quietHours = null;
    else {
      const q = o.quietHours;
      const hour = (h: unknown) => typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= 23;
      if (!isRecord(q) || !hour(q.startHour) || !hour(q.endHour)) return fail('invalid_input', 'quietHours needs startHour and endHour from 0 to 23.', { field: 'quietHours' });
      overrides.quietHours = { startHour: q.startHour as number, endHour: q.endHour as number }; // checked by hour()
    }
  }
  if (o.promotionalPerContactPer24h !== undefined) {
    const r = parseCount(o.promotionalPerContactPer24h, 'promotionalPerContactPer24h', 3, false);
    if (!r.ok) return r;
    overrides.promotionalPerContactPer24h = r.value as number; // not nullable; at most §4's hard cap of 3
  }
  return ok({ preset: preset.value, overrides });
};

export const parseSuppressionRemove: Parser<{ contact: string }> = (input) => {
  if (!isRecord(input) || typeof input.contact !== 'string' || !E164_RE.test(input.contact)) return fail('invalid_input', 'Expected { contact: an E.164 number }.');
  return ok({ contact: input.contact });
};

export const parseInboxSince: Parser<{ after: number; limit: number }> = (input) => {
  if (!isRecord(input) || typeof input.after !== 'number' || !Number.isSafeInteger(input.after) || input.after < 0) {
    return fail('invalid_input', 'inbox:since needs { after: a whole number ≥ 0 }.');
  }
  const limit = input.limit ?? 1_000;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 5_000) return fail('invalid_input', 'limit must be 1 to 5,000.');
  return ok({ after: input.after, limit });
};

export const parseWebhookStart: Parser<{ port?: number }> = (input) => {
  if (input === undefined || input === null) return ok({});
  if (!isRecord(input)) return fail('invalid_input', 'Expected { port? }.');
  if (input.port === undefined) return ok({});
  const p = input.port;
  return typeof p === 'number' && Number.isInteger(p) && p >= 1024 && p <= 65535 ? ok({ port: p }) : fail('invalid_input', 'port must be 1024 to 65535.', { field: 'port' });
};

const SECRET_MAX = 1_000;

export const parseCloudSetupPatch: Parser<CloudSetupPatch> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected the Cloud API settings.');
  const known = rejectUnknownKeys(input, ['phoneNumberId', 'wabaId', 'apiBase', 'graphVersion', 'accessToken', 'appSecret', 'verifyToken', 'webhookPort']);
  if (!known.ok) return known;
  const out: CloudSetupPatch = {};
  for (const key of ['phoneNumberId', 'wabaId'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !/^[0-9]{0,32}$/.test(v.trim())) return fail('invalid_input', `${key} is a number of digits from Meta's WhatsApp Manager.`, { field: key });
    out[key] = v.trim();
  }
  if (input.apiBase !== undefined) {
    const r = parseString(input.apiBase, 'apiBase', { min: 1, max: 300 });
    if (!r.ok) return r;
    let url: URL;
    try {
      url = new URL(r.value);
    } catch {
      return fail('invalid_input', 'apiBase must be a URL.', { field: 'apiBase' });
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return fail('invalid_input', 'apiBase must be https (http only for 127.0.0.1).', { field: 'apiBase' });
    out.apiBase = r.value.replace(/\/+$/, '');
  }
  if (input.graphVersion !== undefined) {
    if (typeof input.graphVersion !== 'string' || !/^v\d{1,3}\.\d{1,2}$/.test(input.graphVersion)) return fail('invalid_input', 'graphVersion looks like v23.0.', { field: 'graphVersion' });
    out.graphVersion = input.graphVersion;
  }
  for (const key of ['accessToken', 'appSecret', 'verifyToken'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (v === null) {
      out[key] = null;
      continue;
    }
    const r = parseString(v, key, { min: 1, max: SECRET_MAX });
    if (!r.ok) return r;
    if (/\s/.test(r.value)) return fail('invalid_input', `${key} has spaces inside; paste it again without them.`, { field: key });
    out[key] = r.value;
  }
  if (input.webhookPort !== undefined) {
    const p = input.webhookPort;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1024 || p > 65535) return fail('invalid_input', 'webhookPort must be 1024 to 65535.', { field: 'webhookPort' });
    out.webhookPort = p;
  }
  return ok(out);
};

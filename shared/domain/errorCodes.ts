/**
 * What the send queue does with each Cloud API error code: DOMAIN.md §3 as data, plus the parser for the Graph
 * API's error body (`{"error":{"message","type","code","error_data":{"details"},"error_subcode","fbtrace_id"}}`)
 * and the retry delays (backoff with jitter, bounded). Pure: randomness is passed in.
 */
import { isRecord } from '../lib/guards';

/** The queue's action for one error, in the order of DOMAIN.md §3's table. */
export type ErrorAction =
  /** 130429 / 80007 / 4: back off with jitter, lower the rate, requeue. */
  | 'rate_limit'
  /** 131056: requeue only this recipient after 6 s, 4^n backoff; others continue. */
  | 'pair_rate'
  /** 131000, 1, 2, 131016, 133004, 131057: bounded retries with backoff. */
  | 'transient'
  /** 131049: skip now; retry at growing intervals, the first no sooner than 24 h (`retryDelayMs`), then give up. */
  | 'marketing_cap'
  /** 131050: the person stopped marketing: suppress the contact, never retry. */
  | 'suppress'
  /** 131026, 130403, 131021: skip and mark the contact unreachable. */
  | 'unreachable'
  /** 131047: outside the 24 h window, needs a template: skip in this campaign. */
  | 'needs_template'
  /** Payload / template parameter errors: fail the job (pre-send checks should have caught it). */
  | 'bad_payload'
  /** 131053: media upload failed: fail the job. */
  | 'bad_media'
  /** 132001, 132007, 132015, 132016: the template cannot be used: pause the campaign. */
  | 'pause_campaign'
  /** Spam restriction, locked account, payment, token, permission: stop all sending and tell the person. */
  | 'stop_all'
  /** A code the table does not list: fail the job, do not retry (retrying an unknown error may repeat a send). */
  | 'unknown';

export interface ErrorRule {
  action: ErrorAction;
  /** What the code means, in the shop's words (shown with the job). */
  meaning: string;
  /** Whether the queue itself sends the job again (after `retryDelayMs`). */
  retryable: boolean;
  /** 80007 (account rate limit) pauses the whole queue, not just slows it down. */
  pausesQueue?: boolean;
  /** For `stop_all` and `pause_campaign`: what the person should do. */
  whatToDo?: string;
}

const RATE = (meaning: string, pausesQueue = false): ErrorRule => ({ action: 'rate_limit', meaning, retryable: true, pausesQueue });
const TRANSIENT = (meaning: string): ErrorRule => ({ action: 'transient', meaning, retryable: true });
const UNREACHABLE = (meaning: string): ErrorRule => ({ action: 'unreachable', meaning, retryable: false });
const PAYLOAD = (meaning: string): ErrorRule => ({ action: 'bad_payload', meaning, retryable: false });
const TEMPLATE = (meaning: string): ErrorRule => ({
  action: 'pause_campaign',
  meaning,
  retryable: false,
  whatToDo: 'Check the template in WhatsApp Manager (approved, not paused or disabled), or pick another template, then resume the campaign.',
});
const STOP = (meaning: string, whatToDo: string): ErrorRule => ({ action: 'stop_all', meaning, retryable: false, whatToDo });

/** DOMAIN.md §3, one row per code. */
export const ERROR_TABLE: Readonly<Record<number, ErrorRule>> = {
  130429: RATE('Cloud API throughput limit reached'),
  80007: RATE('WhatsApp Business account rate limit reached', true),
  4: RATE('App-level API call limit reached'),
  131056: { action: 'pair_rate', meaning: 'Too many messages to the same person too quickly', retryable: true },
  131000: TRANSIENT('Something went wrong on WhatsApp’s side'),
  1: TRANSIENT('WhatsApp API unknown error'),
  2: TRANSIENT('WhatsApp API service temporarily unavailable'),
  131016: TRANSIENT('WhatsApp service overloaded'),
  133004: TRANSIENT('WhatsApp server temporarily unavailable'),
  131057: TRANSIENT('Business account in maintenance mode'),
  131049: {
    action: 'marketing_cap',
    meaning: 'WhatsApp limited how many marketing messages this person receives from all businesses',
    // Not "retry failed": the engine retries it itself on its own slow schedule (MARKETING_CAP_RETRY_HOURS).
    retryable: false,
  },
  131050: { action: 'suppress', meaning: 'The person stopped marketing messages from this business', retryable: false },
  131026: UNREACHABLE('The message could not be delivered (not on WhatsApp, old app, or terms not accepted)'),
  130403: UNREACHABLE('The person blocked this business or cannot be messaged'),
  131021: UNREACHABLE('The recipient is this business’s own number'),
  131047: { action: 'needs_template', meaning: 'More than 24 hours since the person last wrote: only a template can be sent', retryable: false },
  100: PAYLOAD('Invalid request parameter'),
  131008: PAYLOAD('A required parameter is missing'),
  131009: PAYLOAD('A parameter value is invalid'),
  131051: PAYLOAD('Unsupported message type'),
  132000: PAYLOAD('Template parameter count does not match'),
  132012: PAYLOAD('Template parameter format does not match'),
  132005: PAYLOAD('Template text too long after filling in parameters'),
  131053: { action: 'bad_media', meaning: 'The media file could not be uploaded (type, size or MIME)', retryable: false },
  132001: TEMPLATE('The template does not exist in this language or is not approved'),
  132007: TEMPLATE('The template breaks WhatsApp’s content policy'),
  132015: TEMPLATE('The template is paused because of low quality'),
  132016: TEMPLATE('The template is disabled because of low quality'),
  131048: STOP(
    'The number is restricted for spam',
    'Stop sending for now. Check the number’s quality rating in WhatsApp Manager and wait for the restriction to lift; send fewer, more wanted messages.',
  ),
  131064: STOP('The account is locked', 'Open WhatsApp Manager / Business Support Home to see why and request a review.'),
  131031: STOP('The business account is locked', 'Open Business Support Home, fix the reported policy problem and request a review.'),
  368: STOP('Temporarily blocked for policy violations', 'Wait for the block to end and review WhatsApp’s Business Messaging Policy before sending again.'),
  131042: STOP('There is a payment problem with the account', 'Add or fix the payment method in Meta Business Manager, then resume.'),
  0: STOP('Authentication failed', 'Check the access token in Settings.'),
  190: STOP('The access token expired or was revoked', 'Create a new (system user) access token in Meta Business Manager and paste it in Settings.'),
  3: STOP('The app cannot use this API', 'Check the app’s WhatsApp product and permissions in the Meta developer dashboard.'),
  10: STOP('Permission denied', 'Give the token whatsapp_business_messaging permission for this number, then resume.'),
};

export function classifyError(code: number): ErrorRule {
  return ERROR_TABLE[code] ?? { action: 'unknown', meaning: `WhatsApp error ${code}`, retryable: false };
}

/**
 * 131049 (the person's marketing cap across all businesses, DOMAIN.md §3): the waits before each retry, growing, the
 * first no sooner than 24 h; after the last the job is skipped. No jitter: the cap is per person, not a storm.
 */
export const MARKETING_CAP_RETRY_HOURS: readonly number[] = [24, 48, 96];

/** How many times the queue itself retries each retryable action before the job fails (bounded, §3). */
export const MAX_RETRIES: Readonly<Partial<Record<ErrorAction, number>>> = {
  rate_limit: 8,
  pair_rate: 4, // 6, 24, 96, 384 s: past that the recipient is not reachable at our pace.
  transient: 5,
  marketing_cap: MARKETING_CAP_RETRY_HOURS.length,
};

/**
 * The delay before retry number `attempt` (0 for the first retry). `random` returns [0, 1).
 * - pair rate: 6 s × 4^n (the platform's documented backoff for 131056), no jitter below it.
 * - marketing cap (131049): 24 h, 48 h, 96 h (`MARKETING_CAP_RETRY_HOURS`), then no more.
 * - rate limits and transient errors: exponential from 2 s, capped at 5 min, with "equal jitter" so a storm of
 *   failures does not come back in lockstep.
 * Returns undefined when the action is not retried or the bound is reached.
 */
export function retryDelayMs(action: ErrorAction, attempt: number, random: () => number): number | undefined {
  const max = MAX_RETRIES[action];
  if (max === undefined || attempt >= max) return undefined;
  if (action === 'pair_rate') return 6_000 * 4 ** attempt;
  if (action === 'marketing_cap') {
    const hours = MARKETING_CAP_RETRY_HOURS[attempt];
    return hours === undefined ? undefined : hours * 3_600_000;
  }
  const ceiling = Math.min(300_000, 2_000 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The Graph API's error object, parsed from `unknown`. */
export interface GraphError {
  code: number;
  message: string;
  subcode?: number;
  details?: string;
  type?: string;
  fbtraceId?: string;
}

/** Parses a Graph API error response body; undefined when it is not one. */
export function parseGraphError(body: unknown): GraphError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const e = body.error;
  if (typeof e.code !== 'number' || !Number.isInteger(e.code)) return undefined;
  const out: GraphError = { code: e.code, message: typeof e.message === 'string' ? e.message : '' };
  if (typeof e.error_subcode === 'number') out.subcode = e.error_subcode;
  if (typeof e.type === 'string') out.type = e.type;
  if (typeof e.fbtrace_id === 'string') out.fbtraceId = e.fbtrace_id;
  if (isRecord(e.error_data) && typeof e.error_data.details === 'string') out.details = e.error_data.details;
  return out;
}


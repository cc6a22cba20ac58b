/**
 * Why a campaign is in its state, made once: a code with its numbers (`whyCode`, which the renderer words in the
 * person's language, engineWords.ts) and main's English sentence from the same code (`why`: the CLI, the logs, and
 * an older renderer read it). Both go into the journal's state record, so a replay shows the same reason.
 */
import { classifyError } from '../../shared/domain/errorCodes';
import { START_REFUSALS, type CampaignWhy, type CampaignWhyCode, type IoProblem, type StartRefusal } from '../../shared/ipc/campaigns';
import { AppFailure } from '../../shared/lib/result';

export interface StateWhy {
  why: string;
  whyCode: CampaignWhy;
}

type Params = NonNullable<CampaignWhy['params']>;

const IO_WORDS: Record<IoProblem, string> = {
  disk_full: 'the disk is full',
  not_allowed: 'Shopcast is not allowed to write to its data folder',
  read_only: 'the data folder is on a read-only disk',
};

function ruleSentence(p: Params, stopAll: boolean): string {
  const code = p.errorCode ?? 0;
  const rule = classifyError(code);
  const what = rule.whatToDo ? ` ${rule.whatToDo}` : '';
  return `${stopAll ? 'All sending stopped' : 'Campaign paused'}: ${rule.meaning} (${code}).${what}`;
}

function notStarted(prefix: string, p: Params): string {
  return `${prefix}: ${p.detail ?? 'This campaign cannot start.'}`;
}

/** Main's English for each code. A `Record` over every code: a new code without its sentence does not compile. */
const ENGLISH: { readonly [C in CampaignWhyCode]: (p: Params) => string } = {
  paused_by_person: () => 'Paused by the person.',
  cancelled_by_person: () => 'Cancelled by the person.',
  app_closed: () => 'Shopcast was closed; sending resumes when it starts again.',
  retrying_failed: () => 'Queuing failed messages again.',
  failed_requeued: () => 'Failed messages queued again.',
  requeued_by_person: () => 'A message was queued again by the person.',
  journal_damaged: () => 'The send journal was damaged: check the messages that may have been sent, then resume.',
  journal_write_failed: (p) =>
    `Sending stopped: the send journal could not be saved (${p.io !== undefined ? IO_WORDS[p.io] : (p.detail ?? 'an unknown disk error')}). Free some disk space, then resume.`,
  error_rule: (p) => ruleSentence(p, p.action === 'stop_all'),
  account_stop: (p) => ruleSentence(p, true),
  breaker: (p) =>
    `Paused: ${p.failures ?? 0} of the first ${p.attempts ?? 0} messages failed (over 5 % in the first hour). Check the list and the message before resuming.`,
  resume_failed: (p) => notStarted('Could not resume', p),
  start_failed: (p) => notStarted('Could not start at its time', p),
  unexpected: (p) => p.detail ?? 'Something went wrong while sending.',
  template_paused: (p) =>
    `Campaign paused: WhatsApp marked its template ${templateName(p)} as ${p.status ?? 'not usable'}. Check the template in WhatsApp Manager or pick another one, then resume.`,
  template_recategorised: (p) =>
    `Campaign paused: WhatsApp now bills its template ${templateName(p)} as ${p.category ?? 'another category'}. Check the price before resuming.`,
};

function templateName(p: Params): string {
  const name = p.template ?? 'the template';
  return p.language !== undefined ? `“${name}” (${p.language})` : `“${name}”`;
}

/** The reason as code and English together. */
export function stateWhy(code: CampaignWhyCode, params?: Params): StateWhy {
  const whyCode: CampaignWhy = params !== undefined ? { code, params } : { code };
  return { why: ENGLISH[code](params ?? {}), whyCode };
}

/** The error's own code when it carries one (a journal write error), else `unexpected` with its text. */
export function stateWhyOfError(error: unknown): StateWhy {
  if (error instanceof Error && 'whyCode' in error && isCampaignWhy(error.whyCode)) return { why: error.message, whyCode: error.whyCode };
  return { why: error instanceof Error ? error.message : String(error), whyCode: { code: 'unexpected', params: { detail: error instanceof Error ? error.message : String(error) } } };
}

function isCampaignWhy(v: unknown): v is CampaignWhy {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string'; // our own errors set it
}

/**
 * A campaign that could not start or resume: the error's text, and main's refusals by code when they were the
 * reason (sending.ts throws them as an AppFailure with `details.codes`), so the renderer can word them.
 */
export function notStartedWhy(code: 'resume_failed' | 'start_failed', error: unknown): StateWhy {
  const detail = error instanceof Error ? error.message : String(error);
  const codes = error instanceof AppFailure && typeof error.details?.codes === 'string' ? error.details.codes.split(',') : [];
  const refusals = codes.filter((c): c is StartRefusal => (START_REFUSALS as readonly string[]).includes(c));
  return stateWhy(code, refusals.length > 0 && refusals.length === codes.length ? { detail, refusals } : { detail });
}

/** Template statuses after which a campaign cannot send it (DOMAIN.md §3: 132001, 132015, 132016 otherwise). */
export const TEMPLATE_STOPPING_STATUSES: readonly string[] = ['PAUSED', 'DISABLED', 'REJECTED', 'PENDING_DELETION', 'DELETED'];

/**
 * Whether a template webhook pauses the campaigns that use the template, and with which reason: a status that stops
 * the template (`template_paused`), or a category other than the one it was billed as (`template_recategorised`:
 * the person re-checks the price). `billedAs`: the category main knew before (its template cache), else the
 * webhook's `previousCategory`; when neither is known the change is taken at its word. Quality news pauses nothing
 * (a RED template is paused by its own status webhook, or answers 132015 when sent).
 */
export function templateChangeWhy(
  e: { change: 'status' | 'category' | 'quality'; status?: string; category?: string; previousCategory?: string },
  template: { name: string; language?: string },
  billedAs?: string,
): StateWhy | undefined {
  const named = { template: template.name, ...(template.language !== undefined ? { language: template.language } : {}) };
  if (e.change === 'status' && e.status !== undefined) {
    const status = e.status.toUpperCase();
    return TEMPLATE_STOPPING_STATUSES.includes(status) ? stateWhy('template_paused', { ...named, status }) : undefined;
  }
  if (e.change === 'category' && e.category !== undefined) {
    const category = e.category.toUpperCase();
    const before = (billedAs ?? e.previousCategory)?.toUpperCase();
    return before === category ? undefined : stateWhy('template_recategorised', { ...named, category });
  }
  return undefined;
}

/**
 * The Assisted channel in the IPC contract: the job it waits on, and the person's open / mark actions.
 */
import { isRecord, parseOneOf, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';
import { parseId } from './fields';

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

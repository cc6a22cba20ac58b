/**
 * Main's checks before a campaign may start (the renderer's checklist is advice; this is the law). Every reason at
 * once, each a stable code (carried to the campaign's state by campaignWhy.ts `notStartedWhy`) with its English.
 */
import type { CampaignState, ChannelKind } from '../../../shared/domain/vocabulary';
import type { StartRefusal } from '../../../shared/ipc/campaigns';
import { assistedText } from '../transports/assisted';
import type { MessageContent } from '../transports/types';

export interface Refusal {
  code: StartRefusal;
  why: string;
}

export interface RefusalInput {
  channel: ChannelKind;
  state: CampaignState;
  sealed: boolean;
  content: MessageContent;
  contentB?: MessageContent | undefined;
  jobs: Iterable<{ phase: string; contact: string; variant?: 'A' | 'B' | undefined }>;
  /** Whether the Cloud API has a token and phone number id (asked only for a Cloud campaign). */
  cloudConfigured: () => Promise<boolean>;
  /** Whether this contact is on the suppression list that applies to the campaign's channel. */
  suppressed: (contact: string) => boolean;
}

export async function startRefusals(input: RefusalInput): Promise<Refusal[]> {
  const out: Refusal[] = [];
  if (!input.sealed) out.push({ code: 'incomplete', why: 'Its recipients have not all arrived.' });
  if (input.state === 'finished' || input.state === 'cancelled') out.push({ code: input.state, why: `It is ${input.state}.` });
  if (input.channel === 'cloud' && !(await input.cloudConfigured())) {
    out.push({ code: 'cloud_not_configured', why: 'The Cloud API is not connected: add the access token and phone number id in Settings.' });
  }
  const jobs = [...input.jobs];
  const usesB = jobs.some((j) => j.variant === 'B');
  const contents: MessageContent[] = [input.content, ...(usesB && input.contentB ? [input.contentB] : [])];
  if (contents.some(contentMissing)) out.push({ code: 'content_missing', why: 'The message has no content (text, template name or media).' });
  if (usesB && !input.contentB) out.push({ code: 'content_missing', why: 'Some recipients get version B, but the campaign has no version B.' });
  if (input.channel === 'assisted' && contents.some((m) => assistedText(m) === undefined)) {
    out.push({ code: 'assisted_text_only', why: 'The Assisted channel can only pre-fill a text message in WhatsApp.' });
  }
  const queued = jobs.filter((j) => j.phase === 'queued');
  if (queued.length > 0 && queued.every((j) => input.suppressed(j.contact))) {
    out.push({ code: 'all_suppressed', why: 'Every recipient left to send has opted out or cannot be reached.' });
  }
  return out;
}

export function contentMissing(m: MessageContent): boolean {
  if (m.kind === 'text') return m.body.trim() === '';
  if (m.kind === 'template') return m.name.trim() === '' || m.language.trim() === '';
  return (m.link ?? '') === '' && (m.id ?? '') === '';
}

/**
 * Hands a campaign to main: create, the recipients in chunks (so 100,000 never travel as one message and the person
 * sees progress), then seal, which snapshots the audience. Main re-checks everything; a refusal comes back with
 * main's reasons. A handoff that stops half-way (cancelled, disconnected) leaves an unsealed campaign that main
 * never sends.
 */
import type { Bridge } from '../../../../shared/ipc/bridge';
import type { AppError } from '../../../../shared/lib/result';
import { saveCampaignCopy } from '../../db/campaigns';
import { getDb } from '../../db/db';
import { RECIPIENT_CHUNK_MAX, type CampaignDraftInput, type CampaignRecipientInput, type CampaignSummary } from '../../../../shared/ipc/campaigns';

export type HandoffResult = { ok: true; campaign: CampaignSummary } | { ok: false; error: AppError; campaignId?: string };

export interface HandoffOptions {
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  chunkSize?: number;
}

export async function handOff(
  bridge: Bridge,
  draft: Omit<CampaignDraftInput, 'recipientCount'>,
  recipients: readonly CampaignRecipientInput[],
  opts: HandoffOptions = {},
): Promise<HandoffResult> {
  const chunk = Math.min(opts.chunkSize ?? RECIPIENT_CHUNK_MAX, RECIPIENT_CHUNK_MAX);
  const created = await bridge.call('campaign:create', { ...draft, recipientCount: recipients.length });
  if (!created.ok) return { ok: false, error: created.error };
  const id = created.value.id;
  opts.onProgress?.(0, recipients.length);
  for (let i = 0; i < recipients.length; i += chunk) {
    if (opts.signal?.aborted) return { ok: false, error: { code: 'conflict', message: 'Cancelled before all recipients were handed over; nothing will be sent.' }, campaignId: id };
    const r = await bridge.call('campaign:addRecipients', { id, recipients: recipients.slice(i, i + chunk) });
    if (!r.ok) return { ok: false, error: r.error, campaignId: id };
    opts.onProgress?.(Math.min(i + chunk, recipients.length), recipients.length);
  }
  const sealed = await bridge.call('campaign:seal', { id });
  return sealed.ok ? { ok: true, campaign: sealed.value } : { ok: false, error: sealed.error, campaignId: id };
}

export type LaunchResult =
  | { ok: false; error: AppError; campaignId?: string }
  | {
      ok: true;
      id: string;
      /** The campaign as main has it now (started, scheduled, or sealed when the start was refused). */
      campaign: CampaignSummary;
      scheduled: boolean;
      /** Main refused the start or the schedule: its reasons (word them with engineWords' startRefusalText). */
      refused?: AppError;
    };

/**
 * The one way a wizard step launches a campaign (the real one, a test to a few contacts, a test to the shop's own
 * phone): hand it off, then start it — or schedule it when `scheduleAt` is later than `now` — and keep the
 * renderer's copy (db/campaigns.ts) of whatever main answered.
 */
export async function launchCampaign(
  bridge: Bridge,
  draft: Omit<CampaignDraftInput, 'recipientCount'>,
  recipients: readonly CampaignRecipientInput[],
  opts: HandoffOptions & { scheduleAt?: number | null; now?: number } = {},
): Promise<LaunchResult> {
  const handed = await handOff(bridge, draft, recipients, opts);
  if (!handed.ok) return handed;
  const id = handed.campaign.id;
  const scheduled = opts.scheduleAt !== undefined && opts.scheduleAt !== null && opts.now !== undefined && opts.scheduleAt > opts.now;
  const next = scheduled ? await bridge.call('campaign:schedule', { id, at: opts.scheduleAt! }) : await bridge.call('campaign:start', { id }); // scheduleAt checked just above
  const campaign = next.ok ? next.value : handed.campaign;
  await saveCampaignCopy(getDb(), campaign);
  return { ok: true, id, campaign, scheduled, ...(next.ok ? {} : { refused: next.error }) };
}

/**
 * Hands a campaign to main: create, the recipients in chunks (so 100,000 never travel as one message and the person
 * sees progress), then seal, which snapshots the audience. Main re-checks everything; a refusal comes back with
 * main's reasons. A handoff that stops half-way (cancelled, disconnected) leaves an unsealed campaign that main
 * never sends.
 */
import type { Bridge } from '../../../../shared/ipc/bridge';
import type { AppError } from '../../../../shared/lib/result';
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

/**
 * Template and number webhooks (issue 13 point 3, DOMAIN.md §2 "Webhooks"/"Limits"): what `SendingService` does with
 * them. A template change updates main's template cache (CloudSetupService, when there is one: the CLI has none) and
 * pauses the campaigns that can no longer send the template, or that would now be billed in another category; a
 * messaging-limit, quality or throughput change is kept for the budget (`CloudSetupService.messagingLimit` prefers
 * the newer of the connection test and the webhook; our own count stays the fallback).
 */
import { templateChangeWhy } from '../campaignWhy';
import type { CampaignService } from '../campaigns';
import type { CloudSetupService } from '../cloudSetup';
import type { WebhookEvent } from '../webhook';

export type TemplateEvent = Extract<WebhookEvent, { kind: 'template' }>;
export type LimitEvent = Extract<WebhookEvent, { kind: 'limit' }>;

/** Resolves with the campaigns it paused. A failure to store the change propagates (the webhook is answered 503). */
export async function followTemplateChange(
  cloud: Partial<Pick<CloudSetupService, 'applyTemplateChange'>>,
  campaigns: Pick<CampaignService, 'pauseByTemplate'>,
  e: TemplateEvent,
): Promise<string[]> {
  const cached = await cloud.applyTemplateChange?.(e);
  // A webhook may name the template by id only: the cache knows its name and language then.
  const name = e.name ?? cached?.after.name;
  if (name === undefined) return [];
  const language = e.language ?? cached?.after.language;
  // Without the cache's answer (not cached, or the cache holds newer news) the webhook is taken at its word: pausing
  // is the safe side, and the person resumes.
  const why = templateChangeWhy(e, { name, ...(language !== undefined ? { language } : {}) }, cached?.before.category);
  return why ? campaigns.pauseByTemplate(name, language, why) : [];
}

/** Keeps a limit/quality/throughput webhook; one without a time counts from now (`now`, the injected clock). */
export async function followLimitChange(cloud: Partial<Pick<CloudSetupService, 'applyLimitChange'>>, e: LimitEvent, now: number): Promise<void> {
  await cloud.applyLimitChange?.({
    at: e.timestamp > 0 ? e.timestamp : now,
    ...(e.messagingLimit !== undefined ? { messagingLimit: e.messagingLimit } : {}),
    ...(e.throughput !== undefined ? { throughput: e.throughput } : {}),
    ...(e.event !== undefined ? { event: e.event } : {}),
  });
}

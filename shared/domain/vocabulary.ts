/**
 * The words every part of Shopcast uses for sending (ARCHITECTURE.md "Glossary"): the channels, a campaign's
 * states, a job's phases and how far a delivered message got. The rules in shared/domain and the IPC contract in
 * shared/ipc both speak them; they live here so the contract imports the domain and never the reverse.
 */

/** How a campaign reaches people: the Cloud API, Assisted (the person presses send in WhatsApp), or the Sandbox. */
export type ChannelKind = 'cloud' | 'assisted' | 'sandbox';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['cloud', 'assisted', 'sandbox'];

export type CampaignState = 'draft' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished';

/** Where one job (one message to one recipient) stands in main's send journal. */
export type JobPhase = 'queued' | 'attempting' | 'accepted' | 'failed' | 'ambiguous' | 'skipped';

/** The furthest an accepted message got, from status webhooks (or the Sandbox). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** Most recipients one campaign may have: main refuses more, and the wizard's checklist blocks more. */
export const MAX_RECIPIENTS = 100_000;

/**
 * The events main pushes about sending (the renderer pulls the details after each; see campaigns.ts).
 */
import type { AssistedPrompt } from './assisted';
import type { CampaignSummary } from './campaigns';
import type { SuppressionView } from './inbox';

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

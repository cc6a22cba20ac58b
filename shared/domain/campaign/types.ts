/** The checklist's vocabulary: one result per rule (and per A/B version for content rules), its fix, its input. */
import type { TemplateInfo } from '../template';
import type { PacingPolicy } from '../pacing';
import type { Language } from '../settings';
import type { RateTable } from './costs';
import type { CampaignDraft } from './draft';
import type { PhoneFactsCache } from './phoneFacts';
import type { CampaignContact } from './render';
import type { SendHistory } from './schedule';

export type Level = 'pass' | 'warn' | 'block';
export type Variant = 'A' | 'B';

export type RuleId =
  | 'recipients'
  | 'content_kind'
  | 'length'
  | 'links'
  | 'link_https'
  | 'pressure_words'
  | 'opt_out_line'
  | 'variables'
  | 'template_status'
  | 'template_params'
  | 'media'
  | 'invalid_numbers'
  | 'duplicates'
  | 'opt_in'
  | 'frequency'
  | 'weekly_frequency'
  | 'same_content'
  | 'daily_cap'
  | 'quiet_hours'
  | 'us_marketing'
  | 'messaging_limit'
  | 'cost'
  // Korean law for promotions to +82 numbers (DOMAIN.md §2b; checks/koreanLaw.ts).
  | 'kr_ad_label'
  | 'kr_sender'
  | 'kr_opt_out_ko'
  | 'kr_night'
  // Consent confirmed more than 2 years ago (§2b), and a second promotion while another still goes to the same people.
  | 'consent_old'
  | 'second_promotion'
  // Recipients known only by their WhatsApp user id where the channel or template needs a phone (DOMAIN.md §2 "Identity").
  | 'needs_phone';

/** Why a recipient is taken out by an `exclude` fix. */
export type ExcludeReason = 'invalid_number' | 'duplicate' | 'no_opt_in' | 'opted_out' | 'frequency_cap' | 'weekly_cap' | 'same_content' | 'us_marketing' | 'kr_night' | 'consent_old' | 'second_promotion' | 'needs_phone';

export type Fix =
  | { id: 'add_opt_out'; params: { variant: Variant; language: Language } }
  | { id: 'remove_link'; params: { variant: Variant; index: number; url: string } }
  | { id: 'use_https'; params: { variant: Variant } }
  | { id: 'exclude'; params: { reason: ExcludeReason; count: number; contactIds: readonly number[] } }
  | { id: 'set_fallback'; params: { variable: string; value: string } }
  | { id: 'flatten_params'; params: { variant: Variant } }
  | { id: 'schedule'; params: { at: number } }
  /** Korean law (§2b): "(광고)" at the start of the text. */
  | { id: 'add_ad_label'; params: { variant: Variant } }
  /** Korean law (§2b): a last line "{shop}" (the name comes from Settings). */
  | { id: 'add_sender'; params: { variant: Variant } };

/** A message key and its values: the UI translates (renderer/src/i18n), logs use `detail`. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

export interface CheckResult {
  /** Unique within one run: the rule, plus ":B" for version B of a content rule. What an acknowledgement names. */
  id: string;
  rule: RuleId;
  variant?: Variant;
  level: Level;
  reason: Reason;
  /** The same in English, for logs and tests. */
  detail: string;
  fix?: Fix;
  /** Other one-click fixes, shown after `fix` (e.g. kr_night: start at 08:00, or leave the +82 numbers out). */
  moreFixes?: Fix[];
}

/** Another promotion still on its way (ChecklistInput.activeCampaigns). */
export interface ActiveCampaign {
  id: string;
  name: string;
  state: 'draft' | 'scheduled' | 'running' | 'paused';
  /** E.164 numbers it goes to. */
  numbers: ReadonlySet<string>;
}

/** Where a recipient's sends of the last 24 h are (pacing.ts SendLog satisfies it). */
export interface ContactSendLog {
  contactSends(contact: string): readonly { at: number; promotional: boolean }[];
}

export interface ChecklistInput {
  draft: CampaignDraft;
  /** The audience (before the draft's own exclusions, which the checklist applies). */
  recipients: readonly CampaignContact[];
  /** The synced templates (the draft names one by name + language). */
  templates: readonly TemplateInfo[];
  shop: { name: string; language: Language };
  labelNames: ReadonlyMap<number, string>;
  policy: PacingPolicy;
  history: SendHistory;
  sendLog: ContactSendLog;
  /** Numbers with an open 24 h service window (they wrote in the last 24 h). */
  openWindows?: ReadonlySet<string>;
  /**
   * This content sent before (DOMAIN.md §4, message.ts contentKey): the numbers that already received it, and how
   * many campaigns sent it in the last 24 h. Omitted: not checked.
   */
  sameContent?: { numbers: ReadonlySet<string>; campaignsLast24h: number };
  /** Numbers that failed as undeliverable before (suppression reason `unreachable`). */
  unreachable?: ReadonlySet<string>;
  /**
   * What the audience step already left out (audience.ts), so the list-quality row can say so: the checklist only
   * sees the recipients handed to it.
   */
  audienceExcluded?: { notWhatsapp: number; undeliverable: number };
  /**
   * Promotions main still has queued or sending (scheduled, running, paused; not tests), each with the numbers it goes
   * to: the second_promotion rule warns when this one reaches the same people. Omitted: not checked.
   */
  activeCampaigns?: readonly ActiveCampaign[];
  now: number;
  rates: RateTable;
  phones: PhoneFactsCache;
}

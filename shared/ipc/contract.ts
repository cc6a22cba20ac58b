/**
 * The one IPC contract. Every channel is defined here once: its name (`area:verb`), the parser for its input
 * (input always arrives as `unknown`), and its output type. Electron's preload, the browser host's WebSocket and
 * the CLI all carry exactly these channels; handlers are plain async functions typed from this map.
 */
import { parseSettingsPatch, type Settings, type SettingsPatch } from '../domain/settings';
import { isRecord, parseNothing, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';
import { CHANNEL_NAMES, EVENT_NAMES, isEventName, type ChannelName, type EventName } from './channels';
import { parseAssistedMark, parseAssistedRef, type AssistedPrompt } from './assisted';
import {
  parseAddRecipients,
  parseCampaignDraft,
  parseCampaignRef,
  parseJobsQuery,
  parseResolveAmbiguous,
  parseSchedule,
  type AmbiguousDecision,
  type CampaignDetail,
  type CampaignDraftInput,
  type CampaignRecipientInput,
  type CampaignSummary,
  type JobsPage,
} from './campaigns';
import { parseBadge, parseDesktopNotice, type DesktopNotice } from './desktop';
import { parseCloudSetupPatch, type CloudSetupPatch, type CloudSetupView, type ConnectionTest } from './cloud';
import {
  parseActionsSince,
  parseAnswerInput,
  parseAnswersSince,
  parseConversationAction,
  parseConversationImport,
  parseInboxSince,
  parseStaffView,
  parseSuppressionRemove,
  parseWebhookStart,
  type AnswerInput,
  type AnswersPage,
  type AnswerState,
  type ConversationAction,
  type ConversationActionInput,
  type ConversationActionsPage,
  type InboxPage,
  type StaffView,
  type SuppressionView,
  type WebhookStatus,
} from './inbox';
import { parsePolicyChoice, type PolicyChoice, type PolicyView } from './policy';
import { parseAutomationSet, parseAutomationTry, parseContactLabels, type ContactLabelsInput, type AutomationFile, type AutomationSaveResult, type AutomationTryInput, type AutomationTryResult, type AutomationView } from './automation';
import type { SendingEventMap } from './sendingEvents';
import type { TemplateInfo } from '../domain/template';

export type Runtime = 'electron' | 'browser-host';

export interface AppInfo {
  name: string;
  version: string;
  runtime: Runtime;
  /** Where the app keeps its files (settings, and later the send journal). Shown in Settings. */
  dataDir: string;
  platform: string;
}

/** A channel's spec. `Out` exists only in the type system: outputs are produced by our own handlers. */
export interface ChannelSpec<In, Out> {
  parse: Parser<In>;
  /** Phantom field carrying the output type; never read at run time. */
  readonly output?: Out;
}

const channel = <In, Out>(parse: Parser<In>): ChannelSpec<In, Out> => ({ parse });

export const contract = {
  'app:info': channel<void, AppInfo>(parseNothing),
  /** A desktop notification from main (Electron); `shown: false` where the host has none (shared/ipc/desktop.ts). */
  'app:notify': channel<DesktopNotice, { shown: boolean }>(parseDesktopNotice),
  /** The unread count on the dock/taskbar and the tray (Electron); nothing elsewhere. */
  'app:badge': channel<{ count: number }, void>(parseBadge),
  'settings:get': channel<void, Settings>(parseNothing),
  'settings:update': channel<SettingsPatch, Settings>(parseSettingsPatch),
  /**
   * Catch-up after (re)connecting: every buffered event with a sequence number above `after`, or every buffered
   * event when `epoch` names an earlier run of the core (its numbering started again at 1).
   */
  'events:since': channel<{ after: number; epoch?: string }, PushedEvent[]>(parseEventsSince),

  // Campaigns (shared/ipc/campaigns.ts explains how the renderer stays in step).
  /** Opens a campaign and returns its id; its recipients follow in chunks, then `campaign:seal`. */
  'campaign:create': channel<CampaignDraftInput, { id: string }>(parseCampaignDraft),
  'campaign:addRecipients': channel<{ id: string; recipients: CampaignRecipientInput[] }, { received: number }>(parseAddRecipients),
  /** Snapshots the audience (checks the count) and makes the campaign a draft ready to start or schedule. */
  'campaign:seal': channel<{ id: string }, CampaignSummary>(parseCampaignRef),
  'campaign:list': channel<void, CampaignSummary[]>(parseNothing),
  'campaign:get': channel<{ id: string }, CampaignDetail>(parseCampaignRef),
  'campaign:jobs': channel<{ id: string; sinceRev: number; limit: number }, JobsPage>(parseJobsQuery),
  /** Starts or resumes; main checks its rules first and refuses with reasons (`details`) when they fail. */
  'campaign:start': channel<{ id: string }, CampaignSummary>(parseCampaignRef),
  'campaign:pause': channel<{ id: string }, CampaignSummary>(parseCampaignRef),
  'campaign:cancel': channel<{ id: string }, CampaignSummary>(parseCampaignRef),
  /** Queues again the failures that may work on a second try (DOMAIN.md §3), and resumes. */
  'campaign:retryFailed': channel<{ id: string }, CampaignSummary>(parseCampaignRef),
  'campaign:schedule': channel<{ id: string; at: number | null }, CampaignSummary>(parseSchedule),
  'campaign:resolveAmbiguous': channel<{ id: string; job: string; decision: AmbiguousDecision }, CampaignSummary>(parseResolveAmbiguous),

  // The Assisted channel: the person sends each message from WhatsApp Business.
  'assisted:current': channel<void, AssistedPrompt | null>(parseNothing),
  /** Opens the chat (`https://wa.me/…?text=…`) in WhatsApp through the allow-listed external opener. */
  'assisted:open': channel<{ campaign: string; job: string }, void>(parseAssistedRef),
  'assisted:mark': channel<{ campaign: string; job: string; outcome: 'sent' | 'skipped' }, void>(parseAssistedMark),

  // The shop's safety policy (DOMAIN.md §4).
  'policy:get': channel<void, PolicyView>(parseNothing),
  'policy:update': channel<PolicyChoice, PolicyView>(parsePolicyChoice),

  // The suppression list main checks before every send.
  'suppression:list': channel<void, SuppressionView[]>(parseNothing),
  /** A person resumes a contact (they asked to hear from the shop again); sending code never removes entries. */
  'suppression:remove': channel<{ contact: string }, void>(parseSuppressionRemove),

  // Replies.
  'inbox:since': channel<{ after: number; limit: number }, InboxPage>(parseInboxSince),
  /** Sends a person's answer, journaled like a campaign job (never twice); refused with `details.refusal` (ANSWER_REFUSALS). */
  'inbox:answer': channel<AnswerInput, { id: string; state: AnswerState }>(parseAnswerInput),
  /** The answers changed after a rev (from 0 when `generation` changed), with their ticks. */
  'inbox:answers': channel<{ sinceRev: number }, AnswersPage>(parseAnswersSince),
  /** A person's action on a conversation (done, reopen, priority, read, assign, note), kept by main; null when its key was known. */
  'inbox:act': channel<ConversationActionInput, ConversationAction | null>(parseConversationAction),
  /** The actions after a seq (`inbox:acted` says there are more). */
  'inbox:actions': channel<{ after: number; limit: number }, ConversationActionsPage>(parseActionsSince),
  /** The renderer's own actions from before main kept them, once (each key once). */
  'inbox:importActions': channel<{ actions: ConversationActionInput[] }, { added: number }>(parseConversationImport),
  /** The staff names on this PC and who is at the counter. */
  'inbox:staff': channel<void, StaffView>(parseNothing),
  'inbox:setStaff': channel<StaffView, StaffView>(parseStaffView),

  // The webhook receiver on 127.0.0.1.
  /** The automation rules in force, the file's problems, per-rule counters and the month's cost estimate (issue 15). */
  'automation:get': channel<void, AutomationView>(parseNothing),
  /** Saves the whole rule set (file format); refused with each problem's line and path, and then nothing changes. */
  'automation:set': channel<{ rules: AutomationFile }, AutomationSaveResult>(parseAutomationSet),
  /** Which rule would answer a message and what it would send, or why not: nothing is sent. */
  'automation:try': channel<AutomationTryInput, AutomationTryResult>(parseAutomationTry),
  /** Which labels each customer carries (the renderer's contacts), the whole map: it replaces main's copy. */
  'automation:labels': channel<ContactLabelsInput, { contacts: number }>(parseContactLabels),
  'webhook:status': channel<void, WebhookStatus>(parseNothing),
  'webhook:start': channel<{ port?: number }, WebhookStatus>(parseWebhookStart),
  'webhook:stop': channel<void, WebhookStatus>(parseNothing),

  // The Cloud API connection (secrets go in, never come out) and templates.
  'cloud:get': channel<void, CloudSetupView>(parseNothing),
  'cloud:update': channel<CloudSetupPatch, CloudSetupView>(parseCloudSetupPatch),
  /** Reads the number's quality and messaging limit, and syncs templates. */
  'cloud:test': channel<void, ConnectionTest>(parseNothing),
  'templates:list': channel<void, TemplateInfo[]>(parseNothing),
  'templates:sync': channel<void, TemplateInfo[]>(parseNothing),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = Contract[C] extends ChannelSpec<infer I, unknown> ? I : never;
export type OutputOf<C extends Channel> = Contract[C] extends ChannelSpec<unknown, infer O> ? O : never;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

// Compile-time: channels.ts lists exactly the contract's channels, and EventMap exactly its event names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<ChannelName, Channel> = true;
const eventsMatch: Same<EventName, keyof EventMap> = true;
void channelsMatch;
void eventsMatch;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/** Events pushed from the core to the renderer. Each carries a sequence number so the renderer applies it once. */
export interface EventMap extends SendingEventMap {
  'settings:changed': Settings;
  /** An answer was sent or changed (ticks, failure) up to this rev: pull `inbox:answers`. */
  'inbox:answered': { rev: number; generation: string };
  /** A conversation action or the staff list changed, up to this seq: pull `inbox:actions` (and `inbox:staff`). */
  'inbox:acted': { last: number };
}
export { EVENT_NAMES, isEventName, type EventName };

/** One pushed event; with no type argument, the union of every event, narrowed by `name`. */
export type PushedEvent<E extends EventName = EventName> = E extends EventName
  ? {
      /** Which run of the core numbered this event: sequence numbers restart when the core restarts. */
      epoch: string;
      seq: number;
      name: E;
      payload: EventMap[E];
    }
  : never;

function parseEventsSince(input: unknown) {
  if (!isRecord(input) || typeof input.after !== 'number' || !Number.isSafeInteger(input.after) || input.after < 0) {
    return fail('invalid_input', 'events:since needs { after: a whole number ≥ 0 }.');
  }
  if (input.epoch !== undefined && (typeof input.epoch !== 'string' || input.epoch.length > 100)) {
    return fail('invalid_input', 'events:since: epoch must be short text.');
  }
  return ok(input.epoch === undefined ? { after: input.after } : { after: input.after, epoch: input.epoch });
}

/**
 * The wizard's state, saved as a draft (db.drafts) after every change, so nothing is lost when the app closes.
 * A stored draft is parsed defensively: anything unreadable falls back to the fresh value for that part.
 */
import { parseAudienceFilter, type AudienceFilter } from '../../../../shared/domain/campaign/audience';
import type { CampaignDraft, MessageDraft } from '../../../../shared/domain/campaign/draft';
import { SUGGESTED_NAME_FALLBACK } from '../../../../shared/domain/campaign/render';
import type { Language } from '../../../../shared/domain/settings';
import type { ChannelKind } from '../../../../shared/domain/vocabulary';

export const STEPS = ['audience', 'message', 'checklist', 'test', 'send'] as const;
export type Step = (typeof STEPS)[number];

/** Who the campaign is for (shared/domain/campaign/audience.ts evaluates it), and the saved segment it came from. */
export interface AudienceChoice extends AudienceFilter {
  segmentId?: string;
}

export interface TestSend {
  /** Share of the audience to send to first, in percent (5–10 suggested). */
  percent: number;
  /** Hours to wait before reading the results. */
  waitHours: number;
  campaignId?: string;
  /** Contact ids that got the test (left out of the main send). */
  contactIds?: number[];
  sentAt?: number;
}

export interface WizardState {
  step: Step;
  audience: AudienceChoice;
  draft: CampaignDraft;
  /** Checklist warnings the person acknowledged (by result id). */
  acknowledged: string[];
  abTest: boolean;
  test: TestSend;
  /** The campaign main created from this draft, once handed over. */
  campaignId?: string;
}

export function freshState(language: Language, channel: ChannelKind = 'sandbox'): WizardState {
  return {
    step: 'audience',
    audience: { labelsAny: [], labelsAll: [], labelsNone: [], optIn: ['opted_in'], activeWithinDays: null, countries: [], skipUnread: false },
    draft: {
      name: '',
      channel,
      promotional: true,
      message: { kind: 'text', body: '' },
      fallbacks: { name: SUGGESTED_NAME_FALLBACK[language] },
      scheduledAt: null,
      excludedContactIds: [],
    },
    acknowledged: [],
    abTest: false,
    test: { percent: 10, waitHours: 2 },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isSafeInteger(x)) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function parseMessage(v: unknown, fallback: MessageDraft): MessageDraft {
  if (!isObj(v)) return fallback;
  if (v.kind === 'text' && typeof v.body === 'string') return v as MessageDraft; // fields checked; media re-checked by the checklist
  if (v.kind === 'template' && typeof v.name === 'string' && typeof v.language === 'string' && Array.isArray(v.params)) return v as MessageDraft; // the checklist validates params
  return fallback;
}

/** A stored draft back into state; damaged parts become fresh ones (the person sees what survived). */
export function parseState(data: unknown, language: Language): WizardState {
  const fresh = freshState(language);
  if (!isObj(data)) return fresh;
  const a = isObj(data.audience) ? data.audience : {};
  const d = isObj(data.draft) ? data.draft : {};
  const t = isObj(data.test) ? data.test : {};
  const channel = d.channel === 'cloud' || d.channel === 'assisted' || d.channel === 'sandbox' ? d.channel : fresh.draft.channel;
  const state: WizardState = {
    step: (STEPS as readonly unknown[]).includes(data.step) ? (data.step as Step) : 'audience', // membership checked
    audience: { ...parseAudienceFilter(a), ...(typeof a.segmentId === 'string' ? { segmentId: a.segmentId } : {}) },
    draft: {
      name: typeof d.name === 'string' ? d.name : '',
      channel,
      promotional: typeof d.promotional === 'boolean' ? d.promotional : true,
      message: parseMessage(d.message, fresh.draft.message),
      ...(d.messageB !== undefined ? { messageB: parseMessage(d.messageB, fresh.draft.message) } : {}),
      fallbacks: isObj(d.fallbacks) ? Object.fromEntries(Object.entries(d.fallbacks).filter((e): e is [string, string] => typeof e[1] === 'string')) : fresh.draft.fallbacks,
      scheduledAt: typeof d.scheduledAt === 'number' ? d.scheduledAt : null,
      excludedContactIds: nums(d.excludedContactIds),
    },
    acknowledged: strs(data.acknowledged),
    abTest: data.abTest === true,
    test: {
      percent: typeof t.percent === 'number' && t.percent > 0 && t.percent <= 50 ? t.percent : 10,
      waitHours: typeof t.waitHours === 'number' && t.waitHours > 0 ? t.waitHours : 2,
      ...(typeof t.campaignId === 'string' ? { campaignId: t.campaignId } : {}),
      ...(Array.isArray(t.contactIds) ? { contactIds: nums(t.contactIds) } : {}),
      ...(typeof t.sentAt === 'number' ? { sentAt: t.sentAt } : {}),
    },
    ...(typeof data.campaignId === 'string' ? { campaignId: data.campaignId } : {}),
  };
  return state;
}

// Saving and finishing a draft write db.drafts, so they live with the table (db/drafts.ts); kept importable from here.
export { finishDraft, saveDraft } from '../../db/drafts';

export function newDraftId(): string {
  return `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

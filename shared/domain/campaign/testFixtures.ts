/** Shared test data for the campaign domain tests (not shipped: imported by *.test.ts only). */
import type { TemplateInfo } from '../template';
import { SendLog, cautiousPolicy } from '../pacing';
import { DEFAULT_RATE_TABLE } from './costs';
import type { CampaignDraft } from './draft';
import { PhoneFactsCache } from './phoneFacts';
import type { CampaignContact } from './render';
import type { ChecklistInput } from './types';

/** 2026-11-24 11:00 in Seoul (02:00 UTC): inside a good window, outside quiet hours. */
export const NOW = Date.UTC(2026, 10, 24, 2, 0, 0);
export const DAY_MS = 86_400_000;

/** A valid Korean mobile number, distinct per i. */
export const krMobile = (i: number) => `+8210${String(20_000_000 + i).slice(-8)}`;
/** A valid Taiwanese mobile number, distinct per i (Korean law does not apply to it). */
export const twMobile = (i: number) => `+8869${String(10_000_000 + i).slice(-8)}`;

/** A contact with a phone (the fixture's contacts all have one; `phoneless` makes one known only by its user id). */
export function contact(i: number, over: Partial<CampaignContact> = {}): CampaignContact & { phone: string } {
  return {
    id: i + 1,
    name: `고객${i}`,
    phone: krMobile(i),
    labelIds: [1],
    optInStatus: 'opted_in',
    optInSource: 'in_store',
    optInAt: NOW - 30 * DAY_MS,
    notes: '',
    lastInteractionAt: NOW - 10 * DAY_MS,
    ...over,
  } as CampaignContact & { phone: string }; // the fixture's phone is set above; `over` replaces it only with a string
}

/** A contact known only by their WhatsApp user id (DOMAIN.md §2 "Identity"): no phone key at all. */
export function phoneless(i: number, over: Partial<CampaignContact> = {}): CampaignContact {
  const { phone: _none, ...rest } = contact(i, over);
  return { ...rest, userId: `KR.${String(1_349_120_865_530_000 + i)}` };
}

export const APPROVED: TemplateInfo = {
  id: 't1',
  name: 'spring_sale',
  language: 'ko',
  status: 'APPROVED',
  category: 'MARKETING',
  // Lawful for Korean numbers (DOMAIN.md §2b): "(광고)" first, the shop's name, the Korean opt-out line (footer).
  body: '(광고) Mina Flowers: {{1}}님, 봄 세일이 시작됐어요. {{2}}',
  bodyParams: 2,
  footer: 'STOP 회신 시 수신 거부',
  syncedAt: NOW - DAY_MS,
};

export function draft(over: Partial<CampaignDraft> = {}): CampaignDraft {
  return {
    name: 'Spring sale',
    channel: 'sandbox',
    promotional: true,
    // A promotion to Korean numbers: lawful under Korean law (§2b: "(광고)", {shop}, the Korean opt-out line).
    message: { kind: 'text', body: '(광고) Hi {name}, new arrivals at {shop}: https://shop.example/new\n\nReply STOP to unsubscribe\nSTOP 회신 시 수신 거부' },
    fallbacks: {},
    scheduledAt: null,
    excludedContactIds: [],
    ...over,
  };
}

export function input(over: Partial<ChecklistInput> = {}, count = 10): ChecklistInput {
  return {
    draft: draft(),
    recipients: Array.from({ length: count }, (_, i) => contact(i)),
    templates: [APPROVED],
    shop: { name: 'Mina Flowers', language: 'en' },
    labelNames: new Map([[1, 'VIP']]),
    policy: cautiousPolicy('Asia/Seoul'),
    history: { daysSinceFirstSend: 30, sentLast24h: 0, reachedLast24h: 0 },
    sendLog: new SendLog(),
    now: NOW,
    rates: { ...DEFAULT_RATE_TABLE, asOf: '2026-11-01' },
    phones: new PhoneFactsCache(),
    ...over,
  };
}

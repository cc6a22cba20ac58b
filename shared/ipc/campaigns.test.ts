import { describe, expect, it } from 'vitest';
import { MAX_RECIPIENTS } from '../domain/vocabulary';
import { parserTable } from '../../test/parserTable';
import {
  CAMPAIGN_NAME_MAX,
  handledCount,
  parseAddRecipients,
  parseCampaignDraft,
  parseCampaignRef,
  parseCampaignSource,
  parseJobsQuery,
  parseResolveAmbiguous,
  parseSchedule,
  RECIPIENT_CHUNK_MAX,
  type CampaignCounts,
  type CampaignSource,
} from './campaigns';

parserTable(
  'parseCampaignRef',
  parseCampaignRef,
  [['an id', { id: 'c1' }, { id: 'c1' }]],
  [
    ['nothing', undefined, undefined, 'Expected { id }.'],
    ['the id alone', 'c1', undefined, 'Expected { id }.'],
    ['a bad id', { id: 'c 1' }, 'id', 'id must be an id.'],
    ['no id', {}, 'id', 'id must be an id.'],
    ['another field', { id: 'c1', force: true }, 'force', 'Unknown field "force".'],
  ],
);

const TEXT = { kind: 'text', body: 'Spring is here' } as const;
const draft = { name: 'Spring sale', channel: 'cloud', content: TEXT, promotional: true, recipientCount: 40 } as const;

parserTable(
  'parseCampaignDraft',
  parseCampaignDraft,
  [
    ['the fields it needs', draft, { ...draft }],
    ['a name with spaces around it', { ...draft, name: '  Spring sale  ' }, { ...draft }],
    ['the longest name and the most recipients', { ...draft, name: 'x'.repeat(CAMPAIGN_NAME_MAX), recipientCount: MAX_RECIPIENTS }, { ...draft, name: 'x'.repeat(CAMPAIGN_NAME_MAX), recipientCount: MAX_RECIPIENTS }],
    ['one recipient on Assisted', { ...draft, channel: 'assisted', recipientCount: 1, promotional: false }, { ...draft, channel: 'assisted', recipientCount: 1, promotional: false }],
    [
      'every optional field',
      { ...draft, channel: 'sandbox', contentB: { kind: 'text', body: 'B' }, test: false, draftRef: 'draft_7', source: { kind: 'cli', key: 'abcdef12' } },
      { ...draft, channel: 'sandbox', contentB: { kind: 'text', body: 'B' }, test: false, draftRef: 'draft_7', source: { kind: 'cli', key: 'abcdef12' } },
    ],
  ],
  [
    ['nothing', null, undefined, 'A campaign must be an object.'],
    ['a list', [draft], undefined, 'A campaign must be an object.'],
    ['a field it does not know', { ...draft, budget: 10 }, 'budget', 'Unknown field "budget".'],
    ['no name', { ...draft, name: ' ' }, 'name', 'name is required.'],
    ['a name that is too long', { ...draft, name: 'x'.repeat(CAMPAIGN_NAME_MAX + 1) }, 'name', `name is longer than ${CAMPAIGN_NAME_MAX} characters.`],
    ['a channel it does not know', { ...draft, channel: 'sms' }, 'channel', 'channel must be one of: cloud, assisted, sandbox.'],
    ['no content', { ...draft, content: undefined }, 'content', 'content must be an object.'],
    ['content that does not parse', { ...draft, content: { kind: 'text', body: '' } }, 'content.body', 'content.body is required.'],
    ['promotional as a word', { ...draft, promotional: 'yes' }, 'promotional', 'promotional must be true or false.'],
    ['no recipients', { ...draft, recipientCount: 0 }, 'recipientCount', 'A campaign has 1 to 100,000 recipients.'],
    ['too many recipients', { ...draft, recipientCount: MAX_RECIPIENTS + 1 }, 'recipientCount', 'A campaign has 1 to 100,000 recipients.'],
    ['part of a recipient', { ...draft, recipientCount: 2.5 }, 'recipientCount', 'A campaign has 1 to 100,000 recipients.'],
    ['a count as text', { ...draft, recipientCount: '40' }, 'recipientCount', 'A campaign has 1 to 100,000 recipients.'],
    ['version B that does not parse', { ...draft, contentB: { kind: 'video' } }, 'contentB', 'contentB.kind must be text, media or template.'],
    ['test as a word', { ...draft, test: 'no' }, 'test', 'test must be true or false.'],
    ['a draft ref with a slash', { ...draft, draftRef: 'a/b' }, 'draftRef', 'draftRef must be an id.'],
    ['a source that is not the CLI’s', { ...draft, source: { kind: 'app', key: 'abcdef12' } }, 'source', 'source must be { kind: "cli", key }.'],
  ],
);

describe('parseCampaignSource (journals and the app’s own campaigns have none: undefined, never an error)', () => {
  const cases: [string, unknown, CampaignSource | undefined][] = [
    ['the CLI’s key', { kind: 'cli', key: 'abcdef12' }, { kind: 'cli', key: 'abcdef12' }],
    ['a 64-digit key', { kind: 'cli', key: 'f'.repeat(64) }, { kind: 'cli', key: 'f'.repeat(64) }],
    ['more fields are dropped', { kind: 'cli', key: 'abcdef12', at: 3 }, { kind: 'cli', key: 'abcdef12' }],
    ['a key that is too short', { kind: 'cli', key: 'abcdef1' }, undefined],
    ['a key that is too long', { kind: 'cli', key: 'f'.repeat(65) }, undefined],
    ['capital hex', { kind: 'cli', key: 'ABCDEF12' }, undefined],
    ['another kind', { kind: 'app', key: 'abcdef12' }, undefined],
    ['no key', { kind: 'cli' }, undefined],
    ['nothing', undefined, undefined],
  ];
  it.each(cases)('%s', (_why, input, expected) => expect(parseCampaignSource(input)).toStrictEqual(expected));
});

const KIM = { ref: 'contact_1', phone: '+821012345678' } as const;
const recipients = (...list: unknown[]) => ({ id: 'c1', recipients: list });

// Night-time consent's accepted values are in electron/services/nightConsent.test.ts.
parserTable(
  'parseAddRecipients',
  parseAddRecipients,
  [
    ['one recipient', recipients(KIM), { id: 'c1', recipients: [{ ...KIM }] }],
    [
      'variables, a variant and night-time consent',
      recipients({ ...KIM, vars: { name: 'Kim', shop_2: '미나 꽃집' }, variant: 'B', nightConsent: true }, { ref: 'contact_2', phone: '+85291234567', variant: 'A' }),
      { id: 'c1', recipients: [{ ...KIM, vars: { name: 'Kim', shop_2: '미나 꽃집' }, variant: 'B', nightConsent: true }, { ref: 'contact_2', phone: '+85291234567', variant: 'A' }] },
    ],
    ['a full chunk', recipients(...Array(RECIPIENT_CHUNK_MAX).fill(KIM)), { id: 'c1', recipients: Array(RECIPIENT_CHUNK_MAX).fill({ ...KIM }) }],
    // Issue 13 point 1: a person known only by their WhatsApp user id (BSUID), or by both.
    ['a user id alone', recipients({ ref: 'contact_3', userId: 'KR.1349876543210' }), { id: 'c1', recipients: [{ ref: 'contact_3', userId: 'KR.1349876543210' }] }],
    ['a user id beside the phone', recipients({ ...KIM, userId: 'KR.1349876543210' }), { id: 'c1', recipients: [{ ...KIM, userId: 'KR.1349876543210' }] }],
    ['a linked portfolio’s user id', recipients({ ref: 'contact_4', userId: 'TW.ENT.88aa77' }), { id: 'c1', recipients: [{ ref: 'contact_4', userId: 'TW.ENT.88aa77' }] }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { id, recipients }.'],
    ['a field it does not know', { ...recipients(KIM), seal: true }, 'seal', 'Unknown field "seal".'],
    ['a bad campaign id', { id: '', recipients: [KIM] }, 'id', 'id must be an id.'],
    ['no recipients', recipients(), 'recipients', 'recipients must be a list of 1 to 5,000.'],
    ['more than a chunk', recipients(...Array(RECIPIENT_CHUNK_MAX + 1).fill(KIM)), 'recipients', 'recipients must be a list of 1 to 5,000.'],
    ['recipients that are not a list', { id: 'c1', recipients: KIM }, 'recipients', 'recipients must be a list of 1 to 5,000.'],
    ['a recipient that is not an object', recipients('+821012345678'), 'recipients[0]', 'recipients[0] must be an object.'],
    ['a bad contact ref', recipients({ ...KIM, ref: 'a b' }), 'recipients[0].ref', 'recipients[0].ref must be an id.'],
    ['a local number (second recipient)', recipients(KIM, { ...KIM, phone: '01012345678' }), 'recipients[1]', 'recipients[1].phone must be an E.164 number.'],
    ['neither a phone nor a user id', recipients({ ref: 'contact_3' }), 'recipients[0]', 'recipients[0] needs a phone or a WhatsApp user id.'],
    ['a user id in the phone field', recipients({ ref: 'contact_3', phone: 'KR.1349876543210' }), 'recipients[0]', 'recipients[0].phone must be an E.164 number.'],
    ['a phone in the user id field', recipients({ ref: 'contact_3', userId: '+821012345678' }), 'recipients[0]', 'recipients[0].userId must be a WhatsApp user id.'],
    ['a user id with a lower-case country', recipients({ ref: 'contact_3', userId: 'kr.1349876543210' }), 'recipients[0]', 'recipients[0].userId must be a WhatsApp user id.'],
    ['a user id that is too long', recipients({ ref: 'contact_3', userId: `KR.${'1'.repeat(129)}` }), 'recipients[0]', 'recipients[0].userId must be a WhatsApp user id.'],
    ['a user id as a number', recipients({ ...KIM, userId: 1349876543210 }), 'recipients[0]', 'recipients[0].userId must be a WhatsApp user id.'],
    ['variables that are a list', recipients({ ...KIM, vars: ['Kim'] }), 'recipients[0]', 'recipients[0].vars must be an object.'],
    ['a variable name with a dash', recipients({ ...KIM, vars: { 'first-name': 'Kim' } }), 'recipients[0]', 'recipients[0].vars must map short names to text.'],
    ['a variable name in Hangul (names are ASCII word characters, as render.ts reads them)', recipients({ ...KIM, vars: { 가게: 'Mina' } }), 'recipients[0]', 'recipients[0].vars must map short names to text.'],
    ['a variable that is a number', recipients({ ...KIM, vars: { n: 3 } }), 'recipients[0]', 'recipients[0].vars must map short names to text.'],
    ['a variable that is too long', recipients({ ...KIM, vars: { note: 'x'.repeat(1_001) } }), 'recipients[0]', 'recipients[0].vars must map short names to text.'],
    ['51 variables', recipients({ ...KIM, vars: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, 'x'])) }), 'recipients[0]', 'recipients[0].vars must map short names to text.'],
    ['a variant C', recipients({ ...KIM, variant: 'C' }), 'recipients[0]', 'recipients[0].variant must be A or B.'],
    ['night-time consent as a word', recipients({ ...KIM, nightConsent: 'yes' }), 'recipients[0]', 'recipients[0].nightConsent must be true or false.'],
  ],
);

parserTable(
  'parseSchedule',
  parseSchedule,
  [
    ['a time', { id: 'c1', at: 1_767_225_600_000 }, { id: 'c1', at: 1_767_225_600_000 }],
    ['the epoch', { id: 'c1', at: 0 }, { id: 'c1', at: 0 }],
    ['null unschedules', { id: 'c1', at: null }, { id: 'c1', at: null }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { id, at }.'],
    ['a bad id', { id: 'c/1', at: 0 }, 'id', 'id must be an id.'],
    ['no time', { id: 'c1' }, 'at', 'at must be a time in milliseconds, or null.'],
    ['a time before 1970', { id: 'c1', at: -1 }, 'at', 'at must be a time in milliseconds, or null.'],
    ['part of a millisecond', { id: 'c1', at: 1.5 }, 'at', 'at must be a time in milliseconds, or null.'],
    ['a date as text', { id: 'c1', at: '2026-01-01T00:00:00Z' }, 'at', 'at must be a time in milliseconds, or null.'],
  ],
);

parserTable(
  'parseJobsQuery',
  parseJobsQuery,
  [
    ['an id alone: from rev 0, 5,000 at a time', { id: 'c1' }, { id: 'c1', sinceRev: 0, limit: 5_000 }],
    ['a rev and the largest page', { id: 'c1', sinceRev: 7, limit: 10_000 }, { id: 'c1', sinceRev: 7, limit: 10_000 }],
    ['the smallest page', { id: 'c1', limit: 1 }, { id: 'c1', sinceRev: 0, limit: 1 }],
  ],
  [
    ['nothing', undefined, undefined, 'Expected { id, sinceRev?, limit? }.'],
    ['a field it does not know', { id: 'c1', after: 3 }, 'after', 'Unknown field "after".'],
    ['a bad id', { id: 7 }, 'id', 'id must be an id.'],
    ['a negative rev', { id: 'c1', sinceRev: -1 }, 'sinceRev', 'sinceRev must be a whole number ≥ 0.'],
    ['a rev as text', { id: 'c1', sinceRev: '3' }, 'sinceRev', 'sinceRev must be a whole number ≥ 0.'],
    ['an empty page', { id: 'c1', limit: 0 }, 'limit', 'limit must be 1 to 10,000.'],
    ['a page that is too large', { id: 'c1', limit: 10_001 }, 'limit', 'limit must be 1 to 10,000.'],
    ['part of a page', { id: 'c1', limit: 2.5 }, 'limit', 'limit must be 1 to 10,000.'],
  ],
);

parserTable(
  'parseResolveAmbiguous',
  parseResolveAmbiguous,
  [
    ['it was sent', { id: 'c1', job: 'j1', decision: 'sent' }, { id: 'c1', job: 'j1', decision: 'sent' }],
    ['send it again', { id: 'c1', job: 'j1', decision: 'send_again' }, { id: 'c1', job: 'j1', decision: 'send_again' }],
  ],
  [
    ['nothing', null, undefined, 'Expected { id, job, decision }.'],
    ['a bad campaign id', { id: '', job: 'j1', decision: 'sent' }, 'id', 'id must be an id.'],
    ['no job', { id: 'c1', decision: 'sent' }, 'job', 'job must be an id.'],
    ['a decision it does not know', { id: 'c1', job: 'j1', decision: 'resend' }, 'decision', 'decision must be one of: sent, send_again.'],
  ],
);

describe('handledCount', () => {
  const zero: CampaignCounts = { total: 0, queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
  const cases: [string, Partial<CampaignCounts>, number][] = [
    ['nothing yet', { total: 40, queued: 40 }, 0],
    ['sent, failed, skipped and unsure count; queued and sending do not', { total: 40, queued: 5, attempting: 1, accepted: 20, failed: 6, skipped: 4, ambiguous: 4 }, 34],
    ['delivery steps are not counted again', { total: 2, accepted: 2, sent: 2, delivered: 2, read: 1, deliveryFailed: 0 }, 2],
  ];
  it.each(cases)('%s', (_why, counts, handled) => expect(handledCount({ ...zero, ...counts })).toBe(handled));
});

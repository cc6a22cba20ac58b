import { describe, expect, it } from 'vitest';
import type { CampaignDraft } from '../../../../shared/domain/campaign/draft';
import type { CampaignContact } from '../../../../shared/domain/campaign/render';
import { buildRecipients } from './buildRecipients';

const contact = (id: number, name: string, phone: string): CampaignContact => ({
  id,
  name,
  phone,
  labelIds: [],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: 1,
  notes: '',
  lastInteractionAt: 1,
});

const draft = (patch: Partial<CampaignDraft> = {}): CampaignDraft => ({
  name: 'Sale',
  channel: 'sandbox',
  promotional: true,
  message: { kind: 'text', body: 'Hi {name}, from {shop}' },
  fallbacks: { name: '고객' },
  scheduledAt: null,
  excludedContactIds: [],
  ...patch,
});

const ctx = { shopName: 'Mina Flowers', labelNames: new Map<number, string>() };

describe('buildRecipients', () => {
  it('addresses a contact without a phone by its WhatsApp user id, once per id, and leaves out one with neither', () => {
    const { phone: _p, ...noPhone } = contact(7, 'Mina', '');
    const people: CampaignContact[] = [contact(1, 'Joon', '+821011110001'), { ...noPhone, userId: 'KR.1349' }, { ...noPhone, id: 8, userId: 'KR.1349' }, { ...noPhone, id: 9 }, { ...contact(10, 'Both', '+821011110010'), userId: 'KR.55' }];
    const out = buildRecipients(draft({ message: { kind: 'text', body: 'Hi {name}' } }), people, ctx, { abTest: false, seed: 'd1' });
    expect(out.map(({ vars: _v, ...r }) => r)).toEqual([{ ref: '1', phone: '+821011110001' }, { ref: '7', userId: 'KR.1349' }, { ref: '10', phone: '+821011110010', userId: 'KR.55' }]);
    // The test group's ids are not messaged again either.
    expect(buildRecipients(draft(), people, ctx, { abTest: false, seed: 'd1', leaveOut: new Set([7]) }).map((r) => r.ref)).toEqual(['1', '10']);
  });

  const people = [contact(1, 'Mina', '+821011110001'), contact(2, '', '+821011110002'), contact(3, 'Dup', '+821011110001'), contact(4, 'Joon', '+821011110004')];

  it('resolves variables with fallbacks, one per number, leaving out exclusions and the test group', () => {
    const out = buildRecipients(draft({ excludedContactIds: [4] }), people, ctx, { abTest: false, seed: 'd1' });
    expect(out).toEqual([
      { ref: '1', phone: '+821011110001', vars: { name: 'Mina', shop: 'Mina Flowers' } },
      { ref: '2', phone: '+821011110002', vars: { name: '고객', shop: 'Mina Flowers' } },
    ]);
    expect(buildRecipients(draft(), people, ctx, { abTest: false, seed: 'd1', leaveOut: new Set([1]) }).map((r) => r.ref)).toEqual(['2', '4']);
    expect(buildRecipients(draft(), people, ctx, { abTest: false, seed: 'd1', only: new Set([4]) }).map((r) => r.ref)).toEqual(['4']);
  });

  it('A/B: each recipient gets a version, the split is stable for a draft and roughly even', () => {
    const many = Array.from({ length: 2000 }, (_, i) => contact(i + 1, `P${i}`, `+8210${String(20000000 + i)}`));
    const d = draft({ messageB: { kind: 'text', body: 'Hello {name}!' } });
    const a = buildRecipients(d, many, ctx, { abTest: true, seed: 'draft-x' });
    const b = buildRecipients(d, many, ctx, { abTest: true, seed: 'draft-x' });
    expect(a).toEqual(b);
    const bs = a.filter((r) => r.variant === 'B');
    expect(bs.length).toBeGreaterThan(900);
    expect(bs.length).toBeLessThan(1100);
    expect(bs[0]?.vars).toEqual({ name: bs[0]?.vars?.name });
    expect(a.find((r) => r.variant === 'A')?.vars?.shop).toBe('Mina Flowers');
  });

  it('template parameters from fields become p1, p2… with flattened values and fallbacks', () => {
    const d = draft({ channel: 'cloud', message: { kind: 'template', name: 'sale', language: 'ko', params: [{ kind: 'field', field: 'name', fallback: '고객' }, { kind: 'fixed', value: '20%' }] } });
    const out = buildRecipients(d, [contact(1, 'Mina\nKim', '+821011110001'), contact(2, '', '+821011110002')], ctx, { abTest: false, seed: 's' });
    expect(out.map((r) => r.vars)).toEqual([{ p1: 'Mina Kim' }, { p1: '고객' }]);
  });

  it('marks a promotion’s recipients with a night-time consent valid at the start, for main’s pacer', () => {
    const at = Date.UTC(2026, 11, 1, 13);
    const people = [
      { ...contact(1, 'A', '+821011110001'), nightConsent: { at: at - 86_400_000, source: 'in_store' } },
      contact(2, 'B', '+821011110002'),
      { ...contact(3, 'C', '+821011110003'), nightConsent: { at: at - 3 * 365 * 86_400_000, source: 'in_store' } }, // too old
      { ...contact(4, 'D', '+821011110004'), nightConsent: { at: at + 86_400_000, source: 'in_store' } }, // not yet given
    ];
    const out = buildRecipients(draft(), people, ctx, { abTest: false, seed: 's', at });
    expect(out.map((r) => r.nightConsent)).toEqual([true, undefined, undefined, undefined]);
    expect(buildRecipients(draft({ promotional: false }), people, ctx, { abTest: false, seed: 's', at }).some((r) => r.nightConsent)).toBe(false);
    expect(buildRecipients(draft(), people, ctx, { abTest: false, seed: 's' }).some((r) => r.nightConsent)).toBe(false);
  });
});

describe('a contact’s WhatsApp user id (issue 13 point 1)', () => {
  it('travels beside the number, so main checks suppression under both; a contact without one sends the number alone', () => {
    const withId = { ...contact(1, 'Mina', '+821012345678'), userId: 'KR.1349876543210' };
    const without = contact(2, 'Joon', '+821022223333');
    const out = buildRecipients(draft(), [withId, without], ctx, { abTest: false, seed: 'd1' });
    expect(out.map((r) => [r.phone, r.userId])).toEqual([
      ['+821012345678', 'KR.1349876543210'],
      ['+821022223333', undefined],
    ]);
  });
});

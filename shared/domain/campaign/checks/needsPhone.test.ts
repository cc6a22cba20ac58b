/**
 * Recipients known only by their WhatsApp user id (DOMAIN.md §2 "Identity"): the Cloud API reaches them by the id,
 * Assisted (wa.me) and authentication templates cannot, so the checklist names them there, with a fix leaving them out.
 */
import { describe, expect, it } from 'vitest';
import { runChecklist } from '../checklist';
import { APPROVED, contact, draft, input, phoneless } from '../testFixtures';
import type { CampaignDraft } from '../draft';
import type { TemplateInfo } from '../../template';

const AUTH: TemplateInfo = { ...APPROVED, name: 'login_code', category: 'AUTHENTICATION', body: 'Your code is {{1}}.', bodyParams: 1, footer: undefined };
const text: Partial<CampaignDraft> = {};
const auth: Partial<CampaignDraft> = { message: { kind: 'template', name: 'login_code', language: 'ko', params: [{ kind: 'fixed', value: '123456' }] }, promotional: false };

describe('needs_phone', () => {
  it.each<[string, Partial<CampaignDraft>, number, { level: string; key: string; count: number } | undefined]>([
    ['Assisted, two without a phone: warned, both named', { ...text, channel: 'assisted' }, 2, { level: 'warn', key: 'checklist.needs_phone.assisted', count: 2 }],
    ['Assisted, everyone has a phone: nothing said', { ...text, channel: 'assisted' }, 0, undefined],
    ['Cloud text: the user id is the address, nothing said', { ...text, channel: 'cloud' }, 2, undefined],
    ['Sandbox: nothing said', { ...text, channel: 'sandbox' }, 2, undefined],
    ['Cloud authentication template: warned', { ...auth, channel: 'cloud' }, 1, { level: 'warn', key: 'checklist.needs_phone.authentication', count: 1 }],
  ])('%s', (_, over, withoutPhone, want) => {
    const recipients = [...Array.from({ length: 5 }, (_, i) => contact(i)), ...Array.from({ length: withoutPhone }, (_, i) => phoneless(100 + i))];
    const { results } = runChecklist(input({ draft: draft(over), recipients, templates: [APPROVED, AUTH] }));
    const r = results.find((x) => x.rule === 'needs_phone');
    if (!want) return expect(r).toBeUndefined();
    expect({ level: r?.level, key: r?.reason.key, count: r?.reason.params.count }).toEqual(want);
    expect(r?.fix).toEqual({ id: 'exclude', params: { reason: 'needs_phone', count: withoutPhone, contactIds: recipients.slice(5).map((c) => c.id) } });
  });

  it('counts a user-id recipient like any other: in the total, not as an invalid number, and a second one with the same id is a duplicate', () => {
    const twin = { ...phoneless(100), id: 999 };
    const { results } = runChecklist(input({ draft: draft({ channel: 'cloud' }), recipients: [contact(0), phoneless(100), twin] }));
    expect(results.find((x) => x.rule === 'recipients')?.reason.params.count).toBe(3);
    expect(results.find((x) => x.rule === 'invalid_numbers')?.reason.params.count).toBe(0);
    expect(results.find((x) => x.rule === 'duplicates')?.fix).toMatchObject({ params: { contactIds: [999] } });
  });
});

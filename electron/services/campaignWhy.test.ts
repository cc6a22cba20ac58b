import { describe, expect, it } from 'vitest';
import { templateChangeWhy } from './campaignWhy';

const T = { name: 'spring_sale', language: 'ko' };

describe('templateChangeWhy: which template webhooks pause the campaigns that use it', () => {
  it.each([
    // change, status/category, previous from the webhook, category main knew, expected code (undefined: no pause)
    ['status', { status: 'PAUSED' }, undefined, 'template_paused'],
    ['status', { status: 'DISABLED' }, undefined, 'template_paused'],
    ['status', { status: 'REJECTED' }, undefined, 'template_paused'],
    ['status', { status: 'PENDING_DELETION' }, undefined, 'template_paused'],
    ['status', { status: 'paused' }, undefined, 'template_paused'],
    ['status', { status: 'APPROVED' }, undefined, undefined],
    ['status', { status: 'PENDING' }, undefined, undefined],
    ['status', { status: 'IN_APPEAL' }, undefined, undefined],
    ['category', { category: 'MARKETING', previousCategory: 'UTILITY' }, undefined, 'template_recategorised'],
    ['category', { category: 'MARKETING' }, 'UTILITY', 'template_recategorised'],
    ['category', { category: 'MARKETING', previousCategory: 'UTILITY' }, 'MARKETING', undefined], // main already billed it so
    ['category', { category: 'MARKETING' }, undefined, 'template_recategorised'], // nothing to compare with: taken at its word
    ['category', { category: 'UTILITY', previousCategory: 'UTILITY' }, undefined, undefined],
    ['quality', { quality: 'RED' }, undefined, undefined],
  ] as const)('%s %j (main knew %s) → %s', (change, fields, billedAs, code) => {
    const why = templateChangeWhy({ change, ...fields }, T, billedAs);
    expect(why?.whyCode.code).toBe(code);
  });

  it('names the template, its language and the new status or category in the code and in main’s English', () => {
    expect(templateChangeWhy({ change: 'status', status: 'disabled' }, T)).toEqual({
      whyCode: { code: 'template_paused', params: { template: 'spring_sale', language: 'ko', status: 'DISABLED' } },
      why: 'Campaign paused: WhatsApp marked its template “spring_sale” (ko) as DISABLED. Check the template in WhatsApp Manager or pick another one, then resume.',
    });
    expect(templateChangeWhy({ change: 'category', category: 'MARKETING' }, { name: 'order_ready' }, 'UTILITY')).toEqual({
      whyCode: { code: 'template_recategorised', params: { template: 'order_ready', category: 'MARKETING' } },
      why: 'Campaign paused: WhatsApp now bills its template “order_ready” as MARKETING. Check the price before resuming.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../../shared/domain/phone';
import { defaultSettingsForLocale, parseSettingsPatch } from '../../../../shared/domain/settings';
import { afterSetup, answersFrom, countryExample, finishPatch, nextStep, previousStep, SETUP_STEPS, SKIP_PATCH } from './setupFlow';

describe('the setup steps', () => {
  it('asks the language first, then the shop, then how it sends', () => {
    expect(SETUP_STEPS).toEqual(['language', 'shop', 'sending']);
    expect(nextStep('language')).toBe('shop');
    expect(nextStep('shop')).toBe('sending');
    expect(nextStep('sending')).toBeUndefined();
    expect(previousStep('language')).toBeUndefined();
    expect(previousStep('sending')).toBe('shop');
  });
});

describe('what the setup saves', () => {
  it('starts from the saved settings (the locale defaults on a first run)', () => {
    expect(answersFrom(defaultSettingsForLocale('en-US'))).toEqual({ language: 'en', shopName: '', defaultCountry: 'US', sendingChannel: 'sandbox' });
  });

  it('finishing saves every answer and marks the setup done, as a patch main accepts', () => {
    const patch = finishPatch({ language: 'ko', shopName: '  민지 꽃집 ', defaultCountry: 'TW', sendingChannel: 'assisted' });
    expect(patch).toEqual({ language: 'ko', shopName: '민지 꽃집', defaultCountry: 'TW', sendingChannel: 'assisted', setupDone: true });
    expect(parseSettingsPatch(patch)).toEqual({ ok: true, value: patch });
  });

  it('skipping only records that it was skipped, so the locale defaults stay', () => {
    expect(SKIP_PATCH).toEqual({ setupDone: true });
    expect(parseSettingsPatch(SKIP_PATCH)).toEqual({ ok: true, value: { setupDone: true } });
  });
});

describe('after the setup', () => {
  it.each([
    ['cloud', 'connect', 'setup.doneCloud'],
    ['sandbox', 'contacts', 'setup.doneSandbox'],
    ['assisted', 'contacts', 'setup.done'],
  ] as const)('%s leads to %s and says %s', (channel, screen, message) => {
    expect(afterSetup(channel)).toEqual({ screen, message });
  });
});

describe('the default country, explained with an example', () => {
  it.each([
    ['KR', '82'],
    ['TW', '886'],
    ['US', '1'],
    ['HK', '852'],
  ] as const)('%s: +%s, and the local example is saved as its international form', (country, code) => {
    const example = countryExample(country);
    expect(example?.code).toBe(code);
    expect(example?.international.startsWith(`+${code} `)).toBe(true);
    // What the sentence promises is what the contact dialog does: the local form read with this country.
    const read = normalizePhone(example?.local ?? '', country);
    expect(read.ok && read.country).toBe(country);
    expect(read.ok && normalizePhone(example?.international ?? '', 'US')).toMatchObject({ ok: true, e164: read.ok ? read.e164 : '' });
  });

  it('a Korean mobile is written the Korean way', () => {
    expect(countryExample('KR')).toEqual({ code: '82', local: '010-2000-0000', international: '+82 10 2000 0000' });
  });
});

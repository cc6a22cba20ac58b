/**
 * The first-run setup's steps and what each answer becomes, without React, so the rules are unit-tested: the
 * answers it saves, where the person lands afterwards, and the example that explains the default country.
 */
import { getCountryCallingCode, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { CountryCode } from '../../../../shared/domain/phone';
import type { Language, SendingChannel, Settings, SettingsPatch } from '../../../../shared/domain/settings';
import type { Screen } from '../../store/navigationSlice';

/** Language first: every later step is then read in the chosen language. */
export const SETUP_STEPS = ['language', 'shop', 'sending'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface SetupAnswers {
  language: Language;
  shopName: string;
  defaultCountry: CountryCode;
  sendingChannel: SendingChannel;
}

/** The setup starts from what is saved: the locale defaults on a first run, the shop's own answers when run again. */
export function answersFrom(settings: Settings): SetupAnswers {
  return {
    language: settings.language,
    shopName: settings.shopName,
    defaultCountry: settings.defaultCountry,
    sendingChannel: settings.sendingChannel,
  };
}

/** Finishing saves every answer and marks the setup done, in one change (a half-saved setup is never left). */
export function finishPatch(answers: SetupAnswers): SettingsPatch {
  return { ...answers, shopName: answers.shopName.trim(), setupDone: true };
}

/** Skipping keeps the locale defaults and only records that the setup must not open by itself again. */
export const SKIP_PATCH: SettingsPatch = { setupDone: true };

export function stepIndex(step: SetupStep): number {
  return SETUP_STEPS.indexOf(step);
}

export function nextStep(step: SetupStep): SetupStep | undefined {
  return SETUP_STEPS[stepIndex(step) + 1];
}

export function previousStep(step: SetupStep): SetupStep | undefined {
  const i = stepIndex(step);
  return i > 0 ? SETUP_STEPS[i - 1] : undefined;
}

/**
 * Where the setup leads, and what it says: the Cloud API needs its account details next, so it opens the WhatsApp
 * connection screen; the Sandbox says once more that nothing reaches real phones.
 */
export function afterSetup(channel: SendingChannel): { screen: Screen; message: 'setup.doneCloud' | 'setup.doneSandbox' | 'setup.done' } {
  if (channel === 'cloud') return { screen: 'connect', message: 'setup.doneCloud' };
  if (channel === 'sandbox') return { screen: 'contacts', message: 'setup.doneSandbox' };
  return { screen: 'contacts', message: 'setup.done' };
}

/**
 * What the default country changes, as an example: "+82", and a local mobile number with what it is saved as
 * ("010-1234-5678" → "+82 10 1234 5678"). Undefined only for a country libphonenumber has no example for.
 */
export function countryExample(country: CountryCode): { code: string; local: string; international: string } | undefined {
  const example = getExampleNumber(country, examples);
  if (!example) return undefined;
  return { code: getCountryCallingCode(country), local: example.formatNational(), international: example.formatInternational() };
}

/**
 * Issue 11 (wording and layout) at the shop's usual screen size, 1366x768, in each UI language:
 * - the sending rules' preset list stays inside its card;
 * - a scheduled start is written out in the UI language beside the native date-time field, which Chromium draws in
 *   the browser's own locale (mm/dd/yyyy on a Korean screen), so the person can confirm what they picked.
 * Controls are found by their names in the language on screen, read from the dictionaries the app uses.
 */
import type { Page } from '@playwright/test';
import type { Language } from '../../shared/domain/settings';
import { createTranslator, type TKey } from '../../renderer/src/i18n/index';
import { expect, test } from './fixtures';
import { composeReady, nav, prepareShop } from './shop';

/** 15:00 on Thursday 3 December 2026, two days after the fixture's clock, typed as the field's own value. */
const CHOSEN = '2026-12-03T15:00';

/** The chosen start as it must read in each language (the field's value is local time, so no time zone enters). */
const WRITTEN_OUT: Readonly<Record<Language, RegExp>> = {
  en: /^Starts Thu, December 3, 2026(,| at) 3:00\sPM$/,
  ko: /^시작: 2026년 12월 3일 \(?목\)? 오후 3:00$/,
  'zh-Hant': /^開始：2026年12月3日\s?(\(|（)?週四(\)|）)?\s?下午3:00$/,
};

async function switchLanguage(page: Page, language: Language): Promise<void> {
  await nav(page, 'settings');
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption(language);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('button', { name: createTranslator(language).t('settings.save') })).toBeVisible();
}

for (const language of ['en', 'ko', 'zh-Hant'] as const) {
  test(`${language}: the preset list fits its card, and a chosen start is written out in the UI language`, async ({ page, pageProblems }) => {
    const { t } = createTranslator(language);
    const name = (key: TKey) => t(key);
    await page.setViewportSize({ width: 1366, height: 768 });
    await prepareShop(page, { label: 'VIP', count: 2, phonePrefix: '010-5555-' });
    await composeReady(page, { name: 'Wording', text: '(광고) Hi {name}, new stock is in at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
    await page.getByRole('button', { name: 'Save and close' }).click();
    await switchLanguage(page, language);

    // Settings → sending rules: the preset's list ends inside the card, whatever the length of its options.
    const card = page.getByRole('region', { name: name('policy.title') });
    const preset = card.getByRole('combobox', { name: name('policy.preset'), exact: true });
    await preset.scrollIntoViewIfNeeded();
    // The list names the presets briefly; what the chosen one does is written beneath it, in full.
    await expect(preset).toHaveAccessibleDescription(t('policy.preset.auto'));
    const [cardBox, presetBox] = [await card.boundingBox(), await preset.boundingBox()];
    if (!cardBox || !presetBox) throw new Error('the sending rules card or its preset list is not on screen');
    expect(presetBox.x).toBeGreaterThanOrEqual(cardBox.x);
    expect(presetBox.x + presetBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
    await page.screenshot({ path: `/tmp/shots/wording-settings-${language}.png` });
    await card.getByRole('table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/wording-settings-table-${language}.png` });
    await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/wording-settings-top-${language}.png` });

    // The wizard, back on the saved draft.
    await nav(page, 'wizard');
    await page.getByRole('button', { name: 'Wording', exact: true }).click();
    const steps = page.getByRole('list', { name: name('wizard.steps') });
    await steps.getByRole('button', { name: name('wizard.step.audience') }).click();
    await expect(page.getByRole('group', { name: name('wizard.labelsAny') })).toBeVisible();
    await page.screenshot({ path: `/tmp/shots/wording-audience-${language}.png` });

    await steps.getByRole('button', { name: name('wizard.step.message') }).click();
    await expect(page.getByRole('textbox', { name: name('wizard.name') })).toHaveValue('Wording');
    await page.screenshot({ path: `/tmp/shots/wording-message-${language}.png` });

    await steps.getByRole('button', { name: name('wizard.step.checklist') }).click();
    await expect(page.getByRole('list', { name: name('wizard.step.checklist') })).toBeVisible();
    await page.screenshot({ path: `/tmp/shots/wording-checklist-${language}.png` });

    await steps.getByRole('button', { name: name('wizard.step.send') }).click();
    await page.getByRole('radio', { name: name('wizard.later') }).check();
    const when = page.getByLabel(name('wizard.at'), { exact: true });
    await expect(when).toHaveAttribute('lang', language);
    await when.fill(CHOSEN);
    await expect(page.getByText(WRITTEN_OUT[language])).toBeVisible();
    // It is the field's description too, so a screen reader says it with the field.
    await expect(when).toHaveAccessibleDescription(WRITTEN_OUT[language]);
    await page.screenshot({ path: `/tmp/shots/wording-send-${language}.png` });
    expect(pageProblems).toEqual([]);
  });
}

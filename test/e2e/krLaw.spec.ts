/**
 * Korean law for promotions to +82 numbers (DOMAIN.md §2b), in the wizard's checklist on the fixture's clock:
 * - a promotion without "(광고)" at the start is blocked, with the law named; the one-click fix adds it and the block
 *   is gone (in English, Korean and Traditional Chinese, with screenshots at 1366x768);
 * - at 22:00 in Seoul a lawful promotion is blocked for the night (21:00–08:00 needs a night-time consent nobody has
 *   here); "Start at 08:00" clears it, and leaving the +82 people out is offered too;
 * - a contact given night-time consent in the contact dialog is not blocked at 22:00: the block names only the others,
 *   and leaving those out clears it (en, ko, zh-Hant, screenshots of the dialog and the checklist at 1366x768).
 */
import type { Page } from '@playwright/test';
import type { Language } from '../../shared/domain/settings';
import { createTranslator } from '../../renderer/src/i18n/index';
import { expect, test } from './fixtures';
import { contactRow, nav, prepareShop } from './shop';

const WITHOUT_LABEL = 'Hi {name}, the winter sale starts today at {shop}. STOP 회신 시 수신 거부';
const LAWFUL = `(광고) ${WITHOUT_LABEL}`;

/** Audience (the label) and the message, in English, up to the checklist. */
async function toChecklist(page: Page, name: string, text: string): Promise<void> {
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(name);
  await page.getByRole('textbox', { name: 'Text' }).fill(text);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('list', { name: 'Checklist' })).toBeVisible();
}

/** Saves the draft, switches the UI language, and opens the draft's checklist again. */
async function reopenIn(page: Page, language: Language, draftName: string): Promise<void> {
  const { t } = createTranslator(language);
  await page.getByRole('button', { name: 'Save and close' }).click();
  await nav(page, 'settings');
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption(language);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('button', { name: t('settings.save') })).toBeVisible();
  await nav(page, 'wizard');
  await page.getByRole('button', { name: draftName, exact: true }).click();
  await page.getByRole('list', { name: t('wizard.steps') }).getByRole('button', { name: t('wizard.step.checklist') }).click();
  await expect(page.getByRole('list', { name: t('wizard.step.checklist') })).toBeVisible();
}

for (const language of ['en', 'ko', 'zh-Hant'] as const) {
  test(`${language}: a promotion to +82 numbers without “(광고)” is blocked, and the one-click fix clears it`, async ({ page, pageProblems }) => {
    const { t } = createTranslator(language);
    await page.setViewportSize({ width: 1366, height: 768 });
    await prepareShop(page, { label: 'Seoul', count: 3, phonePrefix: '010-7070-' });
    await toChecklist(page, 'Winter promo', WITHOUT_LABEL);
    if (language !== 'en') await reopenIn(page, language, 'Winter promo');

    const checklist = page.getByRole('list', { name: t('wizard.step.checklist') });
    const blocks = checklist.locator('.check-block');
    // The one block: Korean law, for the 3 recipients with +82 numbers.
    await expect(blocks).toHaveCount(1);
    await expect(blocks).toContainText(t('checklist.kr_ad_label.missing', { count: 3 }));
    if (language === 'en') await expect(blocks).toContainText('Korean law for +82 numbers (3 recipients): a promotion must start with “(광고)”');
    await page.screenshot({ path: `/tmp/shots/krlaw-${language}.png` });

    await blocks.getByRole('button', { name: t('wizard.fix.add_ad_label') }).click();
    await expect(blocks).toHaveCount(0);
    await expect(checklist.getByText(t('checklist.kr_ad_label.ok'))).toBeVisible();
    // The fix wrote "(광고) " at the start of the message itself.
    await page.getByRole('list', { name: t('wizard.steps') }).getByRole('button', { name: t('wizard.step.message') }).click();
    await expect(page.getByRole('textbox', { name: t('wizard.body') })).toHaveValue(LAWFUL);
    expect(pageProblems).toEqual([]);
  });
}

test.describe('at 22:00 in Seoul', () => {
  test.use({ clockStart: '2026-12-01T22:00:00+09:00' });

  test('a lawful promotion to +82 numbers is blocked for the night; “Start at 08:00” clears it', async ({ page, pageProblems }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await prepareShop(page, { label: 'Night owls', count: 3, phonePrefix: '010-7171-' });
    await toChecklist(page, 'Late promo', LAWFUL);

    const checklist = page.getByRole('list', { name: 'Checklist' });
    const blocks = checklist.locator('.check-block');
    await expect(blocks).toHaveCount(1);
    await expect(blocks).toContainText(
      'Korean law for +82 numbers: advertising between 21:00 and 08:00 Korea time needs each person’s separate night-time consent, and Shopcast does not have it for 3 people.',
    );
    // The next 08:00 in Seoul (the browser's zone is Seoul: see playwright.config.ts), and leaving them out.
    const startAtEight = blocks.getByRole('button', { name: /^Start at Dec 2, 2026, 8:00\sAM$/ });
    await expect(startAtEight).toBeVisible();
    await expect(blocks.getByRole('button', { name: 'Leave these 3 people out' })).toBeVisible();
    await page.screenshot({ path: '/tmp/shots/krlaw-night-en.png' });

    await startAtEight.click();
    await expect(blocks).toHaveCount(0);
    await expect(checklist.getByText('Korean law for +82 numbers: no promotion reaches them between 21:00 and 08:00 Korea time.')).toBeVisible();
    expect(pageProblems).toEqual([]);
  });
});

test.describe('at 22:00 in Seoul, with night-time consent', () => {
  test.use({ clockStart: '2026-12-01T22:00:00+09:00' });

  for (const language of ['en', 'ko', 'zh-Hant'] as const) {
    test(`${language}: a contact with night-time consent is not blocked; the others can be left out`, async ({ page, pageProblems }) => {
      const { t } = createTranslator(language);
      await page.setViewportSize({ width: 1366, height: 768 });
      await prepareShop(page, { label: 'Night owls', count: 3, phonePrefix: '010-7272-' });

      // The first contact agrees to promotions at night (recorded today, in store).
      await contactRow(page, 'Night owls 1').click();
      const dialog = page.getByRole('dialog', { name: 'Edit contact' });
      await dialog.getByRole('checkbox', { name: 'Agreed to promotions at night (21:00–08:00 Korea time)' }).check();
      await expect(dialog.getByLabel('Night-time consent given on')).toHaveValue('2026-12-01');
      await dialog.getByLabel('Where they agreed to it').fill('In store');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();

      await toChecklist(page, 'Night promo', LAWFUL);
      if (language !== 'en') await reopenIn(page, language, 'Night promo');
      const checklist = page.getByRole('list', { name: t('wizard.step.checklist') });
      const blocks = checklist.locator('.check-block');
      await expect(blocks).toHaveCount(1);
      await expect(blocks).toContainText(t('checklist.kr_night.atNightSome', { count: 2, consented: 1 }));
      if (language === 'en') await expect(blocks).toContainText('1 of them gave it, 2 people did not.');
      await page.screenshot({ path: `/tmp/shots/krlaw-night-consent-${language}.png` });

      // Leaving out the two without consent clears the night block; the one with consent stays in.
      await blocks.getByRole('button', { name: t('wizard.fix.exclude', { count: 2 }) }).click();
      await expect(blocks).toHaveCount(0);
      await expect(checklist.getByText(t('checklist.kr_night.allConsented', { count: 1 }))).toBeVisible();

      // The contact dialog in this language, showing the consent with its day and source.
      await page.getByRole('button', { name: t('wizard.close') }).click();
      await nav(page, 'contacts');
      await page.getByRole('grid', { name: t('contacts.list') }).getByRole('row').filter({ hasText: 'Night owls 1' }).click();
      const edit = page.getByRole('dialog', { name: t('contactDialog.titleEdit') });
      await expect(edit.getByRole('checkbox', { name: t('contactDialog.nightConsent') })).toBeChecked();
      await expect(edit.getByLabel(t('contactDialog.nightConsentSource'))).toHaveValue(t('optInSource.in_store'));
      await page.screenshot({ path: `/tmp/shots/contact-night-consent-${language}.png` });
      await edit.getByRole('button', { name: t('common.cancel') }).click();
      expect(pageProblems).toEqual([]);
    });
  }
});

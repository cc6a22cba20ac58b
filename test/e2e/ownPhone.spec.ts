/**
 * Issue 11: a test to the shop's own phone from the wizard's test step (Sandbox), and where focus goes in a delete
 * confirmation.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addContact, contactRow, contactRows, goTo, nav, openShop, prepareShop } from './shop';

/** Audience (the label), a lawful message with variables, every warning acknowledged, then the test step. */
async function toTestStep(page: Page, name: string, opts: { abTest?: boolean } = {}): Promise<void> {
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(name);
  // Lawful as written (Korean advertising law for +82 numbers, and the opt-out line): this spec is about the test
  // step, not the checklist's fixes (krLaw.spec.ts and campaign.spec.ts cover those).
  await page.getByRole('textbox', { name: 'Text' }).fill('(광고) Hi {name}, the winter sale at {shop} starts today. Reply STOP to unsubscribe. STOP 회신 시 수신 거부');
  if (opts.abTest) {
    await page.getByRole('checkbox', { name: /^A\/B test/ }).check();
    await page.getByRole('textbox', { name: 'Text' }).nth(1).fill('(광고) {name}, 20% off everything at {shop} today. Reply STOP to unsubscribe. STOP 회신 시 수신 거부');
  }
  await page.getByRole('button', { name: 'Next' }).click();
  const checklist = page.getByRole('list', { name: 'Checklist' });
  await expect(checklist.locator('.check-block')).toHaveCount(0);
  for (const box of await checklist.getByRole('checkbox', { name: 'I understand, send anyway' }).all()) await box.check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('button', { name: 'Send the test' })).toBeVisible();
}

function ownPhoneSection(page: Page) {
  return page.getByRole('region', { name: 'Send a test to my own phone' });
}

test('a test goes to the own phone only; the number is remembered and never becomes a contact', async ({ page, pageProblems }) => {
  test.setTimeout(90_000);
  await prepareShop(page, { label: 'VIP', count: 3, phonePrefix: '010-5555-' });
  await expect(contactRows(page)).toHaveCount(3);
  await toTestStep(page, 'Own phone sale');

  const own = ownPhoneSection(page);
  const field = own.getByRole('textbox', { name: 'My phone number' });
  await expect(field).toHaveValue('');
  // The variables are those of a real recipient of this campaign.
  await expect(own.getByText(/^The variables are filled in as for VIP \d\.$/)).toBeVisible();

  // Invalid: the problem in words, and nothing is sent.
  await field.fill('010-1234');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(own.getByText("This isn't a valid number in South Korea.", { exact: false })).toBeVisible();
  await field.fill('phone');
  await expect(own.getByText("This doesn't look like a phone number.")).toBeVisible();
  await own.getByRole('button', { name: 'Send to my phone' }).click();
  await expect(own.getByRole('status')).toHaveCount(0);

  // Valid with the shop's country (Korea): the E.164 form is shown.
  await field.fill('010-1234-5678');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(own.getByText('The test goes to +821012345678.')).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 768 });
  await own.getByRole('button', { name: 'Send to my phone' }).click();
  // The Sandbox decides the outcome at random: whichever it is, it is shown in words, with a reason when it failed.
  await expect(own.getByRole('status')).toHaveText(/^Test to \+821012345678: (Sent|Delivered|Read|Replied|Failed|Skipped)\./, { timeout: 20_000 });
  await expect(own.getByRole('status')).toContainText('Simulated on the Sandbox');
  if (/Failed|Skipped/.test((await own.getByRole('status').textContent()) ?? '')) await expect(own.getByRole('status')).toContainText('Reason:');
  await own.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/ownphone-en.png' });

  // The own number is not in the audience: the real send still goes to the three contacts, the random test untouched.
  await page.getByRole('button', { name: 'Skip the test' }).click();
  await expect(page.getByRole('button', { name: 'Send to 3 now' })).toBeVisible();

  // Remembered for next time, in the local form of the shop's country.
  await page.reload();
  await nav(page, 'wizard');
  // The draft list is read from IndexedDB after the screen opens: wait for it (an instant check raced it).
  const draft = page.getByRole('button', { name: 'Own phone sale', exact: true });
  await expect(draft).toBeVisible();
  await draft.click();
  await page.getByRole('list', { name: 'Steps' }).getByRole('button', { name: /Test send/ }).click();
  await expect(ownPhoneSection(page).getByRole('textbox', { name: 'My phone number' })).toHaveValue('010-1234-5678');
  await expect(ownPhoneSection(page).getByText('The test goes to +821012345678.')).toBeVisible();

  // Never a contact: still the three, none with the own number.
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(3);
  await expect(page.getByText('3 contacts', { exact: true })).toBeVisible();
  await expect(contactRows(page).filter({ hasText: '1234-5678' })).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('with an A/B test the person picks the version the own phone gets', async ({ page, pageProblems }) => {
  test.setTimeout(90_000);
  await prepareShop(page, { label: 'VIP', count: 2, phonePrefix: '010-7777-' });
  await toTestStep(page, 'Own phone AB', { abTest: true });
  const own = ownPhoneSection(page);
  const versions = own.getByRole('group', { name: 'Which version to send:' });
  await expect(versions.getByRole('radio', { name: 'Version A' })).toBeChecked();
  await versions.getByRole('radio', { name: 'Version B' }).check();
  await own.getByRole('textbox', { name: 'My phone number' }).fill('+886 912 345 678');
  await expect(own.getByText('The test goes to +886912345678.')).toBeVisible();
  await own.getByRole('button', { name: 'Send to my phone' }).click();
  await expect(own.getByRole('status')).toContainText(/^Test to \+886912345678: (Sent|Delivered|Read|Replied|Failed|Skipped)\./, { timeout: 20_000 });
  expect(pageProblems).toEqual([]);
});

/** The result is still on its way while it says one of these (campaigns.stage.waiting/sending). */
const CLOSE = { ko: '닫기', 'zh-Hant': '關閉' } as const;
const PENDING = { ko: /아직 안 보냄|보내는 중/, 'zh-Hant': /尚未傳送|傳送中/ } as const;

for (const lang of ['ko', 'zh-Hant'] as const) {
  test(`the own-phone test in ${lang} (screenshot)`, async ({ page, pageProblems }) => {
    test.setTimeout(90_000);
    await prepareShop(page, { label: 'VIP', count: 2, phonePrefix: '010-6666-' });
    await toTestStep(page, 'Own phone sale');
    await page.getByRole('button', { name: 'Save and close' }).click();
    await nav(page, 'settings');
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption(lang);
    await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
    await nav(page, 'wizard');
    // The draft opens again on the step it was left at.
    await page.getByRole('button', { name: 'Own phone sale', exact: true }).click();
    const section = page.locator('.own-phone-test');
    await section.locator('input[type="tel"]').fill('010-1234-5678');
    await expect(section).toContainText('+821012345678');
    await section.locator('button[type="submit"]').click();
    const status = section.getByRole('status');
    await expect(status).toContainText('+821012345678', { timeout: 20_000 });
    await expect(status).not.toContainText(PENDING[lang], { timeout: 20_000 });
    await expect(section).not.toContainText(/Send|Test to|Simulated/);
    // The 'settings saved' toast would cover the step's buttons in the picture.
    const toasts = page.locator('.toasts .toast');
    for (const close of await toasts.getByRole('button', { name: CLOSE[lang] }).all()) await close.click();
    await expect(toasts).toHaveCount(0);
    await page.setViewportSize({ width: 1366, height: 768 });
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/ownphone-${lang}.png` });
    expect(pageProblems).toEqual([]);
  });
}

test('a delete confirmation starts on Delete, Escape cancels, and focus goes back to what opened it', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await addContact(page, { name: '김민지', phone: '010-1234-5678' });
  await addContact(page, { name: '이서준', phone: '010-2222-3333' });

  await contactRow(page, '김민지').getByRole('checkbox', { name: 'Select 김민지' }).check();
  const opener = page.getByRole('region', { name: 'Selected contacts' }).getByRole('button', { name: 'Delete' });
  await opener.click();
  const confirm = page.getByRole('dialog', { name: 'Delete 1 contact?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toHaveAccessibleDescription(/.+/);
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(contactRows(page)).toHaveCount(2);

  // By keyboard from a row: Delete opens it on the Delete button, and Enter deletes.
  await contactRow(page, '이서준').focus();
  await page.keyboard.press('Delete');
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(contactRows(page)).toHaveCount(1);
});

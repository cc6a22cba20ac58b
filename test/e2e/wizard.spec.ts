/**
 * Issue 11 in the campaign wizard, as a person meets it: the variable buttons insert where the person is typing,
 * and a deleted draft comes back with Undo.
 */
import { expect, test } from './fixtures';
import { contactRow, nav, openShop, prepareShop } from './shop';

test('a variable goes in at the caret and typing carries on after it; a deleted draft comes back with Undo', async ({ page, pageProblems }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openShop(page, { country: 'KR' });
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill('Caret test');
  const text = page.getByRole('textbox', { name: 'Text' });
  await text.click();
  await page.keyboard.type('AAA ');
  await page.getByRole('group', { name: 'Insert a variable' }).getByRole('button', { name: '{name}' }).click();
  await page.keyboard.type('BBB');
  await expect(text).toHaveValue('AAA {name}BBB');
  await expect(text).toBeFocused();
  // In the middle: caret after "AAA ", the variable goes there, not at the end.
  await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 4));
  await page.getByRole('group', { name: 'Insert a variable' }).getByRole('button', { name: '{shop}' }).click();
  await expect(text).toHaveValue('AAA {shop}{name}BBB');
  await page.screenshot({ path: '/tmp/shots/wizard-message-en.png' });

  await page.getByRole('button', { name: 'Save and close' }).click();
  const draft = page.getByRole('button', { name: 'Caret test', exact: true });
  await expect(draft).toBeVisible();
  await page.getByRole('button', { name: 'Delete draft' }).click();
  await expect(draft).toHaveCount(0);
  const toast = page.getByRole('status').getByText('Draft “Caret test” deleted.');
  await expect(toast).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(draft).toBeVisible();
  await draft.click();
  await expect(page.getByRole('textbox', { name: 'Text' })).toHaveValue('AAA {shop}{name}BBB');
  expect(pageProblems).toEqual([]);
});

test('"Send a campaign to these people" opens a new campaign for exactly the selected contacts', async ({ page, pageProblems }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepareShop(page, { label: 'VIP', count: 3, phonePrefix: '010-4444-' });
  await contactRow(page, 'VIP 1').getByRole('checkbox', { name: 'Select VIP 1' }).check();
  await contactRow(page, 'VIP 3').getByRole('checkbox', { name: 'Select VIP 3' }).check();
  await page.screenshot({ path: '/tmp/shots/wizard-selectionbar-en.png' });
  await page.getByRole('button', { name: 'Send a campaign to these people' }).click();
  await expect(page.getByRole('heading', { name: '2 selected contacts' })).toBeVisible();
  await expect(page.locator('.audience-count strong')).toHaveText('2');
  await page.screenshot({ path: '/tmp/shots/wizard-chosen-en.png' });
  // Back to the normal filters: the label's three.
  await page.getByRole('button', { name: 'Choose by labels and filters instead' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await expect(page.locator('.audience-count strong')).toHaveText('3');
  expect(pageProblems).toEqual([]);
});

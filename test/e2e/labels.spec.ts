/**
 * Labels in a real Chromium with real IndexedDB: managing them, putting them on many contacts at once, and the
 * WhatsApp Business 20-label warning.
 */
import { expect, test } from './fixtures';
import { addContact, contactRow, createLabel, goTo, labelItem, openShop } from './shop';

test.beforeEach(async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await goTo(page, 'Labels');
});

test('a label is created, renamed, recoloured, deleted and brought back', async ({ page }) => {
  await createLabel(page, 'VIP');
  await expect(page.getByText('1 label', { exact: true })).toBeVisible();

  // A second label with the same name (any case) is refused in words.
  await page.getByRole('textbox', { name: 'New label name' }).fill('vip');
  await page.getByRole('button', { name: 'Create label' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is already a label called "VIP".' })).toBeVisible();
  await page.getByRole('textbox', { name: 'New label name' }).fill('');

  await page.getByRole('button', { name: 'Rename VIP' }).click();
  const field = page.getByRole('textbox', { name: 'New name for VIP' });
  await expect(field).toBeFocused();
  await field.fill('단골 VIP');
  await field.press('Enter');
  await expect(labelItem(page, '단골 VIP')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rename 단골 VIP' })).toBeFocused();

  await page.getByRole('button', { name: 'Colour for 단골 VIP' }).click();
  const colours = page.getByRole('group', { name: 'Colour for 단골 VIP' });
  await expect(colours.getByRole('radio', { checked: true })).toBeFocused();
  await colours.getByRole('radio', { name: 'Purple' }).check();
  await expect(page.getByRole('button', { name: 'Colour for 단골 VIP' })).toContainText('Purple');
  await page.keyboard.press('Escape');
  await expect(colours).toBeHidden();
  await expect(page.getByRole('button', { name: 'Colour for 단골 VIP' })).toBeFocused();

  await page.getByRole('button', { name: 'Delete 단골 VIP' }).click();
  await expect(labelItem(page, '단골 VIP')).toHaveCount(0);
  await expect(page.getByText('No labels yet.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(labelItem(page, '단골 VIP')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Colour for 단골 VIP' })).toContainText('Purple');
});

test('a label is applied to and removed from many selected contacts at once', async ({ page }) => {
  await createLabel(page, 'Regulars');
  await goTo(page, 'Contacts');
  await addContact(page, { name: '김민지', phone: '010-1234-5678' });
  await addContact(page, { name: '이서준', phone: '010-2222-3333' });
  await addContact(page, { name: '박지훈', phone: '010-3333-4444' });

  await contactRow(page, '김민지').getByRole('checkbox').check();
  await contactRow(page, '박지훈').getByRole('checkbox').check();
  const bar = page.getByRole('region', { name: 'Selected contacts' });
  await expect(bar.getByText('2 selected')).toBeVisible();
  await bar.getByRole('button', { name: 'Apply label' }).click();
  const apply = page.getByRole('dialog', { name: 'Apply a label to 2 contacts' });
  await apply.getByRole('radio', { name: 'Regulars' }).check();
  await apply.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Added "Regulars" to 2 contacts.')).toBeVisible();
  await expect(contactRow(page, '김민지')).toContainText('Regulars');
  await expect(contactRow(page, '박지훈')).toContainText('Regulars');
  await expect(contactRow(page, '이서준')).not.toContainText('Regulars');

  await goTo(page, 'Labels');
  await expect(labelItem(page, 'Regulars')).toContainText('2 contacts');

  await goTo(page, 'Contacts');
  await page.getByRole('checkbox', { name: 'Select all 3 matching contacts' }).check();
  await bar.getByRole('button', { name: 'Remove label' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove a label from 3 contacts' });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('Removed "Regulars" from 2 contacts.')).toBeVisible();
  await expect(contactRow(page, '김민지')).not.toContainText('Regulars');
  await expect(contactRow(page, '박지훈')).not.toContainText('Regulars');
});

test('deleting a label that contacts carry, then undoing, puts it back on those contacts', async ({ page }) => {
  await createLabel(page, 'VIP');
  await goTo(page, 'Contacts');
  await addContact(page, { name: '김민지', phone: '010-1234-5678', labels: ['VIP'] });
  await goTo(page, 'Labels');
  await page.getByRole('button', { name: 'Delete VIP' }).click();
  await goTo(page, 'Contacts');
  await expect(contactRow(page, '김민지')).not.toContainText('VIP');
  await page.keyboard.press('Control+z');
  await expect(contactRow(page, '김민지')).toContainText('VIP');
});

test('past 20 labels the WhatsApp Business limit is a warning, not a block', async ({ page }) => {
  const warning = page.getByText("WhatsApp Business allows 20 labels; labels beyond 20 won't mirror there.");
  for (let i = 1; i <= 20; i++) await createLabel(page, `Label ${String(i).padStart(2, '0')}`);
  await expect(page.getByText('20 labels', { exact: true })).toBeVisible();
  await expect(warning).toBeHidden();

  await createLabel(page, 'Label 21');
  await expect(page.getByText('21 labels', { exact: true })).toBeVisible();
  await expect(warning).toBeVisible();

  await page.getByRole('button', { name: 'Delete Label 21' }).click();
  await expect(warning).toBeHidden();
});

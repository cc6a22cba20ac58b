/**
 * The contacts screen in a real Chromium with real IndexedDB, against the real browser host: what a shopkeeper does
 * with customers' numbers, by mouse and by keyboard, in Korean, English and Traditional Chinese.
 */
import { expect, test } from './fixtures';
import { addContact, contactRow, contactRows, createLabel, goTo, openShop } from './shop';

test.beforeEach(async ({ page }) => {
  await openShop(page, { country: 'KR' });
});

test('a contact with a Korean name and a local number is saved in E.164 and survives a reload', async ({ page }) => {
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('김민지');
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill('010-1234-5678');
  await expect(dialog.getByText('Will be saved as 010-1234-5678')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();

  await expect(contactRow(page, '김민지')).toContainText('010-1234-5678');
  await expect(page.getByText('1 contact', { exact: true })).toBeVisible();

  await page.reload();
  await expect(contactRow(page, '김민지')).toContainText('010-1234-5678');
  await contactRow(page, '김민지').click();
  // Shown the local way for the shop's country; an international number stays international.
  await expect(page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Phone', exact: true })).toHaveValue(
    '010-1234-5678',
  );
});

test('a number that cannot be right says why in words', async ({ page }) => {
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  const phone = dialog.getByRole('textbox', { name: 'Phone', exact: true });
  await phone.fill('8.21012E+11');
  await phone.blur();
  await expect(dialog.getByText(/Excel rounded/)).toBeVisible();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Please fix the highlighted fields.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'No contacts yet' })).toBeVisible();
});

test('contacts are found by label and by typing part of the number in any format', async ({ page }) => {
  await goTo(page, 'Labels');
  await createLabel(page, 'VIP');
  await goTo(page, 'Contacts');
  await addContact(page, { name: '김민지', phone: '010-1234-5678', labels: ['VIP'] });
  await addContact(page, { name: '이서준', phone: '010 2222 3333' });
  await expect(contactRows(page)).toHaveCount(2);

  await page.getByRole('button', { name: /Filter by label/ }).click();
  await page.getByRole('group', { name: 'Filter by label' }).getByRole('checkbox', { name: 'VIP' }).check();
  await page.keyboard.press('Escape');
  await expect(contactRows(page)).toHaveCount(1);
  await expect(contactRow(page, '김민지')).toBeVisible();
  await page.getByRole('button', { name: /Filter by label/ }).click();
  await page.getByRole('button', { name: 'Clear label filter' }).click();
  await page.keyboard.press('Escape');
  await expect(contactRows(page)).toHaveCount(2);

  const search = page.getByRole('searchbox', { name: 'Search by name or phone' });
  for (const typed of ['5678', '1234-56', '+82 10 1234', '8210123']) {
    await search.fill(typed);
    await expect(contactRows(page)).toHaveCount(1);
    await expect(contactRow(page, '김민지')).toBeVisible();
  }
  await search.fill('서준');
  await expect(contactRows(page)).toHaveCount(1);
  await expect(contactRow(page, '이서준')).toBeVisible();
  await search.fill('999999');
  await expect(page.getByRole('heading', { name: 'No contacts match' })).toBeVisible();
});

test('a contact is edited: name, opt-in status with its source, notes', async ({ page }) => {
  await addContact(page, { name: '김민지', phone: '010-1234-5678' });
  await contactRow(page, '김민지').click();
  const dialog = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(dialog.getByText(/^Added /)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('김민지 사장님');
  await dialog.getByRole('combobox', { name: 'Opt-in status' }).selectOption('opted_in');
  await dialog.getByRole('combobox', { name: 'Where they opted in' }).fill('In store');
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('Likes white roses');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).press('Enter');
  await expect(dialog).toBeHidden();

  const row = contactRow(page, '김민지 사장님');
  await expect(row).toContainText('Opted in');
  await row.click();
  await expect(dialog.getByRole('combobox', { name: 'Where they opted in' })).toHaveValue('In store');
  await expect(dialog.getByRole('textbox', { name: 'Notes' })).toHaveValue('Likes white roses');
  await expect(dialog.getByRole('combobox', { name: 'Opt-in status' })).toHaveValue('opted_in');
});

test('deleting contacts can be undone with the Undo button and with Ctrl+Z', async ({ page }) => {
  await addContact(page, { name: '김민지', phone: '010-1234-5678' });
  await addContact(page, { name: '이서준', phone: '010-2222-3333' });

  await contactRow(page, '김민지').getByRole('checkbox', { name: 'Select 김민지' }).check();
  await page.getByRole('region', { name: 'Selected contacts' }).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 1 contact?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(contactRows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(contactRow(page, '김민지')).toBeVisible();
  await expect(contactRows(page)).toHaveCount(2);

  // By keyboard: focus the row, Delete, Enter to confirm, then Ctrl+Z.
  await contactRow(page, '이서준').focus();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog', { name: 'Delete 1 contact?' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(contactRows(page)).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(contactRow(page, '이서준')).toBeVisible();
  await expect(page.getByRole('status').getByText('Restored 1 contact.')).toHaveCount(2);
});

test('a second contact with the same number is refused and offers to open the existing one', async ({ page }) => {
  await addContact(page, { name: '김민지', phone: '010-1234-5678' });
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Minji Kim');
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill('+82 10 1234 5678');
  await expect(dialog.getByText('This number already belongs to 김민지.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('This number already belongs to 김민지.').first()).toBeVisible();

  await dialog.getByRole('button', { name: 'Open 김민지' }).click();
  const existing = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(existing.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('김민지');
  await page.keyboard.press('Escape');
  await expect(contactRows(page)).toHaveCount(1);
});

test('the list works by keyboard: / searches, n adds, arrows move, Space selects, Enter opens', async ({ page }) => {
  await addContact(page, { name: 'Ahn', phone: '010-1111-1111' });
  await addContact(page, { name: 'Baek', phone: '010-2222-2222' });
  await addContact(page, { name: 'Cho', phone: '010-3333-3333' });

  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search by name or phone' })).toBeFocused();

  await contactRow(page, 'Ahn').focus();
  await page.keyboard.press('ArrowDown');
  await expect(contactRow(page, 'Baek')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(contactRow(page, 'Baek')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Cho');
  await page.keyboard.press('Escape');

  await contactRow(page, 'Cho').focus();
  await page.keyboard.press('n');
  await expect(page.getByRole('dialog', { name: 'New contact' })).toBeVisible();
});

test('the interface switches to Korean and to Traditional Chinese', async ({ page }) => {
  await goTo(page, 'Settings');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: '연락처' })).toBeVisible();
  await expect(nav.getByRole('button', { name: '라벨' })).toBeVisible();
  await expect(nav.getByRole('button', { name: '설정' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '설정', level: 1 })).toBeVisible();

  await page.getByRole('combobox', { name: '언어' }).selectOption('zh-Hant');
  await page.getByRole('button', { name: '설정 저장' }).click();
  await expect(nav.getByRole('button', { name: '聯絡人' })).toBeVisible();
  await expect(nav.getByRole('button', { name: '標籤' })).toBeVisible();
  await expect(nav.getByRole('button', { name: '設定' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');

  await nav.getByRole('button', { name: '聯絡人' }).click();
  await expect(page.getByRole('searchbox', { name: '依姓名或電話搜尋' })).toBeVisible();
  await page.reload();
  await expect(nav.getByRole('button', { name: '聯絡人' })).toBeVisible();
});

test('the list follows every change at once: new contacts appear, a renamed one moves to its place', async ({ page }) => {
  await addContact(page, { name: 'Ahn', phone: '010-1111-1111' });
  await addContact(page, { name: 'Baek', phone: '010-2222-2222' });
  await expect(contactRows(page)).toHaveText([/Ahn/, /Baek/]);
  await contactRow(page, 'Ahn').click();
  const dialog = page.getByRole('dialog', { name: 'Edit contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Zed');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(contactRows(page)).toHaveText([/Baek/, /Zed/]);
  await expect(page.getByText('2 contacts', { exact: true })).toBeVisible();
});

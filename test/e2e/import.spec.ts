/**
 * Import through the real screen, worker and IndexedDB: a Korean shop's Excel "CSV" in CP949 (with the CP949-only
 * syllable 똠, a duplicate in another format, an Excel-rounded number and a landline), merged into a contact the shop
 * already has; the report before writing, the rejected-rows download, the contacts, and undo. Also a workbook whose
 * contacts are on its second sheet, and a wrong column mapping fixed over the preview.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { addContact, contactRow, contactRows, goTo, nav, openShop } from './shop';

const CP949_CSV = fileURLToPath(new URL('../fixtures/import/cp949.csv', import.meta.url));

async function openImport(page: Page) {
  await page.getByRole('navigation').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import contacts', level: 1 })).toBeVisible();
}

test('a CP949 CSV with duplicates: report, rejected-rows download, contacts, undo', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  // Already a contact: the file's 똠양꿍 row has this number and is merged into it.
  await addContact(page, { name: '단골손님', phone: '010-2345-6789' });

  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(CP949_CSV);

  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('cp949');
  // The preview shows the CP949-only syllable decoded, not '?' or U+FFFD.
  await expect(page.getByRole('cell', { name: '똠양꿍' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '전화번호' })).toHaveValue('phone');
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('New contacts3');
  await expect(counts).toContainText('Already in your contacts (will be merged)1');
  await expect(counts).toContainText('Duplicates within the file (merged)1');
  await expect(counts).toContainText('Rows that cannot be imported1');
  await expect(counts).toContainText('Landlines (probably not on WhatsApp)1');
  const rejected = page.getByRole('table', { name: 'Rows not imported' });
  await expect(rejected.getByRole('row').filter({ hasText: '8.21012E+11' })).toContainText(
    'Excel turned this number into a rounded figure; format the column as text and export again',
  );

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click()]);
  expect(download.suggestedFilename()).toBe('cp949-rejected.csv');
  const csv = await readFile((await download.path())!, 'utf8'); // a finished download always has a path
  expect(csv).toBe('\ufeffrow,value,reason\r\n5,8.21012E+11,Excel turned this number into a rounded figure; format the column as text and export again\r\n');

  await page.getByRole('button', { name: 'Import 4 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 3 new, 1 updated.');

  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(4);
  await expect(contactRow(page, '김철수')).toContainText('010-1234-5678');
  await expect(contactRow(page, '최지우')).toContainText('02-123-4567');
  // The existing contact keeps its name (names were not set to update) and is not added twice.
  await expect(contactRow(page, '단골손님')).toContainText('010-2345-6789');

  await openImport(page);
  await page.getByRole('region', { name: 'Recent imports' }).getByRole('button', { name: 'Undo this import' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'undone' })).toHaveText('Import undone: removed 3, put back 1 as they were.');
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(1);
  await expect(contactRow(page, '단골손님')).toBeVisible();
});

test('exporting all contacts gives a UTF-8 CSV with a BOM, E.164 phones and neutralised formulas', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await addContact(page, { name: '=1+2', phone: '010-2345-6789' });
  await openImport(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all as CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('contacts.csv');
  const csv = await readFile((await download.path())!, 'utf8'); // a finished download always has a path
  expect(csv.startsWith('\ufeffname,phone,')).toBe(true);
  // The export carries night-time consent and the WhatsApp identity (issue 13): their columns close the header, empty
  // for this contact.
  expect(csv.split('\r\n')[0]).toMatch(/,night_consent,night_consent_source,night_consent_date,user_id,username$/);
  // The phone behind a tab inside its quotes: Excel keeps it as text instead of showing 8.21023E+11 (csvOut.ts says why).
  expect(csv.split('\r\n')[1]).toBe(`'=1+2,"\t+821023456789",,unknown,,,,,,,,,`);
});

test('exporting the selected contacts gives only them, in list order', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await addContact(page, { name: '나은', phone: '010-1111-0001' });
  await addContact(page, { name: '가은', phone: '010-1111-0002' });
  await addContact(page, { name: '다은', phone: '010-1111-0003' });
  await contactRow(page, '다은').getByRole('checkbox').check();
  await contactRow(page, '가은').getByRole('checkbox').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('contacts-2.csv');
  const csv = await readFile((await download.path())!, 'utf8'); // a finished download always has a path
  expect(csv.split('\r\n').slice(1, 3).map((line) => line.split(',')[0])).toEqual(['가은', '다은']);
  expect(csv).not.toContain('나은');
});

test('Ctrl+Z undoes an import like any other bulk change', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fileURLToPath(new URL('../fixtures/import/utf8.csv', import.meta.url)));
  await page.getByRole('button', { name: 'Import 4 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 4 new, 0 updated.');
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'undone' })).toHaveText('Import undone: removed 4, put back 0 as they were.');
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(0);
});

test('an XLSX whose contacts are on its second sheet: pick the sheet, then import', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fileURLToPath(new URL('../fixtures/import/two-sheets.xlsx', import.meta.url)));

  // The first sheet is a note: nothing to import, and the screen says why.
  const sheet = page.getByRole('combobox', { name: 'Sheet' });
  await expect(sheet).toHaveValue('안내');
  await expect(page.getByRole('alert').filter({ hasText: 'no column holds phone numbers' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import 0 contacts' })).toBeDisabled();

  await sheet.selectOption('고객 명단');
  await expect(page.getByRole('combobox', { name: '휴대폰' })).toHaveValue('phone');
  await expect(page.getByRole('cell', { name: '똠양꿍' })).toBeVisible();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('New contacts4');
  await expect(counts).toContainText('Rows that cannot be imported1');
  // A phone Excel stored as a number with its digits lost is rejected with why; one it only displayed short is kept.
  await expect(page.getByRole('table', { name: 'Rows not imported' }).getByRole('row').filter({ hasText: '8.21012E+11' })).toContainText('Excel turned this number');

  await page.getByRole('button', { name: 'Import 4 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 4 new, 0 updated.');
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(4);
  await expect(contactRow(page, '김철수')).toContainText('010-1234-5678'); // the leading 0 Excel dropped, restored
  await expect(contactRow(page, '똠양꿍')).toContainText('010-2345-6789');
});

test('a wrong column mapping fixed over the preview: the report follows, and the import uses the fixed mapping', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fileURLToPath(new URL('../fixtures/import/wrong-mapping.csv', import.meta.url)));

  // "번호" reads as a phone column, but it holds member numbers: every row is rejected.
  const memberNo = page.getByRole('combobox', { name: '번호' });
  const mobile = page.getByRole('combobox', { name: '카톡/문자' });
  await expect(memberNo).toHaveValue('phone');
  await expect(mobile).toHaveValue('ignore');
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('New contacts0');
  await expect(counts).toContainText('Rows that cannot be imported3');
  await expect(page.getByRole('table', { name: 'Rows not imported' }).getByRole('row').filter({ hasText: '1001' })).toBeVisible();

  await memberNo.selectOption('ignore');
  await expect(page.getByRole('alert').filter({ hasText: 'no column holds phone numbers' })).toBeVisible();
  await mobile.selectOption('phone');
  await expect(memberNo).toHaveValue('ignore');
  await expect(mobile).toHaveValue('phone');
  await expect(counts).toContainText('New contacts3');
  await expect(counts).toContainText('Rows that cannot be imported0');
  await expect(page.getByRole('table', { name: 'Rows not imported' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Import 3 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 3 new, 0 updated.');
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(3);
  await expect(contactRow(page, '김민지')).toContainText('010-1111-2222');
  await expect(contactRow(page, '박지호')).toContainText('010-5555-6666');
});

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

test('a Taiwanese list into a Korean shop: the screen suggests Taiwan, one click reads it so, and every row imports as +886', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fixturePath('taiwan.csv'));

  const country = page.getByRole('combobox', { name: 'Numbers without a country code in this file are from' });
  await expect(country).toHaveValue('KR');
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('Rows that cannot be imported7');
  // Each rejection says which country the number was read for.
  await expect(page.getByRole('table', { name: 'Rows not imported' }).getByRole('row').filter({ hasText: '0912-345-678' })).toContainText(
    'not a valid number in South Korea, the country this file is read as',
  );
  // The Taipei landline reads as a Seoul number until the file is read as Taiwan.
  await expect(page.getByTestId('import-landlines')).toHaveText(/^1 landline \(row 9\): it probably cannot receive WhatsApp messages/);
  const hint = page.getByRole('status').filter({ hasText: 'numbers look like numbers from Taiwan' });
  await expect(hint).toContainText('7 of 9 numbers look like numbers from Taiwan: they are not valid in South Korea. Read this file as Taiwan?');
  await hint.getByRole('button', { name: 'Read as Taiwan' }).click();

  await expect(country).toHaveValue('TW');
  await expect(page.getByText('This file is read as Taiwan; your shop’s country is South Korea.')).toBeVisible();
  await expect(counts).toContainText('New contacts9');
  await expect(counts).toContainText('Rows that cannot be imported0');
  await expect(page.getByRole('status').filter({ hasText: 'numbers look like numbers from' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: '備註' })).toHaveValue('notes');

  await page.getByRole('button', { name: 'Import 9 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 9 new, 0 updated.');
  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(9);
  // Numbers of another country than the shop's are shown in international form: all +886, the landline in Taipei.
  for (const row of await contactRows(page).all()) await expect(row).toContainText('+886');
  await expect(contactRow(page, '台北門市')).toContainText('+886 2 2345 6789');
  await contactRow(page, '陳美玲').click();
  await expect(page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Notes' })).toHaveValue('喜歡烏龍茶');
});

test('a 메모 column imports into the contacts’ notes, the duplicates’ notes merged without repeats', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fixturePath('notes.csv'));
  await expect(page.getByRole('combobox', { name: '메모' })).toHaveValue('notes');
  await page.getByRole('button', { name: 'Import 2 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 2 new, 0 updated.');
  await goTo(page, 'Contacts');
  await contactRow(page, '김민지').click();
  await expect(page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Notes' })).toHaveValue('매주 화요일 방문\n알레르기: 견과류');
});

test('a column picked as Notes by hand imports into the notes', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles({
    name: 'memo-by-hand.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('이름,전화번호,기타\r\n박지호,010-5555-6666,주차 필요\r\n', 'utf8'),
  });
  const other = page.getByRole('combobox', { name: '기타' });
  await expect(other).toHaveValue('ignore');
  await other.selectOption('notes');
  await expect(other).toHaveValue('notes');
  await page.getByRole('button', { name: 'Import 1 contact' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 1 new, 0 updated.');
  await goTo(page, 'Contacts');
  await contactRow(page, '박지호').click();
  await expect(page.getByRole('dialog', { name: 'Edit contact' }).getByRole('textbox', { name: 'Notes' })).toHaveValue('주차 필요');
});

test('undoing an import from the screen takes the "Imported… Undo" toast away', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await openImport(page);
  await page.getByLabel('Choose a file').setInputFiles(fixturePath('utf8.csv'));
  await page.getByRole('button', { name: 'Import 4 contacts' }).click();
  const toasts = page.getByRole('region', { name: 'Notifications' });
  const imported = toasts.getByRole('listitem').filter({ hasText: 'Imported: 4 new, 0 updated.' });
  await expect(imported).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Undo this import' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'undone' })).toHaveText('Import undone: removed 4, put back 0 as they were.');
  // Well before the toast would leave by itself (10 s).
  await expect(imported).toHaveCount(0, { timeout: 3_000 });
  // Nothing is left to undo: Ctrl+Z does not offer the import again.
  await page.keyboard.press('Control+z');
  await expect(toasts.getByText('Nothing to undo')).toBeVisible();
});

for (const [language, heading] of [['en', 'Import contacts'], ['ko', '연락처 가져오기'], ['zh-Hant', '匯入聯絡人']] as const) {
  test(`the import summary fits a 1366×768 window in ${language}`, async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openShop(page, { country: 'KR' });
    await nav(page, 'settings');
    await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption(language);
    await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
    await nav(page, 'import');
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.locator('input[type=file]').setInputFiles(fixturePath('taiwan.csv'));
    const counts = page.getByTestId('import-counts');
    await expect(counts).toBeVisible();
    await expect(page.getByTestId('import-landlines')).toBeVisible();
    // Nothing on the screen is wider than the screen: no sideways scrolling of the summary.
    const overflow = await page.evaluate(() => {
      const screen = document.querySelector('.import-screen');
      if (!screen) return ['no import screen'];
      const right = screen.getBoundingClientRect().right;
      return [...screen.querySelectorAll('.import-counts, .import-counts > div, .import-country-hint, .import-landlines, .import-facts')]
        .filter((el) => el.getBoundingClientRect().right > right + 1 || el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.className || el.tagName);
    });
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await counts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/import-summary-${language}.png` });
    await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/import-top-${language}.png` });
  });
}

/**
 * The first-run setup (issue 11): it opens on a new shop's first start, speaks the language picked in its first
 * step, explains each choice, saves everything at once, can be skipped for good, and runs again from Settings.
 * And the contact dialog's "this looks like a number from another country" hint with its fix.
 * Screenshots of every step in ko, en and zh-Hant go to /tmp/shots (looked at by hand, not compared).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { goTo, nav, openShop } from './shop';

const SHOTS = '/tmp/shots';
const SETUP_TITLE = /^(Set up Shopcast|Shopcast 시작하기|設定 Shopcast)$/;

test.use({ viewport: { width: 1366, height: 768 } });

async function settingsFile(dataDir: string): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('settings.json is not an object');
  return { ...parsed };
}

function setupHeading(page: Page) {
  return page.getByRole('heading', { level: 1, name: SETUP_TITLE });
}

test.describe('a new shop', () => {
  test.use({ firstRun: true });

  test('the setup asks language, shop, country and sending; then the app is in Korean and reads local numbers as Taiwanese', async ({ page, host, pageProblems }) => {
    await expect(setupHeading(page)).toBeVisible();
    // Step 1: the language. Picking one switches the setup's words at once, before anything is saved.
    await page.getByRole('radio', { name: '한국어' }).check();
    await expect(page.getByRole('heading', { level: 1, name: 'Shopcast 시작하기' })).toBeVisible();
    await expect(page.getByRole('radiogroup', { name: 'Shopcast를 어떤 언어로 쓸까요?' })).toBeVisible();
    // The whole window follows at once, not only the setup.
    await expect(page.getByRole('navigation').getByRole('button', { name: '연락처', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByText('모든 화면과 버튼, 보고서가 이 언어로 나와요.', { exact: false })).toBeVisible();
    // By keyboard: the chosen option has the focus and Enter goes on.
    await expect(page.getByRole('radio', { name: '한국어' })).toBeFocused();
    await page.keyboard.press('Enter');

    // Step 2: the shop's name has the focus; the country is found by its Korean name.
    await expect(page.getByText('3단계 중 2단계')).toBeVisible();
    await expect(page.getByRole('textbox', { name: '가게 이름' })).toBeFocused();
    await page.keyboard.type('민지 꽃집');
    await page.getByRole('searchbox', { name: '국가 찾기' }).fill('대만');
    await expect(page.getByLabel('기본 국가', { exact: true })).toHaveValue('TW');
    // What the country changes, in a plain sentence with an example.
    await expect(page.getByText(/\+886 없이 입력한 번호는 대만 번호로 읽어요\. 예: 0912 345 678 → \+886 912 345 678/)).toBeVisible();
    await page.getByRole('button', { name: '다음' }).click();

    // Step 3: how the shop sends, each explained; the Sandbox says nothing reaches real phones.
    await expect(page.getByRole('radiogroup', { name: '메시지를 어떻게 보낼까요?' })).toBeVisible();
    const sandbox = page.getByRole('radio', { name: '먼저 써 보기 (샌드박스)' });
    await expect(sandbox).toHaveAccessibleDescription(/실제 휴대폰에는 아무것도 가지 않아요/);
    await page.getByRole('radio', { name: 'WhatsApp Cloud API (공식)' }).check();
    await expect(page.getByRole('button', { name: '마치고 WhatsApp 연결하기' })).toBeVisible();
    await sandbox.check();
    // Back keeps the answers.
    await page.getByRole('button', { name: '이전' }).click();
    await expect(page.getByRole('textbox', { name: '가게 이름' })).toHaveValue('민지 꽃집');
    await page.getByRole('button', { name: '다음' }).click();
    await expect(page.getByRole('radio', { name: '먼저 써 보기 (샌드박스)' })).toBeChecked();
    await page.getByRole('button', { name: 'Shopcast 시작하기' }).click();

    // The whole window is in Korean now, on the contacts screen, and says the Sandbox sends nowhere.
    await expect(page.getByRole('heading', { level: 1, name: '연락처' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('button', { name: '설정', exact: true })).toBeVisible();
    await expect(page.getByRole('status').getByText(/준비됐어요\. 캠페인은 샌드박스로 보내니까/)).toBeVisible();
    await expect(page).toHaveTitle(/민지 꽃집/);
    expect(await settingsFile(host.dataDir)).toEqual({ shopName: '민지 꽃집', defaultCountry: 'TW', language: 'ko', sendingChannel: 'sandbox', setupDone: true });

    // A local Taiwanese number is read as Taiwanese.
    await page.getByRole('button', { name: '연락처 추가' }).first().click();
    const dialog = page.getByRole('dialog', { name: '새 연락처' });
    await dialog.getByRole('textbox', { name: '이름', exact: true }).fill('陳美玲');
    await dialog.getByRole('textbox', { name: '전화번호', exact: true }).fill('0912-345-678');
    await expect(dialog.getByText('저장될 번호: 0912 345 678')).toBeVisible();
    await dialog.getByRole('button', { name: '저장', exact: true }).click();
    await expect(dialog).toBeHidden();
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('shopcast');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      return new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction('contacts').objectStore('contacts').getAll();
        req.onsuccess = () => resolve(req.result.map((c: { phone: string }) => c.phone));
        req.onerror = () => reject(req.error);
      });
    });
    expect(stored).toEqual(['+886912345678']);

    // Finished means finished: the next start goes straight to the app.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '연락처' })).toBeVisible();
    await expect(setupHeading(page)).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('skipping keeps the locale defaults and the setup does not come back', async ({ page, host }) => {
    await expect(setupHeading(page)).toBeVisible();
    const before = await page.evaluate(() => document.documentElement.lang);
    // Even after looking at another language, Skip keeps what was there.
    await page.getByRole('radio', { name: '繁體中文' }).check();
    await expect(page.getByRole('heading', { level: 1, name: '設定 Shopcast' })).toBeVisible();
    await expect(page.getByText(/略過會保留 Shopcast 依這台電腦選擇的設定/)).toBeVisible();
    await page.getByRole('button', { name: '略過設定' }).click();
    await expect(setupHeading(page)).toHaveCount(0);
    // The window is back in the language it had: the preview was not saved.
    await expect(page.locator('html')).toHaveAttribute('lang', before);
    await expect(page.getByRole('navigation').locator('button[aria-current="page"]:has([data-screen="contacts"])')).toBeVisible();
    const saved = await settingsFile(host.dataDir);
    expect(saved).toMatchObject({ setupDone: true, sendingChannel: 'sandbox', shopName: '' });
    expect(saved.language).toBe(before);
    await page.reload();
    await expect(page.getByRole('navigation').locator('button:has([data-screen="contacts"])')).toBeVisible();
    // Give the settings time to arrive: the setup would open then, and must not.
    await expect.poll(() => page.evaluate(() => fetch('/__shopcast/ping').then((r) => r.ok))).toBe(true);
    await expect(page.getByTestId('connection-state')).toHaveText(/Connected|연결됨|已連線/);
    await expect(setupHeading(page)).toHaveCount(0);
  });

  test('the navigation leaves the setup without skipping it, so it opens again at the next start, until Settings are saved', async ({ page, host }) => {
    await expect(setupHeading(page)).toBeVisible();
    await nav(page, 'labels');
    await expect(setupHeading(page)).toHaveCount(0);
    expect(await readFile(join(host.dataDir, 'settings.json'), 'utf8').catch(() => 'none')).toBe('none');
    await page.reload();
    await expect(setupHeading(page)).toBeVisible();
    // Saving the shop's details in Settings answers what the setup asks: it does not open by itself again.
    await openShop(page, { country: 'TW' });
    expect(await settingsFile(host.dataDir)).toMatchObject({ defaultCountry: 'TW', language: 'en', setupDone: true });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
    await expect(setupHeading(page)).toHaveCount(0);
  });

  test('screenshots of every step in Korean, English and Traditional Chinese', async ({ page }) => {
    for (const [language, autonym, next] of [
      ['ko', '한국어', '다음'],
      ['en', 'English', 'Next'],
      ['zh-Hant', '繁體中文', '下一步'],
    ] as const) {
      await expect(setupHeading(page)).toBeVisible();
      await page.getByRole('radio', { name: autonym }).check();
      await page.screenshot({ path: `${SHOTS}/setup-${language}-1-language.png` });
      await page.getByRole('button', { name: next, exact: true }).click();
      await page.locator('.setup-card select').selectOption('TW');
      await page.screenshot({ path: `${SHOTS}/setup-${language}-2-shop.png` });
      await page.getByRole('button', { name: next, exact: true }).click();
      await page.locator('.setup-card input[value="cloud"]').check();
      await page.screenshot({ path: `${SHOTS}/setup-${language}-3-sending.png` });
      await page.reload();
    }
  });
});

test('a shop that is set up lands in the app; Settings runs the setup again, and its answers are used', async ({ page, host }) => {
  // The fixture's data folder already holds a settings file: a shop that is set up.
  await expect(page.getByRole('navigation').locator('button:has([data-screen="contacts"])')).toBeVisible();
  await openShop(page, { country: 'KR' });
  await expect(setupHeading(page)).toHaveCount(0);
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Run first-run setup again' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/setup-settings-en.png` });
  await page.getByRole('button', { name: 'Run first-run setup again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Shopcast' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/setup-again-en.png` });
  // Run again, it starts from the shop's answers and offers to leave without changes instead of Skip.
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Skip setup' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Leave without changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.getByRole('button', { name: 'Run first-run setup again' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Shop name' }).fill('Bloom');
  await expect(page.getByRole('combobox', { name: 'Default country' })).toHaveValue('KR');
  await expect(page.getByText('Numbers typed without +82 are read as numbers from South Korea, for example 010-2000-0000 → +82 10 2000 0000.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'WhatsApp Business app (Assisted)' }).check();
  await page.getByRole('button', { name: 'Start using Shopcast' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
  expect(await settingsFile(host.dataDir)).toMatchObject({ shopName: 'Bloom', sendingChannel: 'assisted', setupDone: true });

  // A new campaign starts on the preferred channel.
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('radio', { name: /WhatsApp Business app/ })).toBeChecked();

  // Choosing the Cloud API leads to the WhatsApp connection screen.
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Run first-run setup again' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'WhatsApp Cloud API (official)' }).check();
  await expect(page.getByRole('radio', { name: 'WhatsApp Cloud API (official)' })).toHaveAccessibleDescription(/after this setup you go to the WhatsApp connection screen/);
  await page.getByRole('button', { name: 'Finish and connect WhatsApp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'WhatsApp connection' })).toBeVisible();
  await expect(page.getByRole('status').getByText('All set. Now connect your WhatsApp Cloud API account.')).toBeVisible();
});

test('the contact dialog says a number looks like another country’s, and its fix saves it with that country code', async ({ page }) => {
  await openShop(page, { country: 'US' });
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Minji');
  const phone = dialog.getByRole('textbox', { name: 'Phone', exact: true });
  await phone.fill('010-1234-5678');
  await expect(dialog.getByText('This looks like a number from South Korea; your default country is United States.')).toBeVisible();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${SHOTS}/setup-contact-hint-en.png` });
  await dialog.getByRole('button', { name: 'Use +82 10 1234 5678' }).click();
  await expect(phone).toHaveValue('+82 10 1234 5678');
  await expect(phone).toBeFocused();
  await expect(dialog.getByText('This looks like a number from South Korea', { exact: false })).toHaveCount(0);
  await expect(dialog.getByText('Will be saved as +82 10 1234 5678')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Contact list' }).getByRole('row').filter({ hasText: 'Minji' })).toContainText('+82 10 1234 5678');

  // Editing: a local Taiwanese number, even after a failed save, gets the hint and the fix.
  await page.getByRole('grid', { name: 'Contact list' }).getByRole('row').filter({ hasText: 'Minji' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit contact' });
  await edit.getByRole('textbox', { name: 'Phone', exact: true }).fill('0912 345 678');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText('This looks like a number from Taiwan; your default country is United States.')).toBeVisible();
  await edit.getByRole('button', { name: 'Use +886 912 345 678' }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Contact list' }).getByRole('row').filter({ hasText: 'Minji' })).toContainText('+886 912 345 678');

  // A number that is right for the default country gets no hint.
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill('(415) 555-0132');
  await expect(dialog.getByText('Will be saved as (415) 555-0132')).toBeVisible();
  await expect(dialog.getByText('This looks like a number from', { exact: false })).toHaveCount(0);

  // The same hint in Korean, for the screenshot.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await goTo(page, 'Settings');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await nav(page, 'contacts');
  await page.getByRole('button', { name: '연락처 추가' }).first().click();
  const ko = page.getByRole('dialog', { name: '새 연락처' });
  await ko.getByRole('textbox', { name: '전화번호', exact: true }).fill('010-1234-5678');
  await expect(ko.getByText('대한민국 번호로 보여요. 기본 국가(미국)의 번호로는 맞지 않아요.')).toBeVisible();
  await expect(ko.getByRole('button', { name: '이 번호로 고치기: +82 10 1234 5678' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/setup-contact-hint-ko.png` });
});

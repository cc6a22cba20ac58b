/**
 * Settings → Prices (issue 13 point 2): the shop edits the rate table every estimate uses; a wrong price is named and
 * saves nothing; the table is kept in main's settings.json; going back to Shopcast's figures can be undone.
 * Screenshots in en, ko and zh-Hant at 1366×768 go to /tmp/shots (looked at by hand, not compared).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { goTo, openShop } from './shop';

test.use({ viewport: { width: 1366, height: 768 } });

async function storedRates(dataDir: string): Promise<unknown> {
  const parsed = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  return parsed.rateTable;
}

test('the shop sets its own prices; a wrong one is named; back to the defaults can be undone', async ({ page, host }) => {
  await openShop(page);
  await goTo(page, 'Settings');
  const card = page.getByRole('region', { name: 'Prices' });
  await expect(card.getByText('These are Shopcast’s starting figures, not yours yet.')).toBeVisible();

  const krMarketing = card.getByRole('textbox', { name: 'Marketing price for South Korea' });
  await expect(krMarketing).toHaveValue('0.03');
  await krMarketing.fill('-1');
  await card.getByRole('button', { name: 'Save prices' }).click();
  await expect(card.getByRole('alert')).toHaveText('A price must be a number from 0 to 10: South Korea · Marketing.');
  expect(await storedRates(host.dataDir)).toBeUndefined();

  await krMarketing.fill('0.0291');
  await card.getByRole('textbox', { name: 'Reply (service) price for South Korea' }).fill('0');
  await card.getByRole('combobox', { name: 'Add a country' }).selectOption('VN');
  await card.getByRole('button', { name: 'Add', exact: true }).click();
  await card.getByRole('textbox', { name: 'Marketing price for Vietnam' }).fill('0.02');
  await card.getByRole('button', { name: 'Save prices' }).click();
  await expect(page.getByText('Prices saved.')).toBeVisible();
  await expect(card.getByText('These are your own figures.')).toBeVisible();
  expect(await storedRates(host.dataDir)).toMatchObject({ rates: { KR: { MARKETING: 0.0291, SERVICE: 0 }, VN: { MARKETING: 0.02 } } });

  await page.reload();
  await goTo(page, 'Settings');
  await expect(page.getByRole('region', { name: 'Prices' }).getByRole('textbox', { name: 'Marketing price for South Korea' })).toHaveValue('0.0291');
  await page.getByRole('region', { name: 'Prices' }).screenshot({ path: '/tmp/shots/prices-en.png' });

  await page.getByRole('region', { name: 'Prices' }).getByRole('button', { name: 'Go back to Shopcast’s figures' }).click();
  await expect(page.getByText('Back to Shopcast’s figures.')).toBeVisible();
  expect(await storedRates(host.dataDir)).toBeUndefined();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('region', { name: 'Prices' }).getByRole('textbox', { name: 'Marketing price for Vietnam' })).toHaveValue('0.02');
  await expect.poll(() => storedRates(host.dataDir)).toMatchObject({ rates: { VN: { MARKETING: 0.02 } } });
});

for (const [lang, title, heading] of [
  ['ko', '설정', '메시지 요금'],
  ['zh-Hant', '設定', '訊息費用'],
] as const) {
  test(`the prices card in ${lang}`, async ({ page }) => {
    await openShop(page);
    await goTo(page, 'Settings');
    await page.getByRole('combobox', { name: 'Language' }).selectOption(lang);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const card = page.getByRole('region', { name: heading });
    await card.scrollIntoViewIfNeeded();
    await expect(card.getByRole('table')).toBeVisible();
    await card.screenshot({ path: `/tmp/shots/prices-${lang}.png` });
  });
}

/**
 * The Campaigns screen as a new user first sees it on a 1366×768 laptop (issue 11): a finished Sandbox campaign and
 * its recipients. Each card is read once by a screen reader (its name, then state, channel and progress in words, no
 * bare number from the bar), the detail sits beside the list without covering it, and a phone number never breaks
 * across lines. Screenshots in the three languages go to /tmp/shots/campaigns-<lang>.png.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { composeReady, nav, prepareShop } from './shop';

/** The laptop size the issue was reported on. */
const LAPTOP = { width: 1366, height: 768 };

async function finishedCampaign(page: Page, name: string): Promise<Locator> {
  await prepareShop(page, { label: 'Regulars', count: 4, phonePrefix: '010-4444-' });
  await composeReady(page, { name, text: '(광고) Hi {name}, spring flowers are in at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 4 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await expect(detail.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 30_000 });
  await dismissToasts(page);
  return detail;
}

/** "Sending started", "Settings saved" would cover the recipients in the screenshots. */
async function dismissToasts(page: Page): Promise<void> {
  // The region and its buttons are named in the UI language.
  const dismiss = page.locator('.toasts .toast button.icon-button');
  for (const button of await dismiss.all()) await button.click();
  await expect(dismiss).toHaveCount(0);
}

/** How many line boxes an inline element's text takes (one rectangle per line). */
function lineCount(cell: Locator): Promise<number> {
  return cell.evaluate((el) => el.getClientRects().length);
}

test('a campaign card has one name and one description, without the bar\'s bare number', async ({ page, pageProblems }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(LAPTOP);
  const detail = await finishedCampaign(page, 'Spring hello');
  const card = page.getByRole('list', { name: 'Campaign list' }).getByRole('button', { name: 'Spring hello', exact: true });
  await expect(card).toHaveAccessibleName('Spring hello');
  await expect(card).toHaveAccessibleDescription('Finished Sandbox 4 of 4 handled');
  // The detail's bar says the same in words as its value; the words beside it are not read a second time.
  const bar = detail.getByRole('progressbar', { name: 'Progress of Spring hello' });
  await expect(bar).toHaveAttribute('aria-valuetext', '4 of 4 handled');
  await expect(detail.locator('.progress-text')).toHaveAttribute('aria-hidden', 'true');
  // English counts take their plural: one recipient, several recipients.
  await expect(detail.getByText('4 recipients shown')).toBeVisible();
  await detail.getByRole('combobox', { name: 'Show' }).selectOption('waiting');
  await expect(detail.getByText('0 recipients shown')).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('at 1366×768 the detail sits beside the list and phone numbers stay on one line; screenshots in three languages', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  const detail = await finishedCampaign(page, 'Spring flowers are in: come and see the new bouquets');
  const list = page.getByRole('list', { name: 'Campaign list' });
  await expect(detail.getByRole('table', { name: 'Recipients' })).toBeVisible();
  // The detail's only table, whatever its name in the language shown.
  const rows = detail.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(4);

  const listBox = await list.boundingBox();
  const detailBox = await detail.boundingBox();
  expect(listBox && detailBox).toBeTruthy();
  if (!listBox || !detailBox) return;
  expect(listBox.x + listBox.width).toBeLessThanOrEqual(detailBox.x);
  // Nothing inside the list reaches past it either (a long name, the bar's text).
  const widest = await list.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(detailBox.x);
  // The detail fits the window: no sideways scrolling.
  expect(detailBox.x + detailBox.width).toBeLessThanOrEqual(LAPTOP.width);

  for (const row of await rows.all()) {
    const phone = row.locator('.cell-phone');
    await expect(phone).toHaveText(/^010-4444-10\d\d$/);
    expect(await lineCount(phone)).toBe(1);
  }

  for (const [lang, label, heading] of [
    ['en', 'English', 'Campaigns'],
    ['ko', '한국어', '캠페인'],
    ['zh-Hant', '繁體中文', '活動'],
  ] as const) {
    if (lang !== 'en') {
      await nav(page, 'settings');
      await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: label }) }).first().selectOption(lang);
      await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
      await expect(page.locator('.toasts .toast')).not.toHaveCount(0);
      await nav(page, 'campaigns');
    }
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(rows).toHaveCount(4);
    for (const row of await rows.all()) expect(await lineCount(row.locator('.cell-phone'))).toBe(1);
    await dismissToasts(page);
    await page.screenshot({ path: `/tmp/shots/campaigns-${lang}.png` });
  }
  expect(pageProblems).toEqual([]);
});

test('a reason in the campaign report opens that campaign with only those recipients, until "Show all"', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(LAPTOP);
  // One message a second: slow enough to cancel while most are still waiting, so they are skipped as cancelled.
  await prepareShop(page, { label: 'Weekend', count: 6, phonePrefix: '010-6666-', rate: 1 });
  await composeReady(page, { name: 'Weekend offer', text: '(광고) Hi {name}, weekend offer at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 6 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await detail.getByRole('button', { name: 'Cancel campaign' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cancel "Weekend offer"?' });
  // The count takes its English plural ("1 message", "5 messages").
  await expect(confirm).toHaveAccessibleDescription(/^Messages already sent stay sent\. The (1 message|([02-9]|\d\d+) messages) not sent yet will not be sent\. This cannot be undone\.$/);
  await confirm.getByRole('button', { name: 'Cancel campaign' }).click();
  await expect(detail.locator('.badge').first()).toHaveText('Cancelled', { timeout: 20_000 });
  const rows = detail.getByRole('table', { name: 'Recipients' }).getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(6);
  // The rows catch up with the cancel a moment after the campaign does.
  await expect(rows.filter({ hasText: /Not sent yet|Sending/ })).toHaveCount(0);
  const cancelled = await rows.filter({ hasText: 'the campaign was cancelled' }).count();
  expect(cancelled).toBeGreaterThan(0);

  // A second campaign on top of the list, so opening the first is a choice the report makes, not the default.
  await composeReady(page, { name: 'Later hello', text: '(광고) Hi {name}, see you soon at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 6 now$/ }).click();
  await expect(detail.getByRole('heading', { name: 'Later hello', level: 2 })).toBeVisible({ timeout: 20_000 });

  await nav(page, 'results');
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await page.getByRole('combobox', { name: 'Campaign' }).selectOption({ label: 'Weekend offer' });
  await page.getByRole('button', { name: 'the campaign was cancelled' }).click();

  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Weekend offer', level: 2 })).toBeVisible();
  await expect(detail.getByText(`Only: the campaign was cancelled (${cancelled})`)).toBeVisible();
  await expect(detail.getByRole('combobox', { name: 'Show' })).toHaveValue('skipped');
  await expect(rows).toHaveCount(cancelled);
  for (const row of await rows.all()) await expect(row).toContainText('the campaign was cancelled');
  await page.screenshot({ path: '/tmp/shots/campaigns-only-en.png' });

  await detail.getByRole('button', { name: 'Show all' }).click();
  await expect(detail.getByText(/^Only:/)).toHaveCount(0);
  await expect(detail.getByRole('combobox', { name: 'Show' })).toHaveValue('all');
  await expect(rows).toHaveCount(6);

  // The request was taken once: coming back to the screen shows the list as left, not narrowed again.
  await nav(page, 'results');
  await nav(page, 'campaigns');
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Later hello', level: 2 })).toBeVisible();
  await expect(detail.getByText(/^Only:/)).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

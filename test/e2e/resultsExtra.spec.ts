/**
 * Results, issue 11, end to end: a Sandbox campaign to 13 contacts (the Sandbox is seeded: its 13th message is not
 * delivered, so the report has a failure row), then a STOP from one recipient through the real webhook receiver
 * (signed like Meta's). The STOP counts in the campaign report and in the weekly review; a failure reason opens the
 * campaign's recipients; the heatmap and best-campaigns tables have names. Screenshots in the three languages.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postMessage, startReceiver } from './inbound';
import { composeReady, nav, prepareShop } from './shop';

const SECRET = 'e2e-app-secret';

/** One inbound text message, signed as Meta signs it (test/e2e/inbound.ts). */
const postText = (port: number, from: string, text: string, atMs: number) => postMessage(port, SECRET, { id: `wamid.e2e.${from}`, from, text, atMs });

async function shoot(page: Page, name: string, lang: string): Promise<void> {
  await mkdir('/tmp/shots', { recursive: true });
  // Toasts ("Settings saved.") would cover the figures: dismiss them first.
  for (const close of await page.locator('.toasts button.icon-button').all()) await close.click();
  await page.screenshot({ path: `/tmp/shots/results-${name}-${lang}.png` });
}

test('a STOP through the webhook counts in the campaign report and the weekly review; failure reasons open the recipients', async ({ page, pageProblems, clock }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepareShop(page, { label: 'Regulars', count: 13, phonePrefix: '010-7777-' });

  // The webhook receiver: an app secret and verify token, a free port, started from the Connect screen.
  const port = await startReceiver(page, SECRET);

  await composeReady(page, { name: 'Tulip week', text: '(광고) Hi {name}, fresh tulips today at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 13 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 60_000 });
  const recipients = detail.getByRole('table', { name: 'Recipients' });
  await expect(recipients.locator('.stage-waiting, .stage-sending, .stage-sent')).toHaveCount(0, { timeout: 90_000 });

  // Regulars 1 (010-7777-1000) writes STOP now: inside the 72 hours after the campaign's message to them.
  expect(await postText(port, '821077771000', 'STOP', clock.now())).toBe(200);

  await nav(page, 'results');
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await expect(page.getByRole('combobox', { name: 'Campaign' }).locator('option:checked')).toHaveText('Tulip week');
  const funnel = page.getByRole('region', { name: 'From queued to replied' });
  await funnel.getByRole('button', { name: 'Show as table' }).click();
  const step = (name: string) => funnel.getByRole('table').locator(`tr:has(th:text-is("${name}")) td`);
  await expect(step('Opted out')).toHaveText('1', { timeout: 20_000 });
  await expect(step('Queued')).toHaveText('13');

  const failures = page.getByRole('table', { name: 'Why messages did not go out' });
  await expect(failures).toBeVisible();
  await expect(failures.getByRole('button', { name: 'Other reasons' })).toBeVisible();
  await expect(page.getByText('(see the campaign’s recipients)')).toHaveCount(0);
  await failures.scrollIntoViewIfNeeded();
  await shoot(page, 'campaign', 'en');

  await page.getByRole('button', { name: 'Weekly review' }).click();
  await expect(page.locator('.results-facts dt:text-is("Opt-outs") + dd')).toHaveText('1', { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'When customers read and reply (shop time): Reads' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'When customers read and reply (shop time): Replies' })).toBeVisible();
  const best = page.getByRole('table', { name: 'Best campaigns' });
  await expect(best.getByRole('rowheader', { name: /Tulip week/ })).toBeVisible();
  await shoot(page, 'weekly', 'en');
  await best.scrollIntoViewIfNeeded();
  await shoot(page, 'weeklyBest', 'en');

  // A failure reason opens the Campaigns screen on that campaign.
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await failures.getByRole('button', { name: 'Other reasons' }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Tulip week', level: 2 })).toBeVisible();

  // Korean and Traditional Chinese.
  for (const [lang, settings, save, weekly, campaign, heat, bestName, funnelName, asTable] of [
    ['ko', 'Language', 'Save settings', '주간 리뷰', '캠페인 보고서', '고객이 읽고 답하는 시간 (가게 시간): 읽음', '성과가 좋은 캠페인', '대기에서 답장까지', '표로 보기'],
    ['zh-Hant', '언어', '설정 저장', '每週回顧', '活動報告', '客人閱讀與回覆的時間（店家時間）: 已讀', '成效最好的活動', '從排隊到回覆', '以表格顯示'],
  ] as const) {
    await nav(page, 'settings');
    await page.getByRole('combobox', { name: settings }).selectOption(lang);
    await page.getByRole('button', { name: save }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await nav(page, 'results');
    await page.getByRole('button', { name: weekly }).click();
    await expect(page.getByRole('table', { name: heat })).toBeVisible();
    await expect(page.getByRole('table', { name: bestName })).toBeVisible();
    await shoot(page, 'weekly', lang);
    await page.getByRole('table', { name: bestName }).scrollIntoViewIfNeeded();
    await shoot(page, 'weeklyBest', lang);
    await page.getByRole('button', { name: campaign }).click();
    await page.getByRole('region', { name: funnelName }).getByRole('button', { name: asTable }).click(); // with its opt-out row
    const reason = page.locator('.results-table button.link-button').first();
    await expect(reason).toBeVisible();
    await reason.scrollIntoViewIfNeeded();
    await shoot(page, 'campaign', lang);
  }

  expect(pageProblems).toEqual([]);
});

/**
 * Quiet hours on the fixture's clock (never the machine's): the test's world starts at 05:58:30 in Seoul, inside the
 * 00:00–06:00 quiet hours of the Korean customers, so a campaign sent "now" must wait, and go by itself once the
 * clock passes 06:00. This is the test that failed at night before the clock was injected (it sent at once by day
 * and waited for hours at night); it passes whatever the machine's time and TZ are.
 */
import { expect, test } from './fixtures';
import { composeReady, prepareShop } from './shop';

const SIX_IN_SEOUL = Date.parse('2026-12-02T06:00:00+09:00');
// 90 seconds before six: room for the setup below on a busy machine, then a wait of about a minute.
test.use({ clockStart: '2026-12-02T05:58:30+09:00' });

test('a campaign sent just before 06:00 in Seoul waits through quiet hours, then sends once the clock passes 06:00', async ({ page, pageProblems, clock }) => {
  test.setTimeout(210_000);
  await prepareShop(page, { label: 'Early birds', count: 3, phonePrefix: '010-6060-' });
  // Not a promotion: quiet hours hold every message, while a promotion to +82 numbers would wait until 08:00 (§2b).
  await composeReady(page, { name: 'Morning market', text: 'Hi {name}, your order is ready for pickup at {shop} from 06:00. Reply STOP to unsubscribe.', informational: true });
  // The shop pressed send inside quiet hours (the setup above takes seconds, not a minute and a half).
  expect(clock.now()).toBeLessThan(SIX_IN_SEOUL - 5_000);
  await page.getByRole('button', { name: /^Send to 3 now$/ }).click();

  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await expect(detail.getByRole('heading', { name: 'Morning market', level: 2 })).toBeVisible();
  // Waiting, with the quiet hours as the reason, and nobody handled while the clock is before 06:00.
  await expect(detail.getByText(/00:00.*06:00/)).toBeVisible({ timeout: 20_000 });
  await expect(detail.locator('.progress-text')).toHaveText('0 of 3 handled');
  expect(clock.now()).toBeLessThan(SIX_IN_SEOUL);

  // At 06:00 the engine wakes by itself and sends to everyone.
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 120_000 });
  expect(clock.now()).toBeGreaterThanOrEqual(SIX_IN_SEOUL);
  await expect(detail.locator('.progress-text')).toHaveText('3 of 3 handled');
  expect(pageProblems).toEqual([]);
});

/**
 * The campaign report's cost (issue 13 point 2): estimated beside actual. A Sandbox campaign to six Korean numbers:
 * the estimate is the rate table × six recipients at the marketing price (the default table's KR marketing rate,
 * 0.03 USD, so $0.18), the actual says none (the Sandbox is not billed), and the table's date and source are shown.
 * A Cloud API campaign with reported pricing is covered by the unit tables (journal.test.ts, costs.test.ts), since
 * the webhook path does not yet hand pricing to the campaigns (ARCHITECTURE.md, departures).
 */
import { expect, test } from './fixtures';
import { composeReady, nav, prepareShop } from './shop';

test('the campaign report shows the estimated cost beside the actual one, with the rate table’s date and source', async ({ page, pageProblems }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await prepareShop(page, { label: 'Regulars', count: 6, phonePrefix: '010-6666-' });
  await composeReady(page, { name: 'Cost check', text: '(광고) Hi {name}, fresh tulips today at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 6 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });

  await nav(page, 'results');
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await expect(page.getByRole('combobox', { name: 'Campaign' }).locator('option:checked')).toHaveText('Cost check');
  const cost = page.getByTestId('results-cost');
  const fact = (name: string) => cost.locator(`dt:text-is("${name}") + dd`);
  await expect(fact('Estimated')).toHaveText('$0.18');
  await expect(fact('Actual')).toHaveText('None (Sandbox)');
  await expect(cost.getByText('Estimated: 6 recipients billed as Marketing, if every message is delivered.')).toBeVisible();
  await expect(cost.getByText(/^Prices from your rate table of 2026-10-01 \(Settings → Prices\)\. Source: DOMAIN\.md §2 examples/)).toBeVisible();
  await cost.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/results-cost-en.png' });
  expect(pageProblems).toEqual([]);
});

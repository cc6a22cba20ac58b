/**
 * Results (issue 6) end to end: a small Sandbox campaign sent through the real screens and core, then its campaign
 * report and the weekly review checked against the Campaigns screen's own counts, the report's CSV download checked
 * for the same figures, a chart saved as a real PNG, and the printable summary without the app's frame.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { composeReady, nav, prepareShop } from './shop';

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

test('a Sandbox campaign’s report and the weekly review match the Campaigns screen, and export as CSV, PNG and print', async ({ page, pageProblems }) => {
  test.setTimeout(150_000);
  await prepareShop(page, { label: 'Regulars', count: 6, phonePrefix: '010-6666-' });
  await composeReady(page, { name: 'Results check', text: '(광고) Hi {name}, fresh tulips today at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 6 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });

  // The report follows the campaign live: opened while it sends (the Sandbox delivers 2 s or more after each send),
  // its Delivered figure moves without the screen being reopened.
  await nav(page, 'results');
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await expect(page.getByRole('combobox', { name: 'Campaign' }).locator('option:checked')).toHaveText('Results check');
  const funnel = page.getByRole('region', { name: 'From queued to replied' });
  await funnel.getByRole('button', { name: 'Show as table' }).click();
  const step = (name: string) => funnel.getByRole('table').locator(`tr:has(th:text-is("${name}")) td`);
  const deliveredAtOpen = (await step('Delivered').textContent()) ?? '';
  await expect(step('Delivered')).not.toHaveText(deliveredAtOpen, { timeout: 60_000 });
  await nav(page, 'campaigns');

  const detail = page.locator('.campaign-detail');
  await expect(detail.getByRole('heading', { name: 'Results check', level: 2 })).toBeVisible();
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 30_000 });

  // Settled: no recipient still waiting, sending, or sent without a delivery status yet (the Sandbox reports
  // delivered, or a delivery failure, within about a minute). Read statuses come a minute or more later.
  const recipients = detail.getByRole('table', { name: 'Recipients' });
  await expect(recipients.locator('.stage-delivered, .stage-read, .stage-replied').first()).toBeVisible({ timeout: 40_000 });
  await expect(recipients.locator('.stage-waiting, .stage-sending, .stage-sent')).toHaveCount(0, { timeout: 70_000 });
  const count = async (name: string) => Number(await detail.getByRole('definition').and(detail.locator(`dt:text-is("${name}") + dd`)).textContent());
  const sent = await count('Accepted by WhatsApp');
  const delivered = await count('Delivered');
  expect(sent).toBeGreaterThan(0);
  expect(delivered).toBeGreaterThan(0);

  // The campaign report: the funnel's Sent and Delivered are the Campaigns screen's figures.
  await nav(page, 'results');
  await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Campaign report' }).click();
  await expect(page.getByRole('combobox', { name: 'Campaign' })).toHaveValue(/.+/);
  await expect(page.getByRole('combobox', { name: 'Campaign' }).locator('option:checked')).toHaveText('Results check');
  await funnel.getByRole('button', { name: 'Show as table' }).click();
  await expect(step('Sent')).toHaveText(String(sent));
  await expect(step('Delivered')).toHaveText(String(delivered));
  await expect(step('Queued')).toHaveText('6');

  // Its CSV carries the same figures, with a BOM.
  const csv = await downloadText(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  expect(csv.name).toBe('Results check-report.csv');
  const text = csv.bytes.toString('utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines[0]).toBe('Campaign report,Results check');
  const funnelAt = lines.indexOf('From queued to replied');
  expect(funnelAt).toBeGreaterThan(0);
  expect(lines[funnelAt + 1]).toBe('Step,Count');
  const funnelLines = lines.slice(funnelAt + 2, funnelAt + 10);
  expect(funnelLines).toContain('Queued,6');
  expect(funnelLines).toContain(`Sent,${sent}`);
  expect(funnelLines).toContain(`Delivered,${delivered}`);

  // XLSX: a real workbook (a zip).
  const xlsx = await downloadText(page, () => page.getByRole('button', { name: 'Export XLSX' }).click());
  expect(xlsx.name).toBe('Results check-report.xlsx');
  expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  // The funnel chart as a PNG picture of the chart's size (twice, for sharpness).
  await funnel.getByRole('button', { name: 'Show as chart' }).click();
  const png = await downloadText(page, () => funnel.getByRole('button', { name: 'Save “From queued to replied” as a PNG picture' }).click());
  expect(png.name).toBe('From queued to replied.png');
  expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const chartWidth = await funnel.locator('.recharts-wrapper').evaluate((e) => Math.round(e.getBoundingClientRect().width));
  const chartHeight = await funnel.locator('.recharts-wrapper').evaluate((e) => Math.round(e.getBoundingClientRect().height));
  expect(png.bytes.readUInt32BE(16)).toBe(chartWidth * 2);
  expect(png.bytes.readUInt32BE(20)).toBe((chartHeight + 32) * 2); // with the title band on top
  expect(png.bytes.length).toBeGreaterThan(3_000); // not a blank picture

  // The weekly review: this week's Sent is the campaign's.
  await page.getByRole('button', { name: 'Weekly review' }).click();
  await expect(page.locator('.results-facts dt:text-is("Sent") + dd')).toHaveText(String(sent));
  const monday = await page.getByLabel('Week starting').inputValue();
  const weekly = (await downloadText(page, () => page.getByRole('button', { name: 'Export CSV' }).click())).bytes.toString('utf8');
  expect(weekly.split('\r\n')).toContainEqual(expect.stringMatching(new RegExp(`^${monday},${sent},${delivered},`)));

  // A heatmap as a PNG: drawn from its figures, 24 hours × 7 days of 30 × 24 px cells plus headings, margins and the
  // title band, at twice the size.
  const heatmap = page.getByRole('region', { name: 'When customers read and reply (shop time): Reads' });
  const heatPng = await downloadText(page, () => heatmap.getByRole('button', { name: 'Save “When customers read and reply (shop time): Reads” as a PNG picture' }).click());
  expect(heatPng.name).toBe('When customers read and reply (shop time)_ Reads.png');
  expect(heatPng.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(heatPng.bytes.readUInt32BE(16)).toBe((12 * 2 + 56 + 24 * 30) * 2);
  expect(heatPng.bytes.readUInt32BE(20)).toBe((12 * 2 + 22 + 7 * 24 + 32) * 2);

  // Print: window.print() is called, and in print the app's frame and the buttons are gone, the figures stay.
  await page.evaluate(() => {
    Reflect.set(window, '__printed', 0);
    window.print = () => Reflect.set(window, '__printed', Number(Reflect.get(window, '__printed')) + 1);
  });
  await page.getByRole('button', { name: 'Print summary' }).click();
  expect(await page.evaluate(() => Reflect.get(window, '__printed'))).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-nav')).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.locator('.status-bar')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden();
  await expect(page.locator('.results-facts dt:text-is("Sent") + dd')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.app-nav')).toBeVisible();

  // The same words again to the same label: the checklist says who already received them and offers to leave them out.
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill('Results check again');
  await page.getByRole('textbox', { name: 'Text' }).fill('(광고) Hi {name}, fresh tulips today at {shop}.  Reply STOP to unsubscribe. STOP 회신 시 수신 거부'); // spacing differs: same content
  await page.getByRole('button', { name: 'Next' }).click();
  const checklist = page.getByRole('list', { name: 'Checklist' });
  const same = checklist.getByRole('listitem').filter({ hasText: 'already received this same message' });
  await expect(same).toContainText(`${sent} recipient${sent === 1 ? '' : 's'} already received this same message`);
  await same.getByRole('button', { name: sent === 1 ? 'Leave this 1 person out' : `Leave these ${sent} people out` }).click();
  await expect(checklist.getByText('already received this same message')).toHaveCount(0);

  expect(pageProblems).toEqual([]);
});

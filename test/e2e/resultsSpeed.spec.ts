/**
 * "How fast you answer" in the weekly review (issue 14 point 7), in the browser host with the real core: two
 * customers write through the signed webhook path; the card counts two waits, one of them (high: a payment problem,
 * due in 15 minutes) past due once the page's clock has moved 20 minutes on, the other (medium, an hour) not due
 * yet, says every hour is counted, and the week's headline figures carry the share answered in time. Screenshot at
 * 1366x768.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { postMessage, startReceiver } from './inbound';
import { addContact, nav, openShop } from './shop';

const SECRET = 'e2e-speed-secret';

test('the weekly review shows how fast the shop answers', async ({ page, clock }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openShop(page);
  await addContact(page, { name: 'Tom Baker', phone: '010-7777-3001' });
  await addContact(page, { name: 'Mina Park', phone: '010-7777-3002' });
  const port = await startReceiver(page, SECRET);
  expect(await postMessage(port, SECRET, { id: 'wamid.speed.1', from: '821077773001', text: 'My payment failed twice', atMs: clock.now() })).toBe(200);
  expect(await postMessage(port, SECRET, { id: 'wamid.speed.2', from: '821077773002', text: 'Do you have tulips in stock?', atMs: clock.now() })).toBe(200);
  await nav(page, 'inbox');
  await expect(page.getByText('Do you have tulips in stock?')).toBeVisible({ timeout: 20_000 });

  await page.clock.fastForward('20:00');
  await nav(page, 'results');
  const card = page.getByTestId('results-speed');
  await expect(card.getByRole('heading', { name: 'How fast you answer' })).toBeVisible({ timeout: 20_000 });
  const fact = (term: string) => card.locator(`dt:text-is("${term}") + dd`);
  await expect(fact('Customer waits')).toHaveText('2');
  await expect(fact('Unanswered, past due')).toHaveText('1');
  await expect(fact('Unanswered, not due yet')).toHaveText('1');
  await expect(fact('Answered in time')).toHaveText('0%');
  await expect(card.getByText('All hours counted: business hours are not set, so nights and days off count too.')).toBeVisible();
  const high = card.getByRole('table').first().locator('tr:has(th:text-is("High")) td');
  await expect(high).toHaveText(['15 minutes', '1', '0', '0%']);
  await expect(page.locator('.results-facts').first().locator('dt:text-is("Answered in time") + dd')).toHaveText('0%');

  await mkdir('/tmp/shots', { recursive: true });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/results-speed-en.png' });
});

test('with business hours set on the Automation screen, the times count only those hours, and the card says so', async ({ page, host }) => {
  // The shop's hours as the Automation screen saves them (main reads automation.json when asked).
  const day = [['10:00', '19:00']];
  await writeFile(join(host.dataDir, 'automation.json'), JSON.stringify({ keywordReplies: [], businessHours: { timeZone: 'Asia/Seoul', days: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] } } }));
  await openShop(page);
  await nav(page, 'results');
  const card = page.getByTestId('results-speed');
  const only = page.getByRole('checkbox', { name: 'Count business hours only in how fast you answer' });
  await expect(only).toBeChecked({ timeout: 20_000 });
  await expect(card.getByText(/^Business hours only \(as set on the Automation screen\)/)).toBeVisible();
  await only.uncheck();
  await expect(card.getByText(/^All hours counted, nights and days off too \(business hours are set/)).toBeVisible();
});

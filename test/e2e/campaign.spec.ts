/**
 * A campaign from start to finish through the real screens, the real core and the Sandbox channel: a label's
 * opted-in customers, a message without an opt-out line (blocked), the one-click fix, a test send, the real send,
 * pause and resume while it runs, and every recipient handled in the end. The hour is the fixture's clock, never the
 * machine's: a Seoul late morning, except in the quiet-hours test, which starts just before 06:00 in Seoul.
 */
import { readFile } from 'node:fs/promises';
import { expect, localInputValue, test } from './fixtures';
import { composeReady, contactRow, goTo, nav, prepareShop } from './shop';

test('build a Sandbox campaign for a label: a block, its fix, a test send, send, pause, resume, finish', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  // At 2 messages a second the send takes about ten seconds: long enough to pause it mid-send.
  await prepareShop(page, { label: 'VIP', count: 24, phonePrefix: '010-5555-', rate: 2 });

  // 1. Audience: the VIP label.
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await expect(page.locator('.audience-count strong')).toHaveText('24');

  // 2. Message: no opt-out line.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill('Winter sale');
  await page.getByRole('textbox', { name: 'Text' }).fill('(광고) Hi {name}, our winter sale starts today at {shop}.');
  await expect(page.locator('.bubble').first()).toContainText('our winter sale starts today');

  // 3. Checklist: the missing opt-out line blocks; the fix adds it.
  await page.getByRole('button', { name: 'Next' }).click();
  const checklist = page.getByRole('list', { name: 'Checklist' });
  await expect(checklist.locator('.check-block')).not.toHaveCount(0);
  await checklist.getByRole('button', { name: 'Add an opt-out line' }).click();
  await expect(checklist.locator('.check-block')).toHaveCount(0);
  // Warnings need a deliberate acknowledgement.
  for (const box of await checklist.getByRole('checkbox', { name: 'I understand, send anyway' }).all()) await box.check();
  await expect(page.getByText(/^Ready: 24 recipients/)).toBeVisible();

  // 4. Test send to 10 %.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Send the test' }).click();
  await expect(page.getByText(/The test went to \d+ people/)).toBeVisible({ timeout: 20_000 });

  // 5. Send the rest now.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: /^Send to \d+ now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('list', { name: 'Campaign list' }).getByRole('button', { name: /^Winter sale(?! \()/ }).click();
  const detail = page.locator('.campaign-detail');
  await expect(detail.getByRole('heading', { name: 'Winter sale', level: 2 })).toBeVisible();

  // At 2 a second the send takes about ten seconds: pause it while it runs, see it hold, resume.
  await detail.getByRole('button', { name: 'Pause' }).click();
  await expect(detail.getByRole('button', { name: 'Resume' })).toBeVisible();
  // Main sends the reason as a code; the screen words it (main's own English would be "Paused by the person.").
  await expect(detail.locator('.campaign-why')).toHaveText('Why: You paused it.');
  const held = await detail.locator('.progress-text').textContent();
  await page.waitForTimeout(1_500);
  await expect(detail.locator('.progress-text')).toHaveText(held ?? '');
  await detail.getByRole('button', { name: 'Resume' }).click();
  await expect(detail.locator('.badge.state-finished, .badge:has-text("Finished")').first()).toBeVisible({ timeout: 60_000 });
  await expect(detail.locator('.progress-text')).toHaveText(/^(\d+) of \1 handled$/);
  // Every recipient is listed with a status.
  await expect(detail.getByRole('table', { name: 'Recipients' }).getByRole('row')).not.toHaveCount(1);
  // The draft it came from is finished: not offered again among the drafts.
  await nav(page, 'wizard');
  await expect(page.getByRole('button', { name: 'Start a new campaign' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Winter sale', exact: true })).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('a scheduled campaign waits for its time, then sends by itself', async ({ page, pageProblems, clock }) => {
  test.setTimeout(150_000);
  await prepareShop(page, { label: 'Regulars', count: 4, phonePrefix: '010-7777-' });
  await composeReady(page, { name: 'Saturday reminder', text: '(광고) Hi {name}, see you Saturday at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });

  // The next whole minute (the time field has minute precision), at least 5 seconds away.
  const at = new Date(Math.ceil((clock.now() + 5_000) / 60_000) * 60_000);
  await page.getByRole('radio', { name: 'At a time I choose' }).check();
  // The page's zone is the config's timezoneId (the shop's computer in Seoul).
  await page.getByLabel('Start at').fill(localInputValue(at.getTime(), 'Asia/Seoul'));
  await page.getByRole('button', { name: /^Schedule for 4$/ }).click();

  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await expect(detail.getByRole('heading', { name: 'Saturday reminder', level: 2 })).toBeVisible();
  await expect(detail.locator('.badge').first()).toHaveText('Scheduled');
  expect(clock.now()).toBeLessThan(at.getTime());
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 100_000 });
  expect(clock.now()).toBeGreaterThanOrEqual(at.getTime());
  await expect(detail.locator('.progress-text')).toHaveText('4 of 4 handled');
  expect(pageProblems).toEqual([]);
});

test('Assisted: each chat is prepared, the person marks it sent or skips it by key, and the campaign finishes', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  await prepareShop(page, { label: 'Neighbours', count: 3, phonePrefix: '010-8888-' });
  await composeReady(page, { name: 'New stock', channel: /WhatsApp Business app/, text: '(광고) Hi {name}, new stock is in at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 3 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });

  const panel = page.getByRole('region', { name: 'Send with WhatsApp Business' });
  await expect(panel.getByText('Message 1 of 3 in "New stock"')).toBeVisible({ timeout: 20_000 });
  await expect(panel.locator('.bubble')).toHaveText(/^\(광고\) Hi Neighbours \d, new stock is in at Mina Flowers\. Reply STOP to unsubscribe\. STOP 회신 시 수신 거부$/);
  await panel.getByRole('button', { name: 'I sent it' }).click();
  await expect(panel.getByText('Message 2 of 3 in "New stock"')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('k'); // skip this one
  await expect(panel.getByText('Message 3 of 3 in "New stock"')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('s'); // sent
  await expect(panel).toBeHidden({ timeout: 20_000 });

  const detail = page.locator('.campaign-detail');
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 20_000 });
  await expect(detail.getByRole('table', { name: 'Recipients' }).getByText('you skipped it')).toBeVisible();

  // Each contact's history shows what they were sent and where it got to.
  await goTo(page, 'Contacts');
  await contactRow(page, 'Neighbours 2').click();
  const history = page.getByRole('dialog', { name: 'Edit contact' }).getByRole('region', { name: 'Messages and replies' });
  await expect(history.getByText(/^New stock: (Skipped|Sent)$/)).toBeVisible();
  // …and exports it all as CSV: the contact on top, then each message with its campaign and where it got to.
  const [download] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('Contact history Neighbours 2.csv');
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv).toMatch(/^\ufeffContact history,Neighbours 2,\+\d{9,15}\r\n/);
  expect(csv).toMatch(/\r\nNew stock,no,,(Skipped|Sent),/);
  expect(pageProblems).toEqual([]);
});

test('the audience can leave out people who did not read the last message within 48 hours', async ({ page, pageProblems }) => {
  await prepareShop(page, { label: 'Regulars', count: 3, phonePrefix: '010-7777-' });
  // Two earlier messages as the results store keeps them, sent three days ago: one read within the hour, one never.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shopcast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const sent = Date.now() - 72 * 3_600_000;
    const tx = db.transaction('recipients', 'readwrite');
    const row = (n: number, contact: string, readAt?: number) => ({ job: `old-${n}`, campaign: 'old', contact, phase: 'accepted', attempts: 1, rev: n, acceptedAt: sent, deliveredAt: sent + 60_000, ...(readAt ? { readAt, delivery: 'read' } : { delivery: 'delivered' }), at: readAt ?? sent + 60_000 });
    tx.objectStore('recipients').put(row(1, '+821077771000', sent + 1_800_000));
    tx.objectStore('recipients').put(row(2, '+821077771001'));
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  const count = page.locator('.audience-count strong');
  await expect(count).toHaveText('3');
  await page.getByRole('checkbox', { name: 'Leave out people who did not read the last message within 48 hours' }).check();
  await expect(count).toHaveText('2');
  await expect(page.getByText('1 did not read the last message within 48 hours')).toBeVisible();
  expect(pageProblems).toEqual([]);
});

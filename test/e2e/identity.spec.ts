/**
 * A customer WhatsApp shows only by username (issue 13 point 1, DOMAIN.md §2 "Identity"): no phone number, a
 * business-scoped user id (BSUID) and a username. Through the browser host's real, signed webhook receiver: their
 * message is kept and shown in the Inbox under their @username, and their STOP puts that user id on main's
 * suppression list (suppression.jsonl on disk, read back here), with the one confirmation not sent (no Cloud API
 * connection in this folder). Time: the fixture's clock.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { startReceiver } from './inbound';
import { contactRow, contactRows, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-identity-secret';
const USER_ID = 'KR.1349208776314095';

async function postUsernameOnly(port: number, m: { id: string; text: string; atMs: number }): Promise<number> {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'waba',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              contacts: [{ user_id: USER_ID, profile: { name: 'Mina', username: 'mina.flowers' } }],
              messages: [{ id: m.id, from_user_id: USER_ID, timestamp: String(Math.floor(m.atMs / 1000)), type: 'text', text: { body: m.text } }],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  return r.status;
}

test('a username-only customer writes and then STOPs: kept under their @username, suppressed by their user id', async ({ page, host, clock }) => {
  test.setTimeout(90_000);
  await openShop(page, { country: 'KR' });
  const port = await startReceiver(page, SECRET);

  expect(await postUsernameOnly(port, { id: 'wamid.U1', text: '배송 언제 와요?', atMs: clock.now() })).toBe(200);
  await nav(page, 'inbox');
  const row = page.locator('.inbox-row').filter({ hasText: '@mina.flowers' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('배송 언제 와요?');

  expect(await postUsernameOnly(port, { id: 'wamid.U2', text: 'STOP', atMs: clock.now() })).toBe(200);
  // Acknowledged only once stored: the entry is on disk when the 200 came back.
  // Each line is the journal's envelope {"c": checksum, "r": record}.
  const lines = (await readFile(join(host.dataDir, 'suppression.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { r: { contact?: string; userId?: string; reason?: string } }).r);
  expect(lines.some((e) => (e.contact === USER_ID || e.userId === USER_ID) && e.reason === 'opted_out')).toBe(true);
  // The conversation shows the STOP at the top of the list (an opt-out is high priority).
  await expect(page.locator('.inbox-row').first()).toContainText('@mina.flowers', { timeout: 20_000 });
  await expect(page.locator('.inbox-row').first()).toContainText('STOP');
});

test('a file with a customer known only by their WhatsApp user id: imported, merged by the id, shown as @username and found by the id', async ({ page }) => {
  await openShop(page, { country: 'KR' });
  await page.getByRole('navigation').getByRole('button', { name: 'Import', exact: true }).click();
  const csv = `name,phone,user_id,username\r\nMina,,${USER_ID},mina.flowers\r\nBen,010-2222-3333,,\r\nMina K,,${USER_ID},\r\n`;
  await page.getByLabel('Choose a file').setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('New contacts2');
  await expect(counts).toContainText('Duplicates within the file (merged)1');
  await page.getByRole('button', { name: 'Import 2 contacts' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported: 2 new, 0 updated.');

  await goTo(page, 'Contacts');
  await expect(contactRows(page)).toHaveCount(2);
  await expect(contactRow(page, 'Mina')).toContainText('@mina.flowers');
  const search = page.getByRole('searchbox', { name: 'Search by name or phone' });
  await search.fill('KR.13492');
  await expect(contactRows(page)).toHaveCount(1);
  await expect(contactRows(page).first()).toContainText('Mina');
  await search.fill('@mina');
  await expect(contactRows(page)).toHaveCount(1);
});

/**
 * Staff at the counter and conversation state in main (issue 14 points 5–6, "Headless too"), in the browser host
 * with the real core: a customer writes through the signed webhook; the shop adds two staff names, the first is at
 * the counter; the conversation is assigned (and shows in Mine), answered on the Sandbox (the answer says who sent
 * it) and marked done. That state is main's: a reload shows it again, and `shopcast inbox list`'s reader on the host's
 * data folder sees the conversation done and assigned, as the screen does.
 */
import { expect, test } from './fixtures';
import { postMessage, startReceiver } from './inbound';
import { nav, openShop } from './shop';
import { nodeJournalFs } from '../../electron/adapters/journalFs';
import { readConversations } from '../../electron/cli/inbox';

const SECRET = 'e2e-staff-secret';

test('staff at the counter: assign, Mine, an answer that says who sent it, done kept by main and seen by the CLI', async ({ page, pageProblems, host, clock }) => {
  test.setTimeout(120_000);
  await openShop(page, { country: 'KR' });
  const port = await startReceiver(page, SECRET);
  expect(await postMessage(port, SECRET, { id: 'wamid.e2e.staff.1', from: '821055550000', text: '결제가 안 돼요', atMs: clock.now() })).toBe(200);

  await nav(page, 'inbox');
  const row = page.locator('ol.inbox-list > li').first();
  await expect(row).toBeVisible({ timeout: 20_000 });

  // Two names on this PC; the first one added is at the counter.
  await page.getByRole('button', { name: 'Staff…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Staff on this PC' });
  await dialog.getByRole('textbox', { name: 'New name' }).fill('Jin');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByRole('listitem')).toHaveCount(1);
  await dialog.getByRole('textbox', { name: 'New name' }).fill('민지');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  const counter = page.getByRole('combobox', { name: 'At the counter' });
  await expect(counter).toHaveValue('Jin');

  // Mine is empty until the conversation is Jin's.
  const views = page.getByRole('group', { name: 'Views' });
  await views.getByRole('button', { name: 'Mine' }).click();
  await expect(page.getByText('Nothing is assigned to you.')).toBeVisible();
  await views.getByRole('button', { name: 'Needs an answer' }).click();
  await row.locator('.inbox-row').click();
  const conversation = page.locator('.inbox-conversation');
  await conversation.getByRole('combobox', { name: 'Assigned to' }).selectOption('Jin');
  await expect(row.locator('.inbox-assignee')).toHaveText('Assigned: Jin');
  await expect(conversation.locator('.thread-event')).toHaveText([/^Assigned to Jin · /]);
  await views.getByRole('button', { name: 'Mine' }).click();
  await expect(page.locator('ol.inbox-list > li')).toHaveCount(1);

  // The answer records who sent it.
  await conversation.getByRole('textbox', { name: 'Answer' }).fill('확인해 드릴게요.');
  await conversation.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(conversation.locator('.bubble-ours .bubble-meta').last()).toContainText('by Jin', { timeout: 20_000 });

  // Done: kept by main, so a reload (a fresh copy pull) shows it, and the CLI's reader agrees.
  await conversation.getByRole('button', { name: 'Mark done' }).click();
  await views.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('ol.inbox-list > li')).toHaveCount(1);
  await page.reload();
  await nav(page, 'inbox');
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('ol.inbox-list > li .inbox-assignee')).toHaveText('Assigned: Jin');
  await expect(page.getByRole('combobox', { name: 'At the counter' })).toHaveValue('Jin');
  const listed = await readConversations(nodeJournalFs, host.dataDir, 'all', clock.now());
  expect(listed).toMatchObject([{ identity: '+821055550000', phone: '+821055550000', status: 'done', assignee: 'Jin', unread: 0, lastMessage: { text: '결제가 안 돼요' } }]);
  expect(pageProblems).toEqual([]);
});

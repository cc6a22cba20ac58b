/**
 * Issue 14 points 2 and 5 end to end, in the browser host with the real core:
 * - the customer panel beside a conversation: a customer writes (through the host's real webhook receiver, signed as
 *   Meta signs), the person writes a note (saved on leaving the box and on Ctrl+Enter; Esc puts back the saved text
 *   with Undo; too long is said and nothing is cut), adds a label and removes one (with Undo), reloads, and both are
 *   still there;
 * - the shop's triage rules in Settings → Inbox: a rule of the shop's own with its words and reason, a word added to
 *   a built-in rule, a rule switched off, a word removed and put back with Undo, "Try a message" showing the priority
 *   and reason at once, all kept in main's settings.json (read back from the real file) and there after a reload;
 *   a customer's message with the shop's word is then high priority in the Inbox and for `shopcast inbox list`,
 *   which reads that file (the real CLI bundle on the host's data folder).
 *
 * Time: the host and the page start at the fixture's instant (a Seoul late morning); message times are the host's
 * clock (`clock.now()`), never the wall clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postMessage, startReceiver } from './inbound';
import { addContact, createLabel, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-panel-secret';
const MINJI = { name: '김민지', phone: '010-7777-2000', waId: '821077772000' };
const CLI = fileURLToPath(new URL('../../dist/cli/shopcast.mjs', import.meta.url));

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir('/tmp/shots', { recursive: true });
  for (const close of await page.locator('.toasts button.icon-button').all()) await close.click().catch(() => undefined);
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
}

const toast = (page: Page, text: string | RegExp) => page.locator('.toasts').getByText(text).last();

test('notes and labels edited in place in the customer panel stay after a reload', async ({ page, pageProblems, clock }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openShop(page, { country: 'KR' });
  await goTo(page, 'Labels');
  await createLabel(page, 'Regulars');
  await createLabel(page, 'VIP');
  await goTo(page, 'Contacts');
  await addContact(page, { ...MINJI, labels: ['Regulars'] });
  const port = await startReceiver(page, SECRET);
  expect(await postMessage(port, SECRET, { id: 'wamid.e2e.panel.1', from: MINJI.waId, text: '내일 꽃다발 예약할 수 있나요?', atMs: clock.now() })).toBe(200);

  await nav(page, 'inbox');
  const row = page.locator('ol.inbox-list > li').filter({ hasText: MINJI.name });
  await row.locator('.inbox-row').click({ timeout: 20_000 });
  const panel = page.getByRole('complementary', { name: 'Customer' });
  await expect(panel).toBeVisible();
  // What the panel knows: one message, no campaign. (New or returning compares the contact's creation, on the
  // page's clock, with the message's time, on the host's, seconds apart here: customerFacts.test.ts covers it.)
  await expect(panel.locator('dt', { hasText: 'Messages from them' }).locator('+ dd')).toHaveText('1');
  await expect(panel.locator('dt', { hasText: 'Campaigns received' }).locator('+ dd')).toHaveText('0');

  // A note, saved when the box is left.
  const notes = panel.getByRole('textbox', { name: 'Notes' });
  await notes.fill('Prefers white tulips.');
  await notes.press('Tab');
  await expect(toast(page, 'Notes saved.')).toBeVisible();
  // More, saved with Ctrl+Enter while still in the box.
  await notes.click();
  await notes.press('End');
  await notes.pressSequentially(' Pick-up on Fridays.');
  await notes.press('Control+Enter');
  await expect(toast(page, 'Notes saved.')).toHaveCount(1);
  await expect(notes).toBeFocused();
  // Esc puts back the saved notes; Undo brings the typed text back; Esc again, and the saved text stays.
  await notes.pressSequentially(' oops');
  await notes.press('Escape');
  await expect(notes).toHaveValue('Prefers white tulips. Pick-up on Fridays.');
  await expect(page.getByRole('region', { name: `Conversation with ${MINJI.name}` })).toBeVisible(); // Esc did not close it
  await page.locator('.toasts .toast', { hasText: 'Put back the saved notes.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(notes).toHaveValue('Prefers white tulips. Pick-up on Fridays. oops');
  await notes.focus();
  await notes.press('Escape');
  await expect(notes).toHaveValue('Prefers white tulips. Pick-up on Fridays.');
  // Too long: said, not saved, not cut.
  await notes.fill('x'.repeat(2_001));
  await expect(panel.getByRole('alert')).toHaveText('Notes can be 2000 characters at most; these are 2001. Shorten them to save.');
  await notes.press('Tab');
  await expect(notes).toHaveValue('x'.repeat(2_001));
  await notes.focus();
  await notes.press('Escape');
  await expect(notes).toHaveValue('Prefers white tulips. Pick-up on Fridays.');
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // A label added from the list; one removed from its chip, put back with Undo, removed again.
  await panel.getByRole('combobox', { name: 'Label to add' }).selectOption({ label: 'VIP' });
  await panel.getByRole('button', { name: 'Add a label' }).click();
  await expect(toast(page, 'Added the label “VIP”.')).toBeVisible();
  await expect(panel.locator('.inbox-label-list .label-chip')).toHaveText(['Regulars', 'VIP']);
  await expect(panel.getByText('No other labels. Make labels on the Labels screen.')).toBeVisible();
  await panel.getByRole('button', { name: 'Remove the label Regulars' }).click();
  await expect(panel.locator('.inbox-label-list .label-chip')).toHaveText(['VIP']);
  await page.locator('.toasts .toast', { hasText: 'Removed the label “Regulars”.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(panel.locator('.inbox-label-list .label-chip')).toHaveText(['Regulars', 'VIP']);
  await panel.getByRole('button', { name: 'Remove the label Regulars' }).click();
  await expect(panel.locator('.inbox-label-list .label-chip')).toHaveText(['VIP']);
  await shoot(page, 'inbox-panel');

  // After a reload the note and the label are still there, and the contacts list agrees.
  await page.reload();
  await nav(page, 'inbox');
  await page.locator('ol.inbox-list > li').filter({ hasText: MINJI.name }).locator('.inbox-row').click();
  const again = page.getByRole('complementary', { name: 'Customer' });
  await expect(again.getByRole('textbox', { name: 'Notes' })).toHaveValue('Prefers white tulips. Pick-up on Fridays.');
  await expect(again.locator('.inbox-label-list .label-chip')).toHaveText(['VIP']);
  expect(pageProblems).toEqual([]);
});

test('a triage word the shop adds in Settings makes a message high priority, with the shop’s reason', async ({ page, pageProblems, host, clock }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openShop(page, { country: 'KR' });
  await addContact(page, MINJI);
  const port = await startReceiver(page, SECRET);
  await nav(page, 'settings');
  const section = page.getByRole('region', { name: 'Triage rules' });
  await expect(section.locator('.triage-source')).toHaveText('These are Shopcast’s built-in rules.');

  // Try it: before the shop's rule, a wedding order is an ordinary message.
  const tryIt = section.getByRole('textbox', { name: 'Try a message' });
  await tryIt.fill('Can you do a wedding bouquet?');
  await expect(section.locator('output')).toHaveText('Medium: no rule matched');

  // The shop's own rule: high, its reason, words in English and (added after) Korean.
  const form = section.locator('form.triage-new-rule');
  await form.getByRole('textbox', { name: 'Reason shown' }).fill('Wedding orders');
  await form.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await form.getByRole('combobox', { name: 'Words written in' }).selectOption('en');
  await form.getByRole('textbox', { name: 'Words, separated by commas' }).fill('wedding, bridal');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(toast(page, 'Added the rule “Wedding orders”.')).toBeVisible();
  await expect(section.locator('.triage-source')).toHaveText('These are your own rules. The Inbox and “shopcast inbox list” both use them.');
  const wedding = section.locator('li.triage-rule', { hasText: 'Reason shown: Wedding orders' });
  await expect(wedding.getByRole('list', { name: 'Wedding orders · English' }).getByRole('listitem')).toHaveText(['wedding×', 'bridal×']);
  await wedding.getByRole('textbox', { name: 'New 한국어 word for “Wedding orders”' }).fill('웨딩');
  await wedding.getByRole('textbox', { name: 'New 한국어 word for “Wedding orders”' }).press('Enter');
  await expect(toast(page, 'Added “웨딩”.')).toBeVisible();
  // "Try a message" follows at once, with the reason the shop wrote and the word that matched.
  await expect(section.locator('output')).toHaveText('High: Wedding orders · matched “wedding”');
  await tryIt.fill('웨딩 부케 문의드려요');
  await expect(section.locator('output')).toHaveText('High: Wedding orders · matched “웨딩”');
  // A word that is already there is refused, saying so.
  await wedding.getByRole('textbox', { name: 'New English word for “Wedding orders”' }).fill('Wedding');
  await wedding.getByRole('textbox', { name: 'New English word for “Wedding orders”' }).press('Enter');
  await expect(wedding.getByRole('alert')).toHaveText('“Wedding” is already in this rule.');

  // A built-in rule switched off no longer fires; a word removed and put back with Undo.
  const thanks = section.locator('li.triage-rule', { hasText: 'Reason shown: says thanks' });
  await thanks.getByRole('checkbox', { name: 'Use this rule' }).uncheck();
  await expect(thanks.locator('.triage-badge.off')).toHaveText('Off');
  await tryIt.fill('thank you');
  await expect(section.locator('output')).toHaveText('Medium: no rule matched');
  const refund = section.locator('li.triage-rule', { hasText: 'Reason shown: asks for a refund' });
  await refund.getByRole('button', { name: 'Remove “chargeback” (English)' }).click();
  await expect(refund.getByRole('button', { name: 'Remove “chargeback” (English)' })).toHaveCount(0);
  await page.locator('.toasts .toast', { hasText: 'Removed “chargeback” from “asks for a refund”.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(refund.getByRole('button', { name: 'Remove “chargeback” (English)' })).toBeVisible();
  await tryIt.fill('Can you do a wedding bouquet?');
  await shoot(page, 'settings-triage');
  await section.locator('.triage-group').last().scrollIntoViewIfNeeded();
  await shoot(page, 'settings-triage-own');

  // Kept in main's settings.json, where the CLI reads them too.
  const stored = JSON.parse(await readFile(join(host.dataDir, 'settings.json'), 'utf8')) as { triageRules?: { rules: Array<{ reason: string; label?: string; off?: boolean; words: Record<string, string[]> }> } };
  const shopRule = stored.triageRules?.rules.find((r) => r.label === 'Wedding orders');
  expect(shopRule).toEqual({ reason: 'shop_1', priority: 'high', label: 'Wedding orders', words: { en: ['wedding', 'bridal'], ko: ['웨딩'] } });
  expect(stored.triageRules?.rules.find((r) => r.reason === 'thanks')?.off).toBe(true);
  expect(stored.triageRules?.rules.find((r) => r.reason === 'refund')?.words.en).toContain('chargeback');

  // After a reload the rules are the shop's.
  await page.reload();
  await nav(page, 'settings');
  await expect(page.getByRole('region', { name: 'Triage rules' }).locator('li.triage-rule', { hasText: 'Reason shown: Wedding orders' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Triage rules' }).locator('li.triage-rule', { hasText: 'Reason shown: says thanks' }).getByRole('checkbox', { name: 'Use this rule' })).not.toBeChecked();

  // A customer writes about a wedding: high priority by the shop's word, for `shopcast inbox list` on this folder.
  expect(await postMessage(port, SECRET, { id: 'wamid.e2e.triage.1', from: MINJI.waId, text: 'Hello, we need flowers for our wedding in May', atMs: clock.now() })).toBe(200);
  await nav(page, 'inbox');
  const weddingRow = page.locator('ol.inbox-list > li').filter({ hasText: MINJI.name });
  await expect(weddingRow).toBeVisible({ timeout: 20_000 });
  // The Inbox triages by the shop's rules too, and names the reason as the shop wrote it.
  await expect(weddingRow.locator('.inbox-priority')).toHaveText('High: Wedding orders');
  const listed = JSON.parse(execFileSync(process.execPath, [CLI, 'inbox', 'list', '--data-dir', host.dataDir, '--json'], { encoding: 'utf8' })) as Array<{ identity: string; priority?: string; reason?: string; reasonWord?: string }>;
  expect(listed).toEqual([expect.objectContaining({ identity: `+${MINJI.waId}`, priority: 'high', reason: 'shop_1', reasonWord: 'wedding' })]);

  // Back to the built-in rules, with Undo.
  await nav(page, 'settings');
  const after = page.getByRole('region', { name: 'Triage rules' });
  await after.getByRole('button', { name: 'Go back to the built-in rules' }).click();
  await expect(after.locator('.triage-source')).toHaveText('These are Shopcast’s built-in rules.');
  await expect(after.locator('li.triage-rule', { hasText: 'Wedding orders' })).toHaveCount(0);
  await page.locator('.toasts .toast', { hasText: 'Back to the built-in rules.' }).getByRole('button', { name: 'Undo' }).click();
  await expect(after.locator('li.triage-rule', { hasText: 'Reason shown: Wedding orders' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

/**
 * The Automation screen (issue 15): a keyword rule added in the screen is saved into main's automation.json (Ctrl+S),
 * a message tried against it shows the rule and the answer (nothing sent); unsaved changes survive going to another
 * screen; a rule deleted comes back with Undo; rules move with the keyboard; a broken or wrong JSON file is refused
 * with its line and reason and changes nothing. The clock is the fixture's (Tuesday 11:00 in Seoul).
 * Screenshots at 1366×768 go to /tmp/shots (looked at by hand, not compared).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openShop } from './shop';

test.use({ viewport: { width: 1366, height: 768 } });

async function openAutomation(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Automation', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Automation', level: 1 })).toBeVisible();
}

async function storedRules(dataDir: string): Promise<{ keywordReplies: Array<{ name: string; keywords: string[]; reply: unknown; order: number }> } | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, 'automation.json'), 'utf8')) as { keywordReplies: Array<{ name: string; keywords: string[]; reply: unknown; order: number }> };
  } catch {
    return undefined;
  }
}

const rule = (page: Page, n: number) => page.getByRole('list', { name: 'Keyword replies' }).getByRole('listitem').nth(n);

test('add a keyword rule, save with Ctrl+S, try a message and see the answer', async ({ page, host }) => {
  await openShop(page);
  await openAutomation(page);
  await expect(page.getByText('No keyword replies yet.')).toBeVisible();
  await expect(page.getByTestId('automation-cost')).toContainText('0 automatic answers through the Cloud API in the last 30 days');

  await page.getByRole('button', { name: 'Add a keyword reply' }).click();
  const first = rule(page, 0);
  await expect(first.getByRole('textbox', { name: 'Rule name' })).toBeFocused();
  await first.getByRole('textbox', { name: 'Rule name' }).fill('Delivery');
  await first.getByRole('textbox', { name: 'Words (separate them with commas)' }).fill('delivery, 배송');
  await first.getByRole('textbox', { name: 'Reply' }).fill('{name}, your parcel leaves today.');
  await expect(page.getByText('You have changes that are not saved yet.')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  await expect(page.getByText('You have changes that are not saved yet.')).toBeHidden();
  expect(await storedRules(host.dataDir)).toMatchObject({ keywordReplies: [{ name: 'Delivery', keywords: ['delivery', '배송'], reply: '{name}, your parcel leaves today.', order: 0 }] });

  const trying = page.getByRole('region', { name: 'Try a message' });
  await trying.getByRole('textbox', { name: 'Customer’s message' }).fill('배송 언제 와요?');
  await trying.getByRole('button', { name: 'Try' }).click();
  await expect(page.getByTestId('automation-try-result')).toContainText('The rule “Delivery” answers (the word “배송”):');
  await expect(page.getByTestId('automation-try-result')).toContainText('{name}, your parcel leaves today.');
  await trying.getByRole('textbox', { name: 'Customer’s message' }).fill('STOP');
  await trying.getByRole('button', { name: 'Try' }).click();
  await expect(page.getByTestId('automation-try-result')).toHaveText('Nothing is sent: it is an opt-out word. The customer gets only the one opt-out confirmation.');

  // A second rule, moved above the first with the keyboard; the order is saved.
  await page.getByRole('button', { name: 'Add a keyword reply' }).click();
  await rule(page, 1).getByRole('textbox', { name: 'Rule name' }).fill('Price');
  await rule(page, 1).getByRole('textbox', { name: 'Words (separate them with commas)' }).fill('price');
  await rule(page, 1).getByRole('textbox', { name: 'Reply' }).fill('From 10,000 won.');
  await page.getByRole('button', { name: 'Move “Price” up' }).focus();
  await page.keyboard.press('Enter');
  await expect(rule(page, 0).getByRole('textbox', { name: 'Rule name' })).toHaveValue('Price');
  await expect(page.getByRole('button', { name: 'Move “Price” down' })).toBeEnabled();

  // Unsaved changes are kept when going to another screen and back.
  await page.getByRole('navigation').getByRole('button', { name: 'Contacts', exact: true }).click();
  await openAutomation(page);
  await expect(rule(page, 0).getByRole('textbox', { name: 'Rule name' })).toHaveValue('Price');
  await expect(page.getByText('You have changes that are not saved yet.')).toBeVisible();

  // Delete, then Undo.
  await page.getByRole('button', { name: 'Delete “Delivery”' }).click();
  await expect(page.getByRole('list', { name: 'Keyword replies' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rule(page, 1).getByRole('textbox', { name: 'Rule name' })).toHaveValue('Delivery');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  await expect.poll(async () => (await storedRules(host.dataDir))?.keywordReplies.map((r) => [r.name, r.order])).toEqual([['Price', 0], ['Delivery', 1]]);

  // The greeting and business hours, then a screenshot of the whole screen.
  await page.getByRole('switch', { name: 'Send a greeting' }).check();
  await page.getByRole('textbox', { name: 'Greeting text' }).fill('Welcome to our shop!');
  await page.getByRole('switch', { name: 'Use business hours' }).check();
  await page.getByRole('switch', { name: 'Send an away message' }).check();
  await page.getByRole('textbox', { name: 'Away message text' }).fill('We are closed now; we answer {opens}.');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  await expect.poll(() => storedRules(host.dataDir)).toMatchObject({ greeting: { enabled: true, text: 'Welcome to our shop!' }, away: { enabled: true }, businessHours: { timeZone: 'Asia/Seoul' } });
  await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path: '/tmp/shots/automation-en.png' });
  await page.getByRole('region', { name: 'Business hours' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/automation-en-hours.png' });
  await page.getByRole('region', { name: 'Try a message' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/automation-en-try.png' });
});

test('a wrong rule is refused with its reason; a broken or wrong JSON file shows the line and reason and changes nothing', async ({ page, host }) => {
  await openShop(page);
  await openAutomation(page);
  await page.getByRole('button', { name: 'Add a keyword reply' }).click();
  await rule(page, 0).getByRole('textbox', { name: 'Rule name' }).fill('Delivery');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // No words and no reply: main refuses the set and names both; nothing is written.
  const refused = page.getByRole('alert').filter({ hasText: 'Not saved' });
  await expect(refused).toContainText('Not saved, 2 problems (nothing changed):');
  await expect(refused).toContainText('keyword reply 1.keywords: at least one word is needed.');
  await expect(refused).toContainText('keyword reply 1.reply: a reply text is needed.');
  expect(await storedRules(host.dataDir)).toBeUndefined();
  await rule(page, 0).getByRole('textbox', { name: 'Words (separate them with commas)' }).fill('delivery');
  await rule(page, 0).getByRole('textbox', { name: 'Reply' }).fill('It leaves today.');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  const before = await readFile(join(host.dataDir, 'automation.json'), 'utf8');

  const input = page.getByLabel('Import JSON…', { exact: true }).and(page.locator('input[type="file"]'));
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "keywordReplies": [\n    { "name": "x", }\n  ]\n}\n') });
  const alert = page.getByRole('alert').filter({ hasText: 'broken.json' });
  await expect(alert).toContainText('broken.json was not imported, 1 problem (nothing changed):');
  await expect(alert).toContainText('Line 3: the file: this is not valid JSON here.');

  await input.setInputFiles({
    name: 'wrong.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ keywordReplies: [{ name: 'Price', keywords: ['price'], match: 'exact', reply: 'From 10,000 won.' }] }, null, 2)),
  });
  const wrong = page.getByRole('alert').filter({ hasText: 'wrong.json' });
  await expect(wrong).toContainText('Line 8: keyword reply 1.match: must be contains, whole or starts.');
  // Nothing changed: the screen still has the saved rule and no unsaved changes, the file is as it was.
  await expect(rule(page, 0).getByRole('textbox', { name: 'Rule name' })).toHaveValue('Delivery');
  await expect(page.getByText('You have changes that are not saved yet.')).toBeHidden();
  expect(await readFile(join(host.dataDir, 'automation.json'), 'utf8')).toBe(before);
  await page.getByRole('region', { name: 'Import and export' }).screenshot({ path: '/tmp/shots/automation-import-refused.png' });

  // A good file replaces the screen's rules (unknown fields kept) and is saved only on Save.
  await input.setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ keywordReplies: [{ name: 'Price', keywords: ['price'], match: 'whole', reply: 'From 10,000 won.', colour: 'blue' }], team: 'Mina' })),
  });
  await expect(page.getByText('Imported good.json. Save to put it in force.')).toBeVisible();
  await expect(rule(page, 0).getByRole('textbox', { name: 'Rule name' })).toHaveValue('Price');
  expect(await readFile(join(host.dataDir, 'automation.json'), 'utf8')).toBe(before);
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  await expect.poll(() => storedRules(host.dataDir)).toMatchObject({ keywordReplies: [{ name: 'Price', colour: 'blue' }], team: 'Mina' });
});

test('a rule answering with a quick reply stores its text, so main can send it', async ({ page, host }) => {
  await openShop(page);
  // The starter quick replies are put in the first time the Inbox opens.
  await page.getByRole('navigation').getByRole('button', { name: 'Inbox', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible();
  await openAutomation(page);
  await page.getByRole('button', { name: 'Add a keyword reply' }).click();
  await rule(page, 0).getByRole('textbox', { name: 'Rule name' }).fill('Hours');
  await rule(page, 0).getByRole('textbox', { name: 'Words (separate them with commas)' }).fill('open');
  const answerWith = rule(page, 0).getByRole('combobox', { name: 'Answer with' });
  await expect(answerWith.locator('option')).not.toHaveCount(1);
  const value = await answerWith.locator('option').nth(1).getAttribute('value');
  await answerWith.selectOption(value ?? '');
  await expect(rule(page, 0).getByRole('textbox', { name: 'Reply' })).toBeHidden();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Automation saved. It answers from the next message on.').last()).toBeVisible();
  const stored = (await storedRules(host.dataDir))?.keywordReplies[0]?.reply as { quickReplyId: string; text: string; shortcut: string };
  expect(stored).toMatchObject({ quickReplyId: value, text: expect.any(String), shortcut: expect.any(String) });
  await expect(rule(page, 0).locator('blockquote')).toHaveText(stored.text);

  const trying = page.getByRole('region', { name: 'Try a message' });
  await trying.getByRole('textbox', { name: 'Customer’s message' }).fill('Are you open today?');
  await trying.getByRole('button', { name: 'Try' }).click();
  await expect(page.getByTestId('automation-try-result')).toContainText('The rule “Hours” answers (the word “open”):');
  await expect(page.getByTestId('automation-try-result').locator('blockquote')).toHaveText(stored.text);
});

for (const [lang, nav, heading] of [
  ['ko', '자동 응답', '키워드 답장'],
  ['zh-Hant', '自動回覆', '關鍵字回覆'],
] as const) {
  test(`the Automation screen in ${lang}`, async ({ page }) => {
    await openShop(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption(lang);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('navigation').getByRole('button', { name: nav, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
    await page.screenshot({ path: `/tmp/shots/automation-${lang}.png` });
  });
}

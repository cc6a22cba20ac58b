/**
 * The WhatsApp connection screen against a fake Graph API on 127.0.0.1 (test/fakes/graphAccount.ts), through the
 * real browser host: ids and token entered as a person does, "Test connection" shows the number's quality, messaging
 * limit and templates; a wrong token shows the error in words with what to do. The token never comes back to the page.
 * The step-by-step guide checks each value as it is typed, shows the port as digits (never "47,390"), copies the
 * webhook address, and sums up what works; screenshots of it in the three languages go to /tmp/shots.
 */
import { createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { startFakeGraphAccount, type FakeGraphAccount } from '../fakes/graphAccount';
import { expect, freePort, test } from './fixtures';

/** Ids shaped like Meta's (15 digits), so the guide's checks say "Looks right". */
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const APP_SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

let fake: FakeGraphAccount;
test.beforeEach(async () => {
  fake = await startFakeGraphAccount({ token: 'EAAG-e2e-secret-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID });
});
test.afterEach(async () => {
  await fake.close();
});

const TITLE = { en: 'WhatsApp connection', ko: 'WhatsApp 연결', 'zh-Hant': 'WhatsApp 連線' } as const;
type Lang = keyof typeof TITLE;

/** The UI in `lang` (English unless asked: the host's first run follows the machine's locale), then the Connect screen. */
async function openConnect(page: Page, lang: Lang = 'en'): Promise<void> {
  await page.locator('.app-nav button:has([data-screen="settings"])').click();
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption(lang);
  await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
  await expect(page.getByRole('status').getByText(/^(Settings saved\.|설정을 저장했어요\.?|設定已儲存。)$/).last()).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: TITLE[lang], exact: true }).click();
  await expect(page.getByRole('heading', { name: TITLE[lang], level: 1 })).toBeVisible();
}

/** An empty batch as Meta posts it, signed with the app secret over the exact bytes sent. */
async function postWebhook(port: number): Promise<number> {
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
  const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  return r.status;
}

async function enterAccount(page: Page, token: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Phone number ID' }).fill(fake.phoneNumberId);
  await page.getByRole('textbox', { name: 'WhatsApp Business Account ID' }).fill(fake.wabaId);
  await page.getByLabel('Access token', { exact: true }).fill(token);
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByRole('textbox', { name: 'API base URL' }).fill(fake.url);
}

test('test connection: quality, messaging limit and templates; the token is kept in main', async ({ page, pageProblems }) => {
  await openConnect(page);
  // The three channels are explained, and the browser host warns that secrets are not encrypted.
  await expect(page.getByRole('heading', { name: 'Sandbox (the default)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Assisted (WhatsApp Business app)' })).toBeVisible();
  await expect(page.getByTestId('secret-storage')).toContainText('only your user account on this computer can read. They are not encrypted.');

  await enterAccount(page, fake.token);
  await page.getByRole('button', { name: 'Test connection' }).click();

  const result = page.getByRole('region', { name: 'Connection test' });
  await expect(result).toContainText('Connected to WhatsApp.');
  await expect(result.getByRole('definition').filter({ hasText: 'Minji Flowers' })).toBeVisible();
  await expect(result).toContainText('+82 10-5555-0100');
  await expect(result).toContainText('High (green)');
  await expect(result).toContainText('2,000 people per 24 hours');
  await expect(result).toContainText('80 messages a second');
  await expect(result).toContainText('3 synced');

  const table = page.getByRole('table', { name: 'Message templates' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').filter({ hasText: 'spring_sale' })).toContainText('{{1}}님, 봄 세일이 {{2}}까지입니다.');
  await expect(table.getByRole('row').filter({ hasText: 'order_ready' })).toContainText('Utility');
  await expect(table.getByRole('row').filter({ hasText: 'new_arrivals' })).toContainText('In review');

  // Saved, not shown: the field is empty with "Saved" beside it, and the token is nowhere in the page.
  const tokenField = page.getByLabel('Access token', { exact: true });
  await expect(tokenField).toHaveValue('');
  await expect(tokenField).toHaveAccessibleDescription(/Saved/);
  expect(await page.content()).not.toContain(fake.token);
  expect(fake.requests[0]?.authorization).toBe(`Bearer ${fake.token}`);

  // After a reload the result and templates are still there (cloud.json and templates.json).
  await page.reload();
  await page.getByRole('navigation').getByRole('button', { name: 'WhatsApp connection', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText('High (green)');
  await expect(page.getByRole('table', { name: 'Message templates' }).getByRole('row')).toHaveCount(4);
  expect(pageProblems).toEqual([]);
});

test('a wrong token: the error in words and what to do; forgetting the token', async ({ page }) => {
  await openConnect(page);
  await enterAccount(page, 'EAAG-not-the-right-one');
  // Keyboard: Enter in the form saves.
  await page.getByLabel('Access token', { exact: true }).press('Enter');
  await expect(page.getByRole('status').getByText('Connection settings saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).focus();
  await page.keyboard.press('Enter');

  const alert = page.getByRole('region', { name: 'Connection test' }).getByRole('alert');
  await expect(alert).toContainText('The access token is wrong or expired.');
  await expect(alert).toContainText('What to do: Create a new one (a system user token in Meta Business Manager');
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText('The connection test failed.');

  await page.getByRole('button', { name: 'Forget the saved Access token' }).click();
  await expect(page.getByRole('status').getByText('Access token: forgotten.')).toBeVisible();
  await expect(page.getByLabel('Access token', { exact: true })).toHaveAccessibleDescription(/Not saved/);
});


test('the saved token never goes to a new API address: changing it alone is refused in words; with the token typed again it is saved', async ({ page }) => {
  await openConnect(page);
  await enterAccount(page, fake.token);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').getByText('Connection settings saved.')).toBeVisible();
  await page.getByRole('textbox', { name: 'API base URL' }).fill('https://graph.example.net');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/to send to another API address, type the access token again in the same change/)).toBeVisible();
  const before = fake.requests.length;
  await page.getByLabel('Access token', { exact: true }).fill('EAAG-for-the-other-address');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').getByText('Connection settings saved.').last()).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'API base URL' })).toHaveValue('https://graph.example.net');
  expect(fake.requests.length).toBe(before); // nothing was sent anywhere by saving
});

test('each value is checked as it is typed: a phone number in the Phone number ID field says so, the ID itself looks right', async ({ page }) => {
  await openConnect(page);
  const field = page.getByRole('textbox', { name: 'Phone number ID' });
  // Empty: nothing is said yet.
  await expect(field).toHaveAccessibleDescription('');
  await field.fill('+82 10-5555-0100');
  await expect(field).toHaveAccessibleDescription(/this looks like a phone number \(\+82…\) — copy the ID shown under it instead/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // Certainly wrong: saving is refused in words, and the field gets the focus.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Fix what is marked ✕ first: Phone number ID.');
  await expect(field).toBeFocused();
  await field.fill(PHONE_NUMBER_ID);
  await expect(field).toHaveAccessibleDescription('Looks right');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');

  // A token pasted with "Bearer " in front, and an app secret that is not 32 hex characters (a hint only).
  const token = page.getByLabel('Access token', { exact: true });
  await token.fill(`Bearer ${fake.token}`);
  await expect(token).toHaveAccessibleDescription(/Leave out “Bearer”/);
  const secret = page.getByLabel('App secret', { exact: true });
  await secret.fill('not-the-secret');
  await expect(secret).toHaveAccessibleDescription(/An app secret has only the digits 0–9 and the letters a–f; this one also has “n o t - h”/);
  await secret.fill(APP_SECRET);
  await expect(secret).toHaveAccessibleDescription(/Looks right/);
});

test('the webhook step: the port as digits, the address copied, the summary after a connection test and the first webhook', async ({ page, host, pageProblems }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await openConnect(page);
  const summary = page.getByRole('region', { name: 'What works now' });
  // Before anything: what is missing, in plain words.
  await expect(summary.getByRole('definition').nth(0)).toHaveText('○ not yet: Phone number ID and Access token still missing (steps 1 and 3)');
  await expect(summary.getByRole('definition').nth(1)).toHaveText('○ add the WhatsApp Business Account ID (step 2) to read them');

  // The default port is shown as a name, not a quantity.
  const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Step 5: Statuses and replies (webhook)' }) });
  await expect(page.getByRole('textbox', { name: 'Webhook port on this computer' })).toHaveValue('47390');
  await expect(step.getByText('http://127.0.0.1:47390/webhook', { exact: true })).toBeVisible();
  await expect(step.getByText('cloudflared tunnel --url http://127.0.0.1:47390', { exact: true })).toBeVisible();
  await expect(step.getByText('ngrok http 47390', { exact: true })).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain('47,390');

  // A port of the test's own (five digits, so a formatted one would show a comma).
  const port = await freePort();
  const local = `http://127.0.0.1:${String(port)}/webhook`;
  await page.getByRole('textbox', { name: 'Webhook port on this computer' }).fill(String(port));
  await page.getByRole('button', { name: 'Copy the local webhook address' }).click();
  await expect(step.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(local);

  // The callback URL is the tunnel's address with the same path, ready to copy.
  await page.getByRole('textbox', { name: /Your tunnel’s https address/ }).fill('https://quiet-river-1234.trycloudflare.com/');
  await page.getByRole('button', { name: 'Copy the callback URL' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('https://quiet-river-1234.trycloudflare.com/webhook');

  // Account, token, app secret and verify token; then the connection test.
  await page.getByRole('textbox', { name: 'Phone number ID' }).fill(fake.phoneNumberId);
  await page.getByRole('textbox', { name: 'WhatsApp Business Account ID' }).fill(fake.wabaId);
  await page.getByLabel('Access token', { exact: true }).fill(fake.token);
  await page.getByLabel('App secret', { exact: true }).fill(APP_SECRET);
  await page.getByLabel('Verify token', { exact: true }).fill('minji-flowers-hook');
  await page.getByRole('button', { name: 'Copy the verify token' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('minji-flowers-hook');
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByRole('textbox', { name: 'API base URL' }).fill(fake.url);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText('Connected to WhatsApp.');

  await expect(summary).toContainText('works, from +82 10-5555-0100');
  await expect(summary).toContainText('2 approved of 3');
  await expect(summary).toContainText('the receiver is off: start it in step 5');

  await page.getByRole('button', { name: 'Start receiver' }).click();
  await expect(step.getByRole('status').filter({ hasText: `Listening on 127.0.0.1:${String(port)}` })).toBeVisible();
  await expect(summary).toContainText('waiting for the first webhook from Meta');
  expect(await postWebhook(port)).toBe(200);
  // The receiver's status is read every 5 seconds.
  await expect(summary).toContainText('arriving', { timeout: 15_000 });
  expect(await page.locator('body').innerText()).not.toContain(port.toLocaleString('en-US'));
  expect(pageProblems).toEqual([]);
});

/** The element at the top of the screen's own scroll area (the window itself stays put), without toasts over it. */
async function shoot(page: Page, at: Locator, name: string): Promise<void> {
  for (const close of await page.locator('.toast button').all()) await close.click();
  await expect(page.locator('.toast')).toHaveCount(0);
  await at.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    document.documentElement.scrollTop = 0;
    document.body.scrollTop = 0;
  });
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
}

test('screenshots of the guide in English, Korean and Traditional Chinese', async ({ page }) => {
  test.setTimeout(120_000);
  await mkdir('/tmp/shots', { recursive: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const lang of ['en', 'ko', 'zh-Hant'] as const) {
    await openConnect(page, lang);
    const phone = page.locator('input.id-input').first();
    // Once (the setup is kept across the language switch): the account, then a connection test.
    if ((await phone.inputValue()) === '') {
      await phone.fill(fake.phoneNumberId);
      await page.locator('input.id-input').nth(1).fill(fake.wabaId);
      await page.locator('input[type="password"]').first().fill(fake.token);
      await page.locator('details.connect-advanced summary').click();
      await page.locator('input[type="url"]').first().fill(fake.url);
      await page.locator('button.primary').click();
      await expect(page.getByTestId('connection-result').locator('.connect-facts')).toBeVisible();
    }
    // Two hints to see: a token with "Bearer " in front (wrong) and an app secret of the wrong shape (unusual).
    await page.locator('input[type="password"]').first().fill(`Bearer ${fake.token}`);
    await page.locator('input[type="password"]').nth(1).fill('e2e-app-secret');
    await shoot(page, page.getByTestId('connect-summary'), `connect-summary-${lang}`);
    await shoot(page, page.locator('.connect-guide > h2'), `connect-top-${lang}`);
    await shoot(page, page.locator('.connect-step h3').nth(2), `connect-token-${lang}`);
    await shoot(page, page.locator('.connect-webhook h3'), `connect-webhook-${lang}`);
    await shoot(page, page.locator('.connect-webhook h4').nth(3), `connect-webhook2-${lang}`);
    await page.locator('input[type="password"]').first().fill('');
    await page.locator('input[type="password"]').nth(1).fill('');
  }
});

test('when the clipboard refuses, Copy says so and selects the text to copy by hand', async ({ page }) => {
  await openConnect(page);
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
  });
  await page.getByRole('button', { name: 'Copy the ngrok command' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Couldn't copy: the text is selected, press Ctrl+C." })).toBeVisible();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('ngrok http 47390');
});

/**
 * The WhatsApp connection screen against a fake Graph API on 127.0.0.1 (test/fakes/graphAccount.ts), through the
 * real browser host: ids and token entered as a person does, "Test connection" shows the number's quality, messaging
 * limit and templates; a wrong token shows the error in words with what to do. The token never comes back to the page.
 */
import type { Page } from '@playwright/test';
import { startFakeGraphAccount, type FakeGraphAccount } from '../fakes/graphAccount';
import { expect, test } from './fixtures';

let fake: FakeGraphAccount;
test.beforeEach(async () => {
  fake = await startFakeGraphAccount({ token: 'EAAG-e2e-secret-token' });
});
test.afterEach(async () => {
  await fake.close();
});

/** English UI (the host's first run follows the machine's locale), then the Connect screen. */
async function openConnect(page: Page): Promise<void> {
  await page.locator('.app-nav button:has([data-screen="settings"])').click();
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).selectOption('en');
  await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
  await expect(page.getByRole('status').getByText('Settings saved.')).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: 'WhatsApp connection', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'WhatsApp connection', level: 1 })).toBeVisible();
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

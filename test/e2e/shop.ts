/**
 * Steps the contacts and labels specs share, done the way a person does them: through the screens, finding
 * controls by role and accessible name.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

type Screen = 'Contacts' | 'Labels' | 'Settings';

/**
 * Sets the shop up in English with Korea as the default country. The host's first-run defaults follow the machine's
 * locale, so this finds its way without knowing the UI language: the nav by its icon's screen name and the language list by the
 * languages' own names, which never change.
 */
export async function openShop(page: Page, opts: { country?: string } = {}): Promise<void> {
  // By the nav icon's screen name, which does not depend on the UI language or on how many screens come first.
  await page.getByRole('navigation').locator('button:has([data-screen="settings"])').click();
  // The first such list: the shop's language comes before the triage rules' word-language list (Settings → Inbox).
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption('en');
  // The country list is in the UI language too; its option values are the ISO codes.
  await page.locator('select:has(option[value="KR"])').selectOption(opts.country ?? 'KR');
  await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
  await expect(page.getByRole('status').getByText('Settings saved.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Default country' })).toHaveValue(opts.country ?? 'KR');
  await goTo(page, 'Contacts');
}

export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

export async function createLabel(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'New label name' }).fill(name);
  await page.getByRole('button', { name: 'Create label' }).click();
  await expect(labelItem(page, name)).toBeVisible();
}

/** A label's row on the Labels screen. */
export function labelItem(page: Page, name: string) {
  return page.getByRole('list', { name: 'Labels' }).getByRole('listitem').filter({ hasText: name });
}

export async function addContact(page: Page, contact: { name: string; phone: string; labels?: string[] }): Promise<void> {
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(contact.name);
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill(contact.phone);
  for (const label of contact.labels ?? []) await dialog.getByRole('checkbox', { name: label }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(contactRow(page, contact.name)).toBeVisible();
}

/** A contact's row in the contacts grid. */
export function contactRow(page: Page, name: string) {
  return page.getByRole('grid', { name: 'Contact list' }).getByRole('row').filter({ hasText: name });
}

/** The rows of contacts (not the header row) currently in the grid. */
export function contactRows(page: Page) {
  return page.getByRole('grid', { name: 'Contact list' }).getByRole('row').filter({ has: page.getByRole('gridcell') });
}

/** A screen by its nav icon's name (does not depend on the UI language or the nav's order). */
export async function nav(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation').locator(`button:has([data-screen="${screen}"])`).click();
}

/** A contact who opted in (in store), carrying one label. */
export async function addOptedIn(page: Page, name: string, phone: string, label: string): Promise<void> {
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill(phone);
  await dialog.getByRole('checkbox', { name: label }).check();
  await dialog.getByRole('combobox', { name: 'Opt-in status' }).selectOption('opted_in');
  await dialog.getByLabel('Where they opted in').fill('in store');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * The shop as every campaign test needs it: a name (for `{shop}`), optionally a slower pace, and `count` opted-in
 * contacts carrying one label. The hour is the fixture's clock (a Seoul late morning unless a test picks another), so
 * quiet hours are left as they are: a test about night-time says so with `test.use({ clockStart })`.
 */
export async function prepareShop(page: Page, opts: { label: string; count: number; phonePrefix: string; rate?: number }): Promise<void> {
  await openShop(page, { country: 'KR' });
  await nav(page, 'settings');
  await page.getByRole('textbox', { name: 'Shop name' }).fill('Mina Flowers');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').getByText('Settings saved.').last()).toBeVisible();
  if (opts.rate !== undefined) {
    await page.getByRole('spinbutton', { name: 'Messages per second' }).fill(String(opts.rate));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').getByText('Sending rules saved.')).toBeVisible();
  }
  await goTo(page, 'Labels');
  await createLabel(page, opts.label);
  await goTo(page, 'Contacts');
  for (let i = 0; i < opts.count; i++) await addOptedIn(page, `${opts.label} ${i + 1}`, `${opts.phonePrefix}${String(1000 + i)}`, opts.label);
}

/**
 * Audience (the label), message, and a checklist with nothing blocking and every warning acknowledged; skips the test
 * send. A promotion to these Korean numbers must be lawful (DOMAIN.md §2b): "(광고)" first, {shop}, and the Korean
 * opt-out line ("STOP 회신 시 수신 거부"), or the checklist blocks.
 */
export async function composeReady(page: Page, opts: { name: string; text: string; channel?: RegExp; informational?: boolean }): Promise<void> {
  await nav(page, 'wizard');
  await page.getByRole('button', { name: 'Start a new campaign' }).click();
  await page.getByRole('group', { name: 'Has any of these labels' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(opts.name);
  if (opts.channel) await page.getByRole('radio', { name: opts.channel }).check();
  await page.getByRole('textbox', { name: 'Text' }).fill(opts.text);
  // Not a promotion (an order or delivery notice): Korean advertising law (DOMAIN.md §2b) does not apply.
  if (opts.informational) await page.getByRole('checkbox', { name: /^This is a promotion/ }).uncheck();
  await page.getByRole('button', { name: 'Next' }).click();
  const checklist = page.getByRole('list', { name: 'Checklist' });
  await expect(checklist.locator('.check-block')).toHaveCount(0);
  for (const box of await checklist.getByRole('checkbox', { name: 'I understand, send anyway' }).all()) await box.check();
  // The checklist is worked out again after each change: go on only once it says the campaign is ready.
  await expect(page.getByText(/^Ready: \d+ recipients?/)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Skip the test' }).click();
}

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
  await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).selectOption('en');
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

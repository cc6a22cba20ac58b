/**
 * Settings → Inbox and the desktop notifications (issue 14 points 1 and 5), in the browser host with the real core:
 * the shop's answer times (checked, saved, kept after a reload, back to the defaults), and the notifications a new
 * customer message and an overdue answer give while the person is on another screen, with the unread count in the
 * window title.
 *
 * The operating system's notification centre is out of reach of a headless browser, so the page's Notification API
 * is replaced before the app loads by a recorder that behaves as a granted one does (the app's own code decides
 * what to show and calls it). Time: the overdue step moves the page's clock with Playwright's clock API.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postMessage, startReceiver } from './inbound';
import { addContact, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-notify-secret';
const TOM = { name: 'Tom Baker', phone: '010-7777-2003', waId: '821077772003' };

interface Notice {
  title: string;
  body: string;
}

async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Array<{ title: string; body: string }> = [];
    (window as unknown as { __notices: typeof seen }).__notices = seen;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        seen.push({ title, body: options?.body ?? '' });
      }
      close(): void {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
  });
  await page.reload();
}

const notices = (page: Page) => page.evaluate(() => (window as unknown as { __notices: Notice[] }).__notices.slice());

test('answer times in Settings, and notifications for a new message and an overdue answer', async ({ page, clock }) => {
  test.setTimeout(120_000);
  await recordNotifications(page);
  await openShop(page, { country: 'KR' });
  await addContact(page, { name: TOM.name, phone: TOM.phone });

  // Settings → Inbox: a high priority due later than medium is refused with why; 5 minutes is kept.
  await nav(page, 'settings');
  const section = page.locator('section.inbox-settings');
  await expect(section.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  const high = section.getByRole('spinbutton', { name: 'Minutes to answer a High priority message' });
  const medium = section.getByRole('spinbutton', { name: 'Minutes to answer a Medium priority message' });
  await expect(high).toHaveValue('15');
  await high.fill('120');
  await section.getByRole('button', { name: 'Save answer times' }).click();
  await expect(section.getByRole('alert')).toHaveText('A higher priority must be due no later than a lower one (high ≤ medium ≤ low).');
  await high.fill('5');
  await section.getByRole('button', { name: 'Save answer times' }).click();
  await expect(page.getByRole('status').getByText('Answer times saved.')).toBeVisible();
  await page.reload();
  await nav(page, 'settings');
  await expect(page.locator('section.inbox-settings').getByRole('spinbutton', { name: 'Minutes to answer a High priority message' })).toHaveValue('5');
  await expect(medium).toHaveValue('60');
  await expect(section.getByRole('checkbox', { name: 'Desktop notifications for new messages and overdue answers' })).toBeChecked();
  await page.setViewportSize({ width: 1366, height: 768 });
  await mkdir('/tmp/shots', { recursive: true });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/settings-inbox-en.png' });

  // A customer writes while the person is on the Contacts screen: one notification with who and what, and the title counts it.
  const port = await startReceiver(page, SECRET);
  await goTo(page, 'Contacts');
  expect(await postMessage(port, SECRET, { id: 'wamid.notify.1', from: TOM.waId, text: 'My payment failed twice', atMs: clock.now() })).toBe(200);
  await expect.poll(() => notices(page), { timeout: 20_000 }).toEqual([{ title: TOM.name, body: 'My payment failed twice' }]);
  await expect(page).toHaveTitle(/^\(1\) Shopcast/);

  // High priority is due in 5 minutes (the shop's time): 6 minutes on, one "overdue" notification.
  await page.clock.fastForward('06:00');
  await expect.poll(() => notices(page), { timeout: 60_000 }).toEqual([
    { title: TOM.name, body: 'My payment failed twice' },
    { title: `Answer overdue: ${TOM.name}`, body: 'High priority. Open the inbox to answer.' },
  ]);
  await page.clock.fastForward('06:00');

  // Notifications off: the next message is counted in the title but not announced.
  await nav(page, 'settings');
  await page.locator('section.inbox-settings').getByRole('checkbox', { name: 'Desktop notifications for new messages and overdue answers' }).uncheck();
  await goTo(page, 'Contacts');
  expect(await postMessage(port, SECRET, { id: 'wamid.notify.2', from: TOM.waId, text: 'Hello?', atMs: clock.now() })).toBe(200);
  await expect(page).toHaveTitle(/^\(2\) Shopcast/, { timeout: 20_000 });
  expect(await notices(page)).toHaveLength(2);
});

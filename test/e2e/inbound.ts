/** A customer's message as Meta posts it to the host's webhook receiver, signed with the app secret over the exact bytes sent. */
import { createHmac } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { freePort } from './fixtures';
import { nav } from './shop';

export async function postMessage(port: number, secret: string, m: { id: string; from: string; text: string; atMs: number; contextId?: string }): Promise<number> {
  const message = {
    id: m.id,
    from: m.from,
    timestamp: String(Math.floor(m.atMs / 1000)),
    type: 'text',
    text: { body: m.text },
    ...(m.contextId ? { context: { from: 'shop', id: m.contextId } } : {}),
  };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', contacts: [{ wa_id: m.from, profile: { name: m.from } }], messages: [message] } }] }],
  });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  return r.status;
}

/** Starts the webhook receiver from the Connect screen (English UI) with `secret`; returns its port. */
export async function startReceiver(page: Page, secret: string): Promise<number> {
  const port = await freePort();
  await nav(page, 'connect');
  await page.getByLabel('App secret').fill(secret);
  await page.getByLabel('Verify token').fill('e2e-verify');
  await page.getByLabel('Webhook port on this computer').fill(String(port));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').getByText('Connection settings saved.').last()).toBeVisible();
  await page.getByRole('button', { name: 'Start receiver' }).click();
  await expect(page.getByText(`Listening on 127.0.0.1:${port}`)).toBeVisible({ timeout: 10_000 });
  return port;
}

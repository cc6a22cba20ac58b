/**
 * Answering on the Cloud API from the Inbox (issue 14 point 3), in the browser host against a fake Graph API on
 * 127.0.0.1 (test/fakes/graphApi.ts for sending, graphAccount.ts for the account and its templates behind one base
 * URL). The shop connects as a person does (ids, token, API base URL under Advanced, Test connection syncs the
 * templates), turns the webhook receiver on, and two customers write:
 *
 * - 김민지 wrote 10 minutes ago: a free-form answer goes out as text, quoting her message (WhatsApp's `context`), and
 *   its tick follows the `sent` status the fake posts back through the signed webhook;
 * - Tom wrote 25 hours ago (Meta retries deliveries for days): the window is closed, the box offers only the
 *   templates he may get (the approved utility one; the marketing one needs his opt-in, which he gave), with one
 *   field per {{n}} and the name filled in; sending it reaches the fake as a template message.
 *
 * The host's clock is the fixture's (a Seoul late morning); the customers' times are taken from it, never the wall clock.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, freePort, test } from './fixtures';
import { postMessage } from './inbound';
import { startFakeGraphApi, type FakeGraphApi } from '../fakes/graphApi';
import { startFakeGraphAccount, type FakeGraphAccount } from '../fakes/graphAccount';
import { addOptedIn, createLabel, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-cloud-inbox-secret';
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const row = (page: Page, name: string) => page.locator('ol.inbox-list > li').filter({ has: page.locator('.inbox-row-name', { hasText: name }) });
const MINJI = { name: '김민지', phone: '010-7777-2000', waId: '821077772000' };
const TOM = { name: 'Tom Baker', phone: '010-7777-2001', waId: '821077772001' };

let messages: FakeGraphApi;
let account: FakeGraphAccount;
let port: number;
test.beforeEach(async () => {
  port = await freePort();
  // Each accepted message gets a `sent` status posted to the shop's receiver, signed as Meta signs it.
  messages = await startFakeGraphApi({ token: 'EAAG-e2e-cloud-token', phoneNumberId: PHONE_NUMBER_ID, webhookUrl: `http://127.0.0.1:${port}/webhook`, appSecret: SECRET });
  account = await startFakeGraphAccount({ messages, wabaId: WABA_ID });
});
test.afterEach(async () => {
  await account.close();
  await messages.close();
});

test('Cloud API answers from the Inbox: text inside the window with its tick, only templates outside it', async ({ page, pageProblems, clock }) => {
  await openShop(page, { country: 'KR' });
  await goTo(page, 'Labels');
  await createLabel(page, 'VIP');
  await createLabel(page, 'Wholesale');
  await goTo(page, 'Contacts');
  await addOptedIn(page, MINJI.name, MINJI.phone, 'VIP');
  await addOptedIn(page, TOM.name, TOM.phone, 'Wholesale');

  // The Cloud API as the shop's channel (first-run setup again), which leads to the connection screen.
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Run first-run setup again' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'WhatsApp Cloud API (official)' }).check();
  await page.getByRole('button', { name: 'Finish and connect WhatsApp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'WhatsApp connection' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Phone number ID' }).fill(PHONE_NUMBER_ID);
  await page.getByRole('textbox', { name: 'WhatsApp Business Account ID' }).fill(WABA_ID);
  await page.getByLabel('Access token', { exact: true }).fill(account.token);
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByRole('textbox', { name: 'API base URL' }).fill(account.url);
  await page.getByLabel('App secret').fill(SECRET);
  await page.getByLabel('Verify token').fill('e2e-verify');
  await page.getByLabel('Webhook port on this computer').fill(String(port));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').getByText('Connection settings saved.').last()).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText('3 synced');
  await page.getByRole('button', { name: 'Start receiver' }).click();
  await expect(page.getByText(`Listening on 127.0.0.1:${port}`)).toBeVisible({ timeout: 10_000 });

  const now = clock.now();
  expect(await postMessage(port, SECRET, { id: 'wamid.cloud.minji', from: MINJI.waId, text: '주문한 꽃 언제 와요?', atMs: now - 10 * MINUTE })).toBe(200);
  expect(await postMessage(port, SECRET, { id: 'wamid.cloud.tom', from: TOM.waId, text: 'Do you have tulips?', atMs: now - 25 * HOUR })).toBe(200);

  await nav(page, 'inbox');
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'All' }).click();
  // Filters: by the customer's label, and by channel (these came through WhatsApp, none from the Sandbox).
  const names = page.locator('ol.inbox-list > li .inbox-row-name');
  await expect(names).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'VIP' });
  await expect(names).toHaveText([MINJI.name]);
  await page.getByRole('combobox', { name: 'Label' }).selectOption({ label: 'Any label' });
  await page.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Sandbox (simulated)' });
  await expect(names).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'WhatsApp' });
  await expect(names).toHaveCount(2);

  // 김민지: inside the window, a text answer quoting her message; the fake's `sent` status gives its tick.
  await row(page, MINJI.name).locator('.inbox-row').click();
  const minji = page.getByRole('region', { name: `Conversation with ${MINJI.name}` });
  await expect(minji.getByRole('status').filter({ hasText: 'answer freely' })).toHaveText(/^You can answer freely for 23 h [45]\d min\.$/);
  const minjiThread = minji.getByRole('list', { name: 'Messages' });
  await minjiThread.locator('.bubble-theirs').getByRole('button', { name: 'Quote' }).click();
  const box = minji.getByRole('textbox', { name: 'Answer' });
  await box.fill('오늘 오후에 도착해요!');
  await minji.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(box).toHaveValue('');
  await expect.poll(() => messages.accepted.get(MINJI.waId)).toBe(1);
  const ours = minjiThread.locator('li[data-answer-state]');
  await expect(ours).toHaveCount(1, { timeout: 10_000 });
  await expect(ours.locator('.bubble-text')).toHaveText('오늘 오후에 도착해요!');
  await expect(ours.locator('.bubble-quote')).toHaveText('주문한 꽃 언제 와요?');
  // The fake posts `sent` through the signed webhook: the tick follows it.
  await expect(ours.locator('.answer-ticks')).toHaveText('✓ Sent', { timeout: 15_000 });

  // Tom: the window closed a day ago; only templates, the name filled into {{1}}.
  await row(page, TOM.name).locator('.inbox-row').click();
  const tom = page.getByRole('region', { name: `Conversation with ${TOM.name}` });
  await expect(tom.locator('.inbox-window')).toHaveText('The 24-hour window is closed: only a template now.');
  await expect(tom.getByRole('textbox', { name: 'Answer' })).toHaveCount(0);
  const pick = tom.getByRole('combobox', { name: 'Template' });
  // Approved ones only (new_arrivals is in review); he opted in, so the marketing one is offered too.
  await expect(pick.getByRole('option')).toHaveText(['Choose a template', /^(order_ready \(en_US\)|spring_sale \(ko\))$/, /^(order_ready \(en_US\)|spring_sale \(ko\))$/]);
  await pick.selectOption({ label: 'order_ready (en_US)' });
  await expect(tom.getByRole('textbox', { name: 'Value for {{1}}' })).toHaveValue(TOM.name);
  await tom.getByRole('textbox', { name: 'Value for {{2}}' }).fill('A-1042');
  await expect(tom.getByRole('group', { name: 'Preview' })).toContainText(`Hi ${TOM.name}, your order A-1042 is ready for pick-up.`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await mkdir('/tmp/shots', { recursive: true });
  await page.screenshot({ path: '/tmp/shots/inbox-cloud-template-en.png' });
  await tom.getByRole('button', { name: 'Send template' }).click();
  await expect.poll(() => messages.accepted.get(TOM.waId)).toBe(1);
  const tomOurs = tom.getByRole('list', { name: 'Messages' }).locator('li[data-answer-state]');
  await expect(tomOurs).toHaveCount(1, { timeout: 10_000 });
  await expect(tomOurs.locator('.answer-ticks')).toHaveText('✓ Sent', { timeout: 15_000 });

  // Nothing was sent twice, and nothing else was sent.
  expect(messages.totalRequests()).toBe(2);
  expect(pageProblems).toEqual([]);
});

/**
 * Automation end to end (issue 15): the shop's `<data>/automation.json` (what `shopcast automation import` writes;
 * main reads it again when it changes, so it is written into the host's data folder after the host started), the
 * host's real webhook receiver, customers' messages signed as Meta signs them (test/e2e/inbound.ts), and the
 * automated answer sent by main on the Cloud API to the fake Graph API on 127.0.0.1 and shown in the Inbox thread
 * marked "automatic" with its rule.
 *
 * Why not the Sandbox's own simulated replies: the Sandbox answers only after a message was read (a minute to an
 * hour later on the host's clock, which runs at the normal rate) and for about 6 % of them, so no e2e step can wait
 * for one; a simulated customer's message is posted to the receiver instead, as inbox.spec.ts does.
 *
 * Time: the host and the page run on the fixture's injected clock. (a) is a Tuesday 11:00 in Seoul (open); (b)
 * starts the host at Tuesday 21:00 in Seoul (closed; opens Wednesday 10:00), never the machine's clock or zone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, freePort, test, type HostSession } from './fixtures';
import { postMessage } from './inbound';
import { startFakeGraphApi, type FakeGraphApi } from '../fakes/graphApi';
import { addContact, createLabel, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-automation-secret';
const PHONE_NUMBER_ID = '106540352242933';
const MINUTE = 60_000;

const RULES = {
  keywordReplies: [{ name: '배송 문의', keywords: ['배송', 'delivery'], match: 'contains', reply: '주문하신 상품은 오늘 출발해요. 송장: https://track.example/1' }],
  away: { enabled: true, text: '지금은 영업시간이 아니에요. {opens}에 답해 드릴게요.' },
  businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']], fri: [['10:00', '19:00']] } },
};

let fake: FakeGraphApi;
let port: number;
test.beforeEach(async () => {
  port = await freePort();
  fake = await startFakeGraphApi({ token: 'EAAG-e2e-automation-token', phoneNumberId: PHONE_NUMBER_ID, webhookUrl: `http://127.0.0.1:${port}/webhook`, appSecret: SECRET });
});
test.afterEach(async () => {
  await fake.close();
});

/** The Cloud API connection (Connect screen, English) to the fake, and the receiver on `port`. */
async function connect(page: Page): Promise<void> {
  await nav(page, 'connect');
  await page.getByRole('textbox', { name: 'Phone number ID' }).fill(PHONE_NUMBER_ID);
  await page.getByLabel('Access token', { exact: true }).fill(fake.token);
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByRole('textbox', { name: 'API base URL' }).fill(fake.url);
  await page.getByLabel('App secret').fill(SECRET);
  await page.getByLabel('Verify token').fill('e2e-verify');
  await page.getByLabel('Webhook port on this computer').fill(String(port));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').getByText('Connection settings saved.').last()).toBeVisible();
  await page.getByRole('button', { name: 'Start receiver' }).click();
  await expect(page.getByText(`Listening on 127.0.0.1:${port}`)).toBeVisible({ timeout: 10_000 });
}

async function writeRules(host: HostSession, rules: unknown): Promise<void> {
  await writeFile(join(host.dataDir, 'automation.json'), `${JSON.stringify(rules, null, 2)}\n`);
}

/** The customer's thread in the Inbox (All view): `last4` are the last digits of the number, shown (formatted or as the WhatsApp profile name) in the row. */
async function thread(page: Page, last4: string) {
  await nav(page, 'inbox');
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'All' }).click();
  const rows = page.locator('ol.inbox-list > li');
  await expect(rows).toHaveCount(1, { timeout: 10_000 }); // the one customer who wrote
  await expect(rows.locator('.inbox-row-name')).toHaveText(new RegExp(`${last4}$`));
  await rows.locator('.inbox-row').click();
  return page.getByRole('region', { name: /^Conversation with / }).getByRole('list', { name: 'Messages' });
}

test('a keyword rule answers a customer by itself, shown as automatic with its rule in the thread', async ({ page, host, clock, pageProblems }) => {
  await openShop(page, { country: 'KR' });
  await writeRules(host, RULES);
  await connect(page);
  expect(await postMessage(port, SECRET, { id: 'wamid.auto.kw', from: '821077773000', text: '배송 언제 와요?', atMs: clock.now() - MINUTE })).toBe(200);
  await expect.poll(() => fake.accepted.get('821077773000') ?? 0, { timeout: 10_000 }).toBe(1);

  const messages = await thread(page, '3000');
  const ours = messages.locator('li[data-answer-state]');
  await expect(ours).toHaveCount(1, { timeout: 10_000 });
  await expect(ours.locator('.bubble-text')).toHaveText('주문하신 상품은 오늘 출발해요. 송장: https://track.example/1');
  await expect(ours.locator('.bubble-meta')).toContainText('automatic (rule “배송 문의”)');
  await expect(ours.locator('.answer-ticks')).toHaveText('✓ Sent', { timeout: 15_000 });
  // A message no rule matches gets nothing (open hours: no away message); nothing went twice.
  expect(await postMessage(port, SECRET, { id: 'wamid.auto.none', from: '821077773000', text: '감사합니다', atMs: clock.now() })).toBe(200);
  await expect(messages.locator('.bubble-theirs')).toHaveCount(2);
  expect(fake.totalRequests()).toBe(1);
  expect(pageProblems).toEqual([]);
});

test.describe('outside business hours', () => {
  // Tuesday 1 December 2026, 21:00 in Seoul: closed; the shop opens Wednesday 10:00.
  test.use({ clockStart: '2026-12-01T12:00:00Z' });

  test('the away message says when the shop opens, shown as automatic in the thread', async ({ page, host, clock, pageProblems }) => {
    await openShop(page, { country: 'KR' });
    await writeRules(host, { ...RULES, keywordReplies: [] });
    await connect(page);
    expect(await postMessage(port, SECRET, { id: 'wamid.auto.away', from: '821077773001', text: '안녕하세요, 문의 있어요', atMs: clock.now() })).toBe(200);
    await expect.poll(() => fake.accepted.get('821077773001') ?? 0, { timeout: 10_000 }).toBe(1);

    const messages = await thread(page, '3001');
    const ours = messages.locator('li[data-answer-state]');
    await expect(ours).toHaveCount(1, { timeout: 10_000 });
    await expect(ours.locator('.bubble-text')).toHaveText('지금은 영업시간이 아니에요. 내일 10:00에 답해 드릴게요.');
    await expect(ours.locator('.bubble-meta')).toContainText('automatic (away message)');
    expect(fake.totalRequests()).toBe(1);
    expect(pageProblems).toEqual([]);
  });
});

test('a rule with a label condition answers only customers who carry that label (the labels reach main from the page)', async ({ page, host, clock, pageProblems }) => {
  await openShop(page, { country: 'KR' });
  await goTo(page, 'Labels');
  await createLabel(page, 'VIP');
  await goTo(page, 'Contacts');
  await addContact(page, { name: '김민지', phone: '010-7777-3010', labels: ['VIP'] });
  await addContact(page, { name: '박지수', phone: '010-7777-3011' });
  await writeRules(host, { keywordReplies: [{ name: 'VIP 배송', keywords: ['배송'], match: 'contains', reply: '{name}님, VIP 배송은 오늘 출발해요.', conditions: { labels: ['VIP'] } }] });
  // The page sends main the labelled contacts a moment after they change (contact-labels.json in the data folder).
  await expect.poll(async () => (await readFile(join(host.dataDir, 'contact-labels.json'), 'utf8').catch(() => '')).includes('+821077773010'), { timeout: 15_000 }).toBe(true);
  await connect(page);
  expect(await postMessage(port, SECRET, { id: 'wamid.auto.vip', from: '821077773010', text: '배송 언제 와요?', atMs: clock.now() - MINUTE })).toBe(200);
  expect(await postMessage(port, SECRET, { id: 'wamid.auto.plain', from: '821077773011', text: '배송 언제 와요?', atMs: clock.now() - MINUTE })).toBe(200);
  await expect.poll(() => fake.accepted.get('821077773010') ?? 0, { timeout: 10_000 }).toBe(1);
  // The other customer has no VIP label: no automatic answer (give main the same time to be sure).
  await page.waitForTimeout(1_000);
  expect(fake.requests.get('821077773011') ?? 0).toBe(0);
  expect(fake.totalRequests()).toBe(1);
  expect(pageProblems).toEqual([]);
});

test('the Automation screen: a rule with a label condition, at 1366x768', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openShop(page, { country: 'KR' });
  await goTo(page, 'Labels');
  await createLabel(page, 'VIP');
  await nav(page, 'automation');
  await expect(page.getByRole('heading', { name: 'Automation', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Add a keyword reply' }).click();
  const vip = page.getByRole('list', { name: 'Keyword replies' }).getByRole('checkbox', { name: 'VIP' });
  await vip.check();
  await vip.scrollIntoViewIfNeeded();
  await mkdir('/tmp/shots', { recursive: true });
  for (const close of await page.locator('.toasts button.icon-button').all()) await close.click().catch(() => undefined);
  await page.screenshot({ path: '/tmp/shots/automation-labels-en.png' });
});

/**
 * The replies inbox (issue 14) end to end, in the browser host with the real core: a Sandbox campaign to four
 * opted-in customers, their replies, and what a person does with them in the Inbox screen, in English and Korean.
 *
 * Where the replies come from. The Sandbox does answer in the customer's language, but only after the message was
 * read (a minute to an hour after delivery, on the host's clock, which runs at the normal rate from
 * `--test-clock-start`) and only for about 6 % of the messages read; the host has no flag to shorten those delays.
 * So the customers' replies arrive through the host's real webhook receiver, signed with the app secret as Meta signs
 * them, each quoting the campaign message it answers (`context.id` = that message's wamid, read from the page's copy
 * of the campaign), and one from a customer who wrote 25 hours ago (Meta's `timestamp`; deliveries are retried for days).
 *
 * The answer: 박지수's, in Korean, quoting her message, goes through main (`inbox:answer`) on the Sandbox; its
 * simulated statuses come back through the webhook path after their delays (seconds, on the host's clock) and the
 * thread's ticks follow them.
 *
 * What is left out, because it does not exist yet (issue 14):
 * - a failed answer and its "Send again": the Sandbox fails a message at random rates, so no e2e step can count on
 *   one (answers.test.ts and answerWords.test.ts cover the rules and the words);
 * - sending a template outside the 24-hour window: here the host has no Cloud API connection, so the step checks only
 *   that the box offers templates alone and says to connect first; inboxCloud.spec.ts connects to a fake Graph API
 *   and sends one (and a text answer with its tick);
 * - the shop's response-time report (Results' "time to first reply" is the customers' time, not the shop's).
 *
 * Time: the host and the page start at the fixture's instant (a Seoul late morning). The overdue mark is reached by
 * moving the page's clock forward with Playwright's clock API (`page.clock.fastForward`), never the wall clock.
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postMessage as postInbound, startReceiver } from './inbound';
import { addContact, addOptedIn, composeReady, createLabel, goTo, nav, openShop } from './shop';

const SECRET = 'e2e-inbox-secret';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The shop's customers: four carry the campaign's label; 최대현 wrote yesterday and is not in the campaign. */
const MINJI = { name: '김민지', phone: '010-7777-1000', waId: '821077771000' };
const JISOO = { name: '박지수', phone: '010-7777-1001', waId: '821077771001' };
const HANA = { name: '이하나', phone: '010-7777-1002', waId: '821077771002' };
const TOM = { name: 'Tom Baker', phone: '010-7777-1003', waId: '821077771003' };
const DAE = { name: '최대현', phone: '010-7777-1004', waId: '821077771004' };

const postMessage = (port: number, m: Parameters<typeof postInbound>[2]) => postInbound(port, SECRET, m);

/** The wamid of the campaign message each number got, from the page's copy of the campaign (IndexedDB). */
async function wamids(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shopcast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<Array<{ contact: string; wamid?: string }>>((resolve, reject) => {
      const request = db.transaction('recipients').objectStore('recipients').getAll();
      request.onsuccess = () => resolve(request.result as Array<{ contact: string; wamid?: string }>);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return Object.fromEntries(rows.flatMap((r) => (r.wamid ? [[r.contact.replace(/^\+/, ''), r.wamid]] : [])));
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir('/tmp/shots', { recursive: true });
  for (const close of await page.locator('.toasts button.icon-button').all()) await close.click().catch(() => undefined);
  await page.screenshot({ path: `/tmp/shots/inbox-${name}.png` });
}

/** The conversation rows in the list, in the order shown. */
function rows(page: Page): Locator {
  return page.locator('ol.inbox-list > li');
}

function row(page: Page, name: string): Locator {
  return rows(page).filter({ has: page.locator('.inbox-row-name', { hasText: name }) });
}

test('replies to a Sandbox campaign in the inbox: badge, due order with priorities, / quick replies, the 24 h window, overdue, done (en, ko)', async ({ page, pageProblems, clock }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });

  // The shop: a name for {shop}, a label, four opted-in customers in it and one customer outside it.
  await openShop(page, { country: 'KR' });
  await nav(page, 'settings');
  await page.getByRole('textbox', { name: 'Shop name' }).fill('Mina Flowers');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').getByText('Settings saved.').last()).toBeVisible();
  await goTo(page, 'Labels');
  await createLabel(page, 'Regulars');
  await goTo(page, 'Contacts');
  for (const c of [MINJI, JISOO, HANA, TOM]) await addOptedIn(page, c.name, c.phone, 'Regulars');
  await addContact(page, { name: DAE.name, phone: DAE.phone });

  // The webhook receiver, started from the Connect screen.
  const port = await startReceiver(page, SECRET);

  // Before anyone writes: no badge, and the inbox says where replies will come from.
  const inboxNav = page.getByRole('navigation').locator('button:has([data-screen="inbox"])');
  await expect(inboxNav.locator('.nav-badge')).toHaveCount(0);
  await nav(page, 'inbox');
  await expect(page.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible();
  await expect(page.getByText('Nothing is waiting for an answer.')).toBeVisible();

  // The Sandbox campaign to the label, sent now; wait until every message has its delivery status.
  await composeReady(page, { name: 'Tulip week', text: '(광고) Hi {name}, fresh tulips today at {shop}. Reply STOP to unsubscribe. STOP 회신 시 수신 거부' });
  await page.getByRole('button', { name: /^Send to 4 now$/ }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible({ timeout: 20_000 });
  const detail = page.locator('.campaign-detail');
  await expect(detail.locator('.badge').first()).toHaveText('Finished', { timeout: 60_000 });
  const recipients = detail.getByRole('table', { name: 'Recipients' });
  await expect(recipients.locator('.stage-waiting, .stage-sending, .stage-sent')).toHaveCount(0, { timeout: 90_000 });
  const sent = await wamids(page);
  for (const c of [MINJI, JISOO, HANA, TOM]) expect(sent[c.waId], `the campaign message to ${c.name}`).toMatch(/^wamid\.SANDBOX\./);

  // The customers write back now, a second apart (each quoting the campaign message), and 최대현's message from
  // yesterday arrives late.
  const t0 = clock.now();
  const replies = [
    { who: JISOO, text: '가격이 얼마예요?', atMs: t0 - 3_000 },
    { who: MINJI, text: '결제가 안 돼요', atMs: t0 - 2_000 },
    { who: TOM, text: 'I have not received my order yet', atMs: t0 - 1_000 },
    { who: HANA, text: '감사합니다!', atMs: t0 },
  ];
  for (const [i, r] of replies.entries()) {
    expect(await postMessage(port, { id: `wamid.e2e.in.${i}`, from: r.who.waId, text: r.text, atMs: r.atMs, contextId: sent[r.who.waId] })).toBe(200);
  }
  expect(await postMessage(port, { id: 'wamid.e2e.in.old', from: DAE.waId, text: '감사합니다!', atMs: t0 - 25 * HOUR })).toBe(200);

  // The navigation's badge counts the five unread messages.
  await expect(inboxNav.locator('.nav-badge')).toHaveText('5', { timeout: 20_000 });
  await expect(inboxNav.locator('.nav-badge')).toHaveAccessibleName('5 unread messages');

  // Needs an answer: soonest due first, whatever the order they came in. 최대현's thanks (low, due 24 h after
  // yesterday's message) is overdue already; then 김민지's payment problem (high, 15 min), Tom's missing order (high,
  // a second later), 박지수's price question (medium, 1 h, though it came first) and 이하나's thanks (low, 24 h).
  await nav(page, 'inbox');
  await expect(page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Needs an answer' })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([DAE.name, MINJI.name, TOM.name, JISOO.name, HANA.name]);
  const expected: Array<[typeof MINJI, string, RegExp]> = [
    [DAE, 'Low: says thanks', /^Overdue by 1 h( \d+ min)?$/],
    [MINJI, 'High: mentions a payment problem', /^Due in 1[2-4] min$/],
    [TOM, 'High: says the order did not arrive', /^Due in 1[2-4] min$/],
    [JISOO, 'Medium: asks about a price', /^Due in 5\d min$/],
    [HANA, 'Low: says thanks', /^Due in 23 h 5\d min$/],
  ];
  for (const [who, priority, due] of expected) {
    const r = row(page, who.name);
    await expect(r.locator('.inbox-priority')).toHaveText(priority);
    await expect(r.locator('.inbox-due')).toHaveText(due);
    await expect(r.locator('.inbox-unread')).toHaveText('1 unread');
  }
  await expect(row(page, DAE.name).locator('.inbox-row')).toHaveClass(/is-overdue/);
  await expect(row(page, MINJI.name).locator('.inbox-row')).not.toHaveClass(/is-overdue/);
  await expect(row(page, MINJI.name).locator('.inbox-row-text')).toHaveText('결제가 안 돼요');
  // The priority filter keeps only the high ones.
  await page.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([MINJI.name, TOM.name]);
  await page.getByRole('combobox', { name: 'Priority' }).selectOption('all');
  await shoot(page, 'list-en');

  // 김민지's conversation: the campaign message with its status, her reply quoting it, the reason, the window.
  await row(page, MINJI.name).locator('.inbox-row').click();
  const conversation = page.getByRole('region', { name: `Conversation with ${MINJI.name}` });
  await expect(conversation).toBeVisible();
  const thread = conversation.getByRole('list', { name: 'Messages' });
  await expect(thread.locator('.bubble-ours .bubble-text')).toHaveText('Campaign “Tulip week”');
  await expect(thread.locator('.bubble-ours .bubble-meta')).toHaveText(/^(Delivered|Read|Replied) · .+ · Sandbox$/);
  await expect(thread.locator('.bubble-theirs .bubble-quote')).toHaveText('In reply to “Tulip week”');
  await expect(thread.locator('.bubble-theirs .bubble-text')).toHaveText('결제가 안 돼요');
  await expect(conversation.locator('.inbox-conversation-state .inbox-priority')).toHaveText(/^High: mentions a payment problem · matched “.+”$/);
  await expect(conversation.getByRole('status').filter({ hasText: 'answer freely' })).toHaveText(/^You can answer freely for 23 h 5\d min\.$/);
  // Opening it read her message: the badge counts the other four.
  await expect(inboxNav.locator('.nav-badge')).toHaveText('4');
  await expect(row(page, MINJI.name).locator('.inbox-unread')).toHaveCount(0);

  // "/" opens the quick replies, her language (Korean) first; typing filters them; Enter inserts one with her name.
  const answer = conversation.getByRole('textbox', { name: 'Answer' });
  await answer.click();
  await answer.pressSequentially('/');
  const quick = conversation.getByRole('listbox', { name: 'Quick replies' });
  await expect(quick.getByRole('option')).toHaveCount(8);
  await expect(quick.getByRole('option').first().locator('.quick-lang')).toHaveText('ko');
  await answer.pressSequentially('ret');
  await expect(quick.getByRole('option')).toHaveCount(3);
  await expect(quick.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(quick.getByRole('option').first().locator('.quick-shortcut')).toHaveText('/return');
  await expect(quick.getByRole('option').first().locator('.quick-lang')).toHaveText('ko');
  await answer.press('Enter');
  await expect(quick).toBeHidden();
  await expect(answer).toHaveValue(`${MINJI.name}님, 반품·교환은 상품을 받으신 날부터 7일 안에 신청하실 수 있어요. 주문 번호와 사유를 알려 주시면 절차를 안내해 드릴게요.`);
  // On the Sandbox the answer can be sent from here (the box says it is simulated), or copied.
  await expect(conversation.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await expect(conversation.getByRole('button', { name: 'Copy answer' })).toBeEnabled();
  await expect(conversation.getByText(/^Sandbox: the answer is simulated and no one receives it/)).toBeVisible();
  await shoot(page, 'conversation-en');

  // Tom wrote in English: his quick replies are the English ones, with his name and the shop's.
  await row(page, TOM.name).locator('.inbox-row').click();
  const tom = page.getByRole('region', { name: `Conversation with ${TOM.name}` });
  const tomAnswer = tom.getByRole('textbox', { name: 'Answer' });
  await tomAnswer.click();
  await tomAnswer.pressSequentially('Sorry! /ord');
  await expect(tom.getByRole('listbox', { name: 'Quick replies' }).getByRole('option').first().locator('.quick-lang')).toHaveText('en');
  await tomAnswer.press('Enter');
  await expect(tomAnswer).toHaveValue(`Sorry! Hi ${TOM.name}, thanks for getting in touch. Send me your order number and I will check where your parcel is right away.`);

  // 최대현 wrote 25 hours ago: the window is closed, only a template can go.
  await row(page, DAE.name).locator('.inbox-row').click();
  const dae = page.getByRole('region', { name: `Conversation with ${DAE.name}` });
  await expect(dae.locator('.inbox-window')).toHaveText('The 24-hour window is closed: only a template now.');
  await expect(dae.locator('.inbox-window')).toHaveClass(/is-closed/);
  await expect(dae.getByText(/^Only a template can be sent to this customer now\./)).toBeVisible();
  await expect(dae.getByText(/^Templates come from your WhatsApp Business account, and the Cloud API is not connected yet\./)).toBeVisible();
  await expect(dae.getByRole('button', { name: 'Open the WhatsApp connection' })).toBeVisible();
  await expect(dae.getByRole('textbox', { name: 'Answer' })).toHaveCount(0);
  await expect(dae.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
  await expect(dae.locator('.bubble-ours')).toHaveCount(0);

  // Sixteen minutes later (the page's clock moved forward): 김민지's and Tom's answers are overdue now, 박지수's not yet.
  await page.clock.fastForward(16 * MINUTE);
  await expect(row(page, MINJI.name).locator('.inbox-due')).toHaveText(/^Overdue by [1-4] min$/);
  await expect(row(page, MINJI.name).locator('.inbox-row')).toHaveClass(/is-overdue/);
  await expect(row(page, TOM.name).locator('.inbox-due')).toHaveText(/^Overdue by [1-4] min$/);
  await expect(row(page, TOM.name).locator('.inbox-row')).toHaveClass(/is-overdue/);
  await expect(row(page, JISOO.name).locator('.inbox-due')).toHaveText(/^Due in (3\d|4[0-3]) min$/);
  await expect(row(page, JISOO.name).locator('.inbox-row')).not.toHaveClass(/is-overdue/);

  // 김민지's conversation is marked done: it leaves Needs an answer and is in Done.
  await row(page, MINJI.name).locator('.inbox-row').click();
  await conversation.getByRole('button', { name: 'Mark done' }).click();
  await expect(row(page, MINJI.name)).toHaveCount(0);
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([DAE.name, TOM.name, JISOO.name, HANA.name]);
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Done' }).click();
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([MINJI.name]);
  await expect(row(page, MINJI.name).locator('.inbox-status')).toHaveText('Done');
  await expect(row(page, MINJI.name).locator('.inbox-due')).toHaveCount(0);
  await expect(conversation.getByRole('list', { name: 'Messages' }).locator('.thread-event')).toHaveText(/^Marked done · /);
  await expect(conversation.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'All' }).click();
  await expect(rows(page)).toHaveCount(5);

  // Korean.
  await nav(page, 'settings');
  await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('ko');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await nav(page, 'inbox');
  await expect(page.getByRole('heading', { name: '받은 메시지', level: 1 })).toBeVisible();
  // 김민지, Tom and 최대현 were opened (read): 박지수 and 이하나 are left.
  await expect(inboxNav.locator('.nav-badge')).toHaveAccessibleName('읽지 않은 메시지 2개');
  const views = page.getByRole('group', { name: '보기' });
  await expect(views.getByRole('button', { name: '답변 필요' })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([DAE.name, TOM.name, JISOO.name, HANA.name]);
  await expect(row(page, DAE.name).locator('.inbox-priority')).toHaveText('낮음: 감사 인사');
  await expect(row(page, DAE.name).locator('.inbox-due')).toHaveText(/^1시간( \d+분)? 지남$/);
  await expect(row(page, TOM.name).locator('.inbox-priority')).toHaveText('높음: 상품 미수령');
  await expect(row(page, JISOO.name).locator('.inbox-priority')).toHaveText('보통: 가격 문의');
  await expect(row(page, JISOO.name).locator('.inbox-due')).toHaveText(/^(3\d|4[0-3])분 안에 답변$/);
  await expect(row(page, HANA.name).locator('.inbox-unread')).toHaveText('안 읽음 1');
  await shoot(page, 'list-ko');

  // 박지수: the window in Korean words, and "/" filtered by a Korean word in the text.
  await row(page, JISOO.name).locator('.inbox-row').click();
  const jisoo = page.getByRole('region', { name: `${JISOO.name} 님과의 대화` });
  await expect(jisoo.locator('.inbox-window')).toHaveText(/^앞으로 23시간 [34]\d분 동안 자유롭게 답할 수 있어요\.$/);
  await expect(jisoo.getByRole('list', { name: '메시지' }).locator('.bubble-theirs .bubble-quote')).toHaveText('“Tulip week”에 대한 답장');
  const jisooAnswer = jisoo.getByRole('textbox', { name: '답변' });
  await jisooAnswer.click();
  await jisooAnswer.pressSequentially('/가격');
  const koQuick = jisoo.getByRole('listbox', { name: '빠른 답장' });
  await expect(koQuick.getByRole('option').first().locator('.quick-shortcut')).toHaveText('/price');
  await expect(koQuick.getByRole('option').first().locator('.quick-lang')).toHaveText('ko');
  await jisooAnswer.press('Enter');
  await expect(jisooAnswer).toHaveValue(`${JISOO.name}님, 문의하신 상품의 가격을 확인해서 바로 알려 드릴게요. 상품 이름이나 사진을 보내 주시겠어요?`);
  // She is answered from here, quoting her question: the answer shows in the thread and its ticks arrive.
  const jisooThread = jisoo.getByRole('list', { name: '메시지' });
  await jisooThread.locator('.bubble-theirs').getByRole('button', { name: '인용' }).click();
  await expect(jisoo.locator('.inbox-answer-quoting')).toHaveText(/^답하는 메시지: “가격이 얼마예요\?” /);
  // Before sending: what it costs. December 2026 is after 2026-10-01, so a service message is billed (the default
  // table's KR utility rate); on the Sandbox nothing is.
  await expect(jisoo.getByTestId('answer-cost')).toHaveText(/^이 답변 요금: 약 (US)?\$0\.005\(서비스 메시지\)\. .+ 샌드박스라서 요금이 나가지 않아요\.$/);
  await jisoo.getByRole('button', { name: '보내기', exact: true }).click();
  await expect(jisooAnswer).toHaveValue('');
  await expect(jisoo.locator('.inbox-answer-quoting')).toHaveCount(0);
  const ours = jisooThread.locator('li[data-answer-state]');
  await expect(ours).toHaveCount(1, { timeout: 10_000 });
  await expect(ours.locator('.bubble-text')).toHaveText(`${JISOO.name}님, 문의하신 상품의 가격을 확인해서 바로 알려 드릴게요. 상품 이름이나 사진을 보내 주시겠어요?`);
  await expect(ours.locator('.bubble-quote')).toHaveText('가격이 얼마예요?');
  await expect(ours.locator('.answer-ticks')).toHaveText(/^✓ 보냄$|^✓✓ (전달됨|읽음)$/, { timeout: 15_000 });
  await expect(ours.locator('.answer-ticks')).toHaveText(/^✓✓ (전달됨|읽음)$/, { timeout: 60_000 });
  await expect(ours.locator('.bubble-meta')).toHaveText(/ · 샌드박스$/);
  // A picture by link: plain http is refused with the reason, https goes, and the thread shows it by kind and caption.
  await jisoo.getByRole('button', { name: '사진·동영상·문서 링크 넣기' }).click();
  const mediaLink = jisoo.getByRole('textbox', { name: '파일 링크(https://…)' });
  await expect(mediaLink).toBeFocused();
  await mediaLink.fill('http://shop.example/p/red-bag.jpg');
  await expect(jisoo.getByText('링크는 https://로 시작해야 해요(WhatsApp은 보안 링크에서만 파일을 가져가요).')).toBeVisible();
  await expect(jisoo.getByRole('button', { name: '링크 보내기' })).toBeDisabled();
  await mediaLink.fill('https://shop.example/p/red-bag.jpg');
  await jisoo.getByRole('textbox', { name: '설명(선택)' }).fill('빨간 가방이에요');
  await expect(jisoo.getByRole('combobox', { name: '종류' })).toContainText('링크로 판단 (사진)');
  await jisoo.getByRole('button', { name: '링크 보내기' }).click();
  await expect(ours).toHaveCount(2, { timeout: 10_000 });
  const picture = ours.filter({ has: page.locator('.bubble-link') });
  await expect(picture.locator('.bubble-text')).toHaveText('사진: 빨간 가방이에요');
  await expect(picture.locator('.bubble-link')).toHaveText('https://shop.example/p/red-bag.jpg');
  await expect(jisoo.getByRole('textbox', { name: '답변' })).toHaveValue(''); // back to the text box
  // Answered: her conversation waits on her now and leaves 답변 필요.
  await expect(jisoo.locator('.inbox-conversation-state .inbox-status')).toHaveText('고객 답장 대기 중');
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([DAE.name, TOM.name, HANA.name]);
  await shoot(page, 'conversation-ko');

  // 최대현 in Korean: the closed window.
  await row(page, DAE.name).locator('.inbox-row').click();
  await expect(page.getByRole('region', { name: `${DAE.name} 님과의 대화` }).locator('.inbox-window')).toHaveText('24시간 창이 닫혔어요. 이제 템플릿만 보낼 수 있어요.');
  await expect(page.getByRole('region', { name: `${DAE.name} 님과의 대화` }).getByRole('button', { name: 'WhatsApp 연결 열기' })).toBeVisible();
  await views.getByRole('button', { name: '완료' }).click();
  await expect(rows(page).locator('.inbox-row-name')).toHaveText([MINJI.name]);
  await expect(row(page, MINJI.name).locator('.inbox-status')).toHaveText('완료');

  expect(pageProblems).toEqual([]);
});

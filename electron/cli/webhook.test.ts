/**
 * `shopcast webhook` runs the app's sending core on the data folder: real HTTP on 127.0.0.1, real files in a temp
 * folder, a fixed clock. What it receives lands in the app's stores (suppression.jsonl, inbox.jsonl, the campaigns'
 * journals) under the folder's lock, and the other commands and the app read it back from there.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import { shiftedClock, systemClock, type Clock } from '../services/engine';
import { Inbox } from '../services/inbox';
import type { JournalFs } from '../services/ports';
import { SendingService } from '../services/sending';
import { sendCommand } from './send';
import { suppressionCommand } from './suppression';
import { recordingIo } from './testIo';
import type { CliIo } from './types';
import { webhookCommand } from './webhook';

/** 11:00 in Seoul on a Tuesday; the webhook command's clock stands still there (never the machine's). */
const AT = Date.parse('2026-12-01T02:00:00Z');
const fixedClock: Clock = { now: () => AT, sleep: systemClock.sleep };
const SECRET = 'app-secret';
const ENV = { SHOPCAST_APP_SECRET: SECRET, SHOPCAST_VERIFY_TOKEN: 'verify-me' };
/** A pid that is not this process's: the folder's lock tells two holders apart by pid. */
const OTHER_PID = process.pid + 4_000_000;

let dir: string;
let fake: FakeGraphApi;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-webhook-cli-'));
  fake = await startFakeGraphApi();
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
const data = () => join(dir, 'data');

/** A running `shopcast webhook`: its output, its listening URL, and a way to press Ctrl+C. */
interface Running {
  url: string;
  out: () => string;
  err: () => string;
  waitFor: (re: RegExp) => Promise<RegExpMatchArray>;
  /** Ctrl+C; resolves with the exit code once the command has returned. */
  stop: () => Promise<number>;
}

function io(env: Record<string, string>) {
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let interrupt!: () => void;
  const check = () => {
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const t: CliIo = {
    stdout: (s) => {
      out += s;
      check();
    },
    stderr: (s) => void (err += s),
    env,
    cwd: dir,
    interrupted: new Promise<void>((r) => (interrupt = r)),
  };
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      waiters.push({ re, resolve });
      check();
    });
  return { t, waitFor, interrupt: () => interrupt(), out: () => out, err: () => err };
}

async function startWebhook(opts: { args?: string[]; env?: Record<string, string>; fs?: JournalFs; pid?: number } = {}): Promise<Running> {
  const r = io(opts.env ?? ENV);
  const done = webhookCommand({ fs: opts.fs ?? nodeJournalFs, clock: fixedClock, pid: opts.pid ?? process.pid }).run(['--port', '0', '--data-dir', 'data', ...(opts.args ?? [])], r.t);
  const listening = r.waitFor(/listening on (\S+)/);
  const first = await Promise.race([listening.then((m) => m[1]!), done.then((code) => code)]);
  if (typeof first === 'number') throw new Error(`shopcast webhook exited ${first}: ${r.err()}`);
  return {
    url: first,
    out: r.out,
    err: r.err,
    waitFor: r.waitFor,
    stop: async () => {
      r.interrupt();
      return done;
    },
  };
}

/** What Meta posts: one change of the `messages` field. */
function payload(value: Record<string, unknown>): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA_ID', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: fake.phoneNumberId }, ...value } }] }] });
}
const SENT_AT = Math.floor(AT / 1000) - 60; // a minute before the clock, in Meta's seconds
const textFrom = (from: string, id: string, body: string) =>
  payload({ contacts: [{ profile: { name: 'Min' }, wa_id: from }], messages: [{ from, id, timestamp: String(SENT_AT), type: 'text', text: { body } }] });
const statusOf = (wamid: string, status: string, recipient: string, opaque?: string) =>
  payload({ statuses: [{ id: wamid, status, timestamp: String(SENT_AT), recipient_id: recipient, ...(opaque ? { biz_opaque_callback_data: opaque } : {}) }] });

async function suppressionJson(): Promise<unknown[]> {
  const t = recordingIo({ cwd: dir });
  expect(await suppressionCommand(nodeJournalFs).run(['list', '--data-dir', 'data', '--json'], t)).toBe(0);
  return JSON.parse(t.out) as unknown[];
}

/** The app's sending service on the folder, as core.ts builds it (no Cloud API connected). */
function appService(pid = process.pid): SendingService {
  return new SendingService({
    fs: nodeJournalFs,
    dataDir: data(),
    clock: fixedClock,
    random: () => 0.5,
    pid,
    generation: 'app',
    emit: () => undefined,
    cloud: { transportConfig: async () => null, webhookSetup: async () => ({ ok: false, missing: ['app secret'], port: 0 }), messagingLimit: async () => undefined },
    settings: async () => defaultSettingsForLocale('en-US'),
    openLink: async () => undefined,
    startWebhookServer,
    hmacSha256: nodeHmacSha256,
    fallbackZone: 'Asia/Seoul',
  });
}

describe('shopcast webhook: usage', () => {
  it.each<{ why: string; args: string[]; env: Record<string, string>; err: RegExp }>([
    { why: 'no app secret or verify token', args: [], env: {}, err: /set SHOPCAST_APP_SECRET and SHOPCAST_VERIFY_TOKEN/ },
    { why: 'only the app secret', args: [], env: { SHOPCAST_APP_SECRET: 's' }, err: /set SHOPCAST_APP_SECRET and SHOPCAST_VERIFY_TOKEN/ },
    { why: 'a port that is not one', args: ['--port', '70000'], env: ENV, err: /--port must be a port number/ },
    { why: 'a phone number id without a token', args: ['--phone-number-id', '123'], env: ENV, err: /needs both --phone-number-id and the access token/ },
    { why: 'an unknown flag', args: ['--app-secret', 'x'], env: ENV, err: /unknown option --app-secret/ },
  ])('$why is wrong usage (exit 2), and nothing is written', async ({ args, env, err }) => {
    const t = recordingIo({ cwd: dir, env });
    expect(await webhookCommand({ fs: nodeJournalFs, clock: fixedClock, pid: process.pid }).run([...args, '--data-dir', 'data'], t)).toBe(2);
    expect(t.err).toMatch(err);
    expect(existsSync(data())).toBe(false);
  });

  it('says in --help that the token is better kept in the environment', () => {
    expect(webhookCommand({ fs: nodeJournalFs, clock: fixedClock, pid: process.pid }).help).toMatch(/SHOPCAST_ACCESS_TOKEN \(prefer the variable: a flag is visible[\s\S]*ps aux/);
  });
});

describe('shopcast webhook: the app\'s stores', () => {
  it('a signed STOP is on the suppression list at once (shopcast suppression list shows it while it runs), the one confirmation goes out, and no webhook-events.jsonl is written', async () => {
    const w = await startWebhook({ args: ['--api-base', fake.url, '--phone-number-id', fake.phoneNumberId], env: { ...ENV, SHOPCAST_ACCESS_TOKEN: fake.token } });
    expect(await fake.postWebhook(w.url, textFrom('821012345678', 'wamid.in1', 'Stop'), SECRET)).toBe(200);
    // The 200 came after the entry was stored: the read-only list sees it without waiting.
    expect(await suppressionJson()).toEqual([{ phone: '+821012345678', reason: 'opted_out', source: 'Stop', at: new Date(AT).toISOString() }]);
    await w.waitFor(/\+821012345678 opted out \(Stop\): suppressed/);
    expect(await w.stop()).toBe(0);
    expect(fake.requests.get('821012345678')).toBe(1); // the opt-out's one confirmation, through --api-base
    expect(w.out()).toMatch(/stopped: 1 accepted, 0 bad signatures, 0 duplicates/);
    expect(existsSync(join(data(), 'webhook-events.jsonl'))).toBe(false);
    expect(existsSync(join(data(), 'sending.lock'))).toBe(false); // released
  });

  it("a signed inbound text is in inbox.jsonl, and the app's Inbox.load reads it back", async () => {
    const w = await startWebhook();
    expect(await fake.postWebhook(w.url, textFrom('821055556666', 'wamid.in2', 'Is the blue one in stock?'), SECRET)).toBe(200);
    await w.waitFor(/reply from \+821055556666/);
    expect(readFileSync(join(data(), 'inbox.jsonl'), 'utf8')).toContain('wamid.in2');
    expect(await w.stop()).toBe(0);
    const inbox = await Inbox.load(nodeJournalFs, data());
    expect(inbox.since(0, 10).messages).toEqual([
      expect.objectContaining({ seq: 1, id: 'wamid.in2', from: '+821055556666', type: 'text', text: 'Is the blue one in stock?', at: SENT_AT * 1000, optOut: 'none' }),
    ]);
    expect(await suppressionJson()).toEqual([]); // a question is not an opt-out
  });

  it("answers from the folder's automation rules, as the app does: a keyword reply goes out once through --api-base, journaled as automatic", async () => {
    mkdirSync(data(), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(data(), 'automation.json'),
      JSON.stringify({ keywordReplies: [{ name: '배송 문의', keywords: ['배송', 'delivery'], match: 'contains', reply: '주문하신 상품은 오늘 출발해요: https://track.example/1' }] }),
    );
    const w = await startWebhook({ args: ['--api-base', fake.url, '--phone-number-id', fake.phoneNumberId], env: { ...ENV, SHOPCAST_ACCESS_TOKEN: fake.token } });
    const asked = textFrom('821077778888', 'wamid.auto1', '배송 언제 와요?');
    expect(await fake.postWebhook(w.url, asked, SECRET)).toBe(200);
    expect(await fake.postWebhook(w.url, asked, SECRET)).toBe(200); // Meta delivers it again: answered once
    await vi.waitFor(() => expect(fake.accepted.get('821077778888')).toBe(1), { timeout: 10_000 });
    expect(await w.stop()).toBe(0);
    expect(fake.requests.get('821077778888')).toBe(1);
    const journals = readdirSync(join(data(), 'answers')).map((id) => readFileSync(join(data(), 'answers', id, 'journal.jsonl'), 'utf8'));
    expect(journals).toHaveLength(1);
    expect(journals[0]).toContain('keyword:배송 문의');
    expect(journals[0]).toContain('wamid.auto1');
  });

  it('a status for a job of a campaign in the folder updates that job', async () => {
    writeFileSync(join(dir, 'list.csv'), 'name,phone\nMin,010-2222-3333\n');
    const sent = recordingIo({ cwd: dir });
    const code = await sendCommand({ fs: nodeJournalFs, clock: shiftedClock(AT), pid: process.pid, fallbackZone: 'Asia/Seoul' }).run(
      ['--contacts', 'list.csv', '--text', 'Hi {name}', '--channel', 'cloud', '--api-base', fake.url, '--phone-number-id', fake.phoneNumberId, '--access-token', fake.token, '--messaging-limit', '0', '--data-dir', 'data'],
      sent,
    );
    expect(code, sent.err).toBe(0);
    const [wamid, msg] = [...fake.messages][0]!;
    expect(msg.opaque).toBeDefined();
    const campaign = msg.opaque!.slice(0, msg.opaque!.lastIndexOf('-'));

    const w = await startWebhook();
    expect(await fake.postWebhook(w.url, statusOf(wamid, 'delivered', msg.to, msg.opaque), SECRET)).toBe(200);
    await w.waitFor(new RegExp(`campaign ${campaign} \\(finished\\): sent \\d+ · delivered 1`));
    expect(await w.stop()).toBe(0);

    const app = appService();
    await app.load(); // the folder is free again
    try {
      expect((await app.get(campaign)).counts).toMatchObject({ accepted: 1, delivered: 1 });
      expect((await app.jobs(campaign, 0, 10)).jobs).toEqual([expect.objectContaining({ job: msg.opaque, wamid, delivery: 'delivered', times: expect.objectContaining({ delivered: AT }) })]);
    } finally {
      await app.close();
    }
  });

  it('a bad signature gets 401/403 and nothing is stored', async () => {
    const w = await startWebhook();
    const stop = textFrom('821012345678', 'wamid.forged', 'STOP');
    const status = await fake.postWebhook(w.url, stop, 'not-the-secret');
    expect([401, 403]).toContain(status);
    const unsigned = await fetch(w.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stop });
    expect([401, 403]).toContain(unsigned.status);
    expect(await w.stop()).toBe(0);
    expect(w.out()).toMatch(/stopped: 0 accepted, 2 bad signatures/);
    expect(await suppressionJson()).toEqual([]);
    expect((await Inbox.load(nodeJournalFs, data())).since(0, 10).messages).toEqual([]);
  });
});

describe('shopcast webhook: one user of the folder', () => {
  it("a second shopcast webhook or the app on the same folder is refused with the lock's message (exit 1); after Ctrl+C the folder is free", async () => {
    const w = await startWebhook();
    const second = recordingIo({ cwd: dir, env: ENV });
    expect(await webhookCommand({ fs: nodeJournalFs, clock: fixedClock, pid: OTHER_PID }).run(['--port', '0', '--data-dir', 'data'], second)).toBe(1);
    expect(second.err).toMatch(new RegExp(`Another Shopcast \\(process ${process.pid}\\) is sending from this data folder`));
    expect(second.out).not.toMatch(/listening/);
    await expect(appService(OTHER_PID).load()).rejects.toThrow(/Another Shopcast/);
    expect(await w.stop()).toBe(0);

    const again = await startWebhook({ pid: OTHER_PID });
    expect(await again.stop()).toBe(0);
  });

  it('Ctrl+C while a webhook is being stored: the command waits, the message is kept, then the folder is released', async () => {
    let reached!: () => void;
    const atInbox = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowInbox: JournalFs = {
      ...nodeJournalFs,
      appendText: async (path, text) => {
        if (path.endsWith('inbox.jsonl')) {
          reached();
          await gate;
        }
        return nodeJournalFs.appendText(path, text);
      },
    };
    const w = await startWebhook({ fs: slowInbox });
    const posting = fake.postWebhook(w.url, textFrom('821077778888', 'wamid.late', 'Thanks!'), SECRET).catch(() => 'cut');
    await atInbox;
    let returned = false;
    const stopped = w.stop().then((code) => {
      returned = true;
      return code;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(returned).toBe(false); // close() waits for the webhook work under way
    release();
    expect(await stopped).toBe(0);
    await posting;
    expect((await Inbox.load(nodeJournalFs, data())).since(0, 10).messages.map((m) => m.id)).toEqual(['wamid.late']);
    expect(existsSync(join(data(), 'sending.lock'))).toBe(false);
  });
});

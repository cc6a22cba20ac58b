/**
 * `shopcast campaigns list`, and a CLI campaign as the app sees it: `shopcast send` runs through the app's own
 * SendingService, so the campaign it made is in the Campaigns screen's list (SendingService.list()) of the next
 * service opened on the folder, and `campaigns list` shows app and CLI campaigns alike, read-only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { seededRandom } from '../../shared/domain/random';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import { shiftedClock } from '../services/engine';
import { SendingService } from '../services/sending';
import { campaignsCommand, type CampaignListing } from './campaigns';
import { sendCommand } from './send';
import { recordingIo } from './testIo';

/** 11:00 in Seoul (see send.test.ts): never the machine's clock. */
const CLOCK_START = Date.parse('2026-12-01T02:00:00Z');
let dir: string;
const open: SendingService[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-campaigns-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const data = () => join(dir, 'data');
const csv = (n: number) => `name,phone\n${Array.from({ length: n }, (_, i) => `Customer ${i},010-2000-${String(i).padStart(4, '0')}`).join('\n')}\n`;

/** The app's sending service on the data folder, as core.ts builds it (no Cloud API connected). */
async function appService(): Promise<SendingService> {
  const service = new SendingService({
    fs: nodeJournalFs,
    dataDir: data(),
    clock: shiftedClock(CLOCK_START),
    random: seededRandom(7),
    pid: process.pid,
    generation: 'app',
    emit: () => undefined,
    cloud: { transportConfig: async () => null, webhookSetup: async () => ({ ok: false, missing: ['app secret'], port: 0 }), messagingLimit: async () => undefined },
    settings: async () => defaultSettingsForLocale('ko-KR'),
    openLink: async () => undefined,
    startWebhookServer,
    hmacSha256: nodeHmacSha256,
    fallbackZone: 'Asia/Seoul',
  });
  open.push(service);
  await service.load();
  return service;
}

async function appCampaign(service: SendingService, n: number, seal = true): Promise<string> {
  const { id } = await service.create({ name: 'Spring sale', channel: 'sandbox', content: { kind: 'text', body: 'Hi {name}' }, promotional: true, recipientCount: n });
  await service.addRecipients(id, Array.from({ length: seal ? n : n - 1 }, (_, i) => ({ ref: String(i + 1), phone: `+8210300${String(i).padStart(5, '0')}`, vars: { name: `P${i}` } })));
  if (seal) await service.seal(id);
  return id;
}

async function cliSend(n: number): Promise<{ code: number; out: string; err: string }> {
  writeFileSync(join(dir, 'list.csv'), csv(n));
  const t = recordingIo({ cwd: dir });
  const code = await sendCommand({ fs: nodeJournalFs, clock: shiftedClock(CLOCK_START), pid: process.pid, fallbackZone: 'Asia/Seoul' }).run(['--contacts', 'list.csv', '--text', 'Hi {name}', '--data-dir', 'data'], t);
  return { code, out: t.out, err: t.err };
}

async function list(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const t = recordingIo({ cwd: dir });
  const code = await campaignsCommand({ fs: nodeJournalFs }).run(['list', '--data-dir', 'data', ...args], t);
  return { code, out: t.out, err: t.err };
}

describe('a CLI campaign is one of the app\'s', () => {
  it('shows in SendingService.list() of a service opened on the same folder afterwards, finished with its counts', async () => {
    const sent = await cliSend(5);
    expect(sent.err).not.toMatch(/shopcast send:/);
    expect(sent.code).toBe(0);
    const id = /Campaign (\S+):/.exec(sent.out)?.[1];
    const app = await appService();
    const campaigns = await app.list();
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ id, name: 'list.csv (shopcast send)', channel: 'sandbox', state: 'finished', counts: { total: 5, accepted: 5 } });
    expect(campaigns[0]!.incomplete).toBeUndefined(); // sealed
    const jobs = await app.jobs(id!, 0, 10);
    expect(jobs.jobs.map((j) => j.contact).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `+8210200${String(i).padStart(5, '0')}`));
  });

  it("the CLI finds its own campaign again among the app's, and leaves the app's drafts alone", async () => {
    const app = await appService();
    const appId = await appCampaign(app, 4);
    await app.close();
    expect((await cliSend(3)).code).toBe(0);
    const again = await cliSend(3);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/accepted 3\/3/);
    expect(readdirSync(join(data(), 'campaigns'))).toHaveLength(2); // no second CLI campaign
    const after = await appService();
    expect((await after.get(appId)).state).toBe('draft'); // never started by the CLI
  });
});

describe('shopcast campaigns list', () => {
  it('--json lists an app-made and a CLI-made campaign with id, name, channel, state, sealed total and counts', async () => {
    const app = await appService();
    const appId = await appCampaign(app, 4);
    await app.close();
    const sent = await cliSend(3);
    expect(sent.code).toBe(0);
    const cliId = /Campaign (\S+):/.exec(sent.out)?.[1];
    const r = await list('--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as CampaignListing[];
    expect(rows).toHaveLength(2);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(appId)).toMatchObject({ name: 'Spring sale', channel: 'sandbox', state: 'draft', recipients: 4, madeBy: 'app', counts: { queued: 4, accepted: 0, failed: 0, skipped: 0, ambiguous: 0 } });
    expect(byId.get(cliId!)).toMatchObject({ name: 'list.csv (shopcast send)', channel: 'sandbox', state: 'finished', recipients: 3, madeBy: 'cli', counts: { queued: 0, attempting: 0, accepted: 3, failed: 0, skipped: 0, ambiguous: 0 } });
  });

  it('prints a table by default; a campaign still receiving its recipients is "incomplete"', async () => {
    const app = await appService();
    await appCampaign(app, 3, false);
    await app.close();
    const r = await list();
    expect(r.code).toBe(0);
    const [head, row] = r.out.split('\n');
    expect(head).toMatch(/^ID\s+NAME\s+CHANNEL\s+STATE\s+RECIPIENTS\s+ACCEPTED\s+FAILED\s+SKIPPED\s+MAYBE SENT\s+QUEUED/);
    expect(row).toMatch(/Spring sale\s+sandbox\s+draft\s+incomplete\s+0\s+0\s+0\s+0\s+2/);
    expect(JSON.parse((await list('--json')).out)[0].recipients).toBeNull();
  });

  it('works while the app holds the folder and a line is half-written, and writes nothing', async () => {
    const app = await appService(); // holds sending.lock, as the running app does
    const id = await appCampaign(app, 2);
    const journal = join(data(), 'campaigns', id, 'journal.jsonl');
    appendFileSync(journal, '{"c":"0000'); // what a reader may see in the middle of the app's write
    const before = readFileSync(journal, 'utf8');
    const r = await list('--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ id, recipients: 2, unreadLines: 1 })]);
    expect(readFileSync(journal, 'utf8')).toBe(before);
    expect(existsSync(`${journal}.quarantine`)).toBe(false);
    expect(readFileSync(join(data(), 'sending.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid}\\b`));
  });

  it('an empty or missing folder lists nothing; a wrong action is a usage error', async () => {
    expect(await list('--json')).toMatchObject({ code: 0, out: '[]\n' });
    expect((await list()).out).toBe('No campaigns in this data folder.\n');
    const t = recordingIo({ cwd: dir });
    expect(await campaignsCommand({ fs: nodeJournalFs }).run(['show'], t)).toBe(2);
    expect(t.err).toMatch(/unknown action "show"/);
  });
});

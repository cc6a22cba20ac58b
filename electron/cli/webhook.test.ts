import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '../../test/fakes/graphApi';
import { nodeJournalFs } from '../adapters/journalFs';
import type { CliIo } from './types';
import { webhookCommand } from './webhook';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-webhook-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(env: Record<string, string>) {
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let stop!: () => void;
  const t: CliIo = {
    stdout: (s) => {
      out += s;
      for (const w of [...waiters]) {
        const m = out.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    },
    stderr: () => undefined,
    env,
    cwd: dir,
    interrupted: new Promise<void>((r) => (stop = r)),
  };
  const waitFor = (re: RegExp) => new Promise<RegExpMatchArray>((resolve) => {
    const m = out.match(re);
    if (m) resolve(m);
    else waiters.push({ re, resolve });
  });
  return { t, waitFor, stop: () => stop() };
}

describe('shopcast webhook', () => {
  it('needs the app secret and verify token', async () => {
    expect(await webhookCommand(nodeJournalFs).run([], io({}).t)).toBe(2);
  });

  it('receives a signed STOP, suppresses the contact and keeps the event', async () => {
    const { t, waitFor, stop } = io({ SHOPCAST_APP_SECRET: 's', SHOPCAST_VERIFY_TOKEN: 'v' });
    const running = webhookCommand(nodeJournalFs).run(['--port', '0', '--data-dir', 'data'], t);
    const [, url] = await waitFor(/listening on (\S+)/);
    const fake = await startFakeGraphApi();
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: { messages: [{ from: '821012345678', id: 'wamid.in', timestamp: '1', type: 'text', text: { body: 'Stop' } }] } }] }] });
    expect(await fake.postWebhook(url!, body, 's')).toBe(200);
    await waitFor(/opt-out, suppressed/);
    await fake.close();
    stop();
    expect(await running).toBe(0);
    expect(readFileSync(join(dir, 'data', 'suppression.jsonl'), 'utf8')).toContain('+821012345678');
    expect(readFileSync(join(dir, 'data', 'webhook-events.jsonl'), 'utf8')).toContain('wamid.in');
  });
});

// Handing a campaign to the engine (issue 5: 100,000 recipients under 5 s, with a progress bar): the renderer's own
// code (buildRecipients, then handOff through the real bridge) against the real browser host over its WebSocket on
// 127.0.0.1, into the real SendingService and journal on disk. Prints the time to build the recipients, the time
// of each part of the handoff (create, the chunks, seal) and the progress callbacks' spacing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './importTs.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
if (!existsSync(join(root, 'dist/host/host.mjs'))) throw new Error('Run `npm run build` first.');

const work = await mkdtemp(join(tmpdir(), 'shopcast-handoff-bench-'));
const { WebSocket, createBridge, handOff, buildRecipients } = await importTs(
  'handoff',
  [
    `export { default as WebSocket } from 'ws';`,
    `export { createBridge } from './renderer/src/platform/bridge.ts';`,
    `export { handOff } from './renderer/src/features/wizard/handoff.ts';`,
    `export { buildRecipients } from './renderer/src/features/wizard/buildRecipients.ts';`,
  ].join('\n'),
);

const dataDir = join(work, 'data');
const host = spawn(process.execPath, [join(root, 'dist/host/host.mjs'), '--no-open', '--port', '0', '--data-dir', dataDir], {
  env: { ...process.env, SHOPCAST_PRINT_READY: '1', CI: 'true' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ready = await new Promise((resolve, reject) => {
  let text = '';
  host.stdout.on('data', (c) => {
    text += c;
    const m = /^SHOPCAST_READY (.+)$/m.exec(text);
    if (m) resolve(JSON.parse(m[1]));
  });
  host.once('exit', (code) => reject(new Error(`host exited (${code}):\n${text}`)));
});

const origin = `http://127.0.0.1:${ready.port}`;
class PageWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { origin });
  }
}
const bridge = createBridge({ location: { hash: `#token=${ready.token}`, host: `127.0.0.1:${ready.port}`, pathname: '/', search: '' }, WebSocket: PageWebSocket });
await new Promise((resolve) => {
  const off = bridge.onConnectionChange((c) => c && (queueMicrotask(() => off()), resolve()));
});

// The renderer's side: contacts as the wizard holds them, variables resolved per recipient.
const contacts = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  name: i % 10 === 0 ? '' : `고객 ${i}`,
  phone: `+8210${String(10_000_000 + i).padStart(8, '0')}`,
  labelIds: [1],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: 1,
  notes: '',
  lastInteractionAt: 1,
}));
const draft = { name: 'Bench', channel: 'sandbox', promotional: true, message: { kind: 'text', body: '안녕하세요 {name}님, {shop}입니다. 수신거부: STOP' }, fallbacks: { name: '고객' }, scheduledAt: null, excludedContactIds: [] };
const t0 = performance.now();
const recipients = buildRecipients(draft, contacts, { shopName: 'Mina Flowers', labelNames: new Map() }, { abTest: false, seed: 'bench' });
const built = performance.now() - t0;

const progress = [];
const t1 = performance.now();
const result = await handOff(bridge, { name: 'Bench', channel: 'sandbox', content: { kind: 'text', body: draft.message.body }, promotional: true }, recipients, {
  onProgress: (done) => progress.push([performance.now() - t1, done]),
});
const handed = performance.now() - t1;
if (!result.ok) throw new Error(`handoff failed: ${result.error.message}`);
const gaps = progress.slice(1).map((p, i) => p[0] - progress[i][0]);
const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`recipients                ${N.toLocaleString('en')}`);
console.log(`buildRecipients           ${fmt(built)}`);
console.log(`handOff (create+chunks+seal over the WebSocket, journaled on disk) ${fmt(handed)}  (target under 5,000 ms)`);
console.log(`progress updates          ${progress.length}, largest gap ${fmt(Math.max(...gaps))}`);
console.log(`sealed campaign           ${result.campaign.counts.total.toLocaleString('en')} recipients, state ${result.campaign.state}`);
bridge.close();
host.kill('SIGTERM');
await new Promise((r) => host.once('exit', r));
await rm(work, { recursive: true, force: true });

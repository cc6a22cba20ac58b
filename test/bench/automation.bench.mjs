// Automation benchmark (issue 15 "Speed"): signed webhooks at BENCH_RATE customer messages a second (default 50)
// for BENCH_SECONDS (default 30) into the real app core (createCore: the webhook receiver on 127.0.0.1, the inbox,
// AutomationService with one keyword rule, the answers' journals fsynced, the Cloud API transport) with the fake
// Graph API answering on 127.0.0.1. Every message is a new customer asking "배송 언제 와요?"; one in ten webhooks is
// delivered twice (as Meta does). Prints p50/p99/max of webhook arrival (the POST sent) → the automated answer
// reaching the fake Graph API, and counts sent / lost / doubled. Target: p99 < 1 s. Prints figures only.
//
//   node test/bench/automation.bench.mjs        BENCH_RATE (default 50/s), BENCH_SECONDS (default 30)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTs } from './importTs.mjs';

const rate = Number(process.env.BENCH_RATE ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const total = Math.round(rate * seconds);
const tmp = mkdtempSync(join(tmpdir(), 'shopcast-automation-bench-'));
const SECRET = 'bench-secret';

const m = await importTs(
  'automation',
  [
    `export { createCore } from './electron/services/core.ts';`,
    `export { nodeFs } from './electron/adapters/fs.ts';`,
    `export { dispatch } from './shared/ipc/dispatch.ts';`,
    `export { startFakeGraphApi, signatureOf } from './test/fakes/graphApi.ts';`,
  ].join('\n'),
);

const fake = await m.startFakeGraphApi();
// The fake counts requests per recipient; each message here is its own customer, so the first count is its answer.
const reachedAt = new Map();
const set = fake.requests.set.bind(fake.requests);
fake.requests.set = (to, n) => {
  if (!reachedAt.has(to)) reachedAt.set(to, performance.now());
  return set(to, n);
};

writeFileSync(join(tmp, 'settings.json'), JSON.stringify({ language: 'ko', defaultCountry: 'KR', setupDone: true }));
writeFileSync(
  join(tmp, 'automation.json'),
  JSON.stringify({ keywordReplies: [{ name: '배송 문의', keywords: ['배송', 'delivery'], match: 'contains', reply: '주문하신 상품은 오늘 출발해요. 송장: https://track.example/1' }] }),
);
const core = m.createCore({ fs: m.nodeFs, dataDir: tmp, runtime: 'browser-host', version: '0.0.0', platform: 'linux', locale: 'ko-KR' });
await core.start();
const call = (channel, input) => m.dispatch(core.handlers, channel, input, { transport: 'bench' });
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const configured = await call('cloud:update', { apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, appSecret: SECRET, verifyToken: 'vt', webhookPort: port });
const started = await call('webhook:start', { port });
if (!configured.ok || !started.ok) throw new Error(`setup failed: ${JSON.stringify({ configured, started })}`);

const customer = (i) => `8210${String(30_000_000 + i)}`;
const sentAt = new Map();
const storedIn = []; // POST sent → the receiver's 200 (the message stored), first deliveries
let statusErrors = 0;
const post = async (i) => {
  const from = customer(i);
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: fake.phoneNumberId }, contacts: [{ wa_id: from, profile: { name: 'Bench' } }], messages: [{ id: `wamid.BENCH.${i}`, from, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: '배송 언제 와요?' } }] } }] }],
  });
  const first = !sentAt.has(from);
  const t = performance.now();
  if (first) sentAt.set(from, t);
  const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': m.signatureOf(body, SECRET) }, body });
  await r.arrayBuffer();
  if (first) storedIn.push(performance.now() - t);
  if (r.status !== 200) statusErrors++;
};

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const posts = [];
for (let i = 0; i < total; i++) {
  const due = t0 + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  posts.push(post(i));
  if (i % 10 === 5) posts.push(new Promise((r) => setTimeout(r, 200)).then(() => post(i))); // Meta delivers it again
}
await Promise.all(posts);
// Wait for the last answers (up to 10 s after the last webhook).
const deadline = performance.now() + 10_000;
while (reachedAt.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 500)); // anything doubled would show by now
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);

const latencies = [];
let lost = 0;
let doubled = 0;
for (let i = 0; i < total; i++) {
  const to = customer(i);
  const n = fake.requests.get(to) ?? 0;
  if (n === 0) lost++;
  if (n > 1) doubled++;
  if (reachedAt.has(to)) latencies.push(reachedAt.get(to) - sentAt.get(to));
}
latencies.sort((a, b) => a - b);
const pct = (p, xs = latencies) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]);
storedIn.sort((a, b) => a - b);

console.log(`automation bench: ${total} customer messages at ${rate}/s for ${seconds} s (one in ten webhooks delivered twice), one keyword rule`);
console.log(`  answers             sent ${latencies.length}, lost ${lost}, doubled ${doubled}; webhooks not answered 200: ${statusErrors}`);
console.log(`  arrival → answer    p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms (target p99 < 1000 ms)`);
console.log(`  arrival → 200       p50 ${pct(50, storedIn).toFixed(1)} ms, p99 ${pct(99, storedIn).toFixed(1)} ms (the receiver stored it; the answer follows)`);
console.log(`  CPU                 user ${(cpu.user / 1e6).toFixed(1)} s + system ${(cpu.system / 1e6).toFixed(1)} s over ${wall.toFixed(1)} s wall (core and fake in one process)`);
console.log(`  memory              peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
await core.close();
await fake.close();
rmSync(tmp, { recursive: true, force: true });

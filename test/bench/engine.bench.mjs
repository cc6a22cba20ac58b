// Send-engine benchmark: the real engine, journal (fsynced group commits) and Cloud API transport against the fake
// Graph API on 127.0.0.1. Prints the achieved rate, how steady it was (per-5 s windows against the target),
// p50/p99 scheduling lateness (dispatch time minus the ideal slot start + i/rate), CPU and peak memory.
// Prints figures only; it never passes or fails on a timing.
//
//   node test/bench/engine.bench.mjs            BENCH_RATE (default 1000/s), BENCH_SECONDS (default 60)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './importTs.mjs';

const rate = Number(process.env.BENCH_RATE ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const total = Math.round(rate * seconds);
const tmp = mkdtempSync(join(tmpdir(), 'shopcast-engine-bench-'));

const m = await importTs(
  'engine',
  [
    `export { SendEngine, systemClock } from './electron/services/engine.ts';`,
    `export { Journal } from './electron/services/journal.ts';`,
    `export { nodeJournalFs } from './electron/adapters/journalFs.ts';`,
    `export { SuppressionList } from './electron/services/suppression.ts';`,
    `export { CloudApiTransport } from './electron/services/transports/cloudApi.ts';`,
    `export { platformPolicy } from './shared/domain/pacing.ts';`,
    `export { startFakeGraphApi } from './test/fakes/graphApi.ts';`,
  ].join('\n'),
);

// The fake Graph API runs in its own process, so the CPU figures below are the engine's alone.
if (process.argv[2] === '--fake') {
  const fake = await m.startFakeGraphApi();
  process.stdout.write(`${JSON.stringify({ url: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, token: fake.token })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.stdout.write(`${fake.totalRequests()}\n`, () => process.exit(0)));
  await new Promise(() => undefined);
}
const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--fake'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_SECONDS: '0' } });
const lines = createInterface({ input: child.stdout });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
const fake = JSON.parse(await nextLine());
const path = join(tmp, 'journal.jsonl');
const opened = await m.Journal.open(m.nodeJournalFs, path, () => Date.now());
const records = [{ t: 'campaign', id: 'bench', spec: {}, at: Date.now() }];
for (let i = 0; i < total; i++) records.push({ t: 'job', job: `j${i}`, contact: `+8210${String(10_000_000 + i)}` });
await opened.journal.appendAll(records);
await opened.journal.close();
const { journal, replay } = await m.Journal.open(m.nodeJournalFs, path, () => Date.now());

const cloud = new m.CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });
const dispatchedAt = [];
const transport = {
  channel: 'cloud',
  send(message) {
    dispatchedAt.push(performance.now());
    return cloud.send(message);
  },
};
const policy = { ...m.platformPolicy('Asia/Seoul', null, rate), quietHours: null };
const engine = new m.SendEngine({
  journal,
  replay,
  transport,
  policy,
  clock: m.systemClock,
  random: Math.random,
  suppression: await m.SuppressionList.load(m.nodeJournalFs, tmp),
  content: () => ({ kind: 'text', body: 'Benchmark message' }),
  promotional: false,
  maxInFlight: 128,
});

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const end = await engine.run();
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await journal.close();
const answered = nextLine();
child.stdin.end();
const fakeRequests = Number(await answered);

const first = dispatchedAt[0];
const span = (dispatchedAt[dispatchedAt.length - 1] - first) / 1000;
const interval = 1000 / rate;
const lateness = dispatchedAt.map((t, i) => Math.max(0, t - (first + i * interval))).sort((a, b) => a - b);
const pct = (p) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))];
const windows = [];
for (let w = 0; (w + 1) * 5 <= span; w++) {
  const from = first + w * 5000;
  windows.push(dispatchedAt.filter((t) => t >= from && t < from + 5000).length / 5);
}
const dev = windows.map((r) => ((r - rate) / rate) * 100);
const c = engine.counts();

console.log(`engine bench: ${total} messages at a target of ${rate}/s (${seconds} s), journal fsynced in group commits`);
console.log(`  outcome             ${end.state}; accepted ${c.accepted}, failed ${c.failed}, ambiguous ${c.ambiguous}; fake saw ${fakeRequests} requests`);
console.log(`  achieved rate       ${(dispatchedAt.length / span).toFixed(1)}/s over ${span.toFixed(1)} s of sending (${wall.toFixed(1)} s wall)`);
console.log(`  5 s windows         min ${Math.min(...windows).toFixed(1)}/s, max ${Math.max(...windows).toFixed(1)}/s (${Math.min(...dev).toFixed(2)}% … +${Math.max(...dev).toFixed(2)}% of target)`);
console.log(`  scheduling lateness p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${lateness[lateness.length - 1].toFixed(2)} ms`);
console.log(`  CPU                 user ${(cpu.user / 1e6).toFixed(1)} s + system ${(cpu.system / 1e6).toFixed(1)} s (${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core; the fake server runs in another process)`);
console.log(`  memory              peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
rmSync(tmp, { recursive: true, force: true });

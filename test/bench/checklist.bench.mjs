// Checklist benchmark (issue 5: the full pre-send checklist over 100,000 recipients under 1 s). Bundles the pure
// campaign domain with esbuild and runs it in Node on generated contacts (Korean/Taiwanese/US mobiles, 3% invalid,
// 1% landlines, 2% duplicates, 10% without a name, a send log with 20,000 promotional sends in the last 24 h).
// Prints figures; never fails on a timing.
//
//   node test/bench/checklist.bench.mjs        BENCH_CONTACTS (default 100000), BENCH_RUNS (default 5)
import { cpus } from 'node:os';
import { importTs } from './importTs.mjs';

const COUNT = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const m = await importTs(
  'checklist',
  [
    `export { runChecklist, applyFix } from './shared/domain/campaign/checklist.ts';`,
    `export { evaluateAudience, EMPTY_FILTER } from './shared/domain/campaign/audience.ts';`,
    `export { PhoneFactsCache } from './shared/domain/campaign/phoneFacts.ts';`,
    `export { DEFAULT_RATE_TABLE } from './shared/domain/campaign/costs.ts';`,
    `export { cautiousPolicy, platformPolicy, SendLog } from './shared/domain/pacing.ts';`,
    `export { seededRandom } from './shared/domain/random.ts';`,
  ].join('\n'),
);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;

// ── Data ─────────────────────────────────────────────────────────────────────────────────────────────────────
const now = Date.UTC(2026, 10, 24, 2);
const random = m.seededRandom(42);
const contacts = [];
for (let i = 0; i < COUNT; i++) {
  const r = random();
  const n = String(10_000_000 + i * 37 + Math.floor(random() * 37)).slice(-8);
  let phone = r < 0.8 ? `+8210${n}` : r < 0.9 ? `+8869${n}` : `+1201${n.slice(-7)}`;
  if (random() < 0.03) phone = `+8210${n.slice(0, 3)}`; // too short: invalid
  else if (random() < 0.01) phone = `+822${n}`; // Seoul landline
  if (i > 0 && random() < 0.02) phone = contacts[i - 1].phone; // duplicate of the previous row
  contacts.push({
    id: i + 1,
    name: random() < 0.1 ? '' : `고객${i}`,
    phone,
    labelIds: [1 + (i % 7)],
    optInStatus: random() < 0.95 ? 'opted_in' : 'unknown',
    optInSource: 'in_store',
    optInAt: now - 30 * 86_400_000,
    notes: '',
    lastInteractionAt: now - Math.floor(random() * 400) * 86_400_000,
  });
}
const log = new m.SendLog();
for (let i = 0; i < 20_000; i++) log.record({ at: now - Math.floor(random() * 86_400_000), contact: contacts[Math.floor(random() * COUNT)].phone, promotional: true, outsideWindow: true });

const template = { id: 't', name: 'sale', language: 'ko', status: 'APPROVED', category: 'MARKETING', body: '{{1}}님, 세일 {{2}}', bodyParams: 2, footer: 'STOP 회신 시 수신 거부', syncedAt: now };
const drafts = {
  'text, sandbox, A/B': {
    name: 'bench', channel: 'sandbox', promotional: true, fallbacks: {}, scheduledAt: null, excludedContactIds: [],
    message: { kind: 'text', body: 'Hi {name}, new arrivals at {shop}: https://shop.example/new — 무료 배송!\n\nReply STOP to unsubscribe' },
    messageB: { kind: 'text', body: '{name}님, {labels} 고객님께만 http://shop.example/vip', media: { type: 'image', mime: 'image/jpeg', sizeBytes: 900_000 } },
  },
  'template, Cloud API': {
    name: 'bench', channel: 'cloud', promotional: true, fallbacks: {}, scheduledAt: null, excludedContactIds: [],
    message: { kind: 'template', name: 'sale', language: 'ko', params: [{ kind: 'field', field: 'name', fallback: '고객' }, { kind: 'fixed', value: '20%' }] },
  },
};
const baseInput = (draft, phones) => ({
  draft, recipients: contacts, templates: [template], shop: { name: 'Mina Flowers', language: 'ko' }, labelNames: new Map([[1, 'VIP']]),
  policy: m.cautiousPolicy('Asia/Seoul'), history: { daysSinceFirstSend: 3, sentLast24h: 20, reachedLast24h: 20 }, sendLog: log, now,
  rates: m.DEFAULT_RATE_TABLE, phones, unreachable: new Set(contacts.slice(0, 500).map((c) => c.phone)),
});

console.log(`Shopcast checklist benchmark: ${COUNT.toLocaleString('en')} recipients, ${RUNS} runs, ${cpus().length} cores, Node ${process.version}`);
console.log('');
for (const [name, draft] of Object.entries(drafts)) {
  // Cold: a fresh phone-facts cache (every number parsed by libphonenumber once), as on the first run in a wizard.
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const phones = new m.PhoneFactsCache();
    const t = performance.now();
    m.runChecklist(baseInput(draft, phones));
    cold.push(performance.now() - t);
  }
  // Warm: the cache the audience step already filled (what the checklist step sees), and re-runs after each fix.
  const phones = new m.PhoneFactsCache();
  const first = m.runChecklist(baseInput(draft, phones));
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    m.runChecklist(baseInput(draft, phones));
    warm.push(performance.now() - t);
  }
  const rows = first.results.filter((r) => r.level !== 'pass').map((r) => `${r.id}=${r.level}`).join(' ');
  console.log(`${name.padEnd(22)} cold (phone facts computed) ${ms(median(cold))}   warm ${ms(median(warm))}   target < 1000 ms`);
  console.log(`${''.padEnd(22)} ${first.recipients.toLocaleString('en')} recipients; not passing: ${rows}`);
}

// The audience count (pure part; the Chromium figure with Dexie is test/bench/audience.bench.mjs).
const phones = new m.PhoneFactsCache();
const actx = { suppressed: new Set(contacts.slice(1000, 3000).map((c) => c.phone)), phones, now, frequency: { log, cap: 3, at: now } };
const coldT = performance.now();
m.evaluateAudience(contacts, m.EMPTY_FILTER, actx);
const coldAudience = performance.now() - coldT;
const filters = [m.EMPTY_FILTER, { ...m.EMPTY_FILTER, labelsAny: [1, 2] }, { ...m.EMPTY_FILTER, labelsNone: [3], activeWithinDays: 30 }, { ...m.EMPTY_FILTER, countries: ['TW'], optIn: ['opted_in', 'unknown'] }];
const warmAudience = [];
for (let i = 0; i < RUNS; i++) for (const f of filters) {
  const t = performance.now();
  m.evaluateAudience(contacts, f, actx);
  warmAudience.push(performance.now() - t);
}
console.log('');
console.log(`audience evaluation (pure, Node): first ${ms(coldAudience)} (phone facts computed), then per filter change ${ms(median(warmAudience))}   target < 200 ms`);

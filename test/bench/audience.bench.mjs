// Audience benchmark (issue 5: with 100,000 contacts the audience count follows a filter change within 200 ms).
// Real Chromium on a persistent profile (on-disk IndexedDB) through the browser host helper: seeds 100,000
// contacts into a database of its own (the app's own is left alone), then times renderer/src/db/audience.ts:
// the first evaluation (one toArray of the contacts + libphonenumber facts for every number) and then each filter
// change (the snapshot and the facts are kept). Prints figures; never fails on a timing.
//
//   npm run build && node test/bench/audience.bench.mjs      BENCH_CONTACTS (default 100000), BENCH_RUNS (default 5)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHostAndBrowser } from './browserHost.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!existsSync(join(root, 'dist/host/host.mjs'))) {
  console.error('dist/host/host.mjs is missing: run "npm run build" first.');
  process.exit(1);
}

// The code under test, bundled for the browser and evaluated in the page (over the DevTools protocol, so the app's
// Content-Security-Policy, which allows no inline script, does not apply to it).
const out = await build({
  stdin: {
    contents: `
      import { ShopcastDB, LABEL_COLORS } from './renderer/src/db/db.ts';
      import { withDerived } from './renderer/src/db/contacts.ts';
      import { evaluateAudienceInDb } from './renderer/src/db/audience.ts';
      import { EMPTY_FILTER } from './shared/domain/campaign/audience.ts';
      import { PhoneFactsCache } from './shared/domain/campaign/phoneFacts.ts';
      import { seededRandom } from './shared/domain/random.ts';
      const db = new ShopcastDB('shopcast-audience-bench');
      const phones = new PhoneFactsCache();
      const now = Date.now();
      let suppressed = new Set();
      async function seed(count) {
        const t = performance.now();
        await db.contacts.clear();
        const random = seededRandom(42);
        const statuses = ['opted_in', 'opted_in', 'opted_in', 'unknown', 'opted_out'];
        for (let start = 0; start < count; start += 10000) {
          const chunk = [];
          for (let i = start; i < Math.min(count, start + 10000); i++) {
            const n = String(10000000 + i * 37 + Math.floor(random() * 37)).slice(-8);
            const phone = random() < 0.85 ? '+8210' + n : random() < 0.5 ? '+8869' + n : '+822' + n;
            const created = now - Math.floor(random() * 900 * 86400000);
            chunk.push(withDerived({
              name: 'c' + i, phone, labelIds: [1 + (i % 12)].concat(random() < 0.2 ? [13] : []),
              optInStatus: statuses[Math.floor(random() * statuses.length)], optInSource: 'imported', optInAt: created, notes: '',
              lastInteractionAt: random() < 0.8 ? created + Math.floor(random() * 30 * 86400000) : null,
            }, { id: i + 1, createdAt: created, updatedAt: created }));
          }
          await db.contacts.bulkPut(chunk);
        }
        const all = await db.contacts.limit(2000).toArray();
        suppressed = new Set(all.map((c) => c.phone));
        return { contacts: await db.contacts.count(), ms: performance.now() - t };
      }
      async function time(filter) {
        const t = performance.now();
        const r = await evaluateAudienceInDb(db, { ...EMPTY_FILTER, ...filter }, { suppressed, phones, now });
        const ms = performance.now() - t;
        const excluded = Object.fromEntries(Object.entries(r.excluded).map(([k, v]) => [k, v.length]));
        return { ms, included: r.included.length, matched: r.matched, excluded };
      }
      window.__audienceBench = { seed, time };
    `,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  logLevel: 'warning',
});
const code = out.outputFiles[0].text;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;

const { ready, context, close } = await startHostAndBrowser({ name: 'audience', viewport: { width: 800, height: 600 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${ready.url}/audience-bench-blank`);
  await page.evaluate(code);
  console.log(`Shopcast audience benchmark: ${CONTACTS.toLocaleString('en')} contacts, ${RUNS} runs, ${cpus().length} cores, Chromium ${context.browser()?.version() ?? ''}`);
  const seeded = await page.evaluate((n) => window.__audienceBench.seed(n), CONTACTS);
  console.log(`seed (bulkPut in 10k chunks, on-disk IndexedDB): ${seeded.contacts.toLocaleString('en')} contacts in ${ms(seeded.ms)}`);

  const first = await page.evaluate(() => window.__audienceBench.time({}));
  console.log(`first evaluation (reads every contact, computes phone facts): ${ms(first.ms)}   included ${first.included.toLocaleString('en')} of ${first.matched.toLocaleString('en')} matched`);
  console.log(`  excluded: ${Object.entries(first.excluded).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  console.log('');
  const filters = {
    'opted in (default)': {},
    'label any of 1, 2': { labelsAny: [1, 2] },
    'label all of 1, 13': { labelsAll: [1, 13] },
    'none of 13, active 30 days': { labelsNone: [13], activeWithinDays: 30 },
    'country TW, opted in + unknown': { countries: ['TW'], optIn: ['opted_in', 'unknown'] },
  };
  console.log('filter change (count + exclusions + sample)        median      included   (target < 200 ms)');
  for (const [name, f] of Object.entries(filters)) {
    const runs = [];
    let r;
    for (let i = 0; i < RUNS; i++) {
      r = await page.evaluate((x) => window.__audienceBench.time(x), f);
      runs.push(r.ms);
    }
    console.log(`${name.padEnd(48)} ${ms(median(runs))}   ${String(r.included).padStart(10)}`);
  }
} finally {
  await close();
}

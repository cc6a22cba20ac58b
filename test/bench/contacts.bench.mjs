// Contacts benchmark (issue 2): 100,000 contacts in real Chromium IndexedDB (on disk, persistent profile), driven
// through the real browser host and the real UI. Prints figures; never fails on a timing.
//   npm run bench            (builds the bench renderer first)
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHostAndBrowser } from './browserHost.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const rendererDir = join(root, 'dist', 'renderer-bench');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error('dist/renderer-bench is missing: run "npm run bench" (it builds the bench renderer first).');
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;

const { ready, context, close } = await startHostAndBrowser({ name: 'contacts', rendererDir, viewport: { width: 1280, height: 800 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(ready.url);
  await page.waitForFunction(() => window.__shopcastBench !== undefined);

  console.log(`Shopcast contacts benchmark: ${CONTACTS.toLocaleString('en')} contacts, ${RUNS} runs, ${cpus().length} cores, Chromium ${context.browser()?.version() ?? ''}`);
  const seeded = await page.evaluate((n) => window.__shopcastBench.seed(n), CONTACTS);
  console.log(`seed (bulkAdd in 10k chunks, on-disk IndexedDB): ${seeded.contacts.toLocaleString('en')} contacts in ${ms(seeded.ms)}`);

  // 1. Time to first rows when the contacts screen opens (from navigation start to the first rendered rows).
  const firstRows = [];
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('contacts:first-rows').length > 0, null, { timeout: 60_000 });
    firstRows.push(await page.evaluate(() => performance.getEntriesByName('contacts:first-rows')[0].startTime));
  }

  // 2. Raw queries (the database work alone).
  const raw = {};
  const queries = {
    'label filter (1 label)': { labelIds: [1] },
    'name-prefix search "김민"': { text: '김민' },
    'name-prefix search "alice"': { text: 'alice' },
    'phone search "1234"': { text: '1234' },
    'phone search "010-1234-5"': { text: '010-1234-5' },
    'opt-in filter (opted in, ~60%)': { optIn: 'opted_in' },
    'label + opt-in + search': { labelIds: [2], optIn: 'opted_in', text: '이' },
  };
  for (const [name, q] of Object.entries(queries)) {
    const runs = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate((query) => window.__shopcastBench.timeQuery(query), q);
      runs.push(r.ms);
      count = r.count;
    }
    raw[name] = { ms: median(runs), count };
  }

  // 3. The same through the UI: from the input changing to the matching rows on screen ('contacts:query' measure).
  const lastQueryMeasure = () => page.evaluate(() => performance.getEntriesByName('contacts:query').length);
  async function timeUi(action) {
    const before = await lastQueryMeasure();
    await action();
    await page.waitForFunction((n) => performance.getEntriesByName('contacts:query').length > n, before, { timeout: 30_000 });
    return page.evaluate(() => performance.getEntriesByName('contacts:query').at(-1).duration);
  }
  const search = page.getByRole('searchbox').first();
  const ui = { 'name-prefix search "김민"': [], 'phone search "1234"': [], 'label filter (1 label)': [] };
  for (let i = 0; i < RUNS; i++) {
    ui['name-prefix search "김민"'].push(await timeUi(() => search.fill('김민')));
    await timeUi(() => search.fill(''));
    ui['phone search "1234"'].push(await timeUi(() => search.fill('1234')));
    await timeUi(() => search.fill(''));
    await page.getByRole('button', { name: /filter by label/i }).first().click();
    const box = page.getByRole('checkbox', { name: '라벨 1', exact: true });
    ui['label filter (1 label)'].push(await timeUi(() => box.check()));
    await timeUi(() => box.uncheck());
    await page.keyboard.press('Escape');
  }

  // 4. Scrolling the whole list: the longest main-thread task while scrolling, via the Long Tasks API.
  const scroll = await page.evaluate(async () => {
    const grid = document.querySelector('[role="grid"]');
    let scroller = grid;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
    if (!scroller) return { error: 'no scrollable list found' };
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const started = performance.now();
    const steps = 300;
    for (let i = 0; i <= steps; i++) {
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * (i / steps);
      await frame();
      await frame();
    }
    // A few large jumps, like dragging the scrollbar.
    for (const f of [0.1, 0.9, 0.5, 0, 1]) {
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * f;
      await frame();
      await frame();
    }
    await new Promise((r) => setTimeout(r, 500));
    observer.disconnect();
    return { ms: performance.now() - started, longTasks: tasks.length, over50: tasks.filter((d) => d > 50).length, longest: Math.max(0, ...tasks) };
  });

  console.log('');
  console.log(`first rows on opening the contacts screen (median of ${RUNS}): ${ms(median(firstRows))}   target < 1000 ms   runs: ${firstRows.map((x) => x.toFixed(0)).join(', ')}`);
  console.log('');
  console.log('query                               raw query      query + render in the UI   matches   (target < 150 ms)');
  for (const [name, r] of Object.entries(raw)) {
    const u = ui[name] ? ms(median(ui[name])) : '         —';
    console.log(`${name.padEnd(34)} ${ms(r.ms)}      ${u}             ${String(r.count).padStart(7)}`);
  }
  console.log('');
  if (scroll.error) console.log(`scrolling: ${scroll.error}`);
  else
    console.log(
      `scrolling top→bottom in 300 steps + 5 jumps (${(scroll.ms / 1000).toFixed(1)} s): longest main-thread task ${scroll.longest.toFixed(0)} ms, ` +
        `${scroll.longTasks} tasks over 50 ms   target: none over 50 ms`,
    );
} finally {
  await close();
}

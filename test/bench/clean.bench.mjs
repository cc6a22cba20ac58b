// `shopcast clean` benchmark (issue 3): a 100,000-row contact CSV as shops really send them (phones in mixed formats,
// 10% duplicates in another format, 5% invalid, labels), cleaned by the bundled CLI in a fresh process, as a person
// runs it. Prints the wall time of each run and the median; never fails on a timing. Target: under 2 s.
//   node test/bench/clean.bench.mjs   (BENCH_ROWS, BENCH_RUNS: size and number of runs; BENCH_KEEP=1 keeps the CSV for profiling)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, CLI_BUNDLE } from '../../build/scripts/build-cli.mjs';
import { makeCsv } from './contactsCsv.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

await buildCli();
const dir = mkdtempSync(join(tmpdir(), 'shopcast-clean-bench-'));
const file = join(dir, 'contacts-100k.csv');
writeFileSync(file, makeCsv(ROWS));
console.log(`shopcast clean benchmark: ${ROWS.toLocaleString('en')} rows, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB, ${cpus().length} CPUs, Node ${process.version}`);

const times = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, CLI_BUNDLE), 'clean', file, '--out', join(dir, 'clean.csv'), '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  if (run === 0) {
    const { counts } = JSON.parse(result.stdout);
    console.log(`  report: ${counts.contacts} contacts, ${counts.duplicates} duplicates merged, ${counts.rejected} rejected`);
  }
  times.push(ms);
  console.log(`  run ${run + 1}: ${ms.toFixed(0)} ms`);
}
console.log(`shopcast clean, 100k-row CSV → clean CSV (process start to exit): median ${median(times).toFixed(0)} ms (target < 2000 ms)`);
if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
else rmSync(dir, { recursive: true, force: true });

// Turns Electronegativity's results into a pass/fail decision, a short table and one summary line.
// Pure functions, no I/O: build/scripts/electronegativity.mjs runs the scanner and calls these.
//
// Findings come either from the scanner's programmatic result (`findingFromIssue`) or from the CSV its CLI writes
// with `-o report.csv` (`parseElectronegativityCsv`); both give the same `Finding` shape.

/** @typedef {import('./electronegativity-report.d.mts').Finding} Finding */
/** @typedef {import('./electronegativity-report.d.mts').ScanError} ScanError */
/** @typedef {import('./electronegativity-report.d.mts').Acceptance} Acceptance */
/** @typedef {import('./electronegativity-report.d.mts').Evaluation} Evaluation */

/** Severities that fail the build. Electronegativity itself tops out at HIGH; CRITICAL is here for other feeds. */
export const BLOCKING_SEVERITIES = Object.freeze(['MEDIUM', 'HIGH', 'CRITICAL']);

/** The columns of Electronegativity's CSV, in order (its header reads "issue, severity, confidence, ..."). */
export const CSV_COLUMNS = Object.freeze(['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url']);

/**
 * Splits CSV text into records: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF ends a row.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsvRecords(text) {
  /** @type {string[][]} */
  const records = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else field += c;
    i += 1;
  }
  if (quoted) throw new Error('Electronegativity CSV ends inside a quoted field: the report is truncated.');
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  return records.filter((r) => !(r.length === 1 && r[0]?.trim() === ''));
}

/** Electronegativity writes "N/A" (unquoted) for a missing value. */
const orEmpty = (/** @type {string | undefined} */ v) => (v === undefined || v === 'N/A' ? '' : v);

/**
 * Parses the CSV written by `electronegativity -o report.csv`.
 * Header rows are recognised wherever they appear (the tool writes header and rows with two unsynchronised writes).
 * A row with the wrong number of columns is an error, never skipped: a skipped row could be a HIGH finding.
 * @param {string} text
 * @returns {Finding[]}
 */
export function parseElectronegativityCsv(text) {
  /** @type {Finding[]} */
  const findings = [];
  for (const [index, record] of parseCsvRecords(text).entries()) {
    const cells = record.map((c) => c.trim());
    if (cells[0]?.toLowerCase() === 'issue') continue;
    if (cells.length !== CSV_COLUMNS.length) {
      throw new Error(`Electronegativity CSV row ${index + 1} has ${cells.length} columns, expected ${CSV_COLUMNS.length}.`);
    }
    const [id = '', severity = '', confidence = '', file = '', location = '', sample = '', description = ''] = cells;
    const [line = 0, column = 0] = orEmpty(location).split(':').map((n) => Number.parseInt(n, 10) || 0);
    findings.push({
      id,
      severity: severity.toUpperCase(),
      confidence: confidence.toUpperCase(),
      file: orEmpty(file),
      line,
      column,
      sample: orEmpty(sample),
      description: orEmpty(description),
    });
  }
  return findings;
}

/** A property of an unknown value, or undefined: the scanner's result objects are read without trusting their shape. */
const field = (/** @type {unknown} */ obj, /** @type {string} */ key) =>
  typeof obj === 'object' && obj !== null ? Reflect.get(obj, key) : undefined;

/**
 * Normalises one issue from the scanner's programmatic result (`run(options)` in @doyensec/electronegativity):
 * `{ id, severity: { name }, confidence: { name }, file, location: { line, column }, sample, description }`.
 * @param {unknown} issue
 * @returns {Finding}
 */
export function findingFromIssue(issue) {
  const level = (/** @type {unknown} */ v) => {
    const name = field(v, 'name');
    return typeof name === 'string' ? name.toUpperCase() : 'UNKNOWN';
  };
  const text = (/** @type {unknown} */ v) => (typeof v === 'string' && v !== 'N/A' ? v : '');
  const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const location = field(issue, 'location');
  return {
    id: text(field(issue, 'id')) || 'UNKNOWN_CHECK',
    severity: level(field(issue, 'severity')),
    confidence: level(field(issue, 'confidence')),
    file: text(field(issue, 'file')),
    line: num(field(location, 'line')),
    column: num(field(location, 'column')),
    sample: text(field(issue, 'sample')),
    description: text(field(issue, 'description')),
  };
}

/**
 * Writes findings in Electronegativity's own CSV layout, so the archived report reads like the tool's.
 * @param {readonly Finding[]} findings
 * @returns {string}
 */
export function toElectronegativityCsv(findings) {
  const quote = (/** @type {string} */ v) => (v === '' ? 'N/A' : `"${v.replace(/"/g, '""')}"`);
  const rows = findings.map((f) =>
    [
      f.id,
      quote(f.severity),
      quote(f.confidence),
      quote(f.file),
      quote(`${f.line}:${f.column}`),
      quote(f.sample),
      quote(f.description),
      `https://github.com/doyensec/electronegativity/wiki/${f.id}`,
    ].join(','),
  );
  return [`${CSV_COLUMNS.join(', ')}`, ...rows].join('\n') + '\n';
}

/** @param {Finding} finding */
export function isBlocking(finding) {
  return BLOCKING_SEVERITIES.includes(finding.severity.toUpperCase());
}

/**
 * Sorts findings into blocking, accepted (reviewed, with a written justification) and informational (LOW and below),
 * and decides the outcome. The scan fails on any blocking finding, on any file the scanner could not parse, and on an
 * acceptance marked `expected` that matched nothing (its absence means the scanner stopped seeing what it checks).
 * @param {readonly Finding[]} findings
 * @param {{ scanErrors?: readonly ScanError[], acceptances?: readonly Acceptance[] }} [options]
 * @returns {Evaluation}
 */
export function evaluate(findings, options = {}) {
  const acceptances = options.acceptances ?? [];
  const scanErrors = options.scanErrors ?? [];
  /** @type {Evaluation['accepted']} */
  const accepted = [];
  /** @type {Finding[]} */
  const blocking = [];
  /** @type {Finding[]} */
  const informational = [];
  const used = new Set();
  for (const finding of findings) {
    if (!isBlocking(finding)) {
      informational.push(finding);
      continue;
    }
    const acceptance = acceptances.find((a) => a.id === finding.id && a.matches(finding));
    if (acceptance) {
      used.add(acceptance);
      accepted.push({ finding, justification: acceptance.justification });
    } else blocking.push(finding);
  }
  const missingExpected = acceptances.filter((a) => a.expected && !used.has(a));
  return {
    blocking,
    accepted,
    informational,
    scanErrors: [...scanErrors],
    missingExpected,
    failed: blocking.length > 0 || scanErrors.length > 0 || missingExpected.length > 0,
  };
}

/**
 * A short fixed-width table: severity, confidence, check, where, and the start of the offending line.
 * @param {readonly Finding[]} findings
 * @returns {string}
 */
export function formatTable(findings) {
  if (findings.length === 0) return '';
  const rows = findings.map((f) => [
    f.severity,
    f.confidence,
    f.id,
    f.file ? `${f.file}:${f.line}` : '(whole app)',
    f.sample.length > 60 ? `${f.sample.slice(0, 57)}...` : f.sample,
  ]);
  const head = ['severity', 'confidence', 'check', 'where', 'code'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (/** @type {string[]} */ cells) => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The last line of the run, e.g. "electronegativity: 0 medium/high findings in 5 files".
 * @param {Evaluation} evaluation
 * @param {number} fileCount
 * @returns {string}
 */
export function summaryLine(evaluation, fileCount) {
  const parts = [`electronegativity: ${evaluation.blocking.length} medium/high findings in ${fileCount} files`];
  if (evaluation.accepted.length > 0) parts.push(`${evaluation.accepted.length} reviewed and accepted`);
  if (evaluation.informational.length > 0) parts.push(`${evaluation.informational.length} low/informational`);
  if (evaluation.scanErrors.length > 0) parts.push(`${evaluation.scanErrors.length} files could not be scanned`);
  if (evaluation.missingExpected.length > 0) parts.push(`${evaluation.missingExpected.length} expected checks saw nothing`);
  return parts.join('; ');
}

/**
 * Findings we reviewed and accept, each with why it cannot be satisfied and a narrow match (check id AND where),
 * so the same check anywhere else still fails the build.
 * @param {(file: string) => readonly string[]} linesOf the lines of a scanned file (as the scanner saw it)
 * @returns {Acceptance[]}
 */
export function shopcastAcceptances(linesOf) {
  return [
    {
      id: 'OPEN_EXTERNAL_JS_CHECK',
      justification:
        'The one shell.openExternal call in the app is inside openExternalSafely (electron/window.ts), right after ' +
        'isAllowedExternalUrl(url) returns for anything but https on an allow-listed host. The check flags every ' +
        'openExternal whose argument is not a string literal, which no link-opening code can satisfy. Accepted only ' +
        'when the allow-list test is on one of the four lines above the call.',
      expected: false,
      matches: (f) =>
        f.file.endsWith('electron/main.js') &&
        /\.openExternal\(url\)/.test(f.sample) &&
        linesOf(f.file)
          .slice(Math.max(0, f.line - 5), Math.max(0, f.line - 1))
          .some((l) => /if \(!isAllowedExternalUrl\(url\)\) return false;/.test(l)),
    },
    {
      id: 'PRELOAD_JS_CHECK',
      justification:
        'A manual-review marker raised for any BrowserWindow that has a preload. Ours is required (it is the only ' +
        'bridge to main) and reviewed: it runs sandboxed with contextIsolation, requires only electron, and exposes ' +
        'one ipcRenderer.invoke wrapper per contract channel plus onEvent (electron/preload.ts and its tests). ' +
        'Expected: if it disappears, the scanner no longer sees `new BrowserWindow({ webPreferences })` in the ' +
        'bundle and its webPreferences checks ran blind.',
      expected: true,
      matches: (f) => f.file.endsWith('electron/main.js') && /^preload:/.test(f.sample),
    },
  ];
}

import { describe, expect, it } from 'vitest';
import {
  evaluate,
  findingFromIssue,
  formatTable,
  parseElectronegativityCsv,
  shopcastAcceptances,
  summaryLine,
  toElectronegativityCsv,
  type Acceptance,
  type Finding,
} from './electronegativity-report.mjs';

// Rows exactly as `electronegativity -i dist/electron -o report.csv` wrote them (captured from a real run).
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const GLOBAL_ROW =
  'CSP_GLOBAL_CHECK,"MEDIUM","CERTAIN","N/A","0:0",N/A,"No CSP has been detected in the target application",https://github.com/doyensec/electronegativity/wiki/CSP_GLOBAL_CHECK';
const ATOMIC_ROW =
  'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","electron/main.js","558:10","await shell2.openExternal(url);","Review the use of openExternal",https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'SOME_CHECK',
    severity: 'MEDIUM',
    confidence: 'FIRM',
    file: 'electron/main.js',
    line: 10,
    column: 2,
    sample: 'doSomething();',
    description: 'Review this',
    ...overrides,
  };
}

describe('parseElectronegativityCsv', () => {
  it('reads a whole-app finding, turning N/A into empty text', () => {
    expect(parseElectronegativityCsv(`${HEADER}\n${GLOBAL_ROW}\n`)).toEqual([
      {
        id: 'CSP_GLOBAL_CHECK',
        severity: 'MEDIUM',
        confidence: 'CERTAIN',
        file: '',
        line: 0,
        column: 0,
        sample: '',
        description: 'No CSP has been detected in the target application',
      },
    ]);
  });

  it('reads a finding in a file with its line and column', () => {
    const [row] = parseElectronegativityCsv(`${HEADER}\n${ATOMIC_ROW}\n`);
    expect(row).toMatchObject({ file: 'electron/main.js', line: 558, column: 10, sample: 'await shell2.openExternal(url);' });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const row =
      'CSP_GLOBAL_CHECK,"LOW","TENTATIVE","electron/main.js","588:15","callback({ a: ""x"", b })","line one\nline two",https://x';
    const [parsed] = parseElectronegativityCsv(`${HEADER}\n${row}\n`);
    expect(parsed?.sample).toBe('callback({ a: "x", b })');
    expect(parsed?.description).toBe('line one\nline two');
  });

  it('reads Windows line endings', () => {
    expect(parseElectronegativityCsv(`${HEADER}\r\n${GLOBAL_ROW}\r\n${ATOMIC_ROW}\r\n`)).toHaveLength(2);
  });

  it('finds the header wherever the tool’s unsynchronised writes put it', () => {
    expect(parseElectronegativityCsv(`${ATOMIC_ROW}\n${HEADER}\n${GLOBAL_ROW}\n`).map((f) => f.id)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK',
      'CSP_GLOBAL_CHECK',
    ]);
  });

  it('reads a report with no findings as an empty list', () => {
    expect(parseElectronegativityCsv(`${HEADER}\n`)).toEqual([]);
  });

  it('refuses a row with the wrong number of columns rather than skipping a possible HIGH finding', () => {
    expect(() => parseElectronegativityCsv(`${HEADER}\nCONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM"\n`)).toThrow(/columns/);
  });

  it('refuses a report cut off inside a quoted field', () => {
    expect(() => parseElectronegativityCsv(`${HEADER}\nX,"HIGH","FIRM","main.js","1:1","oops`)).toThrow(/truncated/);
  });

  it('reads what toElectronegativityCsv writes back unchanged', () => {
    const findings = [finding({ sample: 'say("hi, there")' }), finding({ id: 'CSP_GLOBAL_CHECK', file: '', sample: '' })];
    expect(parseElectronegativityCsv(toElectronegativityCsv(findings))).toEqual(findings);
  });
});

describe('findingFromIssue', () => {
  it('normalises an issue from the scanner’s programmatic result', () => {
    const issue = {
      file: 'electron/main.js',
      sample: 'preload: deps.preloadPath,',
      location: { line: 606, column: 6 },
      id: 'PRELOAD_JS_CHECK',
      description: 'Review the use of preload scripts',
      severity: { value: 2, name: 'MEDIUM', format: () => 'MEDIUM' },
      confidence: { value: 1, name: 'FIRM', format: () => 'FIRM' },
      manualReview: true,
    };
    expect(findingFromIssue(issue)).toEqual({
      id: 'PRELOAD_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'FIRM',
      file: 'electron/main.js',
      line: 606,
      column: 6,
      sample: 'preload: deps.preloadPath,',
      description: 'Review the use of preload scripts',
    });
  });

  it('marks an issue with no readable severity as UNKNOWN rather than dropping it', () => {
    expect(findingFromIssue({ id: 'X' })).toMatchObject({ id: 'X', severity: 'UNKNOWN', file: '', line: 0 });
  });
});

describe('evaluate', () => {
  it.each([
    ['HIGH', true],
    ['MEDIUM', true],
    ['CRITICAL', true],
    ['critical', true],
    ['LOW', false],
    ['INFORMATIONAL', false],
  ])('treats a %s finding as blocking: %s', (severity, blocking) => {
    const result = evaluate([finding({ severity })]);
    expect(result.failed).toBe(blocking);
    expect(result.blocking).toHaveLength(blocking ? 1 : 0);
  });

  it('passes a scan with no findings', () => {
    expect(evaluate([]).failed).toBe(false);
  });

  it('fails when a file could not be parsed, even with no findings', () => {
    const result = evaluate([], { scanErrors: [{ file: 'renderer/assets/x.js', message: 'Unexpected token', tolerable: false }] });
    expect(result.failed).toBe(true);
  });

  it('fails when a file parsed only with recoverable errors, since part of it may not have been checked', () => {
    const result = evaluate([], { scanErrors: [{ file: 'renderer/assets/x.js', message: 'Recovered', tolerable: true }] });
    expect(result.failed).toBe(true);
  });

  it('accepts a reviewed finding that matches an acceptance by check and place', () => {
    const acceptance: Acceptance = { id: 'SOME_CHECK', justification: 'reviewed', expected: false, matches: () => true };
    const result = evaluate([finding()], { acceptances: [acceptance] });
    expect(result.failed).toBe(false);
    expect(result.accepted).toEqual([{ finding: finding(), justification: 'reviewed' }]);
  });

  it('still blocks the same check somewhere the acceptance does not cover', () => {
    const acceptance: Acceptance = {
      id: 'SOME_CHECK',
      justification: 'reviewed',
      expected: false,
      matches: (f) => f.line === 10,
    };
    const result = evaluate([finding({ line: 99 })], { acceptances: [acceptance] });
    expect(result.blocking).toHaveLength(1);
  });

  it('does not let an acceptance for one check cover another', () => {
    const acceptance: Acceptance = { id: 'OTHER_CHECK', justification: 'r', expected: false, matches: () => true };
    expect(evaluate([finding()], { acceptances: [acceptance] }).failed).toBe(true);
  });

  it('fails when an expected acceptance matched nothing, because the scanner stopped seeing what it checks', () => {
    const acceptance: Acceptance = { id: 'PRELOAD_JS_CHECK', justification: 'r', expected: true, matches: () => true };
    const result = evaluate([], { acceptances: [acceptance] });
    expect(result.failed).toBe(true);
    expect(result.missingExpected).toEqual([acceptance]);
  });
});

describe('shopcastAcceptances', () => {
  const guarded = [
    'async function openExternalSafely(shell2, url) {',
    '  if (!isAllowedExternalUrl(url)) return false;',
    '  try {',
    '    await shell2.openExternal(url);',
  ];
  const openExternal = finding({ id: 'OPEN_EXTERNAL_JS_CHECK', line: 4, sample: 'await shell2.openExternal(url);' });
  const accepts = (lines: string[], f: Finding) =>
    shopcastAcceptances(() => lines).some((a) => a.id === f.id && a.matches(f));

  it('accepts openExternal right after the allow-list check', () => {
    expect(accepts(guarded, openExternal)).toBe(true);
  });

  it('does not accept openExternal without the allow-list check above it', () => {
    const unguarded = ['async function open(shell2, url) {', '  log(url);', '  try {', '    await shell2.openExternal(url);'];
    expect(accepts(unguarded, openExternal)).toBe(false);
  });

  it('does not accept openExternal called with anything but the checked url', () => {
    const other = finding({ id: 'OPEN_EXTERNAL_JS_CHECK', line: 4, sample: 'await shell2.openExternal(event.url);' });
    expect(accepts(guarded, other)).toBe(false);
  });

  it('accepts the preload review marker on the main window', () => {
    const preload = finding({ id: 'PRELOAD_JS_CHECK', sample: 'preload: deps.preloadPath,' });
    expect(accepts([], preload)).toBe(true);
  });

  it('does not accept a preload marker in another bundle', () => {
    const preload = finding({ id: 'PRELOAD_JS_CHECK', file: 'renderer/assets/index.js', sample: 'preload: x,' });
    expect(accepts([], preload)).toBe(false);
  });

  it('expects the preload marker, so a blind scanner fails the run', () => {
    expect(shopcastAcceptances(() => []).filter((a) => a.expected).map((a) => a.id)).toEqual(['PRELOAD_JS_CHECK']);
  });
});

describe('report text', () => {
  it('ends with the summary line naming the number of blocking findings and files', () => {
    expect(summaryLine(evaluate([]), 5)).toBe('electronegativity: 0 medium/high findings in 5 files');
  });

  it('mentions accepted and low findings after the count', () => {
    const acceptance: Acceptance = { id: 'SOME_CHECK', justification: 'r', expected: false, matches: () => true };
    const result = evaluate([finding(), finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW' })], { acceptances: [acceptance] });
    expect(summaryLine(result, 7)).toBe(
      'electronegativity: 0 medium/high findings in 7 files; 1 reviewed and accepted; 1 low/informational',
    );
  });

  it('prints one table row per finding with its place', () => {
    const table = formatTable([finding({ id: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', line: 42 })]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(table).toContain('electron/main.js:42');
  });

  it('labels a whole-app finding instead of printing an empty place', () => {
    expect(formatTable([finding({ file: '' })])).toContain('(whole app)');
  });
});

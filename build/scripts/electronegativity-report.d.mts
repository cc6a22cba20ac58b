// Types for electronegativity-report.mjs (plain JavaScript so that Node runs it without a build step).

/** One finding, whether read from the scanner's result or from the CSV its CLI writes. */
export interface Finding {
  /** The check id, e.g. OPEN_EXTERNAL_JS_CHECK. */
  id: string;
  /** Upper case: INFORMATIONAL, LOW, MEDIUM, HIGH (CRITICAL from other feeds), or UNKNOWN. */
  severity: string;
  /** Upper case: TENTATIVE, FIRM, CERTAIN, or UNKNOWN. */
  confidence: string;
  /** Relative to the scanned folder; empty for whole-app (global) findings. */
  file: string;
  line: number;
  column: number;
  /** The offending line as the scanner saw it; may be empty. */
  sample: string;
  description: string;
}

/** A file the scanner could not (fully) parse. `tolerable` means it parsed with recoverable errors. */
export interface ScanError {
  file: string;
  message: string;
  tolerable: boolean;
}

/** A reviewed finding we accept, with the reason, matched narrowly by check id and location. */
export interface Acceptance {
  id: string;
  justification: string;
  /** When true, the scan fails if no finding matches (the check it proves the scanner ran stopped firing). */
  expected: boolean;
  matches(finding: Finding): boolean;
}

export interface Evaluation {
  blocking: Finding[];
  accepted: { finding: Finding; justification: string }[];
  informational: Finding[];
  scanErrors: ScanError[];
  missingExpected: Acceptance[];
  failed: boolean;
}

export const BLOCKING_SEVERITIES: readonly string[];
export const CSV_COLUMNS: readonly string[];
export function parseCsvRecords(text: string): string[][];
export function parseElectronegativityCsv(text: string): Finding[];
export function findingFromIssue(issue: unknown): Finding;
export function toElectronegativityCsv(findings: readonly Finding[]): string;
export function isBlocking(finding: Finding): boolean;
export function evaluate(
  findings: readonly Finding[],
  options?: { scanErrors?: readonly ScanError[]; acceptances?: readonly Acceptance[] },
): Evaluation;
export function formatTable(findings: readonly Finding[]): string;
export function summaryLine(evaluation: Evaluation, fileCount: number): string;
export function shopcastAcceptances(linesOf: (file: string) => readonly string[]): Acceptance[];

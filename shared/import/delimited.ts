/**
 * Delimited text (CSV, TSV, "Unicode text", semicolon CSV from European Excel, pipe-separated exports) → rows of
 * strings. papaparse does the quoting; we pick the delimiter ourselves because its guess gives up on a trailing
 * newline, and we stop cleanly at an unterminated quote instead of swallowing the rest of the file into one cell.
 */
import Papa from 'papaparse';

export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Longest cell we keep: a 10,000-character cell is damage, and the contact fields are far shorter. */
export const CELL_MAX = 1_000;

export interface DelimitedRows {
  rows: string[][];
  delimiter: Delimiter;
  /** 1-based line-ish row number (as in the file's records) where an unterminated quote starts; rows from there on are dropped. */
  unterminatedQuoteRow: number | undefined;
  /** The file had more rows than the cap; only the first `maxRows` were read. */
  capped: boolean;
  cellsTruncated: number;
}

/** Counts a character per line outside double quotes. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter that splits the first lines most consistently: the most lines with the same non-zero count wins,
 * then the larger count. Comma when nothing splits (a one-column list of phones).
 */
export function guessDelimiter(text: string): Delimiter {
  const lines = text.slice(0, 64 * 1024).split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 30);
  let best: { d: Delimiter; agree: number; count: number } = { d: ',', agree: 0, count: 0 };
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    for (const [count, agree] of freq) {
      if (agree > best.agree || (agree === best.agree && count > best.count)) best = { d, agree, count };
    }
  }
  return best.d;
}

export function parseDelimited(text: string, maxRows: number, delimiter: Delimiter = guessDelimiter(text)): DelimitedRows {
  const rows: string[][] = [];
  let capped = false;
  let cellsTruncated = 0;
  let unterminatedQuoteRow: number | undefined;
  // One extra row tells us the cap was hit without reading the rest.
  const result = Papa.parse<string[]>(text, { delimiter, preview: maxRows + 1, skipEmptyLines: false });
  for (const error of result.errors) {
    if (error.code === 'MissingQuotes' && error.row !== undefined) {
      unterminatedQuoteRow = unterminatedQuoteRow === undefined ? error.row : Math.min(unterminatedQuoteRow, error.row);
    }
  }
  const data = result.data;
  // A file that ends with a line break parses to one last empty row; it is not a row of the file (and must not
  // count toward the cap: a file of exactly `maxRows` rows would otherwise be reported as cut short).
  const last = data[data.length - 1];
  if (last && last.length === 1 && last[0] === '') data.pop();
  const end = unterminatedQuoteRow !== undefined ? Math.min(unterminatedQuoteRow, data.length) : data.length;
  for (let i = 0; i < end; i++) {
    if (rows.length === maxRows) {
      capped = true;
      break;
    }
    const row = data[i]!; // i < end <= data.length
    for (let c = 0; c < row.length; c++) {
      if (row[c]!.length > CELL_MAX) { // c < row.length
        row[c] = row[c]!.slice(0, CELL_MAX);
        cellsTruncated++;
      }
    }
    rows.push(row);
  }
  return {
    rows,
    delimiter,
    unterminatedQuoteRow: unterminatedQuoteRow === undefined ? undefined : unterminatedQuoteRow + 1,
    capped,
    cellsTruncated,
  };
}

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

/** A row longer than this is damage (or a quote that never closes): reading stops there rather than hold the rest. */
export const PARTIAL_MAX = 4 * 1024 * 1024;

/** The line break a text uses, as papaparse guesses it: the first \n decides between \r\n and \n; \r alone otherwise. */
export function guessNewline(text: string): '\r\n' | '\n' | '\r' {
  const n = text.indexOf('\n');
  if (n > 0 && text[n - 1] === '\r') return '\r\n';
  if (n >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/**
 * Delimited text fed in pieces of any size, rows out as soon as they are complete: papaparse's own low-level parser
 * with `ignoreLastRow` (how papaparse streams files), so a row cut between two pieces, even inside a quoted cell
 * with line breaks, waits for the next piece. Only the unfinished last row is carried over.
 */
export class DelimitedReader {
  private readonly parser: Papa.Parser;
  private partial = '';
  private rowIndex = 0;
  private stopped = false;
  cellsTruncated = 0;
  /** 1-based row where an unterminated quote (or a row over PARTIAL_MAX) starts; nothing from there on is read. */
  unterminatedQuoteRow: number | undefined;

  /** `onRow` gets each row with its 0-based index in the file; returning false stops the reading. */
  constructor(
    readonly delimiter: Delimiter,
    newline: '\r\n' | '\n' | '\r',
    private readonly onRow: (cells: string[], index: number) => boolean,
  ) {
    this.parser = new Papa.Parser({ delimiter, newline });
  }

  get done(): boolean {
    return this.stopped;
  }

  push(text: string): void {
    if (this.stopped) return;
    const input = this.partial + text;
    const result = this.parser.parse(input, 0, true) as { data: string[][]; meta: { cursor: number } };
    this.partial = input.slice(result.meta.cursor);
    this.emit(result.data);
    if (!this.stopped && this.partial.length > PARTIAL_MAX) {
      // An open quote is swallowing the file: say where it starts and read no further.
      this.unterminatedQuoteRow = this.rowIndex + 1;
      this.stopped = true;
    }
  }

  end(): void {
    if (this.stopped || this.partial === '') return;
    const result = this.parser.parse(this.partial, 0, false) as { data: string[][]; errors: Papa.ParseError[] };
    this.partial = '';
    let rows = result.data;
    const missing = result.errors.find((e) => e.code === 'MissingQuotes');
    if (missing) {
      const at = missing.row ?? 0;
      this.unterminatedQuoteRow = this.rowIndex + at + 1;
      rows = rows.slice(0, at);
    }
    this.emit(rows);
    this.stopped = true;
  }

  private emit(rows: string[][]): void {
    for (const row of rows) {
      if (this.stopped) return;
      for (let c = 0; c < row.length; c++) {
        if (row[c]!.length > CELL_MAX) { // c < row.length
          row[c] = row[c]!.slice(0, CELL_MAX);
          this.cellsTruncated++;
        }
      }
      if (!this.onRow(row, this.rowIndex++)) this.stopped = true;
    }
  }
}

/** The whole text at once (tests and small callers): the same reader, fed one piece. */
export function parseDelimited(text: string, maxRows: number, delimiter: Delimiter = guessDelimiter(text)): DelimitedRows {
  const rows: string[][] = [];
  let capped = false;
  const reader = new DelimitedReader(delimiter, guessNewline(text.slice(0, 1024 * 1024)), (cells) => {
    if (rows.length === maxRows) {
      capped = true;
      return false;
    }
    rows.push(cells);
    return true;
  });
  reader.push(text);
  reader.end();
  return { rows, delimiter, unterminatedQuoteRow: reader.unterminatedQuoteRow, capped, cellsTruncated: reader.cellsTruncated };
}

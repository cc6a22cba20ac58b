/**
 * The suppression list (DESIGN.md: main is authoritative at send time): contacts who opted out (STOP reply,
 * 131050, user_preferences "stop") or are unreachable (131026 and friends). Kept in `suppression.jsonl` in the
 * data folder, one entry a line; an entry is never removed by sending code (a person resumes a contact).
 */
import { join } from 'node:path';
import type { JournalFs } from '../adapters/journalFs';

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

export interface SuppressionEntry {
  contact: string;
  reason: SuppressionReason;
  at: number;
  /** What caused it: the reply text, the error code. */
  source?: string;
}

export class SuppressionList {
  private readonly entries = new Map<string, SuppressionEntry>();
  private readonly file: string;
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fs: JournalFs,
    dataDir: string,
  ) {
    this.file = join(dataDir, 'suppression.jsonl');
  }

  static async load(fs: JournalFs, dataDir: string): Promise<SuppressionList> {
    const list = new SuppressionList(fs, dataDir);
    const text = (await fs.readText(list.file)) ?? '';
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line) as Partial<SuppressionEntry>; // fields checked below
        if (typeof e.contact === 'string' && typeof e.reason === 'string' && typeof e.at === 'number') list.entries.set(e.contact, e as SuppressionEntry); // checked just above
      } catch {
        // A torn last line from a crash: the entry before the crash is what counts; the send that follows re-adds it.
      }
    }
    return list;
  }

  has(contact: string): boolean {
    return this.entries.has(contact);
  }

  get(contact: string): SuppressionEntry | undefined {
    return this.entries.get(contact);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Suppresses at once in memory (the next send check sees it) and appends to the file. */
  add(entry: SuppressionEntry): Promise<void> {
    if (this.entries.get(entry.contact)?.reason === entry.reason) return this.writes;
    this.entries.set(entry.contact, entry);
    this.writes = this.writes.then(() => this.fs.appendText(this.file, `${JSON.stringify(entry)}\n`));
    return this.writes;
  }
}

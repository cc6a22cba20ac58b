/**
 * The suppression list (DESIGN.md: main is authoritative at send time): contacts who opted out (STOP reply,
 * 131050, user_preferences "stop") or are unreachable (131026 and friends). Kept in `suppression.jsonl` in the
 * data folder, one entry a line; sending code never removes an entry: only a person does (`remove`), which appends
 * a removal line `{"contact","removed":true,"at"}` (older files have none and read the same).
 *
 * Sandbox entries (a simulated STOP) are kept apart: they stop only sandbox campaigns, never a real send, are not
 * listed and raise no event, because the contact never really asked.
 */
import { joinPath, type JournalFs } from './ports';

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

export interface SuppressionEntry {
  contact: string;
  reason: SuppressionReason;
  at: number;
  /** What caused it: the reply text, the error code. */
  source?: string;
  /** From the Sandbox: simulated, honoured by sandbox campaigns only. */
  sandbox?: boolean;
}

export class SuppressionList {
  private readonly entries = new Map<string, SuppressionEntry>();
  private readonly sandboxEntries = new Map<string, SuppressionEntry>();
  private readonly listeners = new Set<(e: SuppressionEntry) => void>();
  private readonly file: string;
  /** The last append in line; a failed one is not passed on, so one full-disk moment does not stop later writes. */
  private tail: Promise<void> = Promise.resolve();
  /** Per contact (and sandbox or not): the reason on file, or being written, and that write. */
  private readonly saved = new Map<string, { reason: SuppressionReason; write: Promise<void> }>();
  /** The file may end in a torn line (a crash, or a full disk that took half a write): start the next on a new line. */
  private torn = false;

  private constructor(
    private readonly fs: JournalFs,
    dataDir: string,
  ) {
    this.file = joinPath(dataDir, 'suppression.jsonl');
  }

  static async load(fs: JournalFs, dataDir: string): Promise<SuppressionList> {
    const list = new SuppressionList(fs, dataDir);
    const text = (await fs.readText(list.file)) ?? '';
    list.torn = text !== '' && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line) as Partial<SuppressionEntry> & { removed?: unknown }; // fields checked below
        if (typeof e.contact !== 'string') continue;
        if (e.removed === true) {
          list.entries.delete(e.contact);
          list.sandboxEntries.delete(e.contact);
          list.saved.delete(savedKey(e.contact, false));
          list.saved.delete(savedKey(e.contact, true));
        } else if (typeof e.reason === 'string' && typeof e.at === 'number') {
          (e.sandbox === true ? list.sandboxEntries : list.entries).set(e.contact, e as SuppressionEntry); // checked just above
          list.saved.set(savedKey(e.contact, e.sandbox === true), { reason: e.reason as SuppressionReason, write: Promise.resolve() });
        }
      } catch {
        // A torn last line from a crash: the entry before the crash is what counts; the send that follows re-adds it.
      }
    }
    return list;
  }

  has(contact: string): boolean {
    return this.entries.has(contact);
  }

  /** The entry that stops a real send to this contact. */
  get(contact: string): SuppressionEntry | undefined {
    return this.entries.get(contact);
  }

  /** What a sandbox campaign honours: real entries and simulated ones. */
  readonly sandboxView = {
    get: (contact: string): SuppressionEntry | undefined => this.entries.get(contact) ?? this.sandboxEntries.get(contact),
    add: (entry: SuppressionEntry): Promise<void> => this.add({ ...entry, sandbox: true }),
  };

  get size(): number {
    return this.entries.size;
  }

  list(): SuppressionEntry[] {
    return [...this.entries.values()];
  }

  /** Called for every new real entry (the renderer marks the contact opted out at once). */
  onAdd(listener: (e: SuppressionEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Suppresses at once in memory (the next send check sees it) and appends to the file; resolves when it is on disk.
   * A write that failed is tried again by the next `add` of the same entry (a webhook delivered again), so an
   * opt-out is never taken as stored because it is in memory.
   */
  add(entry: SuppressionEntry): Promise<void> {
    const sandbox = entry.sandbox === true;
    if (sandbox && this.entries.has(entry.contact)) return Promise.resolve();
    const map = sandbox ? this.sandboxEntries : this.entries;
    const key = savedKey(entry.contact, sandbox);
    const known = this.saved.get(key);
    if (known?.reason === entry.reason && map.get(entry.contact)?.reason === entry.reason) return known.write;
    const isNew = map.get(entry.contact)?.reason !== entry.reason;
    const clean: SuppressionEntry = { contact: entry.contact, reason: entry.reason, at: entry.at, ...(entry.source !== undefined ? { source: entry.source } : {}), ...(sandbox ? { sandbox: true } : {}) };
    map.set(entry.contact, clean);
    const write = this.append(`${JSON.stringify(clean)}\n`);
    this.saved.set(key, { reason: entry.reason, write });
    write.catch(() => {
      if (this.saved.get(key)?.write === write) this.saved.delete(key);
    });
    if (isNew && !sandbox) for (const l of this.listeners) l(clean);
    return write;
  }

  /** A person resumes the contact (they asked to hear from the shop again). */
  remove(contact: string, at: number): Promise<void> {
    if (!this.entries.has(contact) && !this.sandboxEntries.has(contact)) return Promise.resolve();
    this.entries.delete(contact);
    this.sandboxEntries.delete(contact);
    this.saved.delete(savedKey(contact, false));
    this.saved.delete(savedKey(contact, true));
    return this.append(`${JSON.stringify({ contact, removed: true, at })}\n`);
  }

  private append(line: string): Promise<void> {
    const write = this.tail.then(async () => {
      const text = this.torn ? `\n${line}` : line;
      try {
        await this.fs.appendText(this.file, text);
        this.torn = false;
      } catch (error) {
        this.torn = true; // part of it may be on disk
        throw error;
      }
    });
    this.tail = write.catch(() => undefined);
    return write;
  }
}

const savedKey = (contact: string, sandbox: boolean): string => `${sandbox ? 's' : 'r'}:${contact}`;

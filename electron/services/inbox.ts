/**
 * Replies from customers (webhook receiver and Sandbox), kept by main in `<data>/inbox.jsonl`, one message a line,
 * numbered by `seq` (1, 2, 3…, never reused: the next number continues from the file after a restart). The
 * renderer pulls with `inbox:since` from the last seq it stored, so nothing depends on it being open.
 * It also answers "did this person write in the last 24 h?" (the service window, DOMAIN.md §2), which decides
 * whether a send counts toward the messaging limit.
 * Lines are written in the journal's checksummed envelope (`jsonlStore.ts`); lines from before checksums still read.
 */
import { openStore, StoreWriter, type OpenOptions, type QuarantinedLine } from './jsonlStore';
import { joinPath, type JournalFs } from './ports';
import type { InboxMessage, InboxPage } from '../../shared/ipc/inbox';

export type NewInboxMessage = Omit<InboxMessage, 'seq'>;

/** The four fields every line has are checked; the rest is what `add` wrote (protected by the line's checksum). */
function parseMessage(value: unknown): InboxMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Partial<InboxMessage>; // the fields are checked just below
  if (typeof m.seq !== 'number' || typeof m.id !== 'string' || typeof m.from !== 'string' || typeof m.at !== 'number') return undefined;
  return m as InboxMessage; // checked just above
}

export class Inbox {
  private readonly messages: InboxMessage[] = [];
  private readonly ids = new Set<string>();
  private readonly lastFrom = new Map<string, number>();
  private seq = 0;
  /** Adds happen one at a time, in call order; a failed one is not passed on to the next. */
  private tail: Promise<unknown> = Promise.resolve();
  private quarantinedLines: readonly QuarantinedLine[] = [];

  private constructor(private readonly writer: StoreWriter) {}

  /**
   * Reads `inbox.jsonl` (lines with checksums, and legacy lines without) and copies damaged lines to
   * `inbox.jsonl.quarantine` (not with `readOnly`). A damaged message is not kept: Meta delivers a webhook again
   * until it is acknowledged, and its id is no longer known, so a redelivery adds it anew.
   */
  static async load(fs: JournalFs, dataDir: string, opts: OpenOptions = {}): Promise<Inbox> {
    const file = joinPath(dataDir, 'inbox.jsonl');
    const opened = await openStore(fs, file, { parse: parseMessage }, opts);
    const inbox = new Inbox(new StoreWriter(fs, file, opened.torn));
    inbox.quarantinedLines = opened.quarantined;
    for (const { value } of opened.records) inbox.remember(value);
    // A whole line that was damaged later may have been pulled by the renderer already: its seq is never given
    // again (the renderer would take the new message for one it has). A torn last line's add failed, so its seq
    // was never handed out and is used again. Only a seq where `add` writes it counts (first, at the line's start),
    // not one quoted in a message's text.
    for (const q of opened.quarantined) {
      const seq = q.reason === 'torn' ? undefined : /^(?:\{"c":"[^"]{0,8}","r":)?\{"seq":(\d{1,15})[,}]/.exec(q.text)?.[1];
      if (seq !== undefined) inbox.seq = Math.max(inbox.seq, Number(seq));
    }
    return inbox;
  }

  /** The lines that could not be trusted when the inbox was read. */
  get quarantined(): readonly QuarantinedLine[] {
    return this.quarantinedLines;
  }

  get last(): number {
    return this.seq;
  }

  /**
   * Appends a message (durably) with the next seq; a message id already in the inbox is not added twice. The message
   * is known (to `since`, to the service window) only once it is on disk: when the write fails it is not kept, its
   * seq is not used, and the same message delivered again is added then.
   */
  add(m: NewInboxMessage): Promise<InboxMessage | undefined> {
    const run = this.tail.then(async () => {
      if (this.ids.has(m.id)) return undefined;
      const message: InboxMessage = { seq: this.seq + 1, ...m };
      await this.writer.append(message);
      this.remember(message);
      return message;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  since(after: number, limit: number): InboxPage {
    // seq is the array order, so the first message after `after` is found by binary search.
    let lo = 0;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.messages[mid]!.seq <= after) lo = mid + 1; // mid < length
      else hi = mid;
    }
    return { messages: this.messages.slice(lo, lo + limit), last: this.seq };
  }

  /** Whether this contact (a phone, or a user id) wrote to the shop in the last `windowMs` (their service window is open). */
  wroteWithin(contact: string, windowMs: number, now: number): boolean {
    const at = this.lastFrom.get(contact);
    return at !== undefined && now - at < windowMs;
  }

  /** Every stored message from this sender (`from` as stored), oldest first: automation reads a customer's history. */
  from(identity: string): readonly InboxMessage[] {
    return this.byFrom.get(identity) ?? [];
  }

  private readonly byFrom = new Map<string, InboxMessage[]>();

  private remember(m: InboxMessage): void {
    this.messages.push(m);
    const list = this.byFrom.get(m.from);
    if (list) list.push(m);
    else this.byFrom.set(m.from, [m]);
    this.ids.add(m.id);
    this.seq = Math.max(this.seq, m.seq);
    if (!m.sandbox) for (const key of m.userId !== undefined && m.userId !== m.from ? [m.from, m.userId] : [m.from]) this.lastFrom.set(key, Math.max(this.lastFrom.get(key) ?? 0, m.at));
  }
}

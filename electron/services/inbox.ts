/**
 * Replies from customers (webhook receiver and Sandbox), kept by main in `<data>/inbox.jsonl`, one message a line,
 * numbered by `seq` (1, 2, 3…, never reused: the next number continues from the file after a restart). The
 * renderer pulls with `inbox:since` from the last seq it stored, so nothing depends on it being open.
 * It also answers "did this person write in the last 24 h?" (the service window, DOMAIN.md §2), which decides
 * whether a send counts toward the messaging limit.
 */
import { joinPath, type JournalFs } from './ports';
import type { InboxMessage, InboxPage } from '../../shared/ipc/sending';

export type NewInboxMessage = Omit<InboxMessage, 'seq'>;

export class Inbox {
  private readonly messages: InboxMessage[] = [];
  private readonly ids = new Set<string>();
  private readonly lastFrom = new Map<string, number>();
  private seq = 0;
  /** Adds happen one at a time, in call order; a failed one is not passed on to the next. */
  private tail: Promise<unknown> = Promise.resolve();
  /** The file may end in a torn line (a crash, a full disk): the next line starts on a new line. */
  private torn = false;
  private readonly file: string;

  private constructor(
    private readonly fs: JournalFs,
    dataDir: string,
  ) {
    this.file = joinPath(dataDir, 'inbox.jsonl');
  }

  static async load(fs: JournalFs, dataDir: string): Promise<Inbox> {
    const inbox = new Inbox(fs, dataDir);
    const text = (await fs.readText(inbox.file)) ?? '';
    inbox.torn = text !== '' && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let m: Partial<InboxMessage>;
      try {
        m = JSON.parse(line) as Partial<InboxMessage>; // fields checked below
      } catch {
        continue; // a torn last line: Meta retries the webhook, so the message comes again
      }
      if (typeof m.seq !== 'number' || typeof m.id !== 'string' || typeof m.from !== 'string' || typeof m.at !== 'number') continue;
      inbox.remember(m as InboxMessage); // the four fields every line has are checked just above
    }
    return inbox;
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
      const line = `${JSON.stringify(message)}\n`;
      try {
        await this.fs.appendText(this.file, this.torn ? `\n${line}` : line);
        this.torn = false;
      } catch (error) {
        this.torn = true; // part of it may be on disk
        throw error;
      }
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

  /** Whether this contact wrote to the shop in the last `windowMs` (their service window is open). */
  wroteWithin(contact: string, windowMs: number, now: number): boolean {
    const at = this.lastFrom.get(contact);
    return at !== undefined && now - at < windowMs;
  }

  private remember(m: InboxMessage): void {
    this.messages.push(m);
    this.ids.add(m.id);
    this.seq = Math.max(this.seq, m.seq);
    if (!m.sandbox) this.lastFrom.set(m.from, Math.max(this.lastFrom.get(m.from) ?? 0, m.at));
  }
}

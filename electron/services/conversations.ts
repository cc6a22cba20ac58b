/**
 * What people do in the Inbox (issue 14 points 5–6), kept by main in `<data>/conversations.jsonl`: each action on a
 * conversation (done / reopened, a priority changed, read up to a time, assigned to a staff member or to nobody, a
 * note) is one line, numbered by `seq` like the inbox (1, 2, 3…, never reused). The staff list of this PC and who is
 * at the counter are lines too (`{ seq, kind: 'staff', names, current, at }`, the last one counts), so the file is
 * the one place both the app and `shopcast inbox list` read. The renderer copies the actions (`inbox:actions` after
 * its last seq) into IndexedDB; conversations are folded from messages, answers and these actions by
 * shared/domain/inbox/conversation.ts on either side.
 *
 * An action may carry a `key` (the renderer's own id for an action it made before main kept them): an action whose
 * key is already in the file is not added again, so handing the old actions over twice is harmless.
 * Lines are the journal's checksummed envelope (`jsonlStore.ts`); damaged lines are quarantined, their seq not reused.
 */
import { CONVERSATION_ACTION_KINDS, parseConversationAction, type ConversationAction, type ConversationActionInput, type ConversationActionsPage, type StaffView } from '../../shared/ipc/inbox';
import { openStore, StoreWriter, type OpenOptions, type QuarantinedLine } from './jsonlStore';
import { joinPath, type JournalFs } from './ports';

export const CONVERSATIONS_FILE = 'conversations.jsonl';

type StaffLine = { seq: number; kind: 'staff'; at: number } & StaffView;
type Line = ConversationAction | StaffLine;

function parseLine(value: unknown): Line | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, ...rest } = value as Record<string, unknown>; // every field is checked below
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (rest.kind === 'staff') {
    const { names, current, at } = rest;
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string') || typeof at !== 'number') return undefined;
    if (current !== null && (typeof current !== 'string' || !names.includes(current))) return undefined;
    return { seq, kind: 'staff', at, names, current };
  }
  if (!(CONVERSATION_ACTION_KINDS as readonly unknown[]).includes(rest.kind)) return undefined;
  const action = parseConversationAction(rest);
  return action.ok ? { ...action.value, seq } : undefined;
}

export class ConversationStore {
  private readonly actions: ConversationAction[] = [];
  private readonly keys = new Set<string>();
  private staffView: StaffView = { names: [], current: null };
  private seq = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private quarantinedLines: readonly QuarantinedLine[] = [];

  private constructor(private readonly writer: StoreWriter) {}

  /** Reads the file (a missing one is empty); damaged lines go to `conversations.jsonl.quarantine` (not with `readOnly`). */
  static async load(fs: JournalFs, dataDir: string, opts: OpenOptions = {}): Promise<ConversationStore> {
    const file = joinPath(dataDir, CONVERSATIONS_FILE);
    const opened = await openStore(fs, file, { parse: parseLine }, opts);
    const store = new ConversationStore(new StoreWriter(fs, file, opened.torn));
    store.quarantinedLines = opened.quarantined;
    for (const { value } of opened.records) store.remember(value);
    // A whole line damaged later may have been copied by the renderer already: its seq is not given again.
    for (const q of opened.quarantined) {
      const seq = q.reason === 'torn' ? undefined : /^(?:\{"c":"[^"]{0,8}","r":)?\{"seq":(\d{1,15})[,}]/.exec(q.text)?.[1];
      if (seq !== undefined) store.seq = Math.max(store.seq, Number(seq));
    }
    return store;
  }

  get quarantined(): readonly QuarantinedLine[] {
    return this.quarantinedLines;
  }

  get last(): number {
    return this.seq;
  }

  /** Appends an action durably with the next seq; `undefined` when its key is already there (nothing is written). */
  add(action: ConversationActionInput): Promise<ConversationAction | undefined> {
    return this.enqueue(async () => {
      if (action.key !== undefined && this.keys.has(action.key)) return undefined;
      const line: ConversationAction = { seq: this.seq + 1, ...action };
      await this.writer.append(line);
      this.remember(line);
      return line;
    });
  }

  /** Hands over many actions (the renderer's old ones); each key once. Returns how many were new. */
  async addAll(actions: readonly ConversationActionInput[]): Promise<number> {
    let added = 0;
    for (const a of actions) if (await this.add(a)) added++;
    return added;
  }

  since(after: number, limit: number): ConversationActionsPage {
    let lo = 0;
    let hi = this.actions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.actions[mid]!.seq <= after) lo = mid + 1; // mid < length
      else hi = mid;
    }
    return { actions: this.actions.slice(lo, lo + limit), last: this.seq };
  }

  /** Every action, in seq order. */
  all(): readonly ConversationAction[] {
    return this.actions;
  }

  staff(): StaffView {
    return { names: [...this.staffView.names], current: this.staffView.current };
  }

  /** Replaces the staff list and who is at the counter (already parsed: `current` is one of `names` or null). */
  setStaff(view: StaffView, at: number): Promise<StaffView> {
    return this.enqueue(async () => {
      const line: StaffLine = { seq: this.seq + 1, kind: 'staff', at, names: [...view.names], current: view.current };
      await this.writer.append(line);
      this.remember(line);
      return this.staff();
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private remember(line: Line): void {
    this.seq = Math.max(this.seq, line.seq);
    if (line.kind === 'staff') {
      this.staffView = { names: line.names, current: line.current };
      return;
    }
    this.actions.push(line);
    if (line.key !== undefined) this.keys.add(line.key);
  }
}

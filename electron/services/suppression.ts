/**
 * The suppression list (DESIGN.md: main is authoritative at send time): contacts who opted out (STOP reply,
 * 131050, user_preferences "stop") or are unreachable (131026 and friends). Kept in `suppression.jsonl` in the
 * data folder, one entry a line; sending code never removes an entry: only a person does (`remove`), which appends
 * a removal line `{"contact","removed":true,"at"}` (older files have none and read the same).
 *
 * Lines are written in the journal's checksummed envelope (`jsonlStore.ts`); lines from before checksums still read.
 * A damaged line is copied to `suppression.jsonl.quarantine` and, when it still names a contact, keeps suppressing
 * it (`salvageLine`): no opt-out is lost to a damaged disk.
 *
 * Sandbox entries (a simulated STOP) are kept apart: they stop only sandbox campaigns, never a real send, are not
 * listed and raise no event, because the contact never really asked.
 */
import { openStore, StoreWriter, type OpenOptions, type QuarantinedLine, type QuarantineReason } from './jsonlStore';
import { joinPath, type JournalFs } from './ports';

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

const REASONS: readonly SuppressionReason[] = ['opted_out', 'stopped_marketing', 'unreachable'];

export interface SuppressionEntry {
  /** The E.164 phone number (main's `contact`). */
  contact: string;
  /** WhatsApp's business-scoped user id (BSUID, DOMAIN.md §2 "Identity") when the entry is known by it too. */
  userId?: string;
  reason: SuppressionReason;
  at: number;
  /** What caused it: the reply text, the error code. */
  source?: string;
  /** From the Sandbox: simulated, honoured by sandbox campaigns only. */
  sandbox?: boolean;
}

interface Removal {
  contact: string;
  removed: true;
  at?: number;
}

type SuppressionLine = SuppressionEntry | Removal;

const isRemoval = (l: SuppressionLine): l is Removal => 'removed' in l;

/** A line's record from its JSON value (checked field by field; unknown fields are dropped). */
function parseLine(value: unknown): SuppressionLine | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>; // every field is checked before use
  if (typeof v.contact !== 'string' || v.contact === '') return undefined;
  if (v.removed === true) return { contact: v.contact, removed: true, ...(typeof v.at === 'number' ? { at: v.at } : {}) };
  const reason = REASONS.find((r) => r === v.reason);
  if (reason === undefined || typeof v.at !== 'number') return undefined;
  return {
    contact: v.contact,
    ...(typeof v.userId === 'string' && v.userId !== '' ? { userId: v.userId } : {}),
    reason,
    at: v.at,
    ...(typeof v.source === 'string' ? { source: v.source } : {}),
    ...(v.sandbox === true ? { sandbox: true } : {}),
  };
}

/** A JSON string field's value from a line that may not be whole, when the field itself is whole. */
function stringField(text: string, name: string): string | undefined {
  const m = new RegExp(`"${name}":("(?:[^"\\\\]|\\\\.){0,2000}")`).exec(text);
  if (!m) return undefined;
  try {
    const s: unknown = JSON.parse(m[1]!); // group 1 always matches
    return typeof s === 'string' && s !== '' ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a damaged line still says. The rule errs on the side of suppressing, because messaging someone who said STOP
 * is the one mistake that cannot be taken back, while an entry kept by mistake only costs a message a person can
 * lift: **every damaged line that names a whole contact and is not a removal suppresses that contact**, except
 * a torn last line.
 * - The reason is the one the line names, else `opted_out` (the strongest: a `user_preferences` resume never lifts it).
 * - A damaged removal (any line that mentions `"removed"`) is not applied: the contact stays as the lines before left it.
 * - A torn last line is only reported, as in the journal: it is a write that did not finish, so it was never
 *   acknowledged (the webhook answered 503) and Meta delivers it again. Once later lines follow it, it cannot be
 *   told from a line damaged in the middle, and the rule above suppresses its contact (on the safe side again).
 * - New lines write `sandbox` before `contact`, so a cut sandbox line cannot pass for a real one; a cut legacy
 *   sandbox line (written `sandbox` last) is read as real, which again errs on the side of suppressing.
 * The damaged line is still quarantined, and `suppression list` shows the entry like any other.
 */
function salvageLine(text: string, damage: QuarantineReason): SuppressionEntry | undefined {
  if (damage === 'torn' || text.includes('"removed"')) return undefined;
  const contact = stringField(text, 'contact');
  if (contact === undefined) return undefined;
  const reason = REASONS.find((r) => text.includes(`"reason":"${r}"`)) ?? 'opted_out';
  const at = /"at":(\d{1,16})[,}]/.exec(text)?.[1];
  const userId = stringField(text, 'userId');
  const source = stringField(text, 'source');
  return {
    contact,
    ...(userId !== undefined ? { userId } : {}),
    reason,
    at: at !== undefined ? Number(at) : 0,
    ...(source !== undefined ? { source } : {}),
    ...(text.includes('"sandbox":true') ? { sandbox: true } : {}),
  };
}

export class SuppressionList {
  private readonly entries = new Map<string, SuppressionEntry>();
  private readonly sandboxEntries = new Map<string, SuppressionEntry>();
  private readonly listeners = new Set<(e: SuppressionEntry) => void>();
  /** Per contact (and sandbox or not): the reason on file, or being written, and that write. */
  private readonly saved = new Map<string, { reason: SuppressionReason; write: Promise<void> }>();
  private quarantinedLines: readonly QuarantinedLine[] = [];

  private constructor(private readonly writer: StoreWriter) {}

  /**
   * Reads `suppression.jsonl` (lines with checksums, and legacy lines without) and copies damaged lines to
   * `suppression.jsonl.quarantine` (not with `readOnly`). Damaged lines are salvaged by the rule of `salvageLine`.
   */
  static async load(fs: JournalFs, dataDir: string, opts: OpenOptions = {}): Promise<SuppressionList> {
    const file = joinPath(dataDir, 'suppression.jsonl');
    const opened = await openStore(fs, file, { parse: parseLine, salvage: salvageLine }, opts);
    const list = new SuppressionList(new StoreWriter(fs, file, opened.torn));
    list.quarantinedLines = opened.quarantined;
    for (const { value: e, origin } of opened.records) {
      if (isRemoval(e)) {
        list.entries.delete(e.contact);
        list.sandboxEntries.delete(e.contact);
        list.saved.delete(savedKey(e.contact, false));
        list.saved.delete(savedKey(e.contact, true));
        continue;
      }
      (e.sandbox === true ? list.sandboxEntries : list.entries).set(e.contact, e);
      // A salvaged entry is in force but not taken as stored: the same opt-out delivered again is written anew.
      if (origin === 'salvaged') list.saved.delete(savedKey(e.contact, e.sandbox === true));
      else list.saved.set(savedKey(e.contact, e.sandbox === true), { reason: e.reason, write: Promise.resolve() });
    }
    return list;
  }

  /** The lines that could not be trusted when the list was read (salvaged ones say so). */
  get quarantined(): readonly QuarantinedLine[] {
    return this.quarantinedLines;
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
    // `sandbox` first: a line torn after it cannot pass for a real entry (see salvageLine).
    const clean: SuppressionEntry = {
      ...(sandbox ? { sandbox: true } : {}),
      contact: entry.contact,
      ...(entry.userId !== undefined ? { userId: entry.userId } : {}),
      reason: entry.reason,
      at: entry.at,
      ...(entry.source !== undefined ? { source: entry.source } : {}),
    };
    map.set(entry.contact, clean);
    const write = this.writer.append(clean);
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
    return this.writer.append({ contact, removed: true, at } satisfies Removal);
  }
}

const savedKey = (contact: string, sandbox: boolean): string => `${sandbox ? 's' : 'r'}:${contact}`;

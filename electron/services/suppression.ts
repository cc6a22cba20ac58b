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
 *
 * Identity (DOMAIN.md §2, issue 13 point 1): an entry is filed under the person's phone (E.164) when it is known,
 * else under their WhatsApp user id (BSUID: a username-only customer who wrote STOP), with `userId` beside a phone
 * when known. `has`/`get` look under every identifier of the person: every form of the number, the user id, former
 * user ids, and what the identity book (`identities.ts`, loaded with the list) links to them. When the book learns a
 * new link for a person who opted out, the opt-out is written under the newly linked phone too, so it holds even if
 * the book is lost and the renderer hears of it (`onAdd`). `remove` lifts what `get` would find, under every identifier.
 */
import { phoneVariants } from '../../shared/domain/results/attribution';
import type { WhatsAppIdentity } from '../../shared/domain/identity';
import { IdentityStore } from './identities';
import { openStore, StoreWriter, type OpenOptions, type QuarantinedLine, type QuarantineReason } from './jsonlStore';
import { joinPath, type JournalFs } from './ports';

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

const REASONS: readonly SuppressionReason[] = ['opted_out', 'stopped_marketing', 'unreachable'];

export interface SuppressionEntry {
  /** What the entry is filed under: the E.164 phone number (main's `contact`), or the BSUID when no phone is known. */
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

const OPT_OUTS: readonly SuppressionReason[] = ['opted_out', 'stopped_marketing'];
/** The shop's STOP outranks an unreachable number, which outranks the platform's stop (the one a `resume` lifts). */
const STRENGTH: Record<SuppressionReason, number> = { opted_out: 3, unreachable: 2, stopped_marketing: 1 };
const isPhone = (key: string): boolean => key.startsWith('+');

export class SuppressionList {
  private readonly entries = new Map<string, SuppressionEntry>();
  private readonly sandboxEntries = new Map<string, SuppressionEntry>();
  /** A user id → the contact of a real entry that carries it as `userId`. */
  private readonly aliases = new Map<string, string>();
  private readonly listeners = new Set<(e: SuppressionEntry) => void>();
  /** Per contact (and sandbox or not): the reason on file, or being written, and that write. */
  private readonly saved = new Map<string, { reason: SuppressionReason; write: Promise<void> }>();
  private quarantinedLines: readonly QuarantinedLine[] = [];

  private constructor(
    private readonly writer: StoreWriter,
    /** Who is who (phone ↔ user id): the webhook path teaches it (`applyWebhookEvents`), `get` reads it. */
    readonly identities: IdentityStore,
  ) {
    identities.onChange((identity) => this.linked(identity));
  }

  /**
   * Reads `suppression.jsonl` (lines with checksums, and legacy lines without) and copies damaged lines to
   * `suppression.jsonl.quarantine` (not with `readOnly`). Damaged lines are salvaged by the rule of `salvageLine`.
   * The identity book (`identities.jsonl`) is read with it, with the same options.
   */
  static async load(fs: JournalFs, dataDir: string, opts: OpenOptions = {}): Promise<SuppressionList> {
    const file = joinPath(dataDir, 'suppression.jsonl');
    const opened = await openStore(fs, file, { parse: parseLine, salvage: salvageLine }, opts);
    const list = new SuppressionList(new StoreWriter(fs, file, opened.torn), await IdentityStore.load(fs, dataDir, opts));
    list.quarantinedLines = opened.quarantined;
    for (const { value: e, origin } of opened.records) {
      if (isRemoval(e)) {
        list.unfile(e.contact);
        list.sandboxEntries.delete(e.contact);
        list.saved.delete(savedKey(e.contact, false));
        list.saved.delete(savedKey(e.contact, true));
        continue;
      }
      if (e.sandbox === true) list.sandboxEntries.set(e.contact, e);
      else list.file(e);
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
    return this.get(contact) !== undefined;
  }

  /** The entry that stops a real send to this contact (a phone or a user id), under any identifier of the person. */
  get(contact: string): SuppressionEntry | undefined {
    return this.found(contact, false)[0];
  }

  /** Every identifier to look under for `key`: the person's (identity book), every form of a number, the key itself. */
  private keysOf(key: string): string[] {
    const keys = new Set<string>([key]);
    for (const k of this.identities.identifiersFor(key)) keys.add(k);
    for (const k of [...keys]) if (isPhone(k)) for (const v of phoneVariants(k)) keys.add(v);
    return [...keys];
  }

  /** The entries (the first one asked for first) that suppress `key`; sandbox ones too with `sandbox`. */
  private found(key: string, sandbox: boolean): SuppressionEntry[] {
    const out: SuppressionEntry[] = [];
    const take = (e: SuppressionEntry | undefined) => {
      if (e && !out.includes(e)) out.push(e);
    };
    for (const k of this.keysOf(key)) {
      take(this.entries.get(k));
      const alias = this.aliases.get(k);
      if (alias !== undefined) take(this.entries.get(alias));
      if (sandbox) take(this.sandboxEntries.get(k));
    }
    return out;
  }

  private file(e: SuppressionEntry): void {
    this.unfile(e.contact);
    this.entries.set(e.contact, e);
    if (e.userId !== undefined && e.userId !== e.contact) this.aliases.set(e.userId, e.contact);
  }

  private unfile(contact: string): void {
    const old = this.entries.get(contact);
    this.entries.delete(contact);
    if (old?.userId !== undefined && this.aliases.get(old.userId) === contact) this.aliases.delete(old.userId);
  }

  /**
   * The identity book changed a person: if they opted out under any identifier, the opt-out is written under their
   * phone (with the user id beside it), or under the user id when there is no phone, unless it already is.
   */
  private async linked(identity: WhatsAppIdentity): Promise<void> {
    const key = identity.phone ?? identity.userId;
    if (key === undefined) return;
    const stops = this.found(key, false).filter((e) => OPT_OUTS.includes(e.reason));
    if (stops.length === 0) return;
    const direct = this.entries.get(key);
    if (direct && OPT_OUTS.includes(direct.reason) && (identity.phone === undefined || direct.userId === identity.userId)) return;
    const strongest = stops.find((e) => e.reason === 'opted_out') ?? stops[0]!; // stops is not empty
    const { sandbox: _s, ...entry } = strongest;
    await this.write({ ...entry, contact: key, ...(identity.phone !== undefined && identity.userId !== undefined ? { userId: identity.userId } : {}) }, true);
  }

  /** What a sandbox campaign honours: real entries and simulated ones. */
  readonly sandboxView = {
    get: (contact: string): SuppressionEntry | undefined => this.found(contact, true)[0],
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
    // Never weakened: a user_preferences stop after a STOP must not turn it into what a `resume` lifts.
    const held = map.get(entry.contact);
    if (held && STRENGTH[held.reason] > STRENGTH[entry.reason]) return known?.write ?? Promise.resolve();
    // A phone's entry carries the user id the identity book links to it (the CLI lists both).
    const userId = entry.userId ?? (!sandbox && isPhone(entry.contact) ? this.identities.userIdOf(entry.contact) : undefined);
    return this.write({ ...entry, ...(userId !== undefined ? { userId } : {}) }, map.get(entry.contact)?.reason !== entry.reason);
  }

  private write(entry: SuppressionEntry, isNew: boolean): Promise<void> {
    const sandbox = entry.sandbox === true;
    const key = savedKey(entry.contact, sandbox);
    // `sandbox` first: a line torn after it cannot pass for a real entry (see salvageLine).
    const clean: SuppressionEntry = {
      ...(sandbox ? { sandbox: true } : {}),
      contact: entry.contact,
      ...(entry.userId !== undefined ? { userId: entry.userId } : {}),
      reason: entry.reason,
      at: entry.at,
      ...(entry.source !== undefined ? { source: entry.source } : {}),
    };
    if (sandbox) this.sandboxEntries.set(entry.contact, clean);
    else this.file(clean);
    const write = this.writer.append(clean);
    this.saved.set(key, { reason: entry.reason, write });
    write.catch(() => {
      if (this.saved.get(key)?.write === write) this.saved.delete(key);
    });
    if (isNew && !sandbox) for (const l of this.listeners) l(clean);
    return write;
  }

  /**
   * A person resumes the contact (they asked to hear from the shop again): what `get` finds under any identifier of
   * theirs is lifted, one removal line per entry. With `only`, only entries of that reason (a `user_preferences`
   * resume lifts the platform's stop, never the shop's STOP).
   */
  async remove(contact: string, at: number, only?: SuppressionReason): Promise<void> {
    const lifted = this.found(contact, true).filter((e) => only === undefined || e.reason === only);
    const contacts = [...new Set(lifted.map((e) => e.contact))];
    for (const c of contacts) {
      this.unfile(c);
      this.sandboxEntries.delete(c);
      this.saved.delete(savedKey(c, false));
      this.saved.delete(savedKey(c, true));
    }
    for (const c of contacts) await this.writer.append({ contact: c, removed: true, at } satisfies Removal);
  }
}

const savedKey = (contact: string, sandbox: boolean): string => `${sandbox ? 's' : 'r'}:${contact}`;

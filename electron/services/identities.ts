/**
 * Main's identity book (DOMAIN.md §2 "Identity", issue 13 point 1): who is who among phone numbers and WhatsApp's
 * business-scoped user ids (BSUIDs), kept in `<data>/identities.jsonl` so a link learnt once holds after a restart.
 * - A person is learnt from the first webhook that carries both a phone and a user id (a message with `wa_id` and
 *   `user_id`, a status with `recipient_id` and `recipient_user_id`), by the shared rules (`IdentityBook.see`,
 *   `learnIdentity`: an id or number someone else holds is never taken, a user id is never replaced by a sighting).
 * - `user_changed_user_id` moves the link (`moveUserId`); the old id stays one of the person's identifiers, so a STOP
 *   given under it still counts. A move for an id nobody is linked to yet makes a person of the two ids.
 * - A sighting with one identifier only teaches nothing and writes nothing (there is nothing to link).
 * Each line is one person's whole identity after a change (`{"n","userId"?,"phone"?,"username"?,"formerUserIds"?,
 * "at"}`); the last line of a person wins. Lines are in the journal's checksummed envelope (jsonlStore.ts); a damaged
 * line is quarantined and the person keeps what the lines before it said.
 * The suppression list reads it to suppress a person under every identifier (suppression.ts).
 */
import { identifiersOf, IdentityBook, type IdentitySighting, type WhatsAppIdentity } from '../../shared/domain/identity';
import { parseBsuid } from '../../shared/domain/inbound';
import { openStore, StoreWriter, type OpenOptions, type QuarantinedLine } from './jsonlStore';
import { joinPath, type JournalFs } from './ports';

export const IDENTITIES_FILE = 'identities.jsonl';

interface IdentityLine extends WhatsAppIdentity {
  /** The person's number in this file (1, 2, 3…). */
  n: number;
  at: number;
}

const E164 = /^\+[1-9]\d{5,14}$/;

function parseLine(value: unknown): IdentityLine | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>; // every field is checked before use
  if (typeof v.n !== 'number' || !Number.isSafeInteger(v.n) || v.n < 1 || typeof v.at !== 'number') return undefined;
  const userId = parseBsuid(v.userId);
  const phone = typeof v.phone === 'string' && E164.test(v.phone) ? v.phone : undefined;
  if (userId === undefined && phone === undefined) return undefined;
  const former = Array.isArray(v.formerUserIds) ? v.formerUserIds.map(parseBsuid).filter((id): id is string => id !== undefined) : [];
  return {
    n: v.n,
    ...(userId !== undefined ? { userId } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(typeof v.username === 'string' && v.username !== '' ? { username: v.username.slice(0, 80) } : {}),
    ...(former.length > 0 ? { formerUserIds: former } : {}),
    at: v.at,
  };
}

export class IdentityStore {
  private readonly book = new IdentityBook<number>();
  private last = 0;
  /** Called with a person's identity after each change (the suppression list extends an opt-out to new identifiers). */
  private readonly listeners = new Set<(identity: WhatsAppIdentity) => void | Promise<void>>();
  /** People whose last change could not be written: written again at their next sighting. */
  private readonly unsaved = new Set<number>();
  private quarantinedLines: readonly QuarantinedLine[] = [];

  private constructor(private readonly writer: StoreWriter | undefined) {}

  /** Reads `identities.jsonl` (a missing file is an empty book); `readOnly` readers never write. */
  static async load(fs: JournalFs, dataDir: string, opts: OpenOptions = {}): Promise<IdentityStore> {
    const file = joinPath(dataDir, IDENTITIES_FILE);
    const opened = await openStore(fs, file, { parse: parseLine }, opts);
    const store = new IdentityStore(opts.readOnly === true ? undefined : new StoreWriter(fs, file, opened.torn));
    store.quarantinedLines = opened.quarantined;
    for (const { value } of opened.records) {
      const { n, at: _at, ...identity } = value;
      store.book.set(n, identity);
      store.last = Math.max(store.last, n);
    }
    return store;
  }

  /** An empty book that writes nothing (tests, and stores used without a data folder). */
  static inMemory(): IdentityStore {
    return new IdentityStore(undefined);
  }

  get quarantined(): readonly QuarantinedLine[] {
    return this.quarantinedLines;
  }

  /** Called after every change, once it is on disk (a listener's failure is the caller's: the webhook retries). */
  onChange(listener: (identity: WhatsAppIdentity) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The person with this identifier (a user id, former ones too, or any form of the number). */
  identityOf(key: string): WhatsAppIdentity | undefined {
    const ref = this.refOf(key);
    return ref !== undefined ? this.book.get(ref) : undefined;
  }

  /** Every identifier of the person `key` is one of (the key itself when nobody is known by it). */
  identifiersFor(key: string): string[] {
    const identity = this.identityOf(key);
    const all = identity ? identifiersOf(identity).map((i) => i.value) : [];
    return all.includes(key) ? all : [key, ...all];
  }

  /** The phone linked to a user id, if one is known. */
  phoneOf(userId: string): string | undefined {
    return this.identityOf(userId)?.phone;
  }

  /** The current user id of the person with this phone (or former id), if one is known. */
  userIdOf(key: string): string | undefined {
    return this.identityOf(key)?.userId;
  }

  /**
   * One webhook's word on who someone is: links a phone and a user id seen together, updates a known person's
   * username. Resolves once what changed is on disk (and the listeners have run).
   */
  async see(s: IdentitySighting, at: number): Promise<void> {
    const seen = this.book.see(s);
    if (seen) {
      if (seen.changed.length > 0 || this.unsaved.has(seen.ref)) await this.write(seen.ref, this.book.get(seen.ref) ?? seen.identity, at);
      return;
    }
    const phone = s.waId ? `+${s.waId}` : s.phone;
    if (!s.userId || !phone) return; // one identifier alone links nothing
    const identity: WhatsAppIdentity = { userId: s.userId, phone, ...(s.username ? { username: s.username } : {}) };
    const ref = ++this.last;
    this.book.set(ref, identity);
    await this.write(ref, identity, at);
  }

  /** `user_changed_user_id`: the person with `from` is now known by `to` (and still by `from`). */
  async move(change: { from: string; to: string }, at: number): Promise<void> {
    if (change.from === change.to) return;
    const ref = this.book.byUserId(change.from);
    if (ref === undefined) {
      if (this.book.byUserId(change.to) !== undefined) return; // delivered again after a person with `to` was made
      const identity: WhatsAppIdentity = { userId: change.to, formerUserIds: [change.from] };
      const n = ++this.last;
      this.book.set(n, identity);
      await this.write(n, identity, at);
      return;
    }
    if (this.book.get(ref)?.userId !== change.from) return; // `from` is already a former id: the move was applied
    this.book.moveUserId(change);
    await this.write(ref, this.book.get(ref) ?? {}, at);
  }

  private refOf(key: string): number | undefined {
    return this.book.byUserId(key) ?? this.book.byPhone(key);
  }

  /** In memory at once (the next look-up sees it), then on disk; a failed write is tried again at the next sighting. */
  private async write(n: number, after: WhatsAppIdentity, at: number): Promise<void> {
    if (this.writer) {
      const line: IdentityLine = {
        n,
        ...(after.userId !== undefined ? { userId: after.userId } : {}),
        ...(after.phone !== undefined ? { phone: after.phone } : {}),
        ...(after.username !== undefined ? { username: after.username } : {}),
        ...(after.formerUserIds !== undefined && after.formerUserIds.length > 0 ? { formerUserIds: after.formerUserIds } : {}),
        at,
      };
      this.unsaved.add(n);
      await this.writer.append(line);
      this.unsaved.delete(n);
    }
    for (const l of this.listeners) await l(after);
  }
}

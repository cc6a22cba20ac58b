/**
 * Who a WhatsApp customer is (DOMAIN.md §2 "Identity", issue 13 point 1): since 2026 a person is their business-scoped
 * user id (BSUID, `KR.1349…`) with the phone number optional, plus the username WhatsApp shows where they have one.
 * These are the rules both processes use, as pure functions over an index each process provides (the renderer's
 * contacts table, main's suppression list and inbox):
 * - matching: `user_id` first, then `wa_id` (the number exactly as WhatsApp wrote it), then the normalised phone
 *   (the BR/MX/AR forms `phoneMatchKey` treats as one person);
 * - linking: the first message that carries both a phone and a BSUID links them (learnIdentity);
 * - `user_changed_user_id` moves the link from the old id to the new one, and the old id stays one of the person's
 *   identifiers (moveUserId);
 * - a BSUID is never passed through the phone parser: identityPhone refuses anything BSUID-shaped before
 *   libphonenumber sees it (which would read "US.ENT.123456789" as the valid Korean number +82123456789);
 * - identifiersOf lists every identifier of a person, so suppression can apply under each of them.
 * A username is a display name: shown, never matched on.
 */
import { parseBsuid, parseUsername, parseWaId } from './inbound';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { normalizePhone, type CountryCode, type PhoneProblem } from './phone';
import { phoneMatchKey, phoneVariants } from './results/attribution';

/** A person's WhatsApp identity. At least one of userId and phone is there for a person Shopcast can reach. */
export interface WhatsAppIdentity {
  /** The business-scoped user id (BSUID); the key WhatsApp gives every person since 2026. */
  userId?: string;
  /** E.164 (`+8210…`); WhatsApp may leave it out for a person with a username. */
  phone?: string;
  /** `@name` as WhatsApp shows it; for display only. */
  username?: string;
  /** Ids the person had before a `user_changed_user_id`, oldest first: still theirs for suppression. */
  formerUserIds?: string[];
}

/** What one webhook message, status or file row says about who it is, already parsed (parseSighting). */
export interface IdentitySighting {
  userId?: string;
  /** The `wa_id` (digits, no "+"). */
  waId?: string;
  /** An E.164 phone from elsewhere (a file row, a number the shop typed). */
  phone?: string;
  username?: string;
}

/**
 * Whether a string has the shape of a BSUID (a country's two capital letters, a dot, an optional `ENT.`, letters and
 * digits), even one too long for parseBsuid: such a string is an id, never a phone number. The prefix must be a
 * country WhatsApp numbers belong to, so a Korean sheet's "HP.01012345678" (HP: 핸드폰) stays a phone number.
 */
export function looksLikeUserId(raw: string): boolean {
  const m = /^([A-Z]{2})\.(?:ENT\.)?[A-Za-z0-9]+$/.exec(raw.normalize('NFKC').trim());
  return m !== null && isSupportedCountry(m[1]!); // group 1 exists when the pattern matched
}

export type IdentityPhone = { ok: true; e164: string } | { ok: false; reason: PhoneProblem | 'user_id' };

/** The phone path: a BSUID-shaped string is refused as `user_id` and never reaches libphonenumber. */
export function identityPhone(raw: string, country: CountryCode): IdentityPhone {
  if (looksLikeUserId(raw)) return { ok: false, reason: 'user_id' };
  const parsed = normalizePhone(raw, country);
  return parsed.ok ? { ok: true, e164: parsed.e164 } : { ok: false, reason: parsed.reason };
}

/** The id path: the BSUID in a string (trimmed), or undefined when it is not one. */
export function identityUserId(raw: unknown): string | undefined {
  return parseBsuid(typeof raw === 'string' ? raw.normalize('NFKC').trim() : raw);
}

/**
 * A sighting from what a webhook or a row carries, each field through its own parser: `user_id` through the id
 * path, `wa_id` as WhatsApp's digits, `phone` through the phone path (with `country` for numbers written without
 * their country code), `username` as a display name. Anything unreadable is left out.
 */
export function parseSighting(raw: { userId?: unknown; waId?: unknown; phone?: unknown; username?: unknown }, country: CountryCode): IdentitySighting {
  const s: IdentitySighting = {};
  const userId = identityUserId(raw.userId);
  if (userId) s.userId = userId;
  const waId = parseWaId(raw.waId);
  if (waId) s.waId = waId;
  if (typeof raw.phone === 'string') {
    const phone = identityPhone(raw.phone, country);
    if (phone.ok) s.phone = phone.e164;
  }
  const username = parseUsername(raw.username);
  if (username) s.username = username;
  return s;
}

/** The phone a sighting gives: WhatsApp's `wa_id` as E.164, else the phone it carries. */
export function sightingPhone(s: IdentitySighting): string | undefined {
  return s.waId ? `+${s.waId}` : s.phone;
}

/**
 * Where a process looks people up; `R` is what it knows them by (a contact id, a suppression entry). Lookups may be
 * answered at once (main's maps) or later (the renderer's IndexedDB): use matchIdentity or matchIdentityAsync.
 */
export interface IdentityIndex<R> {
  byUserId(userId: string): R | undefined;
  byPhone(e164: string): R | undefined;
}
export interface AsyncIdentityIndex<R> {
  byUserId(userId: string): Promise<R | undefined>;
  byPhone(e164: string): Promise<R | undefined>;
}

export type MatchedBy = 'user_id' | 'wa_id' | 'phone';
export interface IdentityMatch<R> {
  ref: R;
  by: MatchedBy;
  /** The key that matched (the id, or the form of the number). */
  key: string;
}

/** The lookups to try, in order: user id, then wa_id exactly, then the other forms of the number. */
export function matchOrder(s: IdentitySighting): Array<{ by: MatchedBy; kind: 'userId' | 'phone'; key: string }> {
  const out: Array<{ by: MatchedBy; kind: 'userId' | 'phone'; key: string }> = [];
  if (s.userId) out.push({ by: 'user_id', kind: 'userId', key: s.userId });
  const seen = new Set<string>();
  if (s.waId) {
    out.push({ by: 'wa_id', kind: 'phone', key: `+${s.waId}` });
    seen.add(`+${s.waId}`);
  }
  const phones = [s.waId ? `+${s.waId}` : undefined, s.phone].filter((p): p is string => p !== undefined);
  for (const p of phones) {
    for (const v of [p, phoneMatchKey(p), ...phoneVariants(p)]) {
      if (seen.has(v)) continue;
      seen.add(v);
      out.push({ by: 'phone', kind: 'phone', key: v });
    }
  }
  return out;
}

/** The person a sighting is about: user_id first, then wa_id, then the normalised phone; undefined: nobody known. */
export function matchIdentity<R>(index: IdentityIndex<R>, s: IdentitySighting): IdentityMatch<R> | undefined {
  for (const step of matchOrder(s)) {
    const ref = step.kind === 'userId' ? index.byUserId(step.key) : index.byPhone(step.key);
    if (ref !== undefined) return { ref, by: step.by, key: step.key };
  }
  return undefined;
}

export async function matchIdentityAsync<R>(index: AsyncIdentityIndex<R>, s: IdentitySighting): Promise<IdentityMatch<R> | undefined> {
  for (const step of matchOrder(s)) {
    const ref = step.kind === 'userId' ? await index.byUserId(step.key) : await index.byPhone(step.key);
    if (ref !== undefined) return { ref, by: step.by, key: step.key };
  }
  return undefined;
}

export type IdentityField = 'userId' | 'phone' | 'username';
/**
 * Why a sighting was not learnt: the person already has another user id (only `user_changed_user_id` moves it), the
 * id or the number already belongs to someone else (two contacts are never merged behind the person's back).
 */
export type IdentityConflict = 'user_id_differs' | 'user_id_taken' | 'phone_taken';

export interface Learnt {
  identity: WhatsAppIdentity;
  /** The fields that changed (empty: nothing to write). */
  changed: IdentityField[];
  conflicts: IdentityConflict[];
}

/**
 * What the person matched as `ref` is known as after `s`: the first sighting carrying a BSUID links it to a person
 * known by phone, the first carrying a phone links it to a person known by id, and the newest username replaces the
 * older one. `owner` says who else holds a key (the same index matching used); a key someone else holds is not taken.
 */
export function learnIdentity<R>(ref: R, current: WhatsAppIdentity, s: IdentitySighting, owner?: IdentityIndex<R>): Learnt {
  const identity: WhatsAppIdentity = { ...current };
  const changed: IdentityField[] = [];
  const conflicts: IdentityConflict[] = [];
  const other = (found: R | undefined) => found !== undefined && found !== ref;
  if (s.userId && s.userId !== current.userId && !current.formerUserIds?.includes(s.userId)) {
    if (current.userId) conflicts.push('user_id_differs');
    else if (other(owner?.byUserId(s.userId))) conflicts.push('user_id_taken');
    else {
      identity.userId = s.userId;
      changed.push('userId');
    }
  }
  const phone = sightingPhone(s);
  if (phone && !current.phone) {
    if (other(owner?.byPhone(phone))) conflicts.push('phone_taken');
    else {
      identity.phone = phone;
      changed.push('phone');
    }
  }
  if (s.username && s.username !== current.username) {
    identity.username = s.username;
    changed.push('username');
  }
  return { identity, changed, conflicts };
}

/**
 * `user_changed_user_id`: the person who had `from` now has `to`; `from` stays among their former ids (a STOP given
 * under it still counts). Delivered twice or late, it changes nothing: undefined when `current` is not the person
 * with `from` (or already has `to`).
 */
export function moveUserId(current: WhatsAppIdentity, change: { from: string; to: string }): WhatsAppIdentity | undefined {
  if (current.userId !== change.from || change.from === change.to) return undefined;
  const former = (current.formerUserIds ?? []).filter((id) => id !== change.from && id !== change.to);
  return { ...current, userId: change.to, formerUserIds: [...former, change.from] };
}

export type Identifier = { kind: 'user_id'; value: string } | { kind: 'phone'; value: string };

/**
 * Every identifier of a person, for "suppressed under every identifier": the current user id, the former ones, and
 * every form of the phone (`phoneVariants`). The username is not one: it is only shown.
 */
export function identifiersOf(identity: WhatsAppIdentity): Identifier[] {
  const out: Identifier[] = [];
  if (identity.userId) out.push({ kind: 'user_id', value: identity.userId });
  for (const id of identity.formerUserIds ?? []) if (id !== identity.userId) out.push({ kind: 'user_id', value: id });
  if (identity.phone) for (const v of phoneVariants(identity.phone)) out.push({ kind: 'phone', value: v });
  return out;
}

/** Whether any identifier of the person is in `suppressed` (a set of user ids and E.164 numbers: they never collide). */
export function suppressedUnderAny(identity: WhatsAppIdentity, suppressed: { has(key: string): boolean }): boolean {
  return identifiersOf(identity).some((i) => suppressed.has(i.value));
}

/**
 * People in memory, found by every identifier they have (a former user id finds the person too, so a message sent
 * before the change still matches). Main's stores and tests use it; the renderer asks IndexedDB instead.
 */
export class IdentityBook<R> implements IdentityIndex<R> {
  private readonly ids = new Map<string, R>();
  private readonly phones = new Map<string, R>();
  private readonly people = new Map<R, WhatsAppIdentity>();

  set(ref: R, identity: WhatsAppIdentity): void {
    this.remove(ref);
    this.people.set(ref, identity);
    for (const i of identifiersOf(identity)) {
      const map = i.kind === 'user_id' ? this.ids : this.phones;
      if (!map.has(i.value)) map.set(i.value, ref);
    }
  }

  remove(ref: R): void {
    const old = this.people.get(ref);
    if (!old) return;
    this.people.delete(ref);
    for (const i of identifiersOf(old)) {
      const map = i.kind === 'user_id' ? this.ids : this.phones;
      if (map.get(i.value) === ref) map.delete(i.value);
    }
  }

  get(ref: R): WhatsAppIdentity | undefined {
    return this.people.get(ref);
  }

  byUserId(userId: string): R | undefined {
    return this.ids.get(userId);
  }

  byPhone(e164: string): R | undefined {
    return this.phones.get(e164);
  }

  /**
   * One sighting: the person it matches learns from it (linking), or undefined when it matches nobody (the caller
   * decides whether a new person is made). Returns the match and what was learnt.
   */
  see(s: IdentitySighting): (IdentityMatch<R> & Learnt) | undefined {
    const match = matchIdentity(this, s);
    if (!match) return undefined;
    const learnt = learnIdentity(match.ref, this.people.get(match.ref) ?? {}, s, this);
    if (learnt.changed.length > 0) this.set(match.ref, learnt.identity);
    return { ...match, ...learnt };
  }

  /** `user_changed_user_id`: moves the link of whoever has `from`; undefined when nobody does. */
  moveUserId(change: { from: string; to: string }): R | undefined {
    const ref = this.ids.get(change.from);
    if (ref === undefined) return undefined;
    const next = moveUserId(this.people.get(ref) ?? {}, change);
    if (next) this.set(ref, next);
    return ref;
  }
}

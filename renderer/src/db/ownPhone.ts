/**
 * The shop's own phone number, for a test send to the person's own phone from the wizard (issue 11 point 7). It is
 * kept as one syncState row, never as a contact: a test to oneself must not grow the contacts list or any
 * campaign's audience.
 */
import { normalizePhone, type CountryCode, type PhoneProblem } from '../../../shared/domain/phone';
import type { ShopcastDB } from './db';

export const OWN_PHONE_KEY = 'shop.ownPhone';

/** The recipient ref of the own-phone test: not a number, so statuses never map back to a contact (sendingSync). */
export const OWN_PHONE_REF = 'own-phone';

export type OwnPhoneCheck = { ok: true; e164: string } | { ok: false; reason: PhoneProblem };

/** What the person typed, read with the shop's default country, the way every other number in Shopcast is. */
export function checkOwnPhone(raw: string, defaultCountry: CountryCode): OwnPhoneCheck {
  const parsed = normalizePhone(raw, defaultCountry);
  return parsed.ok ? { ok: true, e164: parsed.e164 } : { ok: false, reason: parsed.reason };
}

/** The saved number (E.164), or undefined when none was saved or the row does not hold one. */
export async function loadOwnPhone(db: ShopcastDB): Promise<string | undefined> {
  const row = await db.syncState.get(OWN_PHONE_KEY);
  return typeof row?.value === 'string' && /^\+[1-9]\d{6,14}$/.test(row.value) ? row.value : undefined;
}

/** Remembers the number for next time; refuses one that does not parse, so only E.164 is ever stored. */
export async function saveOwnPhone(db: ShopcastDB, raw: string, defaultCountry: CountryCode): Promise<OwnPhoneCheck> {
  const checked = checkOwnPhone(raw, defaultCountry);
  if (checked.ok) await db.syncState.put({ key: OWN_PHONE_KEY, value: checked.e164 });
  return checked;
}

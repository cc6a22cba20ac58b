/**
 * How a contact is shown where its phone number would be (DOMAIN.md §2 "Identity"): the number, written the shop's
 * way; for a contact WhatsApp knows only by its user id, the `@username` where WhatsApp gave one, else the user id.
 */
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';

export function shownAs(c: { phone?: string; userId?: string; username?: string }, country: CountryCode): string {
  if (c.phone) return formatPhone(c.phone, country);
  if (c.username) return c.username.startsWith('@') ? c.username : `@${c.username}`;
  return c.userId ?? '';
}

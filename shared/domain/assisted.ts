/**
 * The Assisted channel (DOMAIN.md §1): for shops on the free WhatsApp Business app. Shopcast never automates
 * WhatsApp; it opens each chat pre-filled (`wa.me`) and the person presses send, or it exports the contacts for a
 * broadcast list the person builds in the app (a broadcast list holds at most 256 contacts).
 * Pure: no DOM, no Node.
 */
import { BOM, csvLine } from '../import/csvOut';

/** WhatsApp Business app broadcast lists hold at most 256 contacts. */
export const BROADCAST_LIST_MAX = 256;

/** Longest pre-filled text we put in a link (browsers and WhatsApp cope with far more; this keeps URLs sane). */
export const WA_ME_TEXT_MAX = 4_096;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * `https://wa.me/<digits>?text=<encoded>`: the number without "+" or separators (wa.me's documented form), the text
 * percent-encoded as UTF-8 (so Hangul, Han and emoji survive and "&", "#", "+" stay text). Throws on a number that
 * is not E.164, an empty text or one over the cap.
 */
export function waMeUrl(e164: string, text: string): string {
  if (!E164.test(e164)) throw new Error(`Not an international (E.164) number: ${e164}`);
  if (text.trim() === '') throw new Error('The message is empty.');
  if (text.length > WA_ME_TEXT_MAX) throw new Error(`The message is longer than ${WA_ME_TEXT_MAX} characters.`);
  return `https://wa.me/${e164.slice(1)}?text=${encodeURIComponent(text)}`;
}

export interface BroadcastContact {
  name: string;
  /** E.164. */
  phone: string;
}

export interface BroadcastPart {
  /** 1-based. */
  part: number;
  parts: number;
  count: number;
  /** vCard 3.0, one card per contact, CRLF line ends (what phones import). */
  vcf: string;
  /** UTF-8 CSV with BOM: name, phone. */
  csv: string;
}

/** vCard 3.0 text escaping (RFC 2426 §4): backslash, comma, semicolon and line breaks. */
export function vcardEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds a content line at 75 octets (RFC 2426 §2.6 / RFC 2425 §5.8.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (bytes + n > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

function vcard(c: BroadcastContact): string {
  const name = c.name.trim() === '' ? c.phone : c.name.trim();
  return ['BEGIN:VCARD', 'VERSION:3.0', `FN:${vcardEscape(name)}`, `N:${vcardEscape(name)};;;;`, `TEL;TYPE=CELL:${c.phone}`, 'END:VCARD'].map(foldLine).join('\r\n');
}

/**
 * Splits contacts into broadcast-list parts of at most `size` (≤ 256) and writes each as vCard 3.0 and CSV.
 * Contacts without an E.164 phone are left out (the caller's list should have none); duplicates by phone keep the
 * first. An empty list gives no parts.
 */
export function broadcastExport(contacts: readonly BroadcastContact[], size = BROADCAST_LIST_MAX): BroadcastPart[] {
  if (!Number.isInteger(size) || size < 1 || size > BROADCAST_LIST_MAX) throw new Error(`A broadcast list holds 1 to ${BROADCAST_LIST_MAX} contacts.`);
  const seen = new Set<string>();
  const usable = contacts.filter((c) => E164.test(c.phone) && !seen.has(c.phone) && seen.add(c.phone));
  const parts: BroadcastPart[] = [];
  const total = Math.ceil(usable.length / size);
  for (let i = 0; i < total; i++) {
    const batch = usable.slice(i * size, (i + 1) * size);
    parts.push({
      part: i + 1,
      parts: total,
      count: batch.length,
      vcf: `${batch.map(vcard).join('\r\n')}\r\n`,
      csv: `${BOM}${[csvLine(['name', 'phone']), ...batch.map((c) => csvLine([c.name, c.phone]))].join('\r\n')}\r\n`,
    });
  }
  return parts;
}

/**
 * A contact's notes as an import fills them: the file's Notes column and the numbers of the row that were not
 * imported, one a line. Merging (two rows of the file with the same number, or a row and the contact the shop
 * already has) keeps both texts and never writes a line twice, so importing the same file again changes nothing.
 */
import { NOTES_MAX } from '../domain/contact';

const lines = (text: string) => text.split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l !== '');

/** A whole-line comparison that ignores case, width and spacing ("Home: 02-312-3456" twice is one line). */
const lineKey = (line: string) => line.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

/**
 * `existing` and then the lines of `added` it does not hold yet, cut to the contact's notes cap (NOTES_MAX). What the
 * shop wrote comes first and is never cut for what a file adds.
 */
export function mergeMemo(existing: string, added: string): string {
  const base = existing.trim();
  const seen = new Set(lines(base).map(lineKey));
  const fresh: string[] = [];
  for (const line of lines(added)) {
    const key = lineKey(line);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(line);
  }
  if (fresh.length === 0) return base.slice(0, NOTES_MAX);
  const merged = base === '' ? fresh.join('\n') : `${base}\n${fresh.join('\n')}`;
  return merged.length > NOTES_MAX ? merged.slice(0, NOTES_MAX).trimEnd() : merged;
}

/** "Home: 02-312-3456" (or "비고: …"), or the text alone when the file gives it no name. */
export function labelledLine(label: string | undefined, raw: string): string {
  const l = (label ?? '').trim();
  return l === '' ? raw.trim() : `${l}: ${raw.trim()}`;
}

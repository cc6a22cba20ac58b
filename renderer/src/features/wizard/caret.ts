/**
 * The variable buttons put `{name}` where the person is typing: at the caret, replacing a selection, and the caret
 * lands after what was inserted. Offsets are a textarea's (UTF-16 code units); out-of-range or reversed ones are
 * clamped, so a stale selection never throws or loses text. Past `max` characters nothing is inserted.
 */
export function insertAtCaret(text: string, selectionStart: number, selectionEnd: number, token: string, max = Infinity): { text: string; caret: number } {
  const clamp = (n: number) => (Number.isFinite(n) ? Math.min(Math.max(0, Math.floor(n)), text.length) : text.length);
  const a = clamp(selectionStart);
  const b = clamp(selectionEnd);
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  const next = text.slice(0, start) + token + text.slice(end);
  if (next.length > max) return { text, caret: end };
  return { text: next, caret: start + token.length };
}

import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** True when a key press belongs to a text field (typing, or the field's own Ctrl+Z), not to an app shortcut. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return false;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'color'].includes(target.type);
}

/** A modal is open: page shortcuts must not act behind it. */
export function isDialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/** Ctrl on Windows/Linux, Cmd on macOS. */
export function isPrimaryModifier(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

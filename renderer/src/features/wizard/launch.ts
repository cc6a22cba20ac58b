/**
 * Opening the wizard from another screen on a draft made there ("Send a campaign to these people" on the contacts
 * selection bar). The draft is saved first, so nothing depends on this note surviving; the wizard screen reads it
 * when it mounts (peek, so React's double render in development sees it too) and clears it once shown.
 */
let pending: string | null = null;

export function requestWizardDraft(id: string): void {
  pending = id;
}
export function peekWizardDraft(): string | null {
  return pending;
}
export function clearWizardDraft(id: string): void {
  if (pending === id) pending = null;
}

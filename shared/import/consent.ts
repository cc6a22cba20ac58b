/**
 * What an imported row says about consent, for a contact the import creates (renderer/src/db/importBatches.ts) and
 * for `shopcast check`, which reads the file as such an import would: an opt-in or night-time consent comes with the
 * file's own source column, else as claimed by the file (contact.ts `claimedSource`: the file's name and the
 * import's time), never as a bare "imported".
 */
import { claimedSource, SOURCE_MAX, type NightConsent, type OptInStatus } from '../domain/contact';
import type { CleanContact } from './types';

/** Where the file says consent was given: its source column, else the file's claim. */
export function fileConsentSource(c: Pick<CleanContact, 'consentSource'>, fileName: string, now: number): string {
  return c.consentSource ? c.consentSource.slice(0, SOURCE_MAX) : claimedSource(fileName, now);
}

/** The consent fields of a new contact made from one row. */
export function newContactConsent(
  c: Pick<CleanContact, 'optIn' | 'nightConsent' | 'consentSource'>,
  fileName: string,
  now: number,
): { optInStatus: OptInStatus; optInSource: string; optInAt: number | null; nightConsent: NightConsent | null } {
  const optInStatus: OptInStatus = c.optIn ?? 'unknown';
  const source = c.optIn || c.nightConsent ? fileConsentSource(c, fileName, now) : '';
  return {
    optInStatus,
    optInSource: c.optIn ? source : '',
    optInAt: c.optIn ? now : null,
    nightConsent: c.nightConsent === true && optInStatus !== 'opted_out' ? { at: now, source } : null,
  };
}

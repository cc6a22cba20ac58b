/**
 * Which of the shop's own sending numbers are not in force because they would loosen the preset. Main only ever
 * applies the stricter of the two (electron/services/sending.ts `applyStricter`), so a looser number is kept but
 * does nothing; the screen says so instead of "saved" alone.
 */
import type { PacingPolicy } from '../../../../shared/domain/pacing';
import type { PolicyOverrides } from '../../../../shared/ipc/policy';

export type OverrideField = 'rate' | 'hourly' | 'daily' | 'quiet' | 'promo';

/** The fields whose override some channel does not send with (its effective policy stays the preset's there). */
export function overridesNotInForce(o: PolicyOverrides, effective: readonly PacingPolicy[]): OverrideField[] {
  const out: OverrideField[] = [];
  const anywhere = (looser: (p: PacingPolicy) => boolean) => effective.some(looser);
  if (o.ratePerSecond !== undefined && anywhere((p) => p.ratePerSecond < o.ratePerSecond!)) out.push('rate'); // checked defined on the left
  if (typeof o.hourlyCap === 'number' && anywhere((p) => p.hourlyCap !== o.hourlyCap)) out.push('hourly');
  if (o.dailyCap !== undefined && anywhere((p) => p.dailyCap !== o.dailyCap)) out.push('daily');
  if (o.quietHours !== undefined) {
    const q = o.quietHours;
    if (anywhere((p) => (q === null ? p.quietHours !== null : p.quietHours?.startHour !== q.startHour || p.quietHours.endHour !== q.endHour))) out.push('quiet');
  }
  if (o.promotionalPerContactPer24h !== undefined && anywhere((p) => p.promotionalPerContactPer24h < o.promotionalPerContactPer24h!)) out.push('promo'); // checked defined on the left
  return out;
}

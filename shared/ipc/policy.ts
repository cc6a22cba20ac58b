/**
 * The shop's safety policy in the IPC contract (DOMAIN.md §4): the preset it chose with its own stricter numbers,
 * and the policy each channel would send with now.
 */
import type { PacingPolicy, PresetName } from '../domain/pacing';
import type { ChannelKind } from '../domain/vocabulary';
import { isRecord, parseOneOf, rejectUnknownKeys, type Parser } from '../lib/guards';
import { fail, ok, type Result } from '../lib/result';

/** What the shop chose: a preset ('auto' picks by channel and messaging limit) and its own stricter numbers. */
export interface PolicyChoice {
  preset: 'auto' | PresetName;
  overrides: PolicyOverrides;
}

export interface PolicyOverrides {
  ratePerSecond?: number;
  hourlyCap?: number | null;
  dailyCap?: number | 'warmup' | null;
  quietHours?: { startHour: number; endHour: number } | null;
  promotionalPerContactPer24h?: number;
}

export interface PolicyView {
  choice: PolicyChoice;
  /** The policy each channel would send with now, and why that preset. */
  effective: Record<ChannelKind, { policy: PacingPolicy; why: string }>;
  /** Days since this number's first send (for the warm-up table); null before the first send. */
  daysSinceFirstSend: number | null;
}

function parseCount(v: unknown, field: string, max: number, nullable: boolean): Result<number | null> {
  if (v === null && nullable) return ok(null);
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max ? ok(v) : fail('invalid_input', `${field} must be a number from 1 to ${max}${nullable ? ', or none' : ''}.`, { field });
}

export const parsePolicyChoice: Parser<PolicyChoice> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { preset, overrides }.');
  const known = rejectUnknownKeys(input, ['preset', 'overrides']);
  if (!known.ok) return known;
  const preset = parseOneOf(input.preset, 'preset', ['auto', 'cautious', 'platform'] as const);
  if (!preset.ok) return preset;
  const o = input.overrides ?? {};
  if (!isRecord(o)) return fail('invalid_input', 'overrides must be an object.');
  const k2 = rejectUnknownKeys(o, ['ratePerSecond', 'hourlyCap', 'dailyCap', 'quietHours', 'promotionalPerContactPer24h']);
  if (!k2.ok) return k2;
  const overrides: PolicyOverrides = {};
  if (o.ratePerSecond !== undefined) {
    const r = parseCount(o.ratePerSecond, 'ratePerSecond', 1_000, false);
    if (!r.ok) return r;
    overrides.ratePerSecond = r.value as number; // not nullable
  }
  if (o.hourlyCap !== undefined) {
    const r = parseCount(o.hourlyCap, 'hourlyCap', 1_000_000, true);
    if (!r.ok) return r;
    overrides.hourlyCap = r.value;
  }
  if (o.dailyCap !== undefined) {
    if (o.dailyCap === 'warmup') overrides.dailyCap = 'warmup';
    else {
      const r = parseCount(o.dailyCap, 'dailyCap', 10_000_000, true);
      if (!r.ok) return r;
      overrides.dailyCap = r.value;
    }
  }
  if (o.quietHours !== undefined) {
    if (o.quietHours === null) overrides.quietHours = null;
    else {
      const q = o.quietHours;
      const hour = (h: unknown) => typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= 23;
      if (!isRecord(q) || !hour(q.startHour) || !hour(q.endHour)) return fail('invalid_input', 'quietHours needs startHour and endHour from 0 to 23.', { field: 'quietHours' });
      overrides.quietHours = { startHour: q.startHour as number, endHour: q.endHour as number }; // checked by hour()
    }
  }
  if (o.promotionalPerContactPer24h !== undefined) {
    const r = parseCount(o.promotionalPerContactPer24h, 'promotionalPerContactPer24h', 3, false);
    if (!r.ok) return r;
    overrides.promotionalPerContactPer24h = r.value as number; // not nullable; at most §4's hard cap of 3
  }
  return ok({ preset: preset.value, overrides });
};

/**
 * The shop's sending-rules choice (`policy.json`) and the policy a channel sends with: the preset by channel and
 * messaging limit, then the shop's own numbers only where they are stricter (DOMAIN.md §4). One home for the app
 * (SendingService) and `shopcast check`, so both judge a campaign by the same numbers.
 */
import { cautiousPolicy, defaultPolicy, type PacingPolicy } from '../../shared/domain/pacing';
import type { ChannelKind } from '../../shared/domain/vocabulary';
import { parsePolicyChoice, type PolicyChoice } from '../../shared/ipc/policy';
import { joinPath, type Fs } from './ports';

export const POLICY_FILE = 'policy.json';

/** The saved choice; the presets when there is none or it is damaged (the safe reading). */
export async function readPolicyChoice(fs: Pick<Fs, 'readText'>, dataDir: string): Promise<PolicyChoice> {
  const raw = await fs.readText(joinPath(dataDir, POLICY_FILE));
  if (raw === undefined) return { preset: 'auto', overrides: {} };
  try {
    const parsed = parsePolicyChoice(JSON.parse(raw));
    if (parsed.ok) return parsed.value;
  } catch {
    // A damaged file: the defaults (the presets) are the safe reading.
  }
  return { preset: 'auto', overrides: {} };
}

/**
 * The policy for `channel`: `messagingLimit` is the Cloud number's tier (null unlimited; undefined when never
 * tested: the first tier, 250, the cautious answer). Ignored for the other channels.
 */
export function effectivePolicy(channel: ChannelKind, messagingLimit: number | null | undefined, choice: PolicyChoice, zone: string): { policy: PacingPolicy; why: string } {
  const base = defaultPolicy(channel, channel === 'cloud' ? (messagingLimit === undefined ? 250 : messagingLimit) : null, zone);
  let { policy, why } = base;
  if (choice.preset === 'cautious' && policy.preset !== 'cautious') {
    policy = { ...cautiousPolicy(zone), messagingLimit: Math.min(250, policy.messagingLimit ?? 250) };
    why = 'You chose the Cautious limits.';
  } else if (choice.preset === 'platform' && policy.preset !== 'platform') {
    why = `${why} (The Platform limits need a Cloud API number past the first tier, so Cautious stays.)`;
  }
  return { policy: applyStricter(policy, choice.overrides), why };
}

/** The shop's own numbers, only where they are stricter than the preset (DOMAIN.md §4: never looser). */
export function applyStricter(base: PacingPolicy, o: PolicyChoice['overrides']): PacingPolicy {
  const p: PacingPolicy = { ...base };
  if (o.ratePerSecond !== undefined) p.ratePerSecond = Math.min(p.ratePerSecond, o.ratePerSecond);
  if (typeof o.hourlyCap === 'number') p.hourlyCap = p.hourlyCap === null ? o.hourlyCap : Math.min(p.hourlyCap, o.hourlyCap);
  if (typeof o.dailyCap === 'number') {
    // A fixed number replaces the warm-up table only where it is lower than the table could ever be.
    if (p.dailyCap === null || (typeof p.dailyCap === 'number' && o.dailyCap < p.dailyCap) || (p.dailyCap === 'warmup' && o.dailyCap <= 50)) p.dailyCap = o.dailyCap;
  } else if (o.dailyCap === 'warmup' && p.dailyCap === null) p.dailyCap = 'warmup';
  if (o.quietHours && coversQuietHours(o.quietHours, p.quietHours)) p.quietHours = o.quietHours;
  if (o.promotionalPerContactPer24h !== undefined) p.promotionalPerContactPer24h = Math.min(p.promotionalPerContactPer24h, o.promotionalPerContactPer24h);
  return p;
}

function hours(q: { startHour: number; endHour: number }): Set<number> {
  const out = new Set<number>();
  for (let h = q.startHour; h !== q.endHour; h = (h + 1) % 24) out.add(h);
  return out;
}

/** Whether the chosen quiet hours include every hour of the preset's. */
function coversQuietHours(chosen: { startHour: number; endHour: number }, base: PacingPolicy['quietHours']): boolean {
  if (base === null) return true;
  const mine = hours(chosen);
  return [...hours(base)].every((h) => mine.has(h));
}

/**
 * The recipients handed to main: the audience minus the draft's exclusions (and, for the real send, minus those
 * who got the test), one per number (or per WhatsApp user id, for a contact without a phone: main addresses it by
 * the id on the Cloud API and skips it with `needs_phone` on Assisted), each with its variables resolved (fallbacks applied here, main only
 * substitutes) and, for an A/B test, a version chosen at random (seeded by the draft, so re-running gives the same
 * split). A promotion's recipient with a valid night-time consent at `at` (the start) carries `nightConsent: true`,
 * so main's pacer lets it go 21:00–08:00 Korea time (DOMAIN.md §2b; pacing.ts kr_night).
 */
import { hasNightConsent } from '../../../../shared/domain/contact';
import type { CampaignDraft, MessageDraft } from '../../../../shared/domain/campaign/draft';
import { reachKey, recipientVars, variablesIn, type CampaignContact, type RenderContext, type VarsPlan } from '../../../../shared/domain/campaign/render';
import { seededRandom } from '../../../../shared/domain/random';
import type { CampaignRecipientInput } from '../../../../shared/ipc/campaigns';

export function planFor(message: MessageDraft, draft: CampaignDraft): VarsPlan {
  return message.kind === 'text'
    ? { textVariables: variablesIn(message.body), fallbacks: draft.fallbacks }
    : { textVariables: [], templateParams: message.params, fallbacks: draft.fallbacks };
}

export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function buildRecipients(
  draft: CampaignDraft,
  audience: readonly CampaignContact[],
  ctx: RenderContext,
  opts: { abTest: boolean; seed: string; leaveOut?: ReadonlySet<number>; only?: ReadonlySet<number>; at?: number },
): CampaignRecipientInput[] {
  const excluded = new Set(draft.excludedContactIds);
  const planA = planFor(draft.message, draft);
  const planB = opts.abTest && draft.messageB ? planFor(draft.messageB, draft) : undefined;
  const random = seededRandom(seedOf(opts.seed));
  // A number that got the test is not messaged again, even through a second contact with the same number.
  const seen = new Set<string>(opts.leaveOut ? audience.filter((c) => opts.leaveOut!.has(c.id)).map(reachKey) : []); // checked in the condition
  const out: CampaignRecipientInput[] = [];
  for (const c of audience) {
    const key = reachKey(c);
    if (key === '' || excluded.has(c.id) || opts.leaveOut?.has(c.id) || (opts.only && !opts.only.has(c.id)) || seen.has(key)) continue;
    seen.add(key);
    const variant = planB && random() < 0.5 ? 'B' : 'A';
    const vars = recipientVars(variant === 'B' && planB ? planB : planA, c, ctx);
    const r: CampaignRecipientInput = { ref: String(c.id) };
    if (c.phone) r.phone = c.phone;
    // The contact's WhatsApp user id travels beside the number (main checks suppression under both), or alone for a
    // contact without a phone (main sends to it as `recipient`; issue 13).
    if (c.userId) r.userId = c.userId;
    if (vars) r.vars = vars;
    if (planB) r.variant = variant;
    if (draft.promotional && opts.at !== undefined && hasNightConsent(c, opts.at)) r.nightConsent = true;
    out.push(r);
  }
  return out;
}

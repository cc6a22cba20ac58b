/**
 * The CampaignRecipientInput list handed to main (campaign:addRecipients): one per contact left after the draft's
 * exclusions, with its resolved `vars` and, for an A/B test, its version. The split is random (the randomness is
 * passed in) and even: half get A, half B (the odd one A).
 */
import type { CampaignRecipientInput } from '../../ipc/sending';
import type { CampaignDraft, MessageDraft } from './draft';
import { recipientVars, variablesIn, type CampaignContact, type RenderContext, type VarsPlan } from './render';

export function varsPlan(message: MessageDraft, draft: CampaignDraft): VarsPlan {
  return message.kind === 'text'
    ? { textVariables: variablesIn(message.body), fallbacks: draft.fallbacks }
    : { textVariables: [], templateParams: message.params, fallbacks: draft.fallbacks };
}

export function buildRecipientInputs(contacts: readonly CampaignContact[], draft: CampaignDraft, ctx: RenderContext, random: () => number): CampaignRecipientInput[] {
  const excluded = new Set(draft.excludedContactIds);
  const kept = contacts.filter((c) => !excluded.has(c.id));
  const planA = varsPlan(draft.message, draft);
  const planB = draft.messageB ? varsPlan(draft.messageB, draft) : undefined;
  // Fisher–Yates over positions: the first half of the shuffled positions get A.
  let isB: Uint8Array | undefined;
  if (planB) {
    const order = Array.from({ length: kept.length }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!]; // i, j < length
    }
    isB = new Uint8Array(kept.length);
    for (let k = Math.ceil(kept.length / 2); k < order.length; k++) isB[order[k]!] = 1; // k < length
  }
  return kept.map((c, i) => {
    const b = isB?.[i] === 1;
    const out: CampaignRecipientInput = { ref: String(c.id), phone: c.phone };
    const vars = recipientVars(b && planB ? planB : planA, c, ctx);
    if (vars) out.vars = vars;
    if (planB) out.variant = b ? 'B' : 'A';
    return out;
  });
}

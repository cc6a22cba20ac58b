/**
 * The pre-send checklist (issue 5 step 3): every rule of DOMAIN.md §2–§4 as a row that passes, warns or blocks,
 * with the reason as a message key and a one-click fix where one exists. Blocks cannot be overridden; warnings need
 * a deliberate acknowledgement. This is advice: main re-checks at start and its checks are the law (DESIGN.md).
 *
 * Speed: one pass over the recipients (scan.ts) gathers what every rule needs; the rules read counts.
 */
import { consentOldCheck, secondPromotionCheck } from './checks/consent';
import { contentChecks, linkPositions, OPT_OUT_LINES } from './checks/content';
import { AD_LABEL, startsWithAdLabel } from './checks/koreanLaw';
import { recipientChecks } from './checks/recipients';
import { sendingChecks, type SendingFacts } from './checks/sending';
import type { CampaignDraft, MessageDraft } from './draft';
import { flattenParam } from './render';
import { scanRecipients } from './scan';
import type { CheckResult, ChecklistInput, Fix, Variant } from './types';

export type { CheckResult, ChecklistInput, Fix, Level, RuleId } from './types';

export interface ChecklistRun {
  results: CheckResult[];
  /** Recipients after the draft's exclusions. */
  recipients: number;
  /** Expected finish, suggested window and cost, for the summary step. */
  facts: SendingFacts;
}

export function runChecklist(input: ChecklistInput): ChecklistRun {
  const scan = scanRecipients(input);
  const results: CheckResult[] = [];
  for (const m of scan.messages) results.push(...contentChecks(input, scan, m));
  results.push(...recipientChecks(input, scan));
  results.push(consentOldCheck(input, scan), secondPromotionCheck(input, scan));
  const sending = sendingChecks(input, scan);
  results.push(...sending.results);
  return { results, recipients: scan.recipients.length, facts: sending.facts };
}

/** Sendable when nothing blocks (an empty audience blocks: rule `recipients`) and every warning was acknowledged. */
export function canSend(results: readonly CheckResult[], acknowledged: ReadonlySet<string>): boolean {
  return results.every((r) => r.level === 'pass' || (r.level === 'warn' && acknowledged.has(r.id)));
}

/** What still stands in the way: blocks, then warnings not acknowledged. */
export function pending(results: readonly CheckResult[], acknowledged: ReadonlySet<string>): { blocks: CheckResult[]; unacknowledged: CheckResult[] } {
  return {
    blocks: results.filter((r) => r.level === 'block'),
    unacknowledged: results.filter((r) => r.level === 'warn' && !acknowledged.has(r.id)),
  };
}

/** The draft with the fix applied (a new object; the input is not changed). */
export function applyFix(draft: CampaignDraft, fix: Fix): CampaignDraft {
  switch (fix.id) {
    case 'add_opt_out': {
      const line = OPT_OUT_LINES[fix.params.language];
      return editText(draft, fix.params.variant, (body) => (body.trim() === '' ? line : `${body.replace(/\s+$/, '')}\n\n${line}`));
    }
    case 'remove_link':
      return editText(draft, fix.params.variant, (body) => removeLink(body, fix.params.index));
    case 'use_https':
      return editText(draft, fix.params.variant, (body) => body.replace(/\bhttp:\/\//gi, 'https://'));
    case 'exclude': {
      const ids = new Set(draft.excludedContactIds);
      for (const id of fix.params.contactIds) ids.add(id);
      return { ...draft, excludedContactIds: [...ids] };
    }
    case 'set_fallback':
      return { ...draft, fallbacks: { ...draft.fallbacks, [fix.params.variable]: fix.params.value } };
    case 'flatten_params':
      return editMessage(draft, fix.params.variant, (m) =>
        m.kind !== 'template'
          ? m
          : { ...m, params: m.params.map((p) => (p.kind === 'fixed' ? { ...p, value: flattenParam(p.value) } : { ...p, fallback: flattenParam(p.fallback) })) },
      );
    case 'schedule':
      return { ...draft, scheduledAt: fix.params.at };
    case 'add_ad_label':
      return editText(draft, fix.params.variant, (body) => (startsWithAdLabel(body) ? body : `${AD_LABEL} ${body.replace(/^\s+/, '')}`));
    case 'add_sender':
      return editText(draft, fix.params.variant, (body) => (body.trim() === '' ? '{shop}' : `${body.replace(/\s+$/, '')}\n{shop}`));
  }
}

function editMessage(draft: CampaignDraft, variant: Variant, edit: (m: MessageDraft) => MessageDraft): CampaignDraft {
  if (variant === 'B') return draft.messageB ? { ...draft, messageB: edit(draft.messageB) } : draft;
  return { ...draft, message: edit(draft.message) };
}

function editText(draft: CampaignDraft, variant: Variant, edit: (body: string) => string): CampaignDraft {
  return editMessage(draft, variant, (m) => (m.kind === 'text' ? { ...m, body: edit(m.body) } : m));
}

/** Removes the link at `index` (0-based) and the spaces around it; links after it stay. */
export function removeLink(body: string, index: number): string {
  const link = linkPositions(body)[index];
  if (link === undefined) return body;
  const before = body.slice(0, link.at).replace(/[ \t]+$/, '');
  const after = body.slice(link.at + link.url.length).replace(/^[ \t]+/, '');
  return before + (before !== '' && after !== '' && !before.endsWith('\n') && !after.startsWith('\n') ? ' ' : '') + after;
}

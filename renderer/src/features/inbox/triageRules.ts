/**
 * The shop's triage rules as the renderer uses them: `settings.json` `triageRules` (Settings → Inbox, mirrored in
 * the store as `settings.triageRules`), else the built-in rules. One compiled set per saved set, so every component
 * that triages (the inbox fold, the conversation, the weekly review) shares it and a saved change reaches them all at
 * once. `shopcast inbox list` reads the same field (electron/cli/inbox.ts).
 */
import { compileRules, defaultCompiled, DEFAULT_TRIAGE_RULES, type CompiledRules, type TriageRules } from '../../../../shared/domain/inbox/triage';
import { useAppStore } from '../../store/useAppStore';

/** The rules as saved, else the built-in ones. */
export function shopTriageRules(saved: TriageRules | undefined): TriageRules {
  return saved ?? DEFAULT_TRIAGE_RULES;
}

let last: { saved: TriageRules | undefined; compiled: CompiledRules } | undefined;

/** The compiled rules for a saved set: the same object as long as the saved set is the same object. */
export function compiledTriageRules(saved: TriageRules | undefined): CompiledRules {
  if (saved === undefined) return defaultCompiled();
  if (last?.saved !== saved) last = { saved, compiled: compileRules(saved) };
  return last.compiled;
}

/** The shop's rules, compiled, following Settings. */
export function useShopTriageRules(): CompiledRules {
  return compiledTriageRules(useAppStore((s) => s.settings.triageRules));
}

/** The shop's rules as data (for Settings → Inbox), following Settings. */
export function useShopTriageRuleSet(): TriageRules {
  return shopTriageRules(useAppStore((s) => s.settings.triageRules));
}

/** A shop rule's name for its code (`shop_1` → "Wedding orders"), for lists that only keep the code. */
export function shopRuleLabel(reason: string): string | undefined {
  return useAppStore.getState().settings.triageRules?.rules.find((r) => r.reason === reason)?.label;
}

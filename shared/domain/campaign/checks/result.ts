import type { CheckResult, Fix, Level, RuleId, Variant } from '../types';

/** Builds one result; `id` is the rule, plus ":B" for version B. */
export function result(
  rule: RuleId,
  level: Level,
  key: string,
  params: Record<string, string | number>,
  detail: string,
  opts: { fix?: Fix; moreFixes?: Fix[]; variant?: Variant } = {},
): CheckResult {
  const r: CheckResult = { id: opts.variant === 'B' ? `${rule}:B` : rule, rule, level, reason: { key: `checklist.${rule}.${key}`, params }, detail };
  if (opts.variant) r.variant = opts.variant;
  if (opts.fix) r.fix = opts.fix;
  if (opts.moreFixes && opts.moreFixes.length > 0) r.moreFixes = opts.moreFixes;
  return r;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

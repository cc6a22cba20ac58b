import { describe, expect, it } from 'vitest';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../shared/domain/inbox/triage';
import { triageOf } from './inbox';

describe('triageOf: a stored message is triaged once per rule set', () => {
  it('gives the same answer from its seq, and recomputes when the seq comes with other text or other rules', () => {
    const rules = compileRules(DEFAULT_TRIAGE_RULES);
    const paid = { seq: 7, type: 'text', text: '결제가 안 돼요', optOut: 'none' as const };
    const first = triageOf(paid, rules);
    expect(first).toMatchObject({ priority: 'high', reason: 'payment_problem' });
    expect(triageOf(paid, rules)).toBe(first); // the remembered result, not a new one
    expect(triageOf({ ...paid, text: '감사합니다!' }, rules)).toMatchObject({ priority: 'low' }); // same seq, other text
    const lowUnmatched = compileRules({ ...DEFAULT_TRIAGE_RULES, rules: [], unmatched: 'low' });
    expect(triageOf(paid, lowUnmatched)).toMatchObject({ priority: 'low', reason: 'unmatched' }); // other rules
    expect(triageOf({ type: 'text', text: '결제가 안 돼요', optOut: 'none' }, rules)).toEqual(first); // no seq: computed
  });
});

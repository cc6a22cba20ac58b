import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_RULES, triageMessage, withRuleAdded, withRuleOff } from '../../../../shared/domain/inbox/triage';
import { createTranslator } from '../../i18n';
import { useAppStore } from '../../store/useAppStore';
import { reasonWord } from './inboxWords';
import { compiledTriageRules, shopRuleLabel, shopTriageRules } from './triageRules';

const initial = useAppStore.getState().settings;
afterEach(() => useAppStore.setState({ settings: initial }));

describe('the shop’s triage rules in the renderer', () => {
  const mine = withRuleOff(withRuleAdded(DEFAULT_TRIAGE_RULES, { priority: 'high', label: '웨딩 주문', words: { ko: ['웨딩'] } }), 'thanks', true);

  it('are the built-in rules until the shop saves its own', () => {
    expect(shopTriageRules(undefined)).toBe(DEFAULT_TRIAGE_RULES);
    expect(triageMessage({ type: 'text', text: '웨딩 꽃 문의' }, compiledTriageRules(undefined))).toMatchObject({ priority: 'medium', reason: 'product_question' });
  });

  it('triage by the saved set: a shop word is high, a switched-off rule no longer fires', () => {
    const rules = compiledTriageRules(mine);
    expect(triageMessage({ type: 'text', text: '웨딩 꽃 문의' }, rules)).toMatchObject({ priority: 'high', reason: 'shop_1', word: '웨딩' });
    expect(triageMessage({ type: 'text', text: '감사합니다' }, rules)).toMatchObject({ priority: 'medium', reason: 'unmatched' });
  });

  it('compile once per saved set (the inbox fold keys on the object), again for a new set', () => {
    expect(compiledTriageRules(mine)).toBe(compiledTriageRules(mine));
    expect(compiledTriageRules(undefined)).toBe(compiledTriageRules(undefined));
    expect(compiledTriageRules({ ...mine })).not.toBe(compiledTriageRules(mine));
  });

  it('show a shop rule by the reason the shop wrote, wherever only its code is kept', () => {
    const { t } = createTranslator('en');
    expect(shopRuleLabel('shop_1')).toBeUndefined();
    expect(reasonWord(t, 'shop_1')).toBe('shop_1');
    useAppStore.setState({ settings: { ...initial, triageRules: mine } });
    expect(shopRuleLabel('shop_1')).toBe('웨딩 주문');
    expect(reasonWord(t, 'shop_1')).toBe('웨딩 주문');
    expect(reasonWord(t, 'refund')).toBe('asks for a refund');
  });
});

import { describe, expect, it } from 'vitest';
import type { OptInStatus } from '../../../../shared/domain/contact';
import type { TemplateInfo } from '../../../../shared/domain/template';
import { createTranslator } from '../../i18n';
import { initialParams, paramCount, paramProblems, templateChoice, type HeldReason } from './templateChoice';

const SYNCED = Date.UTC(2026, 11, 1, 9, 0);

function template(name: string, over: Partial<TemplateInfo> = {}): TemplateInfo {
  return { id: `${name}-ko`, name, language: 'ko', status: 'APPROVED', category: 'UTILITY', body: '안녕하세요 {{1}} 님, 주문 {{2}}이 준비됐어요.', bodyParams: 2, syncedAt: SYNCED, ...over };
}

const ORDER = template('order_ready');
const SALE = template('winter_sale', { category: 'MARKETING', body: '{{1}} 님, 겨울 세일이에요.', bodyParams: 1 });
const ODD = template('odd_category', { category: 'UNKNOWN' });
const OTP = template('login_code', { category: 'AUTHENTICATION' });
const PHOTO = template('new_arrivals', { header: { format: 'IMAGE' } });
const HEADED = template('order_header', { header: { format: 'TEXT', text: '주문 {{1}}' } });
const TITLED = template('order_title', { header: { format: 'TEXT', text: '주문 안내' } });
const PENDING = template('pending_one', { status: 'PENDING' });
const REJECTED = template('rejected_one', { status: 'REJECTED' });
const ALL = [SALE, ORDER, ODD, OTP, PHOTO, HEADED, TITLED, PENDING, REJECTED];

describe('which templates the Inbox offers', () => {
  it.each<[string, { templates: TemplateInfo[]; connected: boolean; channel: 'cloud' | 'sandbox'; optIn: OptInStatus | undefined }, string, string[], [string, HeldReason][]]>([
    ['Cloud without a connection: connect first', { templates: ALL, connected: false, channel: 'cloud', optIn: 'opted_in' }, 'not_connected', [], []],
    ['Sandbox without a connection nor templates: connect first', { templates: [], connected: false, channel: 'sandbox', optIn: 'opted_in' }, 'not_connected', [], []],
    ['connected, only pending or rejected ones', { templates: [PENDING, REJECTED], connected: true, channel: 'cloud', optIn: 'opted_in' }, 'none_approved', [], []],
    ['opted in: utility and marketing, by name', { templates: ALL, connected: true, channel: 'cloud', optIn: 'opted_in' }, 'ok', ['odd_category', 'order_ready', 'order_title', 'winter_sale'], [['login_code', 'authentication'], ['new_arrivals', 'needs_media'], ['order_header', 'header_params']]],
    ['opt-in unknown: no marketing (nor an unknown category)', { templates: [SALE, ORDER, ODD], connected: true, channel: 'cloud', optIn: 'unknown' }, 'ok', ['order_ready'], [['odd_category', 'marketing_without_opt_in'], ['winter_sale', 'marketing_without_opt_in']]],
    ['not a saved contact: no marketing', { templates: [SALE, ORDER], connected: true, channel: 'cloud', optIn: undefined }, 'ok', ['order_ready'], [['winter_sale', 'marketing_without_opt_in']]],
    ['opted out: none at all (main refuses any template to a suppressed customer)', { templates: [SALE, ORDER], connected: true, channel: 'cloud', optIn: 'opted_out' }, 'opted_out', [], [['order_ready', 'opted_out'], ['winter_sale', 'opted_out']]],
    ['Sandbox with synced templates but no connection now', { templates: [ORDER], connected: false, channel: 'sandbox', optIn: 'opted_in' }, 'ok', ['order_ready'], []],
  ])('%s', (_why, input, state, offered, held) => {
    const c = templateChoice(input);
    expect(c.state).toBe(state);
    expect(c.offered.map((x) => x.name)).toStrictEqual(offered);
    expect(c.held.map((h) => [h.template.name, h.reason])).toStrictEqual(held);
  });
});

describe('the body parameters', () => {
  it.each<[string, Pick<TemplateInfo, 'body' | 'bodyParams'>, string | undefined, string[]]>([
    ['the name offered as {{1}}', { body: 'Hi {{1}}, order {{2}} is ready.', bodyParams: 2 }, '  Kim   Minji ', ['Kim Minji', '']],
    ['no name: all empty', { body: 'Hi {{1}}, order {{2}} is ready.', bodyParams: 2 }, undefined, ['', '']],
    ['no placeholders: no fields', { body: 'Thanks for writing.', bodyParams: 0 }, 'Tom', []],
    ['the highest {{n}} counts when Meta said fewer', { body: 'Order {{3}} for {{1}}', bodyParams: 0 }, 'Tom', ['Tom', '', '']],
  ])('%s', (_why, t, name, expected) => {
    expect(paramCount(t)).toBe(expected.length);
    expect(initialParams(t, name)).toStrictEqual(expected);
  });

  it.each<[string, string[], number[]]>([
    ['all filled', ['Tom', 'A-1001'], []],
    ['one empty or blank', ['Tom', '  '], [2]],
    ['a new line or a tab', ['Tom\nBaker', 'A\t1'], [1, 2]],
    ['more than 4 spaces in a row', ['Tom     Baker', 'A    1'], [1]],
  ])('what Meta would refuse: %s', (_why, params, problems) => {
    expect(paramProblems(params)).toStrictEqual(problems);
  });
});

describe('template words', () => {
  it.each(['en', 'ko', 'zh-Hant'] as const)('every held reason and state has its own words in %s', (lang) => {
    const { t } = createTranslator(lang);
    const words = [
      t('inbox.template.notConnected'),
      t('inbox.template.noneApproved'),
      t('inbox.template.optedOut'),
      ...(['marketing_without_opt_in', 'authentication', 'needs_media', 'header_params'] as const).map((r) => t(`inbox.template.held.${r}`, { count: 2 })),
    ];
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).not.toMatch(/^inbox\.|\{count\}/);
    expect(t('inbox.template.param', { placeholder: '{{2}}' })).toContain('{{2}}');
  });
});

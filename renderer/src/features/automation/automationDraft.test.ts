import { describe, expect, it } from 'vitest';
import { parseAutomation } from '../../../../shared/domain/automation/rules';
import { fromRules, toFile, wordsOf } from './automationDraft';

const FILE = {
  keywordReplies: [
    { name: '배송 문의', keywords: ['배송', 'delivery'], match: 'contains', reply: '{name}님, 오늘 출발해요.', conditions: { firstMessageOnly: true, labels: ['VIP'], note: 'kept' }, enabled: true, order: 0, colour: 'blue' },
    { name: 'Price', keywords: ['price'], match: 'whole', reply: { quickReplyId: 'q1', v: 2 }, enabled: false, order: 1 },
  ],
  greeting: { enabled: true, text: 'Hello!', afterDays: 7, tone: 'warm' },
  away: { enabled: true, text: 'Back {opens}.' },
  businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], tue: [['10:00', '12:00'], ['13:00', '24:00']] }, holidays: ['2026-12-25'], closedToday: '2026-12-01', owner: 'Mina' },
  version: 3,
};

const read = (file: unknown) => {
  const r = parseAutomation(JSON.stringify(file));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

describe('the Automation draft', () => {
  it('goes from the file to the form and back with every field, unknown ones too', () => {
    const rules = read(FILE);
    const back = read(toFile(fromRules(rules, 'Asia/Tokyo')));
    // Days the file left out are written as closed (the same meaning: a missing day is closed).
    expect(back).toEqual({ ...rules, businessHours: { ...rules.businessHours!, days: { ...rules.businessHours!.days, wed: [], thu: [], fri: [], sat: [], sun: [] } } });
    expect(back.extra).toEqual({ version: 3 });
    expect(back.keywordReplies[0]?.conditions).toEqual({ labels: ['VIP'], firstMessageOnly: true, extra: { note: 'kept' } });
    expect(back.keywordReplies[1]?.reply).toEqual({ quickReplyId: 'q1', extra: { v: 2 } });
  });

  it('label conditions set on the screen are written; all of them unticked, the rule has no label condition', () => {
    const d = fromRules(read(FILE), 'Asia/Seoul');
    const ticked = { ...d, rules: [d.rules[0]!, { ...d.rules[1]!, labels: ['단골', 'B2B'] }] };
    expect(read(toFile(ticked)).keywordReplies[1]?.conditions).toEqual({ labels: ['단골', 'B2B'] });
    const none = { ...d, rules: [{ ...d.rules[0]!, labels: undefined }, d.rules[1]!] };
    expect(read(toFile(none)).keywordReplies[0]?.conditions).toEqual({ firstMessageOnly: true, extra: { note: 'kept' } });
  });

  it('a quick-reply rule stores the quick reply’s current text and shortcut; switched to its own text it answers with that', () => {
    const d = fromRules(read(FILE), 'Asia/Seoul');
    const quick = new Map([['q1', { shortcut: 'price', text: 'From 10,000 won.' }]]);
    expect(read(toFile(d, quick)).keywordReplies[1]?.reply).toEqual({ quickReplyId: 'q1', text: 'From 10,000 won.', shortcut: 'price', extra: { v: 2 } });
    // The quick reply deleted here since: the text stored last time stays, so main can still send it.
    const stored = fromRules(read(toFile(d, quick)), 'Asia/Seoul');
    expect(read(toFile(stored)).keywordReplies[1]?.reply).toEqual({ quickReplyId: 'q1', text: 'From 10,000 won.', shortcut: 'price', extra: { v: 2 } });
    const own = { ...d.rules[1]!, reply: 'Ask us!' };
    delete own.quickReplyId;
    expect(read(toFile({ ...d, rules: [d.rules[0]!, own] })).keywordReplies[1]?.reply).toBe('Ask us!');
  });

  it('order is the place in the list, so moving a rule up makes it answer first', () => {
    const d = fromRules(read(FILE), 'Asia/Seoul');
    const moved = { ...d, rules: [d.rules[1]!, d.rules[0]!] };
    expect(read(toFile(moved)).keywordReplies.map((r) => [r.name, r.order])).toEqual([['Price', 0], ['배송 문의', 1]]);
  });

  it('with no business hours the form starts from a default week in the shop’s zone and writes none until switched on', () => {
    const d = fromRules(read({ keywordReplies: [] }), 'Asia/Taipei');
    expect(d.hours).toMatchObject({ enabled: false, timeZone: 'Asia/Taipei', days: { mon: [['10:00', '19:00']], sun: [] } });
    expect(toFile(d).businessHours).toBeUndefined();
    expect(read(toFile({ ...d, hours: { ...d.hours, enabled: true } })).businessHours?.days.sat).toEqual([['10:00', '19:00']]);
  });

  it('what the form cannot check is left for the parser to name', () => {
    const d = fromRules(read({ keywordReplies: [] }), 'Asia/Seoul');
    const bad = { ...d, greeting: { ...d.greeting, enabled: true, text: '', afterDays: 'soon' }, rules: [{ key: 1, name: 'x', words: ' , ', match: 'contains' as const, reply: 'y', firstMessageOnly: false, enabled: true }] };
    const r = parseAutomation(JSON.stringify(toFile(bad)));
    expect(r.ok ? [] : r.problems.map((p) => [p.path, p.problem])).toEqual([
      ['keywordReplies[0].keywords', 'no_keywords'],
      ['greeting.text', 'no_text'],
      ['greeting.afterDays', 'bad_after_days'],
    ]);
  });

  it('words are split at commas (also Chinese ones) and new lines', () => {
    expect(wordsOf('배송, delivery，物流、 운송\n택배 ,')).toEqual(['배송', 'delivery', '物流', '운송', '택배']);
  });
});

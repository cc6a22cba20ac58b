import { describe, expect, it } from 'vitest';
import { describeProblem, exportAutomation, KEYWORD_RULES_LIMIT, parseAutomation, pathLines, quickReplyTexts, syntaxErrorPlace, type AutomationProblem, type AutomationRules } from './rules';

/** The issue's example, as a staff member would type it. */
const ISSUE_EXAMPLE = `{ "keywordReplies": [ { "name": "배송 문의", "keywords": ["배송", "delivery", "物流"], "match": "contains",
                        "reply": "{name}님, 주문하신 상품은 …" } ],
  "greeting": { "enabled": true, "text": "…", "afterDays": 14 },
  "away": { "enabled": true, "text": "…" },
  "businessHours": { "timeZone": "Asia/Seoul", "days": { "mon": [["10:00", "19:00"]], "sun": [] } } }
`;

describe('parseAutomation: the issue format', () => {
  it('reads the example of the issue, with the defaults filled in', () => {
    const r = parseAutomation(ISSUE_EXAMPLE);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        keywordReplies: [{ name: '배송 문의', keywords: ['배송', 'delivery', '物流'], match: 'contains', reply: '{name}님, 주문하신 상품은 …', enabled: true, order: 0 }],
        greeting: { enabled: true, text: '…', afterDays: 14 },
        away: { enabled: true, text: '…' },
        businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], sun: [] }, holidays: [], closedToday: null },
      },
    });
  });

  it('reads every field: quick reply answers, conditions, enabled, order, holidays, closed today; an empty object is an empty set', () => {
    const file = {
      keywordReplies: [
        { name: 'VIP 주문', keywords: ['주문'], match: 'starts', reply: { quickReplyId: 'qr-7' }, conditions: { labels: ['VIP'], firstMessageOnly: false }, enabled: false, order: 5 },
        { name: 'order', keywords: ['order'], match: 'whole', reply: 'Hi {name}', conditions: { firstMessageOnly: true } },
      ],
      greeting: { enabled: false },
      businessHours: { timeZone: 'America/Los_Angeles', days: { tue: [['09:00', '12:00'], ['13:00', '24:00']] }, holidays: ['2026-12-25'], closedToday: '2026-12-03' },
    };
    const r = parseAutomation(JSON.stringify(file));
    expect(r.ok && r.value).toEqual({
      keywordReplies: [
        { name: 'VIP 주문', keywords: ['주문'], match: 'starts', reply: { quickReplyId: 'qr-7' }, conditions: { labels: ['VIP'], firstMessageOnly: false }, enabled: false, order: 5 },
        { name: 'order', keywords: ['order'], match: 'whole', reply: 'Hi {name}', conditions: { firstMessageOnly: true }, enabled: true, order: 1 },
      ],
      greeting: { enabled: false, text: '', afterDays: 14 },
      businessHours: { timeZone: 'America/Los_Angeles', days: { tue: [['09:00', '12:00'], ['13:00', '24:00']] }, holidays: ['2026-12-25'], closedToday: '2026-12-03' },
    });
    expect(parseAutomation('{}')).toEqual({ ok: true, value: { keywordReplies: [] }, warnings: [] });
    expect(parseAutomation('\uFEFF{"keywordReplies": []}').ok).toBe(true); // a BOM from Notepad
  });
});

/** [why, file text, the problems (line, path, code; column only for syntax errors)] */
const REFUSED: ReadonlyArray<readonly [string, string, AutomationProblem[]]> = [
  ['a trailing comma: where JSON.parse stopped, as line and column', '{\n  "keywordReplies": [],\n}', [{ line: 3, column: 1, path: '', problem: 'not_json' }]],
  ['a file cut short: the end of the text', '{\n  "greeting": {', [{ line: 2, column: 16, path: '', problem: 'not_json' }]],
  ['an empty file', '', [{ line: 1, column: 1, path: '', problem: 'not_json' }]],
  ['a list at the top', '[]', [{ line: 1, path: '', problem: 'not_an_object' }]],
  ['keywordReplies not a list', '{\n"keywordReplies": {}\n}', [{ line: 2, path: 'keywordReplies', problem: 'not_a_list' }]],
  [
    'a rule with a bad match, on the line of the key',
    '{\n  "keywordReplies": [\n    { "name": "a", "keywords": ["x"],\n      "match": "exact",\n      "reply": "hi" }\n  ]\n}',
    [{ line: 4, path: 'keywordReplies[0].match', problem: 'bad_match' }],
  ],
  [
    'every problem of a rule at once, and a missing key on the rule’s line',
    '{ "keywordReplies": [\n { "keywords": [],\n   "reply": "" } ] }',
    [
      { line: 2, path: 'keywordReplies[0].name', problem: 'missing' },
      { line: 2, path: 'keywordReplies[0].keywords', problem: 'no_keywords' },
      { line: 3, path: 'keywordReplies[0].reply', problem: 'bad_reply' },
    ],
  ],
  ['a keyword of only punctuation', '{"keywordReplies":[{"name":"a","keywords":["ok","?!"],"reply":"hi"}]}', [{ line: 1, path: 'keywordReplies[0].keywords[1]', problem: 'bad_keyword' }]],
  [
    'two rules whose names differ only in case, width and spacing',
    '{"keywordReplies":[\n{"name":"Order Status","keywords":["a"],"reply":"x"},\n{"name":"ＯＲＤＥＲ status","keywords":["b"],"reply":"y"}]}',
    [{ line: 3, path: 'keywordReplies[1].name', problem: 'duplicate_name' }],
  ],
  ['a reply object without an id', '{"keywordReplies":[{"name":"a","keywords":["x"],"reply":{"quickReply":"q"}}]}', [{ line: 1, path: 'keywordReplies[0].reply.quickReplyId', problem: 'bad_reply' }]],
  ['a reply longer than WhatsApp allows', JSON.stringify({ keywordReplies: [{ name: 'a', keywords: ['x'], reply: 'x'.repeat(4097) }] }), [{ line: 1, path: 'keywordReplies[0].reply', problem: 'too_long' }]],
  ['labels not a list, firstMessageOnly not a boolean', '{"keywordReplies":[{"name":"a","keywords":["x"],"reply":"r","conditions":{"labels":"VIP","firstMessageOnly":"yes"}}]}', [
    { line: 1, path: 'keywordReplies[0].conditions.labels', problem: 'bad_label' },
    { line: 1, path: 'keywordReplies[0].conditions.firstMessageOnly', problem: 'bad_type' },
  ]],
  ['enabled as text, order as a fraction', '{"keywordReplies":[{"name":"a","keywords":["x"],"reply":"r","enabled":"true","order":1.5}]}', [
    { line: 1, path: 'keywordReplies[0].enabled', problem: 'bad_type' },
    { line: 1, path: 'keywordReplies[0].order', problem: 'bad_order' },
  ]],
  ['a greeting switched on without text', '{"greeting":{"enabled":true,"text":"  "}}', [{ line: 1, path: 'greeting.text', problem: 'no_text' }]],
  ['a greeting without enabled, and 0 days', '{"greeting":{"text":"hi","afterDays":0}}', [
    { line: 1, path: 'greeting.enabled', problem: 'missing' },
    { line: 1, path: 'greeting.afterDays', problem: 'bad_after_days' },
  ]],
  ['an away message with no business hours', '{"away":{"enabled":true,"text":"closed"}}', [{ line: 1, path: 'away.enabled', problem: 'away_without_hours' }]],
  ['a time zone that does not exist', '{"businessHours":{\n"timeZone":"Asia/Busan","days":{}}}', [{ line: 2, path: 'businessHours.timeZone', problem: 'bad_time_zone' }]],
  ['a misspelt day (it would silently close the shop)', '{"businessHours":{"timeZone":"Asia/Seoul","days":{"monday":[["10:00","19:00"]]}}}', [{ line: 1, path: 'businessHours.days.monday', problem: 'unknown_day' }]],
  ['times out of range and a range that ends before it starts', '{"businessHours":{"timeZone":"Asia/Seoul","days":{\n"mon":[["25:00","26:00"]],\n"tue":[["19:00","10:00"]],\n"wed":[["10:00","24:01"]]}}}', [
    { line: 2, path: 'businessHours.days.mon[0][0]', problem: 'bad_time' },
    { line: 3, path: 'businessHours.days.tue[0]', problem: 'bad_range' },
    { line: 4, path: 'businessHours.days.wed[0][1]', problem: 'bad_time' },
  ]],
  ['overlapping openings', '{"businessHours":{"timeZone":"Asia/Seoul","days":{"fri":[["10:00","14:00"],["13:00","19:00"]]}}}', [{ line: 1, path: 'businessHours.days.fri[1]', problem: 'overlapping_ranges' }]],
  ['a holiday that is not a date, and closedToday as true', '{"businessHours":{"timeZone":"Asia/Seoul","days":{},"holidays":["2026-02-30"],"closedToday":true}}', [
    { line: 1, path: 'businessHours.holidays[0]', problem: 'bad_date' },
    { line: 1, path: 'businessHours.closedToday', problem: 'bad_date' },
  ]],
];

describe('parseAutomation refuses a malformed file with the line and reason', () => {
  it.each(REFUSED)('%s', (_why, text, problems) => {
    expect(parseAutomation(text)).toEqual({ ok: false, problems });
  });

  it('says it in words for the CLI', () => {
    expect(describeProblem({ line: 4, path: 'keywordReplies[0].match', problem: 'bad_match' })).toBe('line 4: keywordReplies[0].match must be contains, whole or starts');
    expect(describeProblem({ line: 3, column: 1, path: '', problem: 'not_json' })).toBe('line 3, column 1: the file is not valid JSON here');
  });
});

describe('JSON places', () => {
  it.each([
    ['Node 20: a position', 'Expected double-quoted property name in JSON at position 12', '{\n "a": 1,\n }', { line: 3, column: 2 }],
    ['newer V8: line and column', `Expected ',' or '}' after property value in JSON at position 9 (line 2 column 3)`, '{"a":1\n  x}', { line: 2, column: 3 }],
    ['unexpected end: the end of the text', 'Unexpected end of JSON input', '{\n"a":', { line: 2, column: 5 }],
  ])('%s', (_why, message, text, place) => {
    expect(syntaxErrorPlace(text, message)).toEqual(place);
  });

  it('finds the line of every key and list element, strings with braces and escapes skipped', () => {
    const lines = pathLines('{\n "a": "x{\\"[",\n "b": [\n  1,\n  {"c": 2}\n ]\n}');
    expect(Object.fromEntries(lines)).toEqual({ '': 1, a: 2, b: 3, 'b[0]': 4, 'b[1]': 5, 'b[1].c': 5 });
  });
});

describe('more than 100 keyword rules', () => {
  const rules = (n: number) => JSON.stringify({ keywordReplies: Array.from({ length: n }, (_, i) => ({ name: `r${i}`, keywords: [`k${i}`], reply: 'x' })) });
  it('100 is fine; 101 is read with a warning, not refused', () => {
    expect(parseAutomation(rules(KEYWORD_RULES_LIMIT))).toMatchObject({ ok: true, warnings: [] });
    const r = parseAutomation(rules(KEYWORD_RULES_LIMIT + 1));
    expect(r.ok && r.value.keywordReplies.length).toBe(101);
    expect(r.ok && r.warnings).toEqual([{ path: 'keywordReplies', warning: 'too_many_rules', count: 101, limit: 100 }]);
  });
});

describe('exportAutomation', () => {
  it('writes back fields it does not know, on every level, and a re-import reads the same rules', () => {
    const file = {
      format: 'shopcast-automation',
      author: { shop: '소담 꽃집' },
      keywordReplies: [
        { name: '배송', keywords: ['배송'], reply: { quickReplyId: 'qr-1', note: 'the tracking one' }, conditions: { labels: ['VIP'], minSpend: 100 }, colour: 'blue' },
      ],
      greeting: { enabled: true, text: '안녕하세요', afterDays: 30, emoji: true },
      away: { enabled: false, text: '', later: 1 },
      businessHours: { timeZone: 'Asia/Seoul', days: { sun: [], mon: [['10:00', '19:00']] }, lunch: ['12:00', '13:00'] },
    };
    const first = parseAutomation(JSON.stringify(file));
    if (!first.ok) throw new Error('refused');
    const exported = exportAutomation(first.value);
    expect(JSON.parse(exported)).toEqual({
      keywordReplies: [
        { name: '배송', keywords: ['배송'], match: 'contains', reply: { quickReplyId: 'qr-1', note: 'the tracking one' }, conditions: { labels: ['VIP'], minSpend: 100 }, enabled: true, order: 0, colour: 'blue' },
      ],
      greeting: { enabled: true, text: '안녕하세요', afterDays: 30, emoji: true },
      away: { enabled: false, text: '', later: 1 },
      businessHours: { timeZone: 'Asia/Seoul', days: { mon: [['10:00', '19:00']], sun: [] }, holidays: [], closedToday: null, lunch: ['12:00', '13:00'] },
      format: 'shopcast-automation',
      author: { shop: '소담 꽃집' },
    });
    const again = parseAutomation(exported);
    expect(again.ok && again.value).toEqual(first.value);
    expect(again.ok && exportAutomation(again.value)).toBe(exported);
    expect(exported.endsWith('}\n')).toBe(true);
  });

  it('leaves out sections the file did not have', () => {
    const empty: AutomationRules = { keywordReplies: [] };
    expect(exportAutomation(empty)).toBe('{\n  "keywordReplies": []\n}\n');
  });
});

describe('a quick-reply answer carries its text for main (issue 15 point 4)', () => {
  it('keeps the text and shortcut the screen stored, and writes them back; quickReplyTexts maps id → text', () => {
    const file = { keywordReplies: [
      { name: 'a', keywords: ['price'], reply: { quickReplyId: 'q1', shortcut: 'price', text: 'From 10,000 won.', seen: 1 } },
      { name: 'b', keywords: ['old'], reply: { quickReplyId: 'q2' } },
    ] };
    const r = parseAutomation(JSON.stringify(file));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.keywordReplies[0]?.reply).toEqual({ quickReplyId: 'q1', text: 'From 10,000 won.', shortcut: 'price', extra: { seen: 1 } });
    expect(JSON.parse(exportAutomation(r.value)).keywordReplies[0].reply).toEqual({ quickReplyId: 'q1', text: 'From 10,000 won.', shortcut: 'price', seen: 1 });
    expect([...quickReplyTexts(r.value)]).toEqual([['q1', 'From 10,000 won.']]);
  });

  it.each([
    ['an empty text', { quickReplyId: 'q', text: ' ' }, 'keywordReplies[0].reply.text', 'bad_reply'],
    ['a text as a number', { quickReplyId: 'q', text: 5 }, 'keywordReplies[0].reply.text', 'bad_reply'],
    ['a text too long', { quickReplyId: 'q', text: 'x'.repeat(4097) }, 'keywordReplies[0].reply.text', 'too_long'],
    ['a shortcut that is not text', { quickReplyId: 'q', shortcut: ['p'] }, 'keywordReplies[0].reply.shortcut', 'bad_type'],
  ])('refuses %s', (_why, reply, path, problem) => {
    const r = parseAutomation(JSON.stringify({ keywordReplies: [{ name: 'a', keywords: ['x'], reply }] }));
    expect(r.ok ? [] : r.problems.map((x) => [x.path, x.problem])).toEqual([[path, problem]]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CampaignContact, RenderContext } from '../campaign/render';
import { exportQuickReplies, fillQuickReply, filterQuickReplies, guessLanguage, parseQuickRepliesJson, quickReplyWarnings, slashQuery, STARTER_QUICK_REPLIES, type QuickReply } from './quickReplies';

const withIds = (list: ReadonlyArray<Omit<QuickReply, 'id'>>): QuickReply[] => list.map((q, i) => ({ ...q, id: `q${i}` }));
const starter = withIds(STARTER_QUICK_REPLIES);
const ctx: RenderContext = { shopName: '꽃집', labelNames: new Map() };
const contact = (name: string): CampaignContact => ({ id: 1, name, phone: '+821012345678', labelIds: [], optInStatus: 'opted_in', optInSource: '', optInAt: null, notes: '', lastInteractionAt: null, fields: { size: 'M' } });

describe('the starter set', () => {
  it('has the five common cases in each of the three languages, within the limit', () => {
    for (const language of ['ko', 'en', 'zh-Hant'] as const) {
      expect(starter.filter((q) => q.language === language).map((q) => q.shortcut)).toEqual(['order', 'return', 'hours', 'price', 'stock']);
    }
    expect(quickReplyWarnings(starter)).toEqual({ overLimit: false, duplicates: [] });
  });
});

describe('filterQuickReplies', () => {
  it('puts shortcuts that start with the query first, the customer’s language before others, then texts that contain it', () => {
    expect(filterQuickReplies(starter, 'ord', 'ko').map((q) => `${q.language}:${q.shortcut}`)).toEqual(['ko:order', 'en:order', 'zh-Hant:order', 'en:return']);
  });
  it('finds a quick reply by its text when no shortcut matches', () => {
    expect(filterQuickReplies(starter, '재고').map((q) => q.shortcut)).toEqual(['stock']);
  });
  it('ignores case and width', () => {
    expect(filterQuickReplies(starter, 'ＳＴＯ', 'en')[0]).toMatchObject({ shortcut: 'stock', language: 'en' });
  });
  it('lists all for an empty query', () => {
    expect(filterQuickReplies(starter, '')).toHaveLength(starter.length);
  });
});

describe('fillQuickReply', () => {
  it('fills the customer’s name and the shop', () => {
    expect(fillQuickReply({ text: '{name}님, {shop}이에요', language: 'ko' }, contact('김민지'), ctx).text).toBe('김민지님, 꽃집이에요');
  });
  it('falls back to the language’s word for a nameless or unknown customer', () => {
    expect(fillQuickReply({ text: '{name}님', language: 'ko' }, contact(''), ctx).text).toBe('고객님');
    expect(fillQuickReply({ text: 'Hi {name}', language: 'en' }, undefined, ctx).text).toBe('Hi customer');
  });
  it('fills a contact’s own field and leaves an unknown one for the person to see', () => {
    expect(fillQuickReply({ text: '{size} / {colour}', language: 'en' }, contact('A'), ctx)).toEqual({ text: 'M / {colour}', missing: ['colour'] });
  });
});

describe('slashQuery', () => {
  it.each([
    ['/or', 3, { query: 'or', start: 0, end: 3 }],
    ['hello /st', 9, { query: 'st', start: 6, end: 9 }],
    ['/', 1, { query: '', start: 0, end: 1 }],
    ['a/b', 3, undefined],
    ['/order now', 10, undefined],
  ])('%j at %d', (text, caret, expected) => {
    expect(slashQuery(text, caret)).toEqual(expected);
  });
});

describe('guessLanguage', () => {
  it.each([
    ['결제가 안 돼요', 'ko'],
    ['沒收到', 'zh-Hant'],
    ['where is it', 'en'],
    ['👍', undefined],
  ])('%s → %s', (text, language) => {
    expect(guessLanguage(text)).toBe(language);
  });
});

describe('import and export', () => {
  it('reads back what it exported', () => {
    const r = parseQuickRepliesJson(exportQuickReplies(starter));
    expect(r).toEqual({ ok: true, value: STARTER_QUICK_REPLIES.map((q) => ({ shortcut: q.shortcut, text: q.text, language: q.language })) });
  });

  it('reads a bare list and drops a leading slash from shortcuts', () => {
    expect(parseQuickRepliesJson('[{"shortcut":"/hi","text":"Hello","language":"en"}]')).toEqual({ ok: true, value: [{ shortcut: 'hi', text: 'Hello', language: 'en' }] });
  });

  it('reports each bad field with the line of its quick reply', () => {
    const file = ['{', '  "quickReplies": [', '    { "shortcut": "ok", "text": "Fine", "language": "en" },', '    {', '      "shortcut": "has space",', '      "text": "",', '      "language": "fr"', '    }', '  ]', '}'].join('\n');
    const r = parseQuickRepliesJson(file);
    expect(r).toEqual({
      ok: false,
      problems: [
        { line: 4, index: 1, field: 'shortcut', problem: 'bad_shortcut' },
        { line: 4, index: 1, field: 'text', problem: 'bad_text' },
        { line: 4, index: 1, field: 'language', problem: 'bad_language' },
      ],
    });
  });

  it('reports the line where the JSON breaks', () => {
    const r = parseQuickRepliesJson('[\n  {"shortcut": "a",\n  "text": }\n]');
    expect(r).toEqual({ ok: false, problems: [{ line: 3, problem: 'not_json' }] });
  });

  it('refuses a shortcut twice in one language', () => {
    const r = parseQuickRepliesJson('[{"shortcut":"a","text":"1","language":"en"},\n{"shortcut":"A","text":"2","language":"en"}]');
    expect(r).toEqual({ ok: false, problems: [{ line: 2, index: 1, field: 'shortcut', problem: 'duplicate' }] });
  });

  it('warns past 50 quick replies', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ id: String(i), shortcut: `s${i}`, text: 't', language: 'en' as const }));
    expect(quickReplyWarnings(many).overLimit).toBe(true);
    expect(quickReplyWarnings(many.slice(0, 50)).overLimit).toBe(false);
  });
});

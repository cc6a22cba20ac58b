import { describe, expect, it } from 'vitest';
import { parseContactDraft } from './contact';

const NOW = Date.UTC(2026, 10, 24);

describe('parseContactDraft', () => {
  it('normalises the phone to E.164 and trims the name', () => {
    const r = parseContactDraft({ name: '  김민지 ', phone: '010-1234-5678' }, 'KR', NOW);
    expect(r).toEqual({
      ok: true,
      value: {
        name: '김민지',
        phone: '+821012345678',
        labelIds: [],
        optInStatus: 'unknown',
        optInSource: '',
        optInAt: null,
        notes: '',
        lastInteractionAt: null,
      },
    });
  });

  it('reports every problem at once', () => {
    const r = parseContactDraft({ name: 'x'.repeat(101), phone: '12', optInStatus: 'maybe', labelIds: [1, -2] }, 'KR', NOW);
    expect(r.ok ? [] : r.errors.map((e) => `${e.field}:${e.reason}`).sort()).toEqual([
      'labelIds:bad_value',
      'name:too_long',
      'optInStatus:bad_value',
      'phone:too_short',
    ]);
  });

  it.each([
    [{ name: 'a' }, 'phone:required'],
    [{ phone: '' }, 'phone:required'],
    [{ phone: 1012345678 }, 'phone:bad_value'],
    [{ phone: '8.21012E+11' }, 'phone:excel_scientific'],
    [{ phone: '01012345678', lastInteractionAt: NOW + 3 * 86_400_000 }, 'lastInteractionAt:in_future'],
    [{ phone: '01012345678', optInAt: 'yesterday' }, 'optInAt:bad_value'],
    [{ phone: '01012345678', notes: 5 }, 'notes:bad_value'],
  ])('rejects %j with %s', (input, expected) => {
    const r = parseContactDraft(input, 'KR', NOW);
    expect(r.ok ? 'ok' : r.errors.map((e) => `${e.field}:${e.reason}`).join(',')).toBe(expected);
  });

  it('drops repeated label ids', () => {
    const r = parseContactDraft({ phone: '01012345678', labelIds: [3, 3, 4] }, 'KR', NOW);
    expect(r.ok && r.value.labelIds).toEqual([3, 4]);
  });

  it('refuses something that is not an object', () => {
    expect(parseContactDraft('010', 'KR', NOW).ok).toBe(false);
  });
});

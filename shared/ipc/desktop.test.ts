import { describe, expect, it } from 'vitest';
import { parseBadge, parseDesktopNotice } from './desktop';

describe('parseDesktopNotice', () => {
  it.each([
    [{ title: '김민지', body: '결제가 안 돼요' }, { title: '김민지', body: '결제가 안 돼요' }],
    [{ title: 'x', body: '' }, { title: 'x', body: '' }],
  ])('accepts %j', (input, value) => expect(parseDesktopNotice(input)).toEqual({ ok: true, value }));
  it.each([
    [{ title: '', body: 'b' }, 'title'],
    [{ title: ' ', body: 'b' }, 'title'],
    [{ title: 'x'.repeat(121), body: 'b' }, 'title'],
    [{ title: 't', body: 'b'.repeat(301) }, 'body'],
    [{ title: 't' }, 'body'],
    [{ title: 't', body: 'b', icon: 'file:///etc/passwd' }, 'icon'],
  ])('refuses %j, naming %s', (input, field) => expect(parseDesktopNotice(input)).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field } } }));
  it('refuses what is not an object', () => expect(parseDesktopNotice('hi')).toMatchObject({ ok: false }));
});

describe('parseBadge', () => {
  it.each([0, 1, 999])('accepts %s', (count) => expect(parseBadge({ count })).toEqual({ ok: true, value: { count } }));
  it.each([-1, 1.5, '3', null, 1_000_001])('refuses %j', (count) => expect(parseBadge({ count })).toMatchObject({ ok: false, error: { details: { field: 'count' } } }));
});

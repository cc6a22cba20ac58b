import { describe, expect, it } from 'vitest';
import { insertAtCaret } from './caret';

describe('insertAtCaret', () => {
  it('inserts at the caret and puts the caret after the token', () => {
    expect(insertAtCaret('AAA ', 4, 4, '{name}')).toEqual({ text: 'AAA {name}', caret: 10 });
    expect(insertAtCaret('Hi , welcome', 3, 3, '{name}')).toEqual({ text: 'Hi {name}, welcome', caret: 9 });
    expect(insertAtCaret('', 0, 0, '{shop}')).toEqual({ text: '{shop}', caret: 6 });
  });

  it('replaces a selection, whichever way it was made', () => {
    expect(insertAtCaret('Hi NAME!', 3, 7, '{name}')).toEqual({ text: 'Hi {name}!', caret: 9 });
    expect(insertAtCaret('Hi NAME!', 7, 3, '{name}')).toEqual({ text: 'Hi {name}!', caret: 9 });
  });

  it('clamps offsets outside the text instead of losing anything', () => {
    expect(insertAtCaret('abc', 10, 12, 'X')).toEqual({ text: 'abcX', caret: 4 });
    expect(insertAtCaret('abc', -3, 1, 'X')).toEqual({ text: 'Xbc', caret: 1 });
    expect(insertAtCaret('abc', Number.NaN, Number.NaN, 'X')).toEqual({ text: 'abcX', caret: 4 });
  });

  it('Korean and emoji text keep every character around the caret', () => {
    const text = '안녕하세요 😀 님';
    const at = text.indexOf(' 님');
    expect(insertAtCaret(text, at, at, '{name}').text).toBe('안녕하세요 😀{name} 님');
  });

  it('does nothing past the length limit', () => {
    expect(insertAtCaret('abcd', 2, 2, '{name}', 8)).toEqual({ text: 'abcd', caret: 2 });
    expect(insertAtCaret('abcd', 2, 2, '{x}', 8)).toEqual({ text: 'ab{x}cd', caret: 5 });
  });
});

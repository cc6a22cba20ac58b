import { describe, expect, it } from 'vitest';
import { BROADCAST_LIST_MAX, broadcastExport, foldLine, vcardEscape, waMeUrl } from './assisted';

describe('waMeUrl', () => {
  it.each([
    ['+821012345678', 'Hi 민지!', 'https://wa.me/821012345678?text=Hi%20%EB%AF%BC%EC%A7%80!'],
    ['+886912345678', 'A&B #1 + 50% off?', 'https://wa.me/886912345678?text=A%26B%20%231%20%2B%2050%25%20off%3F'],
    ['+14155550123', 'line1\nline2', 'https://wa.me/14155550123?text=line1%0Aline2'],
  ])('%s + %j → %s', (phone, text, url) => {
    expect(waMeUrl(phone, text)).toBe(url);
  });

  it.each([
    ['010-1234-5678', 'Hi'],
    ['+0101234', 'Hi'],
    ['+821012345678', '   '],
    ['+821012345678', 'x'.repeat(4_097)],
  ])('refuses %j / a bad text', (phone, text) => {
    expect(() => waMeUrl(phone, text)).toThrow();
  });
});

describe('vCard text', () => {
  it.each([
    ['Kim, Minji', 'Kim\\, Minji'],
    ['a;b', 'a\\;b'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes %j', (raw, escaped) => {
    expect(vcardEscape(raw)).toBe(escaped);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `FN:${'김'.repeat(40)}`; // 3 + 120 octets
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});

describe('broadcastExport', () => {
  const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Customer ${i}`, phone: `+8210${String(30_000_000 + i)}` }));

  it.each([
    [0, []],
    [1, [1]],
    [256, [256]],
    [257, [256, 1]],
    [600, [256, 256, 88]],
  ])('%i contacts → parts of %j', (n, sizes) => {
    const parts = broadcastExport(contacts(n));
    expect(parts.map((p) => p.count)).toEqual(sizes);
    expect(parts.every((p) => p.parts === sizes.length)).toBe(true);
    for (const p of parts) {
      expect(p.vcf.match(/BEGIN:VCARD/g)?.length ?? 0).toBe(p.count);
      expect(p.csv.trimEnd().split('\r\n')).toHaveLength(p.count + 1);
    }
  });

  it('writes vCard 3.0 with the number and an escaped name, and a CSV safe to open in Excel', () => {
    const [part] = broadcastExport([{ name: '=HYPERLINK("x"), Kim', phone: '+821012345678' }]);
    expect(part!.vcf).toBe(['BEGIN:VCARD', 'VERSION:3.0', 'FN:=HYPERLINK("x")\\, Kim', 'N:=HYPERLINK("x")\\, Kim;;;;', 'TEL;TYPE=CELL:+821012345678', 'END:VCARD', ''].join('\r\n'));
    expect(part!.csv).toBe('\ufeffname,phone\r\n"\'=HYPERLINK(""x""), Kim",+821012345678\r\n');
  });

  it('leaves out numbers that are not E.164 and repeated numbers', () => {
    const parts = broadcastExport([{ name: 'a', phone: '+821012345678' }, { name: 'b', phone: '01012345678' }, { name: 'c', phone: '+821012345678' }]);
    expect(parts[0]!.count).toBe(1);
  });

  it('refuses a part size over the broadcast-list limit', () => {
    expect(() => broadcastExport(contacts(3), BROADCAST_LIST_MAX + 1)).toThrow();
  });
});

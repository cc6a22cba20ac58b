import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixture, iconvDecode } from '../../test/fixtures/import/read';
import { decodeText, isValidUtf8, rankLegacy, repairMojibake } from './decode';
import type { EncodingName } from './types';

const encode = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

describe('isValidUtf8', () => {
  it.each([
    [[0x41, 0x42], true],
    [[0xec, 0x9d, 0xb4], true], // 이
    [[0xf0, 0x9f, 0x98, 0x80], true], // an emoji
    [[0xc0, 0xaf], false], // overlong "/"
    [[0xed, 0xa0, 0x80], false], // a surrogate
    [[0xec, 0x9d], false], // cut short at the end
    [[0xb1, 0xe8], false], // 김 in CP949
    [[0xf5, 0x80, 0x80, 0x80], false], // above U+10FFFF
  ])('%j is valid UTF-8: %s', (b, valid) => {
    expect(isValidUtf8(Uint8Array.from(b))).toBe(valid);
  });
});

describe('decodeText: picks the encoding Excel saved in', () => {
  it.each<[string, EncodingName, string]>([
    ['utf8.csv', 'utf-8', '똠양꿍'],
    ['utf8-bom.csv', 'utf-8', '이름'],
    ['utf16le.txt', 'utf-16le', '똠양꿍'],
    ['utf16be.csv', 'utf-16be', '똠양꿍'],
    ['cp949.csv', 'cp949', '똠양꿍'],
    ['big5.csv', 'big5', '陳美玲'],
    ['gb18030.csv', 'gb18030', '王伟'],
    ['shift_jis.csv', 'shift_jis', '佐藤太郎'],
    ['windows-1252.csv', 'windows-1252', 'Café Müller'],
  ])('decodes %s as %s', (name, encoding, sample) => {
    const decoded = decodeText(fixture(name), iconvDecode);
    expect(decoded.choice.encoding).toBe(encoding);
    expect(decoded.text).toContain(sample);
    expect(decoded.replacements).toBe(0);
  });

  it('drops the BOM so the first header is not "\\uFEFF이름"', () => {
    expect(decodeText(fixture('utf8-bom.csv'), iconvDecode).text.startsWith('이름')).toBe(true);
  });

  it('tells Korean from Chinese on a single short name', () => {
    expect(decodeText(encode('이름,전화\n홍길동,010-1111-2222\n', 'cp949'), iconvDecode).choice.encoding).toBe('cp949');
    expect(decodeText(encode('姓名,電話\n陳美玲,0912345678\n', 'big5'), iconvDecode).choice.encoding).toBe('big5');
  });

  it('uses the person’s choice over the detection and says so', () => {
    const decoded = decodeText(fixture('cp949.csv'), iconvDecode, 'big5');
    expect(decoded.choice).toMatchObject({ encoding: 'big5', source: 'override' });
  });

  it('counts the characters a wrong choice could not decode instead of hiding them', () => {
    expect(decodeText(fixture('cp949.csv'), iconvDecode, 'utf-8').replacements).toBeGreaterThan(0);
  });

  it('offers the runner-up with its score when it had to guess', () => {
    const decoded = decodeText(fixture('cp949.csv'), iconvDecode);
    expect(decoded.choice.source).toBe('detected');
    expect(decoded.choice.candidates.map((c) => c.encoding)).toEqual(expect.arrayContaining(['cp949', 'big5', 'gb18030', 'shift_jis', 'windows-1252']));
    expect(decoded.choice.candidates[0]!.score).toBeGreaterThan(decoded.choice.candidates[1]!.score);
  });

  it('ranks CP949 first for the CP949-only syllable 똠 (bytes 8C 63)', () => {
    expect(rankLegacy(Uint8Array.from([0x8c, 0x63, 0xbe, 0xe7, 0xb2, 0xdc]), iconvDecode)[0]?.encoding).toBe('cp949');
  });
});

describe('repairMojibake: UTF-8 that was read as windows-1252', () => {
  it.each([
    ['ì\u009d´ë¦„', '이름'],
    ['í™\u008dê¸¸ë\u008f™', '홍길동'],
    ['CafÃ©', 'Café'],
  ])('repairs %j to %s', (mangled, repaired) => {
    expect(repairMojibake(mangled)).toEqual({ text: repaired, repairs: 1 });
  });

  it.each(['Café Müller', 'Zoë Brontë', 'Ñandú', '홍길동', 'plain'])('leaves real text alone: %s', (text) => {
    expect(repairMojibake(text)).toEqual({ text, repairs: 0 });
  });

  // Latin-1 turns bytes 0x80–0x9F into C1 controls where windows-1252 has „ € ™ and the like.
  it.each([
    ['ì\u009d´ë¦\u0084', '이름'],
    ['í\u0099\u008dê¸¸ë\u008f\u0099', '홍길동'],
    ['é\u0099³ç¾\u008eç\u008e²', '陳美玲'],
    ['â\u0082¬10', '€10'],
    ['ì\u009d´ë¦„ and ë¦\u0084', '이름 and 름'], // both kinds of damage in one line
  ])('repairs Latin-1 mojibake %j to %s', (mangled, repaired) => {
    expect(repairMojibake(mangled).text).toBe(repaired);
  });

  it('leaves a lone C1 control that is not part of a UTF-8 sequence alone', () => {
    expect(repairMojibake('a\u0084b')).toEqual({ text: 'a\u0084b', repairs: 0 });
  });

  it('repairs a whole file mangled through Latin-1 and reports it', () => {
    const decoded = decodeText(fixture('mojibake-latin1.csv'), iconvDecode);
    expect(decoded.text).toBe('이름,전화번호,메모\r\n홍길동,010-1111-2222,단골 €10 쿠폰\r\n陳美玲,010-3333-4444,\r\n');
    expect(decoded.repairs).toBeGreaterThan(0);
  });

  it('repairs a whole mangled file and reports it', () => {
    const decoded = decodeText(fixture('mojibake.csv'), iconvDecode);
    expect(decoded.text).toContain('이름,전화번호');
    expect(decoded.text).toContain('홍길동');
    expect(decoded.repairs).toBeGreaterThan(0);
  });
});

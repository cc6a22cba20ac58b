import { describe, expect, it } from 'vitest';
import { fixture, iconvDecode } from '../../test/fixtures/import/read';
import { joinName, looksLikeVcard, parseVcard } from './vcard';

const text = (name: string) => new TextDecoder().decode(fixture(name));

describe('parseVcard', () => {
  it('reads an iPhone vCard 3.0: grouped TEL, several TELs, categories', () => {
    const [first] = parseVcard(text('iphone.vcf'), iconvDecode, 100).records;
    expect(first).toEqual({ row: 1, name: '홍길동', phones: ['010-1111-2222', '02-312-3456'], labels: ['VIP', '단골'], optIn: undefined });
  });

  it('unfolds a folded line', () => {
    expect(parseVcard(text('iphone.vcf'), iconvDecode, 100).records[1]?.name).toBe('Anna Smith with a name long enough that the iPhone folds the line');
  });

  it('keeps a card without a phone so the report can say why it was left out', () => {
    expect(parseVcard(text('iphone.vcf'), iconvDecode, 100).records[2]).toMatchObject({ name: 'No Phone', phones: [] });
  });

  it('decodes quoted-printable names with soft line breaks from old Android exports', () => {
    const [card] = parseVcard(text('android-qp.vcf'), iconvDecode, 100).records;
    expect(card).toMatchObject({ name: '홍길동', phones: ['010-1111-2222', '02-312-3456'] });
  });

  it('builds the name from N when there is no FN', () => {
    const vcf = 'BEGIN:VCARD\nVERSION:3.0\nN:Smith;Anna;;;\nTEL:+14155550132\nEND:VCARD\n';
    expect(parseVcard(vcf, iconvDecode, 10).records[0]?.name).toBe('Anna Smith');
  });

  it('unescapes commas and semicolons in values', () => {
    const vcf = 'BEGIN:VCARD\nFN:Kim\\, Lee \\; Co\nTEL;VALUE=uri:tel:+821011112222\nEND:VCARD\n';
    expect(parseVcard(vcf, iconvDecode, 10).records[0]).toMatchObject({ name: 'Kim, Lee ; Co', phones: ['+821011112222'] });
  });

  it('stops at the card cap and says so', () => {
    const card = 'BEGIN:VCARD\nFN:A\nTEL:010-1111-2222\nEND:VCARD\n';
    const parsed = parseVcard(card.repeat(3), iconvDecode, 2);
    expect(parsed.records).toHaveLength(2);
    expect(parsed.capped).toBe(true);
  });

  it.each([
    ['BEGIN:VCARD\r\n', true],
    ['  begin:vcard\n', true],
    ['name,phone\n', false],
  ])('looksLikeVcard(%j) is %s', (t, expected) => {
    expect(looksLikeVcard(t)).toBe(expected);
  });
});

describe('joinName', () => {
  it.each([
    ['길동', '홍', '', '홍길동'],
    ['美玲', '陳', '', '陳美玲'],
    ['Anna', 'Smith', '', 'Anna Smith'],
    ['Anna', 'Smith', 'Marie', 'Anna Marie Smith'],
    ['', 'Smith', '', 'Smith'],
  ])('given %j family %j middle %j → %j', (given, family, middle, name) => {
    expect(joinName(given, family, middle)).toBe(name);
  });
});

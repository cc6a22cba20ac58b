import { describe, expect, it } from 'vitest';
import { fixture, iconvDecode } from '../../test/fixtures/import/read';
import { joinName, looksLikeVcard, parseVcard } from './vcard';

const text = (name: string) => new TextDecoder().decode(fixture(name));

describe('parseVcard', () => {
  it('reads an iPhone vCard 3.0: grouped TEL, several TELs, categories', () => {
    const [first] = parseVcard(text('iphone.vcf'), iconvDecode, 100).records;
    expect(first).toEqual({ row: 1, name: '홍길동', phones: ['010-1111-2222', '02-312-3456'], phoneLabels: ['Mobile', 'Home'], labels: ['VIP', '단골'], optIn: undefined, memo: '' });
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

describe('parseVcard: which number of a card comes first', () => {
  const cards = () => parseVcard(text('landline-first.vcf'), iconvDecode, 100).records;

  it.each([
    ['TYPE=CELL after a home line', 0, ['+1 415 555 0132', '+1 415 555 0100'], ['Cell', 'Home']],
    ['an item labelled Mobile after one labelled Home', 1, ['+1 415 555 0133', '+1 415 555 0101'], ['Mobile', 'Home']],
    ['vCard 4 PREF=1 after a work line', 2, ['+1-415-555-0134', '+1-415-555-0102'], ['', 'Work']],
    ['vCard 2.1 bare PREF after a work line, fax last', 3, ['+1 415 555 0135', '+1 415 555 0103', '+1 415 555 0104'], ['', 'Work', 'Fax']],
    ['an item labelled 휴대폰 after one labelled 자택', 4, ['010-2222-3333', '02-312-3456'], ['휴대폰', '자택']],
  ])('%s', (_, card, phones, labels) => {
    expect(cards()[card]).toMatchObject({ phones, phoneLabels: labels });
  });

  it('reads NOTE as the contact’s notes, with its line breaks', () => {
    expect(cards()[1]?.memo).toBe('Prefers texts\nAsk for Ben');
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

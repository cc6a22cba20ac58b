import { describe, expect, it } from 'vitest';
import { detectMapping, parseNightConsent, parseOptIn, phonePriority, roleOfHeader, splitLabels, splitPhones, toRecords } from './mapping';

describe('roleOfHeader', () => {
  it.each([
    ['이름', 'name'], ['성명', 'name'], ['고객명', 'name'], ['Name', 'name'], ['姓名', 'name'], ['氏名', 'name'], ['Full Name', 'name'],
    ['전화번호', 'phone'], ['휴대폰', 'phone'], ['핸드폰 번호', 'phone'], ['연락처', 'phone'], ['電話', 'phone'], ['手機', 'phone'],
    ['手机号码', 'phone'], ['携帯電話', 'phone'], ['Phone', 'phone'], ['Mobile', 'phone'], ['Mobile Phone', 'phone'],
    ['Phone 1 - Value', 'phone'], ['Phone 12 - Value', 'phone'], ['Phone 1 - Type', 'ignore'], ['Phone 1 - Label', 'ignore'],
    ['태그', 'labels'], ['라벨', 'labels'], ['그룹', 'labels'], ['標籤', 'labels'], ['Labels', 'labels'], ['Tags', 'labels'],
    ['Group Membership', 'labels'], ['Categories', 'labels'],
    ['First Name', 'given'], ['Given Name', 'given'], ['Last Name', 'family'], ['Family Name', 'family'],
    ['수신동의', 'optIn'], ['Opt-in', 'optIn'],
    ['Ｐｈｏｎｅ', 'phone'], // full-width header from a Japanese IME
    // The contact's notes (Google Contacts and Outlook both export "Notes").
    ['메모', 'notes'], ['비고', 'notes'], ['특이사항', 'notes'], ['Memo', 'notes'], ['Notes', 'notes'], ['Note', 'notes'],
    ['Comments', 'notes'], ['Remarks', 'notes'], ['備註', 'notes'], ['备注', 'notes'], ['メモ', 'notes'], ['備考', 'notes'],
    ['Favourite colour', undefined],
  ])('%j is %s', (header, role) => {
    expect(roleOfHeader(header)).toBe(role);
  });
});

describe('toRecords: notes and the names of phone columns', () => {
  it('reads a 메모 column as the contact’s notes', () => {
    const rows = [['이름', '전화번호', '메모'], ['김민지', '010-1111-2222', '매주 화요일 방문']];
    expect(detectMapping(rows).roles).toEqual(['name', 'phone', 'notes']);
    expect(toRecords(rows, detectMapping(rows))[0]).toMatchObject({ memo: '매주 화요일 방문' });
  });

  it('keeps several notes columns apart under their headers', () => {
    const rows = [['Name', 'Phone', 'Notes', 'Comments'], ['Anna', '010-1111-2222', 'VIP since 2020', 'likes tea']];
    expect(toRecords(rows, detectMapping(rows))[0]?.memo).toBe('Notes: VIP since 2020\nComments: likes tea');
  });

  it('names each phone by its column, and Google’s by its label cell', () => {
    const outlook = [['Name', 'Mobile Phone', 'Home Phone'], ['Anna', '010-1111-2222', '02-312-3456']];
    expect(toRecords(outlook, detectMapping(outlook))[0]).toMatchObject({ phones: ['010-1111-2222', '02-312-3456'], phoneLabels: ['Mobile Phone', 'Home Phone'] });
    const google = [['Name', 'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value'], ['Anna', 'Mobile', '010-1111-2222', 'Home', '02-312-3456']];
    expect(toRecords(google, detectMapping(google))[0]?.phoneLabels).toEqual(['Mobile', 'Home']);
  });

  it('imports a notes column the person picked by hand', () => {
    const rows = [['이름', '전화번호', '기타'], ['김민지', '010-1111-2222', '주차 필요']];
    expect(toRecords(rows, { ...detectMapping(rows), roles: ['name', 'phone', 'notes'], source: 'override' })[0]?.memo).toBe('주차 필요');
  });
});

describe('phonePriority', () => {
  it('tries a mobile column before a generic one before business and home', () => {
    expect(phonePriority('Mobile Phone')).toBeLessThan(phonePriority('Phone'));
    expect(phonePriority('Phone')).toBeLessThan(phonePriority('Business Phone'));
    expect(phonePriority('휴대폰')).toBeLessThan(phonePriority('Home Phone'));
  });
});

describe('detectMapping', () => {
  it('maps a Korean header row', () => {
    expect(detectMapping([['이름', '전화번호', '태그'], ['김', '010-1111-2222', 'VIP']])).toEqual({
      headerRow: 0, roles: ['name', 'phone', 'labels'], source: 'header', format: 'generic',
    });
  });

  it('finds a header below a title line', () => {
    expect(detectMapping([['고객 명단 2025'], ['이름', '휴대폰'], ['김', '010-1111-2222']]).headerRow).toBe(1);
  });

  it('recognises a Google Contacts export', () => {
    expect(detectMapping([['First Name', 'Last Name', 'Labels', 'Phone 1 - Label', 'Phone 1 - Value']]).format).toBe('google');
  });

  it('recognises an Outlook export', () => {
    expect(detectMapping([['First Name', 'Last Name', 'Business Phone', 'Mobile Phone', 'Categories']]).format).toBe('outlook');
  });

  it('maps by content when no row is a header', () => {
    expect(detectMapping([['홍길동', '010-1111-2222', 'x'], ['김영수', '+82 10 3333 4444', 'y']])).toMatchObject({
      headerRow: undefined, roles: ['name', 'phone', 'ignore'], source: 'content',
    });
  });

  it('does not take a data row with a phone in it for a header', () => {
    expect(detectMapping([['Phone', '010-1111-2222']]).headerRow).toBeUndefined();
  });
});

describe('splitPhones', () => {
  it.each([
    ['010-1111-2222 ::: 010-3333-4444', ['010-1111-2222', '010-3333-4444']],
    ['010-1111-2222; 010-3333-4444', ['010-1111-2222', '010-3333-4444']],
    ['010-1111-2222, 010-3333-4444', ['010-1111-2222', '010-3333-4444']],
    ['010-1111-2222 / 02-312-3456', ['010-1111-2222', '02-312-3456']],
    ['8,21012E+11', ['8,21012E+11']],
    ['', []],
  ])('%j → %j', (cell, phones) => {
    expect(splitPhones(cell)).toEqual(phones);
  });
});

describe('splitLabels', () => {
  it.each([
    ['* myContacts ::: VIP ::: Friends', ['VIP', 'Friends']],
    ['* My Contacts ::: 단골', ['단골']],
    ['Customers;VIP', ['Customers', 'VIP']],
    ['VIP, 단골', ['VIP', '단골']],
    ['會員、熟客', ['會員', '熟客']],
    ['System Group: My Contacts', []],
  ])('%j → %j', (cell, labels) => {
    expect(splitLabels(cell)).toEqual(labels);
  });
});

describe('parseOptIn', () => {
  it.each([
    ['yes', 'opted_in'], ['Y', 'opted_in'], ['동의', 'opted_in'], ['同意', 'opted_in'], ['TRUE', 'opted_in'],
    ['no', 'opted_out'], ['거부', 'opted_out'], ['수신거부', 'opted_out'], ['0', 'opted_out'], ['退訂', 'opted_out'],
    ['', undefined], ['maybe', undefined],
  ])('%j → %s', (cell, value) => {
    expect(parseOptIn(cell)).toBe(value);
  });
});

describe('toRecords', () => {
  const rows = [
    ['First Name', 'Last Name', 'Business Phone', 'Mobile Phone', 'Categories', '수신동의'],
    ['Anna', 'Smith', '+1 415 555 0100', '+1 415 555 0132', 'Customers;VIP', 'yes'],
    ['', '', '', '', '', ''],
    ['길동', '홍', '02-312-3456', '', 'Suppliers', '거부'],
  ];
  const records = toRecords(rows, detectMapping(rows));

  it('puts the mobile column’s number first', () => {
    expect(records[0]?.phones).toEqual(['+1 415 555 0132', '+1 415 555 0100']);
  });

  it('joins first and last names, family first for Korean', () => {
    expect(records.map((r) => r.name)).toEqual(['Anna Smith', '홍길동']);
  });

  it('skips blank rows and numbers the rest as the file does', () => {
    expect(records.map((r) => r.row)).toEqual([2, 4]);
  });

  it('reads labels and opt-in', () => {
    expect(records[1]).toMatchObject({ labels: ['Suppliers'], optIn: 'opted_out' });
  });
});

describe('night-time consent and consent source columns (DOMAIN.md §2b)', () => {
  it.each([
    ['야간 수신 동의', 'nightConsent'], ['야간동의', 'nightConsent'], ['야간 광고 수신 동의', 'nightConsent'], ['Night consent', 'nightConsent'],
    ['night-time consent', 'nightConsent'], ['夜間同意', 'nightConsent'], ['夜間接收同意', 'nightConsent'], ['夜间同意', 'nightConsent'],
    ['동의 경로', 'source'], ['수집 경로', 'source'], ['Source', 'source'], ['Consent source', 'source'], ['來源', 'source'], ['同意來源', 'source'],
    // Opt-in's own headers are still opt-in.
    ['수신동의', 'optIn'], ['동의', 'optIn'], ['同意', 'optIn'],
  ])('%j is %s', (header, role) => {
    expect(roleOfHeader(header)).toBe(role);
  });

  it.each([
    // A Korean file, an English one and a Traditional Chinese one, each with its yes/no words.
    [['이름', '전화번호', '수신동의', '야간 수신 동의'], [['김민지', '010-1111-2222', '예', '동의'], ['이서준', '010-3333-4444', '예', '아니오'], ['박지호', '010-5555-6666', '예', '']]],
    [['Name', 'Phone', 'Opt-in', 'Night consent'], [['Mina', '010-1111-2222', 'yes', 'Y'], ['Seo', '010-3333-4444', 'yes', 'no'], ['Jiho', '010-5555-6666', 'yes', '']]],
    [['姓名', '手機', '同意', '夜間同意'], [['林怡君', '010-1111-2222', '是', '✓'], ['陳冠宇', '010-3333-4444', '是', '否'], ['王小明', '010-5555-6666', '是', '']]],
  ])('%j: yes, an explicit no, and nothing said', (header, rows) => {
    const all = [header, ...rows];
    const mapping = detectMapping(all);
    expect(mapping.roles).toEqual(['name', 'phone', 'optIn', 'nightConsent']);
    const records = toRecords(all, mapping);
    expect(records.map((r) => r.nightConsent)).toEqual([true, false, undefined]);
    expect(records.every((r) => r.optIn === 'opted_in' && r.consentSource === undefined)).toBe(true);
  });

  it.each(['yes', '예', '동의', 'Y', 'true', '1', '✓', 'TRUE', ' 네 '])('%j is a yes', (cell) => expect(parseNightConsent(cell)).toBe(true));
  it.each(['no', '아니오', '거부', 'N', '0', '否'])('%j is a no', (cell) => expect(parseNightConsent(cell)).toBe(false));
  it.each(['', 'maybe', '2025-01-01'])('%j says nothing', (cell) => expect(parseNightConsent(cell)).toBeUndefined());

  it('reads the file’s source column for where consent was given', () => {
    const rows = [['이름', '전화번호', '수신동의', '동의 경로'], ['김민지', '010-1111-2222', '예', ' 매장  가입서 '], ['이서준', '010-3333-4444', '예', '']];
    const records = toRecords(rows, detectMapping(rows));
    expect(records[0]).toMatchObject({ consentSource: '매장 가입서' });
    expect(records[1]?.consentSource).toBeUndefined();
  });
});

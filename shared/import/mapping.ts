/**
 * Which column is what. From the header row when there is one (aliases in Korean, English, Chinese and Japanese, and
 * the Google Contacts and Outlook export headers), else from the cells themselves. The person can override the result;
 * the mapping is reported either way.
 */
import { identityUserId } from '../domain/identity';
import { parseUsername } from '../domain/inbound';
import { labelledLine } from './memo';
import { joinName } from './vcard';
import type { OptInValue, SourceRecord } from './types';

export const COLUMN_ROLES = ['name', 'given', 'family', 'middle', 'phone', 'userId', 'username', 'labels', 'optIn', 'nightConsent', 'source', 'notes', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface ColumnMapping {
  /** 0-based index of the header row in the rows, or undefined when the file has none. */
  headerRow: number | undefined;
  roles: ColumnRole[];
  source: 'header' | 'content' | 'override';
  format: 'generic' | 'google' | 'outlook';
}

/** Header text reduced to what matters: NFKC, lower case, no spaces or punctuation ("Phone 1 - Value" → "phone1value"). */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_\-.:()[\]/#*'"]+/g, '');
}

const ALIASES: Record<Exclude<ColumnRole, 'ignore'>, string[]> = {
  name: [
    'name', 'fullname', 'displayname', 'contactname', 'customername', 'customer', 'contact', 'nickname',
    '이름', '성명', '성함', '고객명', '고객이름', '회원명', '회원이름', '닉네임', '상호',
    '姓名', '名字', '名稱', '名称', '客戶', '客户', '客戶名稱', '客户名称', '聯絡人', '联系人', '會員', '会员',
    '名前', '氏名', 'お名前', '顧客名',
  ],
  given: ['firstname', 'givenname', 'first', '名', 'めい'],
  family: ['lastname', 'familyname', 'surname', 'last', '성', '姓', 'せい'],
  middle: ['middlename', 'additionalname'],
  phone: [
    'phone', 'phonenumber', 'phoneno', 'mobile', 'mobilephone', 'mobilenumber', 'mobileno', 'cell', 'cellphone',
    'cellular', 'tel', 'telephone', 'whatsapp', 'whatsappnumber', 'number', 'msisdn', 'primaryphone',
    'businessphone', 'businessphone2', 'homephone', 'homephone2', 'otherphone', 'carphone', 'companymainphone',
    '전화', '전화번호', '휴대폰', '휴대폰번호', '핸드폰', '핸드폰번호', '휴대전화', '휴대전화번호', '연락처', '번호', '폰', 'hp',
    '電話', '电话', '電話號碼', '电话号码', '手機', '手机', '手機號碼', '手机号', '手机号码', '聯絡電話', '联系电话', '行動電話', '移动电话',
    '電話番号', '携帯', '携帯電話', '携帯番号', 'ケータイ',
  ],
  // The WhatsApp user id (BSUID, DOMAIN.md §2 "Identity"): an id, never a phone (read by identityUserId only).
  userId: [
    'userid', 'whatsappid', 'bsuid', 'whatsappuserid', 'businessscopeduserid', 'wauserid',
    '사용자id', '왓츠앱id', '왓츠앱사용자id', '用戶id', '用户id', 'ユーザーid',
  ],
  username: [
    'username', 'whatsappusername', 'wausername', '사용자이름', '사용자명', '왓츠앱사용자이름', '用戶名稱', '用户名', '使用者名稱', 'ユーザー名',
  ],
  labels: [
    'labels', 'label', 'tags', 'tag', 'groups', 'group', 'groupmembership', 'categories', 'category', 'segment',
    '태그', '라벨', '그룹', '분류', '구분', '등급',
    '標籤', '标签', '分組', '分组', '群組', '群组', '分類', '分类',
    'タグ', 'ラベル', 'グループ',
  ],
  optIn: [
    'optin', 'consent', 'marketingconsent', 'subscribed', 'subscription', 'marketingoptin', 'whatsappoptin',
    '수신동의', '마케팅수신동의', '동의', '수신여부', '광고수신동의',
    '同意', '訂閱', '订阅', '行銷同意', '营销同意',
    '配信同意', '同意有無',
  ],
  // Night-time consent for Korean promotions (DOMAIN.md §2b): "야간 수신 동의", "night consent", "夜間同意".
  nightConsent: [
    'nightconsent', 'nighttimeconsent', 'nightoptin', 'nightmarketingconsent', 'nightadconsent', 'consentatnight',
    '야간수신동의', '야간동의', '야간광고수신동의', '야간광고동의', '야간수신', '야간마케팅동의', '야간수신여부',
    '夜間同意', '夜间同意', '夜間接收同意', '夜间接收同意', '夜間廣告同意', '夜间广告同意', '夜間行銷同意',
    '夜間配信同意',
  ],
  // Where consent was given (the file's words): without it an imported "yes" is only the file's claim.
  source: [
    'source', 'consentsource', 'optinsource', 'optinchannel', 'consentchannel', 'signupsource', 'leadsource',
    '동의경로', '수신동의경로', '동의출처', '수집경로', '가입경로', '유입경로', '출처',
    '來源', '来源', '同意來源', '同意来源', '取得來源', '名單來源',
    '同意経路', '取得経路',
  ],
  // The contact's notes. Google Contacts and Outlook both export "Notes".
  notes: [
    'notes', 'note', 'memo', 'memos', 'comments', 'comment', 'remarks', 'remark',
    '메모', '비고', '참고', '참고사항', '특이사항', '노트',
    '備註', '备注', '附註', '附注', '註記', '说明', '說明',
    'メモ', '備考',
  ],
};

const ROLE_BY_KEY = new Map<string, ColumnRole>();
for (const [role, keys] of Object.entries(ALIASES)) for (const k of keys) ROLE_BY_KEY.set(headerKey(k), role as ColumnRole); // keys of ALIASES are roles

/** Role for one header cell; Google's "Phone 1 - Value" and phone-type columns are recognised by pattern. */
export function roleOfHeader(header: string): ColumnRole | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  // Google Contacts: "Phone 1 - Value" (current and legacy), "Phone 1 - Type"/"Phone 1 - Label" say which kind.
  if (/^phone\d+value$/.test(key)) return 'phone';
  if (/^phone\d+(type|label)$/.test(key)) return 'ignore';
  return ROLE_BY_KEY.get(key);
}

/** Lower is tried first: the mobile column before a generic one before business and home lines. */
export function phonePriority(header: string | undefined): number {
  const key = headerKey(header ?? '');
  if (/mobile|cell|휴대|핸드폰|手機|手机|携帯|行動|移动|whatsapp/.test(key)) return 0;
  if (/business|home|other|car|company|office|fax|자택|회사|직장/.test(key)) return 2;
  return 1;
}

const PHONE_LIKE = /^[+＋(（]?[\d０-９][\d０-９\s().\-－/+]{5,}(?:\s*(?:ext\.?|x|#|내선)\s*\d+)?$/i;
const EXCEL_NUMBER = /^\d(?:[.,]\d+)?e\+?\d+$/i;

export function looksLikePhone(cell: string): boolean {
  const s = cell.trim();
  return PHONE_LIKE.test(s) || EXCEL_NUMBER.test(s);
}

function looksLikeName(cell: string): boolean {
  const s = cell.trim();
  return /\p{L}/u.test(s) && (s.match(/\d/g)?.length ?? 0) <= 2;
}

function isBlankRow(row: readonly string[]): boolean {
  return row.every((c) => c.trim() === '');
}

function formatOf(headers: readonly string[]): ColumnMapping['format'] {
  const keys = new Set(headers.map(headerKey));
  if ([...keys].some((k) => /^phone\d+value$/.test(k)) || keys.has('groupmembership')) return 'google';
  if (keys.has('mobilephone') && (keys.has('businessphone') || keys.has('homephone') || keys.has('categories'))) return 'outlook';
  return 'generic';
}

/** Guesses roles from the cells when no row looks like a header: phone-like columns are phones, the first wordy one the name. */
function byContent(rows: readonly string[][]): ColumnRole[] {
  const sample = rows.filter((r) => !isBlankRow(r)).slice(0, 200);
  const width = Math.max(0, ...sample.map((r) => r.length));
  const roles: ColumnRole[] = Array.from({ length: width }, () => 'ignore');
  let haveName = false;
  for (let c = 0; c < width; c++) {
    const cells = sample.map((r) => r[c] ?? '').filter((s) => s.trim() !== '');
    if (cells.length === 0) continue;
    const phones = cells.filter(looksLikePhone).length / cells.length;
    const names = cells.filter(looksLikeName).length / cells.length;
    if (phones >= 0.6) roles[c] = 'phone';
    else if (!haveName && names >= 0.6) {
      roles[c] = 'name';
      haveName = true;
    }
  }
  return roles;
}

export function detectMapping(rows: readonly string[][]): ColumnMapping {
  // The header is among the first rows (some exports start with a title line); it has a phone column and no phone-like cell.
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const row = rows[r]!; // r < rows.length
    const roles = row.map((h) => roleOfHeader(h) ?? 'ignore');
    if ((roles.includes('phone') || roles.includes('userId')) && !row.some(looksLikePhone)) {
      return { headerRow: r, roles, source: 'header', format: formatOf(row) };
    }
  }
  return { headerRow: undefined, roles: byContent(rows), source: 'content', format: 'generic' };
}

/** Several numbers in one cell: Google's " ::: ", a line break, ";" or " / "; a comma only between whole numbers. */
export function splitPhones(cell: string): string[] {
  // Most cells hold one number: skip the splitting (100k rows cost ~60 ms of it).
  if (!/[:;\n,/]/.test(cell)) return cell === '' ? [] : [cell];
  const parts = cell.split(/\s*:::\s*|[\n;]|\s+\/\s+/);
  const out: string[] = [];
  for (const part of parts) {
    const commaParts = part.split(',');
    if (commaParts.length > 1 && commaParts.every((p) => (p.match(/\d/g)?.length ?? 0) >= 7)) out.push(...commaParts);
    else out.push(part);
  }
  return out.map((p) => p.trim()).filter(Boolean);
}

/** Labels in a cell, in any of the usual separators; Google's system groups ("* myContacts", "* starred") are not labels. */
export function splitLabels(cell: string): string[] {
  if (cell === '') return [];
  return cell
    .split(/\s*:::\s*|[,;|、，；\n]/)
    .map((l) => l.normalize('NFC').trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '' && !l.startsWith('* ') && !/^(system group: )?my contacts$/i.test(l));
}

const YES = new Set(['yes', 'y', 'true', '1', 'o', 'v', '✓', '✔', 'optedin', 'optin', 'subscribed', '동의', '예', '네', '수신', '是', '同意', '訂閱', '订阅', 'はい', '済']);
const NO = new Set(['no', 'n', 'false', '0', 'x', 'optedout', 'optout', 'unsubscribed', '거부', '미동의', '아니오', '수신거부', '否', '不同意', '退訂', '退订', 'いいえ']);

export function parseOptIn(cell: string): OptInValue {
  const key = headerKey(cell);
  if (YES.has(key)) return 'opted_in';
  if (NO.has(key)) return 'opted_out';
  return undefined;
}

/** A night-time consent cell: the same yes/no words as opt-in (예, 동의, Y, true, 1, ✓ / 아니오, 거부, N, 0…). */
export function parseNightConsent(cell: string): boolean | undefined {
  const v = parseOptIn(cell);
  return v === 'opted_in' ? true : v === 'opted_out' ? false : undefined;
}

function nightOf(cell: string): { nightConsent?: boolean } {
  const v = parseNightConsent(cell);
  return v === undefined ? {} : { nightConsent: v };
}

/** A row's user id (by the id path only) and username; cells that are neither are left out. */
function identityOf(userIdCell: string, usernameCell: string): { userId?: string; username?: string } {
  const out: { userId?: string; username?: string } = {};
  const userId = userIdCell === '' ? undefined : identityUserId(userIdCell);
  if (userId) out.userId = userId;
  // Our own export writes "'@mina" (a cell starting with @ is neutralised, csvOut.ts): the apostrophe is not the name's.
  const username = usernameCell === '' ? undefined : parseUsername(usernameCell.normalize('NFC').replace(/^'(?=[=+\-@])/, ''));
  if (username) out.username = username;
  return out;
}

/**
 * One row → a source record with the mapping, or undefined for the header, the lines above it and blank rows. Row
 * numbers are the file's (1-based). Built once per mapping, then called per row as the rows stream in.
 */
export function recordMaker(mapping: ColumnMapping, headers: readonly string[]): (row: readonly string[], index: number) => SourceRecord | undefined {
  const phoneCols = mapping.roles
    .map((role, c) => ({ role, c }))
    .filter((x) => x.role === 'phone')
    .sort((a, b) => phonePriority(headers[a.c]) - phonePriority(headers[b.c]))
    .map((x) => x.c);
  const col = (role: ColumnRole) => mapping.roles.indexOf(role);
  const [name, given, family, middle] = [col('name'), col('given'), col('family'), col('middle')];
  const labelCols = mapping.roles.flatMap((role, c) => (role === 'labels' ? [c] : []));
  const notesCols = mapping.roles.flatMap((role, c) => (role === 'notes' ? [c] : []));
  const optInCol = col('optIn');
  const nightCol = col('nightConsent');
  const sourceCol = col('source');
  const userIdCol = col('userId');
  const usernameCol = col('username');
  const first = mapping.headerRow === undefined ? 0 : mapping.headerRow + 1;
  // Google's "Phone 2 - Value" says nothing; its "Phone 2 - Label" (or legacy "- Type") cell says "Home" or "Mobile".
  const kindCol = new Map<number, number>();
  for (const c of phoneCols) {
    const n = /^phone(\d+)value$/.exec(headerKey(headers[c] ?? ''))?.[1];
    if (n === undefined) continue;
    const k = headers.findIndex((h) => headerKey(h) === `phone${n}label` || headerKey(h) === `phone${n}type`);
    if (k >= 0) kindCol.set(c, k);
  }
  return (row, r) => {
    if (r < first || isBlankRow(row)) return undefined;
    const cell = (c: number) => (c >= 0 ? (row[c] ?? '').trim() : '');
    const fullName = cell(name) || joinName(cell(given), cell(family), cell(middle));
    const phones: string[] = [];
    const phoneLabels: string[] = [];
    for (const c of phoneCols) {
      const label = (kindCol.has(c) ? cell(kindCol.get(c)!) : '') || (headers[c] ?? '').trim(); // has() checked
      for (const p of splitPhones(cell(c))) {
        phones.push(p);
        phoneLabels.push(label);
      }
    }
    // One notes column is the notes; several are kept apart under their headers ("비고: …", "메모: …").
    const memo =
      notesCols.length === 1
        ? cell(notesCols[0]!) // length checked
        : notesCols.flatMap((c) => (cell(c) === '' ? [] : [labelledLine(headers[c], cell(c))])).join('\n');
    return {
      row: r + 1,
      name: fullName,
      phones,
      phoneLabels,
      labels: labelCols.flatMap((c) => splitLabels(cell(c))),
      optIn: optInCol >= 0 ? parseOptIn(cell(optInCol)) : undefined,
      ...(nightCol >= 0 ? nightOf(cell(nightCol)) : {}),
      ...(sourceCol >= 0 && cell(sourceCol) !== '' ? { consentSource: cell(sourceCol).normalize('NFC').replace(/\s+/g, ' ') } : {}),
      memo,
      ...identityOf(userIdCol >= 0 ? cell(userIdCol) : '', usernameCol >= 0 ? cell(usernameCol) : ''),
    };
  };
}

/** Rows → source records with the mapping; blank rows and the header are skipped, row numbers are the file's (1-based). */
export function toRecords(rows: readonly string[][], mapping: ColumnMapping): SourceRecord[] {
  const make = recordMaker(mapping, mapping.headerRow === undefined ? [] : (rows[mapping.headerRow] ?? []));
  const out: SourceRecord[] = [];
  for (let r = 0; r < rows.length; r++) {
    const record = make(rows[r]!, r); // r < rows.length
    if (record) out.push(record);
  }
  return out;
}

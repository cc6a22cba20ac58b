/**
 * The import pipeline's shared vocabulary: what each stage hands the next, and the reason codes the UI and the CLI
 * translate. Stages are pure: bytes and a decoder go in, a report comes out; nothing here touches a file or the DB.
 */
import type { CountryCode, PhoneProblem } from '../domain/phone';

/** Text encodings we can decode. Names are ours; each host maps them to its decoder's labels. */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'cp949', 'big5', 'gb18030', 'shift_jis', 'windows-1252'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

/**
 * Decodes bytes in the named encoding, never throwing: bytes that do not decode become U+FFFD, which the detector
 * counts. The renderer passes TextDecoder, the CLI iconv-lite (Node's ICU mis-decodes some CP949 syllables, e.g. 똠).
 */
export type Decode = (bytes: Uint8Array, encoding: EncodingName) => string;

export type FileKind = 'delimited' | 'vcard' | 'xlsx' | 'ods' | 'xls';

/** Why a whole file cannot be read; the hosts say it in words and name the cap where there is one. */
export type FileProblem =
  | 'empty'
  | 'binary'
  | 'too_large'
  | 'zip_bomb'
  | 'corrupt_spreadsheet'
  | 'sheet_too_large'
  | 'no_sheet'
  | 'no_phone_column';

/**
 * Why one row was not imported. Phone problems come from normalizePhone. `no_phone`: neither a phone number nor a
 * WhatsApp user id in the row (a row with only a user id is imported: DOMAIN.md §2 "Identity").
 */
export type RowProblem = PhoneProblem | 'no_phone' | 'unterminated_quote';

/** Something worth telling about a row that was imported anyway. */
export type RowNote =
  | 'extension_dropped'
  | 'leading_zero_restored'
  | 'excel_decimal_removed'
  | 'excel_digits_recovered'
  | 'landline'
  | 'other_phones_ignored'
  | 'name_truncated';

/** Something about the whole file: the result is usable but partial or adjusted. */
/** `no_phone_column`: the mapping found no phone column; the report carries the preview so the person can pick one. */
export type FileNote = 'row_cap' | 'unterminated_quote' | 'mojibake_repaired' | 'cell_truncated' | 'no_phone_column';

export interface EncodingChoice {
  encoding: EncodingName;
  /** How it was decided: a byte-order mark, strict UTF-8 validity, scoring the legacy candidates, or the person. */
  source: 'bom' | 'utf8_valid' | 'detected' | 'override' | 'not_text';
  /** 0..1: how far ahead the winner was (1 for a BOM, valid UTF-8 or an override). */
  confidence: number;
  /** The candidates with their scores, best first, so the UI can offer the runner-up. */
  candidates: Array<{ encoding: EncodingName; score: number }>;
}

/** One row as it came out of the file (or one vCard), before phones are parsed. `row` is 1-based, as the person sees it. */
export interface SourceRecord {
  row: number;
  name: string;
  /** Best first: a vCard's mobile / preferred number, a row's mobile column before its home and office columns. */
  phones: string[];
  /**
   * What the file calls each phone, parallel to `phones` (a column header, a vCard's TYPE or item label: "Home",
   * "자택"), so the numbers not imported can be kept in the contact's notes under the file's own words.
   */
  phoneLabels?: string[];
  labels: string[];
  optIn: 'opted_in' | 'opted_out' | undefined;
  /**
   * Night-time consent for Korean promotions (a "야간 수신 동의" column, DOMAIN.md §2b): true yes, false an explicit no,
   * undefined when the file says nothing (no column, an empty or unreadable cell).
   */
  nightConsent?: boolean;
  /** Where the consent was given, from a source column ("동의 경로", "source"); '' or missing when the file has none. */
  consentSource?: string;
  /** The contact's notes from the file (a Notes / 메모 / 備註 column); '' when there are none. */
  memo: string;
  /** The WhatsApp user id (BSUID) from a user_id / whatsapp_id / bsuid column, read by the id path only. */
  userId?: string;
  /** The WhatsApp username (`@name`) from a username column. */
  username?: string;
}

export type OptInValue = SourceRecord['optIn'];

export interface CleanContact {
  row: number;
  name: string;
  /** E.164; absent for a row with only a WhatsApp user id (then `userId` is there). */
  phone?: string;
  labels: string[];
  optIn: OptInValue;
  /** As SourceRecord.nightConsent. */
  nightConsent?: boolean;
  /** As SourceRecord.consentSource: the file's own words for where consent was given. */
  consentSource?: string;
  landline: boolean;
  /** What the import tells about this row (not the contact's notes: those are `memo`). */
  notes: RowNote[];
  /** The contact's notes: the file's Notes column, then the row's other numbers ("Home: 02-312-3456"), one a line. */
  memo: string;
  /** As SourceRecord.userId / username. */
  userId?: string;
  username?: string;
}

export interface RejectedRow {
  row: number;
  raw: string;
  reason: RowProblem;
  /**
   * The country the number was read for, when it was written without a country code and is not a number of that
   * country: "not a valid number in South Korea" tells the person the file's country may be wrong.
   */
  readAs?: CountryCode;
}

export interface DuplicateRow {
  row: number;
  raw: string;
  /** What the rows share: the E.164 number, or the WhatsApp user id when the merge was by it. */
  phone: string;
  /** The row of the contact it was merged into. */
  mergedInto: number;
}

/**
 * What the reason codes mean, in English, for the CLI (the renderer translates the same codes through i18n).
 * Each message says what happened and, where the person can, what to do about it.
 */
import type { EncodingName, FileNote, FileProblem, RowNote, RowProblem } from './types';

export const ROW_PROBLEM_TEXT: Record<RowProblem, string> = {
  empty: 'the phone cell is empty',
  not_a_number: 'this is not a phone number',
  too_short: 'too few digits for a phone number',
  too_long: 'too many digits for a phone number',
  invalid: 'not a valid number for its country; check the country code',
  excel_scientific: 'Excel turned this number into a rounded figure; format the column as text and export again',
  no_phone: 'no phone number or WhatsApp user id in this row',
  unterminated_quote: 'a quote opened here is never closed; nothing from this row on could be read',
};

export const ROW_NOTE_TEXT: Record<RowNote, string> = {
  extension_dropped: 'extension dropped',
  leading_zero_restored: 'leading 0 restored (Excel had removed it)',
  excel_decimal_removed: 'Excel’s ".0" removed',
  excel_digits_recovered: 'number recovered from Excel’s scientific notation',
  landline: 'landline: probably not on WhatsApp',
  other_phones_ignored: 'other numbers in the row kept in the contact’s notes',
  name_truncated: 'name cut to 100 characters',
};

export const FILE_PROBLEM_TEXT: Record<FileProblem, string> = {
  empty: 'the file is empty',
  binary: 'this is not a text, spreadsheet or vCard file (is it an image or a program renamed .csv?)',
  too_large: 'the file is larger than the cap',
  zip_bomb: 'this spreadsheet would inflate to an unsafe size when opened; it was not read',
  corrupt_spreadsheet: 'the spreadsheet is damaged or incomplete (was the download cut short?)',
  sheet_too_large: 'the sheet claims more rows or columns than Excel allows; save it again from Excel',
  no_sheet: 'the workbook has no sheet with that name',
  no_phone_column: 'no column holds phone numbers; name the column "Phone" or pick it in the mapping',
};

export const FILE_NOTE_TEXT: Record<FileNote, string> = {
  row_cap: 'the file has more rows than the cap; only the first were read',
  unterminated_quote: 'an unterminated quote stopped the reading early',
  mojibake_repaired: 'garbled text (UTF-8 read as windows-1252 or Latin-1, e.g. "ì´ë¦„") was repaired',
  cell_truncated: 'some very long cells were cut to 1,000 characters',
  no_phone_column: 'no column holds phone numbers; name the column "Phone" or pick it in the mapping',
};

export const ENCODING_TEXT: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  cp949: 'CP949 / EUC-KR (Korean)',
  big5: 'Big5 (Traditional Chinese)',
  gb18030: 'GB18030 / GBK (Simplified Chinese)',
  shift_jis: 'Shift_JIS (Japanese)',
  'windows-1252': 'windows-1252 (Western European)',
};

/** "64 MB": caps are said in the units people see in their file manager. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

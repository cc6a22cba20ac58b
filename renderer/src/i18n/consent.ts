/**
 * Night-time consent and honest consent on the contact and in the import (issue 13 point 5, DOMAIN.md §2b), in the
 * three languages. The checklist's sentences about them are in consentChecklist.ts.
 */
export const consentEn = {
  'contactDialog.nightConsent': 'Agreed to promotions at night (21:00–08:00 Korea time)',
  'contactDialog.nightConsentHint': 'Korean law asks for this separate consent before advertising to +82 numbers at night. It counts for 2 years from the day it was given.',
  'contactDialog.nightConsentDate': 'Night-time consent given on',
  'contactDialog.nightConsentSource': 'Where they agreed to it',
  'contactDialog.nightConsentOld': 'Given more than 2 years ago: it no longer counts at night. Ask again and change the date.',
  /** A consent the import only read from a file without a source column (contact.ts claimedSource). */
  'optInSource.claimed': 'Claimed by the file {file}, imported on {date}',
  'import.role.nightConsent': 'Night-time consent',
  'import.role.source': 'Consent source',
} as const;

type Section = { readonly [K in keyof typeof consentEn]: string };

export const consentKo: Section = {
  'contactDialog.nightConsent': '야간 광고 수신 동의(한국 시간 21:00–08:00)',
  'contactDialog.nightConsentHint': '한국 법에 따라 밤에 +82 번호로 광고를 보내려면 이 동의를 따로 받아야 해요. 동의한 날부터 2년 동안 유효해요.',
  'contactDialog.nightConsentDate': '야간 수신 동의한 날짜',
  'contactDialog.nightConsentSource': '야간 수신 동의 받은 곳',
  'contactDialog.nightConsentOld': '2년도 더 전에 받은 동의라서 밤에는 인정되지 않아요. 다시 동의를 받고 날짜를 바꿔 주세요.',
  'optInSource.claimed': '{file} 파일에 동의로 적혀 있음({date}에 가져옴)',
  'import.role.nightConsent': '야간 수신 동의',
  'import.role.source': '동의 받은 곳',
};

export const consentZhHant: Section = {
  'contactDialog.nightConsent': '同意在夜間接收促銷訊息（韓國時間 21:00–08:00）',
  'contactDialog.nightConsentHint': '依韓國法律，夜間傳送廣告給 +82 號碼前，必須另外取得這項同意。自同意當天起 2 年內有效。',
  'contactDialog.nightConsentDate': '同意夜間接收的日期',
  'contactDialog.nightConsentSource': '在哪裡同意夜間接收',
  'contactDialog.nightConsentOld': '這是 2 年多以前的同意，夜間已不再有效。請重新取得同意並更改日期。',
  'optInSource.claimed': '檔案 {file} 上寫著已同意（{date} 匯入）',
  'import.role.nightConsent': '夜間接收同意',
  'import.role.source': '同意來源',
};

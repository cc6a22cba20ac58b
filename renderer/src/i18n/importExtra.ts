/**
 * Import screen words added after the first import slice, in the three languages. Spread into en.ts / ko.ts /
 * zhHant.ts, so `Dictionary` still checks that every language has every key.
 */
export const importExtraEn = {
  'import.rejectedKept': 'The list and the download hold the first {kept} of the {count} rows that cannot be imported; fix the cause (often the default country or the phone column) and read the file again.',
} as const;

export const importExtraKo: { readonly [K in keyof typeof importExtraEn]: string } = {
  'import.rejectedKept': '가져올 수 없는 {count}행 중 처음 {kept}행만 목록과 내려받는 파일에 있습니다. 원인(대개 기본 국가나 전화번호 열)을 고친 뒤 파일을 다시 읽으세요.',
};

export const importExtraZhHant: { readonly [K in keyof typeof importExtraEn]: string } = {
  'import.rejectedKept': '無法匯入的 {count} 列中，清單與下載的檔案只包含前 {kept} 列；請先修正原因（通常是預設國家或電話欄位），再重新讀取檔案。',
};

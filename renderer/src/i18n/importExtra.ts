/**
 * Import screen words added after the first import slice, in the three languages. Spread into en.ts / ko.ts /
 * zhHant.ts, so `Dictionary` still checks that every language has every key.
 */
export const importExtraEn = {
  'import.rejectedKept': 'The list and the download hold the first {kept} of the {count} rows that cannot be imported; fix the cause (often the default country or the phone column) and read the file again.',
  'import.role.notes': 'Notes',
  'import.country': 'Numbers without a country code in this file are from',
  'import.countryShop': '{country} (your shop’s country)',
  'import.countryLikely': 'Often used',
  'import.countryAll': 'All countries',
  'import.countryHint_one': '{count} of {sampled} numbers looks like a number from {country}: it is not valid in {current}. Read this file as {country}?',
  'import.countryHint_other': '{count} of {sampled} numbers look like numbers from {country}: they are not valid in {current}. Read this file as {country}?',
  'import.countrySwitch': 'Read as {country}',
  'import.countryOther': 'This file is read as {country}; your shop’s country is {shop}.',
  'import.reasonReadAs.invalid': 'not a valid number in {country}, the country this file is read as; add the country code, or change the file’s country above',
  'import.reasonReadAs.too_short': 'too few digits for a number in {country}, the country this file is read as',
  'import.reasonReadAs.too_long': 'too many digits for a number in {country}, the country this file is read as',
  'import.landlineRows_one': '{count} landline (row {rows}): it probably cannot receive WhatsApp messages. It is imported anyway; check it or add a mobile number.',
  'import.landlineRows_other': '{count} landlines (rows {rows}): they probably cannot receive WhatsApp messages. They are imported anyway; check them or add mobile numbers.',
} as const;

export const importExtraKo: { readonly [K in keyof typeof importExtraEn]: string } = {
  'import.rejectedKept': '가져올 수 없는 {count}행 중 처음 {kept}행만 목록과 내려받는 파일에 있어요. 원인(대개 기본 국가나 전화번호 열)을 고친 뒤 파일을 다시 읽어 주세요.',
  'import.role.notes': '메모',
  'import.country': '이 파일에서 국가 번호 없이 적힌 번호의 나라',
  'import.countryShop': '{country}(가게 기본 국가)',
  'import.countryLikely': '자주 쓰는 나라',
  'import.countryAll': '모든 나라',
  'import.countryHint_one': '번호 {sampled}개 중 {count}개가 {country} 번호로 보여요. {current} 번호로는 올바르지 않아요. 이 파일을 {country} 번호로 읽을까요?',
  'import.countryHint_other': '번호 {sampled}개 중 {count}개가 {country} 번호로 보여요. {current} 번호로는 올바르지 않아요. 이 파일을 {country} 번호로 읽을까요?',
  'import.countrySwitch': '{country} 번호로 읽기',
  'import.countryOther': '이 파일은 {country} 번호로 읽고 있어요(가게 기본 국가: {shop}).',
  'import.reasonReadAs.invalid': '{country} 번호로는 올바르지 않아요. 국가 번호를 붙이거나 위에서 이 파일의 나라를 바꿔 주세요',
  'import.reasonReadAs.too_short': '{country} 번호로는 자릿수가 모자라요',
  'import.reasonReadAs.too_long': '{country} 번호로는 자릿수가 너무 많아요',
  'import.landlineRows_one': '유선 전화 {count}개({rows}행): WhatsApp 메시지를 받지 못할 가능성이 높아요. 그래도 가져오니 번호를 확인하거나 휴대폰 번호를 추가해 주세요.',
  'import.landlineRows_other': '유선 전화 {count}개({rows}행): WhatsApp 메시지를 받지 못할 가능성이 높아요. 그래도 가져오니 번호를 확인하거나 휴대폰 번호를 추가해 주세요.',
};

export const importExtraZhHant: { readonly [K in keyof typeof importExtraEn]: string } = {
  'import.rejectedKept': '無法匯入的 {count} 列中，清單與下載的檔案只包含前 {kept} 列；請先修正原因（通常是預設國家或電話欄位），再重新讀取檔案。',
  'import.role.notes': '備註',
  'import.country': '此檔案中沒有國碼的號碼來自',
  'import.countryShop': '{country}（商店的國家）',
  'import.countryLikely': '常用',
  'import.countryAll': '所有國家',
  'import.countryHint_one': '{sampled} 個號碼中有 {count} 個看起來是{country}的號碼，不是有效的{current}號碼。要把這個檔案當作{country}的號碼讀取嗎？',
  'import.countryHint_other': '{sampled} 個號碼中有 {count} 個看起來是{country}的號碼，不是有效的{current}號碼。要把這個檔案當作{country}的號碼讀取嗎？',
  'import.countrySwitch': '以{country}號碼讀取',
  'import.countryOther': '此檔案以{country}號碼讀取；商店的國家是{shop}。',
  'import.reasonReadAs.invalid': '以此檔案的國家（{country}）而言不是有效的號碼；請加上國碼，或在上方變更此檔案的國家',
  'import.reasonReadAs.too_short': '以此檔案的國家（{country}）而言位數太少',
  'import.reasonReadAs.too_long': '以此檔案的國家（{country}）而言位數太多',
  'import.landlineRows_one': '{count} 個市話號碼（第 {rows} 列）：很可能無法接收 WhatsApp 訊息。仍會匯入；請確認號碼或加上手機號碼。',
  'import.landlineRows_other': '{count} 個市話號碼（第 {rows} 列）：很可能無法接收 WhatsApp 訊息。仍會匯入；請確認號碼或加上手機號碼。',
};

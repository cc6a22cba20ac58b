/**
 * The WhatsApp identity beyond the phone (issue 13 point 1, DOMAIN.md §2 "Identity"): the user id (BSUID) and the
 * username on the contact, and the import's words for their columns, in the three languages.
 */
export const identityEn = {
  'contactDialog.username': 'WhatsApp username',
  'contactDialog.userId': 'WhatsApp user ID',
  'contactDialog.identityHint': 'WhatsApp gives these, so they cannot be changed here. The user ID recognises this person even when WhatsApp leaves out the phone number.',
  'import.role.userId': 'WhatsApp user ID',
  'import.role.username': 'WhatsApp username',
  'import.reasonText.user_id_only': 'only a WhatsApp user ID in this row: Shopcast keeps contacts with a phone number for now',
} as const;

type Section = { readonly [K in keyof typeof identityEn]: string };

export const identityKo: Section = {
  'contactDialog.username': 'WhatsApp 사용자 이름',
  'contactDialog.userId': 'WhatsApp 사용자 ID',
  'contactDialog.identityHint': 'WhatsApp에서 알려 주는 정보라서 여기서 바꿀 수 없어요. WhatsApp이 전화번호를 알려 주지 않을 때도 사용자 ID로 이 고객을 알아봐요.',
  'import.role.userId': 'WhatsApp 사용자 ID',
  'import.role.username': 'WhatsApp 사용자 이름',
  'import.reasonText.user_id_only': '이 행에는 WhatsApp 사용자 ID만 있어요. 지금은 전화번호가 있는 연락처만 저장해요',
};

export const identityZhHant: Section = {
  'contactDialog.username': 'WhatsApp 使用者名稱',
  'contactDialog.userId': 'WhatsApp 使用者 ID',
  'contactDialog.identityHint': '這些資料由 WhatsApp 提供，無法在這裡更改。即使 WhatsApp 沒有提供電話號碼，也能用使用者 ID 認出這位顧客。',
  'import.role.userId': 'WhatsApp 使用者 ID',
  'import.role.username': 'WhatsApp 使用者名稱',
  'import.reasonText.user_id_only': '這一列只有 WhatsApp 使用者 ID：目前只保存有電話號碼的聯絡人',
};

/**
 * The WhatsApp identity beyond the phone (issue 13 point 1, DOMAIN.md §2 "Identity"): the user id (BSUID) and the
 * username on the contact (a contact may have a user id and no phone), and the import's words for their columns, in
 * the three languages.
 */
export const identityEn = {
  'contactDialog.userIdOptional': 'WhatsApp user ID (optional)',
  'contactDialog.userIdHint': 'Like KR.1349…: with it, you can save a customer whose phone number you do not have.',
  'contactDialog.userIdInvalid': 'This is not a WhatsApp user ID: it starts with two capital letters and a dot, like KR.1349…',
  'contactDialog.phoneOrUserId': 'Enter a phone number or a WhatsApp user ID.',
  'contactDialog.username': 'WhatsApp username',
  'contactDialog.userId': 'WhatsApp user ID',
  'contactDialog.identityHint': 'WhatsApp gives these, so they cannot be changed here. The user ID recognises this person even when WhatsApp leaves out the phone number.',
  'import.role.userId': 'WhatsApp user ID',
  'import.role.username': 'WhatsApp username',
} as const;

type Section = { readonly [K in keyof typeof identityEn]: string };

export const identityKo: Section = {
  'contactDialog.userIdOptional': 'WhatsApp 사용자 ID (선택)',
  'contactDialog.userIdHint': 'KR.1349… 같은 ID예요. 이 ID가 있으면 전화번호를 모르는 고객도 저장할 수 있어요.',
  'contactDialog.userIdInvalid': 'WhatsApp 사용자 ID가 아니에요. KR.1349…처럼 영문 대문자 두 자와 점으로 시작해요.',
  'contactDialog.phoneOrUserId': '전화번호나 WhatsApp 사용자 ID를 입력해 주세요.',
  'contactDialog.username': 'WhatsApp 사용자 이름',
  'contactDialog.userId': 'WhatsApp 사용자 ID',
  'contactDialog.identityHint': 'WhatsApp에서 알려 주는 정보라서 여기서 바꿀 수 없어요. WhatsApp이 전화번호를 알려 주지 않을 때도 사용자 ID로 이 고객을 알아봐요.',
  'import.role.userId': 'WhatsApp 사용자 ID',
  'import.role.username': 'WhatsApp 사용자 이름',
};

export const identityZhHant: Section = {
  'contactDialog.userIdOptional': 'WhatsApp 使用者 ID（選填）',
  'contactDialog.userIdHint': '例如 KR.1349…：有了它，沒有電話號碼的顧客也能儲存。',
  'contactDialog.userIdInvalid': '這不是 WhatsApp 使用者 ID：它以兩個大寫英文字母和一個句點開頭，例如 KR.1349…',
  'contactDialog.phoneOrUserId': '請輸入電話號碼或 WhatsApp 使用者 ID。',
  'contactDialog.username': 'WhatsApp 使用者名稱',
  'contactDialog.userId': 'WhatsApp 使用者 ID',
  'contactDialog.identityHint': '這些資料由 WhatsApp 提供，無法在這裡更改。即使 WhatsApp 沒有提供電話號碼，也能用使用者 ID 認出這位顧客。',
  'import.role.userId': 'WhatsApp 使用者 ID',
  'import.role.username': 'WhatsApp 使用者名稱',
};

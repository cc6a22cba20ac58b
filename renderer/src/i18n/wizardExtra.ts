/** Issue 11's additions to the campaign wizard (deleting a draft with undo), in the three languages. */
export const wizardExtraEn = {
  'wizard.draftDeleted': 'Draft “{name}” deleted.',
  'wizard.draftRestored': 'Draft “{name}” is back.',
  'wizard.chosen_one': '{count} selected contact',
  'wizard.chosen_other': '{count} selected contacts',
  'wizard.chosenHint': 'Chosen on the Contacts screen. People who opted out or whose number cannot get WhatsApp are still left out, with the reason.',
  'wizard.chosenBack': 'Choose by labels and filters instead',
  'contacts.selection.campaign': 'Send a campaign to these people',
} as const;

type Section = { readonly [K in keyof typeof wizardExtraEn]: string };

export const wizardExtraKo: Section = {
  'wizard.draftDeleted': '“{name}” 초안을 삭제했어요.',
  'wizard.draftRestored': '“{name}” 초안을 되돌렸어요.',
  'wizard.chosen_one': '선택한 연락처 {count}명',
  'wizard.chosen_other': '선택한 연락처 {count}명',
  'wizard.chosenHint': '연락처 화면에서 고른 사람들이에요. 수신을 거부했거나 WhatsApp을 쓸 수 없는 번호는 이유와 함께 제외돼요.',
  'wizard.chosenBack': '라벨과 필터로 고르기',
  'contacts.selection.campaign': '이 사람들에게 캠페인 보내기',
};

export const wizardExtraZhHant: Section = {
  'wizard.draftDeleted': '已刪除草稿「{name}」。',
  'wizard.draftRestored': '草稿「{name}」已復原。',
  'wizard.chosen_one': '已選取 {count} 位聯絡人',
  'wizard.chosen_other': '已選取 {count} 位聯絡人',
  'wizard.chosenHint': '在聯絡人畫面中選取的對象。已退訂或號碼無法使用 WhatsApp 的人仍會被排除，並註明原因。',
  'wizard.chosenBack': '改用標籤和篩選條件',
  'contacts.selection.campaign': '傳送活動給這些人',
};

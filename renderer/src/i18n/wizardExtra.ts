/** Issue 11's additions to the campaign wizard (deleting a draft with undo), in the three languages. */
export const wizardExtraEn = {
  'wizard.draftDeleted': 'Draft “{name}” deleted.',
  'wizard.draftRestored': 'Draft “{name}” is back.',
} as const;

type Section = { readonly [K in keyof typeof wizardExtraEn]: string };

export const wizardExtraKo: Section = {
  'wizard.draftDeleted': '임시 저장본 “{name}”을 삭제했어요.',
  'wizard.draftRestored': '임시 저장본 “{name}”을 되돌렸어요.',
};

export const wizardExtraZhHant: Section = {
  'wizard.draftDeleted': '已刪除草稿「{name}」。',
  'wizard.draftRestored': '草稿「{name}」已復原。',
};

/** Issue 11 point 7: a test send to the shop's own phone, and where that number is kept; in the three languages. */
export const ownPhoneEn = {} as const;

type Section = { readonly [K in keyof typeof ownPhoneEn]: string };

export const ownPhoneKo: Section = {};

export const ownPhoneZhHant: Section = {};

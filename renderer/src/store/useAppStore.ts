/**
 * UI and session state, in small slices (zustand's slices pattern). Shop data (contacts, labels) is never copied
 * here: it lives in IndexedDB and components read it through live queries.
 */
import { create } from 'zustand';
import { defaultSettingsForLocale } from '../../../shared/domain/settings';
import { createContactListSlice, type ContactListSlice } from './contactListSlice';
import { createDialogSlice, type DialogSlice } from './dialogSlice';
import { createNavigationSlice, type NavigationSlice } from './navigationSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createToastSlice, type ToastSlice } from './toastSlice';

export type AppState = NavigationSlice & SessionSlice & ContactListSlice & ToastSlice & DialogSlice;

const browserLocale = typeof navigator === 'undefined' ? 'ko-KR' : navigator.language;

export const useAppStore = create<AppState>()((...a) => ({
  ...createNavigationSlice(...a),
  ...createSessionSlice(defaultSettingsForLocale(browserLocale))(...a),
  ...createContactListSlice(...a),
  ...createToastSlice(...a),
  ...createDialogSlice(...a),
}));

import type { StateCreator } from 'zustand';
import type { AppState } from './useAppStore';

/** Screens in the left nav, in their order. */
export const SCREENS = ['contacts', 'labels', 'import', 'wizard', 'campaigns', 'results', 'connect', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface NavigationSlice {
  screen: Screen;
  goTo(screen: Screen): void;
}

export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set) => ({
  screen: 'contacts',
  goTo: (screen) => set({ screen }),
});

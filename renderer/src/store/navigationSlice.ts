import type { StateCreator } from 'zustand';
import type { AppState } from './useAppStore';

/** Screens in the left nav, in their order. */
export const SCREENS = ['contacts', 'labels', 'import', 'wizard', 'campaigns', 'inbox', 'automation', 'results', 'connect', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/**
 * A request to show one campaign on the Campaigns screen, its recipient list narrowed: `filter` is one of the list's
 * filters (`RECIPIENT_FILTERS`), `reason` a failure group as the report names it (`FailureReason.group`, e.g. the
 * rows the report sums under "Other reasons"). The Campaigns screen takes it once and clears it.
 */
export interface CampaignFocus {
  readonly campaignId: string;
  readonly filter?: string;
  readonly reason?: string;
}

export interface NavigationSlice {
  screen: Screen;
  goTo(screen: Screen): void;
  campaignFocus: CampaignFocus | null;
  /** Go to the Campaigns screen showing this campaign (and, given, only some of its recipients). */
  openCampaign(focus: CampaignFocus): void;
  clearCampaignFocus(): void;
}

export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set) => ({
  screen: 'contacts',
  goTo: (screen) => set({ screen }),
  campaignFocus: null,
  openCampaign: (focus) => set({ screen: 'campaigns', campaignFocus: focus }),
  clearCampaignFocus: () => set({ campaignFocus: null }),
});

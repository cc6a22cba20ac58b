/**
 * Whether the first-run setup is showing. It opens by itself once, when the core's settings first arrive and say
 * the setup was never finished or skipped; Settings can open it again. It stays out of the person's way: going to any
 * screen from the navigation closes it (it then opens again at the next start, as it is still not done), and a person
 * who already moved on before the settings arrived is not pulled back into it.
 */
import { create, type StoreApi } from 'zustand';
import type { Language } from '../../../../shared/domain/settings';
import type { AppState } from '../../store/useAppStore';

export interface SetupUiState {
  open: boolean;
  /** Set once the automatic opening was decided (opened, or not needed, or the person moved on first). */
  decided: boolean;
  /**
   * The language picked in the setup's first step, before it is saved: the whole window speaks it while the setup
   * is open, so the choice shows at once; leaving without finishing goes back to the saved language.
   */
  previewLanguage: Language | undefined;
  openSetup(): void;
  closeSetup(): void;
  previewIn(language: Language): void;
}

export const createSetupStore = () =>
  create<SetupUiState>()((set) => ({
    open: false,
    decided: false,
    previewLanguage: undefined,
    openSetup: () => set({ open: true, decided: true, previewLanguage: undefined }),
    closeSetup: () => set({ open: false, decided: true, previewLanguage: undefined }),
    previewIn: (language) => set({ previewLanguage: language }),
  }));

/** The language the window shows: the setup's preview while it is open, else the saved one. */
export function shownLanguage(saved: Language, setup: Pick<SetupUiState, 'open' | 'previewLanguage'>): Language {
  return setup.open && setup.previewLanguage !== undefined ? setup.previewLanguage : saved;
}

export const useSetupStore = createSetupStore();

/**
 * Follows the app store: opens the setup when settings first load with `setupDone` false, closes it when the screen
 * changes. Returns the unsubscribe function.
 */
export function watchFirstRun(app: Pick<StoreApi<AppState>, 'getState' | 'subscribe'>, setup: Pick<StoreApi<SetupUiState>, 'getState'>): () => void {
  const decide = (state: AppState): void => {
    const ui = setup.getState();
    if (ui.decided || !state.settingsLoaded) return;
    if (state.settings.setupDone) setup.getState().closeSetup();
    else ui.openSetup();
  };
  decide(app.getState());
  return app.subscribe((state, previous) => {
    if (state.screen !== previous.screen) {
      const ui = setup.getState();
      if (ui.open || !ui.decided) ui.closeSetup();
      return;
    }
    decide(state);
  });
}

import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/domain/settings';
import type { AppState } from './useAppStore';

/**
 * What the app core told us: settings (owned by main, mirrored here for the session) and app info, plus whether the
 * bridge is connected. `settingsLoaded` stays false until the core answered once; until then the UI uses defaults
 * from the browser's locale.
 */
export interface SessionSlice {
  settings: Settings;
  settingsLoaded: boolean;
  appInfo: AppInfo | null;
  connected: boolean;
  setSettings(settings: Settings): void;
  setAppInfo(info: AppInfo): void;
  setConnected(connected: boolean): void;
}

export const createSessionSlice =
  (initialSettings: Settings): StateCreator<AppState, [], [], SessionSlice> =>
  (set) => ({
    settings: initialSettings,
    settingsLoaded: false,
    appInfo: null,
    connected: false,
    setSettings: (settings) => set({ settings, settingsLoaded: true }),
    setAppInfo: (appInfo) => set({ appInfo }),
    setConnected: (connected) => set({ connected }),
  });

import { useEffect } from 'react';
import type { Bridge } from '../../../shared/ipc/bridge';
import { useAppStore } from './useAppStore';

/**
 * Keeps the session slice in step with the app core: loads settings and app info, follows 'settings:changed'
 * (another window or the CLI may change them), tracks the connection and reloads after a reconnect.
 */
export function useCoreSession(bridge: Bridge): void {
  useEffect(() => {
    let cancelled = false;
    const { setSettings, setAppInfo, setConnected } = useAppStore.getState();

    const load = async () => {
      const [settings, info] = await Promise.all([bridge.call('settings:get'), bridge.call('app:info')]);
      if (cancelled) return;
      if (settings.ok) setSettings(settings.value);
      if (info.ok) setAppInfo(info.value);
      // Electron never reports a connection change, so a successful answer is what says "connected".
      if (settings.ok || info.ok) setConnected(true);
      else if (settings.error.code === 'disconnected') setConnected(false);
    };

    const offConnection = bridge.onConnectionChange((connected) => {
      setConnected(connected);
      if (connected) void load();
    });
    const offEvents = bridge.onEvent((event) => {
      if (event.name === 'settings:changed') setSettings(event.payload);
    });
    void load();
    return () => {
      cancelled = true;
      offConnection();
      offEvents();
    };
  }, [bridge]);
}

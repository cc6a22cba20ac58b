/**
 * Desktop notifications and the unread badge from the renderer, in each host's way: Electron through main
 * (`app:notify`, `app:badge`: the window's own permission is denied), the browser host through the page's
 * Notification API (the person allows it once) and the Badging API where the browser has it.
 */
import type { Bridge } from '../../../../shared/ipc/bridge';
import type { Runtime } from '../../../../shared/ipc/contract';

export type PermissionState = 'granted' | 'default' | 'denied' | 'unsupported';

const pageNotifications = (): typeof Notification | undefined => (typeof Notification === 'function' ? Notification : undefined);

export function notificationPermission(runtime: Runtime | undefined): PermissionState {
  if (runtime === 'electron') return 'granted';
  const N = pageNotifications();
  return N ? N.permission : 'unsupported';
}

/** Asks the browser once (it must come from a click); Electron needs no asking. */
export async function requestNotificationPermission(runtime: Runtime | undefined): Promise<PermissionState> {
  if (runtime === 'electron') return 'granted';
  const N = pageNotifications();
  if (!N) return 'unsupported';
  try {
    return await N.requestPermission();
  } catch {
    return N.permission;
  }
}

/** Shows one notification; `onClick` brings the person to what it is about. False when it could not be shown. */
export async function showDesktopNotification(bridge: Bridge, runtime: Runtime | undefined, n: { title: string; body: string; tag?: string }, onClick: () => void): Promise<boolean> {
  if (runtime === 'electron') {
    const r = await bridge.call('app:notify', { title: n.title.slice(0, 120), body: n.body.slice(0, 300) });
    return r.ok && r.value.shown;
  }
  const N = pageNotifications();
  if (!N || N.permission !== 'granted') return false;
  try {
    const shown = new N(n.title, { body: n.body, ...(n.tag !== undefined ? { tag: n.tag } : {}) });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
    return true;
  } catch {
    return false; // some browsers only allow notifications from a service worker
  }
}

/** The unread count on the dock/taskbar (and Electron's tray); the window title says it everywhere (App.tsx). */
export function setUnreadBadge(bridge: Bridge, runtime: Runtime | undefined, count: number): void {
  if (runtime === 'electron') {
    void bridge.call('app:badge', { count });
    return;
  }
  const nav = navigator as Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  if (count > 0) void nav.setAppBadge?.(count).catch(() => undefined);
  else void nav.clearAppBadge?.().catch(() => undefined);
}

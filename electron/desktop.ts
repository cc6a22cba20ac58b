/**
 * Desktop notifications and the unread badge in Electron (issue 14 point 1). The window's own Notification API is
 * denied (window.ts hardenSession answers every permission with no), so the renderer asks main through
 * `app:notify`, and main shows Electron's `Notification`; `app:badge` sets the dock/taskbar count
 * (`app.setBadgeCount`) and the tray's tooltip. Electron's objects come in as structural ports, so this is tested
 * against test/fakes/electron.ts.
 */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface NotificationCtor {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

export interface DesktopDeps {
  Notification: NotificationCtor;
  app: { setBadgeCount(count: number): boolean };
  /** Brings the window forward (a click on a notification). */
  show: () => void;
  /** The tray's unread count, when there is a tray. */
  trayUnread?: (count: number) => void;
}

export interface Desktop {
  /** Shows one notification; false when this system has none. */
  notify(n: { title: string; body: string }): boolean;
  badge(count: number): void;
}

export function createDesktop(deps: DesktopDeps): Desktop {
  // Electron drops a Notification that nothing references before it is shown or clicked: keep them until clicked.
  const live = new Set<NotificationLike>();
  return {
    notify: ({ title, body }) => {
      if (!deps.Notification.isSupported()) return false;
      const n = new deps.Notification({ title, body });
      live.add(n);
      if (live.size > 20) live.delete(live.values().next().value!); // the oldest; at least one is there
      n.on('click', () => {
        live.delete(n);
        deps.show();
      });
      n.show();
      return true;
    },
    badge: (count) => {
      const n = Math.max(0, Math.floor(count));
      deps.app.setBadgeCount(n);
      deps.trayUnread?.(n);
    },
  };
}

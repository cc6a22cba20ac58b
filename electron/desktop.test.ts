import { beforeEach, describe, expect, it } from 'vitest';
import { FakeApp, FakeNotification } from '../test/fakes/electron';
import { createDesktop } from './desktop';

beforeEach(() => {
  FakeNotification.shown = [];
  FakeNotification.supported = true;
});

function setup() {
  const app = new FakeApp({ singleInstanceLock: true, userData: '/tmp/x', version: '1', locale: 'ko-KR' });
  const shown: string[] = [];
  const tray: number[] = [];
  const desktop = createDesktop({ Notification: FakeNotification, app, show: () => shown.push('window'), trayUnread: (n) => tray.push(n) });
  return { app, desktop, shown, tray };
}

describe('desktop notifications and the badge in Electron', () => {
  it('shows a notification with its title and text; a click brings the window forward', () => {
    const { desktop, shown } = setup();
    expect(desktop.notify({ title: '김민지', body: '결제가 안 돼요' })).toBe(true);
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([{ title: '김민지', body: '결제가 안 돼요' }]);
    FakeNotification.shown[0]!.click();
    expect(shown).toEqual(['window']);
  });

  it('says so when the system has no notifications', () => {
    FakeNotification.supported = false;
    const { desktop } = setup();
    expect(desktop.notify({ title: 'x', body: 'y' })).toBe(false);
    expect(FakeNotification.shown).toEqual([]);
  });

  it.each([
    [3, 3],
    [0, 0],
    [-2, 0],
    [2.7, 2],
  ])('badge(%s) sets the dock/taskbar count and the tray to %s', (count, expected) => {
    const { app, desktop, tray } = setup();
    desktop.badge(count);
    expect(app.badgeCount).toBe(expected);
    expect(tray).toEqual([expected]);
  });
});

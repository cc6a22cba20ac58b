import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../shared/ipc/campaigns';
import { keepRunningWithoutWindow, ShopcastTray, trayText, type MenuItemTemplate, type TrayLike } from './tray';

function campaign(name: string, state: CampaignSummary['state'], done: number, total: number): CampaignSummary {
  return {
    id: name,
    name,
    channel: 'sandbox',
    state,
    counts: { total, queued: total - done, attempting: 0, accepted: done, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 },
    promotional: true,
    test: false,
    sandbox: true,
    createdAt: 0,
    rev: 0,
    generation: 'g',
  };
}

class RecordingTray implements TrayLike {
  tooltips: string[] = [];
  menus: MenuItemTemplate[][] = [];
  click: (() => void) | undefined;
  destroyed = false;
  setToolTip(text: string) {
    this.tooltips.push(text);
  }
  setContextMenu(menu: unknown) {
    this.menus.push(menu as MenuItemTemplate[]); // buildMenu below returns the template itself
  }
  on(_event: 'click', listener: () => void) {
    this.click = listener;
    return this;
  }
  destroy() {
    this.destroyed = true;
  }
}

describe('tray', () => {
  it('says what is sending, with counts, and at most three names', () => {
    expect(trayText([])).toBe('Shopcast: not sending');
    expect(trayText([campaign('Sale', 'running', 420, 1000), campaign('Old', 'finished', 5, 5)])).toBe('Shopcast sending: Sale: 420 of 1,000');
    const many = ['A', 'B', 'C', 'D', 'E'].map((n) => campaign(n, 'running', 1, 2));
    expect(trayText(many)).toBe('Shopcast sending: A: 1 of 2; B: 1 of 2; C: 1 of 2; and 2 more');
  });

  it('keeps the app running without a window while a campaign sends or waits for its time', () => {
    expect(keepRunningWithoutWindow([campaign('a', 'finished', 1, 1), campaign('b', 'paused', 0, 1)])).toBe(false);
    expect(keepRunningWithoutWindow([campaign('a', 'running', 0, 1)])).toBe(true);
    expect(keepRunningWithoutWindow([campaign('a', 'scheduled', 0, 1)])).toBe(true);
    // The webhook receiver is on: replies and automatic answers go on from the tray.
    expect(keepRunningWithoutWindow([campaign('a', 'finished', 1, 1)], true)).toBe(true);
    expect(keepRunningWithoutWindow([], false)).toBe(false);
  });

  it('menu: open, pause all (only while sending), quit; click opens the window; unchanged text rebuilds nothing', () => {
    const fake = new RecordingTray();
    const calls: string[] = [];
    const tray = new ShopcastTray({
      createTray: () => fake,
      buildMenu: (t) => t,
      iconPath: '/icon.png',
      openWindow: () => calls.push('open'),
      pauseAll: () => calls.push('pause'),
      quit: () => calls.push('quit'),
    });
    expect(fake.menus[0]?.find((i) => i.label === 'Pause all sending')?.enabled).toBe(false);
    tray.update([campaign('Sale', 'running', 1, 10)]);
    tray.update([campaign('Sale', 'running', 1, 10)]);
    expect(fake.menus).toHaveLength(2);
    const menu = fake.menus[1]!;
    expect(menu.find((i) => i.label === 'Pause all sending')?.enabled).toBe(true);
    menu.find((i) => i.label === 'Pause all sending')?.click?.();
    menu.find((i) => i.label === 'Open Shopcast')?.click?.();
    menu.find((i) => i.label?.startsWith('Quit'))?.click?.();
    fake.click?.();
    expect(calls).toEqual(['pause', 'open', 'quit', 'open']);
    tray.destroy();
    expect(fake.destroyed).toBe(true);
  });

  it('the tooltip adds the unread customer messages after what is sending, and drops them at 0', () => {
    const fake = new RecordingTray();
    const tray = new ShopcastTray({ createTray: () => fake, buildMenu: (t) => t, iconPath: '/icon.png', openWindow: () => undefined, pauseAll: () => undefined, quit: () => undefined });
    tray.update([campaign('Sale', 'running', 1, 10)]);
    tray.setUnread(1);
    expect(fake.tooltips.at(-1)).toBe('Shopcast sending: Sale: 1 of 10 · 1 unread message');
    tray.setUnread(1_234);
    expect(fake.tooltips.at(-1)).toBe('Shopcast sending: Sale: 1 of 10 · 1,234 unread messages');
    tray.setUnread(0);
    expect(fake.tooltips.at(-1)).toBe('Shopcast sending: Sale: 1 of 10');
  });
});

/**
 * The tray icon (where the desktop has one): sending goes on after the window is closed, and the tray says how far
 * it got ("Shopcast — Sale: 420 of 1,000 sent"), reopens the window, pauses everything, or quits.
 * Electron's Tray and Menu are passed in (structural types), so this is unit-tested without Electron.
 */
import { handledCount, type CampaignSummary } from '../shared/ipc/campaigns';

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface MenuItemTemplate {
  label?: string;
  type?: 'separator' | 'normal';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayDeps {
  createTray: (iconPath: string) => TrayLike;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  iconPath: string;
  openWindow: () => void;
  pauseAll: () => void;
  quit: () => void;
}

/** The tooltip: what is sending now, or that nothing is. English: the OS tray has no access to the UI language yet. */
export function trayText(campaigns: readonly CampaignSummary[]): string {
  const running = campaigns.filter((c) => c.state === 'running');
  if (running.length === 0) return 'Shopcast: not sending';
  const parts = running.slice(0, 3).map((c) => {
    const done = handledCount(c.counts);
    return `${c.name}: ${done.toLocaleString('en')} of ${c.counts.total.toLocaleString('en')}`;
  });
  if (running.length > 3) parts.push(`and ${running.length - 3} more`);
  return `Shopcast sending: ${parts.join('; ')}`;
}

/**
 * Whether closing the last window should quit: not while a campaign is sending or scheduled (they would stop), nor
 * while the webhook receiver is on (customers' replies, STOPs and the shop's automatic answers go on in main, and
 * new messages are notified from the tray: windowlessNotices.ts).
 */
export function keepRunningWithoutWindow(campaigns: readonly CampaignSummary[], receiving = false): boolean {
  return receiving || campaigns.some((c) => c.state === 'running' || c.state === 'scheduled');
}

export class ShopcastTray {
  private readonly tray: TrayLike;
  private lastText = '';

  constructor(private readonly deps: TrayDeps) {
    this.tray = deps.createTray(deps.iconPath);
    this.tray.on('click', () => deps.openWindow());
    this.update([]);
  }

  private campaigns: readonly CampaignSummary[] = [];
  private unread = 0;

  /** Customer messages nobody has read yet (the renderer's count, through `app:badge`), after what is sending. */
  setUnread(count: number): void {
    this.unread = count;
    this.update(this.campaigns);
  }

  update(campaigns: readonly CampaignSummary[]): void {
    this.campaigns = campaigns;
    const text = this.unread > 0 ? `${trayText(campaigns)} · ${this.unread.toLocaleString('en')} unread ${this.unread === 1 ? 'message' : 'messages'}` : trayText(campaigns);
    if (text === this.lastText) return;
    this.lastText = text;
    this.tray.setToolTip(text);
    const sending = campaigns.some((c) => c.state === 'running');
    this.tray.setContextMenu(
      this.deps.buildMenu([
        { label: text, enabled: false },
        { type: 'separator' },
        { label: 'Open Shopcast', click: () => this.deps.openWindow() },
        { label: 'Pause all sending', enabled: sending, click: () => this.deps.pauseAll() },
        { type: 'separator' },
        { label: sending ? 'Quit (sending pauses until Shopcast opens again)' : 'Quit Shopcast', click: () => this.deps.quit() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}

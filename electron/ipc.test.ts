import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron, FakeIpcMain } from '../test/fakes/electron';
import type { Fs } from './adapters/fs';
import { createCore } from './services/core';
import { registerIpc } from './ipc';
import { CHANNELS } from '../shared/ipc/contract';
import { EVENT_PUSH_CHANNEL } from '../shared/ipc/bridge';

/** An in-memory disk, so the real core and settings service run without touching the real one. */
function memoryFs(): Fs {
  const files = new Map<string, string>();
  return {
    readText: async (path) => files.get(path),
    writeTextAtomic: async (path, text) => void files.set(path, text),
  };
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const core = createCore({
    fs: memoryFs(),
    dataDir: '/data',
    runtime: 'electron',
    version: '1.2.3',
    platform: 'linux',
    locale: 'ko-KR',
  });
  const fake = createFakeElectron();
  fake.app.becomeReady();
  const errors: unknown[] = [];
  const dispose = registerIpc({
    ipcMain,
    core,
    windows: () => fake.BrowserWindow.getAllWindows(),
    onUnexpectedError: (_where, error) => errors.push(error),
  });
  return { ipcMain, core, fake, dispose, errors };
}

const APP_FRAME = 'app://shopcast/index.html';

describe('registerIpc: handlers', () => {
  it('registers a handler for every channel of the contract and nothing else', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers a call from our own page with the handler result', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke('app:info', APP_FRAME);
    expect(result).toMatchObject({ ok: true, value: { name: 'Shopcast', runtime: 'electron', version: '1.2.3' } });
  });

  it('accepts calls from any page of our origin, not just index.html', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('app:info', 'app://shopcast/campaigns/1')).toMatchObject({ ok: true });
  });

  it('passes the input through the contract parser', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke('settings:update', APP_FRAME, { shopName: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it.each([
    ['a file:// page', 'file:///C:/Users/shop/evil.html'],
    ['an http page', 'http://127.0.0.1:5173/'],
    ['a remote https page', 'https://example.com/'],
    ['another app:// host', 'app://evil/index.html'],
    ['a look-alike with credentials', 'app://shopcast@evil/index.html'],
    ['an about:blank frame', 'about:blank'],
    ['an empty URL', ''],
  ])('refuses a call from %s as forbidden', async (_name, url) => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('app:info', url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a call whose sender frame is gone', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.invoke('app:info', null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a call when reading the sender frame throws', async () => {
    const { ipcMain } = setup();
    const handler = ipcMain.handlers.get('app:info');
    const event = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(await handler?.(event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('runs nothing for a forbidden call', async () => {
    const { ipcMain, core } = setup();
    const update = vi.spyOn(core.settings, 'update');
    await ipcMain.invoke('settings:update', 'https://example.com/', { shopName: 'Evil' });
    expect(update).not.toHaveBeenCalled();
    expect((await core.settings.get()).shopName).toBe('');
  });

  it('turns an unexpected handler error into a generic internal error and reports it', async () => {
    const { ipcMain, core, errors } = setup();
    vi.spyOn(core.settings, 'get').mockRejectedValue(new Error('disk on fire'));
    const result = await ipcMain.invoke('settings:get', APP_FRAME);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(errors).toHaveLength(1);
  });

  it('removes every handler when disposed', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('registerIpc: pushed events', () => {
  it('forwards core events to every window showing our page', () => {
    const { core, fake } = setup();
    const a = new fake.BrowserWindow();
    const b = new fake.BrowserWindow();
    void a.loadURL(APP_FRAME);
    void b.loadURL(APP_FRAME);
    const event = core.events.emit('settings:changed', { shopName: 'Kim', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true });
    expect(a.webContents.sent).toEqual([{ channel: EVENT_PUSH_CHANNEL, args: [event] }]);
    expect(b.webContents.sent).toEqual([{ channel: EVENT_PUSH_CHANNEL, args: [event] }]);
  });

  it('does not push to a window showing another origin', () => {
    const { core, fake } = setup();
    const win = new fake.BrowserWindow();
    void win.loadURL('https://example.com/');
    core.events.emit('settings:changed', { shopName: 'Kim', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true });
    expect(win.webContents.sent).toEqual([]);
  });

  it('skips closed windows and keeps pushing to the others', () => {
    const { core, fake } = setup();
    const closed = new fake.BrowserWindow();
    const open = new fake.BrowserWindow();
    void closed.loadURL(APP_FRAME);
    void open.loadURL(APP_FRAME);
    closed.close();
    core.events.emit('settings:changed', { shopName: 'Kim', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true });
    expect(open.webContents.sent).toHaveLength(1);
  });

  it('keeps pushing to other windows when sending to one throws', () => {
    const { core, fake, errors } = setup();
    const broken = new fake.BrowserWindow();
    const fine = new fake.BrowserWindow();
    void broken.loadURL(APP_FRAME);
    void fine.loadURL(APP_FRAME);
    broken.webContents.destroy(); // contents gone while the window object still says it is open
    core.events.emit('settings:changed', { shopName: 'Kim', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true });
    expect(fine.webContents.sent).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it('stops pushing once disposed', () => {
    const { core, fake, dispose } = setup();
    const win = new fake.BrowserWindow();
    void win.loadURL(APP_FRAME);
    dispose();
    core.events.emit('settings:changed', { shopName: 'Kim', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true });
    expect(win.webContents.sent).toEqual([]);
  });
});

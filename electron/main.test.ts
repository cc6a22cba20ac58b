import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, FakeTray, type FakeElectron, type FakeElectronOptions } from '../test/fakes/electron';
import { CHANNELS } from '../shared/ipc/contract';

const userData = mkdtempSync(join(tmpdir(), 'shopcast-main-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

/** Runs main.ts's top level afresh against a new fake electron module. */
async function loadMain(options: FakeElectronOptions = {}): Promise<{ fake: FakeElectron; started: Promise<void> }> {
  const fake = createFakeElectron({ userData, version: '9.8.7', ...options });
  vi.resetModules();
  vi.doMock('electron', () => fake);
  const { started } = await import('./main');
  return { fake, started };
}

/** Loads main.ts, lets the fake app become ready and waits until main has finished starting. */
async function startMain(options: FakeElectronOptions = {}): Promise<FakeElectron> {
  const { fake, started } = await loadMain(options);
  fake.app.becomeReady();
  await started;
  return fake;
}

afterEach(() => {
  vi.doUnmock('electron');
});

describe('main: single instance', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { fake } = await loadMain({ singleInstanceLock: false });
    expect(fake.app.quitCount).toBe(1);
  });

  it('creates no window when another instance holds the lock, even once ready', async () => {
    const { fake, started } = await loadMain({ singleInstanceLock: false });
    fake.app.becomeReady();
    await started;
    expect(fake.windows).toHaveLength(0);
  });

  it('registers no IPC handler when another instance holds the lock', async () => {
    const { fake, started } = await loadMain({ singleInstanceLock: false });
    fake.app.becomeReady();
    await started;
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('brings the existing window forward, restored, when a second instance starts', async () => {
    const fake = await startMain();
    const [win] = fake.windows;
    if (!win) throw new Error('no window');
    win.minimized = true;
    fake.app.emit('second-instance', {}, ['shopcast'], '/');
    expect(win.restoreCount).toBe(1);
    expect(win.focusCount).toBe(1);
  });

  it('ignores a second instance that starts before the window exists', async () => {
    const { fake } = await loadMain();
    expect(() => fake.app.emit('second-instance', {}, ['shopcast'], '/')).not.toThrow();
  });
});

describe('main: before ready', () => {
  it('registers app:// as a privileged standard, secure, fetchable scheme before the app is ready', async () => {
    const { fake } = await loadMain();
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('turns on the sandbox for every renderer', async () => {
    const { fake } = await loadMain();
    expect(fake.app.sandboxEnabled).toBe(true);
  });

  it('creates no window before the app is ready', async () => {
    const { fake } = await loadMain();
    expect(fake.windows).toHaveLength(0);
  });
});

describe('main: once ready', () => {
  it('creates one window with the secure options and the bundled preload', async () => {
    const fake = await startMain();
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]?.options).toMatchObject({
      webPreferences: { preload: join(__dirname, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
  });

  it('loads the app from app://shopcast/index.html', async () => {
    const fake = await startMain();
    expect(fake.windows[0]?.webContents.getURL()).toBe('app://shopcast/index.html');
  });

  it('serves the app:// scheme from the renderer build', async () => {
    const fake = await startMain();
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
  });

  it('registers an IPC handler for every channel of the contract', async () => {
    const fake = await startMain();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('wires the core with Electron facts: runtime, version and data folder', async () => {
    const fake = await startMain();
    const info = await fake.ipcMain.invoke('app:info', 'app://shopcast/index.html');
    expect(info).toEqual({
      ok: true,
      value: { name: 'Shopcast', runtime: 'electron', version: '9.8.7', dataDir: userData, platform: process.platform },
    });
  });

  it('denies browser permissions in the default session', async () => {
    const fake = await startMain();
    expect(await fake.session.defaultSession.requestPermission('media')).toBe(false);
  });

  it('hardens web contents the app creates later', async () => {
    const fake = await startMain();
    const popup = new fake.BrowserWindow();
    expect(popup.webContents.attemptNavigation('https://example.com/')).toBe(false);
  });
});

describe('main: window lifecycle', () => {
  it('quits when the last window closes on Windows and Linux', async () => {
    const fake = await startMain();
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('win32');
    fake.windows[0]?.close();
    platform.mockRestore();
    // Quitting waits for the campaign list: nothing is sending, so the app quits.
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1), { timeout: 10_000 });
  });

  it('shows a tray icon that says what is sending and brings a closed window back', async () => {
    FakeTray.instances.length = 0;
    const fake = await startMain();
    const tray = FakeTray.instances.at(-1);
    expect(tray?.icon).toMatch(/tray\.png$/);
    await vi.waitFor(() => expect(tray?.tooltip).toBe('Shopcast: not sending'), { timeout: 10_000 });
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('darwin');
    fake.windows[0]?.close();
    platform.mockRestore();
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(0);
    tray?.click();
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('still starts, and quits on close, on a desktop without a tray', async () => {
    FakeTray.unsupported = true;
    try {
      const fake = await startMain();
      expect(fake.windows).toHaveLength(1);
      const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
      fake.windows[0]?.close();
      platform.mockRestore();
      expect(fake.app.quitCount).toBe(1);
    } finally {
      FakeTray.unsupported = false;
    }
  });

  it('keeps running when the last window closes on macOS', async () => {
    const fake = await startMain();
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('darwin');
    fake.windows[0]?.close();
    platform.mockRestore();
    expect(fake.app.quitCount).toBe(0);
  });

  it('opens a new window on activate when none is open', async () => {
    const fake = await startMain();
    fake.windows[0]?.close();
    fake.app.emit('activate');
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('does not open a second window on activate when one is open', async () => {
    const fake = await startMain();
    fake.app.emit('activate');
    expect(fake.windows).toHaveLength(1);
  });

  it('brings the re-created window forward on a second instance', async () => {
    const fake = await startMain();
    fake.windows[0]?.close();
    fake.app.emit('activate');
    fake.app.emit('second-instance', {}, ['shopcast'], '/');
    expect(fake.windows[1]?.focusCount).toBe(1);
  });
});

describe('main: failed start', () => {
  it('exits with an error instead of lingering without a window', async () => {
    const { fake, started } = await loadMain();
    fake.protocol.handle = () => {
      throw new Error('scheme already handled');
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.app.becomeReady();
    await started;
    expect(fake.app.exitCode).toBe(1);
    expect(fake.windows).toHaveLength(0);
  });
});

describe('main: sending', () => {
  it('holds quitting until sending has paused and the data-folder lock is released, then quits', async () => {
    const fake = await startMain();
    const { existsSync } = await import('node:fs');
    const lock = join(userData, 'sending.lock');
    await vi.waitFor(() => expect(existsSync(lock)).toBe(true), { timeout: 10_000 }); // core.start() took the data-folder lock
    let prevented = 0;
    const quitsBefore = fake.app.quitCount;
    fake.app.emit('before-quit', { preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(quitsBefore + 1), { timeout: 10_000 });
    expect(existsSync(lock)).toBe(false);
    fake.app.emit('before-quit', { preventDefault: () => (prevented += 1) }); // the quit that follows goes through
    expect(prevented).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFakeElectron, FakeEvent, FakeSession, FakeShell, FakeWebContents } from '../test/fakes/electron';
import { contentSecurityPolicy } from './security';
import {
  createMainWindow,
  hardenAllWebContents,
  hardenSession,
  hardenWebContents,
  openExternalSafely,
  revealWindow,
  WINDOW_BACKGROUND,
} from './window';

function hardenedContents() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  hardenWebContents(contents, shell);
  return { contents, shell };
}

function createWindow(preloadPath = '/app/dist/electron/preload.cjs') {
  const fake = createFakeElectron();
  fake.app.becomeReady();
  const win = createMainWindow({ BrowserWindow: fake.BrowserWindow, shell: fake.shell, preloadPath });
  return { fake, win };
}

describe('createMainWindow: options', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['disableBlinkFeatures', 'Auxclick'],
  ])('sets webPreferences.%s to %s', (key, value) => {
    const { win } = createWindow();
    expect(win.options).toMatchObject({ webPreferences: { [key]: value } });
  });

  it('loads the given preload script', () => {
    const { win } = createWindow('/somewhere/preload.cjs');
    expect(win.options).toMatchObject({ webPreferences: { preload: '/somewhere/preload.cjs' } });
  });

  it('opens a 1200×800 window titled Shopcast that cannot shrink below 900×600', () => {
    const { win } = createWindow();
    expect(win.options).toMatchObject({ width: 1200, height: 800, minWidth: 900, minHeight: 600, title: 'Shopcast' });
  });

  it('starts hidden, painted in the app background colour', () => {
    const { win } = createWindow();
    expect(win.options).toMatchObject({ show: false, backgroundColor: WINDOW_BACKGROUND });
  });

  it('uses the same background colour as the renderer, so the first paint does not flash', () => {
    const css = readFileSync(new URL('../renderer/src/styles.css', import.meta.url), 'utf8');
    expect(css).toContain(`--bg: ${WINDOW_BACKGROUND};`);
  });
});

describe('createMainWindow: behaviour', () => {
  it('loads the app from app://shopcast/index.html', () => {
    const { win } = createWindow();
    expect(win.webContents.getURL()).toBe('app://shopcast/index.html');
  });

  it('shows the window only once it is ready to show', () => {
    const { win } = createWindow();
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('hardens the window even when no web-contents-created hook is installed', () => {
    const { win } = createWindow();
    expect(win.webContents.attemptNavigation('https://example.com/')).toBe(false);
  });
});

describe('hardenWebContents: navigation', () => {
  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://shopcast@evil/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
  ])('blocks navigation to %s', (url) => {
    const { contents } = hardenedContents();
    expect(contents.attemptNavigation(url)).toBe(false);
  });

  it('lets the app navigate within its own origin', () => {
    const { contents } = hardenedContents();
    expect(contents.attemptNavigation('app://shopcast/campaigns')).toBe(true);
  });

  it('blocks redirects away from the app origin', () => {
    const { contents } = hardenedContents();
    expect(contents.attemptNavigation('https://example.com/', 'will-redirect')).toBe(false);
  });

  it('lets redirects stay within the app origin', () => {
    const { contents } = hardenedContents();
    expect(contents.attemptNavigation('app://shopcast/index.html', 'will-redirect')).toBe(true);
  });

  it('falls back to the URL argument when the event carries none', () => {
    const { contents } = hardenedContents();
    const event = new FakeEvent(undefined);
    contents.emit('will-navigate', event, 'https://example.com/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('blocks navigation when no URL is known at all', () => {
    const { contents } = hardenedContents();
    const event = new FakeEvent(undefined);
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('never lets a <webview> attach', () => {
    const { contents } = hardenedContents();
    expect(contents.attemptWebviewAttach()).toBe(false);
  });

  it('registers its listeners once even when called twice for the same contents', () => {
    const { contents, shell } = hardenedContents();
    hardenWebContents(contents, shell);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('hardenWebContents: new windows', () => {
  it('denies window.open for an allow-listed link', () => {
    const { contents } = hardenedContents();
    expect(contents.attemptWindowOpen('https://wa.me/821012345678')).toBe('deny');
  });

  it('hands an allow-listed link to the operating system browser', () => {
    const { contents, shell } = hardenedContents();
    contents.attemptWindowOpen('https://wa.me/821012345678');
    expect(shell.opened).toEqual(['https://wa.me/821012345678']);
  });

  it.each(['https://example.com/', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'app://shopcast/'])(
    'denies window.open for %s and opens nothing',
    (url) => {
      const { contents, shell } = hardenedContents();
      expect(contents.attemptWindowOpen(url)).toBe('deny');
      expect(shell.opened).toEqual([]);
    },
  );
});

describe('hardenAllWebContents', () => {
  it('hardens web contents created after it is installed', () => {
    const fake = createFakeElectron();
    hardenAllWebContents(fake.app, fake.shell);
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.attemptWebviewAttach()).toBe(false);
    expect(contents.attemptWindowOpen('https://example.com/')).toBe('deny');
    expect(contents.attemptNavigation('https://example.com/')).toBe(false);
  });
});

describe('openExternalSafely', () => {
  it.each([
    ['https://wa.me/821012345678?text=hi', true],
    ['https://business.facebook.com/settings', true],
    ['http://wa.me/821012345678', false],
    ['https://wa.me.evil.com/', false],
    ['https://user:pass@wa.me/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['', false],
    [42, false],
  ])('%s → opened: %s', async (url, expected) => {
    const shell = new FakeShell();
    expect(await openExternalSafely(shell, url)).toBe(expected);
    expect(shell.opened).toEqual(expected ? [url] : []);
  });

  it('reports false instead of throwing when the operating system refuses', async () => {
    const shell = { openExternal: () => Promise.reject(new Error('no browser')) };
    expect(await openExternalSafely(shell, 'https://wa.me/1')).toBe(false);
  });
});

describe('hardenSession', () => {
  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'unknown'])(
    'denies a request for the %s permission',
    async (permission) => {
      const session = new FakeSession();
      hardenSession(session);
      expect(await session.requestPermission(permission)).toBe(false);
    },
  );

  it('answers every permission check with no', () => {
    const session = new FakeSession();
    hardenSession(session);
    expect(session.permissionCheckHandler?.(null, 'clipboard-sanitized-write')).toBe(false);
  });

  it('adds our CSP to a response that has none', () => {
    const session = new FakeSession();
    hardenSession(session);
    const headers = session.receiveHeaders('app://shopcast/index.html', { 'Content-Type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('replaces a weaker CSP header whatever its spelling', () => {
    const session = new FakeSession();
    hardenSession(session);
    const headers = session.receiveHeaders('app://shopcast/index.html', { 'content-security-policy': ['default-src *'] });
    expect(headers).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy()] });
  });
});

describe('revealWindow', () => {
  function windowFor() {
    const fake = createFakeElectron();
    fake.app.becomeReady();
    return new fake.BrowserWindow();
  }

  it('restores a minimised window, shows and focuses it', () => {
    const win = windowFor();
    win.minimized = true;
    revealWindow(win);
    expect({ restored: win.restoreCount, shown: win.shown, focused: win.focusCount }).toEqual({
      restored: 1,
      shown: true,
      focused: 1,
    });
  });

  it('does not restore a window that is not minimised', () => {
    const win = windowFor();
    revealWindow(win);
    expect(win.restoreCount).toBe(0);
    expect(win.focusCount).toBe(1);
  });

  it('leaves a closed window alone', () => {
    const win = windowFor();
    win.close();
    revealWindow(win);
    expect(win.focusCount).toBe(0);
  });

  it('does nothing when there is no window yet', () => {
    expect(() => revealWindow(undefined)).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { browserArgs, chooseToken, DEFAULT_PORT, defaultDataDir, findBrowser, launchPage, parseHostArgs, RECONNECT_GRACE_MS, whyNoWindow, windowDecision } from './launch';

describe('parseHostArgs', () => {
  it('defaults to the fixed port, opening a window, with no folders given', () => {
    expect(parseHostArgs([])).toEqual({ ok: true, args: { port: DEFAULT_PORT, open: true, help: false } });
  });

  it.each([
    [['--port', '8080'], { port: 8080 }],
    [['--port=0'], { port: 0 }],
    [['--no-open'], { open: false }],
    [['--help'], { help: true }],
    [['-h'], { help: true }],
    [['--data-dir', '/srv/shop'], { dataDir: '/srv/shop' }],
    [['--data-dir=/srv/shop'], { dataDir: '/srv/shop' }],
    [['--renderer-dir', 'dist/renderer-bench'], { rendererDir: 'dist/renderer-bench' }],
    [['--test-clock-start', '2026-12-01T20:59:40Z'], { testClockStart: Date.UTC(2026, 11, 1, 20, 59, 40) }],
    [['--test-clock-start=2026-12-02T05:59:40+09:00'], { testClockStart: Date.UTC(2026, 11, 1, 20, 59, 40) }],
  ])('reads %j', (argv, expected) => {
    const r = parseHostArgs(argv);
    expect(r.ok && r.args).toMatchObject(expected);
  });

  it.each([
    [['--port'], /--port needs a number/],
    [['--port', 'abc'], /--port needs a number/],
    [['--port', '70000'], /--port needs a number/],
    [['--port', '-1'], /--port needs a number/],
    [['--port', '80.5'], /--port needs a number/],
    [['--data-dir'], /--data-dir needs a folder/],
    // A local time would be read in the machine's zone, which is exactly what the option exists to avoid.
    [['--test-clock-start', '2026-12-02T05:59:40'], /--test-clock-start needs an instant with its zone/],
    [['--test-clock-start', 'tomorrow'], /--test-clock-start needs an instant with its zone/],
    [['--test-clock-start'], /--test-clock-start needs an instant with its zone/],
    [['--open-everything'], /Unknown option "--open-everything"/],
    [['stray'], /Unknown option "stray"/],
  ])('refuses %j with a clear message', (argv, message) => {
    const r = parseHostArgs(argv);
    expect(r.ok ? '' : r.error).toMatch(message);
  });
});

describe('defaultDataDir: the folder Electron would use as userData', () => {
  it.each([
    ['linux', {}, '/home/min/.config/Shopcast'],
    ['linux', { XDG_CONFIG_HOME: '/home/min/cfg' }, '/home/min/cfg/Shopcast'],
    ['linux', { XDG_CONFIG_HOME: '' }, '/home/min/.config/Shopcast'],
    ['freebsd', {}, '/home/min/.config/Shopcast'],
    ['darwin', {}, '/home/min/Library/Application Support/Shopcast'],
    ['win32', { APPDATA: 'C:\\Users\\min\\AppData\\Roaming' }, 'C:\\Users\\min\\AppData\\Roaming\\Shopcast'],
  ] as const)('on %s with %j is %s', (platform, env, expected) => {
    expect(defaultDataDir(platform, env, '/home/min')).toBe(expected);
  });
});

describe('findBrowser', () => {
  const only = (...present: string[]) => (path: string) => present.includes(path);

  it.each([
    ['linux', {}, ['/usr/bin/chromium', '/usr/bin/google-chrome'], '/usr/bin/chromium'],
    ['linux', {}, ['/usr/bin/google-chrome-stable'], '/usr/bin/google-chrome-stable'],
    ['linux', { SHOPCAST_CHROMIUM: '/opt/c/chrome' }, ['/opt/c/chrome', '/usr/bin/chromium'], '/opt/c/chrome'],
    ['darwin', {}, ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    [
      'win32',
      { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' },
      ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    ],
  ] as const)('on %s with %j finds the first installed of %j', (platform, env, present, expected) => {
    expect(findBrowser(platform, env, '/home/min', only(...present))).toBe(expected);
  });

  it('finds nothing when no Chromium-family browser is installed', () => {
    expect(findBrowser('linux', {}, '/home/min', only('/usr/bin/firefox'))).toBeUndefined();
  });
});

describe('whyNoWindow', () => {
  it.each([
    [{ open: false, platform: 'darwin', env: {} }, /--no-open/],
    [{ open: true, platform: 'linux', env: { CI: 'true', DISPLAY: ':0' } }, /CI/],
    [{ open: true, platform: 'linux', env: {} }, /no display/],
  ] as const)('refuses %j', (opts, reason) => {
    expect(whyNoWindow(opts)).toMatch(reason);
  });

  it.each([
    { open: true, platform: 'linux', env: { DISPLAY: ':0' } },
    { open: true, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } },
    { open: true, platform: 'darwin', env: {} },
    { open: true, platform: 'win32', env: {} },
  ] as const)('allows %j', (opts) => {
    expect(whyNoWindow(opts)).toBeUndefined();
  });
});

describe('browserArgs', () => {
  it('opens an app window on a dedicated profile with no background traffic and no translate bar', () => {
    expect(browserArgs('http://127.0.0.1:1/#token=t', '/data/browser-profile', false)).toEqual([
      '--app=http://127.0.0.1:1/#token=t',
      '--user-data-dir=/data/browser-profile',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate',
    ]);
  });

  it('turns the sandbox off only when running as root, where Chromium would not start otherwise', () => {
    expect(browserArgs('u', 'p', true)).toContain('--no-sandbox');
    expect(browserArgs('u', 'p', false)).not.toContain('--no-sandbox');
  });
});

describe('the launch page', () => {
  it('forwards to the app address, escaped for an HTML attribute', () => {
    expect(launchPage('http://127.0.0.1:1/#token=ab&x="<y')).toContain('content="0;url=http://127.0.0.1:1/#token=ab&amp;x=&quot;&lt;y"');
  });
});

describe('chooseToken (a restart keeps the open window working)', () => {
  const old = 'a'.repeat(64);
  const fresh = (): string => 'f'.repeat(64);
  it.each([
    ['the same fixed port keeps the token', { port: 47321, token: old }, 47321, old, true],
    ['no session file gets a fresh one', undefined, 47321, 'f'.repeat(64), false],
    ['another port gets a fresh one', { port: 47000, token: old }, 47321, 'f'.repeat(64), false],
    ['port 0 always gets a fresh one', { port: 0, token: old }, 0, 'f'.repeat(64), false],
    ['a token that is not 64 hex digits is not kept', { port: 47321, token: 'short' }, 47321, 'f'.repeat(64), false],
    ['an upper-case or padded token is not kept', { port: 47321, token: `${'A'.repeat(64)}` }, 47321, 'f'.repeat(64), false],
  ] as const)('%s', (_name, previous, port, token, reused) => {
    expect(chooseToken(previous, port, fresh)).toEqual({ token, reused });
  });
});

describe('windowDecision (never two windows)', () => {
  it.each([
    ['a first launch opens at once', 0, false, 0, 'open'],
    ['a restart waits for the old window', 0, true, 0, 'wait'],
    ['a restart still waits just before the grace ends', 0, true, RECONNECT_GRACE_MS - 1, 'wait'],
    ['a restart opens a window when none came back', 0, true, RECONNECT_GRACE_MS, 'open'],
    ['a window that reconnected is not doubled', 1, true, 100, 'skip'],
    ['a connected window is never doubled, even late', 2, false, RECONNECT_GRACE_MS * 3, 'skip'],
  ] as const)('%s', (_name, connectedWindows, tokenReused, sinceStartMs, expected) => {
    expect(windowDecision({ connectedWindows, tokenReused, sinceStartMs })).toBe(expected);
  });
});

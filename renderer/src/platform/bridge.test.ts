/**
 * The bridge against a REAL browser-host server on 127.0.0.1 (the `ws` client stands in for the browser's
 * WebSocket), and against a preload-shaped API backed by the real core for the Electron side.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { nodeFs } from '../../../electron/adapters/fs';
import { startHostServer, type HostServer } from '../../../electron/host/server';
import { createCore, type Core } from '../../../electron/services/core';
import type { PreloadApi } from '../../../shared/ipc/bridge';
import { CHANNELS, type PushedEvent } from '../../../shared/ipc/contract';
import { dispatch, type Handlers } from '../../../shared/ipc/dispatch';
import { createBridge, TOKEN_STORAGE_KEY, type BridgeEnvironment, type ClosableBridge, type WebSocketConstructor } from './bridge';

const TOKEN = '0123456789abcdef'.repeat(4);

let tmp: string;
let core: Core;
let handlers: Handlers;
let server: HostServer;
let port = 0;
const bridges: ClosableBridge[] = [];

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** The browser sends its page's Origin on every WebSocket; the `ws` client needs to be told. */
function browserLikeWebSocket(origin: string): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  };
}

async function startServer(): Promise<void> {
  server = await startHostServer({ core: { handlers, events: core.events }, rendererDir: join(tmp, 'renderer'), port, host: '127.0.0.1', token: TOKEN });
  port = server.port;
}

function pageEnv(overrides: Partial<BridgeEnvironment> = {}): BridgeEnvironment & { replaced: string[]; storage: MemoryStorage } {
  const replaced: string[] = [];
  const storage = new MemoryStorage();
  return {
    location: { hash: `#token=${TOKEN}`, host: `127.0.0.1:${port}`, pathname: '/', search: '' },
    history: { replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void replaced.push(String(url)) },
    sessionStorage: storage,
    WebSocket: browserLikeWebSocket(`http://127.0.0.1:${port}`),
    replaced,
    storage,
    ...overrides,
  };
}

function track(bridge: ClosableBridge): ClosableBridge {
  bridges.push(bridge);
  return bridge;
}

/** Resolves when the bridge reports the given connection state (it reports the current one on subscription). */
function whenConnected(bridge: ClosableBridge, wanted: boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = bridge.onConnectionChange((connected) => {
      if (connected !== wanted) return;
      queueMicrotask(() => off());
      resolve();
    });
  });
}

/** Collects delivered events; `until(n)` resolves once n have arrived. */
function collect(bridge: ClosableBridge): { seen: PushedEvent[]; until(count: number): Promise<PushedEvent[]> } {
  const seen: PushedEvent[] = [];
  const waiters: Array<() => void> = [];
  bridge.onEvent((event) => {
    seen.push(event);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    seen,
    async until(count) {
      while (seen.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return seen;
    },
  };
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'shopcast-bridge-'));
  await mkdir(join(tmp, 'renderer'));
  await writeFile(join(tmp, 'renderer', 'index.html'), '<!doctype html>');
  core = createCore({ fs: nodeFs, dataDir: join(tmp, 'data'), runtime: 'browser-host', version: '1.2.3', platform: 'linux', locale: 'ko-KR' });
  handlers = { ...core.handlers };
  port = 0;
  await startServer();
});

afterEach(async () => {
  for (const bridge of bridges.splice(0)) bridge.close();
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('the session token', () => {
  it('is taken from the hash, kept in sessionStorage and removed from the address bar', async () => {
    const env = pageEnv({ location: { hash: `#token=${TOKEN}`, host: `127.0.0.1:${port}`, pathname: '/', search: '?lang=ko' } });
    track(createBridge(env));
    expect(env.storage.getItem(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(env.replaced).toEqual(['/?lang=ko']);
  });

  it('leaves the other parts of the hash in place', () => {
    const env = pageEnv({ location: { hash: `#view=contacts&token=${TOKEN}`, host: `127.0.0.1:${port}`, pathname: '/', search: '' } });
    track(createBridge(env));
    expect(env.replaced).toEqual(['/#view=contacts']);
  });

  it('comes from sessionStorage after a reload, when the hash no longer has it', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, TOKEN);
    const bridge = track(createBridge(pageEnv({ sessionStorage: storage, location: { hash: '', host: `127.0.0.1:${port}`, pathname: '/', search: '' } })));
    expect(await bridge.call('app:info')).toMatchObject({ ok: true, value: { runtime: 'browser-host' } });
  });

  it('is required: without one, createBridge throws so the app can show that it is not connected', () => {
    expect(() => createBridge(pageEnv({ location: { hash: '', host: `127.0.0.1:${port}`, pathname: '/', search: '' } }))).toThrow(/token/);
  });

  it('ignores a token that is not plausibly the host\'s (it could not be a subprotocol name)', () => {
    expect(() => createBridge(pageEnv({ location: { hash: '#token=a b,c', host: `127.0.0.1:${port}`, pathname: '/', search: '' } }))).toThrow(/token/);
  });
});

describe('the WebSocket bridge', () => {
  it('reports the browser-host runtime', () => {
    expect(track(createBridge(pageEnv())).runtime).toBe('browser-host');
  });

  it('round-trips settings through the real core, with calls made before the socket opened', async () => {
    const bridge = track(createBridge(pageEnv()));
    const updated = await bridge.call('settings:update', { shopName: '꽃집 Bloom' });
    expect(updated).toEqual({ ok: true, value: { shopName: '꽃집 Bloom', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: false } });
    expect(await bridge.call('settings:get')).toEqual(updated);
  });

  it('returns the core\'s error values unchanged', async () => {
    const bridge = track(createBridge(pageEnv()));
    expect(await bridge.call('settings:update', { shopName: 'x'.repeat(81) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('reports disconnected, then connected once the catch-up is done', async () => {
    const bridge = track(createBridge(pageEnv()));
    const states: boolean[] = [];
    bridge.onConnectionChange((c) => states.push(c));
    await whenConnected(bridge, true);
    expect(states).toEqual([false, true]);
  });

  it('delivers a pushed event once, with its sequence number', async () => {
    const bridge = track(createBridge(pageEnv()));
    const events = collect(bridge);
    await whenConnected(bridge, true);
    await bridge.call('settings:update', { shopName: 'Once' });
    const [event] = await events.until(1);
    expect(event).toMatchObject({ seq: 1, name: 'settings:changed', payload: { shopName: 'Once' } });
    // A later call's round trip proves no duplicate was queued behind the first delivery.
    await bridge.call('settings:get');
    expect(events.seen).toHaveLength(1);
  });

  it('catches up on events emitted before it connected', async () => {
    await core.settings.update({ shopName: 'Before' });
    const bridge = track(createBridge(pageEnv()));
    const events = collect(bridge);
    expect((await events.until(1)).map((e) => e.seq)).toEqual([1]);
  });

  it('holds live events that arrive during the catch-up, then delivers everything in order without duplicates', async () => {
    await core.settings.update({ shopName: 'Before' });
    // An event emitted while events:since runs is both pushed live and returned by the catch-up.
    handlers['events:since'] = async (input, ctx) => {
      await core.settings.update({ shopName: 'During' });
      return core.handlers['events:since'](input, ctx);
    };
    const bridge = track(createBridge(pageEnv()));
    const events = collect(bridge);
    await whenConnected(bridge, true);
    await bridge.call('settings:get');
    expect(events.seen.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('skips events the renderer already applied (lastSeq)', async () => {
    await core.settings.update({ shopName: 'Applied' });
    await core.settings.update({ shopName: 'New' });
    const bridge = track(createBridge(pageEnv({ lastSeq: 1 })));
    const events = collect(bridge);
    await whenConnected(bridge, true);
    expect((await events.until(1)).map((e) => e.payload)).toMatchObject([{ shopName: 'New' }]);
  });

  it('reconnects after the host drops the socket and delivers what it missed, in order, each once', async () => {
    const bridge = track(createBridge(pageEnv()));
    const events = collect(bridge);
    await whenConnected(bridge, true);
    await bridge.call('settings:update', { shopName: 'Live' });
    await events.until(1);

    const dropped = whenConnected(bridge, false);
    await server.close(); // the server-side socket is closed under the bridge
    await dropped;
    await core.settings.update({ shopName: 'Missed 1' });
    await core.settings.update({ shopName: 'Missed 2' });
    const back = whenConnected(bridge, true);
    await startServer(); // same port, same core: the bridge's retry finds it
    await back;

    const seen = await events.until(3);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(seen.map((e) => e.payload)).toMatchObject([{ shopName: 'Live' }, { shopName: 'Missed 1' }, { shopName: 'Missed 2' }]);
    await bridge.call('settings:update', { shopName: 'After' });
    expect((await events.until(4)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('after the core itself restarts (numbering from 1 again), still delivers its events', async () => {
    const bridge = track(createBridge(pageEnv()));
    const events = collect(bridge);
    await whenConnected(bridge, true);
    for (const name of ['A', 'B', 'C']) await bridge.call('settings:update', { shopName: name });
    await events.until(3);

    const dropped = whenConnected(bridge, false);
    await server.close();
    await dropped;
    // A new run of the core: a new epoch, sequence numbers from 1.
    core = createCore({ fs: nodeFs, dataDir: join(tmp, 'data'), runtime: 'browser-host', version: '1.2.3', platform: 'linux', locale: 'ko-KR' });
    handlers = { ...core.handlers };
    await core.settings.update({ shopName: 'After restart' });
    const back = whenConnected(bridge, true);
    await startServer();
    await back;

    const seen = await events.until(4);
    expect(seen.map((e) => `${e.seq}:${(e.payload as { shopName: string }).shopName}`)).toEqual([
      '1:A',
      '2:B',
      '3:C',
      '1:After restart',
    ]);
  });

  it('resolves a call in flight to disconnected when the socket closes', async () => {
    let called!: () => void;
    const handlerCalled = new Promise<void>((resolve) => (called = resolve));
    handlers['app:info'] = () => {
      called();
      return new Promise(() => undefined); // never answers: only the closing socket can end this call
    };
    await server.close();
    await startServer();
    const bridge = track(createBridge(pageEnv()));
    const reply = bridge.call('app:info');
    await handlerCalled;
    await server.close();
    expect(await reply).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('fails calls at once with disconnected while it waits to retry', async () => {
    const bridge = track(createBridge(pageEnv()));
    await whenConnected(bridge, true);
    const dropped = whenConnected(bridge, false);
    await server.close();
    await dropped;
    expect(await bridge.call('settings:get')).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    await startServer();
  });

  it('never connects with a wrong token: calls fail with disconnected and nothing reaches the core', async () => {
    const bad = 'f'.repeat(64);
    const bridge = track(createBridge(pageEnv({ location: { hash: `#token=${bad}`, host: `127.0.0.1:${port}`, pathname: '/', search: '' } })));
    expect(await bridge.call('settings:update', { shopName: 'Intruder' })).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect((await core.settings.get()).shopName).toBe('');
  });
});

describe('the Electron bridge', () => {
  /** What preload.ts exposes, backed by the real core: one function per channel plus onEvent. */
  function preloadApi(overrides: Partial<Record<string, unknown>> = {}): PreloadApi {
    const api: Record<string, unknown> = {
      onEvent: (listener: (event: unknown) => void) => core.events.subscribe(listener),
    };
    for (const channel of CHANNELS) api[channel] = (input?: unknown) => dispatch(core.handlers, channel, input, { transport: 'test' });
    Object.assign(api, overrides);
    return api as PreloadApi; // built with every channel and onEvent above
  }

  it('calls the channel\'s preload function and reports the electron runtime', async () => {
    const bridge = track(createBridge(pageEnv({ preload: preloadApi() })));
    expect(bridge.runtime).toBe('electron');
    expect(await bridge.call('settings:update', { shopName: 'Desk' })).toMatchObject({ ok: true, value: { shopName: 'Desk' } });
  });

  it('turns a malformed reply from the preload into an internal error', async () => {
    const bridge = track(createBridge(pageEnv({ preload: preloadApi({ 'app:info': async () => 'not a result' }) })));
    expect(await bridge.call('app:info')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('turns a rejected invoke into an internal error instead of throwing', async () => {
    const bridge = track(createBridge(pageEnv({ preload: preloadApi({ 'app:info': () => Promise.reject(new Error('no handler')) }) })));
    expect(await bridge.call('app:info')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('catches up on earlier events, then delivers live ones, each once', async () => {
    await core.settings.update({ shopName: 'Earlier' });
    const bridge = track(createBridge(pageEnv({ preload: preloadApi() })));
    const events = collect(bridge);
    await events.until(1);
    await bridge.call('settings:update', { shopName: 'Later' });
    expect((await events.until(2)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('refuses a window.shopcast that is not the preload API', () => {
    expect(() => createBridge(pageEnv({ preload: { 'app:info': () => undefined } }))).toThrow(/preload/);
  });
});

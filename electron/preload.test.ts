import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../test/fakes/electron';
import { CHANNELS } from '../shared/ipc/contract';
import { EVENT_PUSH_CHANNEL, PRELOAD_GLOBAL, type PreloadApi } from '../shared/ipc/bridge';

/** Loads preload.ts afresh against a new fake electron module and returns what it exposed to the page. */
async function loadPreload(): Promise<{ api: PreloadApi; fake: FakeElectron }> {
  const fake = createFakeElectron();
  vi.resetModules();
  vi.doMock('electron', () => fake);
  await import('./preload');
  const exposed = fake.contextBridge.exposed.get(PRELOAD_GLOBAL);
  if (typeof exposed !== 'object' || exposed === null) throw new Error(`nothing exposed as ${PRELOAD_GLOBAL}`);
  // The shape is what the tests below check; typing it lets them call the functions.
  return { api: exposed as PreloadApi, fake };
}

describe('preload', () => {
  afterEach(() => {
    vi.doUnmock('electron');
  });

  it(`exposes exactly one API, as window.${PRELOAD_GLOBAL}`, async () => {
    const { fake } = await loadPreload();
    expect([...fake.contextBridge.exposed.keys()]).toEqual([PRELOAD_GLOBAL]);
  });

  it('exposes one function per contract channel plus onEvent, and nothing else', async () => {
    const { api } = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or any of its methods', async () => {
    const { api, fake } = await loadPreload();
    const ipc = fake.ipcRenderer;
    for (const value of Object.values(api)) {
      expect([ipc, ipc.invoke, ipc.send, ipc.on, ipc.emit]).not.toContain(value);
    }
  });

  it.each(CHANNELS)('calls %s through ipcRenderer.invoke on the channel of the same name', async (channel) => {
    const { api, fake } = await loadPreload();
    fake.ipcRenderer.reply = { ok: true, value: 'reply' };
    const result = await api[channel]({ some: 'input' });
    expect(fake.ipcRenderer.invoked).toEqual([{ channel, args: [{ some: 'input' }] }]);
    expect(result).toEqual({ ok: true, value: 'reply' });
  });

  it('forwards exactly one argument, dropping anything extra the page passes', async () => {
    const { api, fake } = await loadPreload();
    const call: (...args: unknown[]) => Promise<unknown> = api['app:info'];
    await call('first', 'second', 'third');
    expect(fake.ipcRenderer.invoked[0]?.args).toEqual(['first']);
  });

  it('delivers pushed events to onEvent listeners as the payload alone, without the IPC event', async () => {
    const { api, fake } = await loadPreload();
    const received: unknown[][] = [];
    api.onEvent((...args: unknown[]) => received.push(args));
    fake.ipcRenderer.push(EVENT_PUSH_CHANNEL, { seq: 1, name: 'settings:changed', payload: {} });
    expect(received).toEqual([[{ seq: 1, name: 'settings:changed', payload: {} }]]);
  });

  it('ignores messages on other channels', async () => {
    const { api, fake } = await loadPreload();
    const received: unknown[] = [];
    api.onEvent((event) => received.push(event));
    fake.ipcRenderer.push('some:other', { seq: 1 });
    expect(received).toEqual([]);
  });

  it('stops delivering events after the returned unsubscribe is called', async () => {
    const { api, fake } = await loadPreload();
    const received: unknown[] = [];
    const unsubscribe = api.onEvent((event) => received.push(event));
    unsubscribe();
    fake.ipcRenderer.push(EVENT_PUSH_CHANNEL, { seq: 1 });
    expect(received).toEqual([]);
    expect(fake.ipcRenderer.listenerCount(EVENT_PUSH_CHANNEL)).toBe(0);
  });

  it('refuses an onEvent listener that is not a function', async () => {
    const { api } = await loadPreload();
    // The page is untrusted JavaScript: it can pass anything, which only Reflect.apply lets a typed test do.
    expect(() => Reflect.apply(api.onEvent, undefined, ['alert(1)'])).toThrow(TypeError);
  });

  it('exposes a frozen object', async () => {
    const { api } = await loadPreload();
    expect(Object.isFrozen(api)).toBe(true);
  });
});

describe('preload bundle', () => {
  it('requires nothing at run time but electron, so it can run in the sandbox', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs);
    const external = output?.imports.filter((i) => i.external).map((i) => i.path);
    expect(external).toEqual(['electron']);
  });

  it('pulls in no main-process code', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const fromElectronFolder = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('electron/'));
    expect(fromElectronFolder).toEqual(['electron/preload.ts']);
  });
});

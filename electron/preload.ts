/**
 * The preload script: the only bridge between the page and the main process.
 *
 * It runs sandboxed (webPreferences.sandbox), so it can `require` nothing but 'electron' and the few modules the
 * sandbox provides; our shared modules are bundled into it. It exposes exactly one function per contract channel
 * plus `onEvent`, never `ipcRenderer` itself, never the IPC event object (whose `sender` would hand the page
 * `ipcRenderer.send` to any channel), and it exports nothing.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES as CHANNELS } from '../shared/ipc/channels';
import { EVENT_PUSH_CHANNEL, PRELOAD_GLOBAL, type PreloadApi } from '../shared/ipc/bridge';

const calls = Object.fromEntries(
  // Exactly one argument is forwarded, whatever the page passes, so nothing extra rides along to main.
  CHANNELS.map((channel) => [channel, (input?: unknown): Promise<unknown> => ipcRenderer.invoke(channel, input)]),
);

function onEvent(listener: (event: unknown) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
  // Only the payload crosses; the IPC event (and its `sender`) stays in the preload world.
  const forward = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(EVENT_PUSH_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_PUSH_CHANNEL, forward);
  };
}

// Object.fromEntries types its keys as string; CHANNELS supplies exactly the keys PreloadApi lists.
const api = Object.freeze({ ...calls, onEvent }) as PreloadApi;

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);

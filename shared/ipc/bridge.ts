/**
 * The shapes on both sides of a transport.
 *
 * - `PreloadApi` is what Electron's preload exposes as `window.shopcast` through contextBridge: one function per
 *   channel (named exactly like the channel) and one event subscription, nothing else. Values cross untyped
 *   (structured clone), so the renderer parses them with `parseWireResult`.
 * - `Bridge` is what renderer code uses, whatever the host: typed calls that return Results, and pushed events.
 */
import { isEventName } from './channels';
import type { Channel, InputOf, OutputOf, PushedEvent } from './contract';
import type { Result } from '../lib/result';

export const PRELOAD_GLOBAL = 'shopcast';
/** The ipcRenderer channel main pushes events on (not part of the contract: renderer code never sees it). */
export const EVENT_PUSH_CHANNEL = 'shopcast:event';

export type PreloadApi = { readonly [C in Channel]: (input?: unknown) => Promise<unknown> } & {
  readonly onEvent: (listener: (event: unknown) => void) => () => void;
};

export interface Bridge {
  readonly runtime: 'electron' | 'browser-host';
  call<C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]): Promise<Result<OutputOf<C>>>;
  /** Every pushed event, in sequence order, each once, including those caught up after a reconnect. */
  onEvent(listener: (event: PushedEvent) => void): () => void;
  /** Connection state for the status bar: the browser host can lose its WebSocket; Electron never does. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** Parses a pushed event that arrived over a wire. */
export function parsePushedEvent(raw: unknown): PushedEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const e = raw as { epoch?: unknown; seq?: unknown; name?: unknown; payload?: unknown }; // fields checked below
  if (typeof e.epoch !== 'string' || typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || !isEventName(e.name)) {
    return undefined;
  }
  // The payload comes from our own core; the name is what we check before anyone acts on it.
  return { epoch: e.epoch, seq: e.seq, name: e.name, payload: e.payload } as PushedEvent;
}

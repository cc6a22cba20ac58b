/**
 * The renderer's one way to reach the app core, whatever hosts it:
 * - in Electron, the preload's `window.shopcast` (one function per channel, plus pushed events);
 * - in the browser host, a WebSocket to `ws://<this page's host>/ipc`, authorised by the per-launch token the host
 *   printed in the URL's hash (`#token=…`).
 *
 * Both deliver events through one sequencer: after every (re)connect it asks `events:since` for what it missed,
 * holds live events until that answer is in, then delivers everything in sequence order and never the same event twice.
 */
import { PRELOAD_GLOBAL, parsePushedEvent, type Bridge, type PreloadApi } from '../../../shared/ipc/bridge';
import { CHANNELS, type Channel, type InputOf, type OutputOf, type PushedEvent } from '../../../shared/ipc/contract';
import { fail, parseWireResult, type Result } from '../../../shared/lib/result';
import { callFrame, parseHostFrame } from '../../../shared/ipc/wsFrames';

/**
 * Event-handler properties compared bivariantly (the pattern React's own types use), so both the DOM WebSocket and
 * the `ws` package's client fit this interface: each hands its own event type to the handler.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket the bridge uses: met by the browser's WebSocket and by `ws` in tests. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
}

export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

/** Everything the bridge reads from the page; injectable so tests run in Node against a real host server. */
export interface BridgeEnvironment {
  /** `window.shopcast` as the Electron preload exposes it; `undefined` in the browser host. */
  preload?: unknown;
  location: Pick<Location, 'hash' | 'host' | 'pathname' | 'search'>;
  history?: Pick<History, 'replaceState'>;
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  WebSocket?: WebSocketConstructor;
  /** Sequence number of the last event this renderer already applied (kept in its own store); 0 when none. */
  lastSeq?: number;
}

/** A bridge that can be shut down (tests, and a window that is going away). */
export interface ClosableBridge extends Bridge {
  close(): void;
}

export const IPC_PROTOCOL = 'shopcast.v1';
export const TOKEN_PROTOCOL_PREFIX = 'shopcast.token.';
/** Where the token is kept after it leaves the address bar: per tab, gone when the tab closes, survives a reload. */
export const TOKEN_STORAGE_KEY = 'shopcast.hostToken';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

const DISCONNECTED = (): Result<never> =>
  fail('disconnected', 'Shopcast lost its connection to the app core. It reconnects by itself; please try again in a moment.');

export function createBridge(env: BridgeEnvironment = browserEnvironment()): ClosableBridge {
  const lastSeq = env.lastSeq ?? 0;
  if (env.preload !== undefined) {
    if (!isPreloadApi(env.preload)) throw new Error(`window.${PRELOAD_GLOBAL} is not the Shopcast preload API.`);
    return createElectronBridge(env.preload, lastSeq);
  }
  const token = takeToken(env);
  if (!token) {
    throw new Error('No Shopcast session token: open Shopcast from the address the host printed (http://127.0.0.1:…/#token=…).');
  }
  if (!env.WebSocket) throw new Error('This browser has no WebSocket support.');
  return createWebSocketBridge({
    url: `ws://${env.location.host}/ipc`,
    protocols: [IPC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`],
    WebSocket: env.WebSocket,
    lastSeq,
  });
}

function browserEnvironment(): BridgeEnvironment {
  const preload: unknown = Reflect.get(window, PRELOAD_GLOBAL);
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    // Opaque origins (a file opened on its own) throw on access; the token then lives only in this page.
  }
  return { preload, location: window.location, history: window.history, sessionStorage: storage, WebSocket: window.WebSocket };
}

/** Tokens are hex from the host; anything else could not be a valid subprotocol name and is not ours. */
function isPlausibleToken(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,512}$/.test(value);
}

/**
 * Reads `token=` from the hash, keeps it in sessionStorage so a reload still connects, and removes it from the address
 * bar (and so from history, bookmarks and screenshots). Other hash parts are kept.
 */
export function takeToken(env: Pick<BridgeEnvironment, 'location' | 'history' | 'sessionStorage'>): string | undefined {
  const parts = env.location.hash.replace(/^#/, '').split('&').filter((p) => p !== '');
  const tokenPart = parts.find((p) => p.startsWith('token='));
  if (tokenPart !== undefined) {
    const rest = parts.filter((p) => p !== tokenPart).join('&');
    env.history?.replaceState(null, '', `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
    let token: string;
    try {
      token = decodeURIComponent(tokenPart.slice('token='.length));
    } catch {
      token = '';
    }
    if (isPlausibleToken(token)) {
      try {
        env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, token);
      } catch {
        // Storage full or blocked: this page still connects; only a reload would need the link again.
      }
      return token;
    }
  }
  try {
    const stored = env.sessionStorage?.getItem(TOKEN_STORAGE_KEY);
    return isPlausibleToken(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

function isPreloadApi(value: unknown): value is PreloadApi {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return ['onEvent', ...CHANNELS].every((name) => typeof Reflect.get(value, name) === 'function');
}

/**
 * Delivers each event once and in order. While a catch-up is in flight, live events are held: delivering a live
 * event first would move `lastSeq` past events the catch-up is about to return.
 */
class EventSequencer {
  private readonly listeners = new Set<(event: PushedEvent) => void>();
  private held: PushedEvent[] | undefined;

  /** The core run whose numbering `applied` counts in; unknown until the first event or catch-up. */
  private epoch: string | undefined;

  constructor(private applied: number) {}

  get lastSeq(): number {
    return this.applied;
  }

  /** What to send with `events:since`, so a restarted core (numbering from 1 again) sends everything it has. */
  get position(): { after: number; epoch?: string } {
    return this.epoch === undefined ? { after: this.applied } : { after: this.applied, epoch: this.epoch };
  }

  subscribe(listener: (event: PushedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  beginCatchUp(): void {
    this.held = [];
  }

  live(event: PushedEvent): void {
    if (this.held) this.held.push(event);
    else this.deliver(event);
  }

  endCatchUp(missed: readonly PushedEvent[]): void {
    // Only events of the newest core run count; a catch-up answer and held live events can straddle a restart.
    const newest = missed.at(-1)?.epoch ?? this.held?.at(-1)?.epoch;
    const all = [...missed, ...(this.held ?? [])].filter((e) => e.epoch === newest).sort((a, b) => a.seq - b.seq);
    this.held = undefined;
    for (const event of all) this.deliver(event);
  }

  /** The connection dropped mid catch-up: held events are still in the core's buffer for the next catch-up. */
  abandonCatchUp(): void {
    this.held = undefined;
  }

  private deliver(event: PushedEvent): void {
    if (event.epoch !== this.epoch) {
      // A new run of the core numbers from 1 again: what we applied before says nothing about its events.
      if (this.epoch !== undefined) this.applied = 0;
      this.epoch = event.epoch;
    }
    if (event.seq <= this.applied) return;
    this.applied = event.seq;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not starve the others; rethrown on its own so it still shows in the console.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function parseEventList(value: unknown): PushedEvent[] {
  if (!Array.isArray(value)) return [];
  return value.map(parsePushedEvent).filter((e): e is PushedEvent => e !== undefined);
}

function createElectronBridge(api: PreloadApi, lastSeq: number): ClosableBridge {
  const events = new EventSequencer(lastSeq);
  const invoke = async (channel: Channel, input: unknown): Promise<Result<unknown>> => {
    try {
      return parseWireResult(await api[channel](input));
    } catch {
      return fail('internal', 'The app core did not answer. Please restart Shopcast if this keeps happening.');
    }
  };
  // Subscribe before asking for missed events so nothing falls between the two.
  events.beginCatchUp();
  const unsubscribe = api.onEvent((raw) => {
    const event = parsePushedEvent(raw);
    if (event) events.live(event);
  });
  void invoke('events:since', events.position).then((r) => events.endCatchUp(r.ok ? parseEventList(r.value) : []));
  return {
    runtime: 'electron',
    call: typedCall(invoke),
    onEvent: (listener) => events.subscribe(listener),
    // The preload's IPC cannot drop; report connected once so a status bar can show it.
    onConnectionChange: (listener) => {
      listener(true);
      return () => undefined;
    },
    close: unsubscribe,
  };
}

/** Wraps an untyped invoke in the Bridge's typed `call`. */
function typedCall(invoke: (channel: Channel, input: unknown) => Promise<Result<unknown>>): Bridge['call'] {
  return <C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]) =>
    // The core ran this channel's handler, so a successful value is OutputOf<C>; the wire cannot carry that type.
    invoke(channel, input[0]) as Promise<Result<OutputOf<C>>>;
}

interface WebSocketBridgeOptions {
  url: string;
  protocols: string[];
  WebSocket: WebSocketConstructor;
  lastSeq: number;
}

/**
 * Calls made while a connection attempt is under way wait for it; calls made while waiting to retry fail at once
 * with `disconnected` (the UI says so rather than hanging); calls in flight when the socket closes fail the same way.
 */
function createWebSocketBridge(opts: WebSocketBridgeOptions): ClosableBridge {
  const events = new EventSequencer(opts.lastSeq);
  const connectionListeners = new Set<(connected: boolean) => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let queued: Array<{ id: number; frame: string }> = [];
  let socket: WebSocketLike | undefined;
  let phase: 'connecting' | 'open' | 'waiting' | 'closed' = 'connecting';
  let connected = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;

  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const invoke = (channel: Channel, input: unknown): Promise<Result<unknown>> => {
    if (phase === 'waiting' || phase === 'closed') return Promise.resolve(DISCONNECTED());
    const id = nextId++;
    let frame: string;
    try {
      frame = callFrame(id, channel, input);
    } catch {
      return Promise.resolve(fail('invalid_input', 'This value cannot be sent to the app core.'));
    }
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (phase === 'open' && socket) socket.send(frame);
      else queued.push({ id, frame });
    });
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    const m = parseHostFrame(data);
    if (m?.t === 'result') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(parseWireResult(m.result));
    } else if (m?.t === 'event') {
      const event = parsePushedEvent(m.event);
      if (event) events.live(event);
    }
  };

  const catchUp = (ws: WebSocketLike): void => {
    events.beginCatchUp();
    void invoke('events:since', events.position).then((r) => {
      if (socket !== ws) return; // that connection is gone; the next one catches up again
      events.endCatchUp(r.ok ? parseEventList(r.value) : []);
      setConnected(true);
    });
  };

  const onClose = (ws: WebSocketLike | undefined): void => {
    if (socket !== ws) return;
    socket = undefined;
    events.abandonCatchUp();
    const waiting = [...pending.values()];
    pending.clear();
    queued = [];
    if (phase !== 'closed') {
      phase = 'waiting';
      const delay = Math.min(FIRST_RETRY_MS * 2 ** failures, MAX_RETRY_MS);
      failures += 1;
      retryTimer = setTimeout(connect, delay);
    }
    // State is settled before anyone hears about it, so a listener that calls right away gets a clear answer.
    for (const resolve of waiting) resolve(DISCONNECTED());
    setConnected(false);
  };

  function connect(): void {
    retryTimer = undefined;
    if (phase === 'closed') return;
    phase = 'connecting';
    let ws: WebSocketLike;
    try {
      ws = new opts.WebSocket(opts.url, opts.protocols);
    } catch {
      socket = undefined;
      onClose(undefined);
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      phase = 'open';
      failures = 0;
      const toSend = queued;
      queued = [];
      for (const { frame } of toSend) ws.send(frame);
      catchUp(ws);
    };
    ws.onmessage = (event) => {
      if (socket === ws) onMessage(event.data);
    };
    // An error is always followed by close, which is where the retry is scheduled.
    ws.onerror = () => undefined;
    ws.onclose = () => onClose(ws);
  }

  connect();

  return {
    runtime: 'browser-host',
    call: typedCall(invoke),
    onEvent: (listener) => events.subscribe(listener),
    onConnectionChange: (listener) => {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
    close: () => {
      const ws = socket;
      phase = 'closed';
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      onClose(ws);
      ws?.close(1000, 'Window closed');
    },
  };
}

/**
 * The one IPC contract. Every channel is defined here once: its name (`area:verb`), the parser for its input
 * (input always arrives as `unknown`), and its output type. Electron's preload, the browser host's WebSocket and
 * the CLI all carry exactly these channels; handlers are plain async functions typed from this map.
 */
import { parseSettingsPatch, type Settings, type SettingsPatch } from '../domain/settings';
import { isRecord, parseNothing, type Parser } from './guards';
import { fail, ok } from './result';
import { CHANNEL_NAMES, EVENT_NAMES, isEventName, type ChannelName, type EventName } from './channels';

export type Runtime = 'electron' | 'browser-host';

export interface AppInfo {
  name: string;
  version: string;
  runtime: Runtime;
  /** Where the app keeps its files (settings, and later the send journal). Shown in Settings. */
  dataDir: string;
  platform: string;
}

/** A channel's spec. `Out` exists only in the type system: outputs are produced by our own handlers. */
export interface ChannelSpec<In, Out> {
  parse: Parser<In>;
  /** Phantom field carrying the output type; never read at run time. */
  readonly output?: Out;
}

const channel = <In, Out>(parse: Parser<In>): ChannelSpec<In, Out> => ({ parse });

export const contract = {
  'app:info': channel<void, AppInfo>(parseNothing),
  'settings:get': channel<void, Settings>(parseNothing),
  'settings:update': channel<SettingsPatch, Settings>(parseSettingsPatch),
  /**
   * Catch-up after (re)connecting: every buffered event with a sequence number above `after`, or every buffered
   * event when `epoch` names an earlier run of the core (its numbering started again at 1).
   */
  'events:since': channel<{ after: number; epoch?: string }, PushedEvent[]>(parseEventsSince),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = Contract[C] extends ChannelSpec<infer I, unknown> ? I : never;
export type OutputOf<C extends Channel> = Contract[C] extends ChannelSpec<unknown, infer O> ? O : never;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

// Compile-time: channels.ts lists exactly the contract's channels, and EventMap exactly its event names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<ChannelName, Channel> = true;
const eventsMatch: Same<EventName, keyof EventMap> = true;
void channelsMatch;
void eventsMatch;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/** Events pushed from the core to the renderer. Each carries a sequence number so the renderer applies it once. */
export interface EventMap {
  'settings:changed': Settings;
}
export { EVENT_NAMES, isEventName, type EventName };

export interface PushedEvent<E extends EventName = EventName> {
  /** Which run of the core numbered this event: sequence numbers restart when the core restarts. */
  epoch: string;
  seq: number;
  name: E;
  payload: EventMap[E];
}

function parseEventsSince(input: unknown) {
  if (!isRecord(input) || typeof input.after !== 'number' || !Number.isSafeInteger(input.after) || input.after < 0) {
    return fail('invalid_input', 'events:since needs { after: a whole number ≥ 0 }.');
  }
  if (input.epoch !== undefined && (typeof input.epoch !== 'string' || input.epoch.length > 100)) {
    return fail('invalid_input', 'events:since: epoch must be short text.');
  }
  return ok(input.epoch === undefined ? { after: input.after } : { after: input.after, epoch: input.epoch });
}

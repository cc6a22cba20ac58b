/**
 * The names alone, for code that must stay tiny and needs no parsers: the sandboxed preload bundles this file
 * instead of contract.ts (which pulls in libphonenumber's metadata through the settings parser).
 * contract.ts checks at compile time that these lists and its own keys are the same.
 */
export const CHANNEL_NAMES = ['app:info', 'settings:get', 'settings:update', 'events:since'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['settings:changed'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

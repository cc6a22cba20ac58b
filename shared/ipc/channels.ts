/**
 * The names alone, for code that must stay tiny and needs no parsers: the sandboxed preload bundles this file
 * instead of contract.ts (which pulls in libphonenumber's metadata through the settings parser).
 * contract.ts checks at compile time that these lists and its own keys are the same.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'app:notify',
  'app:badge',
  'settings:get',
  'settings:update',
  'events:since',
  'campaign:create',
  'campaign:addRecipients',
  'campaign:seal',
  'campaign:list',
  'campaign:get',
  'campaign:jobs',
  'campaign:start',
  'campaign:pause',
  'campaign:cancel',
  'campaign:retryFailed',
  'campaign:schedule',
  'campaign:resolveAmbiguous',
  'assisted:current',
  'assisted:open',
  'assisted:mark',
  'policy:get',
  'policy:update',
  'suppression:list',
  'suppression:remove',
  'inbox:since',
  'inbox:answer',
  'inbox:answers',
  'inbox:act',
  'inbox:actions',
  'inbox:importActions',
  'inbox:staff',
  'inbox:setStaff',
  'automation:get',
  'automation:set',
  'automation:try',
  'automation:labels',
  'webhook:status',
  'webhook:start',
  'webhook:stop',
  'cloud:get',
  'cloud:update',
  'cloud:test',
  'templates:list',
  'templates:sync',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['settings:changed', 'campaign:changed', 'assisted:waiting', 'contact:suppressed', 'inbox:received', 'inbox:answered', 'inbox:acted', 'sending:stopped'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

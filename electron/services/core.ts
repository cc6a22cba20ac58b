/**
 * The app core without any window: services wired together and the handler map for the IPC contract.
 * Electron's main.ts, the browser host and the CLI each create one core and only differ in transport.
 */
import { randomUUID } from 'node:crypto';
import type { Fs } from '../adapters/fs';
import type { Handlers } from '../../shared/ipc/dispatch';
import type { Runtime } from '../../shared/ipc/contract';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { EventHub } from './events';
import { SettingsService } from './settings';

export interface CoreOptions {
  fs: Fs;
  dataDir: string;
  runtime: Runtime;
  version: string;
  platform: string;
  /** The operating system's locale, for first-run language and country. */
  locale: string;
  /** Names this run of the core for event numbering; random unless a test fixes it. */
  epoch?: string;
}

export interface Core {
  handlers: Handlers;
  events: EventHub;
  settings: SettingsService;
}

export function createCore(opts: CoreOptions): Core {
  const events = new EventHub(opts.epoch ?? randomUUID());
  const settings = new SettingsService({
    fs: opts.fs,
    dataDir: opts.dataDir,
    defaults: defaultSettingsForLocale(opts.locale),
    onChange: (s) => events.emit('settings:changed', s),
  });
  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'Shopcast',
      version: opts.version,
      runtime: opts.runtime,
      dataDir: opts.dataDir,
      platform: opts.platform,
    }),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'events:since': async ({ after, epoch }) => events.since(after, epoch),
  };
  return { handlers, events, settings };
}

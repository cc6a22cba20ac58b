/**
 * The Electron transport for the IPC contract: one `ipcMain.handle` per channel, and core events pushed to windows.
 *
 * Every call is checked against the SENDER FRAME's origin before anything runs. The preload API is only exposed to
 * our own page, but Electron delivers IPC from any frame of the web contents, including one that navigated or an
 * injected subframe; a call that does not come from app://shopcast is answered `forbidden` and never reaches a
 * handler. Input parsing and error shaping are `dispatch()`'s, the same in every host.
 */
import type { Core } from './services/core';
import { CHANNELS, type Channel } from '../shared/ipc/contract';
import { dispatch } from '../shared/ipc/dispatch';
import { EVENT_PUSH_CHANNEL } from '../shared/ipc/bridge';
import { fail, type Result } from '../shared/lib/result';
import { isAppUrl } from './protocol';

/** The part of Electron's IpcMainInvokeEvent we read. `senderFrame` is null once the frame is gone. */
export interface InvokeEventPort {
  readonly senderFrame: { readonly url: string } | null | undefined;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEventPort, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** A window we may push events to. */
export interface PushTargetPort {
  isDestroyed(): boolean;
  readonly webContents: {
    getURL(): string;
    send(channel: string, ...args: unknown[]): void;
  };
}

export interface RegisterIpcDeps {
  ipcMain: IpcMainPort;
  core: Pick<Core, 'handlers' | 'events'>;
  /** Every open window, asked afresh for each event (windows come and go). */
  windows: () => readonly PushTargetPort[];
  /**
   * Unexpected errors inside handlers (bugs, I/O; `where` is the channel) or while pushing an event (`where` is
   * "event push"). The renderer only ever sees a generic message.
   */
  onUnexpectedError?: (where: Channel | 'event push', error: unknown) => void;
}

/** Where an IPC call came from, or undefined when Electron no longer knows (frame destroyed or navigated away). */
function senderUrl(event: InvokeEventPort): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    // Reading a disposed WebFrameMain throws; a call from a frame that no longer exists is not trusted.
    return undefined;
  }
}

function forbidden(): Result<never> {
  return fail('forbidden', 'This request did not come from the Shopcast window.');
}

/**
 * Registers every channel of the contract and starts pushing core events.
 * @returns a function that removes the handlers and stops the pushes (for tests and orderly shutdown).
 */
export function registerIpc(deps: RegisterIpcDeps): () => void {
  const onUnexpectedError =
    deps.onUnexpectedError ?? ((where, error) => console.error(`Shopcast: ${where} failed unexpectedly`, error));

  for (const channel of CHANNELS) {
    deps.ipcMain.handle(channel, async (event, input) => {
      if (!isAppUrl(senderUrl(event))) return forbidden();
      return dispatch(deps.core.handlers, channel, input, { transport: 'electron' }, { onUnexpectedError });
    });
  }

  const unsubscribe = deps.core.events.subscribe((pushed) => {
    for (const win of deps.windows()) {
      if (win.isDestroyed()) continue;
      // Only our own page gets events; a window that is still loading (empty URL) catches up with events:since.
      if (!isAppUrl(win.webContents.getURL())) continue;
      try {
        win.webContents.send(EVENT_PUSH_CHANNEL, pushed);
      } catch (error) {
        // A window closing at this very moment must not stop the event reaching the others.
        onUnexpectedError('event push', error);
      }
    }
  });

  return () => {
    unsubscribe();
    for (const channel of CHANNELS) deps.ipcMain.removeHandler(channel);
  };
}

/**
 * Opening a link outside the app from the browser host (Electron uses shell.openExternal behind the same guard,
 * window.ts openExternalSafely). Only https links to the allow-listed hosts (security.ts: wa.me, WhatsApp and Meta
 * pages) are handed to the operating system's opener; anything else is refused before a process starts.
 *
 * The opener is started without a shell, the URL as one argument, so nothing in it is ever parsed as a command:
 * xdg-open on Linux, open on macOS, and on Windows `rundll32 url.dll,FileProtocolHandler` rather than `cmd /c start`,
 * because cmd would read the `&` of a query string as a command separator.
 */
import { spawn as nodeSpawn } from 'node:child_process';
import { isAllowedExternalUrl } from '../security';
import { AppFailure } from '../../shared/lib/result';

export interface SpawnedOpener {
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  unref(): void;
}

export type SpawnFn = (command: string, args: readonly string[], options: { detached: boolean; stdio: 'ignore'; shell: false; windowsHide: boolean }) => SpawnedOpener;

/** The command that opens a URL in the default browser on this platform. */
export function openerCommand(platform: string, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

export function osOpenExternal(platform: string = process.platform, spawn: SpawnFn = nodeSpawn): (url: string) => Promise<void> {
  return (url) => {
    if (!isAllowedExternalUrl(url)) return Promise.reject(new AppFailure('forbidden', 'Shopcast only opens https links to WhatsApp and Meta.'));
    const { command, args } = openerCommand(platform, url);
    return new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true });
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
      child.once('error', (error) => reject(new AppFailure('internal', `The link could not be opened (${command}: ${error.message}). Copy it instead.`)));
    });
  };
}

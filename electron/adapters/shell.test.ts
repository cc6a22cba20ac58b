import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waMeUrl } from '../../shared/domain/assisted';
import { openerCommand, osOpenExternal, type SpawnFn } from './shell';

function recordingSpawn(outcome: 'spawn' | 'error' = 'spawn') {
  const calls: { command: string; args: readonly string[]; shell: boolean }[] = [];
  const spawn: SpawnFn = (command, args, options) => {
    calls.push({ command, args, shell: options.shell });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setImmediate(() => (outcome === 'spawn' ? child.emit('spawn') : child.emit('error', new Error('ENOENT'))));
    return child;
  };
  return { spawn, calls };
}

describe('the browser host opens links outside the app', () => {
  const refused = [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://wa.me/821012345678',
    'https://evil.example/wa.me',
    'https://wa.me.evil.example/821012345678',
    'https://user:pw@wa.me/821012345678',
    'https://wa.me:8443/821012345678',
    'shopcast://x',
    '',
  ];
  it.each(refused)('refuses %j without starting anything', async (url) => {
    const { spawn, calls } = recordingSpawn();
    await expect(osOpenExternal('linux', spawn)(url)).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls).toEqual([]);
  });

  it('hands an allow-listed wa.me link to the opener as one argument, without a shell', async () => {
    const { spawn, calls } = recordingSpawn();
    const url = waMeUrl('+821012345678', 'Hi & welcome; $(rm -rf /) `x` 🎉');
    await osOpenExternal('linux', spawn)(url);
    expect(calls).toEqual([{ command: 'xdg-open', args: [url], shell: false }]);
  });

  it.each([
    ['linux', 'xdg-open'],
    ['darwin', 'open'],
    ['win32', 'rundll32'],
  ])('on %s uses %s', (platform, command) => {
    expect(openerCommand(platform, 'https://wa.me/1').command).toBe(command);
  });

  it('says so when the opener cannot be started', async () => {
    const { spawn } = recordingSpawn('error');
    await expect(osOpenExternal('linux', spawn)('https://wa.me/821012345678')).rejects.toMatchObject({ code: 'internal' });
  });
});

import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinPath } from './ports';

describe('joinPath', () => {
  it("gives what Node's join gives for a data folder and the services' own names", () => {
    const names = [['settings.json'], ['campaigns', 'c-1a2b', 'journal.jsonl'], ['campaigns']];
    for (const base of ['/home/shop/.config/Shopcast', '/tmp/x/', '/']) for (const n of names) expect(joinPath(base, ...n)).toBe(posix.join(base, ...n));
    for (const base of ['C:\\Users\\민지\\AppData\\Roaming\\Shopcast', 'C:\\data\\', 'C:\\']) for (const n of names) expect(joinPath(base, ...n)).toBe(win32.join(base, ...n));
  });

  it('keeps the separator the folder already uses', () => {
    expect(joinPath('C:/data', 'settings.json')).toBe('C:/data/settings.json');
    expect(joinPath('data', 'inbox.jsonl')).toBe('data/inbox.jsonl');
  });
});

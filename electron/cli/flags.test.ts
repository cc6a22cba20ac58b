import { describe, expect, it } from 'vitest';
import { parseFlags } from './flags';

const spec = { values: ['text', 'rate'], booleans: ['no-quiet-hours', 'json'] };

describe('parseFlags', () => {
  it('reads --name value, --name=value and boolean flags', () => {
    expect(parseFlags(['--text', 'Hi', '--rate=5', '--no-quiet-hours'], spec)).toEqual({
      flags: new Map<string, string | true>([['text', 'Hi'], ['rate', '5'], ['no-quiet-hours', true]]),
      positionals: [],
    });
  });

  it('keeps an "=" inside a value', () => {
    expect(parseFlags(['--text=a=b'], spec)).toMatchObject({ flags: new Map([['text', 'a=b']]) });
  });

  it('says which flag is missing its value', () => {
    expect(parseFlags(['--text'], spec)).toBe('--text needs a value');
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['--frobnicate=1'], 'unknown option --frobnicate'],
    [['-x'], 'unknown option -x'],
    [['list.csv'], 'unexpected argument "list.csv"'],
  ])('refuses %j', (args, why) => {
    expect(parseFlags(args, spec)).toBe(why);
  });

  it('collects positional arguments where the command takes them', () => {
    expect(parseFlags(['a.csv', '--json', 'b.csv'], { ...spec, positionals: true })).toEqual({
      flags: new Map([['json', true]]),
      positionals: ['a.csv', 'b.csv'],
    });
  });
});

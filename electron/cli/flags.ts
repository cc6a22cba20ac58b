/**
 * One flag parser for every CLI command: `--name value`, `--name=value`, boolean flags, and (where a command takes
 * them) positional arguments. A flag the command does not list is refused by name, so a typo never passes silently.
 */
export type Flags = Map<string, string | true>;

export interface FlagSpec {
  /** Flags that take a value. */
  values: readonly string[];
  /** Flags that stand alone. */
  booleans?: readonly string[];
  /** Whether the command takes positional arguments (e.g. the file for `clean`). */
  positionals?: boolean;
}

export function parseFlags(args: readonly string[], spec: FlagSpec): { flags: Flags; positionals: string[] } | string {
  const flags: Flags = new Map();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!; // i < length
    if (!a.startsWith('-')) {
      if (!spec.positionals) return `unexpected argument "${a}"`;
      positionals.push(a);
      continue;
    }
    const [name, inline] = a.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined]; // split gives at least one part
    if (spec.booleans?.includes(name)) {
      flags.set(name, true);
      continue;
    }
    if (!a.startsWith('--') || !spec.values.includes(name)) return `unknown option ${a.split('=')[0]}`;
    const value = inline ?? args[++i];
    if (value === undefined) return `--${name} needs a value`;
    flags.set(name, value);
  }
  return { flags, positionals };
}

/** What a CLI command gets: its arguments and the process's outside world, injected so commands are testable. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Resolves when the person presses Ctrl+C (SIGINT) or the process is told to stop (SIGTERM). */
  interrupted: Promise<void>;
}

export interface CliCommand {
  /** One line for `shopcast --help`. */
  summary: string;
  /** The full help text for `shopcast <command> --help`: every flag, with its default. */
  help: string;
  /** Returns the exit code: 0 done, 1 failed (said why on stderr), 2 wrong usage. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * `shopcast <command> …`: the app's services without a window, for staff scripts and shop-system integrations.
 * This file only parses the command name and hands over; commands live in ./commands.ts.
 */
import { version } from '../../package.json';
import { describeIoError } from '../services/settings';
import { COMMANDS } from './commands';
import type { CliCommand, CliIo } from './types';

export function usage(commands: Readonly<Record<string, CliCommand>> = COMMANDS): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${commands[n]!.summary}`); // n comes from the keys
  return [
    `Shopcast ${version}: WhatsApp messaging for small shops, from the command line.`,
    '',
    'Usage: shopcast <command> [options]      shopcast <command> --help for its options',
    '',
    'Commands:',
    ...(lines.length > 0 ? lines : ['  (none yet)']),
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo, commands: Readonly<Record<string, CliCommand>> = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`shopcast: unknown command "${name}".\n\n${usage(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help.trimEnd()}\n`);
    return 0;
  }
  return command.run(rest, io);
}

/** A failure in words: a disk error says what it means ("the disk is full") and keeps the system's text after it. */
export function cliErrorText(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  const raw = error instanceof Error ? error.message : String(error);
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return raw;
  const words = describeIoError(error);
  return words === raw ? raw : `${words} (${raw})`;
}

/** Entry point of the bundled CLI (dist/cli/shopcast.mjs). */
export async function main(): Promise<void> {
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interrupted,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (error) {
    io.stderr(`shopcast: ${cliErrorText(error)}\n`);
    process.exitCode = 1;
  }
  // Commands that wait on `interrupted` are done; nothing else should keep the process alive. Output still queued
  // for a pipe is lost on exit (`shopcast clean --json | jq` got only the first 64 KB), so it is flushed first.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((flushed) => stream.write('', () => flushed()))));
  process.exit();
}

import { describe, expect, it } from 'vitest';
import { cliErrorText, runCli, usage } from './main';
import { recordingIo } from './testIo';
import type { CliCommand } from './types';

const io = () => recordingIo();

const echo: CliCommand = {
  summary: 'prints its arguments',
  help: 'shopcast echo [words…]',
  run: async (args, { stdout }) => {
    stdout(args.join(' '));
    return 0;
  },
};

describe('shopcast CLI', () => {
  it('runs the named command with the remaining arguments', async () => {
    const t = io();
    expect(await runCli(['echo', 'a', 'b'], t, { echo })).toBe(0);
    expect(t.out).toBe('a b');
  });

  it('lists the commands for --help and exits 0', async () => {
    const t = io();
    expect(await runCli(['--help'], t, { echo })).toBe(0);
    expect(t.out).toContain('echo');
    expect(t.out).toContain('prints its arguments');
  });

  it('shows a command’s own help for <command> --help without running it', async () => {
    const t = io();
    expect(await runCli(['echo', '--help'], t, { echo })).toBe(0);
    expect(t.out).toBe('shopcast echo [words…]\n');
  });

  it('says an unknown command is unknown and exits 2', async () => {
    const t = io();
    expect(await runCli(['sned'], t, { echo })).toBe(2);
    expect(t.err).toContain('unknown command "sned"');
  });

  it('does not treat inherited object keys as commands', async () => {
    expect(await runCli(['constructor'], io(), { echo })).toBe(2);
  });

  it('prints usage and exits 2 with no command', async () => {
    const t = io();
    expect(await runCli([], t, { echo })).toBe(2);
    expect(t.out).toBe(usage({ echo }));
  });
});

describe('errors in words', () => {
  it('a full disk says so and keeps the system text', () => {
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(cliErrorText(e)).toBe('the disk is full (ENOSPC: no space left on device, write)');
  });
  it('other errors are left as they are', () => {
    expect(cliErrorText(new Error('boom'))).toBe('boom');
    expect(cliErrorText(Object.assign(new Error('odd'), { code: 'EWHATEVER' }))).toBe('odd');
  });
});

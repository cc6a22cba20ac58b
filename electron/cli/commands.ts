/**
 * The CLI's commands. Each lives in its own file and is registered here with one line, so the import issue
 * (`clean`) and the send-engine issue (`send`, `webhook`) add theirs without touching each other's.
 */
import { automation } from './automation';
import { campaigns } from './campaigns';
import { check } from './check';
import { clean } from './clean';
import { inbox } from './inbox';
import { send } from './send';
import { suppression } from './suppression';
import type { CliCommand } from './types';
import { webhook } from './webhook';

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  automation,
  campaigns,
  check,
  clean,
  inbox,
  send,
  suppression,
  webhook,
};

/**
 * `shopcast webhook`: the webhook receiver alone, on 127.0.0.1 (Meta needs a public HTTPS URL: run a tunnel such
 * as cloudflared or ngrok to this port and give Meta the tunnel's URL). Opt-outs (STOP replies, user_preferences
 * "stop") go to the suppression list at once; every event is also appended to webhook-events.jsonl in the data
 * folder so the app and `shopcast send` can settle statuses later.
 */
import { isAbsolute, join } from 'node:path';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import type { JournalFs } from '../services/ports';
import { SuppressionList } from '../services/suppression';
import { applyWebhookEvents, WebhookReceiver } from '../services/webhook';
import { parseFlags } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast webhook: receive WhatsApp webhooks on 127.0.0.1 (behind your tunnel)

Usage:
  shopcast webhook [--port N] [--data-dir DIR]

Options:
  --port N          port on 127.0.0.1 (default 8787; 0 picks a free one)
  --data-dir DIR    where the suppression list and webhook-events.jsonl live (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
Environment:
  SHOPCAST_APP_SECRET     the Meta app secret (checks X-Hub-Signature-256)
  SHOPCAST_VERIFY_TOKEN   the verify token you typed in the Meta dashboard
Runs until Ctrl+C.
`;

export function webhookCommand(fs: JournalFs): CliCommand {
  return {
    summary: 'run the WhatsApp webhook receiver on 127.0.0.1 (opt-outs suppress at once)',
    help: HELP,
    run: (args, io) => runWebhook(args, io, fs),
  };
}

async function runWebhook(args: readonly string[], io: CliIo, fs: JournalFs): Promise<number> {
  const parsed = parseFlags(args, { values: ['port', 'data-dir'] });
  if (typeof parsed === 'string') {
    io.stderr(`shopcast webhook: ${parsed}\n`);
    return 2;
  }
  const { flags } = parsed;
  const portFlag = flags.get('port');
  const port = typeof portFlag === 'string' ? Number(portFlag) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.stderr('shopcast webhook: --port must be a port number\n');
    return 2;
  }
  const appSecret = io.env.SHOPCAST_APP_SECRET;
  const verifyToken = io.env.SHOPCAST_VERIFY_TOKEN;
  if (!appSecret || !verifyToken) {
    io.stderr('shopcast webhook: set SHOPCAST_APP_SECRET and SHOPCAST_VERIFY_TOKEN\n');
    return 2;
  }
  const dirFlag = flags.get('data-dir');
  const dataDir = (d: string) => (isAbsolute(d) ? d : join(io.cwd, d));
  const dir = dataDir(typeof dirFlag === 'string' ? dirFlag : (io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data'));
  const suppression = await SuppressionList.load(fs, dir);
  const receiver = new WebhookReceiver({ appSecret, verifyToken, hmacSha256: nodeHmacSha256 }, async (events) => {
    await fs.appendText(join(dir, 'webhook-events.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await applyWebhookEvents(events, {
      suppression,
      now: () => Date.now(),
      flagged: (m) => io.stdout(`needs a person: ${m.from} wrote "${m.text}" (mentions ${m.word})\n`),
    });
    for (const e of events) {
      if (e.kind === 'status') io.stdout(`status ${e.status} ${e.wamid}${e.jobId ? ` (job ${e.jobId})` : ''}\n`);
      else if (e.kind === 'message') io.stdout(`reply from +${e.from}${e.optOut.kind === 'opt_out' ? ': opt-out, suppressed' : ''}\n`);
      else if (e.kind === 'preference') io.stdout(`+${e.waId} ${e.value === 'stop' ? 'stopped marketing messages: suppressed' : 'resumed marketing messages'}\n`);
      else if (e.kind === 'template') io.stdout(`template ${e.name ?? e.templateId ?? ''}: ${e.status ?? e.category ?? e.quality ?? ''}\n`);
      else if (e.kind === 'limit') io.stdout(`messaging limit ${e.messagingLimit === null ? 'unlimited' : (e.messagingLimit ?? '')}${e.event ? ` (${e.event})` : ''}\n`);
    }
  });
  const server = await startWebhookServer(receiver, port, (error) => io.stderr(`webhook: ${error instanceof Error ? error.message : String(error)}\n`));
  io.stdout(`listening on ${server.url}\n`);
  await io.interrupted;
  await server.close();
  io.stdout(`stopped: ${receiver.stats.accepted} accepted, ${receiver.stats.badSignature} bad signatures, ${receiver.stats.duplicates} duplicates\n`);
  return 0;
}

export const webhook = webhookCommand(nodeJournalFs);

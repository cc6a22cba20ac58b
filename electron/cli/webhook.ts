/**
 * `shopcast webhook`: the app's webhook receiver without a window, on 127.0.0.1 (Meta needs a public HTTPS URL: run a
 * tunnel such as cloudflared or ngrok to this port and give Meta the tunnel's URL).
 *
 * It runs the app's own sending core on the data folder (`cliSendingService`, sendingCore.ts): the data folder's
 * lock (`sending.lock`) is taken, so the app, the browser host, `shopcast send` and a second `shopcast webhook` are
 * refused while it runs (and it is refused while one of them runs); statuses go to the campaigns' journals, replies
 * to the inbox (`inbox.jsonl`, with the campaign they answer), opt-outs (STOP replies, user_preferences "stop") to
 * the suppression list, and Meta gets its 200 only once all of that is stored, exactly as in the app. Campaigns that
 * were sending when the app stopped resume here, as they would in the app. Ctrl+C (or SIGTERM) stops the receiver,
 * applies what was already received, pauses sending (nothing half-sent) and releases the folder.
 *
 * The older version of this command kept the events in webhook-events.jsonl for `shopcast send` to apply later;
 * `shopcast send` still applies such a file, but this command no longer writes it.
 */
import { isAbsolute, join } from 'node:path';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import { systemClock } from '../services/engine';
import type { StartWebhookServer } from '../services/ports';
import type { SendingService } from '../services/sending';
import { parseFlags } from './flags';
import { cliSendingService, cloudApiConfig, CLOUD_FLAGS, type CliCoreDeps } from './sendingCore';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast webhook: receive WhatsApp webhooks on 127.0.0.1 (behind your tunnel) into the app's data folder

Usage:
  shopcast webhook [--port N] [--data-dir DIR] [--phone-number-id ID] [--api-base URL]

Works on the data folder as the app does, and instead of it: delivery statuses update the campaigns, replies go to
the inbox (the app's Inbox shows them), and opt-outs (STOP and other opt-out words, "stop marketing messages" in
WhatsApp) go to the do-not-message list at once (see "shopcast suppression list"). WhatsApp is answered only once
that is stored. Campaigns that were sending when the app was closed carry on sending here, as they would in the app.
With Cloud API credentials, the shop's automation rules (the folder's automation.json, see "shopcast automation")
answer here as in the app: keyword replies, greeting and away messages, with the same safety rules, each answer
journaled and sent once.
The app, "shopcast send" and another "shopcast webhook" cannot use the same data folder while this runs.

Options:
  --port N               port on 127.0.0.1 (default 8787; 0 picks a free one)
  --data-dir DIR         the data folder: the app's, to share its campaigns, inbox and suppression list
                         (default env SHOPCAST_DATA_DIR, else ./shopcast-data)
  --phone-number-id ID   or env SHOPCAST_PHONE_NUMBER_ID: with an access token, the one confirmation of an opt-out is
                         sent (as in the app) and Cloud API campaigns that were sending carry on
  --access-token TOKEN   or env SHOPCAST_ACCESS_TOKEN (prefer the variable: a flag is visible to every user of this
                         computer in the process list, e.g. \`ps aux\`)
  --api-base URL         Cloud API base (default https://graph.facebook.com; a local API for tests)
  --api-version V        Cloud API version (default v27.0)
Environment:
  SHOPCAST_APP_SECRET     the Meta app secret (checks X-Hub-Signature-256)
  SHOPCAST_VERIFY_TOKEN   the verify token you typed in the Meta dashboard

Runs until Ctrl+C (or SIGTERM); then what was received is stored, sending is paused and the folder is released.
Exit: 0 stopped; 1 the data folder is in use or the port cannot be opened (said why); 2 wrong usage.
`;

export type WebhookDeps = CliCoreDeps;

export function webhookCommand(deps: WebhookDeps): CliCommand {
  return {
    summary: "run the WhatsApp webhook receiver on 127.0.0.1 into the app's data folder (statuses, inbox, opt-outs)",
    help: HELP,
    run: (args, io) => runWebhook(args, io, deps),
  };
}

type Summary = Awaited<ReturnType<SendingService['get']>>;

async function runWebhook(args: readonly string[], io: CliIo, deps: WebhookDeps): Promise<number> {
  const parsed = parseFlags(args, { values: ['port', 'data-dir', ...CLOUD_FLAGS] });
  if (typeof parsed === 'string') return usage(io, parsed);
  const { flags } = parsed;
  const str = (k: string) => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const portFlag = str('port');
  const port = portFlag !== undefined ? Number(portFlag) : 8787;
  if (portFlag === '' || !Number.isInteger(port) || port < 0 || port > 65_535) return usage(io, '--port must be a port number');
  const appSecret = io.env.SHOPCAST_APP_SECRET;
  const verifyToken = io.env.SHOPCAST_VERIFY_TOKEN;
  if (!appSecret || !verifyToken) return usage(io, 'set SHOPCAST_APP_SECRET and SHOPCAST_VERIFY_TOKEN');
  const transport = cloudApiConfig(str, io.env);
  if (!transport && (str('phone-number-id') ?? io.env.SHOPCAST_PHONE_NUMBER_ID ?? str('access-token') ?? io.env.SHOPCAST_ACCESS_TOKEN) !== undefined) {
    return usage(io, 'the Cloud API needs both --phone-number-id and the access token (SHOPCAST_PHONE_NUMBER_ID / SHOPCAST_ACCESS_TOKEN)');
  }
  const resolve = (p: string) => (isAbsolute(p) ? p : join(io.cwd, p));
  const dataDir = resolve(str('data-dir') ?? io.env.SHOPCAST_DATA_DIR ?? 'shopcast-data');

  let url: string | undefined;
  const listen: StartWebhookServer = async (receiver, at, onError) => {
    const server = await startWebhookServer(receiver, at, (error) => {
      onError(error);
      io.stderr(`webhook: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    url = server.url;
    return server;
  };
  // Replies are printed once each, in order, from the inbox's numbering; the first waits until the service is loaded.
  let seen = 0;
  let loaded!: () => void;
  let printing = new Promise<void>((r) => (loaded = r));
  const service: SendingService = cliSendingService(deps, {
    dataDir,
    cloud: { transport, messagingLimit: undefined, webhook: { appSecret, verifyToken, port } },
    startWebhookServer: listen,
    emit: (name, payload) => {
      if (name === 'contact:suppressed') {
        const s = payload as { contact: string; reason: string; source?: string }; // the payload of contact:suppressed
        io.stdout(`${s.contact} ${s.reason === 'opted_out' ? 'opted out' : s.reason === 'stopped_marketing' ? 'stopped marketing messages' : 'cannot be reached'}${s.source ? ` (${s.source})` : ''}: suppressed\n`);
      } else if (name === 'inbox:received') {
        printing = printing.then(async () => {
          const page = await service.inboxSince(seen, 100);
          for (const m of page.messages) {
            seen = Math.max(seen, m.seq);
            io.stdout(`reply from ${m.from}${m.type !== 'text' ? ` (${m.type})` : ''}${m.campaign ? ` to campaign ${m.campaign}` : ''}${m.optOut === 'opt_out' ? ': opt-out' : m.optOut === 'flagged' ? `: needs a person (mentions "${m.word ?? ''}")` : ''}\n`);
          }
        }).catch(() => undefined);
      } else if (name === 'campaign:changed') {
        const c = payload as Summary; // the payload of campaign:changed
        io.stdout(`campaign ${c.id} (${c.state}): sent ${c.counts.sent} · delivered ${c.counts.delivered} · read ${c.counts.read} · failed ${c.counts.failed + c.counts.deliveryFailed}\n`);
      }
    },
  });

  try {
    await service.load();
  } catch (error) {
    return fail(io, error instanceof Error ? error.message : String(error)); // the lock's message: another Shopcast has the folder
  }
  try {
    seen = (await service.inboxSince(0, 1)).last; // only what arrives from now on is printed
    loaded();
    let status = await service.webhookStatus();
    if (!status.running) {
      try {
        status = await service.startWebhook(port); // says why it could not (the port is in use, …)
      } catch (error) {
        return fail(io, error instanceof Error ? error.message : String(error));
      }
    }
    io.stdout(`listening on ${url ?? `http://127.0.0.1:${status.port ?? port}/webhook`} (data folder ${dataDir})\n`);
    const sending = (await service.list()).filter((c) => c.state === 'running');
    if (sending.length > 0) io.stdout(`Also sending from this data folder while this runs (they were sending when Shopcast last stopped): ${sending.map((c) => `${c.name} (${c.id})`).join(', ')}\n`);
    await io.interrupted;
    const { stats } = await service.webhookStatus();
    await service.close(); // stops the receiver, applies what was received, pauses sending, releases the lock
    await printing;
    io.stdout(`stopped: ${stats.accepted} accepted, ${stats.badSignature} bad signatures, ${stats.duplicates} duplicates\n`);
    return 0;
  } finally {
    await service.close();
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr(`shopcast webhook: ${message}\nRun "shopcast webhook --help" for the options.\n`);
  return 2;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`shopcast webhook: ${message}\n`);
  return 1;
}

export const webhook = webhookCommand({ fs: nodeJournalFs, clock: systemClock, pid: process.pid });

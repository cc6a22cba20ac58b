/**
 * Keeps the renderer's copy of sending (campaigns, per-recipient status, replies, opt-outs) in step with main.
 *
 * Main's journals are the truth. Events only say "something changed"; this module then pulls what changed since
 * what it stored (shared/ipc/campaigns.ts explains `rev` and `generation`, shared/ipc/inbox.ts the inbox `seq`).
 * So a window that was closed for a day, a dropped WebSocket, or a restarted core all end the same way: one pull,
 * and the copy is complete. Applying a page twice is harmless (rows are replaced by job id, replies by seq).
 *
 * Opt-outs are applied to contacts at once: a STOP reply or a user_preferences stop makes the contact `opted_out`
 * (with the reason as the source), and nothing here ever opts a contact back in.
 */
import type { Bridge } from '../../../shared/ipc/bridge';
import type { CampaignSummary } from '../../../shared/ipc/campaigns';
import { markJobsPulled, storeCampaignSummary } from '../db/campaigns';
import type { ShopcastDB } from '../db/db';
import { refoldConversations, refoldForCampaignRows } from '../db/conversations';
import { ensureRollups } from '../db/rollups';
import { identityOf } from '../db/conversationsEvents';
import { applySuppressions, inboxCursor, saveInboxCursor, storeJobs, storeReplies } from '../db/sendingCopy';
import { systemZone } from '../../../shared/domain/results/time';

export interface SyncStatus {
  /** Campaigns whose jobs are being pulled right now. */
  pulling: number;
  lastError?: string;
}

export interface SendingSync {
  /** Pulls everything that changed (campaigns, their jobs, the inbox, suppressions). */
  syncAll(): Promise<void>;
  /** Resolves when no pull is running or queued (tests and the benchmark). */
  idle(): Promise<void>;
  stop(): void;
}

const PAGE = 5_000;

export interface SyncOptions {
  onStatus?: (s: SyncStatus) => void;
  now?: () => number;
  /** The shop's time zone: the results' days and hours (default: this computer's zone). */
  zone?: string;
}

export function startSendingSync(db: ShopcastDB, bridge: Bridge, opts: SyncOptions = {}): SendingSync {
  const now = opts.now ?? Date.now;
  const zone = opts.zone ?? systemZone();
  let stopped = false;
  let pulling = 0;
  /** One pull chain per campaign (and one for the inbox), so two pulls of one campaign never interleave. */
  const chains = new Map<string, Promise<void>>();
  const wanted = new Set<string>();
  /** Summaries of one campaign are stored one after another, in event order. */
  const summaryChains = new Map<string, Promise<void>>();

  const report = (lastError?: string) => opts.onStatus?.({ pulling, ...(lastError !== undefined ? { lastError } : {}) });
  // Every pull waits for the rollups to be in this zone (a first start after an update, or a changed zone).
  const ready = ensureRollups(db, zone).then(
    () => undefined,
    (error: unknown) => report(error instanceof Error ? error.message : String(error)),
  );

  const enqueue = (key: string, work: () => Promise<void>): Promise<void> => {
    // Coalesce: while a pull of this key waits to run, further requests ride on it.
    if (wanted.has(key)) return chains.get(key) ?? Promise.resolve();
    wanted.add(key);
    const next = (chains.get(key) ?? ready)
      .then(async () => {
        wanted.delete(key);
        if (stopped) return;
        pulling++;
        report();
        try {
          await work();
        } finally {
          pulling--;
          report();
        }
      })
      .catch((error: unknown) => {
        report(error instanceof Error ? error.message : String(error));
      });
    chains.set(key, next);
    return next;
  };

  const pullCampaign = (summary: CampaignSummary) =>
    enqueue(`c:${summary.id}`, async () => {
      const stored = await db.campaigns.get(summary.id);
      const sameGeneration = stored?.syncedGeneration === summary.generation;
      let since = sameGeneration ? stored.syncedRev : 0;
      let latest: CampaignSummary = summary;
      for (;;) {
        const page = await bridge.call('campaign:jobs', { id: summary.id, sinceRev: since, limit: PAGE });
        if (!page.ok) throw new Error(page.error.message);
        await storeJobs(db, summary.id, page.value.jobs, zone);
        // A campaign new to a customer who wrote is listed on their conversation (db/conversations.ts).
        await refoldForCampaignRows(db, page.value.jobs.map((j) => ({ contact: j.contact, campaign: summary.id })));
        since = page.value.jobs.reduce((m, j) => Math.max(m, j.rev), since);
        if (!page.value.more) {
          latest = { ...latest, rev: Math.max(latest.rev, page.value.rev), generation: page.value.generation };
          break;
        }
      }
      // Only the bookkeeping: the row's summary may have moved on (a newer event) while the pages were read.
      await markJobsPulled(db, latest, since);
    });

  const onSummary = async (summary: CampaignSummary) => {
    const stored = await db.campaigns.get(summary.id);
    // Keep the summary fresh at once (lists show progress), then pull the jobs if they moved.
    await storeCampaignSummary(db, summary, stored);
    if (stored?.syncedGeneration !== summary.generation || (stored?.syncedRev ?? 0) < summary.rev) await pullCampaign(summary);
  };

  /** Summaries of one campaign are stored in the order they came (events and list answers alike). */
  const queueSummary = (summary: CampaignSummary): Promise<void> => {
    const next = (summaryChains.get(summary.id) ?? Promise.resolve()).then(() => onSummary(summary)).catch((e: unknown) => report(String(e)));
    summaryChains.set(summary.id, next);
    return next;
  };

  const pullInbox = () =>
    enqueue('inbox', async () => {
      let after = await inboxCursor(db);
      for (;;) {
        const page = await bridge.call('inbox:since', { after, limit: 1_000 });
        if (!page.ok) throw new Error(page.error.message);
        if (page.value.last < after) after = 0; // main's inbox was reset (a new data folder): start again
        await storeReplies(db, page.value.messages, zone);
        // Only the conversations these messages belong to are folded again (db/conversations.ts).
        await refoldConversations(db, page.value.messages.map(identityOf));
        const top = page.value.messages.reduce((m, x) => Math.max(m, x.seq), after);
        await saveInboxCursor(db, top);
        if (top >= page.value.last || page.value.messages.length === 0) break;
        after = top;
      }
    });

  const pullSuppressions = () =>
    enqueue('suppression', async () => {
      const list = await bridge.call('suppression:list');
      if (!list.ok) throw new Error(list.error.message);
      await applySuppressions(db, list.value, now(), zone);
    });

  const syncAll = async () => {
    const list = await bridge.call('campaign:list');
    if (!list.ok) {
      report(list.error.message);
      return;
    }
    // Suppressions last: an opt-out is attributed to a stored message, so the messages must be stored first.
    await Promise.all([...list.value.map((s) => queueSummary(s)), pullInbox()]);
    await pullSuppressions();
  };

  const offEvents = bridge.onEvent((event) => {
    if (stopped) return;
    if (event.name === 'campaign:changed') void queueSummary(event.payload);
    else if (event.name === 'inbox:received') void pullInbox();
    else if (event.name === 'contact:suppressed') void enqueue('suppression', async () => void (await applySuppressions(db, [event.payload], now(), zone)));
  });
  const offConnection = bridge.onConnectionChange((connected) => {
    if (connected && !stopped) void syncAll();
  });

  return {
    syncAll,
    async idle() {
      // Chains may add links while we wait; loop until a pass finds nothing new.
      const all = () => [...summaryChains.values(), ...chains.values()];
      for (;;) {
        const pending = all();
        await Promise.all(pending);
        const now = all();
        if (now.length === pending.length && now.every((c, i) => c === pending[i])) return;
      }
    },
    stop() {
      stopped = true;
      offEvents();
      offConnection();
    },
  };
}

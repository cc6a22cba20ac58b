/**
 * Keeps the renderer's copy of sending (campaigns, per-recipient status, replies, opt-outs) in step with main.
 *
 * Main's journals are the truth. Events only say "something changed"; this module then pulls what changed since
 * what it stored (shared/ipc/sending.ts explains `rev`, `generation` and the inbox `seq`). So a window that was
 * closed for a day, a dropped WebSocket, or a restarted core all end the same way: one pull, and the copy is
 * complete. Applying a page twice is harmless (rows are replaced by job id, replies by seq).
 *
 * Opt-outs are applied to contacts at once: a STOP reply or a user_preferences stop makes the contact `opted_out`
 * (with the reason as the source), and nothing here ever opts a contact back in.
 */
import type { Bridge } from '../../../shared/ipc/bridge';
import type { CampaignSummary, InboxMessage, JobView, SuppressionView } from '../../../shared/ipc/sending';
import type { CampaignRecord, RecipientRecord, ShopcastDB } from '../db/db';
import { withDerived } from '../db/contacts';

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

const INBOX_KEY = 'inbox.last';
const PAGE = 5_000;

export function startSendingSync(db: ShopcastDB, bridge: Bridge, opts: { onStatus?: (s: SyncStatus) => void; now?: () => number } = {}): SendingSync {
  const now = opts.now ?? Date.now;
  let stopped = false;
  let pulling = 0;
  /** One pull chain per campaign (and one for the inbox), so two pulls of one campaign never interleave. */
  const chains = new Map<string, Promise<void>>();
  const wanted = new Set<string>();

  const report = (lastError?: string) => opts.onStatus?.({ pulling, ...(lastError !== undefined ? { lastError } : {}) });

  const enqueue = (key: string, work: () => Promise<void>): Promise<void> => {
    // Coalesce: while a pull of this key waits to run, further requests ride on it.
    if (wanted.has(key)) return chains.get(key) ?? Promise.resolve();
    wanted.add(key);
    const next = (chains.get(key) ?? Promise.resolve())
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
        await storeJobs(db, summary.id, page.value.jobs);
        since = page.value.jobs.reduce((m, j) => Math.max(m, j.rev), since);
        if (!page.value.more) {
          latest = { ...latest, rev: Math.max(latest.rev, page.value.rev), generation: page.value.generation };
          break;
        }
      }
      await db.campaigns.put({ ...latest, syncedRev: since, syncedGeneration: latest.generation } satisfies CampaignRecord);
    });

  const onSummary = async (summary: CampaignSummary) => {
    const stored = await db.campaigns.get(summary.id);
    // Keep the summary fresh at once (lists show progress), then pull the jobs if they moved.
    await db.campaigns.put({ ...summary, syncedRev: stored?.syncedGeneration === summary.generation ? stored.syncedRev : 0, syncedGeneration: stored?.syncedGeneration ?? '' });
    if (stored?.syncedGeneration !== summary.generation || (stored?.syncedRev ?? 0) < summary.rev) await pullCampaign(summary);
  };

  const pullInbox = () =>
    enqueue('inbox', async () => {
      let after = Number((await db.syncState.get(INBOX_KEY))?.value ?? 0);
      for (;;) {
        const page = await bridge.call('inbox:since', { after, limit: 1_000 });
        if (!page.ok) throw new Error(page.error.message);
        if (page.value.last < after) after = 0; // main's inbox was reset (a new data folder): start again
        await storeReplies(db, page.value.messages);
        const top = page.value.messages.reduce((m, x) => Math.max(m, x.seq), after);
        await db.syncState.put({ key: INBOX_KEY, value: top });
        if (top >= page.value.last || page.value.messages.length === 0) break;
        after = top;
      }
    });

  const pullSuppressions = () =>
    enqueue('suppression', async () => {
      const list = await bridge.call('suppression:list');
      if (!list.ok) throw new Error(list.error.message);
      await applySuppressions(db, list.value, now());
    });

  const syncAll = async () => {
    const list = await bridge.call('campaign:list');
    if (!list.ok) {
      report(list.error.message);
      return;
    }
    await Promise.all([...list.value.map((s) => onSummary(s)), pullInbox(), pullSuppressions()]);
  };

  const offEvents = bridge.onEvent((event) => {
    if (stopped) return;
    if (event.name === 'campaign:changed') void onSummary(event.payload).catch((e: unknown) => report(String(e)));
    else if (event.name === 'inbox:received') void pullInbox();
    else if (event.name === 'contact:suppressed') void enqueue('suppression', async () => void (await applySuppressions(db, [event.payload], now())));
  });
  const offConnection = bridge.onConnectionChange((connected) => {
    if (connected && !stopped) void syncAll();
  });

  return {
    syncAll,
    async idle() {
      // Chains may add links while we wait; loop until a pass finds nothing new.
      for (;;) {
        const pending = [...chains.values()];
        await Promise.all(pending);
        if ([...chains.values()].every((c, i) => c === pending[i]) && chains.size === pending.length) return;
      }
    },
    stop() {
      stopped = true;
      offEvents();
      offConnection();
    },
  };
}

/** Replaces each job's row, keeping the first time each step was seen and the contact it belongs to. */
export async function storeJobs(db: ShopcastDB, campaign: string, jobs: readonly JobView[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.transaction('rw', db.recipients, db.inbox, async () => {
    const existing = await db.recipients.bulkGet(jobs.map((j) => j.job));
    // A reply can arrive before its job's row (the inbox and the jobs are pulled side by side): new rows look it up.
    const firstReply = new Map<string, number>();
    if (existing.some((e) => e === undefined)) {
      await db.inbox.where('campaign').equals(campaign).each((m) => {
        if (m.job === undefined || m.optOut === 'opt_out') return;
        firstReply.set(m.job, Math.min(firstReply.get(m.job) ?? Infinity, m.at));
      });
    }
    const rows: RecipientRecord[] = jobs.map((j, i) => {
      const before = existing[i];
      const ref = j.ref !== undefined ? Number(j.ref) : NaN;
      // The job's current state replaces the row; only what the renderer added (times first seen, reply) is kept.
      const row: RecipientRecord = { ...j, campaign };
      if (Number.isSafeInteger(ref)) row.contactId = ref;
      const repliedAt = before?.repliedAt ?? firstReply.get(j.job);
      if (repliedAt !== undefined) row.repliedAt = repliedAt;
      const first = (prev: number | undefined, now: number | undefined) => prev ?? now;
      const t = j.times ?? {};
      const acceptedAt = first(before?.acceptedAt, t.accepted ?? (j.phase === 'accepted' ? j.at : undefined));
      const deliveredAt = first(before?.deliveredAt, t.delivered ?? (j.delivery === 'delivered' || j.delivery === 'read' ? j.at : undefined));
      const readAt = first(before?.readAt, t.read ?? (j.delivery === 'read' ? j.at : undefined));
      const failedAt = first(before?.failedAt, t.failed ?? (j.delivery === 'failed' || j.phase === 'failed' ? j.at : undefined));
      if (acceptedAt !== undefined) row.acceptedAt = acceptedAt;
      if (deliveredAt !== undefined) row.deliveredAt = deliveredAt;
      if (readAt !== undefined) row.readAt = readAt;
      if (failedAt !== undefined) row.failedAt = failedAt;
      return row;
    });
    await db.recipients.bulkPut(rows);
  });
}

/** Stores replies (by seq, so twice is harmless), links them to contacts, and marks the message they answer. */
export async function storeReplies(db: ShopcastDB, messages: readonly InboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db.transaction('rw', db.inbox, db.contacts, db.recipients, async () => {
    const contacts = await Promise.all(messages.map((m) => db.contacts.where('phone').equals(m.from).first()));
    await db.inbox.bulkPut(messages.map((m, i) => (contacts[i] ? { ...m, contactId: contacts[i].id } : { ...m })));
    for (const [i, m] of messages.entries()) {
      const contact = contacts[i];
      if (contact && (contact.lastInteractionAt ?? 0) < m.at) {
        await db.contacts.put(withDerived({ ...contact, lastInteractionAt: m.at }, { id: contact.id, createdAt: contact.createdAt, updatedAt: contact.updatedAt }));
      }
      if (m.job !== undefined && m.optOut !== 'opt_out') {
        const row = await db.recipients.get(m.job);
        if (row && row.repliedAt === undefined) await db.recipients.put({ ...row, repliedAt: m.at });
      }
    }
  });
}

/** Marks suppressed numbers' contacts opted out (never the other way), with why and when. */
export async function applySuppressions(db: ShopcastDB, entries: readonly SuppressionView[], now: number): Promise<number> {
  const optedOut = entries.filter((e) => e.reason === 'opted_out' || e.reason === 'stopped_marketing');
  if (optedOut.length === 0) return 0;
  let changed = 0;
  await db.transaction('rw', db.contacts, async () => {
    for (const e of optedOut) {
      const contact = await db.contacts.where('phone').equals(e.contact).first();
      if (!contact || contact.optInStatus === 'opted_out') continue;
      const source = e.reason === 'opted_out' ? `WhatsApp reply: ${(e.source ?? 'STOP').slice(0, 40)}` : 'WhatsApp: stopped marketing';
      await db.contacts.put(withDerived({ ...contact, optInStatus: 'opted_out', optInSource: source.slice(0, 60), optInAt: e.at }, { id: contact.id, createdAt: contact.createdAt, updatedAt: now }));
      changed++;
    }
  });
  return changed;
}

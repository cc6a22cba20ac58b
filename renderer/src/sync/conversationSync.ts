/**
 * Keeps the renderer's copy of main's conversation actions (done, priority, read, assign, notes: issue 14 points
 * 5–6, electron/services/conversations.ts) and of the staff list current. `inbox:acted` says something changed; this
 * pulls `inbox:actions` after the seq the copy has, into IndexedDB (`inboxActions`, through db/inbox.ts), and
 * `inbox:staff` into memory. Before the first pull, the actions this browser made before main kept them are handed
 * over once (`inbox:importActions`), never lost: they are removed here only after main has them.
 */
import type { Bridge } from '../../../shared/ipc/bridge';
import type { StaffView } from '../../../shared/ipc/inbox';
import type { ShopcastDB } from '../db/db';
import { startPulls } from './pulls';
import { actionsCursor, migrateLocalActions, resetActionsCopy, storeActions } from '../db/inbox';

export interface ConversationSync {
  /** The staff names on this PC and who is at the counter (empty until main answered). */
  staff(): StaffView;
  subscribe(listener: () => void): () => void;
  /** Pulls what changed; resolves when the copy has caught up. */
  pull(): Promise<void>;
  stop(): void;
}

const PAGE = 5_000;
const NO_STAFF: StaffView = { names: [], current: null };

export function startConversationSync(db: ShopcastDB, bridge: Bridge): ConversationSync {
  let staff: StaffView = NO_STAFF;
  const listeners = new Set<() => void>();
  const stopped = () => pulls.stopped();

  const pullOnce = async () => {
    const migrated = await migrateLocalActions(db, async (actions) => (await bridge.call('inbox:importActions', { actions })).ok);
    if (!migrated || stopped()) return;
    const s = await bridge.call('inbox:staff');
    if (s.ok && !stopped() && (s.value.current !== staff.current || s.value.names.join('\n') !== staff.names.join('\n'))) {
      staff = s.value;
      for (const l of listeners) l();
    }
    for (;;) {
      const after = await actionsCursor(db);
      const page = await bridge.call('inbox:actions', { after, limit: PAGE });
      if (!page.ok || stopped()) return;
      if (page.value.last < after) {
        await resetActionsCopy(db);
        continue;
      }
      const top = page.value.actions.at(-1)?.seq ?? page.value.last;
      await storeActions(db, page.value.actions, top);
      if (page.value.actions.length < PAGE) return;
    }
  };

  const pulls = startPulls(bridge, 'inbox:acted', pullOnce, (error) => console.warn('Shopcast: conversation actions not copied:', error));

  return {
    staff: () => staff,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pull: pulls.pull,
    stop() {
      pulls.stop();
      listeners.clear();
    },
  };
}

const syncs = new WeakMap<Bridge, ConversationSync>();

/** The one sync of a bridge, started the first time a component asks for it. */
export function conversationSyncFor(db: ShopcastDB, bridge: Bridge): ConversationSync {
  let sync = syncs.get(bridge);
  if (!sync) syncs.set(bridge, (sync = startConversationSync(db, bridge)));
  return sync;
}

import { useSyncExternalStore } from 'react';
import type { StaffView } from '../../../../shared/ipc/inbox';
import { useBridge } from '../../components/useBridge';
import { getDb } from '../../db/db';
import { conversationSyncFor, type ConversationSync } from '../../sync/conversationSync';

/** The copy of main's conversation actions and staff list, started by the first component that shows the inbox. */
export function useConversationSync(): ConversationSync {
  return conversationSyncFor(getDb(), useBridge());
}

/** The staff names on this PC and who is at the counter (main's, sync/conversationSync.ts). */
export function useStaff(): StaffView {
  const sync = useConversationSync();
  return useSyncExternalStore(sync.subscribe, sync.staff);
}

/** `{ by }` for an action or answer: the person at the counter, when one is chosen. */
export function byCurrent(staff: StaffView): { by?: string } {
  return staff.current !== null ? { by: staff.current } : {};
}

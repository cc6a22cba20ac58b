/**
 * Tells main which labels each customer carries (issue 15: a keyword rule's label condition is decided in main,
 * which cannot read IndexedDB). The whole map goes over `automation:labels` (main replaces its copy and keeps it in
 * `<data>/contact-labels.json`): at start, and after contacts or labels change (Dexie liveQuery), debounced, and only
 * when the map is not the one main last took. Only contacts with at least one label are read (the `*labelIds`
 * index), so 10,000 contacts mostly without labels cost little; a contact is sent by its E.164 phone and its user id.
 */
import { liveQuery } from 'dexie';
import type { Bridge } from '../../../shared/ipc/bridge';
import { CONTACT_LABELS_MAX_ENTRIES, LABELS_PER_CONTACT_MAX, USER_ID_MAX, type ContactLabelsEntry } from '../../../shared/ipc/automation';
import { LABEL_MAX } from '../../../shared/domain/automation/rules';
import type { ShopcastDB } from '../db/db';

export const CONTACT_LABELS_DEBOUNCE_MS = 2_000;
/** After main did not take the map (not connected, refused), try again this much later. */
export const CONTACT_LABELS_RETRY_MS = 30_000;

const E164 = /^\+[1-9]\d{6,14}$/;

export interface ContactLabelsSyncOptions {
  debounceMs?: number;
  /** Timers (tests drive them by hand). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (message: string) => void;
}

export interface ContactLabelsSync {
  /** Resolves when what the database holds now has been offered to main (for tests and shutdown). */
  flush(): Promise<void>;
  stop(): void;
}

/** The map main needs: labelled contacts with a phone or a user id, label ids turned into names, in id order. */
export async function contactLabelsMap(db: ShopcastDB): Promise<ContactLabelsEntry[]> {
  const labels = await db.labels.toArray();
  if (labels.length === 0) return [];
  const names = new Map(labels.map((l) => [l.id, l.name.trim()]));
  const contacts = await db.contacts
    .where('labelIds')
    .anyOf(labels.map((l) => l.id))
    .distinct()
    .toArray();
  contacts.sort((a, b) => a.id - b.id);
  const entries: ContactLabelsEntry[] = [];
  for (const c of contacts) {
    const carried = [...new Set(c.labelIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined && n !== '' && n.length <= LABEL_MAX))].slice(0, LABELS_PER_CONTACT_MAX);
    if (carried.length === 0) continue;
    const phone = c.phone !== undefined && E164.test(c.phone) ? c.phone : undefined;
    const userId = c.userId !== undefined && c.userId.trim() !== '' && c.userId.length <= USER_ID_MAX ? c.userId : undefined;
    if (phone === undefined && userId === undefined) continue;
    entries.push({ ...(phone !== undefined ? { phone } : {}), ...(userId !== undefined ? { userId } : {}), labels: carried });
    if (entries.length === CONTACT_LABELS_MAX_ENTRIES) break;
  }
  return entries;
}

export function startContactLabelsSync(db: ShopcastDB, bridge: Bridge, opts: ContactLabelsSyncOptions = {}): ContactLabelsSync {
  const debounceMs = opts.debounceMs ?? CONTACT_LABELS_DEBOUNCE_MS;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const onError = opts.onError ?? ((m) => console.warn('Shopcast: contact labels not sent to main:', m));
  let stopped = false;
  let timer: unknown;
  /** The map main last took (JSON), so an unchanged map is not sent again. */
  let sent: string | undefined;
  let latest: ContactLabelsEntry[] | undefined;
  let running: Promise<void> = Promise.resolve();

  const send = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped || latest === undefined) return;
      const entries = latest;
      const key = JSON.stringify(entries);
      if (key === sent) return;
      const r = await bridge.call('automation:labels', { entries });
      if (r.ok) sent = key;
      else if (!stopped) {
        onError(r.error.message);
        schedule(CONTACT_LABELS_RETRY_MS);
      }
    });
    return running;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(() => {
      timer = undefined;
      void send();
    }, ms);
  };

  let first = true;
  const sub = liveQuery(() => contactLabelsMap(db)).subscribe({
    next: (entries) => {
      latest = entries;
      if (first) {
        first = false;
        void send(); // at start, at once
      } else schedule(debounceMs);
    },
    error: (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
  });
  // Main restarted or came back: it has its file, but send again so it has exactly this map.
  const offConnection = bridge.onConnectionChange((connected) => {
    if (!connected) return;
    sent = undefined;
    schedule(0);
  });

  return {
    flush: async () => {
      if (timer !== undefined) {
        clearTimer(timer);
        timer = undefined;
      }
      await send();
    },
    stop() {
      stopped = true;
      sub.unsubscribe();
      offConnection();
      if (timer !== undefined) clearTimer(timer);
    },
  };
}

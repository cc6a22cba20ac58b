import { liveQuery } from 'dexie';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { totalUnread, type Conversation } from '../../../../shared/domain/inbox/conversation';
import { DEFAULT_DUE, type DueSettings } from '../../../../shared/domain/inbox/due';
import { useAppStore } from '../../store/useAppStore';
import type { CompiledRules } from '../../../../shared/domain/inbox/triage';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import { useBridge } from '../../components/useBridge';
import { applyInboxRules, refoldConversations, rowConversation, staleRules, type ConversationRecord } from '../../db/conversations';
import { useShopTriageRules } from './triageRules';
import { getDb, type ContactRecord } from '../../db/db';
import type { InboxData } from '../../db/inbox';
import { answersFeedFor } from '../../sync/answersFeed';

/** The shop's triage rules (Settings → Inbox, features/inbox/triageRules.ts), else the built-in ones. */
export function useTriageRules(): CompiledRules {
  return useShopTriageRules();
}

/** The shop's answer times (Settings → Inbox), else 15 min / 1 h / 24 h. */
export function useDueSettings(): DueSettings {
  return useAppStore((s) => s.settings.answerTimes) ?? DEFAULT_DUE;
}

/** Main's answers with their ticks, kept current (sync/answersFeed.ts). */
export function useAnswers(): readonly AnswerView[] {
  const feed = answersFeedFor(useBridge());
  return useSyncExternalStore(feed.subscribe, feed.list);
}

/**
 * One live copy of the conversation list for every component that shows it (the navigation's badge, the
 * notifications, the screen). The conversations are folded per identity as their rows change and kept in
 * IndexedDB (db/conversations.ts); this copy reads them all once, then only the rows written after the newest it
 * has (by their `rev`), and hands the screen at most one new list per UPDATE_MS. The search texts come just after
 * the first list (search finds by name and number until then). Contacts are looked up for the
 * rows that changed, and for all of them again when the contacts changed otherwise (`contactsRevision`).
 * Made for the current rules and answer times, and dropped when nothing listens.
 */
interface SharedFold {
  rules: CompiledRules;
  due: DueSettings;
  value: InboxData | undefined;
  listeners: Set<() => void>;
  stop: () => void;
}
let shared: SharedFold | undefined;

/** The longest a changed row waits before the list shows it (the screen renders at most this often on a burst). */
const UPDATE_MS = 100;

function sharedFold(rules: CompiledRules, due: DueSettings): SharedFold {
  if (shared && shared.rules === rules && shared.due === due) return shared;
  shared?.stop();
  const fold: SharedFold = { rules, due, value: shared?.value, listeners: shared?.listeners ?? new Set(), stop: () => undefined };
  const db = getDb();
  const records = new Map<string, ConversationRecord>();
  const texts = new Map<string, string>();
  const contacts = new Map<string, ContactRecord>();
  const usernames = new Map<string, string>();
  const withDues = new WeakMap<ConversationRecord, Conversation>();
  let campaignNames: ReadonlyMap<string, string> = new Map();
  let seen = 0;
  let contactsRevision = db.contactsRevision;
  let ready = false;
  let timer: number | undefined;
  let stopped = false;

  const publish = () => {
    timer = undefined;
    if (stopped || !ready) return;
    const conversations: Conversation[] = [];
    for (const r of records.values()) {
      let c = withDues.get(r);
      if (!c) {
        c = rowConversation(r, due);
        if (!c) continue;
        withDues.set(r, c);
      }
      conversations.push(c);
    }
    // The maps go out as they are, not copied: every reader reads them through the new `fold.value` (which is what
    // changes), and copying 10,000 search texts on every update was most of the garbage of a busy inbox.
    fold.value = { conversations, contacts, texts, campaignNames, usernames };
    for (const l of fold.listeners) l();
  };
  let published = false;
  const schedule = () => {
    if (!ready) return;
    if (!published) {
      published = true;
      return publish(); // the first list at once
    }
    timer ??= window.setTimeout(publish, UPDATE_MS);
  };

  /** Each row's contact: by the contact its messages were stored with, then its user id, then the number itself. */
  const lookUp = async (identities: readonly string[]) => {
    for (const i of identities) contacts.delete(i);
    const byId = identities.flatMap((i) => (records.get(i)?.contactId !== undefined ? [[i, records.get(i)!.contactId!] as const] : [])); // filtered to defined ids
    const found = await db.contacts.bulkGet(byId.map(([, id]) => id));
    byId.forEach(([i], k) => found[k] && contacts.set(i, found[k]));
    const userIds = new Map(identities.flatMap((i) => (!contacts.has(i) && records.get(i)?.userId !== undefined ? [[records.get(i)!.userId!, i] as const] : []))); // filtered to defined ids
    if (userIds.size > 0) for (const c of await db.contacts.where('userId').anyOf([...userIds.keys()]).toArray()) if (c.userId !== undefined) contacts.set(userIds.get(c.userId)!, c); // found by that id
    const missing = identities.filter((i) => !contacts.has(i));
    if (missing.length > 0) for (const c of await db.contacts.where('phone').anyOf(missing).toArray()) if (c.phone !== undefined) contacts.set(c.phone, c);
  };

  // Search texts: every identity's once, after the first list is on screen; then those of the rows that changed.
  let textsLoaded = false;
  const textsSince = new Set<string>();
  const loadTexts = () => {
    textsLoaded = true;
    void db.conversationTexts.toArray().then(
      (all) => {
        if (stopped) return;
        for (const r of all) if (!textsSince.has(r.identity)) texts.set(r.identity, r.text);
        schedule();
      },
      (error: unknown) => console.warn('Shopcast: the inbox search texts could not be read:', error),
    );
  };

  const rowsSub = liveQuery(async () => {
    const first = seen === 0;
    const rows = await db.conversations.where('rev').above(seen).toArray();
    const rowTexts = first ? undefined : await db.conversationTexts.bulkGet(rows.map((r) => r.identity));
    return { rows, rowTexts };
  }).subscribe({
    next: ({ rows, rowTexts }) => {
      if (stopped) return;
      rows.forEach((r, i) => {
        seen = Math.max(seen, r.rev);
        records.set(r.identity, r);
        if (rowTexts) {
          textsSince.add(r.identity);
          const text = rowTexts[i]?.text;
          if (text !== undefined) texts.set(r.identity, text);
          else texts.delete(r.identity);
        }
        if (r.username !== undefined) usernames.set(r.identity, r.username);
        else usernames.delete(r.identity);
      });
      // Rows folded with other rules (before Settings were read, or before the shop changed them) are folded again.
      const stale = staleRules(rows, rules);
      if (stale.length > 0) void refoldConversations(db, stale, rules).catch((error: unknown) => console.warn('Shopcast: conversations not refolded for the rules:', error));
      const everyone = db.contactsRevision !== contactsRevision;
      contactsRevision = db.contactsRevision;
      void lookUp(everyone ? [...records.keys()] : rows.map((r) => r.identity)).then(
        () => {
          ready = true;
          schedule();
          if (!textsLoaded) loadTexts();
        },
        (error: unknown) => console.warn('Shopcast: the inbox could not read its contacts:', error),
      );
    },
    error: (error: unknown) => console.warn('Shopcast: the inbox could not be read:', error),
  });
  const namesSub = liveQuery(() => db.campaigns.toArray()).subscribe({
    next: (campaigns) => {
      campaignNames = new Map(campaigns.map((c) => [c.id, c.name]));
      schedule();
    },
    error: (error: unknown) => console.warn('Shopcast: campaign names not read:', error),
  });
  // Every later fold (the sync's too) uses the shop's rules.
  applyInboxRules(rules);
  fold.stop = () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
    rowsSub.unsubscribe();
    namesSub.unsubscribe();
  };
  shared = fold;
  return fold;
}

/** Every conversation, kept current as replies arrive, answers go out and people act. */
export function useInboxData(): InboxData | undefined {
  const rules = useTriageRules();
  useAnswers(); // starts main's answers feed, which copies them into IndexedDB
  const due = useDueSettings();
  const fold = sharedFold(rules, due);
  const subscribe = useCallback(
    (listener: () => void) => {
      fold.listeners.add(listener);
      return () => {
        fold.listeners.delete(listener);
        if (fold.listeners.size === 0 && shared === fold) {
          fold.stop();
          shared = undefined;
        }
      };
    },
    [fold],
  );
  return useSyncExternalStore(subscribe, () => fold.value);
}

/** Unread customer messages over every conversation, for the navigation's badge. */
export function useInboxUnread(): number {
  const data = useInboxData();
  return useMemo(() => (data ? totalUnread(data.conversations) : 0), [data]);
}

/** The time now, moving on every `everyMs` (due times and the 24 h window count down on screen). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

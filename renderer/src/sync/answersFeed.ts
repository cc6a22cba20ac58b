/**
 * Main's answers (issue 14 point 3), kept current for the Inbox: `inbox:answered` says something changed, and the
 * feed pulls `inbox:answers` from the rev it has (from 0 when main's `generation` changed: a restarted core numbers
 * anew). Main's answer journals are the truth; the feed keeps its copy in memory (`list()`, for the results' review)
 * and, when given a database, copies each page into IndexedDB (`answers`, db/conversations.ts `storeAnswers`), which
 * refolds those customers' conversations, so the inbox's list, threads and search read them from there. A new window
 * pulls everything once. Applying a page twice is harmless (by answer id).
 */
import type { Bridge } from '../../../shared/ipc/bridge';
import type { AnswerView } from '../../../shared/ipc/inbox';
import { getDb, type ShopcastDB } from '../db/db';
import { storeAnswers } from '../db/conversations';
import { startPulls } from './pulls';

export interface AnswersFeed {
  /** Every answer main has, oldest first; the same array until something changes. */
  list(): readonly AnswerView[];
  subscribe(listener: () => void): () => void;
  /** Pulls what changed (also after `inbox:answer`, so the new answer shows at once). */
  pull(): Promise<void>;
  stop(): void;
}

export function startAnswersFeed(bridge: Bridge, db?: ShopcastDB): AnswersFeed {
  const byId = new Map<string, AnswerView>();
  const listeners = new Set<() => void>();
  let generation: string | undefined;
  let rev = 0;
  let snapshot: readonly AnswerView[] = [];
  const stopped = () => pulls.stopped();

  const pullOnce = async () => {
    const page = await bridge.call('inbox:answers', { sinceRev: rev });
    if (!page.ok || stopped()) return;
    if (page.value.generation !== generation) {
      // Another run of the core: its revs start again, so the page from `rev` may miss changes: pull from 0.
      const fresh = generation === undefined && rev === 0;
      generation = page.value.generation;
      rev = 0;
      if (!fresh) {
        byId.clear();
        const all = await bridge.call('inbox:answers', { sinceRev: 0 });
        if (!all.ok || stopped()) return;
        await persist(all.value.answers, all.value.generation);
        apply(all.value.answers, all.value.rev);
        return;
      }
    }
    await persist(page.value.answers, page.value.generation);
    apply(page.value.answers, page.value.rev);
  };

  /** The page into IndexedDB first (the inbox reads it there); a failed write is reported and the pull goes on. */
  const persist = async (answers: readonly AnswerView[], gen: string) => {
    if (!db) return;
    try {
      await storeAnswers(db, answers, gen);
    } catch (error: unknown) {
      console.warn('Shopcast: answers not copied to IndexedDB:', error);
    }
  };

  const apply = (answers: readonly AnswerView[], top: number) => {
    for (const a of answers) byId.set(a.id, a);
    rev = Math.max(rev, top);
    if (answers.length === 0 && snapshot.length === byId.size) return;
    snapshot = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    for (const l of listeners) l();
  };

  const pulls = startPulls(bridge, 'inbox:answered', pullOnce);

  return {
    list: () => snapshot,
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

const feeds = new WeakMap<Bridge, AnswersFeed>();

/** The one feed of a bridge (copying into the app's database), started the first time a screen asks for it. */
export function answersFeedFor(bridge: Bridge): AnswersFeed {
  let feed = feeds.get(bridge);
  if (!feed) feeds.set(bridge, (feed = startAnswersFeed(bridge, getDb())));
  return feed;
}

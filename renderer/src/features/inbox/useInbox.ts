import { liveQuery } from 'dexie';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { totalUnread } from '../../../../shared/domain/inbox/conversation';
import { DEFAULT_DUE, type DueSettings } from '../../../../shared/domain/inbox/due';
import { useAppStore } from '../../store/useAppStore';
import { compileRules, DEFAULT_TRIAGE_RULES, type CompiledRules } from '../../../../shared/domain/inbox/triage';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import { useBridge } from '../../components/useBridge';
import { getDb } from '../../db/db';
import { loadInbox, type InboxData } from '../../db/inbox';
import { answersFeedFor } from '../../sync/answersFeed';

/**
 * The shop's triage rules: the defaults for now; editing them in Settings is a later slice (the rules are data,
 * shared/domain/inbox/triage.ts `parseTriageRules` checks an edited set). The answer times are the shop's own.
 */
let compiled: CompiledRules | undefined;
export function useTriageRules(): CompiledRules {
  compiled ??= compileRules(DEFAULT_TRIAGE_RULES);
  return compiled;
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
 * One live fold of the inbox for every component that shows it (the navigation's badge, the notifications, the
 * screen): folding 200,000 messages is the inbox's costliest work, and each `useLiveQuery` would redo it on every
 * change. The subscription is made for the current rules, answer times and answers, and dropped when nothing
 * listens.
 */
interface SharedFold {
  rules: CompiledRules;
  due: DueSettings;
  answers: readonly AnswerView[];
  value: InboxData | undefined;
  listeners: Set<() => void>;
  stop: () => void;
}
let shared: SharedFold | undefined;

function sharedFold(rules: CompiledRules, due: DueSettings, answers: readonly AnswerView[]): SharedFold {
  if (shared && shared.rules === rules && shared.due === due && shared.answers === answers) return shared;
  shared?.stop();
  const fold: SharedFold = { rules, due, answers, value: shared?.value, listeners: shared?.listeners ?? new Set(), stop: () => undefined };
  const sub = liveQuery(() => loadInbox(getDb(), rules, due, answers)).subscribe({
    next: (value) => {
      fold.value = value;
      for (const l of fold.listeners) l();
    },
    error: (error: unknown) => console.warn('Shopcast: the inbox could not be read:', error),
  });
  fold.stop = () => sub.unsubscribe();
  shared = fold;
  return fold;
}

/** Every conversation, kept current as replies arrive, answers go out and people act. */
export function useInboxData(): InboxData | undefined {
  const rules = useTriageRules();
  const answers = useAnswers();
  const due = useDueSettings();
  const fold = sharedFold(rules, due, answers);
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

import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
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

/** Every conversation, kept current as replies arrive, answers go out and people act. */
export function useInboxData(): InboxData | undefined {
  const rules = useTriageRules();
  const answers = useAnswers();
  const due = useDueSettings();
  return useLiveQuery(() => loadInbox(getDb(), rules, due, answers), [rules, answers, due]);
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

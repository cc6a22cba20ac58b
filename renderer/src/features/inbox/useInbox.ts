import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { totalUnread } from '../../../../shared/domain/inbox/conversation';
import { DEFAULT_DUE } from '../../../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES, type CompiledRules } from '../../../../shared/domain/inbox/triage';
import { getDb } from '../../db/db';
import { loadInbox, type InboxData } from '../../db/inbox';

/**
 * The shop's triage rules and answer times. The defaults for now: editing them in Settings is a later slice (the
 * rules are data, shared/domain/inbox/triage.ts `parseTriageRules` checks an edited set).
 */
let compiled: CompiledRules | undefined;
export function useTriageRules(): CompiledRules {
  compiled ??= compileRules(DEFAULT_TRIAGE_RULES);
  return compiled;
}

export const DUE_SETTINGS = DEFAULT_DUE;

/** Every conversation, kept current as replies arrive and people act. */
export function useInboxData(): InboxData | undefined {
  const rules = useTriageRules();
  return useLiveQuery(() => loadInbox(getDb(), rules, DUE_SETTINGS), [rules]);
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

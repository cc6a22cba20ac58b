/**
 * The inbox's desktop notifications and unread badge (issue 14 points 1 and 5), mounted once in the app's shell:
 * a new customer message while the person is elsewhere (another screen, another window), and an answer that has
 * become overdue; the dock/taskbar/tray count follows the unread total. What to announce is decided by
 * shared/domain/inbox/notify.ts; this wires it to the screen's data, words and the host.
 */
import { useEffect, useRef } from 'react';
import { notificationsFor, type Notice, type NotifyState } from '../../../../shared/domain/inbox/notify';
import { totalUnread } from '../../../../shared/domain/inbox/conversation';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import type { InboxData } from '../../db/inbox';
import type { Translator } from '../../i18n';
import { useBridge } from '../../components/useBridge';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { showDesktopNotification, setUnreadBadge } from './desktopNotify';
import { messageText, priorityWord } from './inboxWords';
import { useInboxData, useNow } from './useInbox';

/** A notice in the person's words: who, and what they wrote (or what is overdue). */
export function noticeWords(t: Translator['t'], n: Notice, nameOf: (identity: string) => string): { title: string; body: string } {
  if (n.kind === 'messages') return { title: t('notify.messages.title', { count: n.count }), body: t('notify.messages.body', { count: n.people }) };
  if (n.kind === 'overdue') return { title: t('notify.overdue.title', { name: nameOf(n.identity) }), body: t('notify.overdue.body', { priority: priorityWord(t, n.priority) }) };
  return { title: nameOf(n.identity), body: messageText(t, { type: n.type ?? 'text', ...(n.text !== undefined ? { text: n.text } : {}) }).slice(0, 300) };
}

/** Gives the notifications and the badge; returns the unread total (the window title shows it). */
export function useInboxNotifications(): number {
  const { t } = useI18n();
  const bridge = useBridge();
  const data: InboxData | undefined = useInboxData();
  const now = useNow(30_000);
  const screen = useAppStore((s) => s.screen);
  const goTo = useAppStore((s) => s.goTo);
  const runtime = useAppStore((s) => s.appInfo?.runtime);
  const on = useAppStore((s) => s.settings.notifications !== false);
  const country = useAppStore((s) => s.settings.defaultCountry);
  const state = useRef<NotifyState | undefined>(undefined);

  const unread = data ? totalUnread(data.conversations) : 0;
  useEffect(() => setUnreadBadge(bridge, runtime, unread), [bridge, runtime, unread]);

  useEffect(() => {
    if (!data) return;
    const { notices, next } = notificationsFor(state.current, data.conversations, Math.max(now, Date.now()));
    state.current = next;
    if (!on || notices.length === 0) return;
    // A message the person is looking at needs no notice; an overdue answer always gets one.
    const looking = screen === 'inbox' && document.visibilityState === 'visible' && document.hasFocus();
    const nameOf = (identity: string) => data.contacts.get(identity)?.name || data.usernames.get(identity) || formatPhone(identity, country as CountryCode);
    for (const n of notices) {
      if (looking && n.kind !== 'overdue') continue;
      const words = noticeWords(t, n, nameOf);
      void showDesktopNotification(bridge, runtime, { ...words, tag: n.kind === 'messages' ? 'shopcast-messages' : `shopcast-${n.kind}-${n.identity}` }, () => goTo('inbox'));
    }
  }, [data, now, on, screen, runtime, bridge, t, goTo, country]);
  return unread;
}

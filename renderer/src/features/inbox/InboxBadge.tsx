import { useI18n } from '../../i18n/useI18n';
import { useInboxUnread } from './useInbox';
import { useConversationSync } from './useStaff';

/** The navigation's unread count for the inbox; nothing when all is read. */
export function InboxBadge() {
  const { t, formatNumber } = useI18n();
  useConversationSync(); // the navigation is always there: main's conversation actions are copied from the start
  const unread = useInboxUnread();
  if (unread === 0) return null;
  return (
    <span className="nav-badge" aria-label={t('nav.inboxUnread', { count: unread })}>
      {formatNumber(unread)}
    </span>
  );
}

import { useI18n } from '../../i18n/useI18n';
import { useInboxUnread } from './useInbox';

/** The navigation's unread count for the inbox; nothing when all is read. */
export function InboxBadge() {
  const { t, formatNumber } = useI18n();
  const unread = useInboxUnread();
  if (unread === 0) return null;
  return (
    <span className="nav-badge" aria-label={t('nav.inboxUnread', { count: unread })}>
      {formatNumber(unread)}
    </span>
  );
}

import type { OptInStatus } from '../../../shared/domain/contact';
import { useI18n } from '../i18n/useI18n';

/** Opt-in status as a badge: text plus a shape, so it never depends on colour alone. */
export function OptInBadge({ status }: { status: OptInStatus }) {
  const { t } = useI18n();
  const icon = status === 'opted_in' ? '✓' : status === 'opted_out' ? '✕' : '?';
  return (
    <span className="optin-badge" data-status={status}>
      <span aria-hidden="true">{icon}</span> {t(`optIn.${status}`)}
    </span>
  );
}

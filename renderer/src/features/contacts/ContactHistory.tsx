import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { localDateTime, systemZone } from '../../../../shared/domain/results/time';
import { contactHistory } from '../../db/reports';
import { getDb } from '../../db/db';
import { resultsWords } from '../../i18n/results';
import { useI18n } from '../../i18n/useI18n';
import { contactHistoryTables, safeFileName } from '../results/exportReport';
import { ReportActions } from '../results/ReportActions';
import '../campaigns/campaigns.css';

/** The dialog lists this many of the newest entries; the export has them all. */
const SHOWN = 50;

/**
 * Every message a contact received (campaign, where it got to) and their replies, newest first: read from the
 * renderer's copy of the sending results, so it works offline and follows live updates.
 */
export function ContactHistory({ contactId }: { contactId: number }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const headingId = useId();
  const history = useLiveQuery(() => contactHistory(getDb(), contactId), [contactId]);
  if (!history || (history.messages.length === 0 && history.replies.length === 0)) {
    return history ? <p className="field-hint">{t('history.none')}</p> : null;
  }
  type Item = { at: number; key: string; text: string; detail?: string };
  const items: Item[] = [
    ...history.messages.map((m) => ({
      at: m.sentAt ?? m.at,
      key: `m:${m.job}`,
      text: t('history.message', { campaign: m.campaignName, status: t(`campaigns.stage.${m.stage}`) }),
      ...(m.sandbox ? { detail: t('history.sandbox') } : {}),
    })),
    ...history.replies.map((r) => ({
      at: r.at,
      key: `r:${r.seq}`,
      text: r.optOut === 'opt_out' ? t('history.optOut', { text: r.text ?? '' }) : t('history.reply', { text: r.text ?? `(${r.type})` }),
    })),
  ].sort((a, b) => b.at - a.at);
  const w = resultsWords(t);
  const zone = systemZone();
  const tables = () => contactHistoryTables(history, { w, stage: (s) => t(`campaigns.stage.${s}`), time: (at) => localDateTime(zone, at) });
  const who = history.contact?.name || history.contact?.phone || history.contact?.username || history.contact?.userId || String(contactId);
  return (
    <section className="contact-history" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('history.title')}</h3>
      <ReportActions tables={tables} fileName={safeFileName(`${w('history.heading')} ${who}`)} />
      {items.length > SHOWN && <p className="field-hint">{w('history.shown', { shown: formatNumber(SHOWN), total: formatNumber(items.length) })}</p>}
      <ol>
        {items.slice(0, SHOWN).map((i) => (
          <li key={i.key}>
            <time dateTime={new Date(i.at).toISOString()}>{formatDateTime(i.at)}</time> <span>{i.text}</span>
            {i.detail && <span className="field-hint"> · {i.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

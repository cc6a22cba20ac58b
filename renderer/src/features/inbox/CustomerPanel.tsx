import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { LabelChip } from '../../components/LabelChip';
import { OptInBadge } from '../../components/OptInBadge';
import { updateContact } from '../../db/contacts';
import { getDb, type ContactRecord } from '../../db/db';
import type { ThreadItem } from '../../db/inbox';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';

/** Who is writing: name, number, labels, opt-in, first contact, campaigns received, past replies, and notes to edit in place. */
export function CustomerPanel({ identity, contact, name, thread }: { identity: string; contact: ContactRecord | undefined; name: string; thread: readonly ThreadItem[] }) {
  const { t, formatDate, formatNumber } = useI18n();
  const headingId = useId();
  const notesId = useId();
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const showToast = useAppStore((s) => s.showToast);
  const labels = useLiveQuery(() => getDb().labels.toArray(), []);
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const [saving, setSaving] = useState(false);
  const campaigns = new Set(thread.flatMap((i) => (i.kind === 'campaign' ? [i.campaign] : []))).size;
  const replies = thread.filter((i) => i.kind === 'inbound').length;
  const first = thread[0]?.at;
  const changed = contact !== undefined && notes !== contact.notes;

  const save = async () => {
    if (!contact) return;
    setSaving(true);
    try {
      const r = await updateContact(getDb(), contact.id, { ...contact, notes }, { defaultCountry: country });
      if (r.ok) showToast({ tone: 'success', message: t('inbox.customer.saved') });
      else showToast({ tone: 'error', message: t('inbox.customer.saveFailed') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <aside className="inbox-customer" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('inbox.customer')}</h2>
      <p className="inbox-customer-name">{name}</p>
      <p className="field-hint">{formatPhone(identity, country)}</p>
      {!contact ? (
        <p className="field-hint">{t('inbox.customer.notSaved')}</p>
      ) : (
        <dl>
          <dt>{t('inbox.customer.labels')}</dt>
          <dd>
            {contact.labelIds.length === 0
              ? t('inbox.customer.noLabels')
              : contact.labelIds.map((id) => {
                  const l = labels?.find((x) => x.id === id);
                  return l ? <LabelChip key={id} name={l.name} color={l.color} small /> : null;
                })}
          </dd>
          <dt>{t('inbox.customer.optIn')}</dt>
          <dd>
            <OptInBadge status={contact.optInStatus} />
          </dd>
        </dl>
      )}
      <dl>
        {first !== undefined && (
          <>
            <dt>{t('inbox.customer.firstContact')}</dt>
            <dd className="inbox-customer-date">{formatDate(first)}</dd>
          </>
        )}
        <dt>{t('inbox.customer.campaigns')}</dt>
        <dd>{formatNumber(campaigns)}</dd>
        <dt>{t('inbox.customer.replies')}</dt>
        <dd>{formatNumber(replies)}</dd>
      </dl>
      {contact && (
        <div className="inbox-notes">
          <label htmlFor={notesId}>{t('inbox.customer.notes')}</label>
          <textarea id={notesId} rows={4} value={notes} maxLength={2_000} onChange={(e) => setNotes(e.target.value)} />
          <button type="button" disabled={!changed || saving} onClick={() => void save()}>
            {t('inbox.customer.saveNotes')}
          </button>
        </div>
      )}
    </aside>
  );
}

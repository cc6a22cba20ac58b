import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { NOTES_MAX } from '../../../../shared/domain/contact';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { thrownMessage } from '../../components/errorMessage';
import { LabelChip } from '../../components/LabelChip';
import { OptInBadge } from '../../components/OptInBadge';
import { applyLabels, restoreTrash, updateContact } from '../../db/contacts';
import { getDb, type ContactRecord, type LabelRecord } from '../../db/db';
import type { ThreadItem } from '../../db/inbox';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { useLabels } from '../labels/useLabels';
import './customerPanel.css';

/** The facts the panel shows about a customer from their thread and contact: new or returning, and when. */
export function customerFacts(thread: readonly ThreadItem[], contact: Pick<ContactRecord, 'createdAt'> | undefined) {
  const campaigns = new Set(thread.flatMap((i) => (i.kind === 'campaign' ? [i.campaign] : []))).size;
  const inbound = thread.filter((i) => i.kind === 'inbound');
  const firstInbound = inbound[0]?.at;
  // Returning: the shop knew them before this conversation (a campaign reached them, or they were a contact
  // before they first wrote). A customer who wrote first and got nothing from the shop is new.
  const returning = campaigns > 0 || (contact !== undefined && firstInbound !== undefined && contact.createdAt < firstInbound);
  return { campaigns, replies: inbound.length, first: thread[0]?.at, lastInbound: inbound.at(-1)?.at, returning };
}

/**
 * Who is writing (issue 14 point 2): name, number, labels, opt-in, new or returning, first contact, campaigns
 * received, messages from them, and the notes and labels to edit in place. Notes save on leaving the box or
 * Ctrl+Enter (through db/contacts.ts `updateContact`, NOTES_MAX checked first: too long is said, never cut); Esc
 * puts back the saved notes, with Undo to bring the typed text back. Labels are added from a list and removed from
 * their chip, each with Undo.
 */
export function CustomerPanel({ identity, contact: given, name, thread }: { identity: string; contact: ContactRecord | undefined; name: string; thread: readonly ThreadItem[] }) {
  const { t, formatDate, formatNumber } = useI18n();
  // The contact as stored now: an edit here (or in another window) shows at once, whatever the inbox's copy says.
  const id = given?.id;
  const live = useLiveQuery(() => (id === undefined ? undefined : getDb().contacts.get(id)), [id]);
  const contact = live ?? given;
  const headingId = useId();
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const facts = customerFacts(thread, contact);

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
            <LabelsInPlace contact={contact} />
          </dd>
          <dt>{t('inbox.customer.optIn')}</dt>
          <dd>
            <OptInBadge status={contact.optInStatus} />
          </dd>
        </dl>
      )}
      <dl>
        <dt>{t('panel.kind')}</dt>
        <dd>{facts.returning ? t('panel.returning') : t('panel.new')}</dd>
        {facts.first !== undefined && (
          <>
            <dt>{t('inbox.customer.firstContact')}</dt>
            <dd className="inbox-customer-date">{formatDate(facts.first)}</dd>
          </>
        )}
        {contact && (
          <>
            <dt>{t('panel.contactSince')}</dt>
            <dd className="inbox-customer-date">{formatDate(contact.createdAt)}</dd>
          </>
        )}
        <dt>{t('inbox.customer.campaigns')}</dt>
        <dd>{formatNumber(facts.campaigns)}</dd>
        <dt>{t('inbox.customer.replies')}</dt>
        <dd>{formatNumber(facts.replies)}</dd>
        {facts.lastInbound !== undefined && (
          <>
            <dt>{t('panel.lastMessage')}</dt>
            <dd className="inbox-customer-date">{formatDate(facts.lastInbound)}</dd>
          </>
        )}
      </dl>
      {contact && <NotesInPlace contact={contact} country={country} />}
    </aside>
  );
}

function NotesInPlace({ contact, country }: { contact: ContactRecord; country: CountryCode }) {
  const { t } = useI18n();
  const id = useId();
  const showToast = useAppStore((s) => s.showToast);
  const [draft, setDraft] = useState(contact.notes);
  const [failed, setFailed] = useState(false);
  const editing = useRef(false);
  // Another window or screen may change the notes: follow them unless the person is typing here.
  useEffect(() => {
    if (!editing.current) setDraft(contact.notes);
  }, [contact.notes]);
  const tooLong = draft.length > NOTES_MAX;

  const save = async () => {
    if (draft === contact.notes || tooLong) return;
    try {
      const r = await updateContact(getDb(), contact.id, { ...contact, notes: draft }, { defaultCountry: country });
      setFailed(!r.ok);
      showToast(r.ok ? { tone: 'success', message: t('inbox.customer.saved') } : { tone: 'error', message: t('inbox.customer.saveFailed') });
    } catch (error) {
      setFailed(true);
      showToast({ tone: 'error', message: thrownMessage(t, error) });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      // Esc here is about the notes, not the conversation behind them.
      e.stopPropagation();
      if (draft === contact.notes) return;
      const typed = draft;
      setDraft(contact.notes);
      setFailed(false);
      showToast({
        tone: 'info',
        message: t('panel.notesReverted'),
        undo: async () => {
          setDraft(typed);
          return t('panel.notesDraftBack');
        },
      });
    }
  };

  return (
    <div className="inbox-notes">
      <label htmlFor={id}>{t('inbox.customer.notes')}</label>
      <textarea
        id={id}
        rows={4}
        value={draft}
        aria-invalid={tooLong || failed}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setDraft(e.target.value)}
        onFocus={() => (editing.current = true)}
        onBlur={() => {
          editing.current = false;
          void save();
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className={tooLong ? 'form-error' : 'field-hint'} role={tooLong ? 'alert' : undefined}>
        {tooLong ? t('panel.notesTooLong', { max: String(NOTES_MAX), length: String(draft.length) }) : t('panel.notesHint')}
      </p>
    </div>
  );
}

function LabelsInPlace({ contact }: { contact: ContactRecord }) {
  const { t } = useI18n();
  const id = useId();
  const { list, byId } = useLabels();
  const showToast = useAppStore((s) => s.showToast);
  const [picked, setPicked] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const mine = contact.labelIds.flatMap((l) => byId.get(l) ?? []);
  const others = (list ?? []).filter((l) => !contact.labelIds.includes(l.id));

  const change = async (label: LabelRecord, mode: 'add' | 'remove') => {
    setBusy(true);
    try {
      const { trashId } = await applyLabels(getDb(), [contact.id], mode === 'add' ? { add: [label.id] } : { remove: [label.id] });
      showToast({
        tone: 'success',
        message: t(mode === 'add' ? 'panel.labelAdded' : 'panel.labelRemoved', { label: label.name }),
        ...(trashId === undefined
          ? {}
          : {
              undo: async () => {
                const report = await restoreTrash(getDb(), trashId);
                return report ? t('panel.labelBack') : t('error.notFound');
              },
            }),
      });
      if (mode === 'add') setPicked('');
    } catch (error) {
      showToast({ tone: 'error', message: t('panel.labelFailed', { reason: thrownMessage(t, error) }) });
    } finally {
      setBusy(false);
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    const label = others.find((l) => l.id === picked) ?? others[0];
    if (label) void change(label, 'add');
  };

  return (
    <div className="inbox-labels">
      {mine.length === 0 ? (
        <span className="field-hint">{t('inbox.customer.noLabels')}</span>
      ) : (
        <ul className="inbox-label-list">
          {mine.map((l) => (
            <li key={l.id}>
              <LabelChip name={l.name} color={l.color} small />
              <button type="button" className="inbox-label-remove" disabled={busy} aria-label={t('panel.removeLabel', { label: l.name })} onClick={() => void change(l, 'remove')}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {list !== undefined &&
        (others.length === 0 ? (
          <span className="field-hint">{t('panel.noLabelsLeft')}</span>
        ) : (
          <form className="inbox-label-add" onSubmit={add}>
            <select id={id} aria-label={t('panel.pickLabel')} value={picked === '' ? (others[0]?.id ?? '') : picked} onChange={(e) => setPicked(Number(e.target.value))}>
              {others.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t('panel.addLabel')}
            </button>
          </form>
        ))}
    </div>
  );
}

import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { isConsentOld, NAME_MAX, NOTES_MAX, OPT_IN_STATUSES, SOURCE_MAX, type ContactFieldName, type FieldError, type OptInStatus } from '../../../../shared/domain/contact';
import { formatPhone, normalizePhone, otherCountryHint, type CountryCode } from '../../../../shared/domain/phone';
import { Dialog } from '../../components/Dialog';
import { thrownMessage } from '../../components/errorMessage';
import { LabelChip } from '../../components/LabelChip';
import { useContactsByIds } from '../../db/contactQuery';
import { addContact, findByPhone, findByUserId, updateContact } from '../../db/contacts';
import { identityUserId } from '../../../../shared/domain/identity';
import { getDb, type ContactRecord } from '../../db/db';
import type { Translator } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { useLabels } from '../labels/useLabels';
import { dateInputToEpoch, epochToDateInput, todayDateInput } from './dates';
import { OPT_IN_SOURCES, sourceLabel, sourceToStored } from './optInSource';
import { ContactHistory } from './ContactHistory';
import { useContactActions } from './useContactActions';
import { shownAs } from './identityText';
import { DayWrittenOut } from '../../components/DayWrittenOut';

const PHONE_PAUSE_MS = 800;

/** Opens a new contact (contactId null) or an existing one; unknown ids say the contact no longer exists. */
export function ContactDialog({ contactId }: { contactId: number | null }) {
  const { t } = useI18n();
  const closeDialog = useAppStore((s) => s.closeDialog);
  const found = useContactsByIds(contactId === null ? [] : [contactId]);
  if (contactId === null) return <ContactForm key="new" existing={null} />;
  if (found === undefined) return null;
  const record = found[0];
  if (!record) {
    return (
      <Dialog title={t('contactDialog.titleEdit')} onClose={closeDialog}>
        <p role="alert">{t('contactDialog.notFound')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={closeDialog} data-autofocus>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    );
  }
  return <ContactForm key={record.id} existing={record} />;
}

interface FormState {
  name: string;
  phone: string;
  /** The WhatsApp user id typed for a contact that has none (a contact it already has is shown read only). */
  userId: string;
  labelIds: number[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInDate: string;
  notes: string;
  lastInteractionDate: string;
  /** Night-time consent (Korean law, §2b): given or not, on which day, where. */
  nightConsent: boolean;
  nightConsentDate: string;
  nightConsentSource: string;
}

function initialState(t: Translator['t'], c: ContactRecord | null, country: CountryCode, formatDate: Translator['formatDate']): FormState {
  return {
    name: c?.name ?? '',
    // Shown the way the person would type it (no +82 for home numbers); it parses back to the same E.164.
    phone: c?.phone ? formatPhone(c.phone, country) : '',
    userId: c?.userId ?? '',
    labelIds: c?.labelIds ?? [],
    optInStatus: c?.optInStatus ?? 'unknown',
    optInSource: c ? sourceLabel(t, c.optInSource, formatDate) : '',
    optInDate: epochToDateInput(c?.optInAt ?? null),
    notes: c?.notes ?? '',
    lastInteractionDate: epochToDateInput(c?.lastInteractionAt ?? null),
    nightConsent: c?.nightConsent != null,
    nightConsentDate: epochToDateInput(c?.nightConsent?.at ?? null),
    nightConsentSource: c?.nightConsent ? sourceLabel(t, c.nightConsent.source, formatDate) : '',
  };
}

function ContactForm({ existing }: { existing: ContactRecord | null }) {
  const { t, formatDateTime, formatDate, countryName, language } = useI18n();
  const defaultCountry = useAppStore((s) => s.settings.defaultCountry);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const openDialog = useAppStore((s) => s.openDialog);
  const showToast = useAppStore((s) => s.showToast);
  const setActiveId = useAppStore((s) => s.setActiveId);
  const { list: labels } = useLabels();
  const { deleteWithUndo } = useContactActions();
  const [form, setForm] = useState<FormState>(() => initialState(t, existing, defaultCountry, formatDate));
  const [phoneTouched, setPhoneTouched] = useState(existing !== null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const ids = {
    name: useId(),
    phone: useId(),
    phoneNote: useId(),
    phoneError: useId(),
    optIn: useId(),
    source: useId(),
    sourceList: useId(),
    optInDate: useId(),
    notes: useId(),
    last: useId(),
    night: useId(),
    nightDate: useId(),
    nightSource: useId(),
    username: useId(),
    userId: useId(),
    userIdHint: useId(),
    userIdError: useId(),
    identityHint: useId(),
    formError: useId(),
  };

  const parsed = useMemo(() => normalizePhone(form.phone, defaultCountry), [form.phone, defaultCountry]);
  // "This looks like a Korean number; your default country is United States": a number without its country code
  // that only another likely country can read, with a one-click fix that writes it with that country's code.
  const otherCountry = useMemo(() => (parsed.ok ? undefined : otherCountryHint(form.phone, defaultCountry)), [parsed.ok, form.phone, defaultCountry]);
  const phoneRef = useRef<HTMLInputElement>(null);
  // The problem with a number shows once the person pauses typing (or leaves the field), not at the first digit:
  // and not only on blur, because a message appearing on blur moves the fields below under the pointer.
  useEffect(() => {
    if (phoneTouched || form.phone.trim() === '') return;
    const timer = window.setTimeout(() => setPhoneTouched(true), PHONE_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [form.phone, phoneTouched]);
  const e164 = parsed.ok ? parsed.e164 : null;
  // Looks the number up as it is typed, so the person learns about a duplicate before filling in the rest.
  // The same for a typed user id (read by the id path only, never as a number).
  const typedId = existing?.userId ? undefined : identityUserId(form.userId);
  const clash = useLiveQuery(
    async () => (e164 ? ((await findByPhone(getDb(), e164)) ?? null) : null) ?? (typedId ? ((await findByUserId(getDb(), typedId)) ?? null) : null),
    [e164, typedId],
  );
  const duplicate = clash && clash.id !== existing?.id ? clash : null;

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((errs) => errs.filter((e) => fieldOf(e.field) !== key));
  };

  // A contact known by its WhatsApp user id needs no phone: an empty phone is then no problem.
  const hasUserId = form.userId.trim() !== '';
  const phoneProblem = (): string | null => {
    const saved = errors.find((e) => e.field === 'phone');
    if (saved) return fieldMessage(t, saved, countryName(defaultCountry));
    if (!parsed.ok && phoneTouched && !(parsed.reason === 'empty' && hasUserId)) return t(`phoneProblem.${parsed.reason}`, { country: countryName(defaultCountry) });
    return null;
  };
  const phoneError = phoneProblem();
  const showOtherCountry = otherCountry !== undefined && (phoneTouched || errors.some((e) => e.field === 'phone'));
  const errorFor = (field: ContactFieldName) => {
    const e = errors.find((x) => x.field === field);
    return e ? fieldMessage(t, e, countryName(defaultCountry)) : null;
  };
  const now = Date.now();
  const today = todayDateInput(now);
  const nightAt = form.nightConsent ? dateInputToEpoch(form.nightConsentDate) : null;
  const nightOld = nightAt !== null && isConsentOld(nightAt, now);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setPhoneTouched(true);
    setSaveError(null);
    const input = {
      name: form.name,
      phone: form.phone,
      ...(existing?.userId ? {} : { userId: form.userId }),
      labelIds: form.labelIds,
      optInStatus: form.optInStatus,
      optInSource: sourceToStored(t, form.optInSource, existing ? { stored: existing.optInSource, shown: sourceLabel(t, existing.optInSource, formatDate) } : undefined),
      optInAt: dateInputToEpoch(form.optInDate),
      notes: form.notes,
      lastInteractionAt: dateInputToEpoch(form.lastInteractionDate),
      // No date: given today (the parser stamps the time it is recorded).
      nightConsent: form.nightConsent
        ? {
            // The day as it was: the time it was recorded stays (a day picked again is that day's local midnight).
            at: existing?.nightConsent && epochToDateInput(existing.nightConsent.at) === form.nightConsentDate ? existing.nightConsent.at : dateInputToEpoch(form.nightConsentDate),
            source: sourceToStored(t, form.nightConsentSource, existing?.nightConsent ? { stored: existing.nightConsent.source, shown: sourceLabel(t, existing.nightConsent.source, formatDate) } : undefined),
          }
        : null,
    };
    setSaving(true);
    try {
      const opts = { defaultCountry };
      const result = existing ? await updateContact(getDb(), existing.id, input, opts) : await addContact(getDb(), input, opts);
      if (result.ok) {
        const name = displayName(result.contact, defaultCountry);
        showToast({ tone: 'success', message: t(existing ? 'contacts.saved' : 'contacts.added', { name }) });
        setActiveId(result.contact.id);
        closeDialog();
        return;
      }
      if (result.kind === 'invalid') setErrors(result.errors);
      else if (result.kind === 'not_found') setSaveError(t('contactDialog.notFound'));
      // 'duplicate': the live lookup already shows the message and the "Open" button.
      else setSaveError(t('contactDialog.duplicate', { name: displayName(result.existing, defaultCountry) }));
    } catch (error) {
      setSaveError(thrownMessage(t, error));
    } finally {
      setSaving(false);
    }
  };

  // Enter in a text field submits the form natively; in Notes it makes a new line, so Ctrl/Cmd+Enter saves there.
  const onNotesKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  };

  const dupName = duplicate ? displayName(duplicate, defaultCountry) : '';
  const hasErrors = errors.length > 0;

  return (
    <Dialog title={t(existing ? 'contactDialog.titleEdit' : 'contactDialog.titleNew')} onClose={closeDialog} size="wide">
      <form className="contact-form" onSubmit={submit} noValidate aria-describedby={hasErrors ? ids.formError : undefined}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.name}>{t('contactDialog.name')}</label>
            <input
              id={ids.name}
              value={form.name}
              maxLength={NAME_MAX}
              autoComplete="off"
              data-autofocus
              aria-invalid={errorFor('name') ? true : undefined}
              onChange={(e) => set('name', e.target.value)}
            />
            {errorFor('name') && <p className="field-error">{errorFor('name')}</p>}
          </div>

          <div className="field">
            <label htmlFor={ids.phone}>{t('contactDialog.phone')}</label>
            <input
              id={ids.phone}
              ref={phoneRef}
              value={form.phone}
              inputMode="tel"
              autoComplete="off"
              required={!hasUserId}
              aria-invalid={phoneError || duplicate || showOtherCountry ? true : undefined}
              aria-describedby={`${ids.phoneNote} ${ids.phoneError}`}
              onChange={(e) => set('phone', e.target.value)}
              onBlur={() => setPhoneTouched(form.phone.trim() !== '' || phoneTouched)}
            />
            <p id={ids.phoneNote} className="field-hint" aria-live="polite">
              {e164
                ? t('contactDialog.phoneSavedAs', { phone: formatPhone(e164, defaultCountry) })
                : t('contactDialog.phoneHint', { example: exampleNumber(defaultCountry) })}
            </p>
            <div id={ids.phoneError} aria-live="polite">
              {showOtherCountry ? (
                <div className="duplicate-note">
                  <p>{t('contactDialog.otherCountry', { country: countryName(otherCountry.country), defaultCountry: countryName(defaultCountry) })}</p>
                  <button
                    type="button"
                    onClick={() => {
                      // Written with its country code, the number is read as that country's whatever the default.
                      set('phone', formatPhone(otherCountry.e164, defaultCountry));
                      phoneRef.current?.focus();
                    }}
                  >
                    {t('contactDialog.otherCountryFix', { phone: formatPhone(otherCountry.e164, defaultCountry) })}
                  </button>
                </div>
              ) : (
                phoneError && <p className="field-error">{phoneError}</p>
              )}
              {duplicate && (
                <div className="duplicate-note" role="alert">
                  <p>{t('contactDialog.duplicate', { name: dupName })}</p>
                  <button type="button" onClick={() => openDialog({ kind: 'contact', contactId: duplicate.id })}>
                    {t('contactDialog.openExisting', { name: dupName })}
                  </button>
                </div>
              )}
            </div>
          </div>

          {/* The WhatsApp identity (DOMAIN.md §2 "Identity"): WhatsApp gives it, so it is shown, never edited. */}
          {existing?.username && (
            <div className="field">
              <label htmlFor={ids.username}>{t('contactDialog.username')}</label>
              <input id={ids.username} value={existing.username} readOnly aria-describedby={ids.identityHint} />
            </div>
          )}
          {existing?.userId ? (
            <div className="field">
              <label htmlFor={ids.userId}>{t('contactDialog.userId')}</label>
              <input id={ids.userId} value={existing.userId} readOnly spellCheck={false} aria-describedby={ids.identityHint} />
            </div>
          ) : (
            // A contact without a user id may get one typed in (from an export of WhatsApp's, a customer's message):
            // with it, the phone may stay empty (DOMAIN.md §2 "Identity").
            <div className="field">
              <label htmlFor={ids.userId}>{t('contactDialog.userIdOptional')}</label>
              <input
                id={ids.userId}
                value={form.userId}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={errorFor('userId') ? true : undefined}
                aria-describedby={`${ids.userIdHint} ${ids.userIdError}`}
                onChange={(e) => set('userId', e.target.value)}
              />
              <p id={ids.userIdHint} className="field-hint">
                {t('contactDialog.userIdHint')}
              </p>
              <div id={ids.userIdError} aria-live="polite">
                {errorFor('userId') && <p className="field-error">{errorFor('userId')}</p>}
              </div>
            </div>
          )}
          {(existing?.username || existing?.userId) && (
            <p id={ids.identityHint} className="field-hint field-wide">
              {t('contactDialog.identityHint')}
            </p>
          )}

          <fieldset className="field field-wide">
            <legend>{t('contactDialog.labels')}</legend>
            {labels && labels.length === 0 && <p className="field-hint">{t('contactDialog.noLabels')}</p>}
            <div className="label-choices">
              {labels?.map((label) => (
                <label key={label.id} className="label-choice">
                  <input
                    type="checkbox"
                    checked={form.labelIds.includes(label.id)}
                    onChange={(e) =>
                      set('labelIds', e.target.checked ? [...form.labelIds, label.id] : form.labelIds.filter((x) => x !== label.id))
                    }
                  />
                  <LabelChip name={label.name} color={label.color} />
                </label>
              ))}
            </div>
          </fieldset>

          <div className="field">
            <label htmlFor={ids.optIn}>{t('contactDialog.optIn')}</label>
            <select
              id={ids.optIn}
              value={form.optInStatus}
              onChange={(e) => set('optInStatus', parseOptIn(e.target.value))}
            >
              {OPT_IN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`optIn.${s}`)}
                </option>
              ))}
            </select>
          </div>

          <div className="field">
            <label htmlFor={ids.source}>{t('contactDialog.optInSource')}</label>
            <input
              id={ids.source}
              value={form.optInSource}
              list={ids.sourceList}
              maxLength={SOURCE_MAX}
              autoComplete="off"
              placeholder={t('contactDialog.optInSourceHint')}
              onChange={(e) => set('optInSource', e.target.value)}
            />
            <datalist id={ids.sourceList}>
              {OPT_IN_SOURCES.map((code) => (
                <option key={code} value={t(`optInSource.${code}`)} />
              ))}
            </datalist>
            {errorFor('optInSource') && <p className="field-error">{errorFor('optInSource')}</p>}
          </div>

          <div className="field">
            <label htmlFor={ids.optInDate}>{t('contactDialog.optInDate')}</label>
            <input
              id={ids.optInDate}
              type="date"
              lang={language}
              aria-describedby={`${ids.optInDate}-day`}
              value={form.optInDate}
              max={today}
              aria-invalid={errorFor('optInAt') ? true : undefined}
              onChange={(e) => set('optInDate', e.target.value)}
            />
            <DayWrittenOut id={`${ids.optInDate}-day`} value={form.optInDate} />
            {errorFor('optInAt') && <p className="field-error">{errorFor('optInAt')}</p>}
          </div>

          <div className="field">
            <label htmlFor={ids.last}>{t('contactDialog.lastInteraction')}</label>
            <input
              id={ids.last}
              type="date"
              lang={language}
              aria-describedby={`${ids.last}-day`}
              value={form.lastInteractionDate}
              max={today}
              aria-invalid={errorFor('lastInteractionAt') ? true : undefined}
              onChange={(e) => set('lastInteractionDate', e.target.value)}
            />
            <DayWrittenOut id={`${ids.last}-day`} value={form.lastInteractionDate} />
            {errorFor('lastInteractionAt') && <p className="field-error">{errorFor('lastInteractionAt')}</p>}
          </div>

          <fieldset className="field field-wide night-consent">
            <legend className="visually-hidden">{t('contactDialog.nightConsent')}</legend>
            <label className="label-choice">
              <input
                id={ids.night}
                type="checkbox"
                checked={form.nightConsent}
                aria-describedby={`${ids.night}-hint`}
                onChange={(e) => {
                  const on = e.target.checked;
                  setForm((f) => ({ ...f, nightConsent: on, nightConsentDate: on && f.nightConsentDate === '' ? today : f.nightConsentDate }));
                  setErrors((errs) => errs.filter((x) => x.field !== 'nightConsent'));
                }}
              />
              {t('contactDialog.nightConsent')}
            </label>
            <p id={`${ids.night}-hint`} className="field-hint">
              {t('contactDialog.nightConsentHint')}
            </p>
            {form.nightConsent && (
              <div className="form-grid">
                <div className="field">
                  <label htmlFor={ids.nightDate}>{t('contactDialog.nightConsentDate')}</label>
                  <input
                    id={ids.nightDate}
                    type="date"
                    lang={language}
                    aria-describedby={`${ids.nightDate}-day`}
                    value={form.nightConsentDate}
                    max={today}
                    aria-invalid={errorFor('nightConsent') ? true : undefined}
                    onChange={(e) => set('nightConsentDate', e.target.value)}
                  />
                  <DayWrittenOut id={`${ids.nightDate}-day`} value={form.nightConsentDate} />
                  {nightOld && <p className="duplicate-note">{t('contactDialog.nightConsentOld')}</p>}
                  {errorFor('nightConsent') && <p className="field-error">{errorFor('nightConsent')}</p>}
                </div>
                <div className="field">
                  <label htmlFor={ids.nightSource}>{t('contactDialog.nightConsentSource')}</label>
                  <input
                    id={ids.nightSource}
                    value={form.nightConsentSource}
                    list={ids.sourceList}
                    maxLength={SOURCE_MAX}
                    autoComplete="off"
                    placeholder={t('contactDialog.optInSourceHint')}
                    onChange={(e) => set('nightConsentSource', e.target.value)}
                  />
                </div>
              </div>
            )}
          </fieldset>

          <div className="field field-wide">
            <label htmlFor={ids.notes}>{t('contactDialog.notes')}</label>
            <textarea
              id={ids.notes}
              value={form.notes}
              rows={3}
              maxLength={NOTES_MAX}
              onKeyDown={onNotesKey}
              onChange={(e) => set('notes', e.target.value)}
            />
            {errorFor('notes') && <p className="field-error">{errorFor('notes')}</p>}
          </div>
        </div>

        {existing && <ContactHistory contactId={existing.id} />}
        {existing && (
          <p className="record-times">
            <span>{t('contactDialog.created', { date: formatDateTime(existing.createdAt) })}</span>
            <span>{t('contactDialog.updated', { date: formatDateTime(existing.updatedAt) })}</span>
          </p>
        )}
        {hasErrors && (
          <p id={ids.formError} className="form-error" role="alert">
            {t('contactDialog.fixErrors')}
          </p>
        )}
        {saveError && (
          <p className="form-error" role="alert">
            {saveError}
          </p>
        )}

        <div className="dialog-actions">
          {existing && (
            <button
              type="button"
              className="danger-quiet push-left"
              onClick={async () => {
                if (await deleteWithUndo([existing.id], displayName(existing, defaultCountry))) closeDialog();
              }}
            >
              {t('contactDialog.delete')}
            </button>
          )}
          <span className="keys-hint" aria-hidden="true">
            {t('contactDialog.keys')}
          </span>
          <button type="button" onClick={closeDialog}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Which form field shows an error for a contact field (dates are typed as days, stored as times). */
function fieldOf(field: ContactFieldName): keyof FormState {
  if (field === 'optInAt') return 'optInDate';
  if (field === 'lastInteractionAt') return 'lastInteractionDate';
  if (field === 'nightConsent') return 'nightConsentDate';
  return field;
}

function fieldMessage(t: Translator['t'], error: FieldError, country: string): string {
  if (error.reason === 'phone_or_user_id') return t('contactDialog.phoneOrUserId');
  if (error.field === 'userId') return t('contactDialog.userIdInvalid');
  if (error.field === 'phone' && error.reason !== 'bad_value' && error.reason !== 'in_future') {
    return t(`phoneProblem.${error.reason}`, { country });
  }
  if (error.reason === 'required' || error.reason === 'too_long' || error.reason === 'bad_value' || error.reason === 'in_future') {
    return t(`fieldProblem.${error.reason}`);
  }
  return t('fieldProblem.bad_value');
}

function parseOptIn(value: string): OptInStatus {
  return OPT_IN_STATUSES.find((s) => s === value) ?? 'unknown';
}

/** The contact's name, else how WhatsApp knows them (identityText.ts shownAs: the number, @username or user id). */
export function displayName(c: { name: string; phone?: string; userId?: string; username?: string }, country: CountryCode): string {
  return c.name !== '' ? c.name : shownAs(c, country);
}

/** A mobile number for the shop's country, formatted the local way, as the hint of what to type. */
function exampleNumber(country: CountryCode): string {
  return getExampleNumber(country, examples)?.formatNational() ?? '';
}

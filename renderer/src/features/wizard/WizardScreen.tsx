import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { getDb } from '../../db/db';
import { deleteDraft, restoreDraft, saveDraft } from '../../db/drafts';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { AudienceStep } from './AudienceStep';
import { ChecklistStep } from './ChecklistStep';
import { MessageStep } from './MessageStep';
import { SendStep } from './SendStep';
import { TestStep } from './TestStep';
import { clearWizardDraft, peekWizardDraft } from './launch';
import { useWizardData } from './useWizardData';
import { freshState, newDraftId, parseState, STEPS, type Step, type WizardState } from './wizardState';
import './wizard.css';

const STEP_LABEL: Record<Step, TKey> = {
  audience: 'wizard.step.audience',
  message: 'wizard.step.message',
  checklist: 'wizard.step.checklist',
  test: 'wizard.step.test',
  send: 'wizard.step.send',
};

/** Where the wizard starts: the list of drafts to continue, or a new one. */
export function WizardScreen() {
  const { t, formatDateTime } = useI18n();
  const headingId = useId();
  const language = useAppStore((s) => s.settings.language);
  // A new draft starts on the shop's preferred channel (first-run setup); drafts already saved keep their own.
  const sendingChannel = useAppStore((s) => s.settings.sendingChannel);
  const drafts = useLiveQuery(() => getDb().drafts.orderBy('updatedAt').reverse().limit(20).toArray(), []);
  const [open, setOpen] = useState<{ id: string; state: WizardState } | null>(null);
  // A draft another screen made and asked to open (launch.ts), once it is read from the database.
  const requested = useLiveQuery(async () => {
    const id = peekWizardDraft();
    return id ? ((await getDb().drafts.get(id)) ?? null) : null;
  }, []);
  useEffect(() => {
    if (!requested) return;
    clearWizardDraft(requested.id);
    setOpen({ id: requested.id, state: parseState(requested.data, language) });
  }, [requested, language]);
  const showToast = useAppStore((s) => s.showToast);
  const newRef = useRef<HTMLButtonElement>(null);

  // Deleting is undoable (the toast's Undo, or Ctrl/Cmd+Z): the record is kept here and put back as it was.
  const deleteWithUndo = async (id: string) => {
    const db = getDb();
    const record = await deleteDraft(db, id);
    if (!record) return;
    // The button that had focus is gone; the start button is the next sensible place.
    newRef.current?.focus();
    const name = record.name || t('wizard.untitled');
    showToast({
      tone: 'success',
      message: t('wizard.draftDeleted', { name }),
      undo: async () => {
        await restoreDraft(db, record);
        return t('wizard.draftRestored', { name });
      },
    });
  };

  if (open) return <Wizard id={open.id} initial={open.state} onClose={() => setOpen(null)} />;
  return (
    <section className="screen wizard-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('wizard.title')}</h1>
      </div>
      <p className="intro">{t('wizard.intro')}</p>
      <button ref={newRef} type="button" className="primary" onClick={() => setOpen({ id: newDraftId(), state: freshState(language, sendingChannel) })}>
        {t('wizard.new')}
      </button>
      {drafts && drafts.length > 0 && (
        <>
          <h2>{t('wizard.drafts')}</h2>
          <ul className="draft-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <button type="button" onClick={() => setOpen({ id: d.id, state: parseState(d.data, language) })}>
                  {d.name || t('wizard.untitled')}
                </button>
                <span className="field-hint">{t('wizard.savedAt', { date: formatDateTime(d.updatedAt) })}</span>
                <button type="button" className="link-button" onClick={() => void deleteWithUndo(d.id)}>
                  {t('wizard.deleteDraft')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export interface StepProps {
  state: WizardState;
  update: (change: (s: WizardState) => WizardState) => void;
  data: ReturnType<typeof useWizardData>;
  goTo: (step: Step) => void;
  draftId: string;
}

function Wizard({ id, initial, onClose }: { id: string; initial: WizardState; onClose: () => void }) {
  const { t } = useI18n();
  const [state, setState] = useState(initial);
  const [saveError, setSaveError] = useState(false);
  const data = useWizardData(state);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pending = useRef<WizardState | null>(null);

  // Saved shortly after every change (and at once when the step changes or the wizard closes).
  const flush = useCallback(async () => {
    const s = pending.current;
    if (!s) return;
    pending.current = null;
    try {
      await saveDraft(getDb(), id, s, Date.now());
      setSaveError(false);
    } catch {
      setSaveError(true);
    }
  }, [id]);
  useEffect(() => {
    pending.current = state;
    const timer = window.setTimeout(() => void flush(), 300);
    return () => window.clearTimeout(timer);
  }, [state, flush]);
  useEffect(() => () => void flush(), [flush]);

  const update = useCallback((change: (s: WizardState) => WizardState) => setState((s) => change(s)), []);
  const goTo = useCallback(
    (step: Step) => {
      setState((s) => ({ ...s, step }));
      headingRef.current?.focus();
    },
    [setState],
  );
  const index = STEPS.indexOf(state.step);
  const props: StepProps = useMemo(() => ({ state, update, data, goTo, draftId: id }), [state, update, data, goTo, id]);

  return (
    <section className="screen wizard" aria-labelledby="wizard-heading">
      <div className="screen-header">
        <h1 id="wizard-heading" ref={headingRef} tabIndex={-1}>
          {state.draft.name || t('wizard.untitled')}
        </h1>
        <span className="spacer" />
        <button type="button" onClick={() => void flush().then(onClose)}>
          {t('wizard.close')}
        </button>
      </div>
      {saveError && (
        <p className="banner banner-error" role="alert">
          {t('wizard.saveFailed')}
        </p>
      )}
      <ol className="stepper" aria-label={t('wizard.steps')}>
        {STEPS.map((s, i) => (
          <li key={s}>
            <button type="button" aria-current={s === state.step ? 'step' : undefined} className={i < index ? 'done' : undefined} onClick={() => goTo(s)}>
              <span className="step-number" aria-hidden="true">
                {i + 1}
              </span>
              {t(STEP_LABEL[s])}
            </button>
          </li>
        ))}
      </ol>
      <div className="wizard-body">
        {state.step === 'audience' && <AudienceStep {...props} />}
        {state.step === 'message' && <MessageStep {...props} />}
        {state.step === 'checklist' && <ChecklistStep {...props} />}
        {state.step === 'test' && <TestStep {...props} />}
        {state.step === 'send' && <SendStep {...props} />}
      </div>
      <div className="wizard-nav">
        {index > 0 && (
          <button type="button" onClick={() => goTo(STEPS[index - 1]!)}>
            {t('wizard.back')}
          </button>
        )}
        <span className="spacer" />
        {index < STEPS.length - 1 && (
          <button type="button" className="primary" onClick={() => goTo(STEPS[index + 1]!)}>
            {t('wizard.next')}
          </button>
        )}
      </div>
    </section>
  );
}

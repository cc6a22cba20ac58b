import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { thrownMessage } from '../../components/errorMessage';
import { LabelChip } from '../../components/LabelChip';
import { withProgress } from '../../components/withProgress';
import { restoreTrash } from '../../db/contacts';
import { getDb, type LabelColor, type LabelRecord } from '../../db/db';
import {
  countContactsWithLabel,
  createLabel,
  deleteLabel,
  LABEL_NAME_MAX,
  recolorLabel,
  renameLabel,
  WHATSAPP_LABEL_LIMIT,
  type LabelResult,
} from '../../db/labels';
import type { Translator } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { ColorPicker } from './ColorPicker';
import { useLabels } from './useLabels';

export function LabelsScreen() {
  const { t } = useI18n();
  const { list } = useLabels();
  const headingId = useId();
  const count = list?.length ?? 0;
  return (
    <section className="screen labels-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('labels.title')}</h1>
        {list && (
          <p className="count" aria-live="polite">
            {t('labels.total', { count })}
          </p>
        )}
      </div>
      <p className="intro">{t('labels.intro')}</p>
      <CreateLabelForm />
      {count > WHATSAPP_LABEL_LIMIT && (
        <p className="banner banner-warning" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('labels.limitWarning')}
        </p>
      )}
      {list && list.length === 0 && <p className="empty-state">{t('labels.empty')}</p>}
      {list && list.length > 0 && (
        <ul className="label-list" aria-label={t('labels.list')}>
          {list.map((label) => (
            <LabelRow key={label.id} label={label} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateLabelForm() {
  const { t } = useI18n();
  const showToast = useAppStore((s) => s.showToast);
  const [name, setName] = useState('');
  const [color, setColor] = useState<LabelColor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = await createLabel(getDb(), name, color ?? undefined);
      if (result.ok) {
        showToast({ tone: 'success', message: t('labels.created', { name: result.label.name }) });
        setName('');
        setColor(null);
        setError(null);
      } else setError(labelProblem(t, result, name));
    } catch (e) {
      setError(thrownMessage(t, e));
    }
  };

  return (
    <form className="create-label" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={nameId}>{t('labels.newName')}</label>
        <input
          id={nameId}
          value={name}
          maxLength={LABEL_NAME_MAX}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <ColorPicker legend={t('labels.newColor')} value={color} onChange={setColor} />
      <button type="submit" className="primary">
        {t('labels.create')}
      </button>
    </form>
  );
}

function LabelRow({ label }: { label: LabelRecord }) {
  const { t } = useI18n();
  const showToast = useAppStore((s) => s.showToast);
  const usage = useLiveQuery(() => countContactsWithLabel(getDb(), label.id), [label.id]);
  const [renaming, setRenaming] = useState(false);
  const [choosingColor, setChoosingColor] = useState(false);
  const [draft, setDraft] = useState(label.name);
  const [error, setError] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const colorButton = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    if (renaming) inputRef.current?.select();
  }, [renaming]);

  const stopRenaming = () => {
    setRenaming(false);
    setError(null);
    setDraft(label.name);
    // The rename button comes back on the next render; focus it there so the keyboard user is not lost.
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === label.name) return stopRenaming();
    try {
      const result = await renameLabel(getDb(), label.id, draft);
      if (result.ok) {
        showToast({ tone: 'success', message: t('labels.renamed', { name: result.label.name }) });
        stopRenaming();
      } else setError(labelProblem(t, result, draft));
    } catch (e) {
      setError(thrownMessage(t, e));
    }
  };

  const remove = async () => {
    try {
      const db = getDb();
      const result = await withProgress(t('common.working'), () => deleteLabel(db, label.id));
      if (!result) return;
      showToast({
        tone: 'success',
        message: t('labels.deleted', { name: label.name }),
        undo: async () => {
          const report = await withProgress(t('common.working'), () => restoreTrash(db, result.trashId));
          return report ? t('labels.restored', { name: label.name }) : t('error.notFound');
        },
      });
    } catch (e) {
      showToast({ tone: 'error', message: thrownMessage(t, e) });
    }
  };

  const recolor = async (color: LabelColor) => {
    try {
      await recolorLabel(getDb(), label.id, color);
    } catch (e) {
      showToast({ tone: 'error', message: thrownMessage(t, e) });
    }
  };

  return (
    <li className="label-row">
      {renaming ? (
        <form
          className="rename-form"
          onSubmit={saveName}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              stopRenaming();
            }
          }}
        >
          <input
            ref={inputRef}
            value={draft}
            maxLength={LABEL_NAME_MAX}
            aria-label={t('labels.renameField', { name: label.name })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setDraft(e.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
          <button type="button" onClick={stopRenaming}>
            {t('common.cancel')}
          </button>
          {error && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
        </form>
      ) : (
        <span className="label-name">
          <LabelChip name={label.name} color={label.color} />
        </span>
      )}
      <span className="label-usage">{usage === undefined ? '…' : t('labels.usage', { count: usage })}</span>
      <span className="label-actions">
        {!renaming && (
          <button ref={renameButton} type="button" onClick={() => setRenaming(true)} aria-label={t('labels.rename', { name: label.name })}>
            {t('common.rename')}
          </button>
        )}
        <span className="popover-anchor">
          <button
            ref={colorButton}
            type="button"
            aria-expanded={choosingColor}
            aria-label={t('labels.colorFor', { name: label.name })}
            onClick={() => setChoosingColor((c) => !c)}
          >
            <span className="swatch" data-color={label.color} aria-hidden="true" /> {t(`color.${label.color}`)}
          </button>
          {choosingColor && (
            <div
              className="popover"
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setChoosingColor(false);
                  colorButton.current?.focus();
                }
              }}
            >
              <ColorPicker
                legend={t('labels.colorFor', { name: label.name })}
                value={label.color}
                autoFocus
                onChange={(c) => void recolor(c)}
                onDone={() => {
                  setChoosingColor(false);
                  colorButton.current?.focus();
                }}
              />
            </div>
          )}
        </span>
        <button type="button" className="danger-quiet" aria-label={t('labels.delete', { name: label.name })} onClick={() => void remove()}>
          {t('common.delete')}
        </button>
      </span>
    </li>
  );
}

function labelProblem(t: Translator['t'], result: Exclude<LabelResult, { ok: true }>, typed: string): string {
  switch (result.kind) {
    case 'required':
      return t('labels.nameRequired');
    case 'too_long':
      return t('labels.nameTooLong', { max: LABEL_NAME_MAX });
    case 'duplicate':
      return t('labels.nameTaken', { name: result.existing.name || typed });
    case 'not_found':
      return t('error.notFound');
    case 'bad_color':
      return t('error.generic');
  }
}


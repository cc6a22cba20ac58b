import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { LANGUAGES, type Language } from '../../../../shared/domain/settings';
import { exportQuickReplies, parseQuickRepliesJson, QUICK_REPLY_LIMIT, quickReplyWarnings, type ImportProblem } from '../../../../shared/domain/inbox/quickReplies';
import { Dialog } from '../../components/Dialog';
import { getDb, type QuickReplyRecord } from '../../db/db';
import { deleteQuickReply, importQuickReplies, listQuickReplies, saveQuickReply, type QuickReplyProblem } from '../../db/quickReplies';
import { LANGUAGE_AUTONYMS } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { downloadBlob } from '../import/download';

interface Editing {
  id?: string;
  shortcut: string;
  text: string;
  language: Language;
}

/** The shop's quick replies: add, change, delete, import and export (JSON). Warns past WhatsApp Business's 50. */
export function QuickRepliesDialog({ onClose }: { onClose: () => void }) {
  const { t, formatNumber } = useI18n();
  const uiLanguage = useAppStore((s) => s.settings.language);
  const showToast = useAppStore((s) => s.showToast);
  const list = useLiveQuery(() => listQuickReplies(getDb()), []);
  const [editing, setEditing] = useState<Editing | undefined>();
  const [problem, setProblem] = useState<QuickReplyProblem | undefined>();
  const [importProblems, setImportProblems] = useState<ImportProblem[]>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const warnings = quickReplyWarnings(list ?? []);

  const save = async () => {
    if (!editing) return;
    const r = await saveQuickReply(getDb(), editing, Date.now());
    if (r.ok) {
      setEditing(undefined);
      setProblem(undefined);
    } else setProblem(r.problem);
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseQuickRepliesJson(await file.text());
    if (!parsed.ok) {
      setImportProblems(parsed.problems);
      return;
    }
    setImportProblems([]);
    const r = await importQuickReplies(getDb(), parsed.value, Date.now());
    showToast({ tone: 'success', message: t('inbox.quick.imported', { added: r.added, replaced: r.replaced }) });
  };
  const exportAll = () => {
    const rows = (list ?? []).map((q: QuickReplyRecord) => ({ id: q.id, shortcut: q.shortcut, text: q.text, language: q.language }));
    downloadBlob(new Blob([exportQuickReplies(rows)], { type: 'application/json' }), 'quick-replies.json');
  };

  return (
    <Dialog title={t('inbox.quick.title')} onClose={onClose} size="wide" description={t('inbox.quick.intro')}>
      <p className="field-hint">{t('inbox.quick.count', { used: formatNumber(list?.length ?? 0), limit: formatNumber(QUICK_REPLY_LIMIT) })}</p>
      {warnings.overLimit && (
        <p className="banner banner-warning" role="alert">
          {t('inbox.quick.overLimit', { used: formatNumber(list?.length ?? 0) })}
        </p>
      )}
      {warnings.duplicates.length > 0 && <p className="banner banner-warning">{t('inbox.quick.duplicates', { shortcuts: warnings.duplicates.map((s) => `/${s}`).join(', ') })}</p>}
      <div className="quick-actions">
        <button type="button" className="primary" onClick={() => setEditing({ shortcut: '', text: '', language: uiLanguage })}>
          {t('inbox.quick.add')}
        </button>
        <button type="button" onClick={() => fileRef.current?.click()}>
          {t('inbox.quick.import')}
        </button>
        <input ref={fileRef} type="file" accept="application/json,.json" hidden onChange={(e) => void onFile(e.target.files?.[0])} />
        <button type="button" onClick={exportAll} disabled={(list?.length ?? 0) === 0}>
          {t('inbox.quick.export')}
        </button>
      </div>
      {importProblems.length > 0 && (
        <div className="banner banner-error" role="alert">
          <p>{t('inbox.quick.importProblems')}</p>
          <ul>
            {importProblems.slice(0, 10).map((p, i) => (
              <li key={i}>{t('inbox.quick.problemLine', { line: String(p.line), problem: t(`inbox.quick.importProblem.${p.problem}`) })}</li>
            ))}
          </ul>
        </div>
      )}
      {editing && (
        <form
          className="quick-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            <span>{t('inbox.quick.shortcut')}</span>
            <input data-autofocus value={editing.shortcut} maxLength={25} onChange={(e) => setEditing({ ...editing, shortcut: e.target.value })} />
          </label>
          <label>
            <span>{t('inbox.quick.language')}</span>
            <select value={editing.language} onChange={(e) => setEditing({ ...editing, language: e.target.value as Language })}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_AUTONYMS[l]}
                </option>
              ))}
            </select>
          </label>
          <label className="quick-form-text">
            <span>{t('inbox.quick.text')}</span>
            <textarea rows={3} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} />
          </label>
          {problem && (
            <p className="field-error" role="alert">
              {t(`inbox.quick.problem.${problem}`)}
            </p>
          )}
          <div className="quick-actions">
            <button type="submit" className="primary">
              {t('inbox.quick.save')}
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <table className="quick-table">
        <caption className="visually-hidden">{t('inbox.quick.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.quick.shortcut')}</th>
            <th scope="col">{t('inbox.quick.language')}</th>
            <th scope="col">{t('inbox.quick.text')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('inbox.quick.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list ?? []).map((q) => (
            <tr key={q.id}>
              <td>/{q.shortcut}</td>
              <td>{LANGUAGE_AUTONYMS[q.language]}</td>
              <td className="quick-text">{q.text}</td>
              <td className="quick-row-actions">
                <button type="button" aria-label={t('inbox.quick.editOne', { shortcut: q.shortcut, language: LANGUAGE_AUTONYMS[q.language] })} onClick={() => setEditing({ id: q.id, shortcut: q.shortcut, text: q.text, language: q.language })}>
                  {t('inbox.quick.edit')}
                </button>
                <button type="button" aria-label={t('inbox.quick.deleteOne', { shortcut: q.shortcut, language: LANGUAGE_AUTONYMS[q.language] })} onClick={() => void deleteQuickReply(getDb(), q.id)}>
                  {t('inbox.quick.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

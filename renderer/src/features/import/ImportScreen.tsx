/**
 * Import: pick or drop a file → the worker reads it (nothing is written) → the person checks the encoding, the column
 * mapping and the report (new / already there / duplicates / rejected with reasons) and chooses how existing contacts
 * are treated → import with progress and cancel → undo as a whole. Rejected rows download as CSV.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { getCountries } from 'libphonenumber-js/max';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { LIKELY_COUNTRIES, type CountryCode } from '../../../../shared/domain/phone';
import { rejectedCsv } from '../../../../shared/import/csvOut';
import { COLUMN_ROLES, type ColumnRole } from '../../../../shared/import/mapping';
import { ENCODING_TEXT, formatBytes } from '../../../../shared/import/messages';
import { MAX_FILE_BYTES } from '../../../../shared/import/limits';
import { ENCODINGS, type EncodingName, type RejectedRow } from '../../../../shared/import/types';
import { getDb } from '../../db/db';
import { listImportBatches, undoImport, type CommitResult } from '../../db/importBatches';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { ImportSession, type ReportSummary } from './analyze';
import { downloadBlob } from './download';
import type { ExportFormat } from './exportContacts';

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; cancel: () => void; done?: number; total?: number }
  | { kind: 'failed'; message: string }
  | { kind: 'report'; report: ReportSummary }
  | { kind: 'importing'; done: number; total: number; cancel: () => void }
  | { kind: 'done'; result: CommitResult }
  | { kind: 'undone'; removed: number; restored: number };

interface Choices {
  encoding?: EncodingName;
  roles?: ColumnRole[];
  sheet?: string;
  /** The country numbers without a country code are read for, when the person chose one other than the shop's. */
  country?: CountryCode;
}

const SHOWN_REJECTS = 100;

/**
 * The worker writes through its own connection, so this window's connection did not see the writes: its cached list
 * orders and the audience snapshot would show the contacts as they were. This marks them stale.
 */
function contactsWrittenByWorker(): void {
  getDb().contactsChangedElsewhere();
}

/**
 * The "Imported… Undo" toast of each import, by batch: undoing from this screen (its Undo button or the recent
 * imports) takes the toast and its Ctrl/Cmd+Z entry away too, so nothing offers to undo what is already undone.
 * Module-wide because the toast outlives the screen.
 */
const importToasts = new Map<string, number>();

function forgetImportToast(batchId: string): void {
  const toastId = importToasts.get(batchId);
  importToasts.delete(batchId);
  if (toastId !== undefined) useAppStore.getState().takeUndo(toastId);
}

export function ImportScreen() {
  const { t, formatNumber, countryName } = useI18n();
  const shopCountry = useAppStore((s) => s.settings.defaultCountry);
  const headingId = useId();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [file, setFile] = useState<{ name: string; file: File } | undefined>();
  const [choices, setChoices] = useState<Choices>({});
  const [updateNames, setUpdateNames] = useState(false);
  const [updateOptIn, setUpdateOptIn] = useState(false);
  const [defaultLabel, setDefaultLabel] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const session = useRef<ImportSession>(null);
  session.current ??= new ImportSession();
  useEffect(() => () => session.current?.dispose(), []);

  const reasonText = useCallback(
    (r: RejectedRow) =>
      // A number read for a country it does not belong to says which country, so a wrong file country shows.
      r.readAs && (r.reason === 'invalid' || r.reason === 'too_short' || r.reason === 'too_long')
        ? t(`import.reasonReadAs.${r.reason}` satisfies TKey, { country: countryName(r.readAs) })
        : t(`import.reasonText.${r.reason}` satisfies TKey),
    [t, countryName],
  );

  const analyze = useCallback(
    async (target: { name: string; file: File }, next: Choices) => {
      // The worker reads the File itself (no copy of its bytes here), so it can be read again with other choices.
      const onReading = (done: number, total: number) => setStage((s) => (s.kind === 'reading' ? { ...s, done, total } : s));
      const { country = shopCountry, ...rest } = next;
      const run = session.current!.analyze({ file: target.file, country, ...rest }, onReading); // set on the first render
      setStage({ kind: 'reading', cancel: run.cancel });
      const answer = await run.answer;
      if (answer.type === 'cancelled') {
        setStage({ kind: 'idle' });
        return;
      }
      if (answer.type === 'crashed') {
        setStage({ kind: 'failed', message: t('import.failed', { file: target.name, reason: t('import.problem.crashed', { message: answer.message }) }) });
        return;
      }
      if (answer.type === 'refused') {
        const reason = t(`import.problem.${answer.problem}` satisfies TKey, { cap: formatBytes(answer.cap ?? MAX_FILE_BYTES) });
        setStage({ kind: 'failed', message: t('import.failed', { file: target.name, reason }) });
        return;
      }
      setStage({ kind: 'report', report: answer.report });
    },
    [shopCountry, t],
  );

  const open = useCallback(
    async (picked: File) => {
      if (picked.size > MAX_FILE_BYTES) {
        setStage({ kind: 'failed', message: t('import.failed', { file: picked.name, reason: t('import.problem.too_large', { cap: formatBytes(MAX_FILE_BYTES) }) }) });
        return;
      }
      const target = { name: picked.name, file: picked };
      setFile(target);
      setChoices({});
      await analyze(target, {});
    },
    [analyze, t],
  );

  const rechoose = (next: Choices) => {
    setChoices(next);
    if (file) void analyze(file, next);
  };

  const startImport = async (report: ReportSummary) => {
    const run = session.current!.commit( // set on the first render
      { fileName: file?.name ?? '', updateNames, updateOptIn, defaultLabel: defaultLabel.trim() || undefined },
      (done, total) => {
        contactsWrittenByWorker();
        setStage({ kind: 'importing', done, total, cancel: run.cancel });
      },
    );
    setStage({ kind: 'importing', done: 0, total: report.contactCount, cancel: run.cancel });
    const answer = await run.answer;
    contactsWrittenByWorker();
    if (answer.type === 'crashed') {
      setStage({ kind: 'failed', message: t('import.failed', { file: file?.name ?? '', reason: t('import.problem.crashed', { message: answer.message }) }) });
      return;
    }
    const { result } = answer;
    setStage({ kind: 'done', result });
    if (!result.cancelled) {
      // Also on the app's undo stack (toast button, Ctrl/Cmd+Z), like every other bulk change.
      const toastId = useAppStore.getState().showToast({
        tone: 'success',
        message: t('import.done', { added: formatNumber(result.added), updated: formatNumber(result.updated) }),
        undo: async () => {
          importToasts.delete(result.batchId);
          const undone = await undoImport(getDb(), result.batchId);
          setStage((s) => (s.kind === 'done' && s.result.batchId === result.batchId ? { kind: 'undone', removed: undone?.removed ?? 0, restored: undone?.restored ?? 0 } : s));
          return undone ? t('import.undone', { removed: formatNumber(undone.removed), restored: formatNumber(undone.restored) }) : undefined;
        },
      });
      importToasts.set(result.batchId, toastId);
    }
  };

  const undo = async (batchId: string) => {
    forgetImportToast(batchId);
    const undone = await undoImport(getDb(), batchId);
    setStage({ kind: 'undone', removed: undone?.removed ?? 0, restored: undone?.restored ?? 0 });
  };

  const downloadRejected = (report: ReportSummary) => {
    const blob = new Blob([rejectedCsv(report.rejected, reasonText)], { type: 'text/csv;charset=utf-8' });
    downloadBlob(blob, `${(file?.name ?? 'import').replace(/\.[^.]*$/, '')}-rejected.csv`);
  };

  const exportAll = async (format: ExportFormat) => {
    try {
      // Loaded on demand: the XLSX writer (SheetJS) stays out of the window's bundle until someone exports.
      const { exportContacts } = await import('./exportContacts');
      downloadBlob(await exportContacts(getDb(), 'all', format), `contacts.${format}`);
    } catch {
      useAppStore.getState().showToast({ tone: 'error', message: t('common.exportFailed') });
    }
  };

  const reset = () => {
    setStage({ kind: 'idle' });
    setFile(undefined);
    if (inputRef.current) inputRef.current.value = '';
  };

  return (
    <section
      className="screen import-screen"
      aria-labelledby={headingId}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const dropped = e.dataTransfer.files[0];
        if (dropped && (stage.kind === 'idle' || stage.kind === 'failed' || stage.kind === 'report')) void open(dropped);
      }}
    >
      <div className="screen-header">
        <h1 id={headingId}>{t('import.title')}</h1>
      </div>

      {(stage.kind === 'idle' || stage.kind === 'failed' || stage.kind === 'report') && (
        <div className="import-pick">
          <p>{t('import.intro')}</p>
          <label className="field">
            <span>{t('import.choose')}</span>
            <input
              ref={inputRef}
              type="file"
              onChange={(e) => {
                const picked = e.target.files?.[0];
                if (picked) void open(picked);
              }}
            />
          </label>
        </div>
      )}

      {(stage.kind === 'idle' || stage.kind === 'failed') && <RecentImports onUndo={(id) => void undo(id)} />}

      {(stage.kind === 'idle' || stage.kind === 'failed') && (
        <section aria-labelledby={`${headingId}-export`} className="import-export">
          <h2 id={`${headingId}-export`}>{t('import.exportTitle')}</h2>
          <p>{t('import.exportHint')}</p>
          <button type="button" onClick={() => void exportAll('csv')}>
            {t('import.exportCsv')}
          </button>{' '}
          <button type="button" onClick={() => void exportAll('xlsx')}>
            {t('import.exportXlsx')}
          </button>
        </section>
      )}

      {stage.kind === 'reading' && (
        <div role="status" className="import-reading">
          <p>{t('import.reading', { file: file?.name ?? '' })}</p>
          {stage.total ? (
            <progress aria-label={t('import.reading', { file: file?.name ?? '' })} max={stage.total} value={stage.done ?? 0} />
          ) : (
            <progress aria-label={t('import.reading', { file: file?.name ?? '' })} />
          )}
          <button type="button" onClick={stage.cancel}>
            {t('common.cancel')}
          </button>
        </div>
      )}

      {stage.kind === 'failed' && (
        <p className="banner banner-error" role="alert">
          {stage.message}
        </p>
      )}

      {stage.kind === 'report' && (
        <ReportView
          report={stage.report}
          choices={choices}
          onChoose={rechoose}
          options={{ updateNames, updateOptIn, defaultLabel }}
          setOptions={{ setUpdateNames, setUpdateOptIn, setDefaultLabel }}
          reasonText={reasonText}
          onDownloadRejected={() => downloadRejected(stage.report)}
          onImport={() => void startImport(stage.report)}
          formatNumber={formatNumber}
          shopCountry={shopCountry}
        />
      )}

      {stage.kind === 'importing' && (
        <div role="status" className="import-progress">
          <p>{t('import.progress')}</p>
          <progress aria-label={t('import.progress')} max={Math.max(1, stage.total)} value={stage.done} />
          <button type="button" onClick={stage.cancel}>
            {t('common.cancel')}
          </button>
        </div>
      )}

      {stage.kind === 'done' && (
        <div className="import-done">
          <p role="status">
            {stage.result.cancelled
              ? t('import.cancelled')
              : t('import.done', { added: formatNumber(stage.result.added), updated: formatNumber(stage.result.updated) })}
          </p>
          {!stage.result.cancelled && (
            <button type="button" onClick={() => void undo(stage.result.batchId)}>
              {t('import.undo')}
            </button>
          )}
          <button type="button" onClick={reset}>
            {t('import.another')}
          </button>
        </div>
      )}

      {stage.kind === 'undone' && (
        <div className="import-done">
          <p role="status">{t('import.undone', { removed: formatNumber(stage.removed), restored: formatNumber(stage.restored) })}</p>
          <button type="button" onClick={reset}>
            {t('import.another')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Imports that can still be undone, newest first: undo stays possible after leaving the screen or restarting. */
function RecentImports({ onUndo }: { onUndo: (batchId: string) => void }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const batches = useLiveQuery(() => listImportBatches(getDb()), []);
  const headingId = useId();
  if (!batches || batches.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="import-recent">
      <h2 id={headingId}>{t('import.recent')}</h2>
      <ul>
        {batches.slice(0, 5).map((b) => (
          <li key={b.id}>
            <span>{t('import.recentItem', { file: b.fileName, date: formatDateTime(b.createdAt), added: formatNumber(b.addedIds.length), updated: formatNumber(b.before.length) })}</span>{' '}
            <button type="button" onClick={() => onUndo(b.id)}>
              {t('import.undo')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface ReportProps {
  report: ReportSummary;
  choices: Choices;
  onChoose: (next: Choices) => void;
  options: { updateNames: boolean; updateOptIn: boolean; defaultLabel: string };
  setOptions: { setUpdateNames: (v: boolean) => void; setUpdateOptIn: (v: boolean) => void; setDefaultLabel: (v: string) => void };
  reasonText: (r: RejectedRow) => string;
  onDownloadRejected: () => void;
  onImport: () => void;
  formatNumber: (n: number) => string;
  shopCountry: CountryCode;
}

/** Where the landlines are: "4, 9, 12", and "…" when there are more than the report lists. */
function rowList(rows: readonly number[], total: number, formatNumber: (n: number) => string): string {
  return rows.map(formatNumber).join(', ') + (total > rows.length ? ', …' : '');
}

function ReportView({ report, choices, onChoose, options, setOptions, reasonText, onDownloadRejected, onImport, formatNumber, shopCountry }: ReportProps) {
  const { t, countryName } = useI18n();
  const hint = report.countryHint;
  const roles = report.mapping?.roles ?? [];
  const width = Math.max(roles.length, ...report.preview.slice(0, 5).map((r) => r.length));
  const { existing, landlines } = report;
  const summaryId = useId();
  const rejectedId = useId();
  const mappingId = useId();
  return (
    <div className="import-report">
      <dl className="import-facts">
        <dt>{t('import.file')}</dt>
        <dd>{t(`import.kind.${report.kind}`)}</dd>
        {report.encoding && (
          <>
            <dt>
              <label htmlFor={`${summaryId}-enc`}>{t('import.encoding')}</label>
            </dt>
            <dd>
              <select
                id={`${summaryId}-enc`}
                value={report.encoding.encoding}
                onChange={(e) => onChoose({ ...choices, encoding: ENCODINGS.find((x) => x === e.target.value) })}
              >
                {ENCODINGS.map((enc) => (
                  <option key={enc} value={enc}>
                    {ENCODING_TEXT[enc]}
                  </option>
                ))}
              </select>
              {report.encoding.source === 'detected' && <span> {t('import.encodingDetected', { confidence: Math.round(report.encoding.confidence * 100) })}</span>}
              {report.encoding.replacements > 0 && (
                <p className="field-error" role="alert">
                  {t('import.encodingReplacements', { count: formatNumber(report.encoding.replacements) })}
                </p>
              )}
              {report.encoding.repairs > 0 && <p>{t('import.repaired')}</p>}
            </dd>
          </>
        )}
        {report.sheets.length > 1 && (
          <>
            <dt>
              <label htmlFor={`${summaryId}-sheet`}>{t('import.sheet')}</label>
            </dt>
            <dd>
              <select id={`${summaryId}-sheet`} value={report.sheet} onChange={(e) => onChoose({ ...choices, sheet: e.target.value, roles: undefined })}>
                {report.sheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
        <dt>
          <label htmlFor={`${summaryId}-country`}>{t('import.country')}</label>
        </dt>
        <dd>
          <CountrySelect id={`${summaryId}-country`} value={report.country} shop={shopCountry} onChange={(country) => onChoose({ ...choices, country })} />
          {report.country !== shopCountry && <p>{t('import.countryOther', { country: countryName(report.country), shop: countryName(shopCountry) })}</p>}
        </dd>
      </dl>

      {hint && (
        <div className="banner banner-warning import-country-hint" role="status">
          <p>
            {t('import.countryHint', {
              count: hint.count,
              sampled: formatNumber(hint.sampled),
              country: countryName(hint.country),
              current: countryName(report.country),
            })}
          </p>
          <button type="button" className="primary" onClick={() => onChoose({ ...choices, country: hint.country })}>
            {t('import.countrySwitch', { country: countryName(hint.country) })}
          </button>
        </div>
      )}

      {report.fileNotes.includes('no_phone_column') && (
        <p className="banner banner-warning" role="alert">
          {t('import.problem.no_phone_column')}
        </p>
      )}
      <h2 id={mappingId}>{t('import.mapping')}</h2>
      <p>{t('import.mappingHint')}</p>
      <div className="import-preview">
        <table aria-labelledby={mappingId}>
          <thead>
            <tr>
              {Array.from({ length: width }, (_, c) => {
                const header = report.headers[c] || t('import.column', { n: c + 1 });
                return (
                  <th key={c} scope="col">
                    <label>
                      <span>{header}</span>
                      <select
                        aria-label={header}
                        value={roles[c] ?? 'ignore'}
                        onChange={(e) => {
                          const next = Array.from({ length: width }, (_, k) => roles[k] ?? 'ignore');
                          next[c] = COLUMN_ROLES.find((r) => r === e.target.value) ?? 'ignore';
                          onChoose({ ...choices, roles: next });
                        }}
                      >
                        {COLUMN_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`import.role.${r}` satisfies TKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {report.preview.slice(0, 5).map((row, r) => (
              <tr key={r}>
                {Array.from({ length: width }, (_, c) => (
                  <td key={c}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('import.summary')}</h2>
      {/* Each figure with its words in a group of its own, so the five wrap onto more lines in a narrow window. */}
      <dl className="import-counts" data-testid="import-counts">
        <div>
          <dt>{t('import.new')}</dt>
          <dd>{formatNumber(report.contactCount - existing)}</dd>
        </div>
        <div>
          <dt>{t('import.updated')}</dt>
          <dd>{formatNumber(existing)}</dd>
        </div>
        <div>
          <dt>{t('import.duplicates')}</dt>
          <dd>{formatNumber(report.duplicateCount)}</dd>
        </div>
        <div>
          <dt>{t('import.rejected')}</dt>
          <dd>{formatNumber(report.rejectedCount)}</dd>
        </div>
        <div>
          <dt>{t('import.landlines')}</dt>
          <dd>{formatNumber(landlines)}</dd>
        </div>
      </dl>
      {landlines > 0 && (
        <p className="import-landlines" data-testid="import-landlines">
          {t('import.landlineRows', { count: landlines, rows: rowList(report.landlineRows, landlines, formatNumber) })}
        </p>
      )}

      {report.rejected.length > 0 && (
        <>
          <h2 id={rejectedId}>{t('import.rejectedTitle')}</h2>
          <table aria-labelledby={rejectedId} className="import-rejected">
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.value')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.slice(0, SHOWN_REJECTS).map((r) => (
                <tr key={`${r.row}-${r.reason}`}>
                  <td>{r.row}</td>
                  <td title={r.raw}>{r.raw}</td>
                  <td>{reasonText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.rejected.length > SHOWN_REJECTS && <p>{t('import.rejectedMore', { count: formatNumber(report.rejected.length - SHOWN_REJECTS) })}</p>}
          {report.rejectedCount > report.rejected.length && (
            <p>{t('import.rejectedKept', { kept: formatNumber(report.rejected.length), count: formatNumber(report.rejectedCount) })}</p>
          )}
          <button type="button" onClick={onDownloadRejected}>
            {t('import.downloadRejected')}
          </button>
        </>
      )}

      <fieldset className="import-options">
        <label>
          <input type="checkbox" checked={options.updateNames} onChange={(e) => setOptions.setUpdateNames(e.target.checked)} /> {t('import.updateNames')}
        </label>
        <label>
          <input type="checkbox" checked={options.updateOptIn} onChange={(e) => setOptions.setUpdateOptIn(e.target.checked)} /> {t('import.updateOptIn')}
        </label>
        <label className="field">
          <span>{t('import.defaultLabel')}</span>
          <input type="text" value={options.defaultLabel} maxLength={40} onChange={(e) => setOptions.setDefaultLabel(e.target.value)} />
        </label>
      </fieldset>

      <button type="button" className="primary" disabled={report.contactCount === 0} onClick={onImport}>
        {t('import.start', { count: formatNumber(report.contactCount) })}
      </button>
    </div>
  );
}

/**
 * The file's country: the shop's first, then the countries shops most often get lists from, then every country by
 * its name in the UI language. Option values are ISO codes.
 */
function CountrySelect({ id, value, shop, onChange }: { id: string; value: CountryCode; shop: CountryCode; onChange: (country: CountryCode) => void }) {
  const { t, language, countryName } = useI18n();
  const all = useMemo(() => {
    const collator = new Intl.Collator(language);
    return getCountries()
      .map((code) => ({ code, name: countryName(code) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [language, countryName]);
  const likely = LIKELY_COUNTRIES.filter((c) => c !== shop);
  return (
    <select id={id} value={value} onChange={(e) => onChange(all.find((c) => c.code === e.target.value)?.code ?? shop)}>
      <option value={shop}>{t('import.countryShop', { country: countryName(shop) })}</option>
      <optgroup label={t('import.countryLikely')}>
        {likely.map((code) => (
          <option key={code} value={code}>
            {countryName(code)}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('import.countryAll')}>
        {all
          .filter((c) => c.code !== shop && !likely.includes(c.code))
          .map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
      </optgroup>
    </select>
  );
}

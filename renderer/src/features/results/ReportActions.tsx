import { useI18n } from '../../i18n/useI18n';
import { resultsWords } from '../../i18n/results';
import { downloadBlob } from '../import/download';
import { useAppStore } from '../../store/useAppStore';
import { reportCsv, type ReportTables } from './exportReport';
import './results.css';

/**
 * A report's exports: CSV and XLSX of the same tables (built only when asked for), and for the weekly review the
 * printable summary. Used by the results screen and the contact dialog's history.
 */
export function ReportActions({ tables, fileName, print = false }: { tables: () => ReportTables; fileName: string; print?: boolean }) {
  const { t } = useI18n();
  const w = resultsWords(t);
  const saveXlsx = async () => {
    try {
      const { reportXlsx } = await import('./reportXlsx'); // SheetJS, loaded when first asked for
      downloadBlob(reportXlsx(tables()), `${fileName}.xlsx`);
    } catch {
      useAppStore.getState().showToast({ tone: 'error', message: t('common.exportFailed') });
    }
  };
  return (
    <div className="results-actions">
      <button type="button" onClick={() => downloadBlob(reportCsv(tables()), `${fileName}.csv`)}>
        {w('export.csv')}
      </button>
      <button type="button" onClick={() => void saveXlsx()}>
        {w('export.xlsx')}
      </button>
      {print && (
        <button type="button" onClick={() => window.print()}>
          {w('print')}
        </button>
      )}
    </div>
  );
}

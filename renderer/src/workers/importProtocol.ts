/**
 * Messages between the import screen and its worker. The worker reads the File itself (in pieces: a File crosses
 * to a worker without copying its bytes), keeps the merged contacts, and writes them to IndexedDB when told to, so
 * neither a million contacts nor their database writes ever touch the window's thread. The window gets a summary.
 */
import type { CountryCode } from '../../../shared/domain/phone';
import type { ColumnRole } from '../../../shared/import/mapping';
import type { ImportReport } from '../../../shared/import/pipeline';
import type { EncodingName, FileProblem } from '../../../shared/import/types';
import type { CommitResult } from '../db/importBatches';

export interface AnalyzeRequest {
  type: 'analyze';
  file: File;
  country: CountryCode;
  encoding?: EncodingName;
  roles?: ColumnRole[];
  sheet?: string;
}

export interface CommitRequest {
  type: 'commit';
  fileName: string;
  updateNames: boolean;
  updateOptIn: boolean;
  defaultLabel?: string;
}

export type WorkerRequest = AnalyzeRequest | CommitRequest | { type: 'cancel' };

/**
 * The report without the contacts themselves (they stay in the worker) or the merged duplicate rows (the screen shows
 * their count): the contacts' count, and how many are already known. Small, so receiving it never blocks the window.
 */
export type ReportSummary = Omit<ImportReport, 'contacts' | 'duplicates'> & { contactCount: number; existing: number };

export type WorkerAnswer =
  | { type: 'reading'; done: number; total: number }
  | { type: 'report'; report: ReportSummary }
  | { type: 'refused'; problem: FileProblem; cap?: number }
  | { type: 'crashed'; message: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'committed'; result: CommitResult };

/** Rejected and duplicate rows the worker lists (the rest are counted): a million bad rows must not fill memory. */
export const KEEP_ROWS = 10_000;

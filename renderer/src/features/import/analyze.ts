/**
 * One import at a time in its own worker: `analyze` reads a file there (cancel terminates the worker at once,
 * however far it got), `commit` writes the contacts the worker kept (cancel stops between chunks and rolls back).
 * Analysing again (another encoding, mapping or sheet) starts a fresh worker.
 */
import type { CommitResult } from '../../db/importBatches';
import type { AnalyzeRequest, CommitRequest, ReportSummary, WorkerAnswer } from '../../workers/importProtocol';

export type AnalyzeAnswer = Extract<WorkerAnswer, { type: 'report' | 'refused' | 'crashed' }> | { type: 'cancelled' };
export type CommitAnswer = { type: 'committed'; result: CommitResult } | { type: 'crashed'; message: string };

export class ImportSession {
  private worker: Worker | undefined;
  private onAnswer: (answer: WorkerAnswer) => void = () => undefined;

  analyze(request: Omit<AnalyzeRequest, 'type'>, onReading?: (done: number, total: number) => void): { answer: Promise<AnalyzeAnswer>; cancel: () => void } {
    this.dispose();
    const worker = new Worker(new URL('../../workers/importWorker.ts', import.meta.url), { type: 'module', name: 'import' });
    this.worker = worker;
    let settle: (answer: AnalyzeAnswer) => void = () => undefined;
    const answer = new Promise<AnalyzeAnswer>((resolve) => (settle = resolve));
    this.listen(worker, (a) => {
      if (a.type === 'reading') onReading?.(a.done, a.total);
      else if (a.type === 'report' || a.type === 'refused' || a.type === 'crashed') settle(a);
    });
    worker.postMessage({ type: 'analyze', ...request } satisfies AnalyzeRequest);
    return {
      answer,
      cancel: () => {
        this.dispose();
        settle({ type: 'cancelled' });
      },
    };
  }

  /** Writes the contacts of the last report; `cancel` stops between chunks and undoes what was written. */
  commit(request: Omit<CommitRequest, 'type'>, onProgress: (done: number, total: number) => void): { answer: Promise<CommitAnswer>; cancel: () => void } {
    const worker = this.worker;
    if (!worker) return { answer: Promise.resolve({ type: 'crashed', message: 'no file was read' }), cancel: () => undefined };
    const answer = new Promise<CommitAnswer>((resolve) => {
      this.onAnswer = (a) => {
        if (a.type === 'progress') onProgress(a.done, a.total);
        else if (a.type === 'committed' || a.type === 'crashed') {
          resolve(a);
          this.dispose();
        }
      };
    });
    worker.postMessage({ type: 'commit', ...request } satisfies CommitRequest);
    return { answer, cancel: () => worker.postMessage({ type: 'cancel' }) };
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private listen(worker: Worker, first: (answer: WorkerAnswer) => void): void {
    this.onAnswer = first;
    // A message still on its way from a worker this session has replaced must not answer the new one's questions.
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      if (this.worker === worker) this.onAnswer(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.worker === worker) this.onAnswer({ type: 'crashed', message: event.message || 'the import worker stopped' });
    };
  }
}

export type { ReportSummary };

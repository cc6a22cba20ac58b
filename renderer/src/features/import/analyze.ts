/** Runs the import pipeline in a fresh worker; `cancel` terminates it at once, however far it got. */
import type { ImportAnswer, ImportRequest } from '../../workers/importProtocol';

export function analyzeInWorker(request: ImportRequest): { answer: Promise<ImportAnswer>; cancel: () => void } {
  const worker = new Worker(new URL('../../workers/importWorker.ts', import.meta.url), { type: 'module', name: 'import' });
  let settle: (answer: ImportAnswer) => void = () => undefined;
  const answer = new Promise<ImportAnswer>((resolve) => (settle = resolve));
  worker.onmessage = (event: MessageEvent<ImportAnswer>) => {
    settle(event.data);
    worker.terminate();
  };
  worker.onerror = (event) => {
    settle({ ok: false, problem: 'crashed', message: event.message });
    worker.terminate();
  };
  worker.postMessage(request, [request.bytes]);
  return {
    answer,
    cancel: () => {
      worker.terminate();
      settle({ ok: false, problem: 'crashed', message: 'cancelled' });
    },
  };
}

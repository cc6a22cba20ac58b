import { useAppStore } from '../store/useAppStore';

/** Short actions need no progress; anything still running after this shows a progress message. */
const SHOW_AFTER_MS = 400;

/**
 * Runs a task and, if it takes longer than a moment, shows a progress toast (with a bar when the task reports
 * fractions). The toast goes away when the task ends, whether it succeeded or not.
 */
export async function withProgress<T>(message: string, task: (report: (fraction: number) => void) => Promise<T>): Promise<T> {
  const { showToast, updateToast, dismissToast } = useAppStore.getState();
  let toastId: number | undefined;
  let latest: number | undefined;
  const timer = window.setTimeout(() => {
    toastId = showToast({ tone: 'progress', message, progress: latest });
  }, SHOW_AFTER_MS);
  try {
    return await task((fraction) => {
      latest = fraction;
      if (toastId !== undefined) updateToast(toastId, { progress: fraction });
    });
  } finally {
    window.clearTimeout(timer);
    if (toastId !== undefined) dismissToast(toastId);
  }
}

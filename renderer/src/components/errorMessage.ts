import type { AppError } from '../../../shared/lib/result';
import type { Translator } from '../i18n';

/**
 * An error from the core, in the person's language. Logic branches on `code`; the core's English `message` is shown
 * only as the detail of an invalid-input error, where it names the field that was refused.
 */
export function errorMessage(t: Translator['t'], error: AppError): string {
  switch (error.code) {
    case 'disconnected':
      return t('error.disconnected');
    case 'storage_failed':
      return t('error.storage');
    case 'conflict':
      return t('error.conflict');
    case 'not_found':
      return t('error.notFound');
    case 'invalid_input':
      return t('error.invalidInput', { detail: error.message });
    default:
      return t('error.generic');
  }
}

/** A thrown error (IndexedDB quota, a closed database) in the person's language, with the browser's detail. */
export function thrownMessage(t: Translator['t'], error: unknown): string {
  if (error instanceof Error && (error.name === 'QuotaExceededError' || error.name === 'DatabaseClosedError')) {
    return t('error.storage');
  }
  return t('error.generic');
}

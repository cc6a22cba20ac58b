import { problemOf } from '../../../shared/ipc/problems';
import type { CampaignState } from '../../../shared/domain/vocabulary';
import type { AppError } from '../../../shared/lib/result';
import type { TKey, Translator } from '../i18n';

const STATES: readonly CampaignState[] = ['draft', 'scheduled', 'running', 'paused', 'cancelled', 'finished'];

/**
 * An error from the core, in the person's language: by its problem code when main gave one (with its parameters),
 * else by its kind. Logic branches on `code`; the core's English `message` is shown only as the detail of an
 * invalid-input error without a problem code, where it names the field that was refused.
 */
export function errorMessage(t: Translator['t'], error: AppError): string {
  const code = problemOf(error.details);
  if (code !== undefined) {
    // Main's problem code with its parameters (shared/ipc/problems.ts); a campaign state is worded too.
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(error.details ?? {})) params[k] = String(v);
    const state = params.state as CampaignState | undefined;
    if (state !== undefined && STATES.includes(state)) params.state = t(`campaigns.state.${state}` as TKey);
    return t(`problem.${code}` as TKey, params);
  }
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

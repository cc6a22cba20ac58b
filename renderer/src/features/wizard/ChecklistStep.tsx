import { applyFix, canSend, pending, type CheckResult } from '../../../../shared/domain/campaign/checklist';
import type { Fix } from '../../../../shared/domain/campaign/types';
import type { Translator } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { formatIsoDay, reasonText } from './checklistWords';
import type { StepProps } from './WizardScreen';

export { formatIsoDay, reasonText };

const LEVEL_ICON = { pass: '✓', warn: '!', block: '✕' } as const;

export function fixLabel(t: Translator['t'], formatDateTime: Translator['formatDateTime'], fix: Fix): string {
  switch (fix.id) {
    case 'add_opt_out':
      return t('wizard.fix.add_opt_out');
    case 'remove_link':
      return t('wizard.fix.remove_link', { n: fix.params.index + 1 });
    case 'use_https':
      return t('wizard.fix.use_https');
    case 'exclude':
      return t('wizard.fix.exclude', { count: fix.params.count });
    case 'set_fallback':
      return t('wizard.fix.set_fallback', { variable: fix.params.variable, value: fix.params.value });
    case 'flatten_params':
      return t('wizard.fix.flatten_params');
    case 'schedule':
      return t('wizard.fix.schedule', { time: formatDateTime(fix.params.at) });
    case 'add_ad_label':
      return t('wizard.fix.add_ad_label');
    case 'add_sender':
      return t('wizard.fix.add_sender');
  }
}

export function ChecklistStep({ state, update, data, goTo }: StepProps) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const run = data.checklist;
  if (!run) return <p className="loading">{t('wizard.checking')}</p>;
  const ack = new Set(state.acknowledged);
  const { blocks, unacknowledged } = pending(run.results, ack);
  const ok = canSend(run.results, ack) && run.recipients > 0;
  const sorted = [...run.results].sort((a, b) => order(a) - order(b));
  return (
    <div className="checklist-step">
      <p className={ok ? 'banner' : 'banner banner-warning'} role="status">
        {ok
          ? t('wizard.checklistOk', { count: run.recipients })
          : t('wizard.checklistPending', { blocks: blocks.length, warnings: unacknowledged.length, count: formatNumber(run.recipients) })}
      </p>
      <ul className="checklist" aria-label={t('wizard.step.checklist')}>
        {sorted.map((r) => (
          <li key={r.id} className={`check check-${r.level}`}>
            <span className="check-icon" aria-hidden="true">
              {LEVEL_ICON[r.level]}
            </span>
            <span className="check-text">
              <span className="visually-hidden">{t(`wizard.level.${r.level}`)}: </span>
              {r.variant && <strong>{t(r.variant === 'A' ? 'wizard.versionA' : 'wizard.versionB')}: </strong>}
              {reasonText(t, formatDateTime, r, i18n)}
            </span>
            {r.level !== 'pass' &&
              [r.fix, ...(r.moreFixes ?? [])].map(
                (fix, i) =>
                  fix && (
                    <button key={i} type="button" onClick={() => update((s) => ({ ...s, draft: applyFix(s.draft, fix) }))}>
                      {fixLabel(t, formatDateTime, fix)}
                    </button>
                  ),
              )}
            {r.level === 'warn' && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={ack.has(r.id)}
                  onChange={(e) => {
                    const on = e.target.checked;
                    update((s) => ({ ...s, acknowledged: on ? [...new Set([...s.acknowledged, r.id])] : s.acknowledged.filter((id) => id !== r.id) }));
                  }}
                />
                {t('wizard.acknowledge')}
              </label>
            )}
            {r.level === 'block' && !r.fix && (
              <button type="button" className="link-button" onClick={() => goTo(r.rule === 'invalid_numbers' || r.rule === 'opt_in' ? 'audience' : 'message')}>
                {t('wizard.fixIt')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="field-hint">{t('wizard.checklistNote')}</p>
    </div>
  );
}

function order(r: CheckResult): number {
  return r.level === 'block' ? 0 : r.level === 'warn' ? 1 : 2;
}

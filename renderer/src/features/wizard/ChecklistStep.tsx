import { applyFix, canSend, pending, type CheckResult } from '../../../../shared/domain/campaign/checklist';
import type { Fix } from '../../../../shared/domain/campaign/types';
import type { TKey, Translator } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import type { StepProps } from './WizardScreen';

const LEVEL_ICON = { pass: '✓', warn: '!', block: '✕' } as const;

/** A calendar day the rules give as "2026-07-01" (the rate card's date) in the UI language; anything else as it is. */
export function formatIsoDay(formatDate: Translator['formatDate'], day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  // The day itself, at local midnight: formatting it in the same zone gives back the same day.
  return m ? formatDate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}

/**
 * A checklist reason in the person's language; the rule's English detail where no translation exists yet. With
 * `locale`, the rate card's day and an amount of money are written for the UI language too.
 */
export function reasonText(
  t: Translator['t'],
  formatDateTime: Translator['formatDateTime'],
  r: CheckResult,
  locale?: Pick<Translator, 'language' | 'formatDate'>,
): string {
  const params: Record<string, string | number> = {};
  const money = typeof r.reason.params.currency === 'string';
  for (const [k, v] of Object.entries(r.reason.params)) {
    if (/At$/.test(k) && typeof v === 'number') params[k] = formatDateTime(v);
    else if (k === 'asOf' && typeof v === 'string' && locale) params[k] = formatIsoDay(locale.formatDate, v);
    // An amount of money keeps its cents ("0.30", not "0.3").
    else if (money && k === 'total' && typeof v === 'number') params[k] = v.toLocaleString(locale?.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    else params[k] = v;
  }
  const text = t(r.reason.key as TKey, params); // dynamic key: `t` returns the key itself when it is unknown
  return text === r.reason.key ? r.detail : text;
}

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
            {r.fix && r.level !== 'pass' && (
              <button
                type="button"
                onClick={() => {
                  const fix = r.fix!; // checked on the line above
                  update((s) => ({ ...s, draft: applyFix(s.draft, fix) }));
                }}
              >
                {fixLabel(t, formatDateTime, r.fix)}
              </button>
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

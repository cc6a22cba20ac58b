import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { EXCLUSION_REASONS, type AudienceFilter } from '../../../../shared/domain/campaign/audience';
import type { CountryCode } from '../../../../shared/domain/phone';
import { reachKey } from '../../../../shared/domain/campaign/render';
import { shownAs } from '../contacts/identityText';
import { LabelChip } from '../../components/LabelChip';
import { listSegments, saveSegment } from '../../db/audience';
import { getDb } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import type { StepProps } from './WizardScreen';

const ACTIVE_CHOICES = [null, 30, 90, 180, 365] as const;
type LabelMode = 'labelsAny' | 'labelsAll' | 'labelsNone';
const LABEL_MODES: LabelMode[] = ['labelsAny', 'labelsAll', 'labelsNone'];

export function AudienceStep({ state, update, data }: StepProps) {
  const { t, formatNumber, countryName } = useI18n();
  const showToast = useAppStore((s) => s.showToast);
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const activeId = useId();
  const segmentId = useId();
  const [segmentName, setSegmentName] = useState('');
  const segments = useLiveQuery(() => listSegments(getDb()), []);
  const a = state.audience;
  const setFilter = (patch: Partial<AudienceFilter>) => update((s) => ({ ...s, audience: { ...s.audience, ...patch } }));
  const result = data.audience;
  const unreadHintId = useId();

  // Countries present among the contacts (from the numbers), most common first.
  const countries = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of data.contacts ?? []) {
      const cc = data.countryOf(reachKey(c)); // a user id's prefix is its country
      if (cc) counts.set(cc, (counts.get(cc) ?? 0) + 1);
    }
    return [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([c]) => c);
  }, [data]);

  const toggle = (mode: LabelMode, id: number) => {
    const list = a[mode];
    setFilter({ [mode]: list.includes(id) ? list.filter((x) => x !== id) : [...list, id] });
  };

  const chosen = a.contactIds;
  return (
    <div className="audience-step">
      {chosen ? (
        <div className="audience-filters">
          <h3>{t('wizard.chosen', { count: chosen.length })}</h3>
          <p className="field-hint">{t('wizard.chosenHint')}</p>
          <button
            type="button"
            onClick={() =>
              update((s) => {
                const { contactIds: _ids, ...filter } = s.audience;
                return { ...s, audience: filter };
              })
            }
          >
            {t('wizard.chosenBack')}
          </button>
        </div>
      ) : (
      <div className="audience-filters">
        {segments && segments.length > 0 && (
          <div className="field">
            <label htmlFor={segmentId}>{t('wizard.segment')}</label>
            <select
              id={segmentId}
              value={a.segmentId ?? ''}
              onChange={(e) => {
                const seg = segments.find((s) => s.id === e.target.value);
                if (seg) update((s) => ({ ...s, audience: { ...seg.filter, labelsAny: [...seg.filter.labelsAny], labelsAll: [...seg.filter.labelsAll], labelsNone: [...seg.filter.labelsNone], optIn: [...seg.filter.optIn], countries: [...seg.filter.countries], segmentId: seg.id } }));
              }}
            >
              <option value="">{t('wizard.segmentNone')}</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {LABEL_MODES.map((mode) => (
          <fieldset key={mode} className="label-filter">
            <legend>{t(`wizard.${mode}`)}</legend>
            {data.labels.length === 0 && <span className="field-hint">{t('wizard.noLabels')}</span>}
            {data.labels.map((l) => (
              <label key={l.id} className="checkbox">
                <input type="checkbox" checked={a[mode].includes(l.id)} onChange={() => toggle(mode, l.id)} />
                <LabelChip name={l.name} color={l.color} small />
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('wizard.optIn')}</legend>
          {(['opted_in', 'unknown'] as const).map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" checked={a.optIn.includes(s)} onChange={() => setFilter({ optIn: a.optIn.includes(s) ? a.optIn.filter((x) => x !== s) : [...a.optIn, s] })} />
              {t(`optIn.${s}`)}
            </label>
          ))}
          <p className="field-hint">{t('wizard.optInHint')}</p>
        </fieldset>
        <div className="field">
          <label htmlFor={activeId}>{t('wizard.active')}</label>
          <select id={activeId} value={a.activeWithinDays ?? ''} onChange={(e) => setFilter({ activeWithinDays: e.target.value === '' ? null : Number(e.target.value) })}>
            {ACTIVE_CHOICES.map((d) => (
              <option key={d ?? 'any'} value={d ?? ''}>
                {d === null ? t('wizard.activeAny') : t('wizard.activeDays', { days: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={a.skipUnread} onChange={() => setFilter({ skipUnread: !a.skipUnread })} aria-describedby={unreadHintId} />
            {t('wizard.skipUnread')}
          </label>
          <p className="field-hint" id={unreadHintId}>
            {data.unreadLoading ? t('wizard.skipUnreadLoading') : t('wizard.skipUnreadHint')}
          </p>
        </div>
        {countries.length > 1 && (
          <fieldset>
            <legend>{t('wizard.countries')}</legend>
            {countries.slice(0, 12).map((c) => (
              <label key={c} className="checkbox">
                <input type="checkbox" checked={a.countries.includes(c)} onChange={() => setFilter({ countries: a.countries.includes(c) ? a.countries.filter((x) => x !== c) : [...a.countries, c] })} />
                {countryName(c)}
              </label>
            ))}
          </fieldset>
        )}
        <form
          className="inline-field"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await saveSegment(getDb(), segmentName, a);
            if (r.ok) {
              showToast({ tone: 'success', message: t('wizard.segmentSaved', { name: r.segment.name }) });
              setSegmentName('');
              update((s) => ({ ...s, audience: { ...s.audience, segmentId: r.segment.id } }));
            } else showToast({ tone: 'error', message: t(`wizard.segmentError.${r.kind}`) });
          }}
        >
          <input aria-label={t('wizard.segmentName')} placeholder={t('wizard.segmentName')} value={segmentName} maxLength={60} onChange={(e) => setSegmentName(e.target.value)} />
          <button type="submit">{t('wizard.saveSegment')}</button>
        </form>
      </div>
      )}
      <aside className="audience-result" aria-live="polite">
        {!result ? (
          <p className="loading">{t('wizard.loading')}</p>
        ) : (
          <>
            <p className="audience-count">
              <strong>{formatNumber(result.included.length)}</strong> {t('wizard.willReceive')}
            </p>
            <p className="field-hint">{t('wizard.matched', { count: result.matched })}</p>
            {EXCLUSION_REASONS.some((r) => result.excluded[r].length > 0) && (
              <>
                <h3>{t('wizard.excludedTitle')}</h3>
                <ul className="excluded-list">
                  {EXCLUSION_REASONS.filter((r) => result.excluded[r].length > 0).map((r) => (
                    <li key={r}>
                      {t(`wizard.excluded.${r}`, { count: result.excluded[r].length })}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {data.sample.length > 0 && (
              <>
                <h3>{t('wizard.sample')}</h3>
                <ul className="sample-list">
                  {data.sample.map((c) => (
                    <li key={c.id}>
                      {c.name || '—'} <span className="cell-phone">{shownAs(c, country)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </aside>
    </div>
  );
}

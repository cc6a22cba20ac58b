import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PacingPolicy } from '../../../../shared/domain/pacing';
import type { ChannelKind } from '../../../../shared/domain/vocabulary';
import type { PolicyChoice, PolicyOverrides, PolicyView } from '../../../../shared/ipc/policy';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { overridesNotInForce, type OverrideField } from './policyOverrides';
import './policy.css';

const CHANNELS: ChannelKind[] = ['sandbox', 'assisted', 'cloud'];

/**
 * The shop's safety policy (DOMAIN.md §4): a preset, and stricter numbers of its own. Main keeps it and applies it to
 * every send; looser than the preset is refused there (e.g. more than 3 promotions a day to one person).
 */
export function PolicySection() {
  const { t, formatNumber } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const headingId = useId();
  const ids = { preset: useId(), presetWhy: useId(), rate: useId(), hourly: useId(), daily: useId(), quietStart: useId(), quietEnd: useId(), promo: useId() };
  const [view, setView] = useState<PolicyView | null>(null);
  const [choice, setChoice] = useState<PolicyChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notInForce, setNotInForce] = useState<OverrideField[]>([]);

  useEffect(() => {
    let live = true;
    void bridge.call('policy:get').then((r) => {
      if (!live) return;
      if (r.ok) {
        setView(r.value);
        setChoice(r.value.choice);
      } else setError(errorMessage(t, r.error));
    });
    return () => {
      live = false;
    };
  }, [bridge, t]);

  if (!choice || !view) {
    return (
      <section className="policy" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('policy.title')}</h2>
        {error ? <p className="form-error">{t('policy.loadFailed', { reason: error })}</p> : <p className="loading">{t('policy.loading')}</p>}
      </section>
    );
  }

  const o = choice.overrides;
  const setOverride = (patch: PolicyOverrides) => setChoice({ ...choice, overrides: { ...o, ...patch } });
  const clear = (key: keyof PolicyOverrides) => {
    const { [key]: _gone, ...rest } = o;
    setChoice({ ...choice, overrides: rest });
  };
  const numberOrClear = (key: 'ratePerSecond' | 'hourlyCap' | 'promotionalPerContactPer24h', raw: string) => {
    if (raw.trim() === '') clear(key);
    else setOverride({ [key]: Number(raw) });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const r = await bridge.call('policy:update', choice);
    setSaving(false);
    if (r.ok) {
      setView(r.value);
      setChoice(r.value.choice);
      setError(null);
      // Say which numbers main keeps at the preset's (looser than it), rather than a plain "saved".
      const kept = overridesNotInForce(r.value.choice.overrides, CHANNELS.map((c) => r.value.effective[c].policy));
      setNotInForce(kept);
      showToast({ tone: kept.length > 0 ? 'info' : 'success', message: kept.length > 0 ? t('policy.notInForce', { fields: kept.map((f) => t(FIELD_LABEL[f])).join(', ') }) : t('policy.saved') });
    } else setError(errorMessage(t, r.error));
  };

  const daily = o.dailyCap;
  // Every preset keeps quiet hours; the shop may only lengthen them (an "off" override would do nothing).
  const q = view.effective.cloud.policy.quietHours;
  const presetQuiet = q ? hours(q.startHour, q.endHour) : null;
  return (
    <section className="policy" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('policy.title')}</h2>
      <p className="intro">{t('policy.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <div className="field field-wide">
          <label htmlFor={ids.preset}>{t('policy.preset')}</label>
          {/* Short names in the list, what the chosen one does beneath it: a <select> cannot wrap a long option. */}
          <select
            id={ids.preset}
            aria-describedby={ids.presetWhy}
            value={choice.preset}
            onChange={(e) => setChoice({ ...choice, preset: e.target.value as PolicyChoice['preset'] })}
          >
            <option value="auto">{t('policy.presetName.auto')}</option>
            <option value="cautious">{t('policy.presetName.cautious')}</option>
            <option value="platform">{t('policy.presetName.platform')}</option>
          </select>
          <p id={ids.presetWhy} className="field-hint">
            {t(`policy.preset.${choice.preset}`)}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.rate}>{t('policy.rate')}</label>
          <input id={ids.rate} type="number" min={0.1} max={1000} step={0.1} placeholder={t('policy.fromPreset')} value={o.ratePerSecond ?? ''} onChange={(e) => numberOrClear('ratePerSecond', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.hourly}>{t('policy.hourly')}</label>
          <input id={ids.hourly} type="number" min={1} placeholder={t('policy.fromPreset')} value={o.hourlyCap ?? ''} onChange={(e) => numberOrClear('hourlyCap', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.daily}>{t('policy.daily')}</label>
          <select
            id={ids.daily}
            value={daily === undefined ? 'preset' : daily === 'warmup' ? 'warmup' : daily === null ? 'none' : 'number'}
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'preset') clear('dailyCap');
              else setOverride({ dailyCap: v === 'warmup' ? 'warmup' : v === 'none' ? null : 500 });
            }}
          >
            <option value="preset">{t('policy.fromPreset')}</option>
            <option value="warmup">{t('policy.daily.warmup')}</option>
            <option value="number">{t('policy.daily.number')}</option>
            <option value="none">{t('policy.daily.none')}</option>
          </select>
          {typeof daily === 'number' && (
            <input aria-label={t('policy.dailyNumber')} type="number" min={1} value={daily} onChange={(e) => setOverride({ dailyCap: Math.max(1, Number(e.target.value) || 1) })} />
          )}
        </div>
        <fieldset className="field field-wide">
          <legend>{t('policy.quiet')}</legend>
          {presetQuiet && !o.quietHours && <p className="field-hint">{t('policy.quietPreset', { hours: presetQuiet })}</p>}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={o.quietHours !== undefined && o.quietHours !== null}
              onChange={(e) => (e.target.checked ? setOverride({ quietHours: { startHour: 22, endHour: 8 } }) : clear('quietHours'))}
            />
            {t('policy.quietOwn')}
          </label>
          {o.quietHours !== undefined && o.quietHours !== null && (
            <span className="inline-field">
              <label htmlFor={ids.quietStart}>{t('policy.quietFrom')}</label>
              <input id={ids.quietStart} type="number" min={0} max={23} value={o.quietHours?.startHour ?? 0} onChange={(e) => setOverride({ quietHours: { startHour: clampHour(e.target.value), endHour: o.quietHours?.endHour ?? 6 } })} />
              <label htmlFor={ids.quietEnd}>{t('policy.quietTo')}</label>
              <input id={ids.quietEnd} type="number" min={0} max={23} value={o.quietHours?.endHour ?? 6} onChange={(e) => setOverride({ quietHours: { startHour: o.quietHours?.startHour ?? 0, endHour: clampHour(e.target.value) } })} />
            </span>
          )}
          <span className="field-hint">{t('policy.quietHint')}</span>
        </fieldset>
        <div className="field">
          <label htmlFor={ids.promo}>{t('policy.promo')}</label>
          <input id={ids.promo} type="number" min={1} max={3} placeholder="3" value={o.promotionalPerContactPer24h ?? ''} onChange={(e) => numberOrClear('promotionalPerContactPer24h', e.target.value)} />
        </div>
        {notInForce.length > 0 && (
          <p className="field-hint field-wide" role="status">
            {t('policy.notInForce', { fields: notInForce.map((f) => t(FIELD_LABEL[f])).join(', ') })}
          </p>
        )}
        {error && <p className="form-error field-wide">{error}</p>}
        <div className="form-actions field-wide">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      <h3>{t('policy.effective')}</h3>
      <table className="policy-table">
        <thead>
          <tr>
            <th scope="col">{t('policy.channel')}</th>
            <th scope="col">{t('policy.rate')}</th>
            <th scope="col">{t('policy.hourly')}</th>
            <th scope="col">{t('policy.daily')}</th>
            <th scope="col">{t('policy.quiet')}</th>
          </tr>
        </thead>
        <tbody>
          {CHANNELS.map((c) => {
            const p: PacingPolicy = view.effective[c].policy;
            return (
              <tr key={c} title={view.effective[c].why}>
                <th scope="row">{t(`campaigns.channel.${c}`)}</th>
                <td>{formatNumber(Math.min(p.ratePerSecond, p.channelThroughput))}</td>
                <td>{p.hourlyCap === null ? '–' : formatNumber(p.hourlyCap)}</td>
                <td className="wrap">{p.dailyCap === null ? '–' : p.dailyCap === 'warmup' ? t('policy.daily.warmup') : formatNumber(p.dailyCap)}</td>
                <td>{p.quietHours ? hours(p.quietHours.startHour, p.quietHours.endHour) : t('policy.quietOff')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {view.daysSinceFirstSend !== null && (
        <p className="field-hint">
          {view.daysSinceFirstSend === 0 ? t('policy.warmupToday') : t('policy.warmupDay', { count: view.daysSinceFirstSend })}
        </p>
      )}
    </section>
  );
}

const FIELD_LABEL: Readonly<Record<OverrideField, TKey>> = { rate: 'policy.rate', hourly: 'policy.hourly', daily: 'policy.daily', quiet: 'policy.quiet', promo: 'policy.promo' };

/** "22:00–08:00": the same way in the hint and in the table. */
function hours(start: number, end: number): string {
  return `${String(start).padStart(2, '0')}:00–${String(end).padStart(2, '0')}:00`;
}

function clampHour(raw: string): number {
  const n = Math.floor(Number(raw));
  return Number.isFinite(n) ? Math.min(23, Math.max(0, n)) : 0;
}

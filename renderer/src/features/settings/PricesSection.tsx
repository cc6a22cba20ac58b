import { getCountries } from 'libphonenumber-js/max';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { DEFAULT_RATE_TABLE, parseRateTable, RATE_COLUMNS, type CountryRates, type RateColumn, type RateTable } from '../../../../shared/domain/campaign/costs';
import { DayWrittenOut } from '../../components/DayWrittenOut';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import './prices.css';

/** The table as the form edits it: prices as typed (so "0." can be typed), parsed only on save. */
interface DraftTable {
  asOf: string;
  currency: string;
  source: string;
  serviceBilledFrom: string;
  rows: { country: string; prices: Partial<Record<RateColumn, string>> }[];
  other: Partial<Record<RateColumn, string>>;
}

const toText = (r: CountryRates): Partial<Record<RateColumn, string>> => {
  const out: Partial<Record<RateColumn, string>> = {};
  for (const c of RATE_COLUMNS) if (r[c] !== undefined) out[c] = String(r[c]);
  return out;
};

function draftOf(table: RateTable, defaultSource: string): DraftTable {
  return {
    asOf: table.asOf,
    currency: table.currency,
    // Shopcast's own figures say where they come from in the person's language (the stored default is English).
    source: table === DEFAULT_RATE_TABLE ? defaultSource : table.source,
    serviceBilledFrom: table.serviceBilledFrom ?? '',
    rows: Object.entries(table.rates).map(([country, r]) => ({ country, prices: toText(r) })),
    other: toText(table.otherCountries),
  };
}

/** Back to a table for `parseRateTable`: an empty cell is left out (it falls back); text that is not a number stays text, so the parser names it. */
function tableOf(d: DraftTable): unknown {
  const prices = (p: Partial<Record<RateColumn, string>>) => {
    const out: Record<string, unknown> = {};
    for (const c of RATE_COLUMNS) {
      const raw = (p[c] ?? '').trim().replace(',', '.');
      if (raw === '') continue;
      const n = Number(raw);
      out[c] = Number.isFinite(n) ? n : raw;
    }
    return out;
  };
  return {
    asOf: d.asOf,
    currency: d.currency.trim().toUpperCase(),
    source: d.source,
    ...(d.serviceBilledFrom !== '' ? { serviceBilledFrom: d.serviceBilledFrom } : {}),
    rates: Object.fromEntries(d.rows.map((r) => [r.country, prices(r.prices)])),
    otherCountries: prices(d.other),
  };
}

/**
 * Settings → Prices: the rate table every cost estimate uses (wizard checklist, campaign report, inbox answers).
 * Kept by main in settings.json; "go back to Shopcast's figures" can be undone from its toast or with Ctrl+Z.
 */
export function PricesSection() {
  const { t, countryName, language } = useI18n();
  const bridge = useBridge();
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const showToast = useAppStore((s) => s.showToast);
  const headingId = useId();
  const ids = { asOf: useId(), currency: useId(), source: useId(), from: useId(), fromHint: useId(), add: useId(), empty: useId() };
  const current = settings.rateTable ?? DEFAULT_RATE_TABLE;
  const [draft, setDraft] = useState<DraftTable>(() => draftOf(current, t('prices.defaultSource')));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState('');

  useEffect(() => {
    if (!dirty) setDraft(draftOf(current, t('prices.defaultSource')));
  }, [current, dirty, t]);

  const edit = (change: (d: DraftTable) => DraftTable) => {
    setDraft(change);
    setDirty(true);
    setError(null);
  };
  const listed = new Set(draft.rows.map((r) => r.country));
  const addable = useMemo(
    () =>
      getCountries()
        .filter((c) => !listed.has(c))
        .map((c) => ({ code: c, name: countryName(c) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [countryName, draft.rows], // eslint-disable-line react-hooks/exhaustive-deps -- `listed` is derived from draft.rows
  );

  /** Saves the prices (`null`: Shopcast's figures) and says so; `undo` puts the earlier table back. */
  const save = async (rateTable: RateTable | null, done: string, undo?: () => Promise<void>): Promise<void> => {
    setSaving(true);
    const result = await bridge.call('settings:update', { rateTable });
    setSaving(false);
    if (!result.ok) {
      setError(t('prices.saveFailed', { reason: errorMessage(t, result.error) }));
      return;
    }
    setSettings(result.value);
    setDirty(false);
    showToast({ tone: 'success', message: done, ...(undo ? { undo } : {}) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRateTable(tableOf(draft));
    if (!parsed.ok) {
      setError(t(`prices.problem.${parsed.problem.reason}` as TKey, { field: fieldName(parsed.problem.field) }));
      return;
    }
    await save(parsed.value, t('prices.saved'));
  };

  const reset = async () => {
    const before = settings.rateTable;
    const undo = before
      ? async () => {
          const back = await bridge.call('settings:update', { rateTable: before });
          if (back.ok) setSettings(back.value);
        }
      : undefined;
    await save(null, t('prices.resetDone'), undo);
  };

  /** The field a problem names, in words ("rates.KR.MARKETING" → "South Korea · Marketing"). */
  const fieldName = (field: string): string => {
    const [head, country, column] = field.split('.');
    const col = (c: string | undefined) => (c && (RATE_COLUMNS as readonly string[]).includes(c) ? t(`prices.col.${c}` as TKey) : c ?? '');
    if (head === 'rates' && country) return column ? `${countryName(country)} · ${col(column)}` : country;
    if (head === 'otherCountries') return `${t('prices.otherCountries')} · ${col(country)}`;
    if (head === 'asOf') return t('prices.asOf');
    if (head === 'serviceBilledFrom') return t('prices.serviceFrom');
    return field;
  };

  const cell = (who: string, label: string, value: string | undefined, onChange: (v: string) => void, col: RateColumn) => (
    <td key={col}>
      <input
        inputMode="decimal"
        className="price"
        aria-label={t('prices.cell', { column: t(`prices.col.${col}` as TKey), country: label })}
        aria-describedby={ids.empty}
        value={value ?? ''}
        data-who={who}
        onChange={(e) => onChange(e.target.value)}
      />
    </td>
  );

  return (
    <section className="prices" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('prices.title')}</h2>
      <p className="intro">{t('prices.intro')}</p>
      <p className="field-hint">{settings.rateTable ? t('prices.usingOwn') : t('prices.usingDefaults')}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.asOf}>{t('prices.asOf')}</label>
            <input id={ids.asOf} type="date" lang={language} aria-describedby={`${ids.asOf}-day`} value={draft.asOf} onChange={(e) => edit((d) => ({ ...d, asOf: e.target.value }))} />
            <DayWrittenOut id={`${ids.asOf}-day`} value={draft.asOf} />
          </div>
          <div className="field">
            <label htmlFor={ids.currency}>{t('prices.currency')}</label>
            <input id={ids.currency} value={draft.currency} maxLength={3} autoCapitalize="characters" onChange={(e) => edit((d) => ({ ...d, currency: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor={ids.from}>{t('prices.serviceFrom')}</label>
            <input id={ids.from} type="date" lang={language} value={draft.serviceBilledFrom} aria-describedby={`${ids.from}-day ${ids.fromHint}`} onChange={(e) => edit((d) => ({ ...d, serviceBilledFrom: e.target.value }))} />
            <DayWrittenOut id={`${ids.from}-day`} value={draft.serviceBilledFrom} />
            <p className="field-hint" id={ids.fromHint}>
              {t('prices.serviceFromHint')}
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.source}>{t('prices.source')}</label>
          <textarea id={ids.source} rows={2} maxLength={500} value={draft.source} onChange={(e) => edit((d) => ({ ...d, source: e.target.value }))} />
        </div>
        <div className="prices-table-wrap">
          <table className="prices-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t('prices.country')}</th>
                {RATE_COLUMNS.map((c) => (
                  <th scope="col" key={c}>
                    {t(`prices.col.${c}` as TKey)}
                  </th>
                ))}
                <td />
              </tr>
            </thead>
            <tbody>
              {draft.rows.map((row, i) => {
                const label = countryName(row.country);
                return (
                  <tr key={row.country}>
                    <th scope="row">
                      {label} <span className="code">{row.country}</span>
                    </th>
                    {RATE_COLUMNS.map((c) => cell(row.country, label, row.prices[c], (v) => edit((d) => ({ ...d, rows: d.rows.map((r, j) => (j === i ? { ...r, prices: { ...r.prices, [c]: v } } : r)) })), c))}
                    <td>
                      <button type="button" className="link-button" aria-label={t('prices.remove', { country: label })} onClick={() => edit((d) => ({ ...d, rows: d.rows.filter((_, j) => j !== i) }))}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
              <tr>
                <th scope="row">{t('prices.otherCountries')}</th>
                {RATE_COLUMNS.map((c) => cell('other', t('prices.otherCountries'), draft.other[c], (v) => edit((d) => ({ ...d, other: { ...d.other, [c]: v } })), c))}
                <td />
              </tr>
            </tbody>
          </table>
        </div>
        <p className="field-hint" id={ids.empty}>
          {t('prices.empty')}
        </p>
        <div className="prices-add">
          <label htmlFor={ids.add}>{t('prices.addCountry')}</label>
          <select id={ids.add} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="" />
            {addable.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              const code = adding;
              edit((d) => ({ ...d, rows: [...d.rows, { country: code, prices: {} }] }));
              setAdding('');
            }}
          >
            {t('prices.add')}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving || !dirty} aria-busy={saving}>
            {saving ? t('common.saving') : t('prices.save')}
          </button>
          <button type="button" disabled={saving || (!settings.rateTable && !dirty)} onClick={() => void reset()}>
            {t('prices.reset')}
          </button>
        </div>
      </form>
    </section>
  );
}

import { getCountries } from 'libphonenumber-js/max';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { LANGUAGES, SHOP_NAME_MAX, type Language, type Settings } from '../../../../shared/domain/settings';
import type { CountryCode } from '../../../../shared/domain/phone';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import { createTranslator, LANGUAGE_AUTONYMS } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { useSetupStore } from '../setup/setupStore';
import { PolicySection } from './PolicySection';
import { InboxSection } from './InboxSection';
import { PricesSection } from './PricesSection';
import { TriageSection } from './TriageSection';

export function SettingsScreen() {
  const { t } = useI18n();
  const bridge = useBridge();
  const settings = useAppStore((s) => s.settings);
  const settingsLoaded = useAppStore((s) => s.settingsLoaded);
  const setSettings = useAppStore((s) => s.setSettings);
  const showToast = useAppStore((s) => s.showToast);
  const info = useAppStore((s) => s.appInfo);
  const openSetup = useSetupStore((s) => s.openSetup);
  const [draft, setDraft] = useState<Settings>(settings);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const ids = { shop: useId(), country: useId(), countryHint: useId(), search: useId(), language: useId() };

  // Settings can change under us (loaded after a reconnect, or changed by another window): follow them unless
  // the person has started editing.
  const [dirty, setDirty] = useState(false);
  // Counts edits, so a save that returns after the person changed something else does not wipe that change.
  const revision = useRef(0);
  useEffect(() => {
    if (!dirty) setDraft(settings);
  }, [settings, dirty]);

  const edit = (patch: Partial<Settings>) => {
    revision.current += 1;
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const savedRevision = revision.current;
    const result = await bridge.call('settings:update', {
      shopName: draft.shopName,
      defaultCountry: draft.defaultCountry,
      language: draft.language,
      // Whoever saved the shop's name, country and language here has answered what the first-run setup asks: it
      // does not open by itself at the next start (it stays available below).
      setupDone: true,
    });
    setSaving(false);
    if (result.ok) {
      setSettings(result.value);
      if (revision.current === savedRevision) setDirty(false);
      // Announced in the newly chosen language, which is what the person now reads.
      showToast({ tone: 'success', message: createTranslator(result.value.language).t('settings.saved') });
    } else {
      setError(t('settings.saveFailed', { reason: errorMessage(t, result.error) }));
    }
  };

  return (
    <section className="screen settings-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('settings.title')}</h1>
      </div>
      <form className="settings-form" onSubmit={submit} aria-busy={!settingsLoaded}>
        <fieldset>
          <legend>{t('settings.shop')}</legend>
          <div className="field">
            <label htmlFor={ids.shop}>{t('settings.shopName')}</label>
            <input
              id={ids.shop}
              value={draft.shopName}
              maxLength={SHOP_NAME_MAX}
              autoComplete="organization"
              onChange={(e) => edit({ shopName: e.target.value })}
            />
          </div>
          <CountryField
            value={draft.defaultCountry}
            onChange={(defaultCountry) => edit({ defaultCountry })}
            selectId={ids.country}
            searchId={ids.search}
            hintId={ids.countryHint}
          />
          <div className="field">
            <label htmlFor={ids.language}>{t('settings.language')}</label>
            <select id={ids.language} value={draft.language} onChange={(e) => edit({ language: parseLanguage(e.target.value) })}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_AUTONYMS[l]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? t('common.saving') : t('settings.save')}
          </button>
        </div>
      </form>

      <section className="about" aria-labelledby={`${headingId}-setup`}>
        <h2 id={`${headingId}-setup`}>{t('settings.setupSection')}</h2>
        <p className="field-hint">{t('settings.runSetupHint')}</p>
        <div className="form-actions">
          <button type="button" onClick={openSetup} disabled={!settingsLoaded}>
            {t('settings.runSetup')}
          </button>
        </div>
      </section>
      <PolicySection />
      <PricesSection />
      <InboxSection />
      <TriageSection />
      <section className="about" aria-labelledby={`${headingId}-about`}>
        <h2 id={`${headingId}-about`}>{t('settings.about')}</h2>
        <dl>
          <dt>{t('settings.version')}</dt>
          <dd>{info?.version ?? t('settings.unknown')}</dd>
          <dt>{t('settings.runtime')}</dt>
          <dd>
            {info
              ? t(info.runtime === 'electron' ? 'status.runtime.electron' : 'status.runtime.browserHost')
              : t('settings.unknown')}
          </dd>
          <dt>{t('settings.dataDir')}</dt>
          <dd className="path">{info?.dataDir ?? t('settings.unknown')}</dd>
        </dl>
      </section>
    </section>
  );
}

interface CountryFieldProps {
  value: CountryCode;
  onChange(code: CountryCode): void;
  selectId: string;
  searchId: string;
  hintId: string;
  /** Replaces the general hint under the list (the first-run setup explains the chosen country with an example). */
  hint?: string;
}

/**
 * A country select with a search box in front: a native select only finds options by their first letters, which
 * does not work for "대한민국" typed through an IME, or for "Korea" in a Korean UI. The box matches the name in the
 * UI language, in English, and the two-letter code.
 */
export function CountryField({ value, onChange, selectId, searchId, hintId, hint }: CountryFieldProps) {
  const { t, language, countryName } = useI18n();
  const [search, setSearch] = useState('');
  const countries = useMemo(() => {
    const english = new Intl.DisplayNames(['en'], { type: 'region' });
    const collator = new Intl.Collator(language);
    return getCountries()
      .map((code) => ({ code, name: countryName(code), english: english.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [language, countryName]);

  const needle = search.trim().toLocaleLowerCase();
  const matches = needle === '' ? countries : rankCountries(countries, needle);
  // The chosen country stays in the list so the select never shows a value it does not have.
  const shown = matches.some((c) => c.code === value) ? matches : [...countries.filter((c) => c.code === value), ...matches];

  return (
    <div className="field country-field">
      <label htmlFor={searchId}>{t('settings.countrySearch')}</label>
      <input
        id={searchId}
        type="search"
        value={search}
        placeholder={t('settings.countrySearchPlaceholder')}
        autoComplete="off"
        aria-controls={selectId}
        onChange={(e) => {
          setSearch(e.target.value);
          const n = e.target.value.trim().toLocaleLowerCase();
          // Picks the country only when the search leaves no doubt ("KR", or the one match); "korea" has two,
          // and the list below shows them for the person to choose.
          const ranked = n === '' ? [] : rankCountries(countries, n);
          const exact = ranked.find((c) => c.code.toLowerCase() === n);
          const pick = exact ?? (ranked.length === 1 ? ranked[0] : undefined);
          if (pick) onChange(pick.code);
        }}
      />
      {needle !== '' && matches.length === 0 && (
        <p className="field-hint" role="status">
          {t('settings.countryNoMatch', { query: search.trim() })}
        </p>
      )}
      <label htmlFor={selectId}>{t('settings.defaultCountry')}</label>
      <select
        id={selectId}
        value={value}
        size={needle !== '' ? Math.max(2, Math.min(8, shown.length)) : undefined}
        aria-describedby={hintId}
        onChange={(e) => {
          const picked = countries.find((c) => c.code === e.target.value);
          if (picked) onChange(picked.code);
        }}
      >
        {shown.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
      <p id={hintId} className="field-hint">
        {hint ?? t('settings.defaultCountryHint')}
      </p>
    </div>
  );
}

interface CountryOption {
  code: CountryCode;
  name: string;
  english: string;
}

/** Countries matching a search, best first: the code itself, then names starting with it, then names containing it. */
function rankCountries(countries: readonly CountryOption[], needle: string): CountryOption[] {
  const score = (c: CountryOption): number => {
    if (c.code.toLowerCase() === needle) return 0;
    const names = [c.name.toLocaleLowerCase(), c.english.toLowerCase()];
    if (names.some((n) => n.startsWith(needle))) return 1;
    if (names.some((n) => n.includes(needle))) return 2;
    return 3;
  };
  return countries
    .map((c) => ({ c, s: score(c) }))
    .filter((x) => x.s < 3)
    .sort((a, b) => a.s - b.s)
    .map((x) => x.c);
}

function parseLanguage(value: string): Language {
  return LANGUAGES.find((l) => l === value) ?? 'en';
}

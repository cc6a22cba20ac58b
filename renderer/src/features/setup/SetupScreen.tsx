import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { LANGUAGES, SENDING_CHANNELS, SHOP_NAME_MAX, type SettingsPatch } from '../../../../shared/domain/settings';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import { createTranslator, LANGUAGE_AUTONYMS } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { CountryField } from '../settings/SettingsScreen';
import { afterSetup, answersFrom, countryExample, finishPatch, nextStep, previousStep, SETUP_STEPS, SKIP_PATCH, stepIndex, type SetupAnswers, type SetupStep } from './setupFlow';
import { useSetupStore } from './setupStore';
import './setup.css';

/**
 * The first-run setup: language, then the shop's name and country, then how it will send. Shown in place of the
 * screen (the navigation stays usable). The window speaks the language chosen in its first step at once, before
 * anything is saved (setupStore's preview); nothing is saved until Finish (or Skip, which only records the skip).
 */
export function SetupScreen() {
  const { t, countryName } = useI18n();
  const bridge = useBridge();
  const saved = useAppStore((s) => s.settings);
  const [answers, setAnswers] = useState<SetupAnswers>(() => answersFrom(saved));
  // Decided when it opens: a first run offers Skip; when run again from Settings, leaving changes nothing.
  const [firstRun] = useState(() => !saved.setupDone);
  const previewIn = useSetupStore((s) => s.previewIn);
  const setSettings = useAppStore((s) => s.setSettings);
  const showToast = useAppStore((s) => s.showToast);
  const goTo = useAppStore((s) => s.goTo);
  const closeSetup = useSetupStore((s) => s.closeSetup);
  const [step, setStep] = useState<SetupStep>('language');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { heading: useId(), step: useId(), why: useId(), shop: useId(), shopWhy: useId(), country: useId(), countryHint: useId(), search: useId(), leaveWhy: useId() };
  const pageRef = useRef<HTMLFormElement>(null);

  // Each step starts at its first control (the chosen option, or the name field), so the keyboard goes straight on.
  useEffect(() => {
    const first = pageRef.current?.querySelector<HTMLElement>('input:checked, input:not([type="radio"])');
    first?.focus();
  }, [step]);

  const edit = (patch: Partial<SetupAnswers>) => {
    setAnswers((a) => ({ ...a, ...patch }));
    if (patch.language) previewIn(patch.language);
    setError(null);
  };

  const save = async (patch: SettingsPatch, then: (language: SetupAnswers['language']) => void) => {
    setBusy(true);
    setError(null);
    const result = await bridge.call('settings:update', patch);
    setBusy(false);
    if (!result.ok) {
      setError(t('setup.saveFailed', { reason: errorMessage(t, result.error) }));
      return;
    }
    setSettings(result.value);
    closeSetup();
    then(result.value.language);
    // The page the person lands on takes the focus, as after a click in the navigation.
    document.getElementById('main')?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const next = nextStep(step);
    if (next) {
      setStep(next);
      return;
    }
    const after = afterSetup(answers.sendingChannel);
    void save(finishPatch(answers), (language) => {
      goTo(after.screen);
      // In the language just saved, which is what the whole window now shows.
      showToast({ tone: 'success', message: createTranslator(language).t(after.message) });
    });
  };

  const skip = () => {
    if (busy) return;
    void save(SKIP_PATCH, (language) => showToast({ tone: 'success', message: createTranslator(language).t('setup.skipped') }));
  };

  const back = previousStep(step);
  const index = stepIndex(step);
  const example = countryExample(answers.defaultCountry);
  const countryWhy = example
    ? t('setup.country.why', { code: example.code, country: countryName(answers.defaultCountry), local: example.local, international: example.international })
    : t('settings.defaultCountryHint');
  const title = t(step === 'language' ? 'setup.language.title' : step === 'shop' ? 'setup.shop.title' : 'setup.sending.title');

  return (
    <section className="screen setup-screen" aria-labelledby={ids.heading}>
      <div className="screen-header">
        <h1 id={ids.heading}>{t('setup.title')}</h1>
        {/* At the top, so it is in view on every step whatever the window's height; the sentence under the card says what it keeps. */}
        <button type="button" className="link-button setup-leave" aria-describedby={ids.leaveWhy} onClick={firstRun ? skip : closeSetup} disabled={busy}>
          {t(firstRun ? 'setup.skip' : 'setup.cancelAgain')}
        </button>
      </div>
      <p className="intro">{t('setup.welcome')}</p>
      <ol className="setup-steps" aria-label={t('setup.stepsLabel')}>
        {SETUP_STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={i < index ? 'setup-step-done' : undefined}>
            <span className="setup-step-number" aria-hidden="true">
              {i + 1}
            </span>
            {t(`setup.step.${s}`)}
          </li>
        ))}
      </ol>

      <form ref={pageRef} className="setup-card" onSubmit={submit} aria-labelledby={ids.step} aria-busy={busy}>
        <p className="setup-count">{t('setup.stepOf', { step: index + 1, total: SETUP_STEPS.length })}</p>
        <h2 id={ids.step}>{title}</h2>

        {step === 'language' && (
          <Choices labelledBy={ids.step} describedBy={ids.why} why={t('setup.language.why')}>
            {LANGUAGES.map((l) => (
              <label key={l} className="setup-option">
                <input type="radio" name="setup-language" value={l} checked={answers.language === l} onChange={() => edit({ language: l })} />
                <span lang={l} className="setup-option-name">
                  {LANGUAGE_AUTONYMS[l]}
                </span>
              </label>
            ))}
          </Choices>
        )}

        {step === 'shop' && (
          <div className="setup-fields">
            <div className="field">
              <label htmlFor={ids.shop}>{t('setup.shop.name')}</label>
              <input
                id={ids.shop}
                value={answers.shopName}
                maxLength={SHOP_NAME_MAX}
                autoComplete="organization"
                aria-describedby={ids.shopWhy}
                onChange={(e) => edit({ shopName: e.target.value })}
              />
              <p id={ids.shopWhy} className="field-hint">
                {t('setup.shop.nameWhy')}
              </p>
            </div>
            <CountryField
              value={answers.defaultCountry}
              onChange={(defaultCountry) => edit({ defaultCountry })}
              selectId={ids.country}
              searchId={ids.search}
              hintId={ids.countryHint}
              hint={countryWhy}
            />
          </div>
        )}

        {step === 'sending' && (
          <Choices labelledBy={ids.step} describedBy={ids.why} why={t('setup.sending.why')}>
            {SENDING_CHANNELS.map((c) => (
              <label key={c} className="setup-option setup-option-wide">
                <input
                  type="radio"
                  name="setup-channel"
                  value={c}
                  checked={answers.sendingChannel === c}
                  aria-describedby={`${ids.why}-${c}`}
                  onChange={() => edit({ sendingChannel: c })}
                />
                <span>
                  <span className="setup-option-name">{t(`setup.sending.${c}.name`)}</span>
                  <span id={`${ids.why}-${c}`} className="field-hint setup-option-what">
                    {t(`setup.sending.${c}.what`)}
                  </span>
                </span>
              </label>
            ))}
          </Choices>
        )}

        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions setup-actions">
          {back && (
            <button type="button" onClick={() => setStep(back)} disabled={busy}>
              {t('setup.back')}
            </button>
          )}
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? t('common.saving') : nextStep(step) ? t('setup.next') : t(answers.sendingChannel === 'cloud' ? 'setup.finishCloud' : 'setup.finish')}
          </button>
        </div>
      </form>

      <p id={ids.leaveWhy} className="field-hint setup-leave-why">
        {firstRun
          ? t('setup.skipWhy', { language: LANGUAGE_AUTONYMS[saved.language], country: countryName(saved.defaultCountry) })
          : t('setup.againWhy')}
      </p>
    </section>
  );
}

/** A group of radio options named by the step's heading, with the plain sentence that says what the choice changes. */
function Choices({ labelledBy, describedBy, why, children }: { labelledBy: string; describedBy: string; why: string; children: ReactNode }) {
  return (
    <div className="setup-choices">
      <p id={describedBy} className="setup-why">
        {why}
      </p>
      <div role="radiogroup" aria-labelledby={labelledBy} aria-describedby={describedBy} className="setup-options">
        {children}
      </div>
    </div>
  );
}

import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TemplateInfo } from '../../../../shared/domain/template';
import type { CloudSetupPatch, CloudSetupView, ConnectionTest } from '../../../../shared/ipc/cloud';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { errorWords, syncFailureWords } from './connectErrors';
import { summarize } from './connectSummary';
import { checkAccessToken, checkAppSecret, checkGraphVersion, checkPhoneNumberId, checkPort, checkVerifyToken, checkWabaId, tunnelAddress, type FieldCheck } from './fieldChecks';
import { listOf, missingNames, useWebhookStatus, WebhookStatusPanel } from './WebhookStatusPanel';
import './connect.css';

type SecretKey = 'accessToken' | 'appSecret' | 'verifyToken';
const SECRET: Readonly<Record<SecretKey, { has: 'hasAccessToken' | 'hasAppSecret' | 'hasVerifyToken'; label: TKey }>> = {
  accessToken: { has: 'hasAccessToken', label: 'connect.accessToken' },
  appSecret: { has: 'hasAppSecret', label: 'connect.appSecret' },
  verifyToken: { has: 'hasVerifyToken', label: 'connect.verifyToken' },
};
const SECRET_KEYS: readonly SecretKey[] = ['accessToken', 'appSecret', 'verifyToken'];

interface Draft {
  phoneNumberId: string;
  wabaId: string;
  apiBase: string;
  graphVersion: string;
  webhookPort: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}
type DraftKey = keyof Draft;

const draftOf = (v: CloudSetupView): Draft => ({
  phoneNumberId: v.phoneNumberId,
  wabaId: v.wabaId,
  apiBase: v.apiBase,
  graphVersion: v.graphVersion,
  // The port is a name, not a quantity: always a plain string of digits, never through Intl.
  webhookPort: String(v.webhookPort),
  accessToken: '',
  appSecret: '',
  verifyToken: '',
});

/** Only what the person changed: typed secrets are sent once and the fields are cleared after saving. */
function patchOf(draft: Draft, view: CloudSetupView): CloudSetupPatch {
  const patch: CloudSetupPatch = {};
  if (draft.phoneNumberId.trim() !== view.phoneNumberId) patch.phoneNumberId = draft.phoneNumberId.trim();
  if (draft.wabaId.trim() !== view.wabaId) patch.wabaId = draft.wabaId.trim();
  if (draft.apiBase.trim() !== view.apiBase) patch.apiBase = draft.apiBase.trim();
  if (draft.graphVersion.trim() !== view.graphVersion) patch.graphVersion = draft.graphVersion.trim();
  const port = Number(draft.webhookPort);
  if (draft.webhookPort.trim() !== String(view.webhookPort)) patch.webhookPort = Number.isInteger(port) ? port : -1;
  for (const key of SECRET_KEYS) {
    const value = draft[key].trim();
    if (value !== '') patch[key] = value;
  }
  return patch;
}

/** Every field's live check; the ids are checked against each other (the same number in both is a slip). */
function checksOf(d: Draft): Record<DraftKey, FieldCheck | null> {
  return {
    phoneNumberId: checkPhoneNumberId(d.phoneNumberId, d.wabaId),
    wabaId: checkWabaId(d.wabaId, d.phoneNumberId),
    accessToken: checkAccessToken(d.accessToken),
    appSecret: checkAppSecret(d.appSecret),
    verifyToken: checkVerifyToken(d.verifyToken),
    webhookPort: checkPort(d.webhookPort),
    graphVersion: checkGraphVersion(d.graphVersion),
    apiBase: null,
  };
}

const FIELD_LABEL: Record<DraftKey, TKey> = {
  phoneNumberId: 'connect.phoneNumberId',
  wabaId: 'connect.wabaId',
  accessToken: 'connect.accessToken',
  appSecret: 'connect.appSecret',
  verifyToken: 'connect.verifyToken',
  webhookPort: 'connect.webhookPort',
  graphVersion: 'connect.graphVersion',
  apiBase: 'connect.apiBase',
};

/** The path Meta posts to. The receiver answers on any path (electron/adapters/webhookServer.ts); this one says what it is. */
const WEBHOOK_PATH = '/webhook';

type FieldIds = Record<DraftKey, string>;

export function ConnectScreen() {
  const { t, language } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const headingId = useId();
  const idBase = useId();
  const ids: FieldIds = {
    phoneNumberId: `${idBase}-phone`,
    wabaId: `${idBase}-waba`,
    accessToken: `${idBase}-token`,
    appSecret: `${idBase}-secret`,
    verifyToken: `${idBase}-verify`,
    webhookPort: `${idBase}-port`,
    graphVersion: `${idBase}-version`,
    apiBase: `${idBase}-base`,
  };
  const [view, setView] = useState<CloudSetupView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'sync' | null>(null);
  const [formError, setFormError] = useState<{ at: 'account' | 'webhook'; message: string } | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  const [syncError, setSyncError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const webhook = useWebhookStatus();
  const refreshWebhook = webhook.refresh;

  const loadTemplates = useCallback(async () => {
    const r = await bridge.call('templates:list');
    if (r.ok) setTemplates(r.value);
  }, [bridge]);

  useEffect(() => {
    let live = true;
    void bridge.call('cloud:get').then((r) => {
      if (!live) return;
      if (r.ok) {
        setView(r.value);
        setDraft(draftOf(r.value));
      } else setLoadError(t('connect.loadFailed', { reason: errorMessage(t, r.error) }));
    });
    void loadTemplates();
    return () => {
      live = false;
    };
  }, [bridge, loadTemplates, t]);

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setFormError(null);
  };

  /** Saves what changed; returns the new view, or null (the error is shown) when saving failed. */
  const save = async (at: 'account' | 'webhook'): Promise<CloudSetupView | null> => {
    if (!view || !draft) return null;
    // Only what is certainly wrong stops saving (main would refuse it, or it can never work); hints do not.
    const checks = checksOf(draft);
    const wrong = (Object.keys(checks) as DraftKey[]).filter((k) => checks[k]?.tone === 'wrong');
    if (wrong.length > 0) {
      setFormError({ at, message: t('connect.check.fixFirst', { fields: listOf(language, wrong.map((k) => t(FIELD_LABEL[k]))) }) });
      document.getElementById(ids[wrong[0] ?? 'phoneNumberId'])?.focus();
      return null;
    }
    const patch = patchOf(draft, view);
    if (Object.keys(patch).length === 0) return view;
    const r = await bridge.call('cloud:update', patch);
    if (!r.ok) {
      // Main keeps the stored token for the address it was typed for: a new address needs it again (a code, worded here).
      const reason =
        r.error.details?.reason === 'token_needed_for_new_address'
          ? t('connect.err.tokenForNewAddress')
          : r.error.code === 'invalid_input' || r.error.code === 'storage_failed'
            ? r.error.message
            : errorMessage(t, r.error);
      setFormError({ at, message: t('connect.saveFailed', { reason }) });
      return null;
    }
    setView(r.value);
    // Typed secrets are gone from the form once saved: they never come back from main.
    setDraft((d) => (d ? { ...draftOf(r.value), phoneNumberId: d.phoneNumberId.trim(), wabaId: d.wabaId.trim() } : d));
    // The receiver's "needs the app secret" changes with what was just saved.
    void refreshWebhook();
    return r.value;
  };

  const submit = (at: 'account' | 'webhook') => async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    const saved = await save(at);
    setBusy(null);
    if (saved) showToast({ tone: 'success', message: t('connect.saved') });
  };

  const test = async () => {
    setBusy('test');
    setFormError(null);
    const saved = await save('account');
    if (!saved) {
      setBusy(null);
      return;
    }
    const r = await bridge.call('cloud:test');
    setBusy(null);
    if (!r.ok) {
      setFormError({ at: 'account', message: errorMessage(t, r.error) });
      return;
    }
    setView((v) => (v ? { ...v, lastTest: r.value } : v));
    await loadTemplates();
    resultRef.current?.focus();
  };

  const sync = async () => {
    setBusy('sync');
    setSyncError(null);
    const r = await bridge.call('templates:sync');
    setBusy(null);
    if (r.ok) {
      setTemplates(r.value);
      showToast({ tone: 'success', message: t('connect.templates.synced', { count: r.value.length }) });
    } else setSyncError(t('connect.templates.syncFailed', { reason: syncFailureWords({ t, language }, r.error) }));
  };

  const setMarketingMessages = async (on: boolean) => {
    const r = await bridge.call('cloud:update', { marketingMessages: on });
    if (r.ok) {
      setView(r.value);
      showToast({ tone: 'success', message: t(on ? 'connect.mm.turnedOn' : 'connect.mm.turnedOff') });
    } else showToast({ tone: 'error', message: t('connect.saveFailed', { reason: errorMessage(t, r.error) }) });
  };

  const forget = async (key: SecretKey, label: TKey) => {
    const r = await bridge.call('cloud:update', { [key]: null });
    if (r.ok) {
      setView(r.value);
      void refreshWebhook();
      showToast({ tone: 'success', message: t('connect.secret.forgotten', { name: t(label) }) });
    } else setFormError({ at: key === 'accessToken' ? 'account' : 'webhook', message: t('connect.saveFailed', { reason: errorMessage(t, r.error) }) });
  };

  const checks = draft ? checksOf(draft) : null;
  const secretField = (key: SecretKey) => {
    const s = SECRET[key];
    return (
      draft &&
      view &&
      checks && (
        <SecretField
          id={ids[key]}
          label={t(s.label)}
          saved={view[s.has]}
          value={draft[key]}
          check={checks[key]}
          onChange={(value) => edit({ [key]: value })}
          onForget={() => void forget(key, s.label)}
          disabled={busy !== null}
        />
      )
    );
  };
  const errorAt = (at: 'account' | 'webhook') =>
    formError?.at === at && (
      <p className="form-error" role="alert">
        {formError.message}
      </p>
    );

  return (
    <section className="screen connect-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('connect.title')}</h1>
      </div>
      <p className="intro">{t('connect.intro')}</p>
      <Channels />
      {loadError && (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      )}
      {!view && !loadError && <p className="loading">{t('connect.loading')}</p>}
      {view && draft && checks && (
        <>
          <StorageNote view={view} />
          <Summary view={view} templates={templates} webhook={webhook.status} />
          <section className="connect-guide" aria-labelledby={`${headingId}-guide`}>
            <h2 id={`${headingId}-guide`}>{t('connect.guide.title')}</h2>
            <p className="field-hint">{t('connect.guide.intro')}</p>
            <form className="connect-form" onSubmit={submit('account')} aria-busy={busy !== null} aria-label={t('connect.guide.accountForm')}>
              <ol className="connect-steps">
                <Step n="1" title={t('connect.phoneNumberId')} where={t('connect.step.phone.where')} looks={t('connect.step.phone.looks')}>
                  <IdField id={ids.phoneNumberId} label={t('connect.phoneNumberId')} value={draft.phoneNumberId} check={checks.phoneNumberId} onChange={(v) => edit({ phoneNumberId: v })} />
                </Step>
                <Step n="2" title={t('connect.wabaId')} where={t('connect.step.waba.where')} looks={t('connect.step.waba.looks')}>
                  <IdField id={ids.wabaId} label={t('connect.wabaId')} value={draft.wabaId} check={checks.wabaId} onChange={(v) => edit({ wabaId: v })} />
                </Step>
                <Step n="3" title={t('connect.step.token.title')} where={t('connect.step.token.where')} looks={t('connect.step.token.looks')}>
                  {secretField('accessToken')}
                </Step>
                <Step n="4" title={t('connect.step.test.title')}>
                  <p className="field-hint">{t('connect.testHint')}</p>
                  <Advanced draft={draft} edit={edit} ids={ids} check={checks.graphVersion} />
                  {errorAt('account')}
                  <div className="form-actions">
                    <button type="submit" disabled={busy !== null} aria-busy={busy === 'save'}>
                      {busy === 'save' ? t('common.saving') : t('connect.save')}
                    </button>
                    <button type="button" className="primary" onClick={() => void test()} disabled={busy !== null} aria-busy={busy === 'test'}>
                      {busy === 'test' ? t('connect.testing') : t('connect.test')}
                    </button>
                  </div>
                  <p role="status" className="connect-progress">
                    {busy === 'test' && (
                      <>
                        <span className="spinner" aria-hidden="true" /> {t('connect.testing')}
                      </>
                    )}
                  </p>
                  <div ref={resultRef} tabIndex={-1} className="connect-result-anchor">
                    {view.lastTest && <TestResult result={view.lastTest} hasWaba={view.wabaId !== ''} />}
                  </div>
                </Step>
              </ol>
            </form>
            <form className="connect-form" onSubmit={submit('webhook')} aria-busy={busy !== null} aria-label={t('connect.guide.webhookForm')}>
              <ol className="connect-steps" start={5}>
                <WebhookStep draft={draft} edit={edit} ids={ids} checks={checks} secretField={secretField} savedVerifyToken={view.hasVerifyToken}>
                  {errorAt('webhook')}
                  <div className="form-actions">
                    <button type="submit" disabled={busy !== null} aria-busy={busy === 'save'}>
                      {busy === 'save' ? t('common.saving') : t('connect.webhook.save')}
                    </button>
                  </div>
                  <WebhookStatusPanel state={webhook} />
                </WebhookStep>
              </ol>
            </form>
          </section>
          <Templates templates={templates} onSync={() => void sync()} syncing={busy === 'sync'} disabled={busy !== null} error={syncError} />
          {view && <MarketingMessages on={view.marketingMessages} onChange={(on) => void setMarketingMessages(on)} disabled={busy !== null} />}
        </>
      )}
    </section>
  );
}

function Channels() {
  const { t } = useI18n();
  const id = useId();
  const channels: [TKey, TKey, string][] = [
    ['connect.channel.sandbox.name', 'connect.channel.sandbox.what', 'sandbox'],
    ['connect.channel.assisted.name', 'connect.channel.assisted.what', 'assisted'],
    ['connect.channel.cloud.name', 'connect.channel.cloud.what', 'cloud'],
  ];
  return (
    <section className="connect-channels" aria-labelledby={id}>
      <h2 id={id}>{t('connect.channels.title')}</h2>
      <ul>
        {channels.map(([name, what, kind]) => (
          <li key={kind} data-channel={kind}>
            <h3>{t(name)}</h3>
            <p>{t(what)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StorageNote({ view }: { view: CloudSetupView }) {
  const { t } = useI18n();
  return view.secretStorage === 'owner-only-file' ? (
    <p className="banner banner-warning" role="note" data-testid="secret-storage">
      <span aria-hidden="true">⚠</span> {t('connect.storage.file')}
    </p>
  ) : (
    <p className="connect-note" data-testid="secret-storage">
      {t('connect.storage.encrypted')}
    </p>
  );
}

/** "Sending: works · Templates: 2 approved · Statuses and replies: waiting for the first webhook", from main's data only. */
function Summary({ view, templates, webhook }: { view: CloudSetupView; templates: TemplateInfo[] | null; webhook: Parameters<typeof summarize>[2] }) {
  const { t, language, formatDateTime } = useI18n();
  const id = useId();
  const s = summarize(view, templates, webhook);

  const sending = ((): [string, string] => {
    const x = s.sending;
    if (x.kind === 'missing') {
      const what = listOf(language, [...(x.phoneNumberId ? [t('connect.phoneNumberId')] : []), ...(x.accessToken ? [t('connect.accessToken')] : [])]);
      return ['missing', t('connect.summary.sending.missing', { what })];
    }
    if (x.kind === 'untested') return ['missing', t('connect.summary.sending.untested')];
    if (x.kind === 'failed') return ['failed', t('connect.summary.sending.failed', { date: formatDateTime(x.at) })];
    return ['ok', x.number !== undefined ? t('connect.summary.sending.worksFrom', { number: x.number, date: formatDateTime(x.at) }) : t('connect.summary.sending.works', { date: formatDateTime(x.at) })];
  })();
  const tpl = ((): [string, string] => {
    const x = s.templates;
    if (x.kind === 'noWaba') return ['missing', t('connect.summary.templates.noWaba')];
    if (x.kind === 'notSynced') return ['missing', t('connect.summary.templates.notSynced')];
    if (x.kind === 'none') return ['missing', t('connect.summary.templates.none')];
    return [x.approved > 0 ? 'ok' : 'missing', t('connect.summary.templates.some', { approved: x.approved, total: x.total })];
  })();
  const statuses = ((): [string, string] => {
    const x = s.statuses;
    if (x.kind === 'loading') return ['missing', t('connect.loading')];
    if (x.kind === 'missing') return ['missing', t('connect.summary.statuses.missing', { what: missingNames(t, language, x.missing) })];
    if (x.kind === 'off') return ['missing', t('connect.summary.statuses.off')];
    if (x.kind === 'waiting') return ['waiting', t('connect.summary.statuses.waiting')];
    return ['ok', x.lastAt !== undefined ? t('connect.summary.statuses.arrivingAt', { date: formatDateTime(x.lastAt) }) : t('connect.summary.statuses.arriving')];
  })();
  const rows: [TKey, [string, string]][] = [
    ['connect.summary.sending', sending],
    ['connect.summary.templates', tpl],
    ['connect.summary.statuses', statuses],
  ];
  const icon: Record<string, string> = { ok: '✓', waiting: '…', missing: '○', failed: '✕' };
  return (
    <section className="connect-summary" aria-labelledby={id} data-testid="connect-summary">
      <h2 id={id}>{t('connect.summary.title')}</h2>
      <dl>
        {rows.map(([label, [tone, text]]) => (
          <div key={label} className="connect-summary-row" data-tone={tone}>
            <dt>{t(label)}</dt>
            <dd>
              <span className="connect-summary-icon" aria-hidden="true">
                {icon[tone]}
              </span>{' '}
              {text}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Step({ n, title, where, looks, children }: { n: string; title: string; where?: string; looks?: string; children: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <li className="connect-step">
      <h3 id={id}>
        <span className="connect-step-number" aria-hidden="true">
          {n}
        </span>{' '}
        <span className="visually-hidden">{t('connect.step.label', { n })} </span>
        {title}
      </h3>
      {where !== undefined && (
        <dl className="step-guide">
          <dt>{t('connect.step.where')}</dt>
          <dd>{where}</dd>
          {looks !== undefined && (
            <>
              <dt>{t('connect.step.looks')}</dt>
              <dd>{looks}</dd>
            </>
          )}
        </dl>
      )}
      {children}
    </li>
  );
}

/** The live check under a field: nothing when empty, "Looks right", or what is wrong. A hint, read out as it changes. */
function CheckLine({ id, check }: { id: string; check: FieldCheck | null }) {
  const { t } = useI18n();
  const text = check === null ? '' : check.problem === undefined ? t('connect.check.ok') : t(`connect.check.${check.problem}`, check.params);
  const icon = check === null ? '' : check.tone === 'ok' ? '✓' : check.tone === 'wrong' ? '✕' : '⚠';
  return (
    <p id={id} role="status" className="field-check" data-tone={check?.tone ?? 'none'}>
      {check && (
        <>
          <span aria-hidden="true">{icon}</span> {text}
        </>
      )}
    </p>
  );
}

function IdField({ id, label, value, check, onChange }: { id: string; label: string; value: string; check: FieldCheck | null; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="id-input"
        value={value}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-check`}
        aria-invalid={check?.tone === 'wrong' ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <CheckLine id={`${id}-check`} check={check} />
    </div>
  );
}

interface SecretFieldProps {
  id: string;
  label: string;
  saved: boolean;
  value: string;
  check: FieldCheck | null;
  onChange: (value: string) => void;
  onForget: () => void;
  disabled: boolean;
}

/** A password field that never shows the saved value: it says "Saved", can be replaced by typing, or forgotten. */
function SecretField({ id, label, saved, value, check, onChange, onForget, disabled }: SecretFieldProps) {
  const { t } = useI18n();
  return (
    <div className="field secret-field">
      <label htmlFor={id}>{label}</label>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          value={value}
          autoComplete="new-password"
          spellCheck={false}
          placeholder={saved ? t('connect.secret.replace') : ''}
          aria-describedby={`${id}-state ${id}-check`}
          aria-invalid={check?.tone === 'wrong' ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        <span id={`${id}-state`} className={saved ? 'secret-state saved' : 'secret-state'}>
          {saved ? `✓ ${t('connect.secret.saved')}` : t('connect.secret.notSaved')}
        </span>
        {saved && (
          <button type="button" className="danger-quiet" onClick={onForget} disabled={disabled} aria-label={t('connect.secret.forgetLabel', { name: label })}>
            {t('connect.secret.forget')}
          </button>
        )}
      </div>
      <CheckLine id={`${id}-check`} check={check} />
    </div>
  );
}

interface FieldsProps {
  draft: Draft;
  edit: (patch: Partial<Draft>) => void;
  ids: FieldIds;
}

function Advanced({ draft, edit, ids, check }: FieldsProps & { check: FieldCheck | null }) {
  const { t } = useI18n();
  return (
    <details className="connect-advanced">
      <summary>{t('connect.advanced')}</summary>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.apiBase}>{t('connect.apiBase')}</label>
          <input id={ids.apiBase} type="url" value={draft.apiBase} autoComplete="off" spellCheck={false} aria-describedby={`${ids.apiBase}-hint`} onChange={(e) => edit({ apiBase: e.target.value })} />
          <p id={`${ids.apiBase}-hint`} className="field-hint">
            {t('connect.apiBaseHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.graphVersion}>{t('connect.graphVersion')}</label>
          <input
            id={ids.graphVersion}
            value={draft.graphVersion}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids.graphVersion}-hint ${ids.graphVersion}-check`}
            aria-invalid={check?.tone === 'wrong' ? true : undefined}
            onChange={(e) => edit({ graphVersion: e.target.value })}
          />
          <p id={`${ids.graphVersion}-hint`} className="field-hint">
            {t('connect.graphVersionHint')}
          </p>
          <CheckLine id={`${ids.graphVersion}-check`} check={check} />
        </div>
      </div>
    </details>
  );
}

/** A value to paste somewhere else, with a Copy button; when the clipboard refuses, the text is selected to copy by hand. */
function CopyValue({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const codeRef = useRef<HTMLElement>(null);
  useEffect(() => setState('idle'), [value]);
  const copy = async () => {
    try {
      // Undefined outside a secure context; 127.0.0.1 and the Electron app are secure.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
      const code = codeRef.current;
      if (code) window.getSelection()?.selectAllChildren(code);
    }
  };
  return (
    <div className="copy-value">
      <code ref={codeRef}>{value}</code>
      <button type="button" onClick={() => void copy()} aria-label={t('connect.copy.label', { what: label })}>
        {t('connect.copy')}
      </button>
      <span role="status" className={state === 'failed' ? 'copy-state failed' : 'copy-state'}>
        {state === 'copied' ? t('connect.copy.done') : state === 'failed' ? t('connect.copy.failed') : ''}
      </span>
    </div>
  );
}

interface WebhookStepProps extends FieldsProps {
  checks: Record<DraftKey, FieldCheck | null>;
  secretField: (key: SecretKey) => ReactNode;
  savedVerifyToken: boolean;
  children: ReactNode;
}

function WebhookStep({ draft, edit, ids, checks, secretField, savedVerifyToken, children }: WebhookStepProps) {
  const { t } = useI18n();
  const [tunnel, setTunnel] = useState('');
  const tunnelId = useId();
  // Shown only when it is a port main would take; a half-typed one shows "…" instead of a wrong address.
  const port = checks.webhookPort?.tone === 'ok' ? draft.webhookPort.trim() : '…';
  const local = `http://127.0.0.1:${port}`;
  const tunnelBase = tunnelAddress(tunnel);
  const verify = draft.verifyToken.trim();
  return (
    <li className="connect-step connect-webhook">
      <h3 id={`${ids.webhookPort}-title`}>
        <span className="connect-step-number" aria-hidden="true">
          5
        </span>{' '}
        <span className="visually-hidden">{t('connect.step.label', { n: '5' })} </span>
        {t('connect.webhook.title')}
      </h3>
      <p>{t('connect.webhook.what')}</p>

      <h4>{t('connect.webhook.secretsTitle')}</h4>
      <dl className="step-guide">
        <dt>{t('connect.step.where')}</dt>
        <dd>{t('connect.step.appSecret.where')}</dd>
        <dt>{t('connect.step.looks')}</dt>
        <dd>{t('connect.step.appSecret.looks')}</dd>
      </dl>
      {secretField('appSecret')}
      <dl className="step-guide">
        <dt>{t('connect.step.where')}</dt>
        <dd>{t('connect.step.verify.where')}</dd>
        <dt>{t('connect.step.looks')}</dt>
        <dd>{t('connect.step.verify.looks')}</dd>
      </dl>
      {secretField('verifyToken')}

      <h4>{t('connect.webhook.localTitle')}</h4>
      <div className="field">
        <label htmlFor={ids.webhookPort}>{t('connect.webhookPort')}</label>
        <input
          id={ids.webhookPort}
          className="port-input"
          inputMode="numeric"
          value={draft.webhookPort}
          autoComplete="off"
          aria-describedby={`${ids.webhookPort}-check`}
          aria-invalid={checks.webhookPort?.tone === 'wrong' ? true : undefined}
          onChange={(e) => edit({ webhookPort: e.target.value })}
        />
        <CheckLine id={`${ids.webhookPort}-check`} check={checks.webhookPort?.tone === 'ok' ? null : checks.webhookPort} />
      </div>
      <p>{t('connect.webhook.local')}</p>
      <CopyValue value={`${local}${WEBHOOK_PATH}`} label={t('connect.copy.what.local')} />

      <h4>{t('connect.webhook.tunnelTitle')}</h4>
      <p>{t('connect.webhook.tunnelWhy')}</p>
      <p className="field-hint">{t('connect.webhook.cloudflared')}</p>
      <CopyValue value={`cloudflared tunnel --url ${local}`} label={t('connect.copy.what.cloudflared')} />
      <p className="field-hint">{t('connect.webhook.ngrok')}</p>
      <CopyValue value={`ngrok http ${port}`} label={t('connect.copy.what.ngrok')} />
      <p className="field-hint">{t('connect.webhook.tunnelChanges')}</p>

      <h4>{t('connect.webhook.metaTitle')}</h4>
      <p>{t('connect.webhook.metaWhere')}</p>
      <div className="field">
        <label htmlFor={tunnelId}>{t('connect.webhook.tunnelAddress')}</label>
        <input id={tunnelId} type="url" value={tunnel} autoComplete="off" spellCheck={false} placeholder="https://…trycloudflare.com" aria-describedby={`${tunnelId}-check`} onChange={(e) => setTunnel(e.target.value)} />
        <p id={`${tunnelId}-check`} role="status" className="field-check" data-tone={tunnel.trim() === '' ? 'none' : tunnelBase ? 'ok' : 'unusual'}>
          {tunnel.trim() !== '' && !tunnelBase && (
            <>
              <span aria-hidden="true">⚠</span> {t('connect.webhook.tunnelAddressWrong')}
            </>
          )}
        </p>
      </div>
      <dl className="meta-values">
        <dt>{t('connect.webhook.callbackUrl')}</dt>
        <dd>{tunnelBase ? <CopyValue value={`${tunnelBase}${WEBHOOK_PATH}`} label={t('connect.copy.what.callback')} /> : <span className="field-hint">{t('connect.webhook.callbackPending')}</span>}</dd>
        <dt>{t('connect.verifyToken')}</dt>
        <dd>{verify !== '' ? <CopyValue value={verify} label={t('connect.copy.what.verify')} /> : <span className="field-hint">{t(savedVerifyToken ? 'connect.webhook.verifySaved' : 'connect.webhook.verifyPending')}</span>}</dd>
        <dt>{t('connect.webhook.fields')}</dt>
        <dd>
          <CopyValue value="messages" label="messages" />
          <CopyValue value="user_preferences" label="user_preferences" />
          <span className="field-hint">{t('connect.webhook.fieldsWhy')}</span>
        </dd>
      </dl>
      <p className="field-hint">{t('connect.webhook.order')}</p>
      {children}
    </li>
  );
}

function TestResult({ result, hasWaba }: { result: ConnectionTest; hasWaba: boolean }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const id = useId();
  const words = errorWords(i18n, result);
  const limit =
    result.messagingLimit === undefined ? t('connect.limit.unknown') : result.messagingLimit === null ? t('connect.limit.unlimited') : t('connect.limit.value', { count: result.messagingLimit });
  const read = result.displayPhoneNumber !== undefined || result.verifiedName !== undefined;
  return (
    <section className={result.ok ? 'connect-result ok' : 'connect-result failed'} aria-labelledby={id} data-testid="connection-result">
      <h4 id={id}>{t('connect.result.title')}</h4>
      <p className="connect-result-headline">
        <span aria-hidden="true">{result.ok ? '✓' : '✕'}</span> {t(result.ok ? 'connect.result.ok' : 'connect.result.failed')}{' '}
        <span className="field-hint">{t('connect.result.at', { date: formatDateTime(result.at) })}</span>
      </p>
      {words && (
        <div className="banner banner-error connect-error" role="alert">
          <p>
            <strong>{words.message}</strong>
          </p>
          <p>{t('connect.result.what', { action: words.action })}</p>
        </div>
      )}
      {read && (
        <dl className="connect-facts">
          {result.displayPhoneNumber !== undefined && (
            <>
              <dt>{t('connect.result.number')}</dt>
              <dd>{result.displayPhoneNumber}</dd>
            </>
          )}
          {result.verifiedName !== undefined && (
            <>
              <dt>{t('connect.result.name')}</dt>
              <dd>{result.verifiedName}</dd>
            </>
          )}
          <dt>{t('connect.result.quality')}</dt>
          <dd>
            <span className="quality" data-quality={result.qualityRating ?? 'UNKNOWN'}>
              <span className="quality-dot" aria-hidden="true" />
              {t(`connect.quality.${result.qualityRating ?? 'UNKNOWN'}`)}
            </span>
          </dd>
          <dt>{t('connect.result.limit')}</dt>
          <dd>{limit}</dd>
          {result.throughput !== undefined && (
            <>
              <dt>{t('connect.result.throughput')}</dt>
              <dd>{t('connect.throughput.value', { count: result.throughput })}</dd>
            </>
          )}
          <dt>{t('connect.result.templates')}</dt>
          <dd>{result.templateCount !== undefined ? t('connect.templates.countValue', { count: formatNumber(result.templateCount) }) : hasWaba ? '—' : t('connect.result.noWaba')}</dd>
        </dl>
      )}
    </section>
  );
}

/** The shop's choice to send promotional templates through the Marketing Messages API (DOMAIN.md §2). */
function MarketingMessages({ on, onChange, disabled }: { on: boolean; onChange: (on: boolean) => void; disabled: boolean }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <section className="connect-mm" aria-labelledby={id}>
      <h2 id={id}>{t('connect.mm.title')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
        {t('connect.mm.label')}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {t('connect.mm.hint')}
      </p>
    </section>
  );
}

function Templates({ templates, onSync, syncing, disabled, error }: { templates: TemplateInfo[] | null; onSync: () => void; syncing: boolean; disabled: boolean; error: string | null }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <section className="connect-templates" aria-labelledby={id}>
      <div className="screen-header">
        <h2 id={id}>{t('connect.templates.title')}</h2>
        <button type="button" onClick={onSync} disabled={disabled} aria-busy={syncing}>
          {syncing ? t('connect.templates.syncing') : t('connect.templates.sync')}
        </button>
      </div>
      <p className="field-hint">{t('connect.templates.intro')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {templates && templates.length === 0 && <p className="empty-state">{t('connect.templates.empty')}</p>}
      {templates && templates.length > 0 && (
        <table className="connect-template-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{t('connect.templates.name')}</th>
              <th scope="col">{t('connect.templates.language')}</th>
              <th scope="col">{t('connect.templates.category')}</th>
              <th scope="col">{t('connect.templates.status')}</th>
              <th scope="col">{t('connect.templates.body')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.id}>
                <td className="mono">{tpl.name}</td>
                <td>{tpl.language}</td>
                <td>{t(`connect.category.${tpl.category}`)}</td>
                <td>
                  <span className="template-status" data-status={tpl.status}>
                    {t(`connect.status.${tpl.status}`)}
                  </span>
                </td>
                <td className="template-body">{tpl.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

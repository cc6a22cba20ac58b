import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CloudSetupPatch, CloudSetupView, ConnectionTest, TemplateInfo } from '../../../../shared/ipc/sending';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import type { TKey } from '../../i18n';
import { WebhookStatusPanel } from './WebhookStatusPanel';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { errorWords } from './connectErrors';
import './connect.css';

type SecretKey = 'accessToken' | 'appSecret' | 'verifyToken';
const SECRETS: readonly { key: SecretKey; has: 'hasAccessToken' | 'hasAppSecret' | 'hasVerifyToken'; label: TKey; hint: TKey }[] = [
  { key: 'accessToken', has: 'hasAccessToken', label: 'connect.accessToken', hint: 'connect.accessTokenHint' },
  { key: 'appSecret', has: 'hasAppSecret', label: 'connect.appSecret', hint: 'connect.appSecretHint' },
  { key: 'verifyToken', has: 'hasVerifyToken', label: 'connect.verifyToken', hint: 'connect.verifyTokenHint' },
];

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

const draftOf = (v: CloudSetupView): Draft => ({
  phoneNumberId: v.phoneNumberId,
  wabaId: v.wabaId,
  apiBase: v.apiBase,
  graphVersion: v.graphVersion,
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
  for (const { key } of SECRETS) {
    const value = draft[key].trim();
    if (value !== '') patch[key] = value;
  }
  return patch;
}

export function ConnectScreen() {
  const { t } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const headingId = useId();
  const [view, setView] = useState<CloudSetupView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'sync' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  const [syncError, setSyncError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

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
  const save = async (): Promise<CloudSetupView | null> => {
    if (!view || !draft) return null;
    const patch = patchOf(draft, view);
    if (Object.keys(patch).length === 0) return view;
    const r = await bridge.call('cloud:update', patch);
    if (!r.ok) {
      setFormError(t('connect.saveFailed', { reason: r.error.code === 'invalid_input' || r.error.code === 'storage_failed' ? r.error.message : errorMessage(t, r.error) }));
      return null;
    }
    setView(r.value);
    // Typed secrets are gone from the form once saved: they never come back from main.
    setDraft((d) => (d ? { ...draftOf(r.value), phoneNumberId: d.phoneNumberId.trim(), wabaId: d.wabaId.trim() } : d));
    return r.value;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    const saved = await save();
    setBusy(null);
    if (saved) showToast({ tone: 'success', message: t('connect.saved') });
  };

  const test = async () => {
    setBusy('test');
    setFormError(null);
    const saved = await save();
    if (!saved) {
      setBusy(null);
      return;
    }
    const r = await bridge.call('cloud:test');
    setBusy(null);
    if (!r.ok) {
      setFormError(errorMessage(t, r.error));
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
    } else setSyncError(t('connect.templates.syncFailed', { reason: r.error.message }));
  };

  const forget = async (key: SecretKey, label: TKey) => {
    const r = await bridge.call('cloud:update', { [key]: null });
    if (r.ok) {
      setView(r.value);
      showToast({ tone: 'success', message: t('connect.secret.forgotten', { name: t(label) }) });
    } else setFormError(t('connect.saveFailed', { reason: errorMessage(t, r.error) }));
  };

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
      {view && draft && (
        <>
          <StorageNote view={view} />
          <form className="connect-form" onSubmit={submit} aria-busy={busy !== null}>
            <AccountFields draft={draft} edit={edit} />
            <fieldset className="connect-secrets">
              <legend>{t('connect.secrets')}</legend>
              {SECRETS.map((s) => (
                <SecretField
                  key={s.key}
                  label={t(s.label)}
                  hint={t(s.hint)}
                  saved={view[s.has]}
                  value={draft[s.key]}
                  onChange={(value) => edit({ [s.key]: value })}
                  onForget={() => void forget(s.key, s.label)}
                  disabled={busy !== null}
                />
              ))}
            </fieldset>
            <Advanced draft={draft} edit={edit} />
            <WebhookFields draft={draft} edit={edit} />
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="form-actions">
              <button type="submit" disabled={busy !== null} aria-busy={busy === 'save'}>
                {busy === 'save' ? t('common.saving') : t('connect.save')}
              </button>
              <button type="button" className="primary" onClick={() => void test()} disabled={busy !== null} aria-busy={busy === 'test'} aria-describedby={`${headingId}-test-hint`}>
                {busy === 'test' ? t('connect.testing') : t('connect.test')}
              </button>
            </div>
            <p id={`${headingId}-test-hint`} className="field-hint">
              {t('connect.testHint')}
            </p>
            <p role="status" className="connect-progress">
              {busy === 'test' && (
                <>
                  <span className="spinner" aria-hidden="true" /> {t('connect.testing')}
                </>
              )}
            </p>
          </form>
          <div ref={resultRef} tabIndex={-1} className="connect-result-anchor">
            {view.lastTest && <TestResult result={view.lastTest} hasWaba={view.wabaId !== ''} />}
          </div>
          <Templates templates={templates} onSync={() => void sync()} syncing={busy === 'sync'} disabled={busy !== null} error={syncError} />
          <WebhookStatusPanel />
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

interface FieldsProps {
  draft: Draft;
  edit: (patch: Partial<Draft>) => void;
}

function AccountFields({ draft, edit }: FieldsProps) {
  const { t } = useI18n();
  const ids = { phone: useId(), waba: useId() };
  return (
    <fieldset className="connect-account">
      <legend>{t('connect.form.title')}</legend>
      <p className="field-hint">{t('connect.form.hint')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.phone}>{t('connect.phoneNumberId')}</label>
          <input id={ids.phone} value={draft.phoneNumberId} inputMode="numeric" autoComplete="off" spellCheck={false} aria-describedby={`${ids.phone}-hint`} onChange={(e) => edit({ phoneNumberId: e.target.value })} />
          <p id={`${ids.phone}-hint`} className="field-hint">
            {t('connect.phoneNumberIdHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.waba}>{t('connect.wabaId')}</label>
          <input id={ids.waba} value={draft.wabaId} inputMode="numeric" autoComplete="off" spellCheck={false} aria-describedby={`${ids.waba}-hint`} onChange={(e) => edit({ wabaId: e.target.value })} />
          <p id={`${ids.waba}-hint`} className="field-hint">
            {t('connect.wabaIdHint')}
          </p>
        </div>
      </div>
    </fieldset>
  );
}

interface SecretFieldProps {
  label: string;
  hint: string;
  saved: boolean;
  value: string;
  onChange: (value: string) => void;
  onForget: () => void;
  disabled: boolean;
}

/** A password field that never shows the saved value: it says "Saved", can be replaced by typing, or forgotten. */
function SecretField({ label, hint, saved, value, onChange, onForget, disabled }: SecretFieldProps) {
  const { t } = useI18n();
  const id = useId();
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
          aria-describedby={`${id}-state ${id}-hint`}
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
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
    </div>
  );
}

function Advanced({ draft, edit }: FieldsProps) {
  const { t } = useI18n();
  const ids = { base: useId(), version: useId() };
  return (
    <details className="connect-advanced">
      <summary>{t('connect.advanced')}</summary>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.base}>{t('connect.apiBase')}</label>
          <input id={ids.base} type="url" value={draft.apiBase} autoComplete="off" spellCheck={false} aria-describedby={`${ids.base}-hint`} onChange={(e) => edit({ apiBase: e.target.value })} />
          <p id={`${ids.base}-hint`} className="field-hint">
            {t('connect.apiBaseHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.version}>{t('connect.graphVersion')}</label>
          <input id={ids.version} value={draft.graphVersion} autoComplete="off" spellCheck={false} aria-describedby={`${ids.version}-hint`} onChange={(e) => edit({ graphVersion: e.target.value })} />
          <p id={`${ids.version}-hint`} className="field-hint">
            {t('connect.graphVersionHint')}
          </p>
        </div>
      </div>
    </details>
  );
}

function WebhookFields({ draft, edit }: FieldsProps) {
  const { t } = useI18n();
  const id = useId();
  const port = /^\d{4,5}$/.test(draft.webhookPort) ? draft.webhookPort : '…';
  const local = `http://127.0.0.1:${port}`;
  return (
    <fieldset className="connect-webhook">
      <legend>{t('connect.webhook.title')}</legend>
      <div className="field">
        <label htmlFor={id}>{t('connect.webhookPort')}</label>
        <input id={id} className="port-input" inputMode="numeric" value={draft.webhookPort} autoComplete="off" onChange={(e) => edit({ webhookPort: e.target.value })} />
      </div>
      <p>{t('connect.webhook.local', { url: local })}</p>
      <p>{t('connect.webhook.callback', { url: local })}</p>
      <p className="field-hint">
        {t('connect.webhook.tunnel', { cloudflared: `cloudflared tunnel --url ${local}`, ngrok: `ngrok http ${port}` })}
      </p>
    </fieldset>
  );
}

function TestResult({ result, hasWaba }: { result: ConnectionTest; hasWaba: boolean }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const id = useId();
  const words = errorWords(t, result);
  const limit =
    result.messagingLimit === undefined ? t('connect.limit.unknown') : result.messagingLimit === null ? t('connect.limit.unlimited') : t('connect.limit.value', { count: result.messagingLimit });
  const read = result.displayPhoneNumber !== undefined || result.verifiedName !== undefined;
  return (
    <section className={result.ok ? 'connect-result ok' : 'connect-result failed'} aria-labelledby={id} data-testid="connection-result">
      <h2 id={id}>{t('connect.result.title')}</h2>
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

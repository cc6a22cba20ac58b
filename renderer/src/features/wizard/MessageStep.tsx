import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { MessageDraft } from '../../../../shared/domain/campaign/draft';
import { BUILT_IN_VARIABLES, fillTemplateBody, placeholdersIn, renderTemplateParams, renderText, variablesIn, type TemplateParamSource } from '../../../../shared/domain/campaign/render';
import type { MediaType } from '../../../../shared/domain/message';
import { TEXT_BODY_MAX } from '../../../../shared/domain/message';
import type { TemplateInfo } from '../../../../shared/domain/template';
import type { ChannelKind } from '../../../../shared/domain/vocabulary';
import { useI18n } from '../../i18n/useI18n';
import { insertAtCaret } from './caret';
import type { StepProps } from './WizardScreen';
import './messageStep.css';

const CHANNELS: ChannelKind[] = ['sandbox', 'assisted', 'cloud'];
const MEDIA_TYPES: MediaType[] = ['image', 'video', 'document'];
const MIME_FOR: Record<MediaType, string> = { image: 'image/jpeg', video: 'video/mp4', document: 'application/pdf' };

export function MessageStep({ state, update, data }: StepProps) {
  const { t } = useI18n();
  const nameId = useId();
  const d = state.draft;
  const setDraft = (patch: Partial<typeof d>) => update((s) => ({ ...s, draft: { ...s.draft, ...patch } }));
  const setMessage = (variant: 'A' | 'B', m: MessageDraft) => setDraft(variant === 'A' ? { message: m } : { messageB: m });

  return (
    <div className="message-step">
      <div className="field">
        <label htmlFor={nameId}>{t('wizard.name')}</label>
        <input id={nameId} value={d.name} maxLength={120} onChange={(e) => setDraft({ name: e.target.value })} placeholder={t('wizard.namePlaceholder')} />
      </div>
      <fieldset className="channel-choice">
        <legend>{t('wizard.channel')}</legend>
        {CHANNELS.map((c) => (
          <label key={c} className="radio-card">
            <input
              type="radio"
              name="channel"
              value={c}
              checked={d.channel === c}
              onChange={() => setDraft({ channel: c, ...(c !== 'cloud' && d.message.kind === 'template' ? { message: { kind: 'text', body: '' } } : {}) })}
            />
            <span>
              <strong>{t(`wizard.channel.${c}`)}</strong>
              <span className="field-hint">{t(`wizard.channelHint.${c}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={d.promotional} onChange={(e) => setDraft({ promotional: e.target.checked })} />
        {t('wizard.promotional')}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={state.abTest}
          onChange={(e) => {
            const on = e.target.checked;
            update((s) => ({ ...s, abTest: on, draft: on ? { ...s.draft, messageB: s.draft.messageB ?? s.draft.message } : (({ messageB: _b, ...rest }) => rest)(s.draft) }));
          }}
        />
        {t('wizard.abTest')}
      </label>
      <div className={state.abTest ? 'ab-grid' : undefined}>
        <MessageEditor variant="A" label={state.abTest ? t('wizard.versionA') : t('wizard.message')} message={d.message} channel={d.channel} templates={data.templates} onChange={(m) => setMessage('A', m)} />
        {state.abTest && d.messageB && <MessageEditor variant="B" label={t('wizard.versionB')} message={d.messageB} channel={d.channel} templates={data.templates} onChange={(m) => setMessage('B', m)} />}
      </div>
      <Fallbacks {...{ state, update }} />
      <Preview {...{ state, data }} />
    </div>
  );
}

function MessageEditor({ variant, label, message, channel, templates, onChange }: { variant: 'A' | 'B'; label: string; message: MessageDraft; channel: ChannelKind; templates: readonly TemplateInfo[]; onChange: (m: MessageDraft) => void }) {
  const { t } = useI18n();
  const bodyId = useId();
  const kindId = useId();
  const approved = templates.filter((tp) => tp.status === 'APPROVED');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once the inserted variable is on screen (the controlled value moves it to the end).
  const caretAfter = useRef<number | null>(null);
  const body = message.kind === 'text' ? message.body : '';
  useLayoutEffect(() => {
    const caret = caretAfter.current;
    const el = bodyRef.current;
    if (caret === null || !el) return;
    caretAfter.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [body]);
  const insertVariable = (m: Extract<MessageDraft, { kind: 'text' }>, token: string) => {
    const el = bodyRef.current;
    // A textarea keeps its selection when it loses focus, so the button reads where the person was typing.
    const r = insertAtCaret(m.body, el?.selectionStart ?? m.body.length, el?.selectionEnd ?? m.body.length, token, TEXT_BODY_MAX);
    caretAfter.current = r.caret;
    if (r.text === m.body) {
      el?.focus();
      el?.setSelectionRange(r.caret, r.caret);
      caretAfter.current = null;
    } else onChange({ ...m, body: r.text });
  };
  return (
    <fieldset className="message-editor">
      <legend>{label}</legend>
      {channel === 'cloud' && (
        <div className="field">
          <label htmlFor={kindId}>{t('wizard.kind')}</label>
          <select
            id={kindId}
            value={message.kind}
            onChange={(e) => {
              if (e.target.value === 'text') onChange({ kind: 'text', body: '' });
              else {
                const first = approved[0];
                onChange({ kind: 'template', name: first?.name ?? '', language: first?.language ?? '', params: paramsFor(first) });
              }
            }}
          >
            <option value="text">{t('wizard.kind.text')}</option>
            <option value="template">{t('wizard.kind.template')}</option>
          </select>
        </div>
      )}
      {message.kind === 'text' ? (
        <>
          <div className="field">
            <label htmlFor={bodyId}>{t('wizard.body')}</label>
            <textarea ref={bodyRef} id={bodyId} rows={7} value={message.body} maxLength={TEXT_BODY_MAX} onChange={(e) => onChange({ ...message, body: e.target.value })} />
            <span className="field-hint">
              {t('wizard.length', { count: message.body.length, max: message.media ? 1024 : TEXT_BODY_MAX })} · {t('wizard.variablesHint')}
            </span>
          </div>
          <div className="variable-buttons" role="group" aria-label={t('wizard.insertVariable')}>
            {BUILT_IN_VARIABLES.filter((v) => v !== 'label').map((v) => (
              <button key={v} type="button" className="chip-button" onMouseDown={(e) => e.preventDefault() /* keep the text's focus and selection */} onClick={() => insertVariable(message, `{${v}}`)}>
                {`{${v}}`}
              </button>
            ))}
          </div>
          <MediaEditor variant={variant} message={message} onChange={onChange} />
        </>
      ) : (
        <TemplateEditor message={message} templates={approved} onChange={onChange} />
      )}
    </fieldset>
  );
}

function paramsFor(tp: TemplateInfo | undefined): TemplateParamSource[] {
  return Array.from({ length: tp?.bodyParams ?? 0 }, (_, i) => (i === 0 ? { kind: 'field', field: 'name', fallback: '' } : { kind: 'fixed', value: '' }));
}

function MediaEditor({ variant, message, onChange }: { variant: 'A' | 'B'; message: Extract<MessageDraft, { kind: 'text' }>; onChange: (m: MessageDraft) => void }) {
  const { t } = useI18n();
  const typeId = useId();
  const linkId = useId();
  const sizeId = useId();
  const m = message.media;
  return (
    <details className="media-editor" open={m !== undefined}>
      <summary>{t('wizard.media')}</summary>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={typeId}>{t('wizard.mediaType')}</label>
          <select
            id={typeId}
            value={m?.type ?? ''}
            onChange={(e) => {
              const type = e.target.value as MediaType | '';
              if (type === '') {
                const { media: _m, ...rest } = message;
                onChange(rest);
              } else onChange({ ...message, media: { type, mime: MIME_FOR[type], sizeBytes: m?.sizeBytes ?? 0, ...(m?.link ? { link: m.link } : {}) } });
            }}
          >
            <option value="">{t('wizard.mediaNone')}</option>
            {MEDIA_TYPES.map((mt) => (
              <option key={mt} value={mt}>
                {t(`wizard.mediaType.${mt}`)}
              </option>
            ))}
          </select>
        </div>
        {m && (
          <>
            <div className="field field-wide">
              <label htmlFor={linkId}>{t('wizard.mediaLink')}</label>
              <input id={linkId} type="url" inputMode="url" placeholder="https://" value={m.link ?? ''} onChange={(e) => onChange({ ...message, media: { ...m, link: e.target.value.trim() } })} />
            </div>
            <div className="field">
              <label htmlFor={sizeId}>{t('wizard.mediaSize')}</label>
              <input id={sizeId} type="number" min={0} step={0.1} value={m.sizeBytes ? (m.sizeBytes / 1_048_576).toFixed(1) : ''} onChange={(e) => onChange({ ...message, media: { ...m, sizeBytes: Math.round(Number(e.target.value) * 1_048_576) } })} />
            </div>
          </>
        )}
      </div>
      <span className="visually-hidden">{variant}</span>
    </details>
  );
}

function TemplateEditor({ message, templates, onChange }: { message: Extract<MessageDraft, { kind: 'template' }>; templates: readonly TemplateInfo[]; onChange: (m: MessageDraft) => void }) {
  const { t } = useI18n();
  const pickId = useId();
  const current = templates.find((tp) => tp.name === message.name && tp.language === message.language);
  if (templates.length === 0) return <p className="banner banner-warning">{t('wizard.noTemplates')}</p>;
  return (
    <div className="template-editor">
      <div className="field">
        <label htmlFor={pickId}>{t('wizard.template')}</label>
        <select
          id={pickId}
          value={current ? `${current.name}|${current.language}` : ''}
          onChange={(e) => {
            const tp = templates.find((x) => `${x.name}|${x.language}` === e.target.value);
            if (tp) onChange({ kind: 'template', name: tp.name, language: tp.language, params: paramsFor(tp) });
          }}
        >
          {!current && <option value="">{t('wizard.pickTemplate')}</option>}
          {templates.map((tp) => (
            <option key={`${tp.name}|${tp.language}`} value={`${tp.name}|${tp.language}`}>
              {tp.name} ({tp.language}, {tp.category})
            </option>
          ))}
        </select>
      </div>
      {current && <p className="template-body">{current.body}</p>}
      {message.params.map((p, i) => (
        <div className="param-row" key={i} role="group" aria-label={t('wizard.param', { n: i + 1 })}>
          <span className="param-name">{`{{${i + 1}}}`}</span>
          <select
            aria-label={t('wizard.paramSource')}
            value={p.kind === 'fixed' ? '__fixed' : p.field}
            onChange={(e) => {
              const params = [...message.params];
              params[i] = e.target.value === '__fixed' ? { kind: 'fixed', value: '' } : { kind: 'field', field: e.target.value, fallback: p.kind === 'field' ? p.fallback : '' };
              onChange({ ...message, params });
            }}
          >
            {BUILT_IN_VARIABLES.filter((v) => v !== 'label').map((v) => (
              <option key={v} value={v}>
                {t('wizard.paramField', { field: v })}
              </option>
            ))}
            <option value="__fixed">{t('wizard.paramFixed')}</option>
          </select>
          <input
            aria-label={p.kind === 'fixed' ? t('wizard.paramValue') : t('wizard.paramFallback')}
            placeholder={p.kind === 'fixed' ? t('wizard.paramValue') : t('wizard.paramFallback')}
            value={p.kind === 'fixed' ? p.value : p.fallback}
            onChange={(e) => {
              const params = [...message.params];
              params[i] = p.kind === 'fixed' ? { ...p, value: e.target.value } : { ...p, fallback: e.target.value };
              onChange({ ...message, params });
            }}
          />
        </div>
      ))}
    </div>
  );
}

function Fallbacks({ state, update }: Pick<StepProps, 'state' | 'update'>) {
  const { t } = useI18n();
  const d = state.draft;
  const used = [...new Set([d.message, d.messageB].flatMap((m) => (m?.kind === 'text' ? variablesIn(m.body) : [])))];
  if (used.length === 0) return null;
  return (
    <fieldset className="fallbacks">
      <legend>{t('wizard.fallbacks')}</legend>
      <p className="field-hint">{t('wizard.fallbacksHint')}</p>
      {used.map((v) => (
        <label key={v} className="inline-field">
          <span>{`{${v}}`}</span>
          <input value={d.fallbacks[v] ?? ''} onChange={(e) => update((s) => ({ ...s, draft: { ...s.draft, fallbacks: { ...s.draft.fallbacks, [v]: e.target.value } } }))} />
        </label>
      ))}
    </fieldset>
  );
}

/** The message as one chosen customer will see it, in a WhatsApp-like bubble. */
function Preview({ state, data }: Pick<StepProps, 'state' | 'data'>) {
  const { t } = useI18n();
  const sampleId = useId();
  const sample = data.sample;
  const [pick, setPick] = useState(0);
  const contact = sample[Math.min(pick, sample.length - 1)];
  if (!contact) return <p className="field-hint">{t('wizard.previewNoContact')}</p>;
  const versions: [string, MessageDraft][] = [[state.abTest ? t('wizard.versionA') : t('wizard.message'), state.draft.message]];
  if (state.abTest && state.draft.messageB) versions.push([t('wizard.versionB'), state.draft.messageB]);
  return (
    <section className="preview" aria-labelledby={`${sampleId}-h`}>
      <h3 id={`${sampleId}-h`}>{t('wizard.preview')}</h3>
      <label htmlFor={sampleId}>{t('wizard.previewFor')}</label>{' '}
      <select id={sampleId} value={pick} onChange={(e) => setPick(Number(e.target.value))}>
        {sample.map((c, i) => (
          <option key={c.id} value={i}>
            {c.name || c.phone || c.userId}
          </option>
        ))}
      </select>
      <div className="preview-phone">
        {versions.map(([label, m]) => {
          let text: string;
          let missing: string[] = [];
          if (m.kind === 'text') {
            const r = renderText(m.body, contact, data.renderContext, state.draft.fallbacks);
            text = r.text;
            missing = r.missing;
          } else {
            const tp = data.templates.find((x) => x.name === m.name && x.language === m.language);
            const r = renderTemplateParams(m.params, contact, data.renderContext);
            text = tp ? fillTemplateBody(tp.body, r.bodyParams) : '';
            missing = r.missing.map((n) => `{{${n}}}`);
            if (tp && placeholdersIn(tp.body).length !== m.params.length) missing.push('?');
          }
          return (
            <figure key={label}>
              <figcaption>{label}</figcaption>
              {m.kind === 'text' && m.media && <div className="bubble-media">{t(`wizard.mediaType.${m.media.type}`)}</div>}
              <p className="bubble">{text || '…'}</p>
              {missing.length > 0 && <p className="form-error">{t('wizard.previewMissing', { vars: missing.join(', ') })}</p>}
            </figure>
          );
        })}
      </div>
    </section>
  );
}

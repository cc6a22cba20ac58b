import { useEffect, useId, useMemo, useState } from 'react';
import { fillTemplateBody } from '../../../../shared/domain/campaign/render';
import type { OptInStatus } from '../../../../shared/domain/contact';
import type { MessageContent } from '../../../../shared/domain/message';
import type { TemplateCategory, TemplateInfo } from '../../../../shared/domain/template';
import { useBridge } from '../../components/useBridge';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { initialParams, paramProblems, templateChoice, type HeldReason } from './templateChoice';

const HELD_ORDER: Exclude<HeldReason, 'opted_out'>[] = ['marketing_without_opt_in', 'authentication', 'needs_media', 'header_params'];

/**
 * The template answer (outside the 24-hour window, or when the person chooses one): the shop's approved templates
 * this customer may get (templateChoice.ts), one field per {{n}} with the customer's name offered as {{1}}, the
 * preview, and Send, which hands `{ kind: 'template', name, language, bodyParams }` to the answer box (main sends it
 * through `inbox:answer`). Without a Cloud API connection or approved templates it says so, with the way to the
 * WhatsApp connection screen. Under the preview, what the chosen template costs (`costWords`: its category priced
 * by the shop's rate table for the customer's country, answerCost.ts).
 */
export function TemplatePicker({
  channel,
  optIn,
  customerName,
  busy,
  onSend,
  costWords,
}: {
  channel: 'cloud' | 'sandbox';
  optIn: OptInStatus | undefined;
  customerName: string | undefined;
  busy: boolean;
  /** Sends the template; resolves true when main took it (the fields are cleared then). */
  onSend: (content: Extract<MessageContent, { kind: 'template' }>) => Promise<boolean>;
  /** "This answer costs about ₩40 (marketing template)." for a template's category. */
  costWords?: (category: TemplateCategory) => string;
}) {
  const { t } = useI18n();
  const bridge = useBridge();
  const goTo = useAppStore((s) => s.goTo);
  const pickId = useId();
  const [loaded, setLoaded] = useState<{ templates: TemplateInfo[]; connected: boolean } | null>(null);
  const [chosenId, setChosenId] = useState<string>('');
  const [params, setParams] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    void Promise.all([bridge.call('templates:list'), bridge.call('cloud:get')]).then(([tpl, cloud]) => {
      if (!live) return;
      const connected = cloud.ok && cloud.value.hasAccessToken && cloud.value.phoneNumberId.trim() !== '';
      setLoaded({ templates: tpl.ok ? tpl.value : [], connected });
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  const choice = useMemo(() => (loaded ? templateChoice({ ...loaded, channel, optIn }) : undefined), [loaded, channel, optIn]);
  const chosen = choice?.offered.find((x) => x.id === chosenId);

  const choose = (id: string) => {
    setChosenId(id);
    const next = choice?.offered.find((x) => x.id === id);
    setParams(next ? initialParams(next, customerName) : []);
  };

  if (!choice) return <p className="field-hint" aria-live="polite">{t('inbox.template.loading')}</p>;

  const connectLink = (
    <button type="button" className="link-button" onClick={() => goTo('connect')}>
      {t('inbox.template.openConnect')}
    </button>
  );
  if (choice.state === 'not_connected' || choice.state === 'none_approved') {
    return (
      <div className="inbox-template" role="status">
        <p>{choice.state === 'not_connected' ? t('inbox.template.notConnected') : t('inbox.template.noneApproved')}</p>
        <p>{connectLink}</p>
      </div>
    );
  }
  if (choice.state === 'opted_out') {
    return (
      <div className="inbox-template" role="status">
        <p>{t('inbox.template.optedOut')}</p>
      </div>
    );
  }

  const heldCounts = HELD_ORDER.map((reason) => ({ reason, count: choice.held.filter((h) => h.reason === reason).length })).filter((h) => h.count > 0);
  const problems = paramProblems(params);
  const send = async () => {
    if (!chosen || problems.length > 0 || busy) return;
    const ok = await onSend({ kind: 'template', name: chosen.name, language: chosen.language, bodyParams: params });
    if (ok) choose('');
  };

  return (
    <div className="inbox-template">
      {choice.offered.length === 0 ? (
        <p role="status">{t('inbox.template.noneOffered')}</p>
      ) : (
        <p>
          <label htmlFor={pickId}>{t('inbox.template.pick')}</label>{' '}
          <select id={pickId} value={chosenId} onChange={(e) => choose(e.target.value)}>
            <option value="">{t('inbox.template.choose')}</option>
            {choice.offered.map((x) => (
              <option key={x.id} value={x.id}>
                {t('inbox.template.option', { name: x.name, language: x.language })}
              </option>
            ))}
          </select>
        </p>
      )}
      {heldCounts.map((h) => (
        <p key={h.reason} className="field-hint">
          {t(`inbox.template.held.${h.reason}`, { count: h.count })}
        </p>
      ))}
      {choice.offered.length === 0 && <p>{connectLink}</p>}
      {chosen && (
        <>
          {params.map((v, i) => (
            <p key={`${chosen.id}-${i}`} className="inbox-template-param">
              <label>
                {t('inbox.template.param', { placeholder: `{{${i + 1}}}` })}{' '}
                <input
                  type="text"
                  value={v}
                  aria-invalid={problems.includes(i + 1)}
                  onChange={(e) => setParams((ps) => ps.map((p, j) => (j === i ? e.target.value : p)))}
                />
              </label>
              {i === 0 && customerName?.trim() && <span className="field-hint"> {t('inbox.template.nameOffered')}</span>}
            </p>
          ))}
          <div className="inbox-template-preview" aria-label={t('inbox.template.preview')} role="group">
            {chosen.header?.text && <p className="inbox-template-header">{chosen.header.text}</p>}
            <p>{fillTemplateBody(chosen.body, params)}</p>
            {chosen.footer && <p className="field-hint">{chosen.footer}</p>}
          </div>
          {costWords && (
            <p className="inbox-answer-cost" data-testid="answer-cost">
              {costWords(chosen.category)}
            </p>
          )}
          {problems.length > 0 && <p className="field-hint">{t('inbox.template.fillAll', { params: problems.map((n) => `{{${n}}}`).join(', ') })}</p>}
          <p className="inbox-answer-actions">
            <button type="button" className="primary" disabled={busy || problems.length > 0} onClick={() => void send()}>
              {busy ? t('inbox.answer.sendingNow') : t('inbox.template.send')}
            </button>
          </p>
        </>
      )}
    </div>
  );
}

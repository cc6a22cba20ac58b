import { useId, useState } from 'react';
import { canSend, pending } from '../../../../shared/domain/campaign/checklist';
import { toMessageContent } from '../../../../shared/domain/campaign/draft';
import { useBridge } from '../../components/useBridge';
import { getDb } from '../../db/db';
import { finishDraft } from '../../db/drafts';
import { errorMessage } from '../../components/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { buildRecipients } from './buildRecipients';
import { formatIsoDay, reasonText } from './ChecklistStep';
import { startRefusalText } from '../campaigns/engineWords';
import { launchCampaign } from './handoff';
import { perDayFor } from './sendFigures';
import type { StepProps } from './WizardScreen';
import './sendStep.css';

/** `datetime-local` wants local time without a zone. */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The chosen start written out in the UI language ("2026년 12월 3일 (목) 오후 3:00"). Chromium draws a native
 * date-time field in the browser's own locale whatever the page's language (a Korean screen can show mm/dd/yyyy),
 * so the person confirms what they picked here, in their words.
 */
function writtenOut(language: string, ms: number): string {
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(ms);
}

export function SendStep({ state, update, data, goTo, draftId }: StepProps) {
  const i18n = useI18n();
  const { t, formatNumber, formatDateTime, formatDate, language } = i18n;
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const goToScreen = useAppStore((s) => s.goTo);
  const whenId = useId();
  const whenWrittenId = useId();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [abort, setAbort] = useState<AbortController | null>(null);
  const run = data.checklist;
  if (!run) return <p className="loading">{t('wizard.checking')}</p>;
  const ack = new Set(state.acknowledged);
  const ok = canSend(run.results, ack) && run.recipients > 0;
  const { blocks, unacknowledged } = pending(run.results, ack);
  const d = state.draft;
  const testIds = new Set(state.test.contactIds ?? []);
  const count = Math.max(0, run.recipients - [...testIds].filter((id) => !d.excludedContactIds.includes(id)).length);
  const facts = run.facts;
  const suggestion = facts.suggestion;
  const days = perDayFor(count, facts.estimate.perDay);

  const send = async () => {
    setRefusal(null);
    const recipients = buildRecipients(d, data.recipients, data.renderContext, { abTest: state.abTest, seed: draftId, leaveOut: testIds, at: d.scheduledAt ?? Date.now() });
    if (recipients.length === 0) return;
    const controller = new AbortController();
    setAbort(controller);
    setProgress({ done: 0, total: recipients.length });
    const now = Date.now();
    const result = await launchCampaign(
      bridge,
      {
        name: d.name || t('wizard.untitled'),
        channel: d.channel,
        content: toMessageContent(d.message),
        ...(state.abTest && d.messageB ? { contentB: toMessageContent(d.messageB) } : {}),
        promotional: d.promotional,
        draftRef: draftId,
      },
      recipients,
      { onProgress: (done, total) => setProgress({ done, total }), signal: controller.signal, scheduleAt: d.scheduledAt, now },
    );
    setAbort(null);
    setProgress(null);
    if (!result.ok) {
      showToast({ tone: 'error', message: t('wizard.handoffFailed', { reason: errorMessage(t, result.error) }) });
      return;
    }
    update((s) => ({ ...s, campaignId: result.id }));
    if (result.refused) {
      // Main's checks are the law: its reasons are shown; the campaign stays a draft in the list.
      setRefusal(startRefusalText(t, result.refused));
      return;
    }
    showToast({ tone: 'success', message: result.scheduled && d.scheduledAt !== null ? t('wizard.scheduled', { time: formatDateTime(d.scheduledAt) }) : t('wizard.started') });
    await finishDraft(getDb(), draftId);
    goToScreen('campaigns');
  };

  return (
    <div className="send-step">
      <fieldset>
        <legend>{t('wizard.when')}</legend>
        <label className="checkbox">
          <input type="radio" name="when" checked={d.scheduledAt === null} onChange={() => update((s) => ({ ...s, draft: { ...s.draft, scheduledAt: null } }))} />
          {t('wizard.now')}
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="when"
            checked={d.scheduledAt !== null}
            onChange={() => update((s) => ({ ...s, draft: { ...s.draft, scheduledAt: suggestion?.at ?? Date.now() + 3_600_000 } }))}
          />
          {t('wizard.later')}
        </label>
        {d.scheduledAt !== null && (
          <div className="field">
            <label htmlFor={whenId}>{t('wizard.at')}</label>
            <input
              id={whenId}
              type="datetime-local"
              lang={language}
              aria-describedby={whenWrittenId}
              value={toLocalInput(d.scheduledAt)}
              onChange={(e) => {
                const at = new Date(e.target.value).getTime();
                if (Number.isFinite(at)) update((s) => ({ ...s, draft: { ...s.draft, scheduledAt: at } }));
              }}
            />
            <p id={whenWrittenId} className="field-hint when-written" aria-live="polite">
              {t('wizard.atChosen', { time: writtenOut(language, d.scheduledAt) })}
            </p>
          </div>
        )}
        {suggestion && (
          <p className="field-hint">
            {t('wizard.suggested', { time: formatDateTime(suggestion.at), start: suggestion.window.startHour, end: suggestion.window.endHour })}{' '}
            <button type="button" className="link-button" onClick={() => update((s) => ({ ...s, draft: { ...s.draft, scheduledAt: suggestion.at } }))}>
              {t('wizard.useSuggestion')}
            </button>
          </p>
        )}
      </fieldset>
      <dl className="summary">
        <dt>{t('wizard.summary.count')}</dt>
        <dd>{formatNumber(count)}</dd>
        <dt>{t('wizard.summary.channel')}</dt>
        <dd>{t(`campaigns.channel.${d.channel}`)}</dd>
        <dt>{t('wizard.summary.days')}</dt>
        <dd>{t('wizard.summary.daysValue', { count: days.length, days: days.length, first: formatNumber(days[0] ?? 0) })}</dd>
        <dt>{t('wizard.summary.finish')}</dt>
        <dd>{formatDateTime(facts.estimate.finishAt)}</dd>
        {facts.cost && (
          <>
            <dt>{t('wizard.summary.cost')}</dt>
            <dd>
              {new Intl.NumberFormat(language, { style: 'currency', currency: facts.cost.currency }).format(facts.cost.total)} <span className="field-hint">{t('wizard.summary.costNote', { date: formatIsoDay(formatDate, facts.cost.asOf) })}</span>
            </dd>
          </>
        )}
      </dl>
      {!ok && (
        <div className="banner banner-warning not-ready" role="status">
          <p>{t('wizard.notReady', { blocks: blocks.length, warnings: unacknowledged.length })}</p>
          <ul>
            {[...blocks, ...unacknowledged].slice(0, 5).map((r) => (
              <li key={r.id}>{reasonText(t, formatDateTime, r, i18n)}</li>
            ))}
          </ul>
          <button type="button" onClick={() => goTo('checklist')}>
            {t('wizard.step.checklist')}
          </button>
        </div>
      )}
      {refusal && (
        <p className="banner banner-error" role="alert">
          {t('campaigns.refused', { reason: refusal })}
        </p>
      )}
      {progress ? (
        <p role="status">
          <progress max={progress.total} value={progress.done} aria-label={t('wizard.handingOver')} /> {t('wizard.handingOverCount', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}{' '}
          <button type="button" onClick={() => abort?.abort()}>
            {t('common.cancel')}
          </button>
        </p>
      ) : (
        <button type="button" className="primary send-button" disabled={!ok || count === 0 || state.campaignId !== undefined} onClick={() => void send()}>
          {d.scheduledAt !== null ? t('wizard.schedule', { count: formatNumber(count) }) : t('wizard.sendNow', { count: formatNumber(count) })}
        </button>
      )}
    </div>
  );
}

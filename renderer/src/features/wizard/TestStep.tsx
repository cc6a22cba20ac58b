import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { sampleIds } from '../../../../shared/domain/campaign/audience';
import { canSend } from '../../../../shared/domain/campaign/checklist';
import { toMessageContent } from '../../../../shared/domain/campaign/draft';
import { seededRandom } from '../../../../shared/domain/random';
import { useBridge } from '../../components/useBridge';
import { getDb } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { buildRecipients, seedOf } from './buildRecipients';
import { handOff } from './handoff';
import type { StepProps } from './WizardScreen';

const HOUR = 3_600_000;
/** DOMAIN.md §4: under 5 % replies to a test means the content or the time should change. */
export const LOW_REPLY_RATE = 0.05;

export function TestStep({ state, update, data, goTo, draftId }: StepProps) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const percentId = useId();
  const waitId = useId();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const test = state.test;
  const ack = new Set(state.acknowledged);
  const ready = data.checklist !== null && canSend(data.checklist.results, ack) && data.checklist.recipients > 0;
  const audienceSize = data.recipients.length;
  const size = Math.max(1, Math.round((audienceSize * test.percent) / 100));

  const campaign = useLiveQuery(() => (test.campaignId ? getDb().campaigns.get(test.campaignId) : undefined), [test.campaignId]);
  const replied = useLiveQuery(
    async () => (test.campaignId ? (await getDb().recipients.where('campaign').equals(test.campaignId).filter((r) => r.repliedAt !== undefined).count()) : 0),
    [test.campaignId, campaign?.syncedRev],
  );

  const sendTest = async () => {
    const d = state.draft;
    const ids = sampleIds(
      data.recipients.filter((c) => !d.excludedContactIds.includes(c.id)).map((c) => c.id),
      size,
      seededRandom(seedOf(draftId)),
    );
    const recipients = buildRecipients(d, data.recipients, data.renderContext, { abTest: state.abTest, seed: draftId, only: new Set(ids) });
    if (recipients.length === 0) return;
    setProgress({ done: 0, total: recipients.length });
    const result = await handOff(
      bridge,
      {
        name: `${d.name || t('wizard.untitled')} (${t('wizard.testSuffix')})`,
        channel: d.channel,
        content: toMessageContent(d.message),
        ...(state.abTest && d.messageB ? { contentB: toMessageContent(d.messageB) } : {}),
        promotional: d.promotional,
        test: true,
        draftRef: draftId,
      },
      recipients,
      { onProgress: (done, total) => setProgress({ done, total }) },
    );
    setProgress(null);
    if (!result.ok) {
      showToast({ tone: 'error', message: t('wizard.handoffFailed', { reason: result.error.message }) });
      return;
    }
    const started = await bridge.call('campaign:start', { id: result.campaign.id });
    if (!started.ok) showToast({ tone: 'error', message: t('campaigns.refused', { reason: started.error.message }) });
    await getDb().campaigns.put({ ...(started.ok ? started.value : result.campaign), syncedRev: 0, syncedGeneration: '' });
    update((s) => ({ ...s, test: { ...s.test, campaignId: result.campaign.id, contactIds: recipients.map((r) => Number(r.ref)), sentAt: Date.now() } }));
  };

  if (!ready && !test.campaignId) {
    return (
      <div className="test-step">
        <p className="banner banner-warning">{t('wizard.testNeedsChecklist')}</p>
        <button type="button" onClick={() => goTo('checklist')}>
          {t('wizard.step.checklist')}
        </button>
      </div>
    );
  }

  if (!test.campaignId) {
    return (
      <div className="test-step">
        <p>{t('wizard.testIntro')}</p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={percentId}>{t('wizard.testPercent')}</label>
            <input id={percentId} type="number" min={1} max={50} value={test.percent} onChange={(e) => update((s) => ({ ...s, test: { ...s.test, percent: Math.min(50, Math.max(1, Number(e.target.value) || 10)) } }))} />
            <span className="field-hint">{t('wizard.testSize', { count: formatNumber(Math.min(size, audienceSize)), total: formatNumber(audienceSize) })}</span>
          </div>
          <div className="field">
            <label htmlFor={waitId}>{t('wizard.testWait')}</label>
            <input id={waitId} type="number" min={1} max={72} value={test.waitHours} onChange={(e) => update((s) => ({ ...s, test: { ...s.test, waitHours: Math.min(72, Math.max(1, Number(e.target.value) || 2)) } }))} />
          </div>
        </div>
        {progress ? (
          <p role="status">
            <progress max={progress.total} value={progress.done} aria-label={t('wizard.handingOver')} /> {t('wizard.handingOverCount', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          </p>
        ) : (
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => void sendTest()}>
              {t('wizard.sendTest')}
            </button>
            <button type="button" onClick={() => goTo('send')}>
              {t('wizard.skipTest')}
            </button>
          </div>
        )}
      </div>
    );
  }

  const delivered = (campaign?.counts.delivered ?? 0) + (campaign?.counts.read ?? 0);
  const read = campaign?.counts.read ?? 0;
  const replies = replied ?? 0;
  const readyAt = (test.sentAt ?? 0) + test.waitHours * HOUR;
  const waited = Date.now() >= readyAt;
  const replyRate = delivered > 0 ? replies / delivered : 0;
  return (
    <div className="test-step">
      <p role="status">
        {t('wizard.testSent', { count: formatNumber(campaign?.counts.total ?? test.contactIds?.length ?? 0), time: formatDateTime(test.sentAt ?? 0) })}{' '}
        {!waited && t('wizard.testWaitUntil', { time: formatDateTime(readyAt) })}
      </p>
      <dl className="campaign-counts">
        <div>
          <dt>{t('campaigns.count.delivered')}</dt>
          <dd>{formatNumber(delivered)}</dd>
        </div>
        <div>
          <dt>{t('wizard.readRate')}</dt>
          <dd>{delivered > 0 ? `${Math.round((read / delivered) * 100)}%` : '–'}</dd>
        </div>
        <div>
          <dt>{t('wizard.replyRate')}</dt>
          <dd>{delivered > 0 ? `${Math.round(replyRate * 100)}%` : '–'}</dd>
        </div>
      </dl>
      {waited && delivered > 0 && (
        <p className={replyRate < LOW_REPLY_RATE ? 'banner banner-warning' : 'banner'}>{replyRate < LOW_REPLY_RATE ? t('wizard.testLow') : t('wizard.testGood')}</p>
      )}
      <div className="toolbar">
        <button type="button" onClick={() => goTo('message')}>
          {t('wizard.editMessage')}
        </button>
      </div>
    </div>
  );
}

import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { sampleIds } from '../../../../shared/domain/campaign/audience';
import { canSend } from '../../../../shared/domain/campaign/checklist';
import { toMessageContent } from '../../../../shared/domain/campaign/draft';
import type { CampaignContact } from '../../../../shared/domain/campaign/render';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { seededRandom } from '../../../../shared/domain/random';
import { useBridge } from '../../components/useBridge';
import { getDb } from '../../db/db';
import { checkOwnPhone, loadOwnPhone, OWN_PHONE_REF, saveOwnPhone } from '../../db/ownPhone';
import { whyText } from '../campaigns/CampaignsScreen';
import { recipientStage } from '../../../../shared/domain/results/recipientStatus';
import { errorMessage } from '../../components/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { buildRecipients, seedOf } from './buildRecipients';
import { startRefusalText } from '../campaigns/engineWords';
import { launchCampaign } from './handoff';
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
    const recipients = buildRecipients(d, data.recipients, data.renderContext, { abTest: state.abTest, seed: draftId, only: new Set(ids), at: Date.now() });
    if (recipients.length === 0) return;
    setProgress({ done: 0, total: recipients.length });
    const result = await launchCampaign(
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
      showToast({ tone: 'error', message: t('wizard.handoffFailed', { reason: errorMessage(t, result.error) }) });
      return;
    }
    if (result.refused) showToast({ tone: 'error', message: t('campaigns.refused', { reason: startRefusalText(t, result.refused) }) });
    update((s) => ({ ...s, test: { ...s.test, campaignId: result.id, contactIds: recipients.map((r) => Number(r.ref)), sentAt: Date.now() } }));
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
        <OwnPhoneTest state={state} data={data} draftId={draftId} />
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
      <OwnPhoneTest state={state} data={data} draftId={draftId} />
    </div>
  );
}

/** Set apart from the random-share test above it (wizard.css belongs to the wizard as a whole). */
const SECTION_STYLE = { marginTop: '1.5rem', paddingTop: '1rem', borderTop: '1px solid var(--border)', display: 'grid', gap: '0.5rem' } as const;

/**
 * Issue 11 point 7: the message as written, to the shop's own phone only. It goes the way the random test goes (a
 * one-person test campaign, simulated on the Sandbox), with the variables of a real recipient (the preview's first
 * sample) so the person sees what a customer would. The number is kept in syncState, never as a contact, and the
 * recipient's ref is not a contact id, so it is in no contact's history and in no campaign's audience.
 */
function OwnPhoneTest({ state, data, draftId }: Pick<StepProps, 'state' | 'data' | 'draftId'>) {
  const { t, countryName } = useI18n();
  const bridge = useBridge();
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode; // settings are checked on load; the code is one of the list's
  const fieldId = useId();
  const headingId = useId();
  const hintId = useId();
  const [raw, setRaw] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ campaignId: string; phone: string } | undefined>();
  const campaignId = sent?.campaignId;
  const [failure, setFailure] = useState<string | undefined>();
  const [version, setVersion] = useState<'A' | 'B'>('A');
  const edited = useRef(false);

  // Prefilled with the number saved last time, unless the person has already started typing.
  useEffect(() => {
    let live = true;
    void loadOwnPhone(getDb()).then((saved) => {
      if (live && saved && !edited.current) setRaw(formatPhone(saved, country));
    });
    return () => {
      live = false;
    };
  }, [country]);

  const checked = checkOwnPhone(raw, country);
  const showError = !checked.ok && (touched || raw.trim() !== '');
  const campaign = useLiveQuery(() => (campaignId ? getDb().campaigns.get(campaignId) : undefined), [campaignId]);
  const job = useLiveQuery(async () => (campaignId ? (await getDb().recipients.where('campaign').equals(campaignId).toArray())[0] : undefined), [campaignId, campaign?.syncedRev]);

  const d = state.draft;
  // With an A/B test the person picks which version to see; one message to one phone is never split at random.
  const hasB = state.abTest && d.messageB !== undefined;
  const message = hasB && version === 'B' && d.messageB ? d.messageB : d.message;
  const excluded = new Set(d.excludedContactIds);
  const sample: CampaignContact | undefined = data.sample.find((c) => !excluded.has(c.id)) ?? data.recipients.find((c) => !excluded.has(c.id));

  const send = async () => {
    setTouched(true);
    if (!checked.ok || busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await saveOwnPhone(getDb(), raw, country);
      // Without a real recipient the variables fall back as they would for a contact with nothing filled in.
      const stand: CampaignContact = sample ?? { id: -1, name: '', phone: checked.e164, labelIds: [], optInStatus: 'opted_in', optInSource: '', optInAt: null, notes: '', lastInteractionAt: null };
      const [built] = buildRecipients({ ...d, message, excludedContactIds: [] }, [stand], data.renderContext, { abTest: false, seed: draftId });
      if (!built) return;
      // The shop's own phone is not the sample customer: the customer's WhatsApp user id stays behind (main would
      // check suppression under it, or address the message to it where the sample has no phone).
      const { userId: _customersId, ...own } = built;
      const result = await launchCampaign(
        bridge,
        {
          name: `${d.name || t('wizard.untitled')} (${t('ownPhone.suffix')})`,
          channel: d.channel,
          content: toMessageContent(message),
          promotional: d.promotional,
          test: true,
          draftRef: draftId,
        },
        [{ ...own, ref: OWN_PHONE_REF, phone: checked.e164 }],
      );
      if (!result.ok) {
        setFailure(errorMessage(t, result.error));
        return;
      }
      if (result.refused) setFailure(startRefusalText(t, result.refused));
      setSent({ campaignId: result.id, phone: checked.e164 });
    } finally {
      setBusy(false);
    }
  };

  const stage = job ? recipientStage(job) : campaignId ? 'waiting' : undefined;
  const why = job ? whyText(t, job) : '';
  return (
    <section className="own-phone-test" aria-labelledby={headingId} style={SECTION_STYLE}>
      <h3 id={headingId} style={{ margin: 0 }}>
        {t('ownPhone.title')}
      </h3>
      <p className="field-hint" style={{ margin: 0 }}>
        {t('ownPhone.intro')}
      </p>
      <form
        noValidate
        style={{ display: 'grid', gap: '0.75rem' }}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="field" style={{ maxWidth: '28rem' }}>
          <label htmlFor={fieldId}>{t('ownPhone.label')}</label>
          <input
            id={fieldId}
            type="tel"
            autoComplete="tel"
            value={raw}
            aria-invalid={showError ? true : undefined}
            aria-describedby={hintId}
            onChange={(e) => {
              edited.current = true;
              setRaw(e.target.value);
            }}
            onBlur={() => setTouched(true)}
          />
          <p id={hintId} className={showError ? 'field-error' : 'field-hint'} style={{ margin: 0 }}>
            {checked.ok
              ? t('ownPhone.normalized', { phone: checked.e164 })
              : showError
                ? t(`phoneProblem.${checked.reason}`, { country: countryName(country) })
                : t('ownPhone.hint')}
          </p>
        </div>
        {hasB && (
          <fieldset className="toolbar" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="field-hint" style={{ float: 'left', marginRight: '0.5rem' }}>
              {t('ownPhone.version')}
            </legend>
            {(['A', 'B'] as const).map((v) => (
              <label key={v}>
                <input type="radio" name={`${fieldId}-version`} checked={version === v} onChange={() => setVersion(v)} /> {t(v === 'A' ? 'wizard.versionA' : 'wizard.versionB')}
              </label>
            ))}
          </fieldset>
        )}
        <div className="toolbar">
          <button type="submit" aria-busy={busy} disabled={busy}>
            {busy ? t('ownPhone.sending') : t('ownPhone.send')}
          </button>
          <span className="field-hint">{sample?.name ? t('ownPhone.sampleAs', { name: sample.name }) : t('ownPhone.sampleNone')}</span>
        </div>
      </form>
      {failure !== undefined && <p role="alert" className="field-error">{t('ownPhone.failed', { reason: failure })}</p>}
      {stage !== undefined && failure === undefined && (
        <div role="status">
          <p style={{ margin: 0 }}>
            {t('ownPhone.result', { phone: sent?.phone ?? '', status: t(`campaigns.stage.${stage}`) })}
            {why && ` ${t('ownPhone.resultWhy', { reason: why })}`}
          </p>
          {campaign?.sandbox && (
            <p className="field-hint" style={{ margin: 0 }}>
              {t('ownPhone.simulated')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

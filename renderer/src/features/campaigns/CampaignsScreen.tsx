import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { handledCount, type CampaignSummary } from '../../../../shared/ipc/campaigns';
import type { SendingStopped } from '../../../../shared/ipc/sendingEvents';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useBridge } from '../../components/useBridge';
import { updateCampaignSummary } from '../../db/campaigns';
import { getDb, type CampaignRecord, type RecipientRecord } from '../../db/db';
import type { TKey, Translator } from '../../i18n';
import { errorMessage } from '../../components/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { downloadBlob } from '../import/download';
import { AssistedPanel } from './AssistedPanel';
import {
  asRecipientFilter,
  narrowRecipients,
  parseReasonGroup,
  recipientStage,
  recipientWhy,
  RECIPIENT_FILTERS,
  type RecipientFilter,
  type RecipientNarrowing,
} from '../../../../shared/domain/results/recipientStatus';
import { ambiguousText, campaignWhyText, errorCodeText, startRefusalText, stoppedText, waitingDetail } from './engineWords';
import './campaigns.css';

const ROW_HEIGHT = 44;

export function CampaignsScreen() {
  const { t } = useI18n();
  const headingId = useId();
  const campaigns = useLiveQuery(() => getDb().campaigns.orderBy('createdAt').reverse().toArray(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const goTo = useAppStore((s) => s.goTo);
  const focus = useAppStore((s) => s.campaignFocus);
  const clearCampaignFocus = useAppStore((s) => s.clearCampaignFocus);
  // The narrowing a focus asked for, kept here once the store's request is cleared; `n` tells one request from the next.
  const [narrow, setNarrow] = useState<(RecipientNarrowing & { campaignId: string; n: number }) | null>(null);
  useEffect(() => {
    if (!focus) return;
    setSelected(focus.campaignId);
    setNarrow((prev) => ({ campaignId: focus.campaignId, filter: asRecipientFilter(focus.filter) ?? 'all', reason: focus.reason, n: (prev?.n ?? 0) + 1 }));
    clearCampaignFocus();
  }, [focus, clearCampaignFocus]);
  const current = campaigns?.find((c) => c.id === selected) ?? campaigns?.[0];
  const currentNarrow = narrow && current?.id === narrow.campaignId ? narrow : undefined;
  return (
    <section className="screen campaigns-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('campaigns.title')}</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => goTo('wizard')}>
          {t('wizard.new')}
        </button>
      </div>
      <p className="intro">{t('campaigns.intro')}</p>
      <StoppedBanner />
      <AssistedPanel />
      {campaigns && campaigns.length === 0 && <p className="empty-state">{t('campaigns.empty')}</p>}
      {campaigns && campaigns.length > 0 && (
        <div className="campaigns-layout">
          <ul className="campaign-list" aria-label={t('campaigns.list')}>
            {campaigns.map((c) => (
              <CampaignCard
                key={c.id}
                campaign={c}
                current={current?.id === c.id}
                onSelect={() => {
                  setSelected(c.id);
                  setNarrow(null);
                }}
              />
            ))}
          </ul>
          {current && <CampaignDetail key={`${current.id}#${currentNarrow?.n ?? 0}`} campaign={current} narrow={currentNarrow} />}
        </div>
      )}
    </section>
  );
}

/**
 * One campaign in the list. Its accessible name is the campaign's name and its description the state, channel and
 * progress as written, once: the bar inside is hidden from assistive technology, which read its value as a bare
 * number before the same number in words ("27 27 of 27 handled").
 */
function CampaignCard({ campaign: c, current, onSelect }: { campaign: CampaignRecord; current: boolean; onSelect: () => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <li>
      <button type="button" className="campaign-item" aria-current={current ? 'true' : undefined} aria-labelledby={`${id}-name`} aria-describedby={`${id}-meta ${id}-progress`} onClick={onSelect}>
        <span className="campaign-item-name" id={`${id}-name`}>
          {c.name}
        </span>
        <span className="campaign-item-meta" id={`${id}-meta`}>
          <StateBadge state={c.state} /> {t(`campaigns.channel.${c.channel}`)}
          {c.test && <span className="badge">{t('campaigns.testBadge')}</span>}
        </span>
        <ProgressBar campaign={c} textId={`${id}-progress`} decorative />
      </button>
    </li>
  );
}

function StateBadge({ state }: { state: CampaignSummary['state'] }) {
  const { t } = useI18n();
  return <span className={`badge state-${state}`}>{t(`campaigns.state.${state}`)}</span>;
}

/**
 * The bar and the same figure in words. Standalone, the bar carries the words as its value text and the visible words
 * are hidden from assistive technology, so a screen reader says it once; `decorative` (inside a card, whose
 * description points at `textId`) hides the bar instead.
 */
function ProgressBar({ campaign, textId, decorative = false }: { campaign: CampaignSummary; textId?: string; decorative?: boolean }) {
  const { t } = useI18n();
  const done = handledCount(campaign.counts);
  const words = t('campaigns.progress', { done, total: campaign.counts.total });
  return (
    <span className="progress-line">
      {decorative ? (
        <progress max={Math.max(1, campaign.counts.total)} value={done} aria-hidden="true" />
      ) : (
        <progress max={Math.max(1, campaign.counts.total)} value={done} aria-label={t('campaigns.progressLabel', { name: campaign.name })} aria-valuetext={words} />
      )}
      <span className="progress-text" id={textId} aria-hidden={decorative ? undefined : 'true'}>
        {words}
      </span>
    </span>
  );
}

/** Account-level stops (DOMAIN.md §3) are shown on every visit until sending works again. */
function StoppedBanner() {
  const i18n = useI18n();
  const bridge = useBridge();
  const [stopped, setStopped] = useState<SendingStopped | null>(null);
  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.name === 'sending:stopped') setStopped(e.payload);
        if (e.name === 'campaign:changed' && e.payload.state === 'running') setStopped(null);
      }),
    [bridge],
  );
  if (!stopped) return null;
  return (
    <p className="banner banner-error" role="alert">
      {stoppedText(i18n, stopped)}
    </p>
  );
}

function CampaignDetail({ campaign, narrow }: { campaign: CampaignRecord; narrow: RecipientNarrowing | undefined }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const c = campaign;

  const act = async (channel: 'campaign:start' | 'campaign:pause' | 'campaign:cancel' | 'campaign:retryFailed') => {
    setBusy(true);
    try {
      const r = await bridge.call(channel, { id: c.id });
      if (r.ok) await updateCampaignSummary(getDb(), c.id, r.value);
      else
        showToast({
          tone: 'error',
          message: r.error.code === 'conflict' ? t('campaigns.refused', { reason: startRefusalText(t, r.error) }) : t('campaigns.actionFailed', { reason: errorMessage(t, r.error) }),
        });
    } finally {
      setBusy(false);
    }
  };

  const startable = !c.incomplete && (c.state === 'draft' || c.state === 'scheduled' || c.state === 'paused');
  const counts: [TKey, number][] = [
    ['campaigns.count.total', c.counts.total],
    ['campaigns.count.queued', c.counts.queued + c.counts.attempting],
    ['campaigns.count.accepted', c.counts.accepted - (c.counts.held ?? 0)],
    ...(c.counts.held ? ([['campaigns.count.held', c.counts.held]] as [TKey, number][]) : []),
    ['campaigns.count.delivered', c.counts.delivered + c.counts.read],
    ['campaigns.count.read', c.counts.read],
    ['campaigns.count.failed', c.counts.failed + c.counts.deliveryFailed],
    ['campaigns.count.skipped', c.counts.skipped],
    ['campaigns.count.ambiguous', c.counts.ambiguous],
  ];
  const why = campaignWhyText(i18n, c);
  return (
    <article className="campaign-detail" aria-labelledby={`campaign-${c.id}`}>
      <header className="campaign-detail-header">
        <h2 id={`campaign-${c.id}`}>{c.name}</h2>
        <p>
          <StateBadge state={c.state} /> {t(`campaigns.channel.${c.channel}`)} · {t('campaigns.createdAt', { date: formatDateTime(c.createdAt) })}
          {c.scheduledAt !== undefined && c.state === 'scheduled' && <> · {t('campaigns.scheduledFor', { date: formatDateTime(c.scheduledAt) })}</>}
        </p>
        {c.sandbox && <p className="banner">{t('campaigns.sandboxNote')}</p>}
        {c.incomplete && <p className="banner banner-warning">{t('campaigns.incomplete')}</p>}
        {why !== undefined && c.state !== 'finished' && <p className="campaign-why">{t('campaigns.why', { why })}</p>}
        {c.waiting && c.state === 'running' && (
          <p className="campaign-waiting" role="status">
            {t('campaigns.waiting', { time: formatDateTime(c.waiting.until), detail: waitingDetail(i18n, c.waiting) })}
          </p>
        )}
        <ProgressBar campaign={c} />
      </header>
      <div className="toolbar">
        {startable && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act('campaign:start')}>
            {c.state === 'paused' ? t('campaigns.resume') : t('campaigns.start')}
          </button>
        )}
        {c.state === 'running' && (
          <button type="button" disabled={busy} onClick={() => void act('campaign:pause')}>
            {t('campaigns.pause')}
          </button>
        )}
        {(c.state === 'finished' || c.state === 'paused') && c.counts.failed > 0 && (
          <button type="button" disabled={busy} title={t('campaigns.retryFailedHint')} onClick={() => void act('campaign:retryFailed')}>
            {t('campaigns.retryFailed')}
          </button>
        )}
        {c.state !== 'finished' && c.state !== 'cancelled' && (
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirmCancel(true)}>
            {t('campaigns.cancel')}
          </button>
        )}
      </div>
      <dl className="campaign-counts" aria-label={t('campaigns.counts')}>
        {counts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {c.counts.ambiguous > 0 && <AmbiguousList campaign={c} />}
      <Recipients campaign={c} initial={narrow} />
      {confirmCancel && (
        <ConfirmDialog
          title={t('campaigns.cancelConfirmTitle', { name: c.name })}
          body={t('campaigns.cancelConfirm', { count: c.counts.queued })}
          confirmLabel={t('campaigns.cancel')}
          danger
          onCancel={() => setConfirmCancel(false)}
          onConfirm={async () => {
            setConfirmCancel(false);
            await act('campaign:cancel');
          }}
        />
      )}
    </article>
  );
}

function AmbiguousList({ campaign }: { campaign: CampaignRecord }) {
  const { t } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const country = useAppStore((s) => s.settings.defaultCountry);
  const rows = useLiveQuery(() => getDb().recipients.where('[campaign+phase]').equals([campaign.id, 'ambiguous']).limit(200).toArray(), [campaign.id]);
  const decide = async (job: string, decision: 'sent' | 'send_again') => {
    const r = await bridge.call('campaign:resolveAmbiguous', { id: campaign.id, job, decision });
    if (r.ok) await updateCampaignSummary(getDb(), campaign.id, r.value);
    else showToast({ tone: 'error', message: t('campaigns.actionFailed', { reason: errorMessage(t, r.error) }) });
  };
  return (
    <section className="ambiguous" aria-labelledby={`amb-${campaign.id}`}>
      <h3 id={`amb-${campaign.id}`}>{t('campaigns.ambiguousTitle')}</h3>
      <p>{t('campaigns.ambiguousIntro')}</p>
      <ul>
        {rows?.map((r) => (
          <li key={r.job}>
            <span className="cell-phone">{formatPhone(r.contact, country as CountryCode)}</span>
            <button type="button" onClick={() => void decide(r.job, 'sent')}>
              {t('campaigns.markSent')}
            </button>
            <button type="button" onClick={() => void decide(r.job, 'send_again')}>
              {t('campaigns.sendAgain')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function whyText(t: Translator['t'], r: RecipientRecord, tr?: Translator): string {
  if (r.phase === 'ambiguous' && tr) return ambiguousText(tr, r) ?? t('campaigns.stage.ambiguous');
  const why = recipientWhy(r);
  switch (why.kind) {
    case 'none':
      return '';
    case 'skip':
      return t(`campaigns.skip.${why.reason}`);
    case 'error':
      return errorCodeText(t, why.action, why.code);
    case 'text':
      return why.text;
    case 'undelivered':
      return t('engine.undelivered');
    case 'failed':
      return t('engine.failedNoCode');
  }
}

/** A failure group in words, as the Results report names it. */
function reasonGroupText(t: Translator['t'], group: string): string {
  const g = parseReasonGroup(group);
  switch (g.kind) {
    case 'skip':
      return t(`campaigns.skip.${g.reason}`);
    case 'error':
      return t(`campaigns.error.${g.action}`);
    case 'ambiguous':
      return t('campaigns.stage.ambiguous');
    case 'other':
      return t('campaigns.reason.other');
  }
}

/** `initial`: the narrowing a focus from another screen asked for (the detail is mounted anew for each request). */
function Recipients({ campaign, initial }: { campaign: CampaignRecord; initial: RecipientNarrowing | undefined }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const [filter, setFilter] = useState<RecipientFilter>(initial?.filter ?? 'all');
  const [reason, setReason] = useState<string | undefined>(initial?.reason);
  const filterId = useId();
  const rows = useLiveQuery(() => getDb().recipients.where('campaign').equals(campaign.id).toArray(), [campaign.id, campaign.syncedRev]);
  const names = useLiveQuery(async () => {
    if (!rows) return new Map<number, string>();
    const ids = [...new Set(rows.map((r) => r.contactId).filter((id): id is number => id !== undefined))];
    const contacts = await getDb().contacts.bulkGet(ids);
    return new Map(contacts.filter((c) => c !== undefined).map((c) => [c.id, c.name]));
  }, [rows]);
  const shown = useMemo(() => narrowRecipients(rows ?? [], { filter, reason }).sort((a, b) => a.job.localeCompare(b.job, 'en', { numeric: true })), [rows, filter, reason]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  const exportAs = async (format: 'csv' | 'xlsx') => {
    const data = shown.map((r) => ({
      name: (r.contactId !== undefined ? names?.get(r.contactId) : undefined) ?? '',
      phone: r.contact,
      status: t(`campaigns.stage.${recipientStage(r)}`),
      reason: whyText(t, r, i18n),
      lastChange: new Date(r.at).toISOString(),
    }));
    const header = [t('campaigns.col.contact'), 'phone', t('campaigns.col.status'), t('campaigns.col.why'), t('campaigns.col.when')];
    const safeName = campaign.name.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 60);
    try {
      // Loaded when first asked for: it carries SheetJS, most of the window's code otherwise.
      const { recipientsCsv, recipientsXlsx } = await import('./exportRecipients');
      if (format === 'csv') downloadBlob(recipientsCsv(header, data), `${safeName}-recipients.csv`);
      else downloadBlob(recipientsXlsx(header, data), `${safeName}-recipients.xlsx`);
    } catch {
      useAppStore.getState().showToast({ tone: 'error', message: t('common.exportFailed') });
    }
  };

  return (
    <section className="recipients" aria-labelledby={`rec-${campaign.id}`}>
      <div className="toolbar">
        <h3 id={`rec-${campaign.id}`}>{t('campaigns.recipients')}</h3>
        <label htmlFor={filterId}>{t('campaigns.filter')}</label>
        <select
          id={filterId}
          value={filter}
          onChange={(e) => {
            setFilter(asRecipientFilter(e.target.value) ?? 'all');
            setReason(undefined); // a filter picked by hand replaces the narrowing that came from the report
          }}
        >
          {RECIPIENT_FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`campaigns.filter.${f}`)}
            </option>
          ))}
        </select>
        <span className="count" aria-live="polite">
          {t('campaigns.shown', { count: shown.length })}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportAs('csv')} disabled={shown.length === 0}>
          {t('campaigns.exportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('xlsx')} disabled={shown.length === 0}>
          {t('campaigns.exportXlsx')}
        </button>
      </div>
      {reason !== undefined && (
        <p className="recipients-only">
          <span>{t('campaigns.only', { reason: reasonGroupText(t, reason), count: shown.length })}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setReason(undefined);
              setFilter('all');
            }}
          >
            {t('campaigns.showAll')}
          </button>
        </p>
      )}
      <div className="recipient-grid" role="table" aria-label={t('campaigns.recipients')} aria-rowcount={shown.length + 1}>
        <div className="recipient-row recipient-head" role="row">
          <span role="columnheader">{t('campaigns.col.contact')}</span>
          <span role="columnheader">{t('campaigns.col.status')}</span>
          <span role="columnheader">{t('campaigns.col.why')}</span>
          <span role="columnheader">{t('campaigns.col.when')}</span>
        </div>
        <div className="recipient-scroll" ref={scrollRef} tabIndex={0}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
            {virtualizer.getVirtualItems().map((item) => {
              const r = shown[item.index]!; // the virtualizer only hands out indexes below `count`
              const stage = recipientStage(r);
              const name = r.contactId !== undefined ? names?.get(r.contactId) : undefined;
              const why = whyText(t, r, i18n);
              return (
                <div key={r.job} className="recipient-row" role="row" aria-rowindex={item.index + 2} style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: '100%' }}>
                  <span role="cell" className="recipient-contact">
                    {name && <span className="recipient-name">{name}</span>}
                    <span className="cell-phone">{formatPhone(r.contact, country)}</span>
                  </span>
                  <span role="cell">
                    <span className={`stage stage-${stage}`}>{t(`campaigns.stage.${stage}`)}</span>
                  </span>
                  <span role="cell" className="recipient-why" title={why || undefined}>
                    {why}
                  </span>
                  <span role="cell" className="recipient-when">
                    {formatDateTime(r.at)}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

/**
 * What the wizard reads, gathered once and kept while it is open: the contacts (read from IndexedDB once; a
 * PhoneFactsCache makes every later filter change cheap), labels, main's suppression list, the synced templates, the
 * policy main will send with, and the send history the frequency cap and warm-up need. The audience and the
 * checklist are recomputed from these when the draft changes.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { contentKey } from '../../../../shared/domain/message';
import { evaluateAudience, sampleIds, unreadNumbers, type AudienceResult, type SentMessage } from '../../../../shared/domain/campaign/audience';
import { runChecklist, type ChecklistRun } from '../../../../shared/domain/campaign/checklist';
import { DEFAULT_RATE_TABLE } from '../../../../shared/domain/campaign/costs';
import { toMessageContent } from '../../../../shared/domain/campaign/draft';
import { PhoneFactsCache } from '../../../../shared/domain/campaign/phoneFacts';
import type { CampaignContact, RenderContext } from '../../../../shared/domain/campaign/render';
import type { SendHistory } from '../../../../shared/domain/campaign/schedule';
import type { ActiveCampaign, ContactSendLog } from '../../../../shared/domain/campaign/types';
import { cautiousPolicy, DAY, type PacingPolicy } from '../../../../shared/domain/pacing';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { seededRandom } from '../../../../shared/domain/random';
import type { TemplateInfo } from '../../../../shared/domain/template';
import type { PolicyView } from '../../../../shared/ipc/policy';
import { useBridge } from '../../components/useBridge';
import { audienceContacts, observeAudienceContacts } from '../../db/audience';
import { untracked } from '../../db/contactQuery';
import { getDb, type ContactRecord } from '../../db/db';
import { useAppStore } from '../../store/useAppStore';
import type { WizardState } from './wizardState';

/** One cache for the app's lifetime: a number's facts never change, and parsing 100,000 of them costs ~0.75 s. */
const phoneFacts = new PhoneFactsCache();

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * The engine's own sends of the last 7 days, per number, from the renderer's copy of recipient statuses: the 24 h
 * frequency cap and the weekly advice (3 promotions in 7 days) read them. A scheduled start is later, so its windows
 * fall inside.
 */
async function recentSends(now: number): Promise<{ log: ContactSendLog; history: Omit<SendHistory, 'daysSinceFirstSend'>; openWindows: Set<string> }> {
  const db = getDb();
  const promotional = new Map((await db.campaigns.toArray()).map((c) => [c.id, c.promotional]));
  const byPhone = new Map<string, { at: number; promotional: boolean }[]>();
  let sentLast24h = 0;
  const reached = new Set<string>();
  await db.recipients
    .where('at')
    .above(now - 7 * DAY)
    .each((r) => {
      if (r.acceptedAt === undefined && r.phase !== 'attempting' && r.phase !== 'ambiguous') return;
      const at = r.acceptedAt ?? r.at;
      const list = byPhone.get(r.contact) ?? [];
      list.push({ at, promotional: promotional.get(r.campaign) ?? true });
      byPhone.set(r.contact, list);
      if (at > now - DAY) {
        sentLast24h++;
        reached.add(r.contact);
      }
    });
  const openWindows = new Set<string>();
  await db.inbox
    .where('at')
    .above(now - DAY)
    .each((m) => void openWindows.add(m.from));
  for (const phone of openWindows) reached.delete(phone);
  return { log: { contactSends: (phone) => byPhone.get(phone) ?? [] }, history: { sentLast24h, reachedLast24h: reached.size }, openWindows };
}

/**
 * The numbers whose previous message went unread for 48 h (audience.ts unreadNumbers), from the messages of the last
 * 30 days: an older previous message says little about today. Read only when the person asks for it.
 */
async function unreadRecently(now: number): Promise<Set<string>> {
  const messages: SentMessage[] = [];
  await getDb()
    .recipients.where('at')
    .above(now - 30 * DAY)
    .each((r) => {
      if (r.acceptedAt !== undefined) messages.push({ contact: r.contact, sentAt: r.acceptedAt, ...(r.readAt !== undefined ? { readAt: r.readAt } : {}) });
    });
  return unreadNumbers(messages, now);
}

/**
 * This content sent before (the checklist's same-content rule): the numbers that received a campaign with any of
 * `keys` (message.ts contentKey), and how many such campaigns went out in the last 24 h. Test sends do not count.
 */
async function sameContentSent(keys: readonly string[], now: number): Promise<{ numbers: Set<string>; campaignsLast24h: number }> {
  const db = getDb();
  const wanted = new Set(keys);
  const campaigns = (await db.campaigns.toArray()).filter((c) => !c.test && (c.contentKeys ?? []).some((k) => wanted.has(k)));
  const numbers = new Set<string>();
  if (campaigns.length > 0) {
    await db.recipients
      .where('campaign')
      .anyOf(campaigns.map((c) => c.id))
      .each((r) => {
        if (r.acceptedAt !== undefined) numbers.add(r.contact);
      });
  }
  return { numbers, campaignsLast24h: campaigns.filter((c) => (c.startedAt ?? c.createdAt) > now - DAY).length };
}

/** Main's campaign states in which a promotion is still queued or sending (second_promotion). */
const ON_ITS_WAY: ReadonlySet<string> = new Set(['scheduled', 'running', 'paused']);

/**
 * Other promotions still on their way (the renderer's copy of main's campaign list: scheduled, running or paused;
 * not tests, not the campaign this draft already became), each with the numbers it goes to.
 */
async function activePromotions(campaignId: string | undefined): Promise<ActiveCampaign[]> {
  const db = getDb();
  const campaigns = (await db.campaigns.toArray()).filter((c) => c.promotional && !c.test && ON_ITS_WAY.has(c.state) && c.id !== campaignId);
  if (campaigns.length === 0) return [];
  const numbers = new Map(campaigns.map((c) => [c.id, new Set<string>()]));
  await db.recipients
    .where('campaign')
    .anyOf([...numbers.keys()])
    .each((r) => void numbers.get(r.campaign)?.add(r.contact));
  return campaigns.map((c) => ({ id: c.id, name: c.name, state: c.state as ActiveCampaign['state'], numbers: numbers.get(c.id) ?? new Set() })); // filtered to ON_ITS_WAY above
}

export function useWizardData(state: WizardState) {
  const bridge = useBridge();
  const settings = useAppStore((s) => s.settings);
  const phones = phoneFacts;
  const [now] = useState(() => Date.now());
  // Re-read when the audience may change (observeAudienceContacts), not for every reply; the snapshot is shared.
  const contacts = useLiveQuery(async () => {
    const db = getDb();
    const [snapshot] = await Promise.all([untracked(() => audienceContacts(db)), observeAudienceContacts(db)]);
    return snapshot.list;
  }, []);
  const labels = useLiveQuery(() => getDb().labels.toArray(), []);
  const [suppressed, setSuppressed] = useState<{ all: Set<string>; unreachable: Set<string> }>({ all: new Set(), unreachable: new Set() });
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [policyView, setPolicyView] = useState<PolicyView | null>(null);
  const [sends, setSends] = useState<Awaited<ReturnType<typeof recentSends>> | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const [sup, tpl, pol, recent] = await Promise.all([bridge.call('suppression:list'), bridge.call('templates:list'), bridge.call('policy:get'), recentSends(now)]);
      if (!live) return;
      if (sup.ok) setSuppressed({ all: new Set(sup.value.map((e) => e.contact)), unreachable: new Set(sup.value.filter((e) => e.reason === 'unreachable').map((e) => e.contact)) });
      if (tpl.ok) setTemplates(tpl.value);
      if (pol.ok) setPolicyView(pol.value);
      setSends(recent);
    })();
    return () => {
      live = false;
    };
  }, [bridge, now]);

  const labelNames = useMemo(() => new Map((labels ?? []).map((l) => [l.id, l.name])), [labels]);
  const byId = useMemo(() => new Map((contacts ?? []).map((c) => [c.id, c])), [contacts]);
  const policy: PacingPolicy = policyView?.effective[state.draft.channel].policy ?? cautiousPolicy(localZone());
  const log = sends?.log;

  const wantUnread = state.audience.skipUnread;
  const [unread, setUnread] = useState<Set<string> | null>(null);
  useEffect(() => {
    if (!wantUnread || unread) return;
    let live = true;
    void unreadRecently(now).then((u) => live && setUnread(u));
    return () => {
      live = false;
    };
  }, [wantUnread, unread, now]);

  const audience: AudienceResult | null = useMemo(() => {
    if (!contacts) return null;
    return evaluateAudience(contacts, state.audience, {
      suppressed: suppressed.all,
      undeliverable: suppressed.unreachable,
      ...(log && state.draft.promotional ? { frequency: { log, cap: policy.promotionalPerContactPer24h, at: now } } : {}),
      ...(unread ? { unread } : {}),
      phones,
      now,
    });
  }, [contacts, state.audience, suppressed, log, state.draft.promotional, policy.promotionalPerContactPer24h, unread, now, phones]);

  const recipients: ContactRecord[] = useMemo(() => (audience ? audience.included.map((id) => byId.get(id)).filter((c): c is ContactRecord => c !== undefined) : []), [audience, byId]);
  const sample: CampaignContact[] = useMemo(() => {
    if (!audience) return [];
    return sampleIds(audience.included, 8, seededRandom(7))
      .map((id) => byId.get(id))
      .filter((c): c is ContactRecord => c !== undefined);
  }, [audience, byId]);

  const renderContext: RenderContext = useMemo(
    () => ({ shopName: settings.shopName, labelNames, formatPhone: (e164: string) => formatPhone(e164, settings.defaultCountry as CountryCode) }),
    [settings.shopName, settings.defaultCountry, labelNames],
  );

  const needsChecklist = state.step === 'checklist' || state.step === 'test' || state.step === 'send';
  // The content as main will get it, as keys: read again when the words change, only once the checklist is needed.
  const contentKeys = useMemo(() => {
    const d = state.draft;
    return [contentKey(toMessageContent(d.message)), ...(state.abTest && d.messageB ? [contentKey(toMessageContent(d.messageB))] : [])].join(',');
  }, [state.draft, state.abTest]);
  const [sameContent, setSameContent] = useState<{ keys: string; value: Awaited<ReturnType<typeof sameContentSent>> } | null>(null);
  useEffect(() => {
    if (!needsChecklist || sameContent?.keys === contentKeys) return;
    let live = true;
    void sameContentSent(contentKeys.split(','), now).then((value) => live && setSameContent({ keys: contentKeys, value }));
    return () => {
      live = false;
    };
  }, [needsChecklist, contentKeys, sameContent, now]);

  // Read once the checklist is needed, and again when the draft becomes a campaign of its own (then it is left out).
  const [active, setActive] = useState<{ for: string | undefined; value: ActiveCampaign[] } | null>(null);
  useEffect(() => {
    if (!needsChecklist || (active && active.for === state.campaignId)) return;
    let live = true;
    const campaignId = state.campaignId;
    void activePromotions(campaignId).then((value) => live && setActive({ for: campaignId, value }));
    return () => {
      live = false;
    };
  }, [needsChecklist, active, state.campaignId]);

  const checklist: ChecklistRun | null = useMemo(() => {
    if (!needsChecklist || !audience || !sends || sameContent?.keys !== contentKeys || !active) return null;
    return runChecklist({
      draft: state.draft,
      recipients,
      templates,
      shop: { name: settings.shopName, language: settings.language },
      labelNames,
      policy,
      history: { daysSinceFirstSend: policyView?.daysSinceFirstSend ?? null, ...sends.history },
      sendLog: sends.log,
      openWindows: sends.openWindows,
      sameContent: sameContent.value,
      unreachable: suppressed.unreachable,
      activeCampaigns: active.value,
      now: Date.now(),
      rates: settings.rateTable ?? DEFAULT_RATE_TABLE, // the shop's own prices (Settings → Prices)
      phones,
    });
    // `policy` is derived from policyView and the channel, both listed.
  }, [needsChecklist, audience, sends, sameContent, contentKeys, active, state.draft, recipients, templates, settings.shopName, settings.language, settings.rateTable, labelNames, policyView, suppressed.unreachable, phones]); // eslint-disable-line react-hooks/exhaustive-deps

  const countryOf = (e164: string) => (e164 === '' ? undefined : phones.get(e164).country);
  return { contacts, countryOf, labels: labels ?? [], labelNames, byId, audience, recipients, sample, templates, policy, policyView, renderContext, checklist, now, loading: !contacts || !sends, unreadLoading: wantUnread && !unread };
}

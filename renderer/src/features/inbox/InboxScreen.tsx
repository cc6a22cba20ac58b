import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { inView, INBOX_VIEWS, type Conversation, type InboxView } from '../../../../shared/domain/inbox/conversation';
import { PRIORITIES, type Priority } from '../../../../shared/domain/inbox/triage';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { isDialogOpen, isTextEntry } from '../../components/keyboard';
import { getDb } from '../../db/db';
import { markConversationRead } from '../../db/inbox';
import { seedStarterQuickReplies } from '../../db/quickReplies';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { ConversationView } from './ConversationView';
import { dueWords, messageText, priorityWithReason } from './inboxWords';
import { QuickRepliesDialog } from './QuickRepliesDialog';
import { StaffDialog } from './StaffDialog';
import { byCurrent, useConversationSync, useStaff } from './useStaff';
import { useBridge } from '../../components/useBridge';
import { useInboxData, useNow } from './useInbox';
import './inbox.css';

/** Rows drawn at first and added each time the end of the list comes into view. */
const ROWS_PAGE = 100;

/** One conversation in the list; drawn again only when its conversation, name, selection or the minute changed. */
const InboxRow = memo(function InboxRow({ c, name, selected, current, now, onOpen, onFocusRow }: { c: Conversation; name: string; selected: boolean; current: boolean; now: number; onOpen: (identity: string) => void; onFocusRow: (identity: string) => void }) {
  const { t, formatRelative } = useI18n();
  const due = c.dueAt !== undefined && c.status === 'open' ? dueWords(t, c.dueAt, now) : undefined;
  return (
    <li>
      <button
        type="button"
        data-identity={c.identity}
        className={`inbox-row${selected ? ' is-selected' : ''}${due?.overdue ? ' is-overdue' : ''}`}
        aria-current={current ? 'true' : undefined}
        onClick={() => onOpen(c.identity)}
        onFocus={() => onFocusRow(c.identity)}
      >
        <span className="inbox-row-top">
          <span className="inbox-row-name">{name}</span>
          <time dateTime={new Date(c.lastActivityAt).toISOString()}>{formatRelative(c.lastActivityAt, now)}</time>
        </span>
        <span className="inbox-row-text">{messageText(t, { type: c.lastType ?? 'text', ...(c.lastText !== undefined ? { text: c.lastText } : {}) })}</span>
        <span className="inbox-row-meta">
          {c.priority && c.reason && <span className={`inbox-priority priority-${c.priority}`}>{priorityWithReason(t, c.priority, c.reason)}</span>}
          {due && <span className={due.overdue ? 'inbox-due is-overdue' : 'inbox-due'}>{due.text}</span>}
          {c.status !== 'open' && <span className="inbox-status">{t(`inbox.status.${c.status}`)}</span>}
          {c.assignee !== undefined && <span className="inbox-assignee">{t('inbox.assign.row', { staff: c.assignee })}</span>}
          {c.unread > 0 && <span className="inbox-unread">{t('inbox.unread', { count: c.unread })}</span>}
        </span>
      </button>
    </li>
  );
});

/**
 * The replies inbox (issue 14): one conversation per customer. Views: Needs an answer (soonest due first), All and
 * Done (newest first); filters by priority, label (the customer's contact), channel (WhatsApp or the Sandbox) and
 * campaign; search by name, number or text. Keys (not while typing):
 * j / k or the arrows move between conversations, Enter opens one, Esc goes back to the list.
 */
export function InboxScreen() {
  const { t, formatRelative } = useI18n();
  const data = useInboxData();
  const now = useNow();
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const [view, setView] = useState<InboxView>('needs_answer');
  const [priority, setPriority] = useState<'all' | Priority>('all');
  const [campaign, setCampaign] = useState('all');
  const [label, setLabel] = useState('all');
  const [channel, setChannel] = useState<'all' | 'whatsapp' | 'sandbox'>('all');
  const labels = useLiveQuery(() => getDb().labels.toArray(), []);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [opened, setOpened] = useState<string | undefined>();
  const [managing, setManaging] = useState(false);
  const [staffOpen, setStaffOpen] = useState(false);
  const bridge = useBridge();
  const staff = useStaff();
  const sync = useConversationSync();
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    // The starter quick replies, the first time the inbox opens.
    void seedStarterQuickReplies(getDb(), Date.now()).catch((error: unknown) => console.warn('Shopcast: quick replies not seeded', error));
  }, []);

  const nameOf = (c: Conversation): string => data?.contacts.get(c.identity)?.name || data?.usernames.get(c.identity) || formatPhone(c.identity, country);

  const shown = useMemo(() => {
    if (!data) return [];
    const q = query.trim().toLowerCase();
    const digits = q.replace(/[^\d]/g, '');
    return inView(data.conversations, view, staff.current).filter((c) => {
      if (priority !== 'all' && c.priority !== priority) return false;
      if (campaign !== 'all' && !c.campaigns.includes(campaign)) return false;
      if (channel !== 'all' && c.sandboxOnly !== (channel === 'sandbox')) return false;
      if (label !== 'all' && !(data.contacts.get(c.identity)?.labelIds.includes(Number(label)) ?? false)) return false;
      if (q === '') return true;
      const name = data.contacts.get(c.identity)?.name.toLowerCase() ?? '';
      return name.includes(q) || (digits !== '' && c.identity.replace(/\D/g, '').includes(digits.replace(/^0/, ''))) || (data.texts.get(c.identity) ?? '').includes(q);
    });
  }, [data, view, priority, campaign, label, channel, query, staff.current]);

  // The labels the inbox's customers carry, by name.
  const labelsInInbox = useMemo(() => {
    if (!data || !labels) return [];
    const carried = new Set([...data.contacts.values()].flatMap((c) => c.labelIds));
    return labels.filter((l) => carried.has(l.id)).sort((a, b) => a.name.localeCompare(b.name));
  }, [data, labels]);

  const campaignsInInbox = useMemo(() => {
    if (!data) return [];
    const ids = new Set(data.conversations.flatMap((c) => c.campaigns));
    return [...ids].map((id) => ({ id, name: data.campaignNames.get(id) ?? id })).sort((a, b) => a.name.localeCompare(b.name));
  }, [data]);

  const open = (identity: string) => {
    setSelected(identity);
    setOpened(identity);
    const c = data?.conversations.find((x) => x.identity === identity);
    if (c && c.unread > 0) void markConversationRead(getDb(), bridge, identity, Date.now(), byCurrent(staff));
  };

  // Rows get one callback for the screen's life (a memoised row re-renders only when its own conversation changed).
  const openRef = useRef(open);
  openRef.current = open;
  const onOpen = useCallback((identity: string) => openRef.current(identity), []);

  // The first ROWS_PAGE rows are drawn, then more as the end of the list scrolls into view (or the keys move past it).
  const [limit, setLimit] = useState(ROWS_PAGE);
  useEffect(() => setLimit(ROWS_PAGE), [view, priority, campaign, label, channel, query]);
  const moreRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const more = moreRef.current;
    if (!more || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setLimit((l) => l + ROWS_PAGE);
    });
    observer.observe(more);
    return () => observer.disconnect();
  });

  const focusRow = (identity: string) => {
    listRef.current?.querySelector<HTMLButtonElement>(`[data-identity="${CSS.escape(identity)}"]`)?.focus();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isDialogOpen()) return;
      if (e.key === 'Escape' && opened !== undefined) {
        e.preventDefault();
        const back = opened;
        setOpened(undefined);
        window.setTimeout(() => focusRow(back), 0);
        return;
      }
      if (isTextEntry(e.target)) return;
      const down = e.key === 'j' || e.key === 'ArrowDown';
      const up = e.key === 'k' || e.key === 'ArrowUp';
      if (!down && !up) return;
      if (shown.length === 0) return;
      e.preventDefault();
      const at = shown.findIndex((c) => c.identity === selected);
      const index = Math.max(0, Math.min(shown.length - 1, at < 0 ? 0 : at + (down ? 1 : -1)));
      const next = shown[index]!; // clamped to the list
      setSelected(next.identity);
      if (index >= limit) {
        setLimit(index + ROWS_PAGE);
        window.setTimeout(() => focusRow(next.identity), 0);
      } else focusRow(next.identity);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const openedConversation = opened !== undefined ? data?.conversations.find((c) => c.identity === opened) : undefined;

  return (
    <section className="inbox-screen" aria-labelledby="inbox-title">
      <header className="inbox-header">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <label className="inbox-staff-switch">
          <span>{t('inbox.staff.label')}</span>
          <select
            value={staff.current ?? ''}
            onChange={(e) => {
              const current = e.target.value === '' ? null : e.target.value;
              void bridge.call('inbox:setStaff', { names: staff.names, current }).then(() => sync.pull());
            }}
          >
            <option value="">{t('inbox.staff.nobody')}</option>
            {staff.names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setStaffOpen(true)}>
          {t('inbox.staff.manage')}
        </button>
        <button type="button" onClick={() => setManaging(true)}>
          {t('inbox.quick.manage')}
        </button>
      </header>
      <div className="inbox-tools">
        <div className="inbox-views" role="group" aria-label={t('inbox.views')}>
          {INBOX_VIEWS.map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {t(`inbox.view.${v}`)}
            </button>
          ))}
        </div>
        <label>
          <span>{t('inbox.filter.priority')}</span>
          <select value={priority} onChange={(e) => setPriority(e.target.value as 'all' | Priority)}>
            <option value="all">{t('inbox.filter.priority.all')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`inbox.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('inbox.filter.label')}</span>
          <select value={label} onChange={(e) => setLabel(e.target.value)}>
            <option value="all">{t('inbox.filter.label.all')}</option>
            {labelsInInbox.map((l) => (
              <option key={l.id} value={String(l.id)}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('inbox.filter.channel')}</span>
          <select value={channel} onChange={(e) => setChannel(e.target.value as 'all' | 'whatsapp' | 'sandbox')}>
            <option value="all">{t('inbox.filter.channel.all')}</option>
            <option value="whatsapp">{t('inbox.filter.channel.whatsapp')}</option>
            <option value="sandbox">{t('inbox.filter.channel.sandbox')}</option>
          </select>
        </label>
        <label>
          <span>{t('inbox.filter.campaign')}</span>
          <select value={campaign} onChange={(e) => setCampaign(e.target.value)}>
            <option value="all">{t('inbox.filter.campaign.all')}</option>
            {campaignsInInbox.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <input type="search" className="inbox-search" aria-label={t('inbox.search')} placeholder={t('inbox.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="inbox-body">
        <div className="inbox-list-pane">
          {data === undefined ? (
            <p aria-live="polite">{t('inbox.loading')}</p>
          ) : shown.length === 0 ? (
            <p className="inbox-empty">{data.conversations.length > 0 && (query !== '' || priority !== 'all' || campaign !== 'all' || label !== 'all' || channel !== 'all') ? t('inbox.empty.filtered') : view === 'mine' && staff.current === null ? t('inbox.empty.mine.nobody') : t(`inbox.empty.${view}`)}</p>
          ) : (
            <>
              <ol ref={listRef} className="inbox-list" aria-label={t('inbox.list')}>
                {shown.slice(0, limit).map((c) => (
                  <InboxRow key={c.identity} c={c} name={nameOf(c)} selected={c.identity === selected} current={c.identity === opened} now={now} onOpen={onOpen} onFocusRow={setSelected} />
                ))}
              </ol>
              {shown.length > limit && <div ref={moreRef} className="inbox-more" aria-hidden="true" />}
            </>
          )}
        </div>
        {openedConversation && data ? (
          <ConversationView
            key={openedConversation.identity}
            conversation={openedConversation}
            contact={data.contacts.get(openedConversation.identity)}
            name={nameOf(openedConversation)}
            now={now}
            onBack={() => {
              const back = openedConversation.identity;
              setOpened(undefined);
              window.setTimeout(() => focusRow(back), 0);
            }}
          />
        ) : (
          <p className="inbox-placeholder">{t('inbox.selectOne')}</p>
        )}
      </div>
      {managing && <QuickRepliesDialog onClose={() => setManaging(false)} />}
      {staffOpen && <StaffDialog onClose={() => setStaffOpen(false)} />}
    </section>
  );
}

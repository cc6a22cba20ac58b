import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import type { Conversation } from '../../../../shared/domain/inbox/conversation';
import { PRIORITIES, type Priority } from '../../../../shared/domain/inbox/triage';
import type { ContactRecord, InboxRecord } from '../../db/db';
import { getDb } from '../../db/db';
import { assignConversation, loadThread, markConversationDone, reopenConversation, setConversationPriority, type ThreadItem } from '../../db/inbox';
import { useBridge } from '../../components/useBridge';
import type { Result } from '../../../../shared/lib/result';
import { useI18n } from '../../i18n/useI18n';
import { DEFAULT_RATE_TABLE } from '../../../../shared/domain/campaign/costs';
import { useAppStore } from '../../store/useAppStore';
import { AnswerBox } from './AnswerBox';
import { answerContentWords, billedWords } from './answerWords';
import { CustomerPanel } from './CustomerPanel';
import { answerReasonWords, answerStateWord, messageText, priorityWord, priorityWithReason } from './inboxWords';
import { useAnswers, useTriageRules } from './useInbox';
import { byCurrent, useStaff } from './useStaff';

/** One conversation: the whole thread, its priority (changeable) and status, the answer box, and the customer beside it. */
export function ConversationView({ conversation: c, contact, name, now, onBack }: { conversation: Conversation; contact: ContactRecord | undefined; name: string; now: number; onBack: () => void }) {
  const { t, formatDateTime } = useI18n();
  const rules = useTriageRules();
  const headingId = useId();
  const allAnswers = useAnswers();
  const answers = useMemo(() => allAnswers.filter((a) => a.to === c.identity), [allAnswers, c.identity]);
  const [quote, setQuote] = useState<InboxRecord | undefined>();
  // The thread's answers are the stored copies (sync/answersFeed.ts writes them before the feed shows them).
  const thread = useLiveQuery(() => loadThread(getDb(), c.identity, rules), [c.identity, rules, c.lastActivityAt, c.status, c.priority]);

  const bridge = useBridge();
  const staff = useStaff();
  const who = byCurrent(staff);
  const [actionFailed, setActionFailed] = useState(false);
  /** Each change goes to main (it keeps them); the screen says so when main did not take it. */
  const run = (change: Promise<Result<unknown>>) =>
    void change.then(
      (r) => setActionFailed(!r.ok),
      () => setActionFailed(true),
    );
  const changePriority = (p: Priority) => run(setConversationPriority(getDb(), bridge, c.identity, p, Date.now(), who));
  const done = () => run(markConversationDone(getDb(), bridge, c.identity, Date.now(), who));
  const reopen = () => run(reopenConversation(getDb(), bridge, c.identity, Date.now(), who));
  const assign = (to: string) => run(assignConversation(getDb(), bridge, c.identity, to === '' ? null : to, Date.now(), who));
  // The assignee may have been removed from the list since: still shown.
  const assignable = c.assignee !== undefined && !staff.names.includes(c.assignee) ? [...staff.names, c.assignee] : staff.names;

  return (
    <div className="inbox-conversation-wrap">
      <section className="inbox-conversation" aria-labelledby={headingId}>
        <header className="inbox-conversation-header">
          <button type="button" className="link-button" onClick={onBack}>
            {t('inbox.back')}
          </button>
          <h2 id={headingId}>{t('inbox.thread', { name })}</h2>
          <p className="inbox-conversation-state">
            <span className="inbox-status">{t(`inbox.status.${c.status}`)}</span>
            {c.priority && c.reason && (
              <span className={`inbox-priority priority-${c.priority}`}>
                {priorityWithReason(t, c.priority, c.reason)}
                {c.reasonWord && ` · ${t('inbox.matched', { word: c.reasonWord })}`}
              </span>
            )}
          </p>
          <div className="inbox-conversation-actions">
            {c.status === 'open' && (
              <label>
                <span>{t('inbox.priorityLabel')}</span>
                <select value={c.priority ?? 'medium'} onChange={(e) => changePriority(e.target.value as Priority)}>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {priorityWord(t, p)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {assignable.length > 0 && (
              <label>
                <span>{t('inbox.assign.label')}</span>
                <select value={c.assignee ?? ''} onChange={(e) => assign(e.target.value)}>
                  <option value="">{t('inbox.assign.nobody')}</option>
                  {assignable.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {c.status === 'done' ? (
              <button type="button" onClick={reopen}>
                {t('inbox.reopen')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={done}>
                {t('inbox.markDone')}
              </button>
            )}
          </div>
          {actionFailed && (
            <p role="alert" className="inbox-answer-problem">
              {t('inbox.actionFailed')}
            </p>
          )}
        </header>
        <ol className="inbox-thread" aria-label={t('inbox.threadLabel')}>
          {(thread ?? []).map((item) => (
            <ThreadEntry key={item.key} item={item} when={formatDateTime(item.at)} onQuote={setQuote} />
          ))}
        </ol>
        <AnswerBox conversation={c} contact={contact} now={now} answers={answers} quote={quote?.from === c.identity ? quote : undefined} onUnquote={() => setQuote(undefined)} />
      </section>
      <CustomerPanel identity={c.identity} contact={contact} name={name} thread={thread ?? []} />
    </div>
  );
}

function ThreadEntry({ item, when, onQuote }: { item: ThreadItem; when: string; onQuote: (m: InboxRecord) => void }) {
  const locale = useI18n();
  const { t } = locale;
  const rates = useAppStore((s) => s.settings.rateTable); // the shop's own prices, for "billed ₩N"
  const time = <time dateTime={new Date(item.at).toISOString()}>{when}</time>;
  switch (item.kind) {
    case 'campaign':
      return (
        <li className="bubble bubble-ours">
          <span className="bubble-text">{t('inbox.thread.campaign', { campaign: item.campaignName })}</span>
          <span className="bubble-meta">
            {t(`campaigns.stage.${item.stage}`)} · {time}
            {item.sandbox && ` · ${t('inbox.sandbox')}`}
          </span>
        </li>
      );
    case 'inbound':
      return (
        <li className="bubble bubble-theirs">
          {item.campaignName && <span className="bubble-quote">{t('inbox.thread.answers', { campaign: item.campaignName })}</span>}
          <span className="bubble-text">{messageText(t, item.message)}</span>
          <span className="bubble-meta">
            {time} · <span className={`inbox-priority priority-${item.triage.priority}`}>{priorityWithReason(t, item.triage.priority, item.triage.reason)}</span>
            {item.message.sandbox && ` · ${t('inbox.sandbox')}`}
            {' · '}
            <button type="button" className="link-button" onClick={() => onQuote(item.message)}>
              {t('inbox.answer.quote')}
            </button>
          </span>
        </li>
      );
    case 'answer': {
      const a = item.answer;
      const words = answerContentWords(t, a.content);
      const billed = billedWords(locale, a, rates ?? DEFAULT_RATE_TABLE);
      const trouble = a.state === 'failed' || a.state === 'not_sent' || a.state === 'unclear';
      return (
        <li className={`bubble bubble-ours answer-${a.state}`} data-answer-state={a.state}>
          {item.quoted && <span className="bubble-quote">{messageText(t, item.quoted)}</span>}
          <span className="visually-hidden">{t('inbox.answer.ours')}: </span>
          <span className="bubble-text">{words}</span>
          {a.content.kind === 'media' && a.content.link !== undefined && <span className="bubble-link" style={{ overflowWrap: 'anywhere' }}>{a.content.link}</span>}
          <span className="bubble-meta">
            <span className="answer-ticks">{answerStateWord(t, a.state)}</span>
            {billed && ` · ${billed}`}
            {trouble && ` · ${answerReasonWords(t, a)}`} · {time}
            {a.staff && ` · ${t('inbox.answer.by', { staff: a.staff })}`}
            {a.automatic && ` · ${automaticWords(t, a.automatic.source)}`}
            {a.channel === 'sandbox' && ` · ${t('inbox.sandbox')}`}
            {a.channel === 'assisted' && ` · ${t('inbox.answer.assisted.thread')}`}
          </span>
        </li>
      );
    }
    case 'note':
      return (
        <li className="thread-event">
          {t('inbox.thread.note')}: {item.text} · {time}
        </li>
      );
    case 'done':
      return (
        <li className="thread-event">
          {t('inbox.thread.done')} · {time}
        </li>
      );
    case 'priority':
      return (
        <li className="thread-event">
          {t('inbox.thread.priority', { priority: priorityWord(t, item.priority) })} · {time}
        </li>
      );
    case 'assign':
      return (
        <li className="thread-event">
          {item.staff !== null ? t('inbox.thread.assigned', { staff: item.staff }) : t('inbox.thread.unassigned')} · {time}
        </li>
      );
  }
}

/** An automated answer in the thread: "automatic (keyword rule “배송 문의”)", "automatic (away message)". */
function automaticWords(t: ReturnType<typeof useI18n>['t'], source: string): string {
  if (source === 'greeting') return t('inbox.answer.automaticGreeting');
  if (source === 'away') return t('inbox.answer.automaticAway');
  return t('inbox.answer.automaticRule', { rule: source.startsWith('keyword:') ? source.slice('keyword:'.length) : source });
}

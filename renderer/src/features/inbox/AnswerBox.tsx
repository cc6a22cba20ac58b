import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { waMeUrl } from '../../../../shared/domain/assisted';
import type { RenderContext } from '../../../../shared/domain/campaign/render';
import type { Conversation } from '../../../../shared/domain/inbox/conversation';
import { classifyError } from '../../../../shared/domain/errorCodes';
import { serviceWindow } from '../../../../shared/domain/inbox/due';
import { fillQuickReply, filterQuickReplies, guessLanguage, slashQuery } from '../../../../shared/domain/inbox/quickReplies';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import type { MessageContent } from '../../../../shared/domain/message';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import { useBridge } from '../../components/useBridge';
import { getDb, type ContactRecord, type InboxRecord } from '../../db/db';
import { listQuickReplies } from '../../db/quickReplies';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { answersFeedFor } from '../../sync/answersFeed';
import { answerReasonWords, answerRefusalWords, durationWords, messageText } from './inboxWords';
import { TemplatePicker } from './TemplatePicker';
import { useStaff } from './useStaff';

/** How many quick replies the "/" list shows at once. */
const SHOWN = 8;

/** WhatsApp's answers after which sending the same again cannot work (a template is needed, or the number cannot receive). */
const HOPELESS = new Set(['needs_template', 'unreachable', 'suppress']);

/** Whether "Send again" is offered for an answer that did not go: not when WhatsApp's code says it would fail again. */
export function mayRetry(a: Pick<AnswerView, 'code'>): boolean {
  return a.code === undefined || !HOPELESS.has(classifyError(a.code).action);
}

/** Answers that went (or may have): a later failure is shown only when it came after the last of these. */
const WENT = new Set(['sending', 'accepted', 'sent', 'delivered', 'read']);

/**
 * The answers of this conversation that still need the person: failed, not sent or unclear after the last answer
 * that went (a later answer means the person has moved on; the thread still shows the old one as it is), newest
 * first, one per text (a retried answer that failed again is shown once).
 */
export function answersNeedingPerson(answers: readonly AnswerView[]): AnswerView[] {
  const lastWent = answers.reduce((m, a) => (WENT.has(a.state) ? Math.max(m, a.createdAt) : m), -Infinity);
  const seen = new Set<string>();
  const out: AnswerView[] = [];
  for (const a of [...answers].sort((x, y) => y.createdAt - x.createdAt)) {
    const stuck = (a.state === 'unclear' || a.state === 'failed' || a.state === 'not_sent') && a.createdAt > lastWent;
    const key = a.content.kind === 'text' ? a.content.body : a.id;
    if (!stuck || seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/**
 * The answer box: the 24-hour window in plain words, "/" for quick replies (filtered as you type; Enter or Tab
 * inserts it with the customer's variables filled, Esc closes the list). On the Cloud API and the Sandbox the answer
 * is sent by main (`inbox:answer`: journaled, never twice); a refusal keeps the text in the box with the reason in
 * words, and an answer that failed later is shown above the box with its reason and "Send again" (never lost). For
 * Assisted shops it opens the chat in WhatsApp with the answer filled in: the person sends it there.
 */
export function AnswerBox({
  conversation: c,
  contact,
  now,
  answers,
  quote,
  onUnquote,
}: {
  conversation: Conversation;
  contact: ContactRecord | undefined;
  now: number;
  /** This customer's answers (main's, with their ticks). */
  answers: readonly AnswerView[];
  /** The customer's message being answered (quoted), if the person chose one. */
  quote?: InboxRecord | undefined;
  onUnquote?: () => void;
}) {
  const { t } = useI18n();
  const bridge = useBridge();
  const staff = useStaff(); // each answer records who sent it: the person at the counter
  const boxId = useId();
  const listId = useId();
  const hintId = useId();
  const settings = useAppStore((s) => s.settings);
  const showToast = useAppStore((s) => s.showToast);
  const quickReplies = useLiveQuery(() => listQuickReplies(getDb()), []);
  const labels = useLiveQuery(() => getDb().labels.toArray(), []);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  /** The person chose "Send a template" inside the window (outside it the box offers only templates). */
  const [templateMode, setTemplateMode] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  const language = guessLanguage(c.lastText ?? '') ?? settings.language;
  const slash = slashQuery(text, caret);
  const showList = slash !== undefined && closedAt !== slash.start;
  const matches = useMemo(() => (showList && quickReplies ? filterQuickReplies(quickReplies, slash.query, language).slice(0, SHOWN) : []), [showList, quickReplies, slash?.query, language]);
  const ctx: RenderContext = useMemo(
    () => ({ shopName: settings.shopName, labelNames: new Map((labels ?? []).map((l) => [l.id, l.name])), formatPhone: (p: string) => formatPhone(p, settings.defaultCountry as CountryCode) }),
    [settings.shopName, settings.defaultCountry, labels],
  );

  const insert = (index: number) => {
    const q = matches[index];
    if (!q || !slash) return;
    const filled = fillQuickReply(q, contact, ctx).text;
    const next = text.slice(0, slash.start) + filled + text.slice(slash.end);
    const at = slash.start + filled.length;
    setText(next);
    setCaret(at);
    setActive(0);
    window.requestAnimationFrame(() => {
      ref.current?.setSelectionRange(at, at);
      ref.current?.focus();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!showList || matches.length === 0) {
      if (e.key === 'Escape' && showList && slash) {
        e.stopPropagation();
        setClosedAt(slash.start);
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      insert(Math.min(active, matches.length - 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setClosedAt(slash?.start);
    }
  };

  const window24 = serviceWindow(c.lastInboundAt, now);
  const channel = settings.sendingChannel;
  const assisted = channel === 'assisted';
  const optedOut = contact?.optInStatus === 'opted_out';
  const stuck = useMemo(() => answersNeedingPerson(answers), [answers]);

  /** Sends through main; the text stays in the box until main has journaled it, and stays on a refusal. */
  const send = async (body: string, quoted: string | undefined, fromBox: boolean) => {
    if (channel === 'assisted' || body.trim() === '' || busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await bridge.call('inbox:answer', { to: c.identity, content: { kind: 'text', body }, channel, ...(quoted !== undefined ? { quote: quoted } : {}), ...(staff.current !== null ? { staff: staff.current } : {}) });
      if (!r.ok) {
        if (!fromBox) setText(body); // a retry that main refused: back in the box, with the reason
        setProblem(answerRefusalWords(t, r.error));
        return;
      }
      if (fromBox) {
        setText('');
        onUnquote?.();
      }
      await answersFeedFor(bridge).pull();
    } finally {
      setBusy(false);
    }
  };
  /** Sends a template through main (allowed outside the window); true when main journaled it. */
  const sendTemplate = async (content: Extract<MessageContent, { kind: 'template' }>): Promise<boolean> => {
    if (channel === 'assisted' || busy) return false;
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await bridge.call('inbox:answer', { to: c.identity, content, channel, ...(quote ? { quote: quote.id } : {}), ...(staff.current !== null ? { staff: staff.current } : {}) });
      if (!r.ok) {
        setProblem(answerRefusalWords(t, r.error));
        return false;
      }
      onUnquote?.();
      setTemplateMode(false);
      await answersFeedFor(bridge).pull();
      return true;
    } finally {
      setBusy(false);
    }
  };
  const edit = (a: AnswerView) => {
    if (a.content.kind === 'text') setText(a.content.body);
    window.requestAnimationFrame(() => ref.current?.focus());
  };
  let link: string | undefined;
  try {
    link = assisted && text.trim() !== '' ? waMeUrl(c.identity, text) : undefined;
  } catch {
    link = undefined; // not an E.164 number or too long: the button stays off
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      showToast({ tone: 'success', message: t('inbox.answer.copied') });
    } catch {
      // The clipboard was refused: the text is in the box to select by hand.
    }
  };
  const activeId = showList && matches.length > 0 ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined;

  // The message this answer quotes, with a way to drop the quote: the same above the template picker and the text box.
  const quoting = quote && (
    <p className="inbox-answer-quoting">
      {t('inbox.answer.quoting', { text: messageText(t, quote) })}{' '}
      <button type="button" className="link-button" onClick={onUnquote}>
        {t('inbox.answer.unquote')}
      </button>
    </p>
  );

  return (
    <div className="inbox-answer">
      <p className={window24.open ? 'inbox-window is-open' : 'inbox-window is-closed'} role="status">
        {window24.open ? t('inbox.window.open', { time: durationWords(t, window24.leftMs) }) : t('inbox.window.closed')}
      </p>
      {!assisted && !window24.open && <p className="field-hint">{t('inbox.answer.templateOnly')}</p>}
      {optedOut && <p className="field-hint">{t('inbox.answer.optedOut')}</p>}
      {stuck.map((a) => {
        const words = a.content.kind === 'text' ? a.content.body : a.id;
        const reason = answerReasonWords(t, a);
        return (
          <div key={a.id} className="inbox-answer-stuck" role="alert">
            <p>{a.state === 'unclear' ? t('inbox.answer.unclearBox', { text: words, reason }) : t('inbox.answer.failedBox', { text: words, reason })}</p>
            {a.content.kind === 'text' && !assisted && (
              <p className="inbox-answer-actions">
                {mayRetry(a) && (
                  <button type="button" disabled={busy} onClick={() => void send(a.content.kind === 'text' ? a.content.body : '', a.quote, false)}>
                    {a.state === 'unclear' ? t('inbox.answer.sendAgainAnyway') : t('inbox.answer.retry')}
                  </button>
                )}
                <button type="button" className="link-button" onClick={() => edit(a)}>
                  {t('inbox.answer.edit')}
                </button>
              </p>
            )}
          </div>
        );
      })}
      {!assisted && (templateMode || !window24.open) ? (
        <>
          {quoting}
          <TemplatePicker channel={channel} optIn={contact?.optInStatus} customerName={contact?.name} busy={busy} onSend={sendTemplate} />
          {window24.open && (
            <p>
              <button type="button" className="link-button" onClick={() => setTemplateMode(false)}>
                {t('inbox.answer.writeText')}
              </button>
            </p>
          )}
        </>
      ) : (
      <>
      <label htmlFor={boxId}>{t('inbox.answer')}</label>
      {quoting}
      <div className="inbox-answer-field">
        <textarea
          id={boxId}
          ref={ref}
          rows={3}
          value={text}
          aria-describedby={hintId}
          aria-autocomplete="list"
          aria-expanded={showList && matches.length > 0}
          aria-controls={showList ? listId : undefined}
          aria-activedescendant={activeId}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {showList && (
          <ul id={listId} role="listbox" className="quick-list" aria-label={t('inbox.quick.list')}>
            {matches.length === 0 && <li className="quick-none">{t('inbox.quick.none', { query: slash.query })}</li>}
            {matches.map((q, i) => (
              <li
                key={q.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === Math.min(active, matches.length - 1)}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(i);
                }}
              >
                <span className="quick-shortcut">/{q.shortcut}</span> <span className="quick-lang">{q.language}</span> <span className="quick-text">{q.text}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p id={hintId} className="field-hint">
        {t('inbox.answer.slashHint')}
      </p>
      <div className="inbox-answer-actions">
        {assisted ? (
          <>
            {link ? (
              <a className="button primary" href={link} target="_blank" rel="noreferrer">
                {t('inbox.answer.openWhatsApp')}
              </a>
            ) : (
              <button type="button" className="primary" disabled>
                {t('inbox.answer.openWhatsApp')}
              </button>
            )}
            <span className="field-hint">{t('inbox.answer.assistedHint')}</span>
          </>
        ) : (
          <>
            <button type="button" className="primary" disabled={text.trim() === '' || busy || !window24.open} onClick={() => void send(text, quote?.id, true)}>
              {busy ? t('inbox.answer.sendingNow') : t('inbox.answer.send')}
            </button>
            <button type="button" disabled={text.trim() === ''} onClick={() => void copy()}>
              {t('inbox.answer.copy')}
            </button>
            <span className="field-hint">{channel === 'sandbox' ? t('inbox.answer.sandboxHint') : t('inbox.answer.cloudHint')}</span>
            <button type="button" className="link-button" onClick={() => setTemplateMode(true)}>
              {t('inbox.answer.useTemplate')}
            </button>
          </>
        )}
      </div>
      </>
      )}
      {problem && (
        <p className="inbox-answer-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

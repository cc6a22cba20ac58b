import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { waMeUrl } from '../../../../shared/domain/assisted';
import { DEFAULT_RATE_TABLE } from '../../../../shared/domain/campaign/costs';
import type { RenderContext } from '../../../../shared/domain/campaign/render';
import { answerCost } from '../../../../shared/domain/inbox/answerCost';
import { guessMediaType, mediaAnswer } from '../../../../shared/domain/inbox/answerMedia';
import type { Conversation } from '../../../../shared/domain/inbox/conversation';
import { classifyError } from '../../../../shared/domain/errorCodes';
import { looksLikeUserId } from '../../../../shared/domain/identity';
import { serviceWindow } from '../../../../shared/domain/inbox/due';
import { fillQuickReply, filterQuickReplies, guessLanguage, slashQuery } from '../../../../shared/domain/inbox/quickReplies';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import type { MediaType, MessageContent } from '../../../../shared/domain/message';
import type { TemplateCategory } from '../../../../shared/domain/template';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import { useBridge } from '../../components/useBridge';
import { getDb, type ContactRecord, type InboxRecord } from '../../db/db';
import { listQuickReplies } from '../../db/quickReplies';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { answersFeedFor } from '../../sync/answersFeed';
import { answerContentWords, answerCostWords, isMediaTrouble, mediaKindWord, mediaProblemWords } from './answerWords';
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
    const key = a.content.kind === 'text' ? a.content.body : a.content.kind === 'media' ? `media|${a.content.link ?? a.content.id ?? ''}|${a.content.caption ?? ''}` : a.id;
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
 * words, and an answer that failed later is shown above the box with its reason and "Send again" (never lost).
 * Inside the window the answer may be a link to a picture, video or document (answerMedia.ts: https only, the kind
 * picked or guessed), sent as WhatsApp media; a file WhatsApp cannot take (131053) stays above the box with the way
 * forward. Before sending, the line under the box says what the answer costs by the shop's rate table
 * (answerCost.ts: a service message inside the window, billed from 2026-10-01; a template by its category).
 * For Assisted shops it opens the chat in WhatsApp with the answer filled in: the person sends it there, then
 * "I sent it" records it in main (`inbox:answer` on the `assisted` channel: journaled as sent, never sent by main),
 * so it shows in the thread and counts as answered. A customer known only by a user id cannot be opened on wa.me.
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
  const locale = useI18n();
  const { t } = locale;
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
  /** The person chose "Add a link to a picture, video or document": the box holds a link and a caption. */
  const [mediaMode, setMediaMode] = useState(false);
  const [mediaLink, setMediaLink] = useState('');
  const [mediaCaption, setMediaCaption] = useState('');
  const [mediaPick, setMediaPick] = useState<MediaType | ''>('');
  /** Assisted: the text of the chat the person opened in WhatsApp (what "I sent it" records). */
  const [opened, setOpened] = useState<string | undefined>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const mediaLinkId = useId();
  const mediaCaptionId = useId();
  const mediaTypeId = useId();
  const mediaProblemId = useId();

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
  const userIdOnly = looksLikeUserId(c.identity); // wa.me needs a phone number (DOMAIN.md §2 "Identity")
  const media = mediaAnswer({ link: mediaLink, caption: mediaCaption, ...(mediaPick !== '' ? { type: mediaPick } : {}) });
  const guessed = guessMediaType(mediaLink);
  const table = settings.rateTable ?? DEFAULT_RATE_TABLE; // the shop's own prices (Settings → Prices)
  const freeCost = answerCost(table, { kind: 'free', to: c.identity, windowOpen: window24.open, now });
  const templateCost = (category: TemplateCategory) => answerCostWords(locale, answerCost(table, { kind: 'template', to: c.identity, category, windowOpen: window24.open, now }), channel === 'sandbox');

  /** Puts an answer's content back in the box (text, or the media link with its caption and kind). */
  const restore = (content: MessageContent) => {
    if (content.kind === 'text') {
      setMediaMode(false);
      setText(content.body);
      window.requestAnimationFrame(() => ref.current?.focus());
    } else if (content.kind === 'media') {
      setMediaMode(true);
      setMediaLink(content.link ?? '');
      setMediaCaption(content.caption ?? '');
      setMediaPick(content.mediaType);
      window.requestAnimationFrame(() => linkRef.current?.focus());
    }
  };

  /** Sends through main; the answer stays in the box until main has journaled it, and stays on a refusal. */
  const send = async (content: MessageContent, quoted: string | undefined, fromBox: boolean) => {
    if (channel === 'assisted' || (content.kind === 'text' && content.body.trim() === '') || busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await bridge.call('inbox:answer', { to: c.identity, content, channel, ...(quoted !== undefined ? { quote: quoted } : {}), ...(staff.current !== null ? { staff: staff.current } : {}) });
      if (!r.ok) {
        if (!fromBox) restore(content); // a retry that main refused: back in the box, with the reason
        setProblem(answerRefusalWords(t, r.error));
        return;
      }
      if (fromBox) {
        if (content.kind === 'media') {
          setMediaLink('');
          setMediaCaption('');
          setMediaPick('');
          setMediaMode(false);
        } else setText('');
        onUnquote?.();
      }
      await answersFeedFor(bridge).pull();
    } finally {
      setBusy(false);
    }
  };
  /** Assisted: the person sent the opened chat's text in WhatsApp; main records it as sent (never sends it). */
  const markSent = async () => {
    if (channel !== 'assisted' || opened === undefined || busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await bridge.call('inbox:answer', { to: c.identity, content: { kind: 'text', body: opened }, channel: 'assisted', ...(quote ? { quote: quote.id } : {}), ...(staff.current !== null ? { staff: staff.current } : {}) });
      if (!r.ok) {
        setProblem(answerRefusalWords(t, r.error));
        return;
      }
      if (text === opened) setText('');
      setOpened(undefined);
      onUnquote?.();
      showToast({ tone: 'success', message: t('inbox.answer.assisted.marked') });
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
  const edit = (a: AnswerView) => restore(a.content);
  let link: string | undefined;
  try {
    link = assisted && !userIdOnly && text.trim() !== '' ? waMeUrl(c.identity, text) : undefined;
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
        const words = answerContentWords(t, a.content);
        const reason = answerReasonWords(t, a);
        return (
          <div key={a.id} className="inbox-answer-stuck" role="alert">
            <p>{a.state === 'unclear' ? t('inbox.answer.unclearBox', { text: words, reason }) : t('inbox.answer.failedBox', { text: words, reason })}</p>
            {isMediaTrouble(a) && <p className="field-hint">{t('inbox.answer.media.tooLargeHint')}</p>}
            {(a.content.kind === 'text' || a.content.kind === 'media') && !assisted && a.channel !== 'assisted' && (
              <p className="inbox-answer-actions">
                {mayRetry(a) && (
                  <button type="button" disabled={busy || !window24.open} onClick={() => void send(a.content, a.quote, false)}>
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
          <TemplatePicker channel={channel} optIn={contact?.optInStatus} customerName={contact?.name} busy={busy} onSend={sendTemplate} costWords={templateCost} />
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
      {mediaMode && !assisted ? (
        <div className="inbox-answer-media" role="group" aria-label={t('inbox.answer.media.add')}>
          {quoting}
          <p>
            <label htmlFor={mediaLinkId}>{t('inbox.answer.media.link')}</label>
            <input
              id={mediaLinkId}
              ref={linkRef}
              type="url"
              inputMode="url"
              value={mediaLink}
              placeholder="https://"
              aria-invalid={mediaLink.trim() !== '' && !media.ok}
              aria-describedby={mediaProblemId}
              onChange={(e) => setMediaLink(e.target.value)}
            />
          </p>
          <p>
            <label htmlFor={mediaTypeId}>{t('inbox.answer.media.type')}</label>{' '}
            <select id={mediaTypeId} value={mediaPick} onChange={(e) => setMediaPick(e.target.value as MediaType | '')}>
              <option value="">
                {t('inbox.answer.media.type.guess')}
                {guessed !== undefined && guessed !== 'audio' ? ` (${mediaKindWord(t, guessed)})` : ''}
              </option>
              {(['image', 'video', 'document'] as const).map((k) => (
                <option key={k} value={k}>
                  {mediaKindWord(t, k)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor={mediaCaptionId}>{t('inbox.answer.media.caption')}</label>
            <textarea id={mediaCaptionId} rows={2} value={mediaCaption} onChange={(e) => setMediaCaption(e.target.value)} />
          </p>
          <p id={mediaProblemId} className={mediaLink.trim() !== '' && !media.ok ? 'inbox-answer-problem' : 'field-hint'} aria-live="polite">
            {mediaLink.trim() !== '' && !media.ok ? mediaProblemWords(t, media.problem) : t('inbox.answer.media.hint')}
          </p>
        </div>
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
      </>
      )}
      {!assisted && window24.open && (
        <p className="inbox-answer-cost" data-testid="answer-cost">
          {answerCostWords(locale, freeCost, channel === 'sandbox')}
        </p>
      )}
      <div className="inbox-answer-actions">
        {assisted ? (
          userIdOnly ? (
            <p className="field-hint" role="status">
              {t('inbox.answer.assisted.needsPhone')}
            </p>
          ) : (
            <>
              {link ? (
                <a className="button primary" href={link} target="_blank" rel="noreferrer" onClick={() => setOpened(text)}>
                  {t('inbox.answer.openWhatsApp')}
                </a>
              ) : (
                <button type="button" className="primary" disabled>
                  {t('inbox.answer.openWhatsApp')}
                </button>
              )}
              {opened !== undefined && (
                <button type="button" disabled={busy} onClick={() => void markSent()}>
                  {t('inbox.answer.assisted.markSent')}
                </button>
              )}
              <span className="field-hint">{opened !== undefined ? t('inbox.answer.assisted.afterOpen') : t('inbox.answer.assistedHint')}</span>
            </>
          )
        ) : mediaMode ? (
          <>
            <button type="button" className="primary" disabled={!media.ok || busy || !window24.open} onClick={() => media.ok && void send(media.content, quote?.id, true)}>
              {busy ? t('inbox.answer.sendingNow') : t('inbox.answer.media.send')}
            </button>
            <span className="field-hint">{channel === 'sandbox' ? t('inbox.answer.sandboxHint') : t('inbox.answer.cloudHint')}</span>
            <button type="button" className="link-button" onClick={() => setMediaMode(false)}>
              {t('inbox.answer.media.remove')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" disabled={text.trim() === '' || busy || !window24.open} onClick={() => void send({ kind: 'text', body: text }, quote?.id, true)}>
              {busy ? t('inbox.answer.sendingNow') : t('inbox.answer.send')}
            </button>
            <button type="button" disabled={text.trim() === ''} onClick={() => void copy()}>
              {t('inbox.answer.copy')}
            </button>
            <span className="field-hint">{channel === 'sandbox' ? t('inbox.answer.sandboxHint') : t('inbox.answer.cloudHint')}</span>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setMediaMode(true);
                window.requestAnimationFrame(() => linkRef.current?.focus());
              }}
            >
              {t('inbox.answer.media.add')}
            </button>
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

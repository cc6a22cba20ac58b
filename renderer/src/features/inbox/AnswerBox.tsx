import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { waMeUrl } from '../../../../shared/domain/assisted';
import type { RenderContext } from '../../../../shared/domain/campaign/render';
import type { Conversation } from '../../../../shared/domain/inbox/conversation';
import { serviceWindow } from '../../../../shared/domain/inbox/due';
import { fillQuickReply, filterQuickReplies, guessLanguage, slashQuery } from '../../../../shared/domain/inbox/quickReplies';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import { getDb, type ContactRecord } from '../../db/db';
import { listQuickReplies } from '../../db/quickReplies';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { durationWords } from './inboxWords';

/** How many quick replies the "/" list shows at once. */
const SHOWN = 8;

/**
 * The answer box: the 24-hour window in plain words, "/" for quick replies (filtered as you type; Enter or Tab
 * inserts it with the customer's variables filled, Esc closes the list). Sending from here is a later slice (answers
 * must be journaled by main like campaign jobs): for Assisted shops it opens the chat in WhatsApp with the answer
 * filled in; otherwise it says so plainly. Nothing is pretended to be sent.
 */
export function AnswerBox({ conversation: c, contact, now }: { conversation: Conversation; contact: ContactRecord | undefined; now: number }) {
  const { t } = useI18n();
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
  const assisted = settings.sendingChannel === 'assisted';
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

  return (
    <div className="inbox-answer">
      <p className={window24.open ? 'inbox-window is-open' : 'inbox-window is-closed'} role="status">
        {window24.open ? t('inbox.window.open', { time: durationWords(t, window24.leftMs) }) : t('inbox.window.closed')}
      </p>
      <label htmlFor={boxId}>{t('inbox.answer')}</label>
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
            <button type="button" disabled={text.trim() === ''} onClick={() => void copy()}>
              {t('inbox.answer.copy')}
            </button>
            <span className="field-hint">{t('inbox.answer.notYet')}</span>
          </>
        )}
      </div>
    </div>
  );
}

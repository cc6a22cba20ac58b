/**
 * Settings → Inbox → Triage rules (issue 14 point 5: "by rules the shop can see and edit, in ko/en/zh-Hant, with
 * the reason shown"). The rules by priority, each with its words per language and the reason it gives; the shop adds
 * and removes words, adds its own rules, switches a built-in rule off, and goes back to the built-in rules. Every
 * change is saved at once to main's settings.json (`triageRules`), which the Inbox and `shopcast inbox list` read;
 * a removal or the reset comes with Undo. "Try a message" triages what is typed with the rules on screen.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  compileRules,
  isBuiltInRule,
  parseTriageRules,
  PRIORITIES,
  triageMessage,
  WORD_MAX,
  withRuleAdded,
  withRuleOff,
  withRuleRemoved,
  withWordAdded,
  withWordRemoved,
  type Priority,
  type RuleProblem,
  type TriageRule,
  type TriageRules,
} from '../../../../shared/domain/inbox/triage';
import { compactForOptOut } from '../../../../shared/domain/optOut';
import { LANGUAGES, type Language } from '../../../../shared/domain/settings';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import { LANGUAGE_AUTONYMS, type TKey, type TParams } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { priorityWord, reasonWord } from '../inbox/inboxWords';
import { useShopTriageRuleSet } from '../inbox/triageRules';
import './triageSettings.css';

type T = (key: TKey, params?: TParams) => string;

/** A rule's reason in the shop's language: a built-in code's words, else the shop's own text. */
export function ruleReason(t: T, rule: Pick<TriageRule, 'reason' | 'label'>): string {
  return reasonWord(t, rule.reason, rule.label);
}

/** The first problem of a rule set the parser refused, in words. */
function problemText(t: T, problems: readonly RuleProblem[], word?: string): string {
  const first = problems[0];
  if (!first) return '';
  switch (first.problem) {
    case 'bad_word':
      return t('triage.problem.bad_word', { word: word ?? '' });
    case 'no_words':
      return t('triage.problem.no_words');
    case 'bad_label':
      return t('triage.problem.no_reason');
    case 'too_many':
      return t('triage.problem.too_many');
    default:
      return t('triage.problem.other', { field: first.path });
  }
}

/** Whether a rule already has this word in this language, as the matcher reads it. */
function hasWord(rule: TriageRule, lang: Language, word: string): boolean {
  const w = word.trim();
  return (rule.words[lang] ?? []).some((x) => compactForOptOut(x) === compactForOptOut(w) && x.endsWith('*') === w.endsWith('*'));
}

export function TriageSection() {
  const { t } = useI18n();
  const bridge = useBridge();
  const id = useId();
  const saved = useAppStore((s) => s.settings.triageRules);
  const setSettings = useAppStore((s) => s.setSettings);
  const showToast = useAppStore((s) => s.showToast);
  const rules = useShopTriageRuleSet();
  const [problem, setProblem] = useState<{ where: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  /**
   * Saves a whole set (or `null`: the built-in rules). Resolves to the problem in words when refused or not saved
   * (also shown beside `where`), undefined when saved.
   */
  const trySave = async (next: TriageRules | null, where: string, word?: string): Promise<string | undefined> => {
    const refuse = (text: string) => {
      setProblem({ where, text });
      return text;
    };
    if (next !== null) {
      const parsed = parseTriageRules(next);
      if (!parsed.ok) return refuse(problemText(t, parsed.problems, word));
      next = parsed.value;
    }
    setBusy(true);
    const r = await bridge.call('settings:update', { triageRules: next });
    setBusy(false);
    if (!r.ok) return refuse(t('triage.saveFailed', { reason: errorMessage(t, r.error) }));
    setProblem(null);
    setSettings(r.value);
    return undefined;
  };
  const save = async (next: TriageRules | null, where: string, word?: string): Promise<boolean> => (await trySave(next, where, word)) === undefined;
  /** For an Undo: a refusal is thrown, so the toast says the undo failed and why. */
  const saveOrThrow = async (next: TriageRules | null, where: string): Promise<void> => {
    const problem = await trySave(next, where);
    if (problem !== undefined) throw new Error(problem);
  };
  /** The rules as saved now (an Undo may come after other changes: it applies to what is there then). */
  const current = () => useAppStore.getState().settings.triageRules ?? rules;

  const addWord = async (rule: TriageRule, lang: Language, word: string): Promise<boolean> => {
    const w = word.trim();
    const where = `${rule.reason}.${lang}`;
    if (w === '') return false;
    if (w.length > WORD_MAX) {
      setProblem({ where, text: t('triage.problem.bad_word', { word: w }) });
      return false;
    }
    if (hasWord(rule, lang, w)) {
      setProblem({ where, text: t('triage.problem.duplicate', { word: w }) });
      return false;
    }
    const ok = await save(withWordAdded(rules, rule.reason, lang, w), where, w);
    if (ok) showToast({ tone: 'success', message: t('triage.wordAdded', { word: w }) });
    return ok;
  };

  const removeWord = async (rule: TriageRule, lang: Language, word: string) => {
    const where = `${rule.reason}.${lang}`;
    if (!(await save(withWordRemoved(rules, rule.reason, lang, word), where))) return;
    showToast({
      tone: 'success',
      message: t('triage.wordRemoved', { word, reason: ruleReason(t, rule) }),
      undo: async () => {
        await saveOrThrow(withWordAdded(current(), rule.reason, lang, word), where);
        return t('triage.wordRestored', { word });
      },
    });
  };

  const setOff = async (rule: TriageRule, off: boolean) => {
    if (await save(withRuleOff(rules, rule.reason, off), rule.reason)) showToast({ tone: 'success', message: t(off ? 'triage.ruleOff' : 'triage.ruleOn', { reason: ruleReason(t, rule) }) });
  };

  const removeRule = async (rule: TriageRule) => {
    if (!(await save(withRuleRemoved(rules, rule.reason), rule.reason))) return;
    showToast({
      tone: 'success',
      message: t('triage.ruleRemoved', { reason: ruleReason(t, rule) }),
      undo: async () => {
        const now = current();
        if (now.rules.some((r) => r.reason === rule.reason)) return;
        await saveOrThrow({ ...now, rules: [...now.rules, rule] }, rule.reason);
        return t('triage.ruleRestored', { reason: ruleReason(t, rule) });
      },
    });
  };

  const reset = async () => {
    const before = saved;
    if (!before || !(await save(null, 'reset'))) return;
    showToast({
      tone: 'success',
      message: t('triage.resetDone'),
      undo: async () => {
        await saveOrThrow(before, 'reset');
        return t('triage.restored');
      },
    });
  };

  return (
    <section className="about triage-settings" aria-labelledby={id} aria-busy={busy}>
      <h2 id={id}>{t('triage.title')}</h2>
      <p className="field-hint">{t('triage.intro')}</p>
      <p className="field-hint triage-source" role="status">
        {saved ? t('triage.usingOwn') : t('triage.usingDefaults')}
      </p>
      <TryIt rules={rules} />
      {PRIORITIES.map((p) => {
        const group = rules.rules.filter((r) => r.priority === p);
        if (group.length === 0) return null;
        return (
          <section key={p} className="triage-group" aria-labelledby={`${id}-${p}`}>
            <h3 id={`${id}-${p}`}>{t('triage.group', { priority: priorityWord(t, p) })}</h3>
            <ul className="triage-rules">
              {group.map((rule) => (
                <RuleItem
                  key={rule.reason}
                  rule={rule}
                  problem={problem && (problem.where === rule.reason || problem.where.startsWith(`${rule.reason}.`)) ? problem : null}
                  onAddWord={addWord}
                  onRemoveWord={(lang, w) => void removeWord(rule, lang, w)}
                  onOff={(off) => setOff(rule, off)}
                  onRemove={() => void removeRule(rule)}
                />
              ))}
            </ul>
          </section>
        );
      })}
      <p className="field-hint">{t('triage.unmatched', { priority: priorityWord(t, rules.unmatched) })}</p>
      <NewRuleForm
        problem={problem?.where === 'new' ? problem.text : null}
        onAdd={async (rule) => {
          const label = rule.label.trim();
          if (label === '' || label.length > 60) {
            setProblem({ where: 'new', text: t('triage.problem.no_reason') });
            return false;
          }
          const ok = await save(withRuleAdded(rules, rule), 'new', Object.values(rule.words).flat().find((w) => w !== undefined && compactForOptOut(w.replace(/\*$/, '')) === ''));
          if (ok) showToast({ tone: 'success', message: t('triage.ruleAdded', { reason: label }) });
          return ok;
        }}
      />
      {problem?.where === 'reset' && (
        <p className="form-error" role="alert">
          {problem.text}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => void reset()} disabled={saved === undefined || busy}>
          {t('triage.reset')}
        </button>
      </div>
    </section>
  );
}

/** "Try a message": the priority and reason the rules on screen would give, as the person types. */
function TryIt({ rules }: { rules: TriageRules }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const compiled = useMemo(() => compileRules(rules), [rules]);
  const result = text.trim() === '' ? undefined : triageMessage({ type: 'text', text }, compiled);
  const rule = result && rules.rules.find((r) => r.reason === result.reason);
  return (
    <div className="field triage-try">
      <label htmlFor={id}>{t('triage.try')}</label>
      <input id={id} type="text" value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-hint ${id}-out`} />
      <p id={`${id}-hint`} className="field-hint">
        {t('triage.tryHint')}
      </p>
      <output id={`${id}-out`} htmlFor={id} aria-live="polite" className="triage-try-result">
        {result && (
          <>
            <span className={`inbox-priority priority-${result.priority}`}>
              {t('triage.tryResult', { priority: priorityWord(t, result.priority), reason: rule ? ruleReason(t, rule) : reasonWord(t, result.reason) })}
            </span>
            {result.word !== undefined && <span className="field-hint"> · {t('triage.tryWord', { word: result.word })}</span>}
          </>
        )}
      </output>
    </div>
  );
}

interface RuleItemProps {
  rule: TriageRule;
  problem: { where: string; text: string } | null;
  onAddWord(rule: TriageRule, lang: Language, word: string): Promise<boolean>;
  onRemoveWord(lang: Language, word: string): void;
  onOff(off: boolean): Promise<void>;
  onRemove(): void;
}

function RuleItem({ rule, problem, onAddWord, onRemoveWord, onOff, onRemove }: RuleItemProps) {
  const { t } = useI18n();
  const id = useId();
  const builtIn = isBuiltInRule(rule.reason);
  const reason = ruleReason(t, rule);
  // The box follows the click at once; the saved rule takes over when main has stored it (or it failed).
  const [asked, setAsked] = useState<boolean | null>(null);
  const off = asked ?? rule.off === true;
  return (
    <li className={off ? 'triage-rule off' : 'triage-rule'} aria-labelledby={`${id}-name`} data-reason={rule.reason}>
      <div className="triage-rule-head">
        <span id={`${id}-name`} className="triage-rule-name">
          {t('triage.reasonShown', { reason })}
        </span>
        {!builtIn && <span className="triage-badge">{t('triage.shopRule')}</span>}
        {off && <span className="triage-badge off">{t('triage.offBadge')}</span>}
        <label className="checkbox triage-use">
          <input type="checkbox" checked={!off} onChange={(e) => {
              const next = !e.target.checked;
              setAsked(next);
              void onOff(next).finally(() => setAsked(null));
            }}
          />
          {t('triage.use')}
        </label>
        {!builtIn && (
          <button type="button" className="link-button" onClick={onRemove}>
            {t('triage.removeRule')}
          </button>
        )}
      </div>
      {LANGUAGES.map((lang) => (
        <WordsRow key={lang} rule={rule} lang={lang} reason={reason} onAdd={(w) => onAddWord(rule, lang, w)} onRemove={(w) => onRemoveWord(lang, w)} />
      ))}
      {problem && (
        <p className="form-error" role="alert">
          {problem.text}
        </p>
      )}
    </li>
  );
}

function WordsRow({ rule, lang, reason, onAdd, onRemove }: { rule: TriageRule; lang: Language; reason: string; onAdd(word: string): Promise<boolean>; onRemove(word: string): void }) {
  const { t } = useI18n();
  const [word, setWord] = useState('');
  const words = rule.words[lang] ?? [];
  const language = LANGUAGE_AUTONYMS[lang];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onAdd(word)) setWord('');
  };
  return (
    <div className="triage-words">
      <span className="triage-lang" lang={lang}>
        {language}
      </span>
      <div className="triage-words-body">
        <ul className="triage-word-list" aria-label={`${reason} · ${language}`}>
          {words.length === 0 && <li className="field-hint">{t('triage.noWords')}</li>}
          {words.map((w) => (
            <li key={w} className="triage-word" lang={lang}>
              {w}
              <button type="button" className="triage-word-remove" aria-label={t('triage.removeWord', { word: w, language })} onClick={() => onRemove(w)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <form className="triage-add-word" onSubmit={(e) => void submit(e)}>
          <input type="text" value={word} maxLength={WORD_MAX + 20} lang={lang} onChange={(e) => setWord(e.target.value)} aria-label={t('triage.newWord', { language, reason })} />
          <button type="submit" disabled={word.trim() === ''}>
            {t('triage.add')}
          </button>
        </form>
      </div>
    </div>
  );
}

function NewRuleForm({ problem, onAdd }: { problem: string | null; onAdd(rule: { priority: Priority; label: string; words: Partial<Record<Language, string[]>> }): Promise<boolean> }) {
  const { t } = useI18n();
  const id = useId();
  const [label, setLabel] = useState('');
  const [priority, setPriority] = useState<Priority>('high');
  const [lang, setLang] = useState<Language>('ko');
  const [words, setWords] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = [...new Set(words.split(/[,，、\n]/).map((w) => w.trim()).filter((w) => w !== ''))];
    if (await onAdd({ priority, label, words: { [lang]: list } })) {
      setLabel('');
      setWords('');
    }
  };
  return (
    <form className="triage-new-rule" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('triage.newRule')}</h3>
      <div className="triage-new-fields">
        <label>
          {t('triage.newRule.reason')}
          <input type="text" value={label} maxLength={80} placeholder={t('triage.newRule.reasonPlaceholder')} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label>
          {t('triage.newRule.priority')}
          <select value={priority} onChange={(e) => setPriority(PRIORITIES.find((p) => p === e.target.value) ?? 'high')}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityWord(t, p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('triage.newRule.language')}
          <select value={lang} onChange={(e) => setLang(LANGUAGES.find((l) => l === e.target.value) ?? 'ko')}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_AUTONYMS[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="triage-new-words">
          {t('triage.newRule.words')}
          <input type="text" value={words} lang={lang} onChange={(e) => setWords(e.target.value)} />
        </label>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('triage.newRule.add')}
        </button>
      </div>
    </form>
  );
}

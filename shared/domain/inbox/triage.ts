/**
 * Triage of incoming messages (DOMAIN.md §4 "Replies"; the seed's "등급별 처리 및 우선 순위"): payment problems and
 * complaints are high priority (answer within 15 min), product questions and promotions medium (1 h), thanks and
 * feedback low (24 h). The words are data (`DEFAULT_TRIAGE_RULES`), not code, so the shop can see and edit them;
 * `parseTriageRules` checks an edited set. Matching uses the opt-out normaliser (shared/domain/optOut.ts
 * `compactForOptOut`: case, full width, invisible characters, spaces and punctuation), so "결제가 안 돼요",
 * "결제가안돼요" and "ＲＥＦＵＮＤ" read the same.
 *
 * Pure: no DOM, no Node.
 */
import { compactForOptOut, type ReplyOptOut } from '../optOut';
import { LANGUAGES, type Language } from '../settings';

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Higher is more urgent: for picking the highest of several. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { high: 3, medium: 2, low: 1 };

export function higherPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}

/**
 * Why a message got its priority. The built-in codes have words in the UI (renderer/src/i18n/inbox.ts); a rule the
 * shop adds may use its own code with its own `label`.
 * - `opt_out`: the whole message is an opt-out word (main suppressed the contact); `opt_out_mention`: an opt-out
 *   word inside a longer message; `cancellation`: "cancel" / 취소 / 取消 inside a message (classifyReply's flag).
 * - `set_by_person`: someone changed the priority by hand. `unmatched`: no rule matched a text. `no_text`: a
 *   message without text (a sticker, an image without caption, a location).
 */
export const BUILT_IN_REASONS = [
  'opt_out',
  'opt_out_mention',
  'cancellation',
  'payment_problem',
  'not_received',
  'refund',
  'complaint',
  'product_question',
  'price',
  'stock',
  'promotion',
  'returns',
  'thanks',
  'feedback',
  'unmatched',
  'no_text',
  'reaction',
  'set_by_person',
] as const;
export type BuiltInReason = (typeof BUILT_IN_REASONS)[number];

export interface Triage {
  priority: Priority;
  /** A reason code (`payment_problem`), a built-in one or a shop rule's own. */
  reason: string;
  /** The rule word that matched, as written in the rule (for "mentions 환불"). */
  word?: string;
}

/** Words per language. A customer may write in any language, so every language's words are checked. */
export type RuleWords = Partial<Record<Language, readonly string[]>>;

export interface TriageRule {
  /** Reason code, `[a-z][a-z0-9_]*`, at most 40 characters. */
  reason: string;
  priority: Priority;
  words: RuleWords;
  /** The rule's name as the shop wrote it, for a code the UI has no words for. */
  label?: string;
  /** Switched off by the shop (Settings → Inbox): kept, shown, but never matched. */
  off?: boolean;
}

export interface TriageRules {
  version: 1;
  rules: readonly TriageRule[];
  /** Priority of a text no rule matches (a question in other words is still a question). */
  unmatched: Priority;
}

/**
 * A rule word: letters and digits of Latin script match whole words ("stock" is not in "stockholm"), spaced words
 * match a run of whole words ("not received"), and a trailing `*` matches the start of a word ("refund*" finds
 * "refunded"). Anything else (Hangul, Han, kana) matches anywhere in the text with spaces removed, since CJK text
 * puts no spaces between words and people space Korean freely ("결제가 안 돼요" / "결제가안돼요").
 */
export const DEFAULT_TRIAGE_RULES: TriageRules = {
  version: 1,
  unmatched: 'medium',
  rules: [
    {
      reason: 'payment_problem',
      priority: 'high',
      words: {
        ko: ['결제가안', '결제안돼', '결제가되지', '결제오류', '결제실패', '결제가실패', '결제를못', '카드승인', '이중결제', '두번결제', '결제가두번', '입금했는데'],
        en: ['payment failed', 'payment fails', 'payment declined', 'payment error', 'payment problem', 'payment issue', "payment didn't go through", 'cannot pay', "can't pay", 'unable to pay', 'card declined', 'card was declined', 'charged twice', 'double charged', 'paid but'],
        'zh-Hant': ['付款失敗', '付款失败', '無法付款', '付不了', '付款有問題', '刷卡失敗', '扣款兩次', '重複扣款', '扣了兩次', '已付款但', '付了錢'],
      },
    },
    {
      reason: 'not_received',
      priority: 'high',
      words: {
        ko: ['받지못했', '받지못함', '못받았', '못받은', '아직안왔', '안왔어', '안왔는데', '안와요', '도착안', '도착하지않', '배송이안', '배송안됐', '오배송', '잘못왔', '잘못배송'],
        en: ['not received', "haven't received", 'have not received', "didn't receive", 'did not receive', 'never received', 'never arrived', "hasn't arrived", 'has not arrived', 'not arrived', 'not delivered', 'wrong item'],
        'zh-Hant': ['沒收到', '没收到', '未收到', '還沒到', '还没到', '沒有收到', '寄錯', '送錯'],
      },
    },
    {
      reason: 'refund',
      priority: 'high',
      words: {
        ko: ['환불'],
        en: ['refund*', 'money back', 'chargeback'],
        'zh-Hant': ['退款', '退錢', '退费', '退費'],
      },
    },
    {
      reason: 'complaint',
      priority: 'high',
      words: {
        ko: ['불만', '항의', '파손', '불량', '고장', '깨져', '찢어', '실망', '최악', '신고할'],
        en: ['complain*', 'broken', 'damaged', 'defective', 'terrible', 'worst', 'disappointed', 'unacceptable', 'scam'],
        'zh-Hant': ['投訴', '投诉', '客訴', '抱怨', '破損', '損壞', '瑕疵', '壞掉', '很差', '失望', '騙'],
      },
    },
    {
      reason: 'price',
      priority: 'medium',
      words: {
        ko: ['가격', '얼마', '금액', '비용'],
        en: ['price', 'prices', 'how much', 'cost', 'costs'],
        'zh-Hant': ['多少錢', '多少钱', '價格', '价格', '價錢', '費用', '怎麼賣'],
      },
    },
    {
      reason: 'stock',
      priority: 'medium',
      words: {
        ko: ['재고', '품절', '재입고', '있나요', '남아있', '구매가능', '살수있'],
        en: ['in stock', 'stock', 'available', 'availability', 'sold out', 'restock*', 'still have'],
        'zh-Hant': ['庫存', '库存', '有貨', '有货', '缺貨', '還有嗎', '還有貨', '補貨', '賣完'],
      },
    },
    {
      reason: 'promotion',
      priority: 'medium',
      words: {
        ko: ['할인', '쿠폰', '이벤트', '행사', '세일', '프로모션', '적립'],
        en: ['discount*', 'coupon*', 'promo', 'promotion*', 'sale', 'offer', 'deal', 'voucher'],
        'zh-Hant': ['優惠', '优惠', '折扣', '打折', '活動', '特價', '折價券', '優惠券'],
      },
    },
    {
      reason: 'returns',
      priority: 'medium',
      words: {
        ko: ['반품', '교환'],
        en: ['return*', 'exchange'],
        'zh-Hant': ['退貨', '退货', '換貨', '换货'],
      },
    },
    {
      reason: 'product_question',
      priority: 'medium',
      words: {
        ko: ['문의', '궁금', '사이즈', '색상', '배송', '언제', '어떻게', '영업시간', '주문'],
        en: ['question', 'size', 'colour', 'color', 'delivery', 'shipping', 'when', 'how', 'open', 'hours', 'order'],
        'zh-Hant': ['請問', '想問', '尺寸', '顏色', '運費', '配送', '寄送', '營業時間', '幾點', '訂單', '訂購'],
      },
    },
    {
      reason: 'thanks',
      priority: 'low',
      words: {
        ko: ['감사', '고마워', '고맙', '잘받았', '잘받았어요'],
        en: ['thanks', 'thank you', 'thx', 'ty', 'cheers'],
        'zh-Hant': ['謝謝', '谢谢', '感謝', '感谢', '多謝', '收到了'],
      },
    },
    {
      reason: 'feedback',
      priority: 'low',
      words: {
        ko: ['좋아요', '좋네요', '최고', '만족', '예뻐요', '맛있', '추천'],
        en: ['great', 'love it', 'awesome', 'perfect', 'nice', 'good', 'happy'],
        'zh-Hant': ['很好', '好棒', '滿意', '喜歡', '讚', '推薦', '好吃'],
      },
    },
  ],
};

// ── Matching ─────────────────────────────────────────────────────────────────────────────────────────────────

const SEPARATORS = /[\s\p{P}\p{S}]+/u;
const LATIN_WORD = /^[a-z0-9]+\*?$/;

/**
 * The text as whole words, each through the opt-out normaliser ("Didn't" → ["didn", "t"]). Triage and the
 * automation's keyword matching (automation/match.ts) split the same way.
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(SEPARATORS)
    .map(compactForOptOut)
    .filter((w) => w !== '');
}

interface CompiledWord {
  /** As written in the rule. */
  source: string;
  /** Latin words to match as a run of whole words (the last may be a prefix), or undefined for a CJK substring. */
  tokens?: { words: string[]; prefix: boolean };
  compact: string;
}

function compileWord(source: string): CompiledWord | undefined {
  const prefix = source.trim().endsWith('*');
  const body = prefix ? source.trim().slice(0, -1) : source;
  const tokens = wordsOf(body);
  const compact = compactForOptOut(body);
  if (compact === '') return undefined;
  if (tokens.length > 0 && tokens.every((t) => LATIN_WORD.test(t))) return { source, tokens: { words: tokens, prefix }, compact };
  return { source, compact };
}

interface CompiledRule {
  rule: TriageRule;
  words: CompiledWord[];
}

/** Rules made ready to match many messages: highest priority first, in the shop's order within a priority. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly unmatched: Priority;
}

export function compileRules(rules: TriageRules): CompiledRules {
  const compiled = rules.rules.filter((rule) => rule.off !== true).map((rule) => ({
    rule,
    words: LANGUAGES.flatMap((lang) => rule.words[lang] ?? []).flatMap((w) => compileWord(w) ?? []),
  }));
  // A stable sort keeps the shop's order inside each priority.
  compiled.sort((a, b) => PRIORITY_RANK[b.rule.priority] - PRIORITY_RANK[a.rule.priority]);
  return { rules: compiled, unmatched: rules.unmatched };
}

function runMatches(words: readonly string[], w: { words: string[]; prefix: boolean }): boolean {
  const n = w.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    let all = true;
    for (let j = 0; j < n; j++) {
      const last = j === n - 1;
      const have = words[i + j]!; // i + j < words.length
      const want = w.words[j]!; // j < n
      if (!(have === want || (last && w.prefix && have.startsWith(want)))) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** What triage reads of a message: its text (or caption) and kind, and the opt-out classification main stored. */
export interface TriageInput {
  type: string;
  text?: string;
  optOut?: ReplyOptOut['kind'];
  /** The opt-out or cancel word classifyReply found. */
  word?: string;
}

const CANCEL_WORDS = new Set(['cancel', '취소', '取消']);

/**
 * The priority of one incoming message and why. The engine's flags come first: a message that is an opt-out word,
 * or has one or a cancellation inside it, is high (a person must read it: "지난번 주문 취소하고 싶어요"). Then the
 * rules, highest priority first; a text that matches none gets `unmatched`.
 */
export function triageMessage(input: TriageInput, rules: CompiledRules = defaultCompiled()): Triage {
  if (input.optOut === 'opt_out') return withWord({ priority: 'high', reason: 'opt_out' }, input.word);
  if (input.optOut === 'flagged') {
    const reason = input.word !== undefined && CANCEL_WORDS.has(input.word) ? 'cancellation' : 'opt_out_mention';
    return withWord({ priority: 'high', reason }, input.word);
  }
  const text = input.text ?? '';
  if (text.trim() === '') return input.type === 'reaction' ? { priority: 'low', reason: 'reaction' } : { priority: 'medium', reason: 'no_text' };
  const words = wordsOf(text);
  const compact = compactForOptOut(text);
  for (const { rule, words: ruleWords } of rules.rules) {
    for (const w of ruleWords) {
      if (w.tokens ? runMatches(words, w.tokens) : compact.includes(w.compact)) {
        // A spaceless rule word ("결제가안") is shown as the customer wrote it ("결제가 안").
        return { priority: rule.priority, reason: rule.reason, word: (w.tokens ? undefined : spanOf(text, w.compact)) ?? w.source };
      }
    }
  }
  return { priority: rules.unmatched, reason: 'unmatched' };
}

/**
 * The part of `text` whose compact form (the opt-out normaliser, character by character) is `needle`, as written:
 * spaces and punctuation inside it kept, none around it. Undefined when the characters do not line up.
 */
export function spanOf(text: string, needle: string): string | undefined {
  const chars = [...text];
  let compact = '';
  const from: number[] = []; // for each code unit of `compact`, the index in `chars` it came from
  chars.forEach((ch, i) => {
    const c = compactForOptOut(ch);
    compact += c;
    for (let k = 0; k < c.length; k++) from.push(i);
  });
  const at = compact.indexOf(needle);
  if (at < 0 || needle === '') return undefined;
  const start = from[at]!; // at < compact.length
  const end = from[at + needle.length - 1]!; // the needle ends inside compact
  return chars.slice(start, end + 1).join('');
}

let compiledDefaults: CompiledRules | undefined;
/** The built-in rules, compiled once. */
export function defaultCompiled(): CompiledRules {
  compiledDefaults ??= compileRules(DEFAULT_TRIAGE_RULES);
  return compiledDefaults;
}

function withWord(t: Triage, word: string | undefined): Triage {
  return word === undefined ? t : { ...t, word };
}

// ── Parsing an edited rule set ───────────────────────────────────────────────────────────────────────────────

export interface RuleProblem {
  /** Where, as a path: `rules[2].words.ko[1]`. */
  path: string;
  problem: 'not_an_object' | 'bad_version' | 'bad_reason' | 'duplicate_reason' | 'bad_priority' | 'no_words' | 'bad_word' | 'too_many' | 'bad_label' | 'bad_off' | 'unknown_key';
}

export type ParsedRules = { ok: true; value: TriageRules } | { ok: false; problems: RuleProblem[] };

export const RULES_MAX = 100;
export const WORDS_PER_RULE_MAX = 200;
export const WORD_MAX = 60;
const REASON_RE = /^[a-z][a-z0-9_]{0,39}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPriority = (v: unknown): v is Priority => typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);

/** Checks a rule set from `unknown` (the shop's edit, a file). Every problem is reported at once. */
export function parseTriageRules(input: unknown): ParsedRules {
  const problems: RuleProblem[] = [];
  if (!isObject(input)) return { ok: false, problems: [{ path: '', problem: 'not_an_object' }] };
  for (const k of Object.keys(input)) if (!['version', 'rules', 'unmatched'].includes(k)) problems.push({ path: k, problem: 'unknown_key' });
  if (input.version !== 1) problems.push({ path: 'version', problem: 'bad_version' });
  const unmatched = input.unmatched === undefined ? 'medium' : input.unmatched;
  if (!isPriority(unmatched)) problems.push({ path: 'unmatched', problem: 'bad_priority' });
  const raw = input.rules;
  if (!Array.isArray(raw)) return { ok: false, problems: [...problems, { path: 'rules', problem: 'not_an_object' }] };
  if (raw.length > RULES_MAX) problems.push({ path: 'rules', problem: 'too_many' });
  const rules: TriageRule[] = [];
  const seen = new Set<string>();
  raw.forEach((r: unknown, i) => {
    const at = `rules[${i}]`;
    if (!isObject(r)) return problems.push({ path: at, problem: 'not_an_object' });
    for (const k of Object.keys(r)) if (!['reason', 'priority', 'words', 'label', 'off'].includes(k)) problems.push({ path: `${at}.${k}`, problem: 'unknown_key' });
    if (r.off !== undefined && typeof r.off !== 'boolean') problems.push({ path: `${at}.off`, problem: 'bad_off' });
    const reason = r.reason;
    if (typeof reason !== 'string' || !REASON_RE.test(reason)) problems.push({ path: `${at}.reason`, problem: 'bad_reason' });
    else if (seen.has(reason)) problems.push({ path: `${at}.reason`, problem: 'duplicate_reason' });
    else seen.add(reason);
    if (!isPriority(r.priority)) problems.push({ path: `${at}.priority`, problem: 'bad_priority' });
    if (r.label !== undefined && (typeof r.label !== 'string' || r.label.trim() === '' || r.label.length > 60)) problems.push({ path: `${at}.label`, problem: 'bad_label' });
    const words: Partial<Record<Language, string[]>> = {};
    let count = 0;
    if (!isObject(r.words)) problems.push({ path: `${at}.words`, problem: 'no_words' });
    else {
      for (const k of Object.keys(r.words)) if (!(LANGUAGES as readonly string[]).includes(k)) problems.push({ path: `${at}.words.${k}`, problem: 'unknown_key' });
      for (const lang of LANGUAGES) {
        const list = r.words[lang];
        if (list === undefined) continue;
        if (!Array.isArray(list)) {
          problems.push({ path: `${at}.words.${lang}`, problem: 'bad_word' });
          continue;
        }
        const kept: string[] = [];
        list.forEach((w: unknown, j) => {
          if (typeof w !== 'string' || w.length > WORD_MAX || compactForOptOut(w.replace(/\*$/, '')) === '') problems.push({ path: `${at}.words.${lang}[${j}]`, problem: 'bad_word' });
          else kept.push(w.normalize('NFC').trim());
        });
        count += kept.length;
        words[lang] = kept;
      }
      if (count === 0) problems.push({ path: `${at}.words`, problem: 'no_words' });
      if (count > WORDS_PER_RULE_MAX) problems.push({ path: `${at}.words`, problem: 'too_many' });
    }
    const rule: TriageRule = { reason: typeof reason === 'string' ? reason : '', priority: isPriority(r.priority) ? r.priority : 'medium', words };
    if (typeof r.label === 'string' && r.label.trim() !== '') rule.label = r.label.trim();
    if (r.off === true) rule.off = true;
    rules.push(rule);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { version: 1, rules, unmatched: isPriority(unmatched) ? unmatched : 'medium' } };
}

// ── Editing a rule set (Settings → Inbox) ────────────────────────────────────────────────────────────────────

/** A built-in rule (its reason has words in the UI); the shop may switch it off but not delete it. */
export function isBuiltInRule(reason: string): boolean {
  return DEFAULT_TRIAGE_RULES.rules.some((r) => r.reason === reason);
}

const mapRule = (rules: TriageRules, reason: string, f: (r: TriageRule) => TriageRule): TriageRules => ({ ...rules, rules: rules.rules.map((r) => (r.reason === reason ? f(r) : r)) });

/** The set with `word` added to a rule's words in `lang` (trimmed, NFC; a word it already has is not added twice). */
export function withWordAdded(rules: TriageRules, reason: string, lang: Language, word: string): TriageRules {
  const w = word.normalize('NFC').trim();
  return mapRule(rules, reason, (r) => {
    const list = r.words[lang] ?? [];
    return list.some((x) => compactForOptOut(x) === compactForOptOut(w) && x.endsWith('*') === w.endsWith('*')) ? r : { ...r, words: { ...r.words, [lang]: [...list, w] } };
  });
}

/** The set without `word` in a rule's `lang` words. */
export function withWordRemoved(rules: TriageRules, reason: string, lang: Language, word: string): TriageRules {
  return mapRule(rules, reason, (r) => ({ ...r, words: { ...r.words, [lang]: (r.words[lang] ?? []).filter((x) => x !== word) } }));
}

/** The set with a rule switched off (kept, never matched) or back on. */
export function withRuleOff(rules: TriageRules, reason: string, off: boolean): TriageRules {
  return mapRule(rules, reason, (r) => {
    const { off: _was, ...rest } = r;
    return off ? { ...rest, off: true } : rest;
  });
}

/** The set with a shop rule added: its code made from the count (`shop_1`, `shop_2`…), its name the shop's text. */
export function withRuleAdded(rules: TriageRules, rule: { priority: Priority; label: string; words: RuleWords }): TriageRules {
  let n = 1;
  while (rules.rules.some((r) => r.reason === `shop_${n}`)) n++;
  return { ...rules, rules: [...rules.rules, { reason: `shop_${n}`, priority: rule.priority, label: rule.label.trim(), words: rule.words }] };
}

/** The set without a shop rule (built-in ones are switched off instead). */
export function withRuleRemoved(rules: TriageRules, reason: string): TriageRules {
  return { ...rules, rules: rules.rules.filter((r) => r.reason !== reason || isBuiltInRule(r.reason)) };
}

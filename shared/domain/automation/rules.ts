/**
 * The automation rule set (issue 15) as data, and its JSON file: keyword auto-replies, the greeting and away
 * messages and the shop's business hours. Shops share the file and staff edit it in a text editor, so
 * `parseAutomation` reads it strictly (every problem with its line, and a file with any problem changes nothing),
 * and fields it does not know are kept on every object and written back by `exportAutomation`.
 *
 * Pure: no DOM, no Node. Time zones are checked through Intl.
 */
import { compactForOptOut } from '../optOut';

export const MATCH_KINDS = ['contains', 'whole', 'starts'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Fields of an object that this version does not know: kept as they were and written back. */
export type Extra = Readonly<Record<string, unknown>>;

/**
 * An answer: text with `{variables}` (the wizard's, with fallbacks), or one of the shop's quick replies. Quick replies
 * live in the renderer's IndexedDB, which main cannot read, so the Automation screen stores the quick reply's `text`
 * (and its `shortcut`, to show) beside its id when it saves; main answers with that text.
 */
export type AutoReply = string | { quickReplyId: string; text?: string; shortcut?: string; extra?: Extra };

export interface KeywordConditions {
  /** The customer has at least one of these labels (by name; case, width and spacing ignored). */
  labels?: readonly string[];
  /** Only a customer's very first message. */
  firstMessageOnly?: boolean;
  extra?: Extra;
}

export interface KeywordReply {
  /** Unique in the set (case, width and spacing ignored): it names the rule in counts and limits. */
  name: string;
  keywords: readonly string[];
  match: MatchKind;
  reply: AutoReply;
  conditions?: KeywordConditions;
  enabled: boolean;
  /** Rules are tried in this order (then the file's order). */
  order: number;
  extra?: Extra;
}

export interface GreetingMessage {
  enabled: boolean;
  text: string;
  /** A customer who has not written for this many days is greeted again. */
  afterDays: number;
  extra?: Extra;
}

export interface AwayMessage {
  enabled: boolean;
  /** May say when the shop opens again with `{opens}` (hours.ts `describeOpening`). */
  text: string;
  extra?: Extra;
}

/** One opening, local time `HH:MM` (end may be `24:00`); the end is after the start (no range across midnight). */
export type TimeRange = readonly [start: string, end: string];

export interface BusinessHours {
  /** IANA zone, e.g. `Asia/Seoul`. */
  timeZone: string;
  /** Opening ranges per weekday; a day that is missing or empty is closed. */
  days: Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;
  /** Local dates `YYYY-MM-DD` on which the shop is closed. */
  holidays: readonly string[];
  /**
   * The "closed today" switch, as the local date it was switched on for (`YYYY-MM-DD`), or null: a date, so the
   * switch ends by itself at midnight instead of closing the shop for good when nobody switches it back.
   */
  closedToday: string | null;
  extra?: Extra;
}

export interface AutomationRules {
  keywordReplies: readonly KeywordReply[];
  greeting?: GreetingMessage;
  away?: AwayMessage;
  businessHours?: BusinessHours;
  extra?: Extra;
}

/** The number of keyword rules a shop may have without a warning (WATI allows 100 keyword actions). */
export const KEYWORD_RULES_LIMIT = 100;
export const KEYWORDS_PER_RULE_MAX = 50;
export const KEYWORD_MAX = 60;
export const RULE_NAME_MAX = 60;
export const LABEL_MAX = 60;
export const QUICK_REPLY_ID_MAX = 64;
/** A WhatsApp text message's limit (DOMAIN.md §2: 4,096 characters). */
export const AUTO_TEXT_MAX = 4_096;
export const DEFAULT_AFTER_DAYS = 14;
export const AFTER_DAYS_MAX = 365;
export const HOLIDAYS_MAX = 366;
export const RANGES_PER_DAY_MAX = 6;

export const EMPTY_AUTOMATION: AutomationRules = { keywordReplies: [] };

// ── Problems ─────────────────────────────────────────────────────────────────────────────────────────────────

export const AUTOMATION_PROBLEMS = [
  'not_json',
  'not_an_object',
  'not_a_list',
  'missing',
  'bad_type',
  'bad_name',
  'duplicate_name',
  'no_keywords',
  'too_many_keywords',
  'bad_keyword',
  'bad_match',
  'bad_reply',
  'too_long',
  'bad_label',
  'bad_order',
  'bad_after_days',
  'bad_time_zone',
  'unknown_day',
  'bad_time',
  'bad_range',
  'overlapping_ranges',
  'too_many_ranges',
  'bad_date',
  'too_many_holidays',
  'no_text',
  'away_without_hours',
] as const;
export type AutomationProblemCode = (typeof AUTOMATION_PROBLEMS)[number];

export interface AutomationProblem {
  /** 1-based line of the file: where JSON.parse stopped, or the line of the key (or list element) at fault. */
  line: number;
  /** 1-based column, for a syntax error. */
  column?: number;
  /** Where in the data: `keywordReplies[2].match`; empty for the whole file. */
  path: string;
  problem: AutomationProblemCode;
}

export interface AutomationWarning {
  path: string;
  warning: 'too_many_rules';
  /** How many there are, and the limit. */
  count: number;
  limit: number;
}

export type ParsedAutomation =
  | { ok: true; value: AutomationRules; warnings: AutomationWarning[] }
  | { ok: false; problems: AutomationProblem[] };

/** A problem in words (English), for the CLI and logs: `line 4: keywordReplies[0].match must be contains, whole or starts`. */
export function describeProblem(p: AutomationProblem): string {
  return `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}: ${problemReason(p)}`;
}

/** The reason alone, without the line: `keywordReplies[0].match must be contains, whole or starts`. */
export function problemReason(p: AutomationProblem): string {
  const where = p.path === '' ? 'the file' : p.path;
  const what: Record<AutomationProblemCode, string> = {
    not_json: 'is not valid JSON here',
    not_an_object: 'must be an object { … }',
    not_a_list: 'must be a list [ … ]',
    missing: 'is required',
    bad_type: 'has the wrong type',
    bad_name: `must be a name of 1 to ${RULE_NAME_MAX} characters`,
    duplicate_name: 'is the name of an earlier rule (names must differ)',
    no_keywords: 'needs at least one keyword',
    too_many_keywords: `has more than ${KEYWORDS_PER_RULE_MAX} keywords`,
    bad_keyword: `must be a word or phrase of at most ${KEYWORD_MAX} characters with a letter or digit`,
    bad_match: 'must be contains, whole or starts',
    bad_reply: 'must be a text or { "quickReplyId": "…" }',
    too_long: `is longer than ${AUTO_TEXT_MAX} characters (WhatsApp's limit)`,
    bad_label: `must be a list of label names (1 to ${LABEL_MAX} characters)`,
    bad_order: 'must be a whole number',
    bad_after_days: `must be a whole number of days from 1 to ${AFTER_DAYS_MAX}`,
    bad_time_zone: 'is not a time zone (use a name such as Asia/Seoul)',
    unknown_day: 'is not a day (mon, tue, wed, thu, fri, sat, sun)',
    bad_time: 'must be a time HH:MM from 00:00 to 24:00',
    bad_range: 'must be ["HH:MM", "HH:MM"] with the end after the start (split a night across midnight into two days)',
    overlapping_ranges: 'overlaps another opening of the same day',
    too_many_ranges: `has more than ${RANGES_PER_DAY_MAX} openings`,
    bad_date: 'must be a date YYYY-MM-DD',
    too_many_holidays: `has more than ${HOLIDAYS_MAX} holidays`,
    no_text: 'needs a text when it is enabled',
    away_without_hours: 'is enabled but there are no businessHours to be away from',
  };
  return `${where} ${what[p.problem]}`;
}

// ── Where things are in the file ─────────────────────────────────────────────────────────────────────────────

/** The 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - start + 1 };
}

/**
 * Where JSON.parse stopped, from its message: V8 says "at position N" (Node 20) or "(line L column C)" (newer
 * Chromium); "Unexpected end" means the end of the text. Other engines' messages fall back to the end.
 */
export function syntaxErrorPlace(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  return lineColumn(text, pos ? Number(pos[1]) : text.length);
}

/**
 * The line of every key and list element of a text JSON.parse accepted, by path (`a.b[2].c`); the root is `''`.
 * A small scanner over valid JSON: strings are skipped with their escapes, everything else is structure.
 */
export function pathLines(text: string): Map<string, number> {
  const lines = new Map<string, number>([['', 1]]);
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const str = (): string => {
    const from = i;
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(from, i)) as string; // a string literal of a text JSON.parse accepted
  };
  const value = (path: string): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const keyLine = line;
        const key = str();
        const at = path === '' ? key : `${path}.${key}`;
        if (!lines.has(at)) lines.set(at, keyLine);
        ws();
        i++; // ':'
        value(at);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        ws();
        const at = `${path}[${n}]`;
        lines.set(at, line);
        value(at);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (ch === '"') str();
    else while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
  };
  value('');
  return lines;
}

/** The line of a path, else of its nearest ancestor that the file has. */
function lineOf(lines: ReadonlyMap<string, number>, path: string): number {
  for (let p = path; ; ) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    if (p === '') return 1;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut < 0 ? '' : p.slice(0, cut);
  }
}

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight of `HH:MM` (24:00 is 1440), or undefined. */
export function minutesOf(time: string): number | undefined {
  const m = TIME_RE.exec(time);
  if (!m) return undefined;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : undefined;
}

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function extraOf(o: Obj, known: readonly string[]): Extra | undefined {
  const extra: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(o)) {
    if (known.includes(k)) continue;
    extra[k] = v;
    any = true;
  }
  return any ? extra : undefined;
}

function withExtra<T extends object>(value: T, extra: Extra | undefined): T {
  return extra === undefined ? value : { ...value, extra };
}

class Problems {
  readonly list: AutomationProblem[] = [];
  constructor(private readonly lines: ReadonlyMap<string, number>) {}
  add(path: string, problem: AutomationProblemCode): void {
    this.list.push({ line: lineOf(this.lines, path), path, problem });
  }
}

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;

function parseReply(v: unknown, at: string, p: Problems): AutoReply | undefined {
  if (typeof v === 'string') {
    if (v.trim() === '') return void p.add(at, 'bad_reply');
    if (v.length > AUTO_TEXT_MAX) return void p.add(at, 'too_long');
    return v.normalize('NFC');
  }
  if (isObject(v) && isText(v.quickReplyId, QUICK_REPLY_ID_MAX)) {
    const out: { quickReplyId: string; text?: string; shortcut?: string } = { quickReplyId: v.quickReplyId.trim() };
    if (v.text !== undefined) {
      if (typeof v.text !== 'string' || v.text.trim() === '') return void p.add(`${at}.text`, 'bad_reply');
      if (v.text.length > AUTO_TEXT_MAX) return void p.add(`${at}.text`, 'too_long');
      out.text = v.text.normalize('NFC');
    }
    if (v.shortcut !== undefined) {
      if (!isText(v.shortcut, QUICK_REPLY_ID_MAX)) return void p.add(`${at}.shortcut`, 'bad_type');
      out.shortcut = v.shortcut.trim();
    }
    return withExtra(out, extraOf(v, ['quickReplyId', 'text', 'shortcut']));
  }
  if (v === undefined) return void p.add(at, 'missing');
  p.add(isObject(v) ? `${at}.quickReplyId` : at, 'bad_reply');
  return undefined;
}

function parseConditions(v: unknown, at: string, p: Problems): KeywordConditions | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add(at, 'not_an_object');
  const out: { labels?: string[]; firstMessageOnly?: boolean } = {};
  if (v.labels !== undefined) {
    if (!Array.isArray(v.labels)) p.add(`${at}.labels`, 'bad_label');
    else {
      const labels: string[] = [];
      v.labels.forEach((l: unknown, i) => (isText(l, LABEL_MAX) ? labels.push(l.normalize('NFC').trim()) : p.add(`${at}.labels[${i}]`, 'bad_label')));
      out.labels = labels;
    }
  }
  if (v.firstMessageOnly !== undefined) {
    if (typeof v.firstMessageOnly !== 'boolean') p.add(`${at}.firstMessageOnly`, 'bad_type');
    else out.firstMessageOnly = v.firstMessageOnly;
  }
  return withExtra(out, extraOf(v, ['labels', 'firstMessageOnly']));
}

function parseKeywordReply(v: unknown, index: number, p: Problems, names: Set<string>): KeywordReply | undefined {
  const at = `keywordReplies[${index}]`;
  if (!isObject(v)) return void p.add(at, 'not_an_object');
  const before = p.list.length;
  let name = '';
  if (v.name === undefined) p.add(`${at}.name`, 'missing');
  else if (!isText(v.name, RULE_NAME_MAX)) p.add(`${at}.name`, 'bad_name');
  else {
    name = v.name.normalize('NFC').trim();
    const key = compactForOptOut(name) || name;
    if (names.has(key)) p.add(`${at}.name`, 'duplicate_name');
    names.add(key);
  }
  const keywords: string[] = [];
  if (v.keywords === undefined) p.add(`${at}.keywords`, 'missing');
  else if (!Array.isArray(v.keywords)) p.add(`${at}.keywords`, 'not_a_list');
  else if (v.keywords.length === 0) p.add(`${at}.keywords`, 'no_keywords');
  else if (v.keywords.length > KEYWORDS_PER_RULE_MAX) p.add(`${at}.keywords`, 'too_many_keywords');
  else
    v.keywords.forEach((k: unknown, i) => {
      if (typeof k === 'string' && k.length <= KEYWORD_MAX && compactForOptOut(k) !== '') keywords.push(k.normalize('NFC').trim());
      else p.add(`${at}.keywords[${i}]`, 'bad_keyword');
    });
  let match: MatchKind = 'contains';
  if (v.match !== undefined) {
    if (typeof v.match === 'string' && (MATCH_KINDS as readonly string[]).includes(v.match)) match = v.match as MatchKind; // checked on this line
    else p.add(`${at}.match`, 'bad_match');
  }
  const reply = parseReply(v.reply, `${at}.reply`, p);
  const conditions = parseConditions(v.conditions, `${at}.conditions`, p);
  let enabled = true;
  if (v.enabled !== undefined) {
    if (typeof v.enabled === 'boolean') enabled = v.enabled;
    else p.add(`${at}.enabled`, 'bad_type');
  }
  let order = index;
  if (v.order !== undefined) {
    if (typeof v.order === 'number' && Number.isSafeInteger(v.order)) order = v.order;
    else p.add(`${at}.order`, 'bad_order');
  }
  if (p.list.length > before || reply === undefined) return undefined;
  const rule: KeywordReply = { name, keywords, match, reply, enabled, order };
  if (conditions !== undefined) rule.conditions = conditions;
  return withExtra(rule, extraOf(v, ['name', 'keywords', 'match', 'reply', 'conditions', 'enabled', 'order']));
}

function parseEnabledText(v: Obj, at: string, p: Problems): { enabled: boolean; text: string } {
  let enabled = false;
  if (v.enabled === undefined) p.add(`${at}.enabled`, 'missing');
  else if (typeof v.enabled !== 'boolean') p.add(`${at}.enabled`, 'bad_type');
  else enabled = v.enabled;
  let text = '';
  if (v.text !== undefined && typeof v.text !== 'string') p.add(`${at}.text`, 'bad_type');
  else if (typeof v.text === 'string' && v.text.length > AUTO_TEXT_MAX) p.add(`${at}.text`, 'too_long');
  else if (typeof v.text === 'string') text = v.text.normalize('NFC');
  if (enabled && text.trim() === '' && (v.text === undefined || typeof v.text === 'string')) p.add(`${at}.text`, 'no_text');
  return { enabled, text };
}

function parseGreeting(v: unknown, p: Problems): GreetingMessage | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add('greeting', 'not_an_object');
  const base = parseEnabledText(v, 'greeting', p);
  let afterDays = DEFAULT_AFTER_DAYS;
  if (v.afterDays !== undefined) {
    if (typeof v.afterDays === 'number' && Number.isInteger(v.afterDays) && v.afterDays >= 1 && v.afterDays <= AFTER_DAYS_MAX) afterDays = v.afterDays;
    else p.add('greeting.afterDays', 'bad_after_days');
  }
  return withExtra({ ...base, afterDays }, extraOf(v, ['enabled', 'text', 'afterDays']));
}

function parseAway(v: unknown, p: Problems): AwayMessage | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add('away', 'not_an_object');
  return withExtra(parseEnabledText(v, 'away', p), extraOf(v, ['enabled', 'text']));
}

function parseRanges(v: unknown, at: string, p: Problems): TimeRange[] {
  if (!Array.isArray(v) || v.length > RANGES_PER_DAY_MAX) {
    p.add(at, Array.isArray(v) ? 'too_many_ranges' : 'not_a_list');
    return [];
  }
  const out: Array<{ range: TimeRange; from: number; to: number; i: number }> = [];
  v.forEach((r: unknown, i) => {
    const ra = `${at}[${i}]`;
    if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string') return p.add(ra, 'bad_range');
    const from = minutesOf(r[0]);
    const to = minutesOf(r[1]);
    if (from === undefined || from === 1440) return p.add(`${ra}[0]`, 'bad_time');
    if (to === undefined) return p.add(`${ra}[1]`, 'bad_time');
    if (to <= from) return p.add(ra, 'bad_range');
    out.push({ range: [r[0], r[1]], from, to, i });
  });
  const sorted = [...out].sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) if (sorted[k]!.from < sorted[k - 1]!.to) p.add(`${at}[${sorted[k]!.i}]`, 'overlapping_ranges'); // k and k-1 < length
  return out.map((o) => o.range);
}

function parseBusinessHours(v: unknown, p: Problems): BusinessHours | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add('businessHours', 'not_an_object');
  let timeZone = '';
  if (v.timeZone === undefined) p.add('businessHours.timeZone', 'missing');
  else if (typeof v.timeZone !== 'string' || !isTimeZone(v.timeZone)) p.add('businessHours.timeZone', 'bad_time_zone');
  else timeZone = v.timeZone;
  const days: Partial<Record<Weekday, readonly TimeRange[]>> = {};
  if (v.days === undefined) p.add('businessHours.days', 'missing');
  else if (!isObject(v.days)) p.add('businessHours.days', 'not_an_object');
  else
    for (const [day, ranges] of Object.entries(v.days)) {
      // A day is a closed set: "monday" or "Mon" is a typo that would silently close the shop, not an extension.
      if (!(WEEKDAYS as readonly string[]).includes(day)) p.add(`businessHours.days.${day}`, 'unknown_day');
      else days[day as Weekday] = parseRanges(ranges, `businessHours.days.${day}`, p); // a weekday, checked above
    }
  const holidays: string[] = [];
  if (v.holidays !== undefined) {
    if (!Array.isArray(v.holidays)) p.add('businessHours.holidays', 'not_a_list');
    else if (v.holidays.length > HOLIDAYS_MAX) p.add('businessHours.holidays', 'too_many_holidays');
    else v.holidays.forEach((d: unknown, i) => (typeof d === 'string' && isIsoDate(d) ? holidays.push(d) : p.add(`businessHours.holidays[${i}]`, 'bad_date')));
  }
  let closedToday: string | null = null;
  if (v.closedToday !== undefined && v.closedToday !== null && v.closedToday !== false) {
    if (typeof v.closedToday === 'string' && isIsoDate(v.closedToday)) closedToday = v.closedToday;
    else p.add('businessHours.closedToday', 'bad_date');
  }
  return withExtra({ timeZone, days, holidays, closedToday }, extraOf(v, ['timeZone', 'days', 'holidays', 'closedToday']));
}

/**
 * Reads an automation file. Every problem is reported with its line (and the path of the key at fault); a file
 * with any problem gives no rules at all, so importing it changes nothing. Fields this version does not know are
 * kept (`extra`) on the set, each rule, its reply object and conditions, greeting, away and business hours. More
 * than KEYWORD_RULES_LIMIT keyword rules is a warning, not a refusal.
 */
export function parseAutomation(text: string): ParsedAutomation {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM some editors write
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const place = syntaxErrorPlace(body, error instanceof Error ? error.message : String(error));
    return { ok: false, problems: [{ ...place, path: '', problem: 'not_json' }] };
  }
  const p = new Problems(pathLines(body));
  if (!isObject(data)) return { ok: false, problems: [{ line: 1, path: '', problem: 'not_an_object' }] };
  const keywordReplies: KeywordReply[] = [];
  const warnings: AutomationWarning[] = [];
  if (data.keywordReplies !== undefined) {
    if (!Array.isArray(data.keywordReplies)) p.add('keywordReplies', 'not_a_list');
    else {
      const names = new Set<string>();
      data.keywordReplies.forEach((r: unknown, i) => {
        const rule = parseKeywordReply(r, i, p, names);
        if (rule) keywordReplies.push(rule);
      });
      if (data.keywordReplies.length > KEYWORD_RULES_LIMIT) warnings.push({ path: 'keywordReplies', warning: 'too_many_rules', count: data.keywordReplies.length, limit: KEYWORD_RULES_LIMIT });
    }
  }
  const greeting = parseGreeting(data.greeting, p);
  const away = parseAway(data.away, p);
  const businessHours = parseBusinessHours(data.businessHours, p);
  if (away?.enabled && data.businessHours === undefined) p.add('away.enabled', 'away_without_hours');
  if (p.list.length > 0) return { ok: false, problems: p.list };
  const value: AutomationRules = { keywordReplies };
  if (greeting) value.greeting = greeting;
  if (away) value.away = away;
  if (businessHours) value.businessHours = businessHours;
  return { ok: true, value: withExtra(value, extraOf(data, ['keywordReplies', 'greeting', 'away', 'businessHours'])), warnings };
}

// ── Export ───────────────────────────────────────────────────────────────────────────────────────────────────

function plain(known: Obj, extra: Extra | undefined): Obj {
  // Known fields win over an extra of the same name (an extra never has a known name: parse sorts them apart).
  return { ...known, ...(extra ?? {}) };
}

/** The rule set as the file format, two-space indented, unknown fields written back where they were found. */
export function exportAutomation(rules: AutomationRules): string {
  const out: Obj = {
    keywordReplies: rules.keywordReplies.map((r) => {
      const reply = typeof r.reply === 'string' ? r.reply : plain({ quickReplyId: r.reply.quickReplyId, ...(r.reply.text !== undefined ? { text: r.reply.text } : {}), ...(r.reply.shortcut !== undefined ? { shortcut: r.reply.shortcut } : {}) }, r.reply.extra);
      const rule: Obj = { name: r.name, keywords: [...r.keywords], match: r.match, reply };
      if (r.conditions) {
        const c: Obj = {};
        if (r.conditions.labels) c.labels = [...r.conditions.labels];
        if (r.conditions.firstMessageOnly !== undefined) c.firstMessageOnly = r.conditions.firstMessageOnly;
        rule.conditions = plain(c, r.conditions.extra);
      }
      rule.enabled = r.enabled;
      rule.order = r.order;
      return plain(rule, r.extra);
    }),
  };
  if (rules.greeting) out.greeting = plain({ enabled: rules.greeting.enabled, text: rules.greeting.text, afterDays: rules.greeting.afterDays }, rules.greeting.extra);
  if (rules.away) out.away = plain({ enabled: rules.away.enabled, text: rules.away.text }, rules.away.extra);
  const h = rules.businessHours;
  if (h) {
    const days: Obj = {};
    for (const d of WEEKDAYS) if (h.days[d] !== undefined) days[d] = h.days[d]!.map((r) => [r[0], r[1]]); // checked on this line
    out.businessHours = plain({ timeZone: h.timeZone, days, holidays: [...h.holidays], closedToday: h.closedToday }, h.extra);
  }
  return `${JSON.stringify(plain(out, rules.extra), null, 2)}\n`;
}

/** The quick replies' texts the rules carry (stored by the Automation screen at save time), id → text, for `decide()`. */
export function quickReplyTexts(rules: AutomationRules): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rules.keywordReplies) if (typeof r.reply !== 'string' && r.reply.text !== undefined && !out.has(r.reply.quickReplyId)) out.set(r.reply.quickReplyId, r.reply.text);
  return out;
}

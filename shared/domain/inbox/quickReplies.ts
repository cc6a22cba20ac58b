/**
 * Quick replies, as the WhatsApp Business app has them (DOMAIN.md §4): up to 50, each with a shortcut typed after
 * "/" in the answer box. Variables (`{name}`, `{shop}`, a contact's fields) are filled by the campaign wizard's own
 * renderer (shared/domain/campaign/render.ts `renderText`) with the same per-variable fallbacks ("고객" for a
 * nameless Korean customer). A starter set covers the seed's common cases in ko / en / zh-Hant; shops import and
 * export their own as JSON.
 *
 * Pure: no DOM, no Node.
 */
import { renderText, SUGGESTED_NAME_FALLBACK, type CampaignContact, type Fallbacks, type RenderContext } from '../campaign/render';
import { compactForOptOut } from '../optOut';
import { LANGUAGES, type Language } from '../settings';

export interface QuickReply {
  id: string;
  /** Typed after "/": letters, digits, `_` and `-` in any script, 1–24 characters, no spaces. */
  shortcut: string;
  text: string;
  language: Language;
}

/** The WhatsApp Business app's limit; past it we warn (the shop may still keep more here). */
export const QUICK_REPLY_LIMIT = 50;
export const SHORTCUT_MAX = 24;
/** A WhatsApp text message's limit (DOMAIN.md §1: 4,096 characters). */
export const QUICK_REPLY_TEXT_MAX = 4_096;

const SHORTCUT_RE = /^[\p{L}\p{N}_-]{1,24}$/u;

export function isValidShortcut(shortcut: string): boolean {
  return SHORTCUT_RE.test(shortcut);
}

export interface QuickReplyWarnings {
  /** More than QUICK_REPLY_LIMIT. */
  overLimit: boolean;
  /** Shortcuts used twice in the same language (the second can never be picked by its shortcut alone). */
  duplicates: string[];
}

export function quickReplyWarnings(list: readonly QuickReply[]): QuickReplyWarnings {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const q of list) {
    const key = `${q.language}\u0000${q.shortcut.toLowerCase()}`;
    if (seen.has(key)) duplicates.add(q.shortcut);
    seen.add(key);
  }
  return { overLimit: list.length > QUICK_REPLY_LIMIT, duplicates: [...duplicates] };
}

/** Kept here for its importers; the rule lives in textLanguage.ts. */
export { guessLanguage } from '../textLanguage';

/**
 * The quick replies matching what was typed after "/", best first: shortcut starts with it, then shortcut contains
 * it, then the text contains it; within each, the customer's language first, then the list's order. An empty query
 * lists them all (the customer's language first). Case, width and spacing are ignored (the opt-out normaliser).
 */
export function filterQuickReplies(list: readonly QuickReply[], query: string, language?: Language): QuickReply[] {
  const q = compactForOptOut(query);
  const ranked: Array<{ q: QuickReply; rank: number; i: number }> = [];
  list.forEach((item, i) => {
    const shortcut = compactForOptOut(item.shortcut);
    let rank: number;
    if (q === '' || shortcut.startsWith(q)) rank = 0;
    else if (shortcut.includes(q)) rank = 1;
    else if (compactForOptOut(item.text).includes(q)) rank = 2;
    else return;
    ranked.push({ q: item, rank: rank * 2 + (language !== undefined && item.language !== language ? 1 : 0), i });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((r) => r.q);
}

/** Per-variable fallbacks for an answer in `language`: a nameless customer is "고객" / "customer" / "顧客". */
export function answerFallbacks(language: Language): Fallbacks {
  return { name: SUGGESTED_NAME_FALLBACK[language] };
}

/**
 * A quick reply's text for one customer: `{variables}` filled from the contact (or only the fallbacks when the
 * sender is not a saved contact). Variables with neither value nor fallback stay as `{key}` for the person to see.
 */
export function fillQuickReply(reply: Pick<QuickReply, 'text' | 'language'>, contact: CampaignContact | undefined, ctx: RenderContext, fallbacks: Fallbacks = answerFallbacks(reply.language)) {
  const who: CampaignContact = contact ?? { id: 0, name: '', phone: '', labelIds: [], optInStatus: 'unknown', optInSource: '', optInAt: null, notes: '', lastInteractionAt: null };
  return renderText(reply.text, who, ctx, fallbacks);
}

/**
 * Where a "/shortcut" is being typed in the answer box: the "/" must start the text or follow a space, and the
 * caret must be inside the word after it. Returns the query and the range to replace, or undefined.
 */
export function slashQuery(text: string, caret: number): { query: string; start: number; end: number } | undefined {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!m) return undefined;
  const start = caret - m[2]!.length - 1; // group 2 always matches
  return { query: m[2]!, start, end: caret };
}

// ── Import and export ────────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_FORMAT = 'shopcast-quick-replies';

export function exportQuickReplies(list: readonly QuickReply[]): string {
  const body = { format: EXPORT_FORMAT, version: 1, quickReplies: list.map((q) => ({ shortcut: q.shortcut, language: q.language, text: q.text })) };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export interface ImportProblem {
  /** 1-based line in the file where the problem is (the quick reply's opening brace for a field problem). */
  line: number;
  /** Index of the quick reply in the file's list, when the problem is in one. */
  index?: number;
  field?: 'shortcut' | 'text' | 'language';
  problem: 'not_json' | 'not_a_list' | 'not_an_object' | 'bad_shortcut' | 'bad_text' | 'too_long' | 'bad_language' | 'duplicate';
}

export type ImportedQuickReplies = { ok: true; value: Array<Omit<QuickReply, 'id'>> } | { ok: false; problems: ImportProblem[] };

/** The line of each `{` that opens an element of the file's quick-reply list (a bare array or `quickReplies`). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let inString = false;
  let listDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      // The list is the first array at the top (a bare list) or directly inside the top object.
      if (ch === '[' && listDepth < 0 && stack.length <= 1) listDepth = stack.length + 1;
      else if (ch === '{' && stack.length === listDepth && stack[stack.length - 1] === '[') lines.push(line);
      stack.push(ch);
    } else if (ch === ']' || ch === '}') stack.pop();
  }
  return lines;
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * Where a JSON text first goes wrong (its offset), by a small recursive-descent pass; the text's length when the
 * text ends too early. Only called on a text JSON.parse refused.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; // i < length
  };
  const fail = (): never => {
    throw i;
  };
  const str = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (ch === '"') str();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail();
      else i += m[0].length;
    }
  };
  try {
    value();
    ws();
    return i; // something after the value
  } catch (at) {
    return typeof at === 'number' ? at : text.length;
  }
}

/**
 * Reads an exported file (or a bare list of `{ shortcut, text, language }`). Every problem is reported with its
 * line and field; a file with any problem imports nothing (the shop fixes it and tries again).
 */
export function parseQuickRepliesJson(text: string): ImportedQuickReplies {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The engines' messages differ (some give no position), so the place is found by our own pass over the text.
    return { ok: false, problems: [{ line: lineAt(text, jsonErrorOffset(text)), problem: 'not_json' }] };
  }
  const list: unknown = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? (data as Record<string, unknown>).quickReplies : undefined; // an object: read its one list
  if (!Array.isArray(list)) return { ok: false, problems: [{ line: 1, problem: 'not_a_list' }] };
  const lines = elementLines(text);
  const problems: ImportProblem[] = [];
  const out: Array<Omit<QuickReply, 'id'>> = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return problems.push({ line, index, problem: 'not_an_object' });
    const r = item as Record<string, unknown>; // an object, checked just above
    const shortcut = typeof r.shortcut === 'string' ? r.shortcut.trim().replace(/^\//, '') : undefined;
    const body = typeof r.text === 'string' ? r.text.normalize('NFC') : undefined;
    const language = r.language;
    let fine = true;
    if (shortcut === undefined || !isValidShortcut(shortcut)) {
      problems.push({ line, index, field: 'shortcut', problem: 'bad_shortcut' });
      fine = false;
    }
    if (body === undefined || body.trim() === '') {
      problems.push({ line, index, field: 'text', problem: 'bad_text' });
      fine = false;
    } else if (body.length > QUICK_REPLY_TEXT_MAX) {
      problems.push({ line, index, field: 'text', problem: 'too_long' });
      fine = false;
    }
    if (typeof language !== 'string' || !(LANGUAGES as readonly string[]).includes(language)) {
      problems.push({ line, index, field: 'language', problem: 'bad_language' });
      fine = false;
    }
    if (!fine || shortcut === undefined || body === undefined) return;
    const lang = language as Language; // one of LANGUAGES, checked above
    const key = `${lang}\u0000${shortcut.toLowerCase()}`;
    if (seen.has(key)) return problems.push({ line, index, field: 'shortcut', problem: 'duplicate' });
    seen.add(key);
    out.push({ shortcut, text: body, language: lang });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

// ── Starter set ──────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The seed's common cases (주문 조회, 반품/교환, opening hours, price, stock) in each language, for the shop to edit.
 * Korean in 해요체; Chinese in Taiwan usage. Opening hours are an example the shop changes to its own.
 */
export const STARTER_QUICK_REPLIES: ReadonlyArray<Omit<QuickReply, 'id'>> = [
  { language: 'ko', shortcut: 'order', text: '{name}님, 문의 주셔서 감사해요. 주문 번호를 알려 주시면 배송 상황을 바로 확인해 드릴게요.' },
  { language: 'ko', shortcut: 'return', text: '{name}님, 반품·교환은 상품을 받으신 날부터 7일 안에 신청하실 수 있어요. 주문 번호와 사유를 알려 주시면 절차를 안내해 드릴게요.' },
  { language: 'ko', shortcut: 'hours', text: '{shop} 영업시간은 월–토 오전 10시부터 오후 8시까지예요. 일요일은 쉬어요.' },
  { language: 'ko', shortcut: 'price', text: '{name}님, 문의하신 상품의 가격을 확인해서 바로 알려 드릴게요. 상품 이름이나 사진을 보내 주시겠어요?' },
  { language: 'ko', shortcut: 'stock', text: '{name}님, 재고를 확인해 볼게요. 원하시는 색상과 사이즈를 알려 주세요.' },
  { language: 'en', shortcut: 'order', text: 'Hi {name}, thanks for getting in touch. Send me your order number and I will check where your parcel is right away.' },
  { language: 'en', shortcut: 'return', text: 'Hi {name}, you can return or exchange an item within 7 days of receiving it. Send me your order number and the reason, and I will walk you through it.' },
  { language: 'en', shortcut: 'hours', text: '{shop} is open Monday to Saturday, 10:00 to 20:00, and closed on Sundays.' },
  { language: 'en', shortcut: 'price', text: 'Hi {name}, I will check the price for you right away. Could you send me the product name or a photo?' },
  { language: 'en', shortcut: 'stock', text: 'Hi {name}, let me check our stock. Which colour and size would you like?' },
  { language: 'zh-Hant', shortcut: 'order', text: '{name}您好，謝謝您的詢問！請提供訂單編號，我馬上幫您查詢配送進度。' },
  { language: 'zh-Hant', shortcut: 'return', text: '{name}您好，商品到貨 7 天內都可以申請退換貨。請提供訂單編號和原因，我會說明後續流程。' },
  { language: 'zh-Hant', shortcut: 'hours', text: '{shop}的營業時間是週一到週六上午 10 點到晚上 8 點，週日公休。' },
  { language: 'zh-Hant', shortcut: 'price', text: '{name}您好，我馬上幫您確認價格。可以傳商品名稱或照片給我嗎？' },
  { language: 'zh-Hant', shortcut: 'stock', text: '{name}您好，我幫您確認庫存。請問您想要哪個顏色和尺寸？' },
];

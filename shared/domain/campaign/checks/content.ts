/**
 * Rules about what a message says (DOMAIN.md §2 limits, §4 "Content"), run once per A/B version: length, links,
 * pressure words, the opt-out line, variables, the template's status and parameters, media.
 */
import { CAPTION_MAX, TEMPLATE_BODY_MAX, TEXT_BODY_MAX, type MediaType } from '../../message';
import { compactForOptOut } from '../../optOut';
import type { Language } from '../../settings';
import type { MediaAttachment, MessageDraft } from '../draft';
import { SUGGESTED_NAME_FALLBACK, isValidParamText } from '../render';
import { VAR_VALUE_MAX, type MessageScan, type Scan } from '../scan';
import type { ChecklistInput, CheckResult } from '../types';
import { koreanContentChecks } from './koreanLaw';
import { plural, result } from './result';

// ── Links ────────────────────────────────────────────────────────────────────────────────────────────────────

/** http(s) URLs and bare www. addresses, as WhatsApp would link them. */
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'）】]+/gi;

/** Links with where they start (trailing punctuation is not part of a link). */
export function linkPositions(text: string): { url: string; at: number }[] {
  return [...text.matchAll(URL_RE)].map((m) => ({ url: m[0].replace(/[.,!?;:)]+$/, ''), at: m.index }));
}

export function linksIn(text: string): string[] {
  return linkPositions(text).map((l) => l.url);
}

/** The text's links with WhatsApp's first-link preview in mind: §4 "at most 2 links (3+ is high risk)". */
export const MAX_LINKS = 2;

// ── Pressure words ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * "Pressure" words spam filters and people react to (DOMAIN.md §4: free / limited time / last chance in every UI
 * language, e.g. 무료, 기간 한정, 마지막 기회, 免費, 限時), with the common urgency phrases of each language.
 * Traditional and Simplified Chinese forms are both listed (shops in HK/TW write both).
 */
export const PRESSURE_WORDS: Readonly<Record<'en' | 'ko' | 'zh', readonly string[]>> = {
  en: ['free', 'limited time', 'last chance', 'act now', 'hurry', 'urgent', 'today only', 'only today', 'buy now', "don't miss", 'final hours', 'guaranteed', 'winner'],
  ko: ['무료', '기간 한정', '마지막 기회', '오늘만', '한정 수량', '선착순', '긴급', '서두르세요', '놓치지 마세요', '지금 바로', '마감 임박', '공짜'],
  zh: ['免費', '免费', '限時', '限时', '最後機會', '最后机会', '立即購買', '立即购买', '只限今天', '僅限今日', '搶購', '抢购', '緊急', '紧急', '錯過', '错过'],
};

/** More than this many hits warns (§4: "no more than a few"). */
export const PRESSURE_MAX = 2;

const LATIN_RE = /^[a-z' ]+$/;
const latinMatchers = PRESSURE_WORDS.en.map((w) => ({ word: w, re: new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/'/g, "['’]")}(?=$|[^\\p{L}\\p{N}])`, 'giu') }));
const cjkWords = [...PRESSURE_WORDS.ko, ...PRESSURE_WORDS.zh].map((w) => ({ word: w, compact: w.replace(/\s+/g, '') }));

/** Every pressure word the text uses, with how often. Latin words stand alone ("freedom" is not "free"); CJK ignore spaces. */
export function pressureWordsIn(text: string): { word: string; count: number }[] {
  const folded = text.normalize('NFKC').toLowerCase();
  const compact = folded.replace(/\s+/g, '');
  const found: { word: string; count: number }[] = [];
  for (const { word, re } of latinMatchers) {
    if (!LATIN_RE.test(word)) continue;
    const n = folded.match(re)?.length ?? 0;
    if (n > 0) found.push({ word, count: n });
  }
  for (const { word, compact: w } of cjkWords) {
    const n = compact.split(w).length - 1;
    if (n > 0) found.push({ word, count: n });
  }
  return found;
}

// ── Opt-out line ─────────────────────────────────────────────────────────────────────────────────────────────

/** The line the fix appends, in the shop's language (§4: "Reply STOP to unsubscribe" / "STOP 회신 시 수신 거부"). */
export const OPT_OUT_LINES: Readonly<Record<Language, string>> = {
  en: 'Reply STOP to unsubscribe',
  ko: 'STOP 회신 시 수신 거부',
  'zh-Hant': '回覆 STOP 即可取消訂閱',
};

const OPT_OUT_CJK = ['수신거부', '수신중단', '停止', '退訂', '取消訂閱', '退订', '取消订阅'];

/** Whether a text tells people how to stop messages: STOP / unsubscribe / opt out, or a ko/zh equivalent. */
export function hasOptOutLine(text: string): boolean {
  const folded = text.normalize('NFKC').toLowerCase();
  // A word of its own: "non-stop" and "unstoppable" are not an opt-out line.
  if (/(^|[^\p{L}\p{N}-])(stop|unsubscribe|opt[\s-]?out)($|[^\p{L}\p{N}-])/u.test(folded)) return true;
  const compact = compactForOptOut(text);
  return OPT_OUT_CJK.some((w) => compact.includes(w));
}

// ── Media ────────────────────────────────────────────────────────────────────────────────────────────────────

const MB = 1024 * 1024;

/** DOMAIN.md §2 (Cloud API media limits). */
export const MEDIA_LIMITS: Readonly<Record<MediaType, { mimes: readonly string[]; maxBytes: number }>> = {
  image: { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  video: { mimes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  document: {
    mimes: [
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'text/plain',
    ],
    maxBytes: 100 * MB,
  },
};

export function mediaProblem(m: MediaAttachment): { key: 'type' | 'size' | 'empty'; detail: string } | undefined {
  const limit = MEDIA_LIMITS[m.type];
  if (!limit.mimes.includes(m.mime.toLowerCase())) return { key: 'type', detail: `A ${m.type} must be ${limit.mimes.join(', ')}; this file is ${m.mime || 'of unknown type'}.` };
  if (m.sizeBytes <= 0) return { key: 'empty', detail: 'The file is empty.' };
  if (m.sizeBytes > limit.maxBytes) return { key: 'size', detail: `A ${m.type} may be at most ${limit.maxBytes / MB} MB; this one is ${(m.sizeBytes / MB).toFixed(1)} MB.` };
  return undefined;
}

// ── The rules ────────────────────────────────────────────────────────────────────────────────────────────────

/** The text the person wrote plus, for templates, what the customer also sees (body, footer, buttons). */
function visibleText(m: MessageScan): string {
  if (m.message.kind === 'text') return m.message.body;
  const t = m.template;
  if (!t) return '';
  const fixed = m.message.params.map((p) => (p.kind === 'fixed' ? p.value : '')).join(' ');
  return [t.header?.text ?? '', t.body, fixed, t.footer ?? '', ...(t.buttons ?? []).map((b) => b.text)].join('\n');
}

export function contentChecks(input: ChecklistInput, scan: Scan, m: MessageScan): CheckResult[] {
  const variant = input.draft.messageB ? m.variant : undefined;
  const o = { variant };
  const out: CheckResult[] = [];
  const msg = m.message;
  const channel = input.draft.channel;

  // Content kind vs channel: the Cloud API sends free-form text only inside a 24 h window (131047); the Assisted
  // channel opens wa.me with text and cannot send a template.
  if (channel === 'cloud' && msg.kind === 'text') {
    const outside = scan.outsideWindow;
    out.push(
      outside > 0
        ? result('content_kind', 'block', 'needsTemplate', { count: outside }, `${plural(outside, 'recipient')} wrote no message in the last 24 h: the Cloud API only delivers an approved template to them (error 131047).`, o)
        : result('content_kind', 'pass', 'ok', {}, 'Every recipient has an open 24 h window: free-form text is allowed.', o),
    );
  } else if (channel !== 'cloud' && msg.kind === 'template') {
    out.push(result('content_kind', 'block', 'templateNeedsCloud', { channel }, 'Templates are sent through the Cloud API only; write a text for this channel.', o));
  } else if (channel === 'assisted' && msg.kind === 'text' && msg.media) {
    // A wa.me link carries text only: main refuses to start such a campaign (assisted_text_only), so say it here.
    out.push(result('content_kind', 'block', 'mediaOnAssisted', { type: msg.media.type }, `WhatsApp Business app chats open with text only: a ${msg.media.type} cannot be attached. Remove it, or send through the Cloud API.`, o));
  } else out.push(result('content_kind', 'pass', 'ok', {}, 'The message type suits the channel.', o));

  // Length (after filling variables, for the longest recipient).
  const limit = msg.kind === 'template' ? TEMPLATE_BODY_MAX : msg.media ? CAPTION_MAX : TEXT_BODY_MAX;
  const what = msg.kind === 'template' ? 'template body' : msg.media ? 'caption' : 'text';
  out.push(
    m.maxLength > limit
      ? result('length', 'block', 'tooLong', { length: m.maxLength, limit, what }, `The ${what} is ${m.maxLength.toLocaleString('en')} characters for the longest recipient; WhatsApp allows ${limit.toLocaleString('en')}.`, o)
      : result('length', 'pass', 'ok', { length: m.maxLength, limit, what }, `The ${what} is at most ${m.maxLength.toLocaleString('en')} of ${limit.toLocaleString('en')} characters.`, o),
  );

  const text = visibleText(m);
  const v = m.variant;

  // Links.
  const links = linksIn(text);
  if (links.length > MAX_LINKS) {
    const fix = msg.kind === 'text' ? { id: 'remove_link' as const, params: { variant: v, index: MAX_LINKS, url: links[MAX_LINKS]! } } : undefined; // length > MAX_LINKS
    out.push(result('links', 'warn', 'tooMany', { count: links.length, max: MAX_LINKS }, `${links.length} links: more than ${MAX_LINKS} is high risk for spam reports.`, { variant, fix }));
  } else out.push(result('links', 'pass', 'ok', { count: links.length, max: MAX_LINKS }, `${plural(links.length, 'link')} (at most ${MAX_LINKS}).`, o));
  const plain = links.filter((l) => /^http:\/\//i.test(l));
  if (plain.length > 0) {
    const fix = msg.kind === 'text' ? { id: 'use_https' as const, params: { variant: v } } : undefined;
    out.push(result('link_https', 'warn', 'plainHttp', { count: plain.length, url: plain[0]! }, `${plural(plain.length, 'link')} use plain http:// (${plain[0]}): use https or a short link.`, { variant, fix }));
  } else out.push(result('link_https', 'pass', 'ok', {}, 'No plain http:// links.', o));

  // Pressure words.
  const pressure = pressureWordsIn(text);
  const hits = pressure.reduce((n, p) => n + p.count, 0);
  const words = pressure.map((p) => p.word).join(', ');
  out.push(
    hits > PRESSURE_MAX
      ? result('pressure_words', 'warn', 'tooMany', { count: hits, words, max: PRESSURE_MAX }, `${hits} pressure words (${words}): more than ${PRESSURE_MAX} reads like spam.`, o)
      : result('pressure_words', 'pass', 'ok', { count: hits, words }, hits === 0 ? 'No pressure words.' : `${hits} pressure word${hits > 1 ? 's' : ''} (${words}).`, o),
  );

  // Korean law for promotions to +82 numbers (§2b): "(광고)", the sender, a Korean opt-out line.
  const korean = koreanContentChecks(input, scan, m, text);

  // Opt-out line: required for promotional content (blocks), strongly advised otherwise (warns). When Korean law
  // asks for the Korean line (kr_opt_out_ko) and there is no opt-out line at all, that row asks for it alone: its
  // fix adds the Korean line, which satisfies this rule too.
  if (hasOptOutLine(text)) out.push(result('opt_out_line', 'pass', 'ok', {}, 'The message says how to stop messages.', o));
  else if (korean.koreanOptOutMissing) {
    // Reported by kr_opt_out_ko below.
  } else {
    const language = input.shop.language;
    const fix = msg.kind === 'text' ? { id: 'add_opt_out' as const, params: { variant: v, language } } : undefined;
    const level = input.draft.promotional ? 'block' : 'warn';
    const line = OPT_OUT_LINES[language];
    out.push(result('opt_out_line', level, msg.kind === 'text' ? 'missing' : 'missingInTemplate', { line }, `No opt-out line: add “${line}”${msg.kind === 'template' ? ' to the template (footer) in WhatsApp Manager' : ''}.`, { variant, fix }));
  }

  out.push(...korean.results);

  // Variables (text) and parameters (template) resolvable for every recipient.
  out.push(variablesCheck(input, m, variant));

  // Template status and parameters.
  if (msg.kind === 'template') out.push(...templateChecks(m, variant));

  // Media.
  out.push(mediaCheck(msg, m, variant));
  return out;
}

function variablesCheck(input: ChecklistInput, m: MessageScan, variant: 'A' | 'B' | undefined): CheckResult {
  const o = { variant };
  if (m.unknown.length > 0) {
    const name = m.unknown[0]!; // length > 0
    return result('variables', 'block', 'unknown', { variable: name }, `{${name}} is not a contact field and has no fallback: no recipient can fill it.`, o);
  }
  const missing = [...m.missing].filter(([, n]) => n > 0);
  for (const [key, n] of missing) {
    const others = missing.length > 1 ? ` (also ${missing.filter(([k]) => k !== key).map(([k]) => `{${k}}`).join(', ')})` : '';
    const suggestion = key === 'name' ? SUGGESTED_NAME_FALLBACK[input.shop.language] : key === 'shop' && input.shop.name.trim() !== '' ? input.shop.name : undefined;
    const fix = suggestion !== undefined ? { id: 'set_fallback' as const, params: { variable: key, value: suggestion } } : undefined;
    return result(
      'variables',
      'block',
      'missing',
      { variable: key, count: n, variables: missing.map(([k]) => k).join(', ') },
      `{${key}} is empty for ${plural(n, 'recipient')} and has no fallback (they would get “${key === 'name' ? 'Hi ,' : `{${key}}`}”)${others}.`,
      { variant, fix },
    );
  }
  for (const [param, n] of m.paramMissing) {
    if (n === 0) continue;
    return result('variables', 'block', 'paramMissing', { param, count: n }, `Parameter {{${param}}} is empty for ${plural(n, 'recipient')}: give it a fallback or a fixed value.`, o);
  }
  if (m.overlongValues > 0) {
    return result('variables', 'block', 'tooLong', { count: m.overlongValues, max: VAR_VALUE_MAX }, `${plural(m.overlongValues, 'recipient')} have a field over ${VAR_VALUE_MAX} characters.`, o);
  }
  return result('variables', 'pass', 'ok', {}, 'Every variable has a value or a fallback for every recipient.', o);
}

function templateChecks(m: MessageScan, variant: 'A' | 'B' | undefined): CheckResult[] {
  const o = { variant };
  const msg = m.message;
  if (msg.kind !== 'template') return [];
  const t = m.template;
  if (!t) return [result('template_status', 'block', 'notFound', { name: msg.name, language: msg.language }, `Template ${msg.name} (${msg.language}) is not among the synced templates: sync templates or pick another.`, o)];
  const out: CheckResult[] = [];
  if (t.status === 'APPROVED') out.push(result('template_status', 'pass', 'ok', { name: t.name }, `Template ${t.name} is approved.`, o));
  else out.push(result('template_status', 'block', t.status === 'PAUSED' || t.status === 'DISABLED' ? 'paused' : 'notApproved', { name: t.name, status: t.status }, `Template ${t.name} is ${t.status.toLowerCase()}: only approved templates can be sent (132001/132015/132016).`, o));

  const expected = t.bodyParams;
  if (msg.params.length !== expected) {
    out.push(result('template_params', 'block', 'count', { expected, given: msg.params.length }, `The template has ${plural(expected, 'parameter')}; ${msg.params.length} are mapped (error 132000).`, o));
    return out;
  }
  const bad = msg.params.findIndex((p) => (p.kind === 'fixed' ? !isValidParamText(p.value) : p.fallback.trim() !== '' && !isValidParamText(p.fallback)));
  if (bad >= 0) {
    out.push(
      result('template_params', 'block', 'format', { param: bad + 1 }, `Parameter {{${bad + 1}}} is empty or has a new line, a tab or more than 4 spaces in a row: WhatsApp refuses it.`, {
        variant,
        fix: { id: 'flatten_params', params: { variant: m.variant } },
      }),
    );
  } else out.push(result('template_params', 'pass', 'ok', { count: expected }, `${plural(expected, 'parameter')}, each a single line.`, o));
  return out;
}

function mediaCheck(msg: MessageDraft, m: MessageScan, variant: 'A' | 'B' | undefined): CheckResult {
  const o = { variant };
  const header = m.template?.header?.format;
  const needsHeader = header === 'IMAGE' || header === 'VIDEO' || header === 'DOCUMENT';
  const media = msg.kind === 'text' ? msg.media : msg.headerMedia;
  if (msg.kind === 'template' && needsHeader) {
    const type = header.toLowerCase();
    if (!media) return result('media', 'block', 'headerMissing', { type }, `The template’s header needs a ${type}.`, o);
    if (media.type !== type) return result('media', 'block', 'headerType', { type, given: media.type }, `The template’s header needs a ${type}, not a ${media.type}.`, o);
  }
  if (!media) return result('media', 'pass', 'none', {}, 'No media.', o);
  const problem = mediaProblem(media);
  return problem
    ? result('media', 'block', problem.key, { type: media.type, mime: media.mime, size: media.sizeBytes }, problem.detail, o)
    : result('media', 'pass', 'ok', { type: media.type }, `The ${media.type} is within WhatsApp’s limits.`, o);
}

/**
 * Every checklist reason has a sentence in every language (renderer/src/i18n/checklist.ts):
 * - the rules' source (shared/domain/campaign/checks) is read for every key a `result(...)` call can produce, so a
 *   new key fails here even before anyone writes a scenario for it;
 * - the scenarios below run `runChecklist` into every rule's pass, warn and block branches, and each key produced
 *   is checked against its params: every `{placeholder}` is a param, and every param is in the sentence unless
 *   OMITTED says why not;
 * - no `checklist.*` key in the dictionaries is left over once a rule stops producing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RECIPIENTS } from '../../../shared/domain/vocabulary';
import { LANGUAGES } from '../../../shared/domain/settings';
import { SendLog, platformPolicy } from '../../../shared/domain/pacing';
import { runChecklist } from '../../../shared/domain/campaign/checklist';
import type { CampaignDraft } from '../../../shared/domain/campaign/draft';
import { APPROVED, NOW, contact, draft, input, phoneless } from '../../../shared/domain/campaign/testFixtures';
import type { ActiveCampaign, CheckResult, ChecklistInput } from '../../../shared/domain/campaign/types';
import { claimedSource } from '../../../shared/domain/contact';
import { reasonText } from '../features/wizard/ChecklistStep';
import { checklistEn, checklistKo, checklistZhHant } from './checklist';
import { createTranslator, DICTIONARIES, placeholdersOf, type TKey } from './index';

/**
 * Params a sentence leaves out on purpose. Each is an English code word (or a value that is not always meaningful)
 * that reasonText would paste untranslated into a Korean or Chinese sentence; the sentence says the same without it.
 */
const OMITTED: Readonly<Record<string, readonly string[]>> = {
  'checklist.content_kind.templateNeedsCloud': ['channel'], // 'sandbox' | 'assisted': "this channel"
  'checklist.content_kind.mediaOnAssisted': ['type'], // 'image' | 'video' | 'document': the sentence names every kind
  'checklist.length.ok': ['what'], // 'text' | 'caption' | 'template body': the limit says which
  'checklist.length.tooLong': ['what'],
  'checklist.pressure_words.ok': ['words'], // '' when there are none: the sentence has no zero form
  'checklist.media.ok': ['type'], // 'image' | 'video' | 'document'
  'checklist.media.headerMissing': ['type'],
  'checklist.media.headerType': ['type', 'given'],
  'checklist.media.type': ['type', 'mime', 'size'], // the sentence lists what each kind accepts
  'checklist.media.empty': ['type', 'mime', 'size'],
  'checklist.media.size': ['type', 'mime', 'size'], // bytes; the sentence gives each kind's limit in MB
  'checklist.invalid_numbers.ok': ['count', 'share', 'invalid', 'landline', 'unreachable'], // all 0 here
  'checklist.daily_cap.oneDay': ['limitedBy'], // 'rate' | 'hourly_cap' | 'daily_cap' | 'messaging_limit'
  'checklist.daily_cap.multiDay': ['limitedBy'],
  'checklist.quiet_hours.atStart': ['suggestedAt'], // 0 when there is no suggestion; the fix button shows the time
  'checklist.cost.estimate': ['category'], // 'MARKETING' | 'UTILITY' | 'AUTHENTICATION'
  'checklist.cost.stale': ['category'],
};

// ── Scenarios: every rule's branches ─────────────────────────────────────────────────────────────────────────

const text = (body: string, over: Partial<CampaignDraft> = {}, more: Partial<ChecklistInput> = {}) =>
  input({ draft: draft({ message: { kind: 'text', body }, ...over }), ...more });
const tplParams = [{ kind: 'field' as const, field: 'name', fallback: '고객' }, { kind: 'fixed' as const, value: '20% off' }];
const template = (over: Partial<CampaignDraft> = {}, tpl = APPROVED, more: Partial<ChecklistInput> = {}) =>
  input({
    draft: draft({ channel: 'cloud', message: { kind: 'template', name: tpl.name, language: tpl.language, params: tplParams }, ...over }),
    templates: [tpl],
    ...more,
  });
const withMedia = (media: { type: 'image' | 'video' | 'document'; mime: string; sizeBytes: number }) => text('STOP', { message: { kind: 'text', body: 'STOP', media } });
const withBad = (bad: number, total = 100) => input({ recipients: Array.from({ length: total }, (_, i) => (i < bad ? contact(i, { phone: `+8210123${i}` }) : contact(i))) }, total);
const frequencyLog = () => {
  const log = new SendLog();
  for (const h of [1, 5, 9]) log.record({ at: NOW - h * 3_600_000, contact: contact(0).phone, promotional: true, outsideWindow: true });
  return log;
};
const weeklyLog = () => {
  const log = new SendLog();
  for (const d of [2, 3, 4]) log.record({ at: NOW - d * 86_400_000, contact: contact(0).phone, promotional: true, outsideWindow: true });
  return log;
};
const MB = 1024 * 1024;
const YEAR = 365 * 86_400_000;
/** `n` +82 recipients, the first `consented` of them with night-time consent. */
const withNight = (n: number, consented: number) => Array.from({ length: n }, (_, i) => contact(i, i < consented ? { nightConsent: { at: NOW - 86_400_000, source: 'in_store' } } : {}));
const active = (id: string, name: string, people: number[]): ActiveCampaign => ({ id, name, state: 'running', numbers: new Set(people.map((i) => contact(i).phone)) });

const SCENARIOS: [string, () => ChecklistInput][] = [
  ['the baseline (every rule passes)', () => input()],
  ['an approved template on the Cloud API', () => template({}, APPROVED, { openWindows: new Set() })],
  ['A/B versions', () => input({ draft: draft({ messageB: { kind: 'text', body: 'Hi {name}, B without the line' } }) })],
  // content_kind
  ['text on the Cloud API outside windows', () => input({ draft: draft({ channel: 'cloud' }) })],
  ['text on the Cloud API inside every window', () => input({ draft: draft({ channel: 'cloud' }), openWindows: new Set(Array.from({ length: 10 }, (_, i) => contact(i).phone)) })],
  ['a template on the Assisted channel', () => template({ channel: 'assisted' })],
  ['a photo on the Assisted channel', () => input({ draft: draft({ channel: 'assisted', message: { kind: 'text', body: 'Hi {name}. Reply STOP to unsubscribe.', media: { type: 'image', mime: 'image/jpeg', sizeBytes: 100_000 } } }) })],
  // length
  ['text too long', () => text(`${'a'.repeat(4_100)} Reply STOP`)],
  ['caption too long', () => text('x', { message: { kind: 'text', body: `${'a'.repeat(1_030)} STOP`, media: { type: 'image', mime: 'image/png', sizeBytes: 1000 } } })],
  // links, https, pressure words
  ['one link', () => text('see https://a.example STOP')],
  ['three links', () => text('a https://a.example b https://b.example c https://c.example STOP')],
  ['one plain http link', () => text('see http://shop.example STOP')],
  ['two plain http links', () => text('see http://shop.example and http://x.example STOP')],
  ['two pressure words', () => text('Free gift, last chance! STOP')],
  ['three pressure words', () => text('FREE gift! Limited time, last chance! STOP')],
  // opt-out line
  // (to +886 numbers: for +82 numbers Korean law asks for the Korean line instead, below)
  ['no opt-out line, promotional', () => text('Hi {name}, new arrivals!', {}, { recipients: [contact(0, { phone: '+886912345678' })] })],
  ['no opt-out line, not promotional', () => text('Hi {name}, your order is ready.', { promotional: false })],
  ['a template without an opt-out line', () => template({}, { ...APPROVED, footer: undefined }, { recipients: [contact(0, { phone: '+886912345678' })] })],
  // variables
  ['{name} empty for one', () => input({ recipients: [contact(0), contact(1, { name: '' })] })],
  ['{name} empty for two, {notes} too', () => input({ draft: draft({ message: { kind: 'text', body: '{name} {notes} STOP' } }), recipients: [contact(0, { name: '' }), contact(1, { name: '' })] })],
  ['unknown variable', () => text('Hi {nickname} STOP')],
  ['a template parameter empty without fallback', () => template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'field', field: 'notes', fallback: '' }, { kind: 'fixed', value: 'x' }] } })],
  ['a field over 1,000 characters', () => input({ draft: draft({ message: { kind: 'text', body: '{notes} STOP' } }), recipients: [contact(0, { notes: 'n'.repeat(1_001) })] })],
  // template status and parameters
  ['a paused template', () => template({}, { ...APPROVED, status: 'PAUSED' })],
  ['a disabled template', () => template({}, { ...APPROVED, status: 'DISABLED' })],
  ['a pending template', () => template({}, { ...APPROVED, status: 'PENDING' })],
  ['a rejected template', () => template({}, { ...APPROVED, status: 'REJECTED' })],
  ['a template that is not synced', () => template({ message: { kind: 'template', name: 'gone', language: 'ko', params: [] } })],
  ['the wrong parameter count', () => template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'x' }] } })],
  ['a parameter with a new line', () => template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a' }, { kind: 'fixed', value: 'line\nbreak' }] } })],
  ['a one-parameter template', () => template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a' }] } }, { ...APPROVED, bodyParams: 1 })],
  // media
  ['an image within limits', () => withMedia({ type: 'image', mime: 'image/jpeg', sizeBytes: 5 * MB })],
  ['an image over 5 MB', () => withMedia({ type: 'image', mime: 'image/jpeg', sizeBytes: 5 * MB + 1 })],
  ['a gif', () => withMedia({ type: 'image', mime: 'image/gif', sizeBytes: 100 })],
  ['an empty document', () => withMedia({ type: 'document', mime: 'application/pdf', sizeBytes: 0 })],
  ['an image header missing', () => template({}, { ...APPROVED, header: { format: 'IMAGE' } })],
  [
    'a video in an image header',
    () => template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: tplParams, headerMedia: { type: 'video', mime: 'video/mp4', sizeBytes: 1000 } } }, { ...APPROVED, header: { format: 'IMAGE' } }),
  ],
  // recipients
  ['nobody', () => input({ recipients: [] })],
  ['one recipient', () => input({}, 1)],
  ['over the per-campaign maximum', () => input({}, MAX_RECIPIENTS + 1)],
  // invalid numbers
  ['5 % invalid', () => withBad(5)],
  ['1 % invalid', () => withBad(1)],
  ['6 % invalid', () => withBad(6)],
  ['11 % invalid', () => withBad(11)],
  ['one landline among five', () => input({ recipients: [contact(0, { phone: '+8222345678' }), ...Array.from({ length: 4 }, (_, i) => contact(i + 1))] })],
  ['undeliverable before', () => input({ unreachable: new Set([contact(0).phone]) }, 5)],
  ['numbers the audience step left out', () => input({ audienceExcluded: { notWhatsapp: 30, undeliverable: 12 } })],
  // duplicates, opt-in
  ['a duplicate', () => input({ recipients: [contact(0), contact(1), { ...contact(0), id: 99 }] })],
  ['two duplicates', () => input({ recipients: [contact(0), contact(1), { ...contact(0), id: 98 }, { ...contact(1), id: 99 }] })],
  ['opted out', () => input({ recipients: [contact(0), contact(1, { optInStatus: 'opted_out' })] })],
  ['no opt-in, promotional', () => input({ recipients: [contact(0), contact(1, { optInStatus: 'unknown' })] })],
  ['no opt-in, not promotional', () => input({ draft: draft({ promotional: false }), recipients: [contact(0), contact(1, { optInStatus: 'unknown' })] })],
  ['opt-in without a date', () => input({ recipients: [contact(0, { optInAt: null })] })],
  // frequency, +1 marketing
  ['a 4th promotion in 24 h', () => input({ sendLog: frequencyLog() })],
  ['not promotional', () => input({ draft: draft({ promotional: false }), sendLog: frequencyLog() })],
  ['a 4th promotion in 7 days', () => input({ sendLog: weeklyLog() })],
  ['the same message sent before', () => input({ sameContent: { numbers: new Set([contact(0).phone]), campaignsLast24h: 0 } })],
  ['the same message 3 times today', () => input({ sameContent: { numbers: new Set(), campaignsLast24h: 3 } })],
  ['a +1 number, marketing template', () => template({}, APPROVED, { recipients: [contact(0), contact(1, { phone: '+12015550123' })] })],
  // daily cap, quiet hours, messaging limit, cost
  ['a week-1 number with 120 recipients', () => input({ history: { daysSinceFirstSend: 0, sentLast24h: 0, reachedLast24h: 0 } }, 120)],
  ['the messaging limit sets the days', () => ({ ...template({}, APPROVED, { policy: platformPolicy('Asia/Seoul', 1_000) }), recipients: Array.from({ length: 2_500 }, (_, i) => contact(i)) })],
  ['a 03:00 Seoul start', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 18, 0) }) })],
  ['a start in quiet hours for one of two', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 12, 0) }), recipients: [contact(0), contact(1, { phone: '+12015550123' })] })],
  ['over the messaging limit', () => template({}, APPROVED, { history: { daysSinceFirstSend: 30, sentLast24h: 0, reachedLast24h: 245 } })],
  ['no messaging limit', () => template({}, APPROVED, { policy: platformPolicy('Asia/Seoul', null) })],
  ['an old rate table', () => template({}, APPROVED, { rates: { ...input().rates, asOf: '2025-01-01' } })],
  // Korean law for promotions to +82 numbers
  ['a bare promotion to +82 numbers', () => text('Hi {name}, new arrivals!')],
  ['a bare promotion to one +82 number', () => text('Hi {name}, new arrivals!', {}, { recipients: [contact(0)] })],
  ['a promotion to +82 numbers, no shop name', () => text('Hi {name}, new arrivals!', {}, { shop: { name: '', language: 'ko' } })],
  ['a bare template to +82 numbers', () => template({}, { ...APPROVED, body: '{{1}}님, {{2}}', footer: 'Reply STOP to unsubscribe' })],
  ['a promotion to +886 numbers', () => input({ recipients: [contact(0, { phone: '+886912345678' })] })],
  ['a promotion to +82 numbers at 22:00 Seoul', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 13, 0) }) })],
  ['a promotion to one +82 number at 22:00 Seoul', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 13, 0) }) }, 1)],
  ['600 promotions from 19:00 Seoul', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 10, 0) }) }, 600)],
  // Consent (issue 13 point 5): night-time consent, claimed by a file, older than 2 years, a second promotion
  ['+82 numbers at 22:00 Seoul, all with night-time consent', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 13, 0) }), recipients: withNight(3, 3) })],
  ['+82 numbers at 22:00 Seoul, one with night-time consent', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 13, 0) }), recipients: withNight(3, 1) })],
  ['600 promotions from 19:00 Seoul, some with night-time consent', () => input({ draft: draft({ scheduledAt: Date.UTC(2026, 10, 24, 10, 0) }), recipients: withNight(600, 10) }, 600)],
  ['consent claimed by an imported file', () => input({ recipients: [contact(0), contact(1, { optInSource: claimedSource('list.csv', NOW) })] })],
  ['consent claimed by a file, another without a date', () => input({ recipients: [contact(0, { optInSource: claimedSource('list.csv', NOW) }), contact(1, { optInAt: null })] })],
  ['an opt-in 3 years old', () => input({ recipients: [contact(0, { optInAt: NOW - 3 * YEAR })] })],
  ['a night-time consent 3 years old', () => input({ recipients: [contact(0, { nightConsent: { at: NOW - 3 * YEAR, source: 'in_store' } })] })],
  ['an opt-in and a night-time consent 3 years old', () => input({ recipients: [contact(0, { optInAt: NOW - 3 * YEAR }), contact(1, { nightConsent: { at: NOW - 3 * YEAR, source: 'in_store' } })] })],
  ['another promotion still sending to two of them', () => input({ activeCampaigns: [active('c1', 'Winter sale', [0, 1])] })],
  ['two other promotions still sending to them', () => input({ activeCampaigns: [active('c1', 'Winter sale', [0, 1]), active('c2', 'New year', [2])] })],
  // Recipients known only by their WhatsApp user id (issue 13 point 1)
  ['Assisted, one customer without a phone', () => input({ draft: draft({ channel: 'assisted' }), recipients: [contact(0), phoneless(1)] })],
  ['Assisted, two customers without a phone', () => input({ draft: draft({ channel: 'assisted' }), recipients: [contact(0), phoneless(1), phoneless(2)] })],
  ['an authentication template to one customer without a phone', () => template({ promotional: false }, { ...APPROVED, category: 'AUTHENTICATION' }, { recipients: [contact(0), phoneless(1)] })],
  ['an authentication template to two customers without a phone', () => template({ promotional: false }, { ...APPROVED, category: 'AUTHENTICATION' }, { recipients: [phoneless(1), phoneless(2)] })],
];

const runs: { scenario: string; result: CheckResult }[] = [];
for (const [scenario, make] of SCENARIOS) for (const result of runChecklist(make()).results) runs.push({ scenario, result });

const producedKeys = new Set(runs.map((r) => r.result.reason.key));
/** Every param name each key was produced with (a key's params can depend on the branch). */
const paramsOf = new Map<string, Set<string>>();
for (const { result } of runs) {
  const set = paramsOf.get(result.reason.key) ?? new Set<string>();
  for (const p of Object.keys(result.reason.params)) set.add(p);
  paramsOf.set(result.reason.key, set);
}

// ── The keys in the rules' source ───────────────────────────────────────────────────────────────────────────

const CHECKS_DIR = fileURLToPath(new URL('../../../shared/domain/campaign/checks/', import.meta.url));

/** Keys computed by an expression without literals: the expression, and what it can be. */
const DYNAMIC_KEYS: Readonly<Record<string, readonly string[]>> = {
  'problem.key': ['type', 'size', 'empty'], // mediaProblem() in checks/content.ts
};

function skipQuoted(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  while (j < src.length && src[j] !== quote) j += src[j] === '\\' ? 2 : 1;
  return j + 1;
}

function skipTemplate(src: string, i: number): number {
  let j = i + 1;
  while (j < src.length && src[j] !== '`') {
    if (src[j] === '\\') j += 2;
    else if (src[j] === '$' && src[j + 1] === '{') j = skipBraces(src, j + 1);
    else j++;
  }
  return j + 1;
}

function skipBraces(src: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    const c = src[j]!;
    if (c === "'" || c === '"') j = skipQuoted(src, j);
    else if (c === '`') j = skipTemplate(src, j);
    else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return j + 1;
      j++;
    }
  }
  return j;
}

/** The top-level arguments of the call whose "(" is at `open`. */
function callArgs(src: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let i = open + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "'" || c === '"') i = skipQuoted(src, i);
    else if (c === '`') i = skipTemplate(src, i);
    else if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
    else {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) return [...args, src.slice(start, i)];
        depth--;
      } else if (c === ',' && depth === 0) {
        args.push(src.slice(start, i));
        start = i + 1;
      }
      i++;
    }
  }
  throw new Error('unterminated call');
}

/** The literal keys an expression can give: the whole expression, or the branches of a ternary (not its conditions). */
function keyLiterals(expr: string): string[] {
  const e = expr.trim();
  const whole = /^'(\w+)'$/.exec(e);
  if (whole) return [whole[1]!];
  return [...e.matchAll(/[?:]\s*'(\w+)'/g)].map((m) => m[1]!);
}

function keysInSource(): { keys: Set<string>; problems: string[] } {
  const keys = new Set<string>();
  const problems: string[] = [];
  for (const file of readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const src = readFileSync(join(CHECKS_DIR, file), 'utf8');
    for (const m of src.matchAll(/(?<![\w.])result\(/g)) {
      if (/function\s+$/.test(src.slice(Math.max(0, m.index - 20), m.index))) continue; // the definition
      const args = callArgs(src, m.index + m[0].length - 1);
      const rule = /^\s*'(\w+)'\s*$/.exec(args[0] ?? '')?.[1];
      const keyExpr = (args[2] ?? '').trim();
      const literals = keyLiterals(keyExpr);
      const keyNames = literals.length > 0 ? literals : DYNAMIC_KEYS[keyExpr];
      if (!rule || !keyNames) {
        problems.push(`${file}: result(${args.slice(0, 3).join(',')}…): cannot tell its rule or key; add the expression to DYNAMIC_KEYS`);
        continue;
      }
      for (const k of keyNames) keys.add(`checklist.${rule}.${k}`);
    }
  }
  return { keys, problems };
}

const source = keysInSource();

// ── Dictionaries ────────────────────────────────────────────────────────────────────────────────────────────

const SECTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = { en: checklistEn, ko: checklistKo, 'zh-Hant': checklistZhHant };

/** The messages a key has in one dictionary: itself, or its plural forms. */
function formsOf(dict: Readonly<Record<string, string>>, key: string): string[] {
  if (Object.prototype.hasOwnProperty.call(dict, key)) return [dict[key]!];
  return ['_one', '_other'].filter((s) => Object.prototype.hasOwnProperty.call(dict, key + s)).map((s) => dict[key + s]!);
}

const baseKey = (k: string) => k.replace(/_(one|other)$/, '');

describe('checklist keys', () => {
  it('the rules’ source can be read for every result(...) call', () => {
    expect(source.problems).toEqual([]);
    expect(source.keys.size).toBeGreaterThan(50);
  });

  it('the scenarios produce every key the rules’ source has (add a scenario for a new key)', () => {
    expect([...source.keys].filter((k) => !producedKeys.has(k)).sort()).toEqual([]);
    expect([...producedKeys].filter((k) => !source.keys.has(k)).sort()).toEqual([]);
  });

  it('the scenarios reach the pass, warn and block branches', () => {
    const levels = new Set(runs.map((r) => `${r.result.reason.key}:${r.result.level}`));
    for (const k of ['checklist.invalid_numbers.tooMany:warn', 'checklist.invalid_numbers.tooMany:block', 'checklist.opt_out_line.missing:warn', 'checklist.opt_out_line.missing:block', 'checklist.invalid_numbers.few:pass'])
      expect(levels, k).toContain(k);
    const rules = new Set(runs.map((r) => r.result.rule));
    for (const level of ['warn', 'block'] as const) expect(runs.some((r) => r.result.level === level)).toBe(true);
    expect(rules.size).toBe(29);
  });

  it.each(Object.keys(SECTIONS))('every key has a %s sentence (itself, or an _one/_other pair with a count)', (language) => {
    const dict = SECTIONS[language]!;
    const missing = [...new Set([...source.keys, ...producedKeys])].filter((k) => {
      const forms = formsOf(dict, k);
      if (forms.length === 1 && Object.prototype.hasOwnProperty.call(dict, k)) return false;
      return forms.length !== 2 || !paramsOf.get(k)?.has('count');
    });
    expect(missing.sort()).toEqual([]);
  });

  it('each sentence uses only its params, the same in every language, and leaves out only what OMITTED says', () => {
    const problems: string[] = [];
    for (const key of [...producedKeys].sort()) {
      const params = paramsOf.get(key) ?? new Set<string>();
      const english = formsOf(checklistEn, key).map((m) => placeholdersOf(m).join());
      for (const [language, dict] of Object.entries(SECTIONS)) {
        for (const [i, message] of formsOf(dict, key).entries()) {
          const used = [...new Set(placeholdersOf(message))];
          const unknown = used.filter((p) => !params.has(p));
          if (unknown.length > 0) problems.push(`${language} ${key}: {${unknown.join('}, {')}} is not a param`);
          if (placeholdersOf(message).join() !== english[i]) problems.push(`${language} ${key}: placeholders differ from English`);
          const left = [...params].filter((p) => !used.includes(p)).sort();
          const allowed = [...(OMITTED[key] ?? [])].sort();
          if (left.join() !== allowed.join()) problems.push(`${language} ${key}: leaves out {${left.join('}, {')}}, OMITTED says {${allowed.join('}, {')}}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('OMITTED names only keys and params that exist', () => {
    const stale = Object.entries(OMITTED).flatMap(([key, names]) => names.filter((n) => !paramsOf.get(key)?.has(n)).map((n) => `${key} {${n}}`));
    expect(stale).toEqual([]);
  });

  it('no checklist key in the dictionaries is left over from a rule that no longer produces it', () => {
    for (const dict of Object.values(DICTIONARIES)) {
      const orphans = Object.keys(dict).filter((k) => k.startsWith('checklist.') && !source.keys.has(baseKey(k)));
      expect(orphans).toEqual([]);
    }
    const plural = Object.keys(checklistEn).filter((k) => /_(one|other)$/.test(k));
    expect(plural.filter((k) => !paramsOf.get(baseKey(k))?.has('count'))).toEqual([]);
  });

  it('the three sections are spread into the dictionaries', () => {
    for (const [language, section] of [['en', checklistEn], ['ko', checklistKo], ['zh-Hant', checklistZhHant]] as const)
      for (const [k, v] of Object.entries(section)) expect(DICTIONARIES[language][k as keyof typeof checklistEn]).toBe(v);
  });
});

describe('the checklist step shows every produced reason translated', () => {
  it.each(LANGUAGES)('%s: no English fallback, no unfilled {placeholder}', (language) => {
    const { t, formatDateTime } = createTranslator(language);
    const problems: string[] = [];
    for (const { scenario, result } of runs) {
      const shown = reasonText(t, formatDateTime, result);
      // English sentences may equal the detail; `t` returning the key itself means "not found".
      if (t(result.reason.key as TKey, result.reason.params) === result.reason.key || (language !== 'en' && shown === result.detail))
        problems.push(`${scenario}: ${result.reason.key} shows the English detail`);
      const values = Object.values(result.reason.params).map(String);
      if (placeholdersOf(shown).some((p) => !values.includes(p))) // a value such as the variable `name` shows as {name}
        problems.push(`${scenario}: ${result.reason.key} → ${shown}`);
    }
    expect(problems).toEqual([]);
  });

  it('reads naturally with real values', () => {
    const ko = createTranslator('ko');
    const zh = createTranslator('zh-Hant');
    const en = createTranslator('en');
    const find = (key: string) => runs.find((r) => r.result.reason.key === key)!.result;
    const missing = find('checklist.variables.missing');
    expect(reasonText(en.t, en.formatDateTime, missing)).toMatch(/^\{name\} is empty for 1 recipient and/);
    expect(reasonText(ko.t, ko.formatDateTime, missing)).toMatch(/^1명은 \{name\} 값이 비어 있고/);
    expect(reasonText(zh.t, zh.formatDateTime, find('checklist.variables.paramMissing'))).toContain('參數 {{1}} 是空白');
    const week1 = runs.find((r) => r.scenario === 'a week-1 number with 120 recipients' && r.result.rule === 'daily_cap')!.result;
    expect(reasonText(ko.t, ko.formatDateTime, week1)).toContain('3일이 걸려요(첫날 50건)');
    expect(reasonText(en.t, en.formatDateTime, week1)).toContain(`around ${en.formatDateTime(week1.reason.params.finishAt as number)}`);
  });
});

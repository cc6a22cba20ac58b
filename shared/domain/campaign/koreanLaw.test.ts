/** Korean law for promotions to +82 numbers (DOMAIN.md §2b; checks/koreanLaw.ts), with an injected `now`. */
import { describe, expect, it } from 'vitest';
import { applyFix, runChecklist } from './checklist';
import type { CampaignDraft } from './draft';
import { APPROVED, NOW, contact, draft, input, twMobile } from './testFixtures';
import type { ChecklistInput, CheckResult, Level } from './types';

const LAWFUL = '(광고) Hi {name}, new arrivals at {shop}.\nSTOP 회신 시 수신 거부';
/** An instant on 2026-11-24 (the fixtures' day) at hh:mm in Seoul (UTC+9). */
const kst = (hh: number, mm = 0, day = 24) => Date.UTC(2026, 10, day, hh - 9, mm);

const kr = (n = 3) => Array.from({ length: n }, (_, i) => contact(i));
const tw = (n = 3) => Array.from({ length: n }, (_, i) => contact(i, { phone: twMobile(i) }));
const mixed = () => [...kr(2), ...tw(3).map((c) => ({ ...c, id: c.id + 100 }))];

const run = (inp: ChecklistInput) => runChecklist(inp).results;
const find = (results: CheckResult[], id: string) => {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result ${id}`);
  return r;
};
const text = (body: string, over: Partial<CampaignDraft> = {}, more: Partial<ChecklistInput> = {}) =>
  input({ draft: draft({ message: { kind: 'text', body }, ...over }), recipients: kr(), ...more });
const template = (tpl = APPROVED, more: Partial<ChecklistInput> = {}) =>
  input({
    draft: draft({ channel: 'cloud', message: { kind: 'template', name: tpl.name, language: tpl.language, params: [{ kind: 'field', field: 'name', fallback: '고객' }, { kind: 'fixed', value: '20% off' }] } }),
    templates: [tpl],
    recipients: kr(),
    ...more,
  });

describe('Korean law: content (promotions to +82 numbers)', () => {
  const cases: [string, ChecklistInput, string, Level, string][] = [
    // (광고) at the start
    ['lawful text', text(LAWFUL), 'kr_ad_label', 'pass', 'ok'],
    ['no (광고)', text('Hi {name} at {shop}. STOP 회신 시 수신 거부'), 'kr_ad_label', 'block', 'missing'],
    ['(광고) after leading spaces', text(`  \n${LAWFUL}`), 'kr_ad_label', 'pass', 'ok'],
    ['(광고) not at the start', text('Hi {name}! (광고) {shop} STOP 회신 시 수신 거부'), 'kr_ad_label', 'block', 'missing'],
    ['[광고] is not the law’s form', text('[광고] Hi {name} at {shop}. STOP 회신 시 수신 거부'), 'kr_ad_label', 'block', 'missing'],
    ['full-width brackets （광고） count', text('（광고） Hi {name} at {shop}. STOP 회신 시 수신 거부'), 'kr_ad_label', 'pass', 'ok'],
    ['informational: exempt', text('Your order is ready.', { promotional: false }), 'kr_ad_label', 'pass', 'notPromotional'],
    ['Taiwanese numbers only: does not apply', text('Hi {name}', {}, { recipients: tw() }), 'kr_ad_label', 'pass', 'noKorean'],
    ['a template without (광고)', template({ ...APPROVED, body: 'Mina Flowers: {{1}}님, 봄 세일이에요. {{2}}' }), 'kr_ad_label', 'block', 'missingInTemplate'],
    ['a template whose header starts with (광고)', template({ ...APPROVED, body: 'Mina Flowers: {{1}}님, {{2}}', header: { format: 'TEXT', text: '(광고) 봄 세일' } }), 'kr_ad_label', 'pass', 'ok'],
    // the sender
    ['{shop} names the sender', text(LAWFUL), 'kr_sender', 'pass', 'ok'],
    ['the shop’s name written out', text('(광고) Mina Flowers 새 상품! STOP 회신 시 수신 거부'), 'kr_sender', 'pass', 'ok'],
    ['no name', text('(광고) 새 상품! STOP 회신 시 수신 거부'), 'kr_sender', 'block', 'missing'],
    ['{shop} but no shop name in Settings', text(LAWFUL, {}, { shop: { name: '', language: 'ko' } }), 'kr_sender', 'block', 'noShopName'],
    ['{shop} with a fallback and no name in Settings', text(LAWFUL, { fallbacks: { shop: '미나 꽃집' } }, { shop: { name: '', language: 'ko' } }), 'kr_sender', 'pass', 'ok'],
    ['a template naming the shop', template(), 'kr_sender', 'pass', 'ok'],
    ['a template without the name', template({ ...APPROVED, body: '(광고) {{1}}님, 봄 세일이에요. {{2}}' }), 'kr_sender', 'block', 'missingInTemplate'],
    ['informational: exempt', text('Your order is ready.', { promotional: false }), 'kr_sender', 'pass', 'notPromotional'],
    // the Korean opt-out line
    ['Korean opt-out line', text(LAWFUL), 'kr_opt_out_ko', 'pass', 'ok'],
    ['수신거부 without spaces', text('(광고) {shop} 수신거부: 회신 주세요'), 'kr_opt_out_ko', 'pass', 'ok'],
    ['English opt-out only', text('(광고) {shop} Reply STOP to unsubscribe'), 'kr_opt_out_ko', 'block', 'missing'],
    ['no opt-out at all', text('(광고) {shop} 새 상품!'), 'kr_opt_out_ko', 'block', 'missing'],
    ['a template with the Korean footer', template(), 'kr_opt_out_ko', 'pass', 'ok'],
    ['a template with an English footer', template({ ...APPROVED, footer: 'Reply STOP to unsubscribe' }), 'kr_opt_out_ko', 'block', 'missingInTemplate'],
    ['Taiwanese numbers only: does not apply', text('Hi', {}, { recipients: tw() }), 'kr_opt_out_ko', 'pass', 'noKorean'],
  ];
  it.each(cases)('%s → %s %s (%s)', (_, inp, id, level, key) => {
    const r = find(run(inp), id);
    expect(r.level).toBe(level);
    expect(r.reason.key).toBe(`checklist.${id}.${key}`);
  });

  it('counts the +82 recipients only, in a mixed audience', () => {
    const r = find(run(text('Hi {name}', {}, { recipients: mixed() })), 'kr_ad_label');
    expect(r).toMatchObject({ level: 'block', reason: { params: { count: 2 } } });
    expect(r.detail).toMatch(/Korean law for \+82 numbers \(2 recipients\)/);
  });

  it('a missing Korean line is asked for once: kr_opt_out_ko, not opt_out_line as well', () => {
    const results = run(text('(광고) {shop} 새 상품!'));
    expect(results.some((r) => r.rule === 'opt_out_line')).toBe(false);
    expect(find(results, 'kr_opt_out_ko').fix).toEqual({ id: 'add_opt_out', params: { variant: 'A', language: 'ko' } });
    // With an English line, the generic rule passes and only the Korean one blocks.
    const english = run(text('(광고) {shop} Reply STOP to unsubscribe'));
    expect(find(english, 'opt_out_line').level).toBe('pass');
    expect(english.filter((r) => r.level === 'block').map((r) => r.id)).toEqual(['kr_opt_out_ko']);
    // Informational to +82, or a promotion to Taiwan: the generic rule as before.
    expect(find(run(text('Your order is ready.', { promotional: false })), 'opt_out_line').level).toBe('warn');
    expect(find(run(text('New arrivals!', {}, { recipients: tw() })), 'opt_out_line').level).toBe('block');
  });

  it('the fixes make a bare promotion lawful, one click each', () => {
    const shop = { name: 'Mina Flowers', language: 'ko' as const };
    let inp = text('  Hi {name}, new arrivals!', {}, { shop });
    const blocks = run(inp).filter((r) => r.level === 'block');
    expect(blocks.map((r) => r.id).sort()).toEqual(['kr_ad_label', 'kr_opt_out_ko', 'kr_sender']);
    for (const b of blocks) inp = { ...inp, draft: applyFix(inp.draft, b.fix!) };
    // In the checklist's order: the label, the shop's name, then the Korean opt-out line last.
    expect(inp.draft.message).toEqual({ kind: 'text', body: '(광고) Hi {name}, new arrivals!\n{shop}\n\nSTOP 회신 시 수신 거부' });
    expect(run(inp).filter((r) => r.level !== 'pass')).toEqual([]);
  });

  it('no fix is offered where the shop cannot fix it here: a template, or no shop name in Settings', () => {
    expect(find(run(template({ ...APPROVED, body: '{{1}} {{2}}' })), 'kr_ad_label').fix).toBeUndefined();
    expect(find(run(template({ ...APPROVED, body: '{{1}} {{2}}' })), 'kr_sender').fix).toBeUndefined();
    expect(find(run(text('(광고) 새 상품! STOP 회신 시 수신 거부', {}, { shop: { name: '', language: 'ko' } })), 'kr_sender').fix).toBeUndefined();
  });

  it('A/B: each version is checked and fixed on its own', () => {
    const inp = input({ draft: draft({ message: { kind: 'text', body: LAWFUL }, messageB: { kind: 'text', body: 'Hi {name} B {shop} STOP 회신 시 수신 거부' } }), recipients: kr() });
    const results = run(inp);
    expect(find(results, 'kr_ad_label').level).toBe('pass');
    const b = find(results, 'kr_ad_label:B');
    expect(b.fix).toEqual({ id: 'add_ad_label', params: { variant: 'B' } });
    const fixed = applyFix(inp.draft, b.fix!);
    expect(fixed.message).toEqual(inp.draft.message);
    expect(fixed.messageB).toEqual({ kind: 'text', body: '(광고) Hi {name} B {shop} STOP 회신 시 수신 거부' });
  });
});

describe('applyFix: add_ad_label and add_sender', () => {
  const body = (d: CampaignDraft) => (d.message.kind === 'text' ? d.message.body : undefined);
  it.each([
    ['Hi', '(광고) Hi'],
    ['  \nHi', '(광고) Hi'],
    ['', '(광고) '],
    ['(광고) Hi', '(광고) Hi'], // already there: unchanged
  ])('add_ad_label: %j → %j', (before, after) => {
    expect(body(applyFix(draft({ message: { kind: 'text', body: before } }), { id: 'add_ad_label', params: { variant: 'A' } }))).toBe(after);
  });
  it.each([
    ['Hi\n\n', 'Hi\n{shop}'],
    ['', '{shop}'],
  ])('add_sender: %j → %j', (before, after) => {
    expect(body(applyFix(draft({ message: { kind: 'text', body: before } }), { id: 'add_sender', params: { variant: 'A' } }))).toBe(after);
  });
  it('leaves a template alone', () => {
    const d = draft({ message: { kind: 'template', name: 'x', language: 'ko', params: [] } });
    expect(applyFix(d, { id: 'add_ad_label', params: { variant: 'A' } })).toEqual(d);
    expect(applyFix(d, { id: 'add_sender', params: { variant: 'A' } })).toEqual(d);
  });
});

describe('Korean law: no promotion 21:00–08:00 Korea time (kr_night)', () => {
  const lawful = (over: Partial<CampaignDraft> = {}, more: Partial<ChecklistInput> = {}) => text(LAWFUL, over, more);

  it.each([
    ['now, 11:00 KST', lawful(), 'pass', 'ok'],
    ['scheduled at 10:00 KST the next day', lawful({ scheduledAt: kst(10, 0, 25) }), 'pass', 'ok'],
    ['scheduled at 22:00 KST', lawful({ scheduledAt: kst(22) }), 'block', 'atNight'],
    ['now is 22:00 KST', lawful({}, { now: kst(22) }), 'block', 'atNight'],
    ['now is 07:59 KST', lawful({}, { now: kst(7, 59) }), 'block', 'atNight'],
    ['now is 08:00 KST', lawful({}, { now: kst(8) }), 'pass', 'ok'],
    ['now is 20:59 KST, three messages', lawful({}, { now: kst(20, 59) }), 'pass', 'ok'],
    ['informational at 22:00 KST', lawful({ promotional: false, scheduledAt: kst(22) }), 'pass', 'notPromotional'],
    ['Taiwanese numbers at 22:00 KST', lawful({ scheduledAt: kst(22) }, { recipients: tw() }), 'pass', 'noKorean'],
  ] as const)('%s → %s (%s)', (_, inp, level, key) => {
    const r = find(run(inp), 'kr_night');
    expect(r.level).toBe(level);
    expect(r.reason.key).toBe(`checklist.kr_night.${key}`);
  });

  it('at 22:00 KST: start at 08:00 the next morning, or leave the +82 people out (they have no night-time consent)', () => {
    const inp = lawful({ scheduledAt: kst(22) }, { recipients: mixed() });
    const r = find(run(inp), 'kr_night');
    expect(r.reason.params).toEqual({ count: 2 });
    expect(r.detail).toMatch(/Korean law \(\+82 numbers\).*night-time consent.*2 people/);
    expect(r.fix).toEqual({ id: 'schedule', params: { at: kst(8, 0, 25) } });
    expect(r.moreFixes).toEqual([{ id: 'exclude', params: { reason: 'kr_night', count: 2, contactIds: [1, 2] } }]);
    expect(find(run({ ...inp, draft: applyFix(inp.draft, r.fix!) }), 'kr_night').level).toBe('pass');
    const without = applyFix(inp.draft, r.moreFixes![0]!);
    expect(find(run({ ...inp, draft: without }), 'kr_night')).toMatchObject({ level: 'pass', reason: { key: 'checklist.kr_night.noKorean' } });
  });

  it('at 00:30 KST the schedule fix is 08:00 the same morning', () => {
    expect(find(run(lawful({ scheduledAt: kst(0, 30, 25) })), 'kr_night').fix).toEqual({ id: 'schedule', params: { at: kst(8, 0, 25) } });
  });

  it('a start by day whose sending runs past 21:00 blocks too (the expected span, from the sending facts)', () => {
    // 600 people at 200 an hour from 19:00 KST: about three hours, past 21:00.
    const inp = input({ draft: draft({ message: { kind: 'text', body: LAWFUL }, scheduledAt: kst(19) }), recipients: Array.from({ length: 600 }, (_, i) => contact(i)) }, 600);
    const checklist = runChecklist(inp);
    expect(checklist.facts.estimate.finishAt).toBeGreaterThan(kst(21));
    const r = find(checklist.results, 'kr_night');
    expect(r).toMatchObject({ level: 'block', reason: { key: 'checklist.kr_night.crossesNight', params: { count: 600 } } });
    expect(r.fix).toEqual({ id: 'schedule', params: { at: kst(8, 0, 25) } });
    expect(find(runChecklist({ ...inp, draft: applyFix(inp.draft, r.fix!) }).results, 'kr_night').level).toBe('pass');
    // The same 600 from 10:00 finish long before 21:00.
    expect(find(run({ ...inp, draft: { ...inp.draft, scheduledAt: kst(10) } }), 'kr_night').level).toBe('pass');
  });
});

describe('kr_night with night-time consent (contact.nightConsent, valid 2 years)', () => {
  const YEAR = 365 * 86_400_000;
  const night = { at: NOW - 30 * 86_400_000, source: 'in_store' };
  /** Three +82 people: the first `withConsent` gave night-time consent (given `at`). */
  const people = (withConsent: number, at = night.at) => kr(3).map((c, i) => (i < withConsent ? { ...c, nightConsent: { at, source: 'in_store' } } : c));
  const at = (start: number, withConsent: number, over: Partial<CampaignDraft> = {}, consentAt?: number) =>
    text(LAWFUL, { scheduledAt: start, ...over }, { recipients: people(withConsent, consentAt) });

  it.each([
    // Across 21:00 and 08:00 Seoul time, scheduled by an injected clock (the fixtures' NOW is 11:00 KST).
    ['20:59, nobody consented', at(kst(20, 59), 0), 'pass', 'ok', undefined],
    ['21:00, nobody consented', at(kst(21), 0), 'block', 'atNight', 3],
    ['21:00, one consented', at(kst(21), 1), 'block', 'atNightSome', 2],
    ['21:00, all consented', at(kst(21), 3), 'pass', 'allConsented', undefined],
    ['03:00, all consented', at(kst(3, 0, 25), 3), 'pass', 'allConsented', undefined],
    ['07:59, two consented', at(kst(7, 59, 25), 2), 'block', 'atNightSome', 1],
    ['08:00, nobody consented', at(kst(8, 0, 25), 0), 'pass', 'ok', undefined],
    ['23:00 informational, nobody consented', at(kst(23), 0, { promotional: false }), 'pass', 'notPromotional', undefined],
    ['23:00, all consented more than 2 years ago', at(kst(23), 3, {}, NOW - 2 * YEAR - 2 * 86_400_000), 'block', 'atNight', 3],
    ['23:00, all consented just under 2 years ago', at(kst(23), 3, {}, NOW - 2 * YEAR + 2 * 86_400_000), 'pass', 'allConsented', undefined],
  ] as const)('%s → %s (%s)', (_, inp, level, key, count) => {
    const r = find(run(inp), 'kr_night');
    expect(r).toMatchObject({ level, reason: { key: `checklist.kr_night.${key}` } });
    if (count !== undefined) expect(r.reason.params.count).toBe(count);
  });

  it('leaves out only the people without night-time consent, and then nothing blocks at night', () => {
    const inp = at(kst(22), 1);
    const r = find(run(inp), 'kr_night');
    expect(r.reason.params).toEqual({ count: 2, consented: 1 });
    expect(r.detail).toMatch(/2 people \(1 have it\)/);
    expect(r.moreFixes).toEqual([{ id: 'exclude', params: { reason: 'kr_night', count: 2, contactIds: [2, 3] } }]);
    const fixed = { ...inp, draft: applyFix(inp.draft, r.moreFixes![0]!) };
    expect(find(run(fixed), 'kr_night')).toMatchObject({ level: 'pass', reason: { key: 'checklist.kr_night.allConsented', params: { count: 1 } } });
  });

  it('a consent given after the start does not count', () => {
    expect(find(run(at(kst(22), 3, {}, kst(23))), 'kr_night').level).toBe('block');
  });
});

import { describe, expect, it } from 'vitest';
import { SendLog, platformPolicy } from '../pacing';
import { applyFix, canSend, pending, removeLink, runChecklist } from './checklist';
import type { CampaignDraft } from './draft';
import { APPROVED, NOW, contact, draft, input, twMobile } from './testFixtures';
import type { ChecklistInput, CheckResult, Level, RuleId } from './types';

const find = (results: CheckResult[], id: string) => {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result ${id}`);
  return r;
};
const check = (inp: ChecklistInput, id: string) => find(runChecklist(inp).results, id);

/** Applies the rule's own fix and runs the checklist again. */
function fixAndRerun(inp: ChecklistInput, id: string): CheckResult {
  const r = check(inp, id);
  expect(r.fix, `${id} offers a fix`).toBeDefined();
  return check({ ...inp, draft: applyFix(inp.draft, r.fix!) }, id);
}

/** Taiwanese recipients: the generic content rules alone (Korean law for +82 numbers has its own tables below). */
const twRecipients = Array.from({ length: 10 }, (_, i) => contact(i, { phone: twMobile(i) }));
const text = (body: string, over: Partial<CampaignDraft> = {}) => input({ draft: draft({ message: { kind: 'text', body }, ...over }), recipients: twRecipients });
const template = (over: Partial<CampaignDraft> = {}, tpl = APPROVED, more: Partial<ChecklistInput> = {}) =>
  input({
    draft: draft({
      channel: 'cloud',
      message: { kind: 'template', name: tpl.name, language: tpl.language, params: [{ kind: 'field', field: 'name', fallback: '고객' }, { kind: 'fixed', value: '20% off' }] },
      ...over,
    }),
    templates: [tpl],
    ...more,
  });

describe('the baseline campaign', () => {
  it('passes every rule, so each table below changes one thing', () => {
    const run = runChecklist(input());
    expect(run.results.filter((r) => r.level !== 'pass')).toEqual([]);
    expect(canSend(run.results, new Set())).toBe(true);
    expect(run.recipients).toBe(10);
  });
  it('an approved template on the Cloud API passes too', () => {
    const run = runChecklist(template({}, APPROVED, { openWindows: new Set() }));
    expect(run.results.filter((r) => r.level !== 'pass').map((r) => r.id)).toEqual([]);
  });
});

describe('content rules', () => {
  const cases: [string, ChecklistInput, string, Level, string][] = [
    ['text of 4,096 characters', text(`${'a'.repeat(4_096 - 25)} Reply STOP to unsubscribe`.slice(0, 4_096)), 'length', 'pass', 'ok'],
    ['text over 4,096 characters', text(`${'a'.repeat(4_100)} Reply STOP`), 'length', 'block', 'tooLong'],
    ['a name that pushes the text over the limit', input({ draft: draft({ message: { kind: 'text', body: `{name} ${'a'.repeat(4_080)} STOP` } }), recipients: [contact(0, { name: 'x'.repeat(40) })] }), 'length', 'block', 'tooLong'],
    ['caption over 1,024 with an image', text(`${'a'.repeat(1_030)} STOP`, { message: { kind: 'text', body: `${'a'.repeat(1_030)} STOP`, media: { type: 'image', mime: 'image/png', sizeBytes: 1000 } } }), 'length', 'block', 'tooLong'],
    ['template body over 1,024 once filled', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'field', field: 'name', fallback: 'x' }, { kind: 'fixed', value: 'y'.repeat(1_020) }] } }), 'length', 'block', 'tooLong'],
    ['two links', text('a https://a.example b https://b.example STOP'), 'links', 'pass', 'ok'],
    ['three links', text('a https://a.example b https://b.example c https://c.example STOP'), 'links', 'warn', 'tooMany'],
    ['plain http link', text('see http://shop.example STOP'), 'link_https', 'warn', 'plainHttp'],
    ['https link', text('see https://shop.example STOP'), 'link_https', 'pass', 'ok'],
    ['two pressure words', text('Free gift, last chance! STOP'), 'pressure_words', 'pass', 'ok'],
    ['three pressure words (en)', text('FREE gift! Limited time, last chance! STOP'), 'pressure_words', 'warn', 'tooMany'],
    ['three pressure words (ko, spaces ignored)', text('무료 증정! 기간한정 마지막 기회 STOP 회신 시 수신 거부'), 'pressure_words', 'warn', 'tooMany'],
    ['three pressure words (zh)', text('免費禮物 限時 最後機會 回覆 STOP'), 'pressure_words', 'warn', 'tooMany'],
    ['"freedom" is not "free"', text('Freedom, freely, carefree, free. STOP'), 'pressure_words', 'pass', 'ok'],
    ['no opt-out line, promotional', text('Hi {name}, new arrivals!'), 'opt_out_line', 'block', 'missing'],
    ['no opt-out line, not promotional', text('Hi {name}, your order is ready.', { promotional: false }), 'opt_out_line', 'warn', 'missing'],
    ['"non-stop" is not an opt-out line', text('Non-stop deals all week, unstoppable prices'), 'opt_out_line', 'block', 'missing'],
    ['Korean opt-out line', text('새 상품 입고! 수신거부는 회신 주세요'), 'opt_out_line', 'pass', 'ok'],
    ['Chinese opt-out line', text('新品到貨！回覆退訂'), 'opt_out_line', 'pass', 'ok'],
    ['template footer has the opt-out line', template(), 'opt_out_line', 'pass', 'ok'],
    ['template without an opt-out line', template({}, { ...APPROVED, footer: undefined }, { recipients: twRecipients }), 'opt_out_line', 'block', 'missingInTemplate'],
    ['{name} empty for some, no fallback', input({ recipients: [contact(0), contact(1, { name: '' })] }), 'variables', 'block', 'missing'],
    ['{name} empty with a fallback', input({ draft: draft({ fallbacks: { name: 'friend' } }), recipients: [contact(0, { name: ' ' })] }), 'variables', 'pass', 'ok'],
    ['two variables missing: one row naming both', input({ draft: draft({ message: { kind: 'text', body: '{name} {notes} STOP' } }), recipients: [contact(0, { name: '' })] }), 'variables', 'block', 'missing'],
    ['{shop} without a shop name', input({ shop: { name: '', language: 'en' } }), 'variables', 'block', 'missing'],
    ['unknown variable', text('Hi {nickname} STOP'), 'variables', 'block', 'unknown'],
    ['custom field some contacts have', input({ draft: draft({ message: { kind: 'text', body: 'Hi {city} STOP' } }), recipients: [contact(0, { fields: { city: 'Seoul' } })] }), 'variables', 'pass', 'ok'],
    ['template field parameter empty without fallback', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'field', field: 'notes', fallback: '' }, { kind: 'fixed', value: 'x' }] } }), 'variables', 'block', 'paramMissing'],
    ['field over 1,000 characters', input({ draft: draft({ message: { kind: 'text', body: '{notes} STOP' } }), recipients: [contact(0, { notes: 'n'.repeat(1_001) })] }), 'variables', 'block', 'tooLong'],
    ['template paused', template({}, { ...APPROVED, status: 'PAUSED' }), 'template_status', 'block', 'paused'],
    ['template pending', template({}, { ...APPROVED, status: 'PENDING' }), 'template_status', 'block', 'notApproved'],
    ['template not synced', template({ message: { kind: 'template', name: 'gone', language: 'ko', params: [] } }), 'template_status', 'block', 'notFound'],
    ['parameter count wrong', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'x' }] } }), 'template_params', 'block', 'count'],
    ['parameter with a new line', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a' }, { kind: 'fixed', value: 'line\nbreak' }] } }), 'template_params', 'block', 'format'],
    ['parameter with 5 spaces', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a     b' }, { kind: 'fixed', value: 'x' }] } }), 'template_params', 'block', 'format'],
    ['parameter with 4 spaces', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a    b' }, { kind: 'fixed', value: 'x' }] } }), 'template_params', 'pass', 'ok'],
    ['fallback with a tab', template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'field', field: 'name', fallback: 'a\tb' }, { kind: 'fixed', value: 'x' }] } }), 'template_params', 'block', 'format'],
    ['image of 5 MB jpeg', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'image', mime: 'image/jpeg', sizeBytes: 5 * 1024 * 1024 } } }), 'media', 'pass', 'ok'],
    ['image over 5 MB', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'image', mime: 'image/jpeg', sizeBytes: 5 * 1024 * 1024 + 1 } } }), 'media', 'block', 'size'],
    ['gif image', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'image', mime: 'image/gif', sizeBytes: 100 } } }), 'media', 'block', 'type'],
    ['video of 16 MB mp4', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'video', mime: 'video/mp4', sizeBytes: 16 * 1024 * 1024 } } }), 'media', 'pass', 'ok'],
    ['quicktime video', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'video', mime: 'video/quicktime', sizeBytes: 100 } } }), 'media', 'block', 'type'],
    ['document over 100 MB', text('STOP', { message: { kind: 'text', body: 'STOP', media: { type: 'document', mime: 'application/pdf', sizeBytes: 101 * 1024 * 1024 } } }), 'media', 'block', 'size'],
    ['template image header missing', template({}, { ...APPROVED, header: { format: 'IMAGE' } }), 'media', 'block', 'headerMissing'],
    ['text on the Cloud API to people outside a window', input({ draft: draft({ channel: 'cloud' }) }), 'content_kind', 'block', 'needsTemplate'],
    ['text on the Cloud API inside every window', input({ draft: draft({ channel: 'cloud' }), openWindows: new Set(Array.from({ length: 10 }, (_, i) => contact(i).phone)) }), 'content_kind', 'pass', 'ok'],
    ['template on the Assisted channel', template({ channel: 'assisted' }), 'content_kind', 'block', 'templateNeedsCloud'],
  ];
  it.each(cases.map(([name, inp, id, level, key]) => [name, id, level, key, inp] as const))('%s → %s %s (%s)', (_name, id, level, key, inp) => {
    const r = check(inp, id);
    expect(r.level).toBe(level);
    expect(r.reason.key).toBe(`checklist.${id}.${key}`);
    expect(r.detail.length).toBeGreaterThan(0);
  });
});

describe('content fixes', () => {
  it('add opt-out line appends the shop language’s line and the rule then passes', () => {
    for (const [language, line] of [['en', 'Reply STOP to unsubscribe'], ['ko', 'STOP 회신 시 수신 거부'], ['zh-Hant', '回覆 STOP 即可取消訂閱']] as const) {
      const inp = { ...text('Hi {name}, new arrivals!'), shop: { name: 'Mina', language } };
      const r = check(inp, 'opt_out_line');
      const fixed = applyFix(inp.draft, r.fix!);
      expect(fixed.message.kind === 'text' && fixed.message.body).toBe(`Hi {name}, new arrivals!\n\n${line}`);
      expect(check({ ...inp, draft: fixed }, 'opt_out_line').level).toBe('pass');
    }
  });
  it('remove 3rd link leaves two links and the rule passes', () => {
    const inp = text('a https://a.example b https://b.example c https://c.example. STOP');
    const r = check(inp, 'links');
    expect(r.fix).toMatchObject({ id: 'remove_link', params: { index: 2, url: 'https://c.example' } });
    const fixed = applyFix(inp.draft, r.fix!);
    expect(fixed.message.kind === 'text' && fixed.message.body).toBe('a https://a.example b https://b.example c . STOP');
    expect(fixAndRerun(inp, 'links').level).toBe('pass');
  });
  it('use https rewrites plain http links', () => expect(fixAndRerun(text('see http://shop.example and HTTP://x.example STOP'), 'link_https').level).toBe('pass'));
  it('set fallback fills {name} with the shop language’s word', () => {
    const inp = { ...input({ recipients: [contact(0, { name: '' })] }), shop: { name: 'Mina', language: 'ko' as const } };
    const r = check(inp, 'variables');
    expect(r.fix).toEqual({ id: 'set_fallback', params: { variable: 'name', value: '고객' } });
    expect(fixAndRerun(inp, 'variables').level).toBe('pass');
  });
  it('flatten parameters turns new lines and runs of spaces into single spaces', () => {
    const inp = template({ message: { kind: 'template', name: APPROVED.name, language: 'ko', params: [{ kind: 'fixed', value: 'a\n\nb' }, { kind: 'fixed', value: 'c      d' }] } });
    const r = check(inp, 'template_params');
    const fixed = applyFix(inp.draft, r.fix!);
    expect(fixed.message.kind === 'template' && fixed.message.params).toEqual([{ kind: 'fixed', value: 'a b' }, { kind: 'fixed', value: 'c d' }]);
    expect(fixAndRerun(inp, 'template_params').level).toBe('pass');
  });
  it('A/B: version B is checked on its own and its fix changes only B', () => {
    const inp = input({ draft: draft({ messageB: { kind: 'text', body: 'Hi {name}, B without the line' } }), recipients: twRecipients });
    const run = runChecklist(inp);
    expect(find(run.results, 'opt_out_line').level).toBe('pass');
    const b = find(run.results, 'opt_out_line:B');
    expect(b.level).toBe('block');
    const fixed = applyFix(inp.draft, b.fix!);
    expect(fixed.message).toEqual(inp.draft.message);
    expect(check({ ...inp, draft: fixed }, 'opt_out_line:B').level).toBe('pass');
  });
});

describe('recipient rules', () => {
  const withBad = (bad: number, total = 100) =>
    input({ recipients: Array.from({ length: total }, (_, i) => (i < bad ? contact(i, { phone: `+8210123${i}` }) : contact(i))) }, total);
  const cases: [string, ChecklistInput, string, Level, string][] = [
    ['5 % invalid numbers', withBad(5), 'invalid_numbers', 'pass', 'few'],
    ['6 % invalid numbers', withBad(6), 'invalid_numbers', 'warn', 'tooMany'],
    ['11 % invalid numbers', withBad(11), 'invalid_numbers', 'block', 'tooMany'],
    ['a landline (Seoul 02)', input({ recipients: [contact(0, { phone: '+8222345678' }), ...Array.from({ length: 4 }, (_, i) => contact(i + 1))] }), 'invalid_numbers', 'block', 'tooMany'],
    ['undeliverable before (1 of 5)', input({ unreachable: new Set([contact(0).phone]) }, 5), 'invalid_numbers', 'block', 'tooMany'],
    ['duplicate numbers', input({ recipients: [contact(0), contact(1), { ...contact(0), id: 99 }] }), 'duplicates', 'block', 'found'],
    ['opted out', input({ recipients: [contact(0), contact(1, { optInStatus: 'opted_out' })] }), 'opt_in', 'block', 'optedOut'],
    ['no opt-in, promotional', input({ recipients: [contact(0), contact(1, { optInStatus: 'unknown' })] }), 'opt_in', 'block', 'missingPromotional'],
    ['no opt-in, not promotional', input({ draft: draft({ promotional: false }), recipients: [contact(0), contact(1, { optInStatus: 'unknown' })] }), 'opt_in', 'warn', 'missing'],
    ['opt-in without date', input({ recipients: [contact(0, { optInAt: null })] }), 'opt_in', 'warn', 'unrecorded'],
    ['+1 number, marketing template', template({}, APPROVED, { recipients: [contact(0), contact(1, { phone: '+12015550123' })] }), 'us_marketing', 'block', 'found'],
    ['+1 number, utility template', template({ promotional: false }, { ...APPROVED, category: 'UTILITY' }, { recipients: [contact(1, { phone: '+12015550123' })] }), 'us_marketing', 'pass', 'ok'],
    ['+1 number, sandbox', input({ recipients: [contact(1, { phone: '+12015550123' })] }), 'us_marketing', 'pass', 'ok'],
  ];
  it.each(cases.map(([name, inp, id, level, key]) => [name, id, level, key, inp] as const))('%s → %s %s (%s)', (_name, id, level, key, inp) => {
    const r = check(inp, id);
    expect(r.level).toBe(level);
    expect(r.reason.key).toBe(`checklist.${id}.${key}`);
  });

  it.each([
    ['invalid numbers', withBad(11), 'invalid_numbers'],
    ['duplicates', input({ recipients: [contact(0), contact(1), { ...contact(0), id: 99 }] }), 'duplicates'],
    ['opted out', input({ recipients: [contact(0), contact(1, { optInStatus: 'opted_out' })] }), 'opt_in'],
    ['+1 marketing', template({}, APPROVED, { recipients: [contact(0), contact(1, { phone: '+12015550123' })] }), 'us_marketing'],
  ])('excluding %s makes the rule pass and keeps the others', (_name, inp, id) => {
    const before = check(inp, id);
    expect(before.fix?.id).toBe('exclude');
    const count = before.fix!.id === 'exclude' ? before.fix!.params.count : 0;
    const fixed = applyFix(inp.draft, before.fix!);
    const run = runChecklist({ ...inp, draft: fixed });
    expect(find(run.results, id).level).toBe('pass');
    expect(run.recipients).toBe(inp.recipients.length - count);
  });

  it('invalid numbers the audience already left out are mentioned, not counted again', () => {
    const r = check(input({ audienceExcluded: { notWhatsapp: 30, undeliverable: 12 } }), 'invalid_numbers');
    expect(r.level).toBe('pass');
    expect(r.reason.params.leftOut).toBe(42);
    expect(r.detail).toContain('already left out 42 numbers');
  });

  it('per-contact frequency: a 4th promotional message in 24 h warns, and excluding them passes', () => {
    const log = new SendLog();
    for (const h of [1, 5, 9]) log.record({ at: NOW - h * 3_600_000, contact: contact(0).phone, promotional: true, outsideWindow: true });
    log.record({ at: NOW - 2 * 3_600_000, contact: contact(1).phone, promotional: false, outsideWindow: true });
    log.record({ at: NOW - 25 * 3_600_000, contact: contact(1).phone, promotional: true, outsideWindow: true });
    const inp = input({ sendLog: log });
    const r = check(inp, 'frequency');
    expect(r.level).toBe('warn');
    expect(r.fix).toMatchObject({ id: 'exclude', params: { reason: 'frequency_cap', contactIds: [1] } });
    expect(fixAndRerun(inp, 'frequency').level).toBe('pass');
    expect(check({ ...inp, draft: draft({ promotional: false }) }, 'frequency').level).toBe('pass');
  });

  it('weekly frequency: a 4th promotion in 7 days warns (not for those the 24 h cap already holds back), and excluding them passes', () => {
    const log = new SendLog();
    const day = 86_400_000;
    for (const d of [1.5, 3, 6.9]) log.record({ at: NOW - d * day, contact: contact(2).phone, promotional: true, outsideWindow: true }); // 3 in 7 days
    for (const d of [2, 3, 7.5]) log.record({ at: NOW - d * day, contact: contact(3).phone, promotional: true, outsideWindow: true }); // one is 7.5 days old
    for (const d of [2, 3, 4]) log.record({ at: NOW - d * day, contact: contact(4).phone, promotional: false, outsideWindow: true }); // not promotions
    for (const h of [1, 5, 9]) log.record({ at: NOW - h * 3_600_000, contact: contact(0).phone, promotional: true, outsideWindow: true }); // the 24 h cap's
    const inp = input({ sendLog: log });
    const r = check(inp, 'weekly_frequency');
    expect(r.level).toBe('warn');
    expect(r.reason).toEqual({ key: 'checklist.weekly_frequency.tooMany', params: { count: 1, week: 3 } });
    expect(r.fix).toMatchObject({ id: 'exclude', params: { reason: 'weekly_cap', contactIds: [3] } }); // contact(2)
    expect(check(inp, 'frequency').fix).toMatchObject({ params: { contactIds: [1] } }); // contact(0)
    expect(fixAndRerun(inp, 'weekly_frequency').level).toBe('pass');
    expect(check({ ...inp, draft: draft({ promotional: false }) }, 'weekly_frequency').level).toBe('pass');
  });
});

describe('media on the Assisted channel', () => {
  it('blocks: a wa.me link carries text only (main refuses such a campaign at start)', () => {
    const media = { type: 'image' as const, mime: 'image/jpeg', sizeBytes: 100_000 };
    const r = check(input({ draft: draft({ channel: 'assisted', message: { kind: 'text', body: 'Hi {name}. Reply STOP to unsubscribe.', media } }) }), 'content_kind');
    expect(r).toMatchObject({ level: 'block', reason: { key: 'checklist.content_kind.mediaOnAssisted' } });
    expect(check(input({ draft: draft({ channel: 'sandbox', message: { kind: 'text', body: 'Hi {name}. Reply STOP to unsubscribe.', media } }) }), 'content_kind').level).toBe('pass');
  });
});

describe('the same content (DOMAIN §4)', () => {
  it('recipients who already got these words warn, with "leave them out"; excluding them passes', () => {
    const inp = input({ sameContent: { numbers: new Set([contact(1).phone, contact(4).phone, '+821099999999']), campaignsLast24h: 1 } });
    const r = check(inp, 'same_content');
    expect(r.level).toBe('warn');
    expect(r.reason).toEqual({ key: 'checklist.same_content.sentBefore', params: { count: 2 } });
    expect(r.fix).toMatchObject({ id: 'exclude', params: { reason: 'same_content', contactIds: [2, 5] } }); // contact(1), contact(4)
    expect(fixAndRerun(inp, 'same_content').level).toBe('pass');
  });

  it('the same words in 3 campaigns of the last 24 h warn even for new recipients; fewer pass', () => {
    expect(check(input({ sameContent: { numbers: new Set(), campaignsLast24h: 3 } }), 'same_content')).toMatchObject({ level: 'warn', reason: { key: 'checklist.same_content.daily', params: { times: 3, max: 3 } } });
    expect(check(input({ sameContent: { numbers: new Set(), campaignsLast24h: 2 } }), 'same_content').level).toBe('pass');
    expect(check(input(), 'same_content').level).toBe('pass');
  });
});

describe('sending rules', () => {
  it('daily cap: 120 recipients on a week-1 number (50/day) take 3 days', () => {
    const inp = input({ history: { daysSinceFirstSend: 0, sentLast24h: 0, reachedLast24h: 0 } }, 120);
    const r = check(inp, 'daily_cap');
    expect(r.level).toBe('warn');
    expect(r.reason.params).toMatchObject({ days: 3, firstDay: 50 });
    expect(r.detail).toContain('3 days');
  });
  it('daily cap: what was sent in the last 24 h uses up today', () => {
    const r = check(input({ history: { daysSinceFirstSend: 0, sentLast24h: 45, reachedLast24h: 45 } }, 10), 'daily_cap');
    expect(r.level).toBe('warn');
    expect(r.reason.params).toMatchObject({ days: 2, firstDay: 5 });
  });
  it('daily cap: on the Cloud API the messaging limit can set the number of days', () => {
    const r = check(template({}, APPROVED, { policy: platformPolicy('Asia/Seoul', 1_000) }, ), 'daily_cap');
    expect(r.level).toBe('pass');
    const big = check({ ...template({}, APPROVED, { policy: platformPolicy('Asia/Seoul', 1_000) }), recipients: Array.from({ length: 2_500 }, (_, i) => contact(i)) }, 'daily_cap');
    expect(big.reason.params).toMatchObject({ days: 3, limitedBy: 'messaging_limit' });
    expect(big.detail).toContain('messaging limit');
  });
  it('daily cap: fits in a day on a warmed-up number', () => expect(check(input({}, 900), 'daily_cap').level).toBe('pass'));

  it('quiet hours: a 03:00 Seoul start warns and the fix moves it to 10:00 Seoul', () => {
    const at = Date.UTC(2026, 10, 24, 18, 0); // 03:00 on the 25th in Seoul
    const inp = input({ draft: draft({ scheduledAt: at }) });
    const r = check(inp, 'quiet_hours');
    expect(r.level).toBe('warn');
    expect(r.fix).toEqual({ id: 'schedule', params: { at: Date.UTC(2026, 10, 25, 1, 0) } });
    expect(fixAndRerun(inp, 'quiet_hours').level).toBe('pass');
  });
  it('quiet hours: counted in each recipient’s own zone', () => {
    // 12:00 UTC: 21:00 in Seoul (fine), 04:00 in Los Angeles (quiet).
    const at = Date.UTC(2026, 10, 24, 12, 0);
    const r = check(input({ draft: draft({ scheduledAt: at }), recipients: [contact(0), contact(1, { phone: '+12015550123' })] }), 'quiet_hours');
    expect(r.level).toBe('warn');
    expect(r.reason.params.count).toBe(1);
  });

  it('messaging limit: more people outside a window than left today warns', () => {
    const inp = template({}, APPROVED, { history: { daysSinceFirstSend: 30, sentLast24h: 0, reachedLast24h: 245 } });
    const r = check(inp, 'messaging_limit');
    expect(r.level).toBe('warn');
    expect(r.reason.params).toMatchObject({ remaining: 5, count: 10 });
    expect(check(template(), 'messaging_limit').level).toBe('pass');
    expect(check(template({}, APPROVED, { policy: platformPolicy('Asia/Seoul', null) }), 'messaging_limit').reason.key).toBe('checklist.messaging_limit.unlimited');
  });

  it('cost: recipients × marketing rate per country, with the table’s date', () => {
    const recipients = [contact(0), contact(1), contact(2, { phone: '+447700900123' })];
    const run = runChecklist(template({}, APPROVED, { recipients }));
    const r = find(run.results, 'cost');
    expect(r.level).toBe('pass');
    expect(run.facts.cost?.total).toBeCloseTo(2 * 0.03 + 0.06, 5);
    expect(r.reason.params).toMatchObject({ asOf: '2026-11-01', category: 'MARKETING' });
  });
  it('cost: a rate table older than six months warns', () => {
    const r = check(template({}, APPROVED, { rates: { ...input().rates, asOf: '2025-01-01' } }), 'cost');
    expect(r.level).toBe('warn');
  });
  it('cost: nothing to pay outside the Cloud API', () => expect(check(input(), 'cost').reason.key).toBe('checklist.cost.free'));
});

describe('acknowledgement', () => {
  it('warnings need acknowledging, blocks never pass', () => {
    const warn = runChecklist(text('a https://a.example b https://b.example c https://c.example STOP')).results;
    expect(canSend(warn, new Set())).toBe(false);
    expect(canSend(warn, new Set(['links']))).toBe(true);
    expect(pending(warn, new Set()).unacknowledged.map((r) => r.id)).toEqual(['links']);
    const block = runChecklist(text('Hi {name}')).results;
    const all = new Set(block.map((r) => r.id));
    expect(canSend(block, all)).toBe(false);
    expect(pending(block, all).blocks.map((r) => r.id)).toEqual(['opt_out_line']);
  });
});

describe('removeLink', () => {
  it.each([
    ['a https://x.example b', 0, 'a b'],
    ['https://x.example\nnext', 0, '\nnext'],
    ['one https://a.example two https://b.example', 1, 'one https://a.example two'],
    ['no links', 0, 'no links'],
  ])('%j without link %i → %j', (body, index, expected) => expect(removeLink(body, index)).toBe(expected));
});

describe('rules all report', () => {
  it('every rule of issue 5 appears once for a single-version campaign', () => {
    const ids = runChecklist(input()).results.map((r) => r.rule);
    const expected: RuleId[] = ['content_kind', 'length', 'links', 'link_https', 'pressure_words', 'opt_out_line', 'kr_ad_label', 'kr_sender', 'kr_opt_out_ko', 'variables', 'media', 'recipients', 'invalid_numbers', 'duplicates', 'opt_in', 'frequency', 'weekly_frequency', 'same_content', 'us_marketing', 'consent_old', 'second_promotion', 'daily_cap', 'quiet_hours', 'kr_night', 'messaging_limit', 'cost'];
    expect(ids).toEqual(expected);
    const tpl = runChecklist(template()).results.map((r) => r.rule);
    expect(tpl).toContain('template_status');
    expect(tpl).toContain('template_params');
  });
  it('an empty audience blocks (after exclusions too)', () => {
    expect(check(input({ recipients: [] }), 'recipients').level).toBe('block');
    expect(check(input({ draft: draft({ excludedContactIds: [1] }), recipients: [contact(0)] }), 'recipients').level).toBe('block');
  });
});

import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../message';
import { toMessageContent } from './draft';
import {
  fillTemplateBody,
  flattenParam,
  isValidParamText,
  placeholdersIn,
  previewMessage,
  unresolvedRecipients,
  recipientVars,
  renderTemplateParams,
  renderText,
  templateContentParams,
  variablesIn,
  fillFromVars,
  type RenderContext,
  type TemplateParamSource,
} from './render';
import { contact } from './testFixtures';

/**
 * How main fills a message (electron/services/campaigns.ts fillContent, which shared/ may not import, is this with
 * a `{name}` fallback in the message's language): `fillFromVars` on the text and each template parameter.
 */
function fillContent(content: MessageContent, vars: Record<string, string> | undefined): MessageContent {
  const fill = (s: string) => fillFromVars(s, vars, {});
  if (content.kind === 'text') return { ...content, body: fill(content.body) };
  if (content.kind === 'media') return content.caption !== undefined ? { ...content, caption: fill(content.caption) } : content;
  return { ...content, bodyParams: content.bodyParams.map(fill) };
}

const ctx: RenderContext = { shopName: 'Mina Flowers', labelNames: new Map([[1, 'VIP'], [2, 'Seoul']]) };

describe('variablesIn', () => {
  it.each([
    ['Hi {name}, welcome to {shop}', ['name', 'shop']],
    ['{name} {name} {phone}', ['name', 'phone']],
    ['Template {{1}} is not a variable', []],
    ['{ name } and {} are text', []],
    ['custom {city_2}', ['city_2']],
  ])('%j → %j', (text, vars) => expect(variablesIn(text)).toEqual(vars));
});

describe('renderText', () => {
  it.each([
    ['name present', 'Hi {name},', contact(0, { name: '민지' }), {}, 'Hi 민지,', []],
    ['name missing, fallback', 'Hi {name},', contact(0, { name: '' }), { name: '고객' }, 'Hi 고객,', []],
    ['name blank, no fallback: left visible, reported', 'Hi {name},', contact(0, { name: '  ' }), {}, 'Hi {name},', ['name']],
    ['shop and labels', '{shop}: {labels}', contact(0, { labelIds: [1, 2, 9] }), {}, 'Mina Flowers: VIP, Seoul', []],
    ['phone as E.164 without a formatter', '{phone}', contact(0), {}, '+821020000000', []],
    ['custom field', 'in {city}', contact(0, { fields: { city: 'Busan' } }), {}, 'in Busan', []],
    ['custom field missing everywhere', 'in {city}', contact(0), {}, 'in {city}', ['city']],
    ['fallback of spaces is no fallback', 'Hi {name}', contact(0, { name: '' }), { name: '  ' }, 'Hi {name}', ['name']],
  ] as const)('%s', (_n, text, c, fallbacks, expected, missing) => {
    const r = renderText(text, c, ctx, fallbacks);
    expect(r.text).toBe(expected);
    expect(r.missing).toEqual(missing);
  });
  it('uses the formatter it is given for {phone}', () => {
    expect(renderText('{phone}', contact(0), { ...ctx, formatPhone: () => '010-2000-0000' }, {}).text).toBe('010-2000-0000');
  });
});

describe('template parameters', () => {
  const params: TemplateParamSource[] = [
    { kind: 'field', field: 'name', fallback: '고객' },
    { kind: 'fixed', value: '20% off' },
    { kind: 'field', field: 'notes', fallback: '' },
  ];
  it('fills {{n}} from fields, fixed values and fallbacks; reports empty ones', () => {
    const r = renderTemplateParams(params, contact(0, { name: '', notes: 'line one\n\tline two' }), ctx);
    expect(r.bodyParams).toEqual(['고객', '20% off', 'line one line two']);
    expect(r.missing).toEqual([]);
    expect(renderTemplateParams(params, contact(0, { notes: '' }), ctx).missing).toEqual([3]);
  });
  it('preview: body with the parameters in place, unfilled ones left as {{n}}', () => {
    expect(fillTemplateBody('{{1}}님, {{2}}! {{3}}', ['민지', '20% off', ''])).toBe('민지님, 20% off! {{3}}');
    expect(placeholdersIn('{{2}} {{1}} {{2}}')).toEqual([1, 2]);
  });
  it.each([
    ['one line', true],
    ['four    spaces', true],
    ['five     spaces', false],
    ['new\nline', false],
    ['tab\there', false],
    ['   ', false],
  ])('param %j valid: %s', (v, ok) => expect(isValidParamText(v)).toBe(ok));
  it('flattening makes any text a valid parameter', () => expect(isValidParamText(flattenParam('a\n\n b     c\t'))).toBe(true));
});

describe('recipientVars, filled in by main', () => {
  it('text: main’s fillContent turns the vars into the message the preview shows', () => {
    const body = 'Hi {name}, {shop} has news. {labels}';
    const plan = { textVariables: variablesIn(body), fallbacks: { name: 'friend', labels: 'everyone' } };
    for (const c of [contact(0, { name: '민지' }), contact(1, { name: '', labelIds: [] })]) {
      const vars = recipientVars(plan, c, ctx);
      const sent = fillContent({ kind: 'text', body }, vars);
      expect(sent).toEqual({ kind: 'text', body: renderText(body, c, ctx, plan.fallbacks).text });
    }
  });
  it('an unresolved variable is left out (the checklist blocks the campaign)', () => {
    expect(recipientVars({ textVariables: ['city'], fallbacks: {} }, contact(0), ctx)).toBeUndefined();
  });
  it('template: field params travel as p1, p2… and main fills the campaign-wide bodyParams', () => {
    const params: TemplateParamSource[] = [{ kind: 'field', field: 'name', fallback: '고객' }, { kind: 'fixed', value: 'VIP day' }];
    expect(templateContentParams(params)).toEqual(['{p1}', 'VIP day']);
    const content = toMessageContent({ kind: 'template', name: 'sale', language: 'ko', params });
    const c = contact(0, { name: '' });
    const sent = fillContent(content, recipientVars({ textVariables: [], templateParams: params, fallbacks: {} }, c, ctx));
    expect(sent.kind === 'template' && sent.bodyParams).toEqual(renderTemplateParams(params, c, ctx).bodyParams);
  });
});

describe('toMessageContent', () => {
  it.each([
    [{ kind: 'text', body: 'hi' }, { kind: 'text', body: 'hi' }],
    [{ kind: 'text', body: 'hi', media: { type: 'image', mime: 'image/png', sizeBytes: 9, link: 'https://x.example/a.png' } }, { kind: 'media', mediaType: 'image', link: 'https://x.example/a.png', caption: 'hi' }],
    [{ kind: 'text', body: ' ', media: { type: 'document', mime: 'application/pdf', sizeBytes: 9, id: '123', filename: 'menu.pdf' } }, { kind: 'media', mediaType: 'document', id: '123', filename: 'menu.pdf' }],
  ] as const)('%j', (m, expected) => expect(toMessageContent(m)).toEqual(expected));
});

describe('previewMessage', () => {
  it('text: the body as the contact sees it, and what is missing', () => {
    expect(previewMessage({ kind: 'text', body: 'Hi {name} from {shop}' }, contact(0, { name: '' }), ctx, {})).toEqual({ body: 'Hi {name} from Mina Flowers', missing: ['name'] });
  });
  it('template: header, filled body, footer and buttons', () => {
    const tpl = { body: '{{1}}님, {{2}}', header: { text: '봄 세일' }, footer: 'STOP 회신 시 수신 거부', buttons: [{ text: '수신 거부' }] };
    const params: TemplateParamSource[] = [{ kind: 'field', field: 'name', fallback: '' }, { kind: 'fixed', value: '20%' }];
    expect(previewMessage({ kind: 'template', params }, contact(0, { name: '민지' }), ctx, {}, tpl)).toEqual({
      header: '봄 세일',
      body: '민지님, 20%',
      footer: 'STOP 회신 시 수신 거부',
      buttons: ['수신 거부'],
      missing: [],
    });
    expect(previewMessage({ kind: 'template', params }, contact(0, { name: '' }), ctx, {}, tpl).missing).toEqual(['{{1}}']);
  });
});

describe('unresolvedRecipients', () => {
  it('lists who would get an unfilled variable; a fallback covers everyone', () => {
    const people = [contact(0), contact(1, { name: '' }), contact(2, { notes: 'x' })];
    expect(unresolvedRecipients(people, 'Hi {name} {notes}', ctx, {})).toEqual([1, 2]);
    expect(unresolvedRecipients(people, 'Hi {name}', ctx, { name: 'friend' })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseAddRecipients } from '../../ipc/sending';
import { seededRandom } from '../random';
import { buildRecipientInputs } from './recipients';
import { renderTemplateParams } from './render';
import { contact, draft } from './testFixtures';

const ctx = { shopName: 'Mina Flowers', labelNames: new Map([[1, 'VIP']]) };

describe('buildRecipientInputs', () => {
  it('one input per contact not excluded, with resolved vars main accepts', () => {
    const contacts = [contact(0, { name: '민지' }), contact(1, { name: '' }), contact(2)];
    const d = draft({ fallbacks: { name: '고객' }, excludedContactIds: [3] });
    const inputs = buildRecipientInputs(contacts, d, ctx, seededRandom(1));
    expect(inputs).toEqual([
      { ref: '1', phone: contacts[0]!.phone, vars: { name: '민지', shop: 'Mina Flowers' } },
      { ref: '2', phone: contacts[1]!.phone, vars: { name: '고객', shop: 'Mina Flowers' } },
    ]);
    expect(parseAddRecipients({ id: 'c1', recipients: inputs }).ok).toBe(true);
  });
  it('A/B: an even random split, each with its own version’s vars, the same for the same seed', () => {
    const contacts = Array.from({ length: 101 }, (_, i) => contact(i));
    const d = draft({ messageB: { kind: 'text', body: '{labels} only' } });
    const inputs = buildRecipientInputs(contacts, d, ctx, seededRandom(5));
    const a = inputs.filter((r) => r.variant === 'A');
    const b = inputs.filter((r) => r.variant === 'B');
    expect([a.length, b.length]).toEqual([51, 50]);
    expect(b.every((r) => r.vars?.labels === 'VIP' && r.vars.name === undefined)).toBe(true);
    expect(a.every((r) => r.vars?.name !== undefined)).toBe(true);
    expect(buildRecipientInputs(contacts, d, ctx, seededRandom(5))).toEqual(inputs);
    expect(inputs.slice(0, 20).map((r) => r.variant)).not.toEqual(Array(20).fill('A'));
  });
  it('template: field parameters travel as p1, p2…', () => {
    const params = [{ kind: 'field' as const, field: 'name', fallback: '고객' }, { kind: 'fixed' as const, value: 'x' }];
    const d = draft({ channel: 'cloud', message: { kind: 'template', name: 't', language: 'ko', params } });
    const c = contact(0, { name: '' });
    const [input] = buildRecipientInputs([c], d, ctx, seededRandom(1));
    expect(input?.vars).toEqual({ p1: renderTemplateParams(params, c, ctx).bodyParams[0] });
  });
});

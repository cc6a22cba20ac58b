import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../shared/domain/optOut';
import { customerLanguage, SANDBOX_REPLIES, SandboxTransport, type SandboxEvent } from './sandbox';
import type { SendResult } from './types';

async function run(seed: number, n: number, prefix = '+8210', body = 'Hi') {
  const events: SandboxEvent[] = [];
  const t = new SandboxTransport(seed, (e) => events.push(e));
  const results: SendResult[] = [];
  for (let i = 0; i < n; i++) results.push(await t.send({ jobId: `j${i}`, to: `${prefix}${10_000_000 + i}`, content: { kind: 'text', body } }));
  return { events, results };
}

describe('sandbox channel', () => {
  it('the same seed gives the same campaign', async () => {
    expect(await run(7, 200)).toEqual(await run(7, 200));
  });

  it('accepts most messages and fails some with real error codes', async () => {
    const { results } = await run(1, 2_000);
    const codes = new Set(results.flatMap((r) => (r.kind === 'failed' ? [r.code] : [])));
    expect(results.filter((r) => r.kind === 'accepted').length).toBeGreaterThan(1_800);
    expect([...codes].every((c) => [131026, 131049, 131050, 131000].includes(c))).toBe(true);
    expect(codes.has(131026)).toBe(true);
  });

  it('produces delivery and read statuses and some opt-out replies, all marked as sandbox', async () => {
    const { events } = await run(3, 5_000);
    const kinds = new Set(events.map((e) => (e.kind === 'status' ? e.status : e.text)));
    expect(kinds.has('delivered') && kinds.has('read') && kinds.has('수신거부')).toBe(true);
    expect(events.every((e) => e.sandbox)).toBe(true);
  });

  it.each([
    ['+8210', 'Hi', 'ko'],
    ['+88691', 'Hi', 'zh-Hant'],
    ['+8529', 'Hi', 'zh-Hant'],
    ['+4479', 'Hi', 'en'],
    ['+4479', '안녕하세요', 'ko'],
    ['+8210', '您好，新品到貨', 'zh-Hant'],
  ] as const)('customers at %s who got "%s" answer in %s, with every kind of reply', async (prefix, body, lang) => {
    expect(customerLanguage(`${prefix}10000000`, body)).toBe(lang);
    const { events } = await run(5, 6_000, prefix, body);
    const texts = new Set(events.flatMap((e) => (e.kind === 'reply' ? [e.text] : [])));
    const words = SANDBOX_REPLIES[lang];
    expect([...texts].every((t) => t === words.stop || words.replies.includes(t))).toBe(true);
    expect(words.replies.filter((r) => texts.has(r)).length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['KR.a1b2c3', 'ko'],
    ['TW.a1b2c3', 'zh-Hant'],
    ['US.a1b2c3', 'en'],
  ] as const)('a customer known only by the user id %s answers in %s', (to, lang) => {
    expect(customerLanguage(to, 'Hi')).toBe(lang);
  });

  it('each language’s opt-out reply is an opt-out word, and no other reply is one', () => {
    for (const { replies, stop } of Object.values(SANDBOX_REPLIES)) {
      expect(classifyReply(stop).kind).toBe('opt_out');
      for (const r of replies) expect(classifyReply(r).kind).toBe('none');
    }
  });

  it('the reply text does not change which statuses a seed gives', async () => {
    const ko = await run(9, 500, '+8210');
    const en = await run(9, 500, '+4479');
    const statuses = (r: typeof ko) => r.events.flatMap((e) => (e.kind === 'status' ? [`${e.jobId}:${e.status}`] : []));
    expect(statuses(ko)).toEqual(statuses(en));
  });
});

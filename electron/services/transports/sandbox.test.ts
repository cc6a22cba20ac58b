import { describe, expect, it } from 'vitest';
import { SandboxTransport, type SandboxEvent } from './sandbox';
import type { SendResult } from './types';

async function run(seed: number, n: number) {
  const events: SandboxEvent[] = [];
  const t = new SandboxTransport(seed, (e) => events.push(e));
  const results: SendResult[] = [];
  for (let i = 0; i < n; i++) results.push(await t.send({ jobId: `j${i}`, to: `+8210${10_000_000 + i}`, content: { kind: 'text', body: 'Hi' } }));
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

  it('produces delivery and read statuses and some STOP replies, all marked as sandbox', async () => {
    const { events } = await run(3, 5_000);
    const kinds = new Set(events.map((e) => (e.kind === 'status' ? e.status : e.text)));
    expect(kinds.has('delivered') && kinds.has('read') && kinds.has('STOP')).toBe(true);
    expect(events.every((e) => e.sandbox)).toBe(true);
  });
});

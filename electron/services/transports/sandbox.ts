/**
 * The Sandbox channel (DOMAIN.md §1): a simulated WhatsApp for shops without an account. Seeded, so a run can be
 * replayed; outcomes use the real error codes at realistic rates, and accepted messages later produce statuses,
 * replies and occasional STOPs through `onEvent` (with a delay the caller schedules). Everything it produces is
 * marked as sandbox data.
 */
import { seededRandom } from '../../../shared/domain/random';
import type { OutgoingMessage, SendResult, Transport } from './types';


export type SandboxEvent =
  | { kind: 'status'; wamid: string; jobId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; afterMs: number; sandbox: true }
  | { kind: 'reply'; from: string; text: string; afterMs: number; sandbox: true };

/** Rates from typical small-shop campaigns; each figure is a probability per accepted message unless noted. */
export const SANDBOX_RATES = {
  unreachable131026: 0.02,
  marketingCap131049: 0.005,
  stoppedMarketing131050: 0.002,
  transient131000: 0.01,
  delivered: 0.95,
  read: 0.6,
  reply: 0.06,
  stopReply: 0.005,
};

export class SandboxTransport implements Transport {
  readonly channel = 'sandbox';
  private readonly random: () => number;
  private seq = 0;

  constructor(
    seed: number,
    private readonly onEvent: (e: SandboxEvent) => void = () => undefined,
  ) {
    this.random = seededRandom(seed);
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const r = this.random();
    const fail = (code: number, message: string, retryable = false): SendResult => ({ kind: 'failed', code, message: `[sandbox] ${message}`, retryable });
    let edge = SANDBOX_RATES.unreachable131026;
    if (r < edge) return fail(131026, 'Message undeliverable');
    if (r < (edge += SANDBOX_RATES.marketingCap131049)) return fail(131049, 'Marketing message limit for this user');
    if (r < (edge += SANDBOX_RATES.stoppedMarketing131050)) return fail(131050, 'User stopped marketing messages');
    if (r < (edge += SANDBOX_RATES.transient131000)) return fail(131000, 'Something went wrong', true);
    const wamid = `wamid.SANDBOX.${(++this.seq).toString(36)}`;
    const sandbox = true as const;
    this.onEvent({ kind: 'status', wamid, jobId: m.jobId, status: 'sent', afterMs: 500 + this.random() * 1_500, sandbox });
    if (this.random() < SANDBOX_RATES.delivered) {
      const deliveredAfter = 2_000 + this.random() * 30_000;
      this.onEvent({ kind: 'status', wamid, jobId: m.jobId, status: 'delivered', afterMs: deliveredAfter, sandbox });
      if (this.random() < SANDBOX_RATES.read) {
        const readAfter = deliveredAfter + 60_000 + this.random() * 3_600_000;
        this.onEvent({ kind: 'status', wamid, jobId: m.jobId, status: 'read', afterMs: readAfter, sandbox });
        const p = this.random();
        if (p < SANDBOX_RATES.stopReply) this.onEvent({ kind: 'reply', from: m.to, text: 'STOP', afterMs: readAfter + 30_000, sandbox });
        else if (p < SANDBOX_RATES.reply) this.onEvent({ kind: 'reply', from: m.to, text: 'Thanks! Is this still available?', afterMs: readAfter + 120_000, sandbox });
      }
    } else {
      this.onEvent({ kind: 'status', wamid, jobId: m.jobId, status: 'failed', afterMs: 5_000 + this.random() * 60_000, sandbox });
    }
    return { kind: 'accepted', wamid, waId: m.to.replace(/^\+/, '') };
  }
}

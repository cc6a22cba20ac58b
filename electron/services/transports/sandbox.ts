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

export type CustomerLanguage = 'ko' | 'en' | 'zh-Hant';

/**
 * What simulated customers write back, in their own language (issue 14): questions, thanks and problems, so the
 * inbox's priorities have something to sort. The last word of each list is the opt-out reply.
 */
export const SANDBOX_REPLIES: Readonly<Record<CustomerLanguage, { replies: readonly string[]; stop: string }>> = {
  ko: { replies: ['이거 아직 있나요?', '가격이 얼마예요?', '감사합니다!', '결제가 안 돼요', '주문한 상품을 아직 받지 못했어요', '사이즈 교환 가능한가요?'], stop: '수신거부' },
  en: { replies: ['Is this still available?', 'How much is it?', 'Thanks!', 'My payment did not go through', 'I have not received my order yet', 'Can I exchange the size?'], stop: 'STOP' },
  'zh-Hant': { replies: ['這個還有貨嗎？', '請問多少錢？', '謝謝！', '付款失敗了', '我還沒收到訂單', '可以換尺寸嗎？'], stop: '退訂' },
};

/**
 * The simulated customer's language: the script of the message they got when it has one (Hangul, Han), else their
 * number's country (+82 Korean; +886, +852, +853 Traditional Chinese) or, for a customer known only by their user
 * id, its country prefix (KR., TW., HK., MO.), else English.
 */
export function customerLanguage(to: string, body: string): CustomerLanguage {
  if (/[\u3131-\u318e\uac00-\ud7a3]/.test(body)) return 'ko';
  if (/[\u4e00-\u9fff]/.test(body)) return 'zh-Hant';
  if (to.startsWith('+82') || to.startsWith('KR.')) return 'ko';
  if (/^\+(886|852|853)/.test(to) || /^(TW|HK|MO)\./.test(to)) return 'zh-Hant';
  return 'en';
}

function bodyOf(m: OutgoingMessage): string {
  const c = m.content;
  return c.kind === 'text' ? c.body : '';
}

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
        // The reply is chosen from the same draw (no extra one), so a seed gives the same statuses as before.
        const words = SANDBOX_REPLIES[customerLanguage(m.to, bodyOf(m))];
        if (p < SANDBOX_RATES.stopReply) this.onEvent({ kind: 'reply', from: m.to, text: words.stop, afterMs: readAfter + 30_000, sandbox });
        else if (p < SANDBOX_RATES.reply) {
          const i = Math.min(words.replies.length - 1, Math.floor(((p - SANDBOX_RATES.stopReply) / (SANDBOX_RATES.reply - SANDBOX_RATES.stopReply)) * words.replies.length));
          this.onEvent({ kind: 'reply', from: m.to, text: words.replies[i] ?? words.replies[0] ?? '', afterMs: readAfter + 120_000, sandbox }); // i is inside the list
        }
      }
    } else {
      this.onEvent({ kind: 'status', wamid, jobId: m.jobId, status: 'failed', afterMs: 5_000 + this.random() * 60_000, sandbox });
    }
    return { kind: 'accepted', wamid, waId: m.to.replace(/^\+/, '') };
  }
}

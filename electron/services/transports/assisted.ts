/**
 * The Assisted channel's transport (DOMAIN.md §1): the person sends, Shopcast never automates WhatsApp.
 * `send()` publishes a prompt (the chat link with the text pre-filled) and waits for the person: they open the chat
 * (`open`, through the app's link opener), press send in WhatsApp, then mark it sent or skipped (`mark`).
 *
 * - One message at a time (the engine runs it with maxInFlight 1) under the Cautious policy.
 * - Marked sent → accepted with the wamid `assisted.<job>` (WhatsApp gives the app no id).
 * - Stopped (pause, cancel, closing Shopcast) before the chat was opened → certainly not sent: back in the queue.
 *   After it was opened the person may have pressed send → ambiguous, for the person to decide. A crash while
 *   waiting leaves the journal's `attempting`, which the next start makes ambiguous: the same, correct answer.
 */
import { waMeUrl } from '../../../shared/domain/assisted';
import { looksLikeUserId } from '../../../shared/domain/identity';
import type { AssistedPrompt } from '../../../shared/ipc/assisted';
import type { MessageContent, OutgoingMessage, SendResult, Transport } from './types';

export interface AssistedDeps {
  campaign: string;
  campaignName: string;
  /** Where the job sits in the campaign and the contact's renderer id, for the prompt. */
  describe: (jobId: string) => { ref?: string; position: number; total: number };
  /** A prompt appeared (or, with null, none is waiting any more). */
  onPrompt: (prompt: AssistedPrompt | null) => void;
  openLink: (url: string) => Promise<void>;
}

/** The text a wa.me link can carry: only text content can be pre-filled (a picture or document cannot go with it). */
export function assistedText(content: MessageContent): string | undefined {
  if (content.kind === 'text') return content.body;
  return undefined;
}

/** The skip reason for a person known only by their user id: the Assisted channel's wa.me link needs a phone. */
export const ASSISTED_NEEDS_PHONE = 'needs_phone';

interface Pending {
  prompt: AssistedPrompt;
  opened: boolean;
  resolve: (r: SendResult) => void;
}

export class AssistedTransport implements Transport {
  readonly channel = 'assisted';
  private pending: Pending | undefined;

  constructor(private readonly deps: AssistedDeps) {}

  get current(): AssistedPrompt | null {
    return this.pending?.prompt ?? null;
  }

  send(m: OutgoingMessage): Promise<SendResult> {
    // wa.me needs a phone number (DOMAIN.md §2): a person known only by their WhatsApp user id cannot be reached here.
    if (looksLikeUserId(m.to)) return Promise.resolve({ kind: 'skipped', reason: ASSISTED_NEEDS_PHONE });
    const text = assistedText(m.content);
    if (text === undefined) return Promise.resolve({ kind: 'failed', code: -2, message: 'The Assisted channel can only pre-fill text messages.', retryable: false });
    let url: string;
    try {
      url = waMeUrl(m.to, text);
    } catch (error) {
      return Promise.resolve({ kind: 'failed', code: -2, message: error instanceof Error ? error.message : String(error), retryable: false });
    }
    if (this.pending) this.settle({ kind: 'not_sent', why: 'Another message took its place.' });
    const where = this.deps.describe(m.jobId);
    const prompt: AssistedPrompt = { campaign: this.deps.campaign, campaignName: this.deps.campaignName, job: m.jobId, to: m.to, text, url, position: where.position, total: where.total, ...(where.ref !== undefined ? { ref: where.ref } : {}) };
    return new Promise<SendResult>((resolve) => {
      this.pending = { prompt, opened: false, resolve };
      this.deps.onPrompt(prompt);
    });
  }

  /** Opens the chat for the waiting job (refused for any other job: the link always matches the prompt). */
  async open(job: string): Promise<void> {
    const p = this.expect(job);
    p.opened = true; // before opening: from here on the person may send, so a stop makes it ambiguous
    await this.deps.openLink(p.prompt.url);
  }

  mark(job: string, outcome: 'sent' | 'skipped'): void {
    this.expect(job);
    this.settle(outcome === 'sent' ? { kind: 'accepted', wamid: `assisted.${job}` } : { kind: 'skipped', reason: 'skipped_by_person' });
  }

  /** The campaign stops (pause, cancel, quit): what is waiting ends honestly (see the file comment). */
  abandon(why: string): void {
    if (!this.pending) return;
    this.settle(this.pending.opened ? { kind: 'ambiguous', why: `${why} The chat was opened: the message may have been sent.` } : { kind: 'not_sent', why });
  }

  private expect(job: string): Pending {
    if (!this.pending || this.pending.prompt.job !== job) throw new Error('That message is not the one waiting to be sent.');
    return this.pending;
  }

  private settle(r: SendResult): void {
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(r);
    this.deps.onPrompt(null);
  }
}

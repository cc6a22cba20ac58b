/**
 * The Assisted channel's open chats: one AssistedTransport per campaign, the one prompt waiting for the person
 * ("open the chat, press send, mark it"), and opening and marking only the message that is actually waiting.
 */
import { problem } from '../../../shared/ipc/problems';
import { AppFailure } from '../../../shared/lib/result';
import type { AssistedPrompt } from '../../../shared/ipc/assisted';
import { AssistedTransport } from '../transports/assisted';

export interface AssistedChatsDeps {
  openLink: (url: string) => Promise<void>;
  /** A prompt appeared or went (null): tell the screen. */
  onPrompt: (campaign: string, prompt: AssistedPrompt | null) => void;
}

export interface AssistedCampaign {
  id: string;
  name: string;
  /** Where a job stands in its campaign, for the prompt ("3 of 40"). */
  describe: (job: string) => { position: number; total: number; ref?: string };
}

export class AssistedChats {
  private readonly byCampaign = new Map<string, AssistedTransport>();

  constructor(private readonly deps: AssistedChatsDeps) {}

  /** The transport a campaign sends through (a new one each start: the engine owns its run). */
  transportFor(c: AssistedCampaign): AssistedTransport {
    const t = new AssistedTransport({
      campaign: c.id,
      campaignName: c.name,
      describe: c.describe,
      onPrompt: (prompt) => this.deps.onPrompt(c.id, prompt ?? this.current()),
      openLink: (url) => this.deps.openLink(url),
    });
    this.byCampaign.set(c.id, t);
    return t;
  }

  current(): AssistedPrompt | null {
    for (const t of this.byCampaign.values()) if (t.current) return t.current;
    return null;
  }

  async open(campaign: string, job: string): Promise<void> {
    const t = this.waiting(campaign, job);
    try {
      await t.open(job);
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new AppFailure('internal', `The chat could not be opened: ${detail}`, problem('chat_open_failed', { detail }));
    }
  }

  mark(campaign: string, job: string, outcome: 'sent' | 'skipped'): void {
    this.waiting(campaign, job).mark(job, outcome);
  }

  private waiting(campaign: string, job: string): AssistedTransport {
    const t = this.byCampaign.get(campaign);
    if (!t || t.current?.job !== job) throw new AppFailure('conflict', 'That message is not the one waiting to be sent.', problem('assisted_not_waiting'));
    return t;
  }
}

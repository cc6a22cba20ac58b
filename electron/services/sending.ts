/**
 * Sending, as the IPC contract sees it: one facade over the campaign service, the engine's transports (Cloud API,
 * Assisted, Sandbox), the shop's policy, the suppression list, the inbox of replies and the webhook receiver.
 * Every `campaign:*`, `assisted:*`, `policy:*`, `suppression:*`, `inbox:*` and `webhook:*` handler calls one method.
 */
import type { JournalFs } from '../adapters/journalFs';
import type { Settings } from '../../shared/domain/settings';
import type { EventMap, EventName } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type {
  AmbiguousDecision,
  AssistedPrompt,
  CampaignDetail,
  CampaignDraftInput,
  CampaignRecipientInput,
  CampaignSummary,
  InboxPage,
  JobsPage,
  PolicyChoice,
  PolicyView,
  SuppressionView,
  WebhookStatus,
} from '../../shared/ipc/sending';
import type { CloudSetupService } from './cloudSetup';
import type { Clock } from './engine';

export interface SendingDeps {
  fs: JournalFs;
  dataDir: string;
  clock: Clock;
  random: () => number;
  pid: number;
  /** Names this run's numbering of job changes (`rev`); the core's event epoch. */
  generation: string;
  emit: <E extends EventName>(name: E, payload: EventMap[E]) => void;
  cloud: Pick<CloudSetupService, 'transportConfig' | 'webhookSetup' | 'messagingLimit'>;
  settings: () => Promise<Settings>;
  openExternal: (url: string) => Promise<void>;
  sandboxSeed?: number;
}

const notYet = (): never => {
  throw new AppFailure('internal', 'Sending is not built yet.');
};

export class SendingService {
  constructor(private readonly deps: SendingDeps) {}

  /** At start-up: load every campaign from disk, resume the ones that were running, start the schedule timer. */
  async load(): Promise<void> {
    void this.deps;
  }

  async close(): Promise<void> {}

  async create(_input: CampaignDraftInput): Promise<{ id: string }> {
    return notYet();
  }
  async addRecipients(_id: string, _recipients: CampaignRecipientInput[]): Promise<{ received: number }> {
    return notYet();
  }
  async seal(_id: string): Promise<CampaignSummary> {
    return notYet();
  }
  async list(): Promise<CampaignSummary[]> {
    return notYet();
  }
  async get(_id: string): Promise<CampaignDetail> {
    return notYet();
  }
  async jobs(_id: string, _sinceRev: number, _limit: number): Promise<JobsPage> {
    return notYet();
  }
  async start(_id: string): Promise<CampaignSummary> {
    return notYet();
  }
  async pause(_id: string): Promise<CampaignSummary> {
    return notYet();
  }
  async cancel(_id: string): Promise<CampaignSummary> {
    return notYet();
  }
  async retryFailed(_id: string): Promise<CampaignSummary> {
    return notYet();
  }
  async schedule(_id: string, _at: number | null): Promise<CampaignSummary> {
    return notYet();
  }
  async resolveAmbiguous(_id: string, _job: string, _decision: AmbiguousDecision): Promise<CampaignSummary> {
    return notYet();
  }
  assistedCurrent(): AssistedPrompt | null {
    return notYet();
  }
  async assistedOpen(_campaign: string, _job: string): Promise<void> {
    return notYet();
  }
  async assistedMark(_campaign: string, _job: string, _outcome: 'sent' | 'skipped'): Promise<void> {
    return notYet();
  }
  async policy(): Promise<PolicyView> {
    return notYet();
  }
  async updatePolicy(_choice: PolicyChoice): Promise<PolicyView> {
    return notYet();
  }
  suppressionList(): SuppressionView[] {
    return notYet();
  }
  async unsuppress(_contact: string): Promise<void> {
    return notYet();
  }
  async inboxSince(_after: number, _limit: number): Promise<InboxPage> {
    return notYet();
  }
  webhookStatus(): WebhookStatus {
    return notYet();
  }
  async startWebhook(_port?: number): Promise<WebhookStatus> {
    return notYet();
  }
  async stopWebhook(): Promise<WebhookStatus> {
    return notYet();
  }
}

/**
 * The Cloud API connection (Connect screen): ids and endpoint in `<data>/cloud.json`, secrets in the SecretStore,
 * "test connection" (the number's quality, messaging limit and throughput, DOMAIN.md §2) and template sync
 * (`GET /{waba-id}/message_templates`, cached in `<data>/templates.json`). Secrets never leave main.
 */
import type { Fs } from '../adapters/fs';
import type { SecretStore } from '../adapters/secretStore';
import { AppFailure } from '../../shared/ipc/result';
import type { CloudSetupPatch, CloudSetupView, ConnectionTest, TemplateInfo } from '../../shared/ipc/sending';
import type { Clock } from './engine';
import type { CloudApiConfig } from './transports/cloudApi';

export interface CloudSetupDeps {
  fs: Fs;
  dataDir: string;
  secrets: SecretStore;
  clock: Clock;
  fetch?: typeof fetch;
}

/** What the webhook receiver needs; `missing` names what the person still has to enter. */
export type WebhookSetup = { ok: true; appSecret: string; verifyToken: string; port: number } | { ok: false; missing: string[]; port: number };

const notYet = (): never => {
  throw new AppFailure('internal', 'The Cloud API connection is not built yet.');
};

export class CloudSetupService {
  constructor(private readonly deps: CloudSetupDeps) {}

  async view(): Promise<CloudSetupView> {
    void this.deps;
    return notYet();
  }

  async update(_patch: CloudSetupPatch): Promise<CloudSetupView> {
    return notYet();
  }

  async test(): Promise<ConnectionTest> {
    return notYet();
  }

  async templates(): Promise<TemplateInfo[]> {
    return notYet();
  }

  async syncTemplates(): Promise<TemplateInfo[]> {
    return notYet();
  }

  /** The transport's configuration, or null when token or phone number id is missing. */
  async transportConfig(): Promise<CloudApiConfig | null> {
    return notYet();
  }

  async webhookSetup(): Promise<WebhookSetup> {
    return notYet();
  }

  /** The messaging limit read by the last successful test (null: unlimited; undefined: never tested). */
  async messagingLimit(): Promise<number | null | undefined> {
    return notYet();
  }
}

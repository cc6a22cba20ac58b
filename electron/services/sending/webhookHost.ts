/**
 * The webhook receiver's lifecycle: start it on the configured (or asked) port with the shop's app secret and verify
 * token, stop it, and report its state for `webhook:status`. The HTTP listener is a port (the composition root
 * chooses it); what the received events do is the caller's `apply`.
 */
import type { HmacSha256, RunningWebhookServer, StartWebhookServer } from '../ports';
import { isRecord } from '../../../shared/lib/guards';
import { problem } from '../../../shared/ipc/problems';
import { AppFailure } from '../../../shared/lib/result';
import type { WebhookStatus } from '../../../shared/ipc/inbox';
import type { CloudSetupService } from '../cloudSetup';
import { WebhookReceiver, type WebhookEvent } from '../webhook';

export interface WebhookHostDeps {
  cloud: Pick<CloudSetupService, 'webhookSetup'>;
  startWebhookServer: StartWebhookServer;
  hmacSha256: HmacSha256;
  /** Stores the events; the receiver answers 200 only once this resolves (5xx when it throws). */
  apply: (events: WebhookEvent[]) => Promise<void>;
}

export class WebhookHost {
  private running: { server: RunningWebhookServer; receiver: WebhookReceiver } | undefined;
  private error: string | undefined;
  /** When the last real (not simulated) webhook batch arrived. */
  lastEventAt: number | undefined;

  constructor(private readonly deps: WebhookHostDeps) {}

  async status(): Promise<WebhookStatus> {
    const setup = await this.deps.cloud.webhookSetup();
    const r = this.running?.receiver;
    const s: WebhookStatus = {
      running: this.running !== undefined,
      configuredPort: setup.port,
      missing: setup.ok ? [] : setup.missing,
      stats: r ? { ...r.stats } : { accepted: 0, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0 },
    };
    if (this.running) s.port = this.running.server.port;
    if (this.lastEventAt !== undefined) s.lastEventAt = this.lastEventAt;
    if (this.error !== undefined) s.error = this.error;
    return s;
  }

  /** Starts the receiver (again, when the port changes); refuses with what is missing or why it could not listen. */
  async open(port?: number): Promise<WebhookStatus> {
    const setup = await this.deps.cloud.webhookSetup();
    if (!setup.ok) throw new AppFailure('conflict', `The webhook receiver needs the ${setup.missing.join(' and ')} (Settings → Cloud API).`, { ...problem('webhook_needs_secrets', { missing: setup.missing.join(',') }) });
    const want = port ?? setup.port;
    if (this.running && this.running.server.port === want) return this.status();
    await this.stop();
    const receiver = new WebhookReceiver({ appSecret: setup.appSecret, verifyToken: setup.verifyToken, hmacSha256: this.deps.hmacSha256 }, (events) => this.deps.apply(events));
    try {
      const server = await this.deps.startWebhookServer(receiver, want, (error) => (this.error = error instanceof Error ? error.message : String(error)));
      this.running = { server, receiver };
      this.error = undefined;
    } catch (error) {
      const inUse = isRecord(error) && error.code === 'EADDRINUSE';
      const detail = error instanceof Error ? error.message : String(error);
      this.error = inUse ? `Port ${want} on 127.0.0.1 is in use by another program: choose another port.` : `The receiver could not start: ${detail}`;
      throw new AppFailure('conflict', this.error, inUse ? problem('webhook_port_in_use', { port: want }) : problem('webhook_failed', { detail }));
    }
    return this.status();
  }

  async stop(): Promise<WebhookStatus> {
    const w = this.running;
    this.running = undefined;
    await w?.server.close();
    return this.status();
  }
}

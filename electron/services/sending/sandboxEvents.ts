/**
 * The Sandbox's simulated statuses and replies: each arrives after its delay through the webhook path, marked
 * sandbox. One queue and one wait for all of them (a 100,000-recipient sandbox campaign has hundreds of thousands
 * pending, an hour ahead), on the injected clock.
 */
import { classifyReply } from '../../../shared/domain/optOut';
import type { Clock } from '../engine';
import type { SandboxEvent } from '../transports/sandbox';
import type { WebhookEvent } from '../webhook';

export interface SandboxEventsDeps {
  clock: Clock;
  random: () => number;
  /** Multiplies the simulated delays (tests make minutes pass in milliseconds). */
  delayFactor?: number;
  /** Hands one simulated event to the webhook path (sandbox-marked). */
  deliver: (event: WebhookEvent) => Promise<void>;
}

export class SandboxEvents {
  private readonly queue = new EventQueue<{ at: number; seq: number; event: SandboxEvent }>();
  private seq = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private readonly closeSignal = new AbortController();
  private readonly closedSignal = new Promise<void>((resolve) => this.closeSignal.signal.addEventListener('abort', () => resolve(), { once: true }));

  constructor(private readonly deps: SandboxEventsDeps) {}

  get pending(): number {
    return this.queue.size;
  }

  schedule(e: SandboxEvent): void {
    if (this.closed) return;
    const at = this.deps.clock.now() + e.afterMs * (this.deps.delayFactor ?? 1);
    const earliest = this.queue.peek();
    this.queue.push({ at, seq: ++this.seq, event: e });
    if (!this.loop) this.loop = this.run().finally(() => (this.loop = undefined));
    else if (earliest === undefined || at < earliest.at) this.wake?.();
  }

  /** Stops delivering; what is still pending is dropped (the Sandbox is a simulation). */
  async close(): Promise<void> {
    this.closed = true;
    this.closeSignal.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const next = this.queue.peek();
      if (!next) return;
      const now = this.deps.clock.now();
      if (next.at > now) {
        const stop = new AbortController();
        const woken = new Promise<void>((resolve) => (this.wake = resolve));
        await Promise.race([woken, this.deps.clock.sleep(next.at - now, stop.signal), this.closedSignal]);
        stop.abort();
        this.wake = undefined;
        continue;
      }
      this.queue.pop();
      await this.deps.deliver(toWebhookEvent(next.event, next.seq, this.deps.clock.now(), this.deps.random)).catch(() => undefined);
    }
  }
}

/** What a simulated event looks like once it "arrives": the same shape a real webhook is parsed into. */
export function toWebhookEvent(e: SandboxEvent, seq: number, timestamp: number, random: () => number): WebhookEvent {
  if (e.kind === 'status') return { kind: 'status', wamid: e.wamid, status: e.status, jobId: e.jobId, timestamp };
  return {
    kind: 'message',
    id: `sandbox.${timestamp.toString(36)}.${seq.toString(36)}.${Math.floor(random() * 1e9).toString(36)}`,
    from: e.from.replace(/^\+/, ''),
    type: 'text',
    text: e.text,
    timestamp,
    optOut: classifyReply(e.text),
  };
}

/** A binary min-heap by (at, seq): the Sandbox's pending events. */
export class EventQueue<T extends { at: number; seq: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break; // both indexes are inside the array
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l]!, a[m]!)) m = l; // l < length
      if (r < a.length && before(a[r]!, a[m]!)) m = r; // r < length
      if (m === i) return top;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

function before(x: { at: number; seq: number }, y: { at: number; seq: number }): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

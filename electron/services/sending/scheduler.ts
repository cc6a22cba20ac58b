/**
 * Starts scheduled campaigns when their time comes, on the injected clock: sleeps until the next one is due (or
 * until woken because a schedule changed), then hands each due campaign to `start`.
 */
import type { Clock } from '../engine';

export interface SchedulerDeps {
  clock: Clock;
  /** Campaigns whose scheduled time has come. */
  due: () => string[];
  /** The earliest scheduled time still ahead, if any. */
  nextDue: () => number | undefined;
  /** Starts one due campaign; a failure is the caller's to record (the loop goes on). */
  start: (id: string) => Promise<void>;
}

export class Scheduler {
  private readonly stopped = new AbortController();
  private wakeUp: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  run(): void {
    this.done ??= this.loop();
  }

  /** A schedule changed: look again now. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    this.wakeUp?.();
    await this.done;
  }

  private async loop(): Promise<void> {
    const signal = this.stopped.signal;
    while (!signal.aborted) {
      for (const id of this.deps.due()) await this.deps.start(id);
      if (signal.aborted) break;
      const next = this.deps.nextDue();
      const stop = new AbortController();
      const waits: Promise<void>[] = [new Promise<void>((resolve) => (this.wakeUp = resolve))];
      if (next !== undefined) waits.push(this.deps.clock.sleep(Math.max(0, next - this.deps.clock.now()), stop.signal));
      await Promise.race(waits);
      stop.abort();
      this.wakeUp = undefined;
    }
  }
}

/**
 * A virtual clock for the send engine: `sleep` moves virtual time forward instead of waiting, so tests of
 * pacing, backoff and quiet hours run in milliseconds of real time and never assert on real timing.
 */
import type { Clock } from '../../electron/services/engine';

export class VirtualClock implements Clock {
  /** Every sleep asked for, in order (to check backoff without waiting for it). */
  readonly sleeps: number[] = [];
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      setImmediate(() => {
        if (!signal?.aborted) this.time += Math.max(0, ms);
        resolve();
      });
    });
  }
}

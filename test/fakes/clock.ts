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

/**
 * A virtual clock for several sleepers at once (the engine, the scheduler, the Sandbox's delayed statuses): each
 * `sleep` is a timer at `now + ms`, and when the process has been idle for a few event-loop turns the earliest timer
 * fires and time jumps to it. Time never runs backwards and timers fire in order, so pacing, schedules and
 * delays behave as they would in real time, in milliseconds of it. Aborted sleeps are dropped.
 */
export class AutoClock implements Clock {
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private pending = false;

  constructor(
    public time: number,
    /** Event-loop turns with nothing new before time moves on (lets I/O callbacks and promise chains run first). */
    private readonly idleTurns = 3,
  ) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.time + Math.max(0, ms), seq: ++this.seq, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
      this.kick();
    });
  }

  private held = false;

  /** While held, time stands still (a test does several things "at the same moment"); release lets it run again. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.kick();
  }

  /** Timers waiting (for tests that check nothing is left behind). */
  get waiting(): number {
    return this.timers.length;
  }

  private kick(): void {
    if (this.pending) return;
    this.pending = true;
    const turn = (left: number) =>
      setImmediate(() => {
        if (left > 0) return turn(left - 1);
        this.pending = false;
        this.fire();
      });
    turn(this.idleTurns);
  }

  private fire(): void {
    if (this.timers.length === 0 || this.held) return;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers.shift()!; // length checked above
    this.time = Math.max(this.time, next.at);
    next.resolve();
    if (this.timers.length > 0) this.kick();
  }
}

/**
 * A clock that moves only when the test says (`advance`): a campaign stays "sending" while a webhook arrives, a
 * retry waits until the test moves past it. A sleep of 0 (or less) resolves on the next turn; aborted sleeps end.
 */
export class ManualClock implements Clock {
  private timers: { at: number; resolve: () => void }[] = [];
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return void setImmediate(resolve);
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      });
    });
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.resolve();
  }
}

/** Polls `pred` (every 5 ms of real time, up to 2.5 s) until it holds; the error names what never happened. */
export async function until(pred: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

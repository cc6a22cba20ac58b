import { describe, expect, it } from 'vitest';
import type { Clock } from '../engine';
import { ChangeThrottle } from './changeThrottle';

/** A clock that moves only when the test says; sleeps resolve when time reaches them. */
class StepClock implements Clock {
  private timers: { at: number; resolve: () => void; signal?: AbortSignal | undefined }[] = [];
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = { at: this.time + ms, resolve, signal };
      this.timers.push(t);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== t);
        resolve();
      });
    });
  }
  get waiting(): number {
    return this.timers.length;
  }
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.resolve();
    await new Promise((r) => setImmediate(r));
  }
}

function setup(gap = 250) {
  const clock = new StepClock(1_000_000);
  const sent: { id: string; at: number }[] = [];
  const throttle = new ChangeThrottle(clock, gap, (id) => sent.push({ id, at: clock.now() }));
  return { clock, sent, throttle };
}

describe('ChangeThrottle (campaign:changed on the injected clock)', () => {
  it('sends the first change at once and folds the rest of the interval into one trailing notice at its end', async () => {
    const { clock, sent, throttle } = setup(250);
    throttle.changed('a', false);
    await clock.advance(10);
    throttle.changed('a', false);
    await clock.advance(100);
    throttle.changed('a', false);
    expect(sent.map((s) => s.at - 1_000_000)).toEqual([0]);
    await clock.advance(139); // 249 ms after the first
    expect(sent).toHaveLength(1);
    await clock.advance(1); // 250 ms
    expect(sent.map((s) => s.at - 1_000_000)).toEqual([0, 250]);
    expect(clock.waiting).toBe(0);
  });

  it('an urgent change goes at once and takes the place of the waiting trailing notice', async () => {
    const { clock, sent, throttle } = setup(250);
    throttle.changed('a', false);
    await clock.advance(50);
    throttle.changed('a', false); // would go at 250
    await clock.advance(50);
    throttle.changed('a', true);
    expect(sent.map((s) => s.at - 1_000_000)).toEqual([0, 100]);
    expect(clock.waiting).toBe(0);
    await clock.advance(1_000);
    expect(sent).toHaveLength(2);
  });

  it('a change after a quiet interval goes at once; campaigns are throttled separately', async () => {
    const { clock, sent, throttle } = setup(250);
    throttle.changed('a', false);
    throttle.changed('b', false);
    await clock.advance(300);
    throttle.changed('a', false);
    expect(sent.map((s) => `${s.id}@${s.at - 1_000_000}`)).toEqual(['a@0', 'b@0', 'a@300']);
  });

  it('an interval of 0 sends every change; close drops the waiting notices', async () => {
    const every = setup(0);
    for (let i = 0; i < 5; i++) every.throttle.changed('a', false);
    expect(every.sent).toHaveLength(5);
    const { clock, sent, throttle } = setup(250);
    throttle.changed('a', false);
    throttle.changed('a', false);
    throttle.close();
    await clock.advance(1_000);
    throttle.changed('a', true);
    expect(sent).toHaveLength(1);
    expect(clock.waiting).toBe(0);
  });
});

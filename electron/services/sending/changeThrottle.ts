/**
 * `campaign:changed` at most once per campaign per interval, on the injected clock: the first change goes at once,
 * later ones within the interval are folded into one trailing notice at its end, and an urgent change (a state
 * change) goes at once and cancels the trailing one. Notifications only: no sending decision reads this.
 */
import type { Clock } from '../engine';

interface Slot {
  /** When the last notice went (clock time); undefined before the first. */
  last: number | undefined;
  /** Cancels the trailing notice's wait. */
  pending: AbortController | undefined;
}

export class ChangeThrottle {
  private readonly slots = new Map<string, Slot>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly gapMs: number,
    /** Sends the notice for `id` (reads the state then, so the trailing notice carries the latest). */
    private readonly notify: (id: string) => void,
  ) {}

  changed(id: string, urgent: boolean): void {
    if (this.closed) return;
    const slot = this.slots.get(id) ?? { last: undefined, pending: undefined };
    this.slots.set(id, slot);
    const now = this.clock.now();
    const since = slot.last === undefined ? Infinity : now - slot.last;
    if (urgent || since >= this.gapMs) {
      this.fire(id, slot);
      return;
    }
    if (slot.pending) return; // a trailing notice is already waiting; it will carry this change too
    const pending = new AbortController();
    slot.pending = pending;
    void this.clock.sleep(this.gapMs - since, pending.signal).then(() => {
      if (pending.signal.aborted || this.closed) return;
      this.fire(id, slot);
    });
  }

  /** Drops every waiting notice (the service is closing). */
  close(): void {
    this.closed = true;
    for (const slot of this.slots.values()) slot.pending?.abort();
    this.slots.clear();
  }

  private fire(id: string, slot: Slot): void {
    slot.pending?.abort();
    slot.pending = undefined;
    slot.last = this.clock.now();
    this.notify(id);
  }
}

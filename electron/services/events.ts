/**
 * Pushes events from the core to every connected renderer. Each event gets the next sequence number and is kept
 * in a bounded buffer, so a renderer that reconnects (window reopened, WebSocket dropped) asks for everything
 * after the last sequence it applied and misses nothing that is still buffered.
 */
import type { EventMap, EventName, PushedEvent } from '../../shared/ipc/contract';

export type Listener = (event: PushedEvent) => void;

export class EventHub {
  private seq = 0;
  private readonly buffer: PushedEvent[] = [];
  private readonly listeners = new Set<Listener>();

  /** `epoch` names this run of the core, so a renderer can tell a restarted core's numbering from the old one. */
  constructor(
    readonly epoch: string,
    private readonly capacity = 10_000,
  ) {}

  emit<E extends EventName>(name: E, payload: EventMap[E]): PushedEvent<E> {
    // TypeScript cannot narrow a distributive conditional over a generic E; name and payload are matched by the signature.
    const event = { epoch: this.epoch, seq: ++this.seq, name, payload } as PushedEvent<E>;
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `seq` of `epoch` (everything buffered if the epoch is another run's), oldest first. */
  since(seq: number, epoch: string = this.epoch): PushedEvent[] {
    const after = epoch === this.epoch ? seq : 0;
    return this.buffer.filter((e) => e.seq > after);
  }

  get lastSeq(): number {
    return this.seq;
  }
}

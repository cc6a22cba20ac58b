import { describe, expect, it } from 'vitest';
import { EventHub } from './events';

const s = { shopName: '', defaultCountry: 'KR', language: 'ko' } as const;

describe('EventHub', () => {
  it('numbers events in order and hands them to listeners', () => {
    const hub = new EventHub();
    const seen: number[] = [];
    hub.subscribe((e) => seen.push(e.seq));
    hub.emit('settings:changed', s);
    hub.emit('settings:changed', s);
    expect(seen).toEqual([1, 2]);
  });

  it('gives a reconnecting renderer everything after its last sequence', () => {
    const hub = new EventHub();
    for (let i = 0; i < 5; i++) hub.emit('settings:changed', s);
    expect(hub.since(3).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('keeps a bounded buffer', () => {
    const hub = new EventHub(3);
    for (let i = 0; i < 10; i++) hub.emit('settings:changed', s);
    expect(hub.since(0).map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it('stops calling a listener after it unsubscribes', () => {
    const hub = new EventHub();
    let calls = 0;
    const off = hub.subscribe(() => calls++);
    off();
    hub.emit('settings:changed', s);
    expect(calls).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { EventHub } from './events';

const s = { shopName: '', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: true } as const;

describe('EventHub', () => {
  it('numbers events in order and hands them to listeners', () => {
    const hub = new EventHub('run-1');
    const seen: number[] = [];
    hub.subscribe((e) => seen.push(e.seq));
    hub.emit('settings:changed', s);
    hub.emit('settings:changed', s);
    expect(seen).toEqual([1, 2]);
  });

  it('gives a reconnecting renderer everything after its last sequence', () => {
    const hub = new EventHub('run-1');
    for (let i = 0; i < 5; i++) hub.emit('settings:changed', s);
    expect(hub.since(3).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('gives everything buffered to a renderer whose sequence belongs to an earlier run of the core', () => {
    const hub = new EventHub('run-2');
    for (let i = 0; i < 3; i++) hub.emit('settings:changed', s);
    expect(hub.since(7, 'run-1').map((e) => `${e.epoch}#${e.seq}`)).toEqual(['run-2#1', 'run-2#2', 'run-2#3']);
  });

  it('keeps a bounded buffer', () => {
    const hub = new EventHub('run-1', 3);
    for (let i = 0; i < 10; i++) hub.emit('settings:changed', s);
    expect(hub.since(0).map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it('stops calling a listener after it unsubscribes', () => {
    const hub = new EventHub('run-1');
    let calls = 0;
    const off = hub.subscribe(() => calls++);
    off();
    hub.emit('settings:changed', s);
    expect(calls).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { Channel, InputOf, OutputOf, PushedEvent } from '../../../shared/ipc/contract';
import type { AnswerState, AnswerView } from '../../../shared/ipc/inbox';
import { ok, type Result } from '../../../shared/lib/result';
import { startAnswersFeed } from './answersFeed';
import { freshDb } from '../db/testDb';

/** What main's AnswerService does, in small: answers paged by rev, a generation that changes on restart. */
class MiniMain implements Bridge {
  readonly runtime = 'browser-host' as const;
  generation = 'g1';
  rev = 0;
  answers = new Map<string, AnswerView>();
  asked: number[] = [];
  private listeners = new Set<(e: PushedEvent) => void>();
  private seq = 0;

  set(id: string, state: AnswerState, createdAt = 1_000): void {
    this.answers.set(id, { id, to: '+821012345678', content: { kind: 'text', body: id }, channel: 'sandbox', createdAt, state, rev: ++this.rev });
    this.push();
  }

  restart(): void {
    this.generation = `g${Number(this.generation.slice(1)) + 1}`;
    this.rev = 0;
    for (const a of this.answers.values()) a.rev = ++this.rev;
  }

  push(): void {
    const event = { epoch: 'e', seq: ++this.seq, name: 'inbox:answered', payload: { rev: this.rev, generation: this.generation } } as PushedEvent;
    for (const l of this.listeners) l(event);
  }

  async call<C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]): Promise<Result<OutputOf<C>>> {
    if (channel !== 'inbox:answers') throw new Error(`unexpected ${channel}`);
    const since = (input[0] as { sinceRev: number }).sinceRev;
    this.asked.push(since);
    const answers = [...this.answers.values()].filter((a) => a.rev > since).sort((a, b) => a.rev - b.rev);
    return ok({ generation: this.generation, rev: this.rev, answers: answers.map((a) => ({ ...a })) }) as Result<OutputOf<C>>; // this channel's output
  }

  onEvent(listener: (e: PushedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }
}

const states = (feed: { list(): readonly AnswerView[] }) => feed.list().map((a) => `${a.id}:${a.state}`);

describe('startAnswersFeed', () => {
  it('pulls everything first, then only what changed after its rev, and moves the ticks', async () => {
    const main = new MiniMain();
    main.set('a1', 'sent', 1_000);
    const feed = startAnswersFeed(main);
    await feed.pull();
    expect(states(feed)).toStrictEqual(['a1:sent']);
    let notified = 0;
    feed.subscribe(() => notified++);
    main.set('a2', 'sending', 2_000);
    main.set('a1', 'read', 1_000);
    await feed.pull();
    expect(states(feed)).toStrictEqual(['a1:read', 'a2:sending']);
    expect(notified).toBeGreaterThan(0);
    expect(main.asked.at(-1)).toBeGreaterThan(0); // not from 0 again
    feed.stop();
  });

  it('pulls from 0 when main restarted (a new generation numbers its revs anew)', async () => {
    const main = new MiniMain();
    main.set('a1', 'sent');
    main.set('a2', 'sent');
    const feed = startAnswersFeed(main);
    await feed.pull();
    const asked = main.asked.length;
    main.answers.get('a1')!.state = 'delivered';
    main.restart();
    main.push();
    await feed.pull();
    expect(states(feed)).toStrictEqual(['a1:delivered', 'a2:sent']);
    expect(main.asked.slice(asked)).toContain(0);
    feed.stop();
  });

  it('stops listening when stopped', async () => {
    const main = new MiniMain();
    const feed = startAnswersFeed(main);
    await feed.pull();
    feed.stop();
    const before = main.asked.length;
    main.set('a1', 'sent');
    await Promise.resolve();
    expect(main.asked.length).toBe(before);
  });

  it('with a database, copies each page into IndexedDB before showing it, and a restarted main replaces the copy', async () => {
    const db = freshDb();
    try {
      const main = new MiniMain();
      main.set('a1', 'sent', 1_000);
      const feed = startAnswersFeed(main, db);
      await feed.pull();
      expect((await db.answers.toArray()).map((a) => `${a.id}:${a.state}`)).toStrictEqual(['a1:sent']);
      main.set('a1', 'read', 1_000);
      await feed.pull();
      expect((await db.answers.get('a1'))?.state).toBe('read');
      main.answers.delete('a1');
      main.set('a2', 'sent', 2_000);
      main.restart();
      main.push();
      await feed.pull();
      expect((await db.answers.toArray()).map((a) => a.id)).toStrictEqual(['a2']);
      expect(states(feed)).toStrictEqual(['a2:sent']);
      feed.stop();
    } finally {
      db.close();
    }
  });
});

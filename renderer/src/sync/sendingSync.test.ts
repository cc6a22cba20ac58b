import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { Channel, InputOf, OutputOf, PushedEvent } from '../../../shared/ipc/contract';
import { fail, ok, type Result } from '../../../shared/lib/result';
import type { CampaignSummary, JobView } from '../../../shared/ipc/campaigns';
import type { InboxMessage, SuppressionView } from '../../../shared/ipc/inbox';
import { addContact } from '../db/contacts';
import type { ShopcastDB } from '../db/db';
import { freshDb } from '../db/testDb';
import { applySuppressions, storeJobs } from '../db/sendingCopy';
import { startSendingSync, type SendingSync } from './sendingSync';

/**
 * A main process in miniature that answers the sync's four channels from in-memory state the test changes, the way
 * SendingService does: jobs paged by rev, a generation that changes on restart, an inbox numbered by seq.
 */
class MiniMain implements Bridge {
  readonly runtime = 'browser-host' as const;
  generation = 'g1';
  jobs = new Map<string, JobView>();
  rev = 0;
  inbox: InboxMessage[] = [];
  suppressed: SuppressionView[] = [];
  calls: string[] = [];
  /** While set, `campaign:jobs` answers only once it resolves (a slow page). */
  jobsGate: Promise<void> | undefined;
  private listeners = new Set<(e: PushedEvent) => void>();
  private connection = new Set<(c: boolean) => void>();
  private seq = 0;

  setJob(job: Omit<JobView, 'rev' | 'at'> & { at?: number }): void {
    this.rev++;
    this.jobs.set(job.job, { at: this.rev * 1000, ...job, rev: this.rev });
  }

  summary(): CampaignSummary {
    const counts = { total: this.jobs.size, queued: 0, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
    return { id: 'c1', name: 'Sale', channel: 'sandbox', state: 'running', counts, promotional: true, test: false, sandbox: true, createdAt: 1, rev: this.rev, generation: this.generation };
  }

  /** A core restart: numbering starts again from the journal. */
  restart(): void {
    this.generation = `g${Number(this.generation.slice(1)) + 1}`;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    this.rev = 0;
    for (const j of jobs) this.setJob(j);
  }

  push<E extends PushedEvent['name']>(name: E, payload: Extract<PushedEvent, { name: E }>['payload']): void {
    const event = { epoch: 'e', seq: ++this.seq, name, payload } as PushedEvent;
    for (const l of this.listeners) l(event);
  }

  connect(): void {
    for (const l of this.connection) l(true);
  }

  async call<C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]): Promise<Result<OutputOf<C>>> {
    this.calls.push(channel);
    const arg = input[0] as Record<string, number | string> | undefined;
    const answer = (v: unknown) => ok(v) as Result<OutputOf<C>>; // each branch answers its own channel's type
    switch (channel) {
      case 'campaign:list':
        return answer([this.summary()]);
      case 'campaign:jobs': {
        if (this.jobsGate) await this.jobsGate;
        const since = Number(arg?.sinceRev ?? 0);
        const limit = Number(arg?.limit ?? 5000);
        const changed = [...this.jobs.values()].filter((j) => j.rev > since).sort((a, b) => a.rev - b.rev);
        return answer({ id: 'c1', generation: this.generation, rev: this.rev, jobs: changed.slice(0, limit), more: changed.length > limit });
      }
      case 'inbox:since': {
        const after = Number(arg?.after ?? 0);
        const limit = Number(arg?.limit ?? 1000);
        return answer({ messages: this.inbox.filter((m) => m.seq > after).slice(0, limit), last: this.inbox.at(-1)?.seq ?? 0 });
      }
      case 'suppression:list':
        return answer(this.suppressed);
      default:
        return fail('unknown_channel', channel) as Result<OutputOf<C>>;
    }
  }

  onEvent(listener: (e: PushedEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectionChange(listener: (c: boolean) => void) {
    this.connection.add(listener);
    return () => this.connection.delete(listener);
  }
}

let db: ShopcastDB;
let sync: SendingSync | undefined;

afterEach(() => {
  sync?.stop();
  db?.close();
});

async function contact(name: string, phone: string) {
  const r = await addContact(db, { name, phone, optInStatus: 'opted_in' }, { defaultCountry: 'KR', now: () => 100 });
  if (!r.ok || !r.contact.phone) throw new Error('contact not added');
  return { ...r.contact, phone: r.contact.phone };
}

describe('sending sync', () => {
  it('pulls only what changed since the stored rev, in pages, and keeps the first time of each step', async () => {
    db = freshDb();
    const main = new MiniMain();
    for (let i = 0; i < 12; i++) main.setJob({ job: `c1-${i}`, ref: String(i + 1), contact: `+8210000000${String(i).padStart(2, '0')}`, phase: 'queued', attempts: 0 });
    sync = startSendingSync(db, main);
    await sync.syncAll();
    await sync.idle();
    expect(await db.recipients.count()).toBe(12);
    expect((await db.campaigns.get('c1'))?.syncedRev).toBe(12);

    main.setJob({ job: 'c1-3', ref: '4', contact: '+821000000003', phase: 'accepted', attempts: 1, wamid: 'w3', at: 50_000 });
    main.setJob({ job: 'c1-3', ref: '4', contact: '+821000000003', phase: 'accepted', attempts: 1, wamid: 'w3', delivery: 'read', at: 90_000 });
    main.calls = [];
    main.push('campaign:changed', main.summary());
    await new Promise((r) => setTimeout(r, 10));
    await sync.idle();
    const row = await db.recipients.get('c1-3');
    expect(row).toMatchObject({ phase: 'accepted', delivery: 'read', contactId: 4, acceptedAt: 90_000, readAt: 90_000 });
    // One page with the one changed job, not all twelve again.
    expect(main.calls.filter((c) => c === 'campaign:jobs')).toHaveLength(1);
    expect((await db.campaigns.get('c1'))?.syncedRev).toBe(14);
  });

  it('after main restarts (a new generation) pulls everything again and ends identical', async () => {
    db = freshDb();
    const main = new MiniMain();
    for (let i = 0; i < 5; i++) main.setJob({ job: `c1-${i}`, contact: `+8210000000${i}0`, phase: i < 2 ? 'accepted' : 'queued', attempts: i < 2 ? 1 : 0 });
    sync = startSendingSync(db, main);
    await sync.syncAll();
    await sync.idle();
    main.restart();
    main.setJob({ job: 'c1-4', contact: '+821000000040', phase: 'skipped', reason: 'suppressed', attempts: 0 });
    main.connect(); // a reconnect syncs everything
    await new Promise((r) => setTimeout(r, 10));
    await sync.idle();
    expect((await db.recipients.get('c1-4'))?.phase).toBe('skipped');
    expect((await db.campaigns.get('c1'))).toMatchObject({ syncedGeneration: 'g2', syncedRev: 6 });
  });

  it("a slow job pull never stores its older summary over a newer one (scheduled right after sealing stays scheduled)", async () => {
    db = freshDb();
    const main = new MiniMain();
    main.setJob({ job: 'c1-0', contact: '+821012345678', phase: 'queued', attempts: 0 });
    let release!: () => void;
    main.jobsGate = new Promise<void>((r) => (release = r));
    sync = startSendingSync(db, main);
    // Created (its first pull hangs on a slow page), sealed (a second pull waits behind it), then scheduled: the
    // scheduled summary's pull rides on the waiting one, which was asked for with the sealed (draft) summary.
    main.push('campaign:changed', { ...main.summary(), state: 'draft', incomplete: true });
    await vi.waitFor(() => expect(main.calls).toContain('campaign:jobs'));
    main.setJob({ job: 'c1-1', contact: '+821012345679', phase: 'queued', attempts: 0 });
    main.push('campaign:changed', { ...main.summary(), state: 'draft' });
    await new Promise((r) => setTimeout(r, 20));
    main.push('campaign:changed', { ...main.summary(), state: 'scheduled', scheduledAt: 99 });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await new Promise((r) => setTimeout(r, 20));
    await sync.idle();
    expect(await db.campaigns.get('c1')).toMatchObject({ state: 'scheduled', syncedRev: 2 });
  });

  it('pages through more jobs than one page holds', async () => {
    db = freshDb();
    const main = new MiniMain();
    for (let i = 0; i < 12_001; i++) main.setJob({ job: `c1-${i}`, contact: '+821012345678', phase: 'queued', attempts: 0 });
    sync = startSendingSync(db, main);
    await sync.syncAll();
    await sync.idle();
    expect(await db.recipients.count()).toBe(12_001);
    expect(main.calls.filter((c) => c === 'campaign:jobs')).toHaveLength(3);
  });

  it('stores replies once by seq, links them to the contact and the message they answer, and moves last interaction', async () => {
    db = freshDb();
    const mina = await contact('Mina', '010-1234-5678');
    const main = new MiniMain();
    main.setJob({ job: 'c1-0', ref: String(mina.id), contact: mina.phone, phase: 'accepted', attempts: 1 });
    main.inbox.push({ seq: 1, id: 'wamid.in1', from: mina.phone, type: 'text', text: 'Is it still available?', at: 5_000, optOut: 'none', campaign: 'c1', job: 'c1-0' });
    sync = startSendingSync(db, main);
    await sync.syncAll();
    await sync.idle();
    main.push('inbox:received', { last: 1 }); // the same reply announced again: stored once
    await new Promise((r) => setTimeout(r, 10));
    await sync.idle();
    expect(await db.inbox.count()).toBe(1);
    expect((await db.inbox.get(1))?.contactId).toBe(mina.id);
    expect((await db.recipients.get('c1-0'))?.repliedAt).toBe(5_000);
    expect((await db.contacts.get(mina.id))?.lastInteractionAt).toBe(5_000);
    expect(Number((await db.syncState.get('inbox.last'))?.value)).toBe(1);
  });

  it('a STOP or a user_preferences stop opts the contact out at once; nothing opts anyone back in', async () => {
    db = freshDb();
    const mina = await contact('Mina', '010-1234-5678');
    const joon = await contact('Joon', '010-2222-3333');
    const main = new MiniMain();
    sync = startSendingSync(db, main);
    main.push('contact:suppressed', { contact: mina.phone, reason: 'opted_out', at: 7_000, source: '수신거부' });
    await new Promise((r) => setTimeout(r, 10));
    await sync.idle();
    expect(await db.contacts.get(mina.id)).toMatchObject({ optInStatus: 'opted_out', optInAt: 7_000, optInSource: 'WhatsApp reply: 수신거부' });
    expect((await db.contacts.get(joon.id))?.optInStatus).toBe('opted_in');
    // An unreachable number is not an opt-out: the contact's consent record stays as it was.
    expect(await applySuppressions(db, [{ contact: joon.phone, reason: 'unreachable', at: 1 }], 2)).toBe(0);
    expect((await db.contacts.get(joon.id))?.optInStatus).toBe('opted_in');
  });

  it('a failing pull is reported, and the next event tries again', async () => {
    db = freshDb();
    const main = new MiniMain();
    main.setJob({ job: 'c1-0', contact: '+821012345678', phase: 'queued', attempts: 0 });
    const errors: string[] = [];
    const broken = Object.assign(Object.create(main) as MiniMain, {
      call: async (channel: Channel) => (channel === 'campaign:jobs' ? fail('disconnected', 'lost the core') : main.call('campaign:list')),
    });
    sync = startSendingSync(db, broken, { onStatus: (s) => s.lastError && errors.push(s.lastError) });
    await sync.syncAll();
    await sync.idle();
    expect(errors).toContain('lost the core');
    expect(await db.recipients.count()).toBe(0);
    sync.stop();
    sync = startSendingSync(db, main);
    await sync.syncAll();
    await sync.idle();
    expect(await db.recipients.count()).toBe(1);
  });

  it('storeJobs keeps the contact id only when the ref is a contact id', async () => {
    db = freshDb();
    await storeJobs(db, 'c1', [
      { job: 'c1-0', ref: '17', contact: '+821012345678', phase: 'queued', attempts: 0, at: 1, rev: 1 },
      { job: 'c1-1', contact: '+821012345679', phase: 'queued', attempts: 0, at: 1, rev: 2 },
    ]);
    expect((await db.recipients.get('c1-0'))?.contactId).toBe(17);
    expect((await db.recipients.get('c1-1'))?.contactId).toBeUndefined();
  });
});

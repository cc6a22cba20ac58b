/**
 * Customers without a visible phone number in main (issue 13 point 1): the identity book (identities.jsonl), the
 * suppression list looking under every identifier, the webhook path learning links, the inbox keeping username-only
 * senders, and the engine refusing a send to the phone of a person who said STOP under their user id. Real files in
 * a temp folder, fixed instants.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platformPolicy } from '../../shared/domain/pacing';
import { seededRandom } from '../../shared/domain/random';
import { VirtualClock } from '../../test/fakes/clock';
import { nodeJournalFs } from '../adapters/journalFs';
import { SendEngine } from './engine';
import { IdentityStore } from './identities';
import { Inbox } from './inbox';
import { Journal, type JournalRecord } from './journal';
import { SuppressionList } from './suppression';
import type { OutgoingMessage, SendResult, Transport } from './transports/types';
import { applyWebhookEvents, parseWebhookPayload, type WebhookEvent } from './webhook';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-identities-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Noon in Seoul, 2026-07-01: no quiet hours for Korean numbers. */
const NOON = Date.UTC(2026, 6, 1, 3, 0, 0);
const PHONE = '+821012345678';
const WA = PHONE.slice(1);
const UID = 'KR.1349120865530274191';
const UID2 = 'KR.8787120865530274100';

const envelope = (changes: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes }] });
/** A message from `from` (wa_id, may be absent: a username-only sender) with `user_id`. */
const message = (o: { id: string; text: string; wa?: string; uid?: string; username?: string }) => ({
  field: 'messages',
  value: {
    contacts: [{ profile: { name: 'Minji', ...(o.username ? { username: o.username } : {}) }, ...(o.wa ? { wa_id: o.wa } : {}), ...(o.uid ? { user_id: o.uid } : {}) }],
    messages: [{ id: o.id, ...(o.wa ? { from: o.wa } : {}), ...(o.uid ? { from_user_id: o.uid } : {}), timestamp: '1782874800', type: 'text', text: { body: o.text } }],
  },
});
const status = (o: { id: string; wa?: string; uid?: string }) => ({
  field: 'messages',
  value: { statuses: [{ id: o.id, status: 'delivered', timestamp: '1782874800', ...(o.wa ? { recipient_id: o.wa } : {}), ...(o.uid ? { recipient_user_id: o.uid } : {}) }] },
});
const changedUserId = (o: { id: string; from: string; to: string; wa?: string }) => ({
  field: 'messages',
  value: { messages: [{ id: o.id, ...(o.wa ? { from: o.wa } : {}), from_user_id: o.from, timestamp: '1782874800', type: 'system', system: { body: `User changed from ${o.from} to ${o.to}`, user_id: o.to, type: 'user_changed_user_id' } }] },
});
const preference = (o: { wa: string; uid?: string; value: 'stop' | 'resume' }) => ({
  field: 'user_preferences',
  value: { user_preferences: [{ wa_id: o.wa, ...(o.uid ? { user_id: o.uid } : {}), value: o.value, category: 'marketing_messages', timestamp: 1782874800 }] },
});

const events = (...changes: unknown[]): WebhookEvent[] => parseWebhookPayload(envelope(changes));
const apply = (list: SuppressionList, ...changes: unknown[]) => applyWebhookEvents(events(...changes), { suppression: list, now: () => NOON });
const load = () => SuppressionList.load(nodeJournalFs, dir);

describe('identity book (identities.jsonl)', () => {
  const cases: Array<{ name: string; steps: Array<['see', { userId?: string; waId?: string }] | ['move', { from: string; to: string }]>; expect: Record<string, string[]>; lines: number }> = [
    { name: 'a phone and a user id seen together are linked', steps: [['see', { userId: UID, waId: WA }]], expect: { [PHONE]: [UID, PHONE], [UID]: [UID, PHONE] }, lines: 1 },
    { name: 'one identifier alone writes nothing', steps: [['see', { userId: UID }], ['see', { waId: WA }]], expect: { [PHONE]: [PHONE], [UID]: [UID] }, lines: 0 },
    { name: 'the same link seen again writes nothing more', steps: [['see', { userId: UID, waId: WA }], ['see', { userId: UID, waId: WA }]], expect: { [UID]: [UID, PHONE] }, lines: 1 },
    {
      name: 'user_changed_user_id moves the link; the old id still finds the person',
      steps: [['see', { userId: UID, waId: WA }], ['move', { from: UID, to: UID2 }]],
      expect: { [PHONE]: [UID2, UID, PHONE], [UID]: [UID2, UID, PHONE], [UID2]: [UID2, UID, PHONE] },
      lines: 2,
    },
    { name: 'a move for an id nobody is linked to makes a person of both ids', steps: [['move', { from: UID, to: UID2 }]], expect: { [UID]: [UID2, UID], [UID2]: [UID2, UID] }, lines: 1 },
    { name: 'a move delivered twice changes nothing the second time', steps: [['see', { userId: UID, waId: WA }], ['move', { from: UID, to: UID2 }], ['move', { from: UID, to: UID2 }]], expect: { [PHONE]: [UID2, UID, PHONE] }, lines: 2 },
    {
      name: 'a sighting never replaces a user id (only a move does)',
      steps: [['see', { userId: UID, waId: WA }], ['see', { userId: UID2, waId: WA }]],
      expect: { [PHONE]: [UID, PHONE], [UID2]: [UID2] },
      lines: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const book = await IdentityStore.load(nodeJournalFs, dir);
      for (const [kind, arg] of c.steps) {
        if (kind === 'see') await book.see(arg, NOON);
        else await book.move(arg, NOON);
      }
      const file = join(dir, 'identities.jsonl');
      expect(existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0).toBe(c.lines);
      const reloaded = await IdentityStore.load(nodeJournalFs, dir);
      for (const [key, ids] of Object.entries(c.expect)) {
        expect(book.identifiersFor(key)).toEqual(ids);
        expect(reloaded.identifiersFor(key)).toEqual(ids);
      }
    });
  }

  it('a damaged line is quarantined and the lines before it still hold', async () => {
    const book = await IdentityStore.load(nodeJournalFs, dir);
    await book.see({ userId: UID, waId: WA }, NOON);
    appendFileSync(join(dir, 'identities.jsonl'), '{"c":"00000000","r":{"n":1,"userId":"KR.1","phone":"+821099999999","at":1}}\n');
    const reloaded = await IdentityStore.load(nodeJournalFs, dir);
    expect(reloaded.quarantined.map((q) => q.reason)).toEqual(['checksum']);
    expect(reloaded.phoneOf(UID)).toBe(PHONE);
  });
});

describe('suppression under every identifier', () => {
  it('STOP from a username-only sender suppresses the user id; the first webhook linking a phone suppresses the phone too (and after a restart)', async () => {
    const list = await load();
    await apply(list, message({ id: 'm1', text: 'STOP', uid: UID, username: 'minji' }));
    expect(list.get(UID)).toMatchObject({ contact: UID, reason: 'opted_out', source: 'STOP' });
    expect(list.has(PHONE)).toBe(false); // nobody knows the phone yet
    await apply(list, status({ id: 'wamid.1', wa: WA, uid: UID }));
    expect(list.get(PHONE)?.reason).toBe('opted_out');
    expect(list.list()).toEqual([
      { contact: UID, reason: 'opted_out', at: NOON, source: 'STOP' },
      { contact: PHONE, userId: UID, reason: 'opted_out', at: NOON, source: 'STOP' },
    ]);
    const reloaded = await load();
    expect(reloaded.has(PHONE) && reloaded.has(UID)).toBe(true);
  });

  const table: Array<{ name: string; changes: unknown[]; suppressed: string[]; allowed: string[] }> = [
    { name: 'link, then STOP by user id only', changes: [message({ id: 'a', text: 'hi', wa: WA, uid: UID }), message({ id: 'b', text: 'stop', uid: UID })], suppressed: [UID, PHONE], allowed: [UID2] },
    { name: 'STOP by phone, then a status links the user id', changes: [message({ id: 'a', text: 'STOP', wa: WA }), status({ id: 'w', wa: WA, uid: UID })], suppressed: [PHONE, UID], allowed: [UID2] },
    { name: 'STOP under the old id after the id moved', changes: [message({ id: 'a', text: 'hi', wa: WA, uid: UID }), changedUserId({ id: 's', from: UID, to: UID2 }), message({ id: 'b', text: 'STOP', uid: UID })], suppressed: [UID, UID2, PHONE], allowed: [] },
    { name: 'STOP, then the id moves: the new id is suppressed', changes: [message({ id: 'b', text: 'STOP', uid: UID }), changedUserId({ id: 's', from: UID, to: UID2 })], suppressed: [UID, UID2], allowed: [PHONE] },
    { name: 'a resume never lifts a STOP given under the user id', changes: [message({ id: 'a', text: 'STOP', uid: UID }), preference({ wa: WA, uid: UID, value: 'stop' }), preference({ wa: WA, uid: UID, value: 'resume' })], suppressed: [UID, PHONE], allowed: [] },
    { name: 'a resume lifts the platform stop under every identifier', changes: [preference({ wa: WA, uid: UID, value: 'stop' }), preference({ wa: WA, uid: UID, value: 'resume' })], suppressed: [], allowed: [PHONE, UID] },
    { name: 'another form of a Brazilian number is the same person', changes: [message({ id: 'a', text: 'STOP', wa: '5511987654321' })], suppressed: ['+5511987654321', '+551187654321'], allowed: [PHONE] },
    { name: 'a reply without an opt-out suppresses nobody', changes: [message({ id: 'a', text: 'how much?', wa: WA, uid: UID })], suppressed: [], allowed: [PHONE, UID] },
  ];
  for (const c of table) {
    it(c.name, async () => {
      const list = await load();
      for (const change of c.changes) await apply(list, change);
      for (const list2 of [list, await load()]) {
        for (const key of c.suppressed) expect(list2.has(key), `${key} suppressed`).toBe(true);
        for (const key of c.allowed) expect(list2.has(key), `${key} allowed`).toBe(false);
      }
    });
  }

  it('a person lifting the suppression by phone lifts it under the user id too', async () => {
    const list = await load();
    await apply(list, message({ id: 'a', text: 'STOP', uid: UID }), status({ id: 'w', wa: WA, uid: UID }));
    await list.remove(PHONE, NOON + 1);
    expect(list.has(PHONE) || list.has(UID)).toBe(false);
    const reloaded = await load();
    expect(reloaded.has(PHONE) || reloaded.has(UID)).toBe(false);
  });

  it('suppression lines written before user ids, and the old inbox lines, still load', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${JSON.stringify({ contact: PHONE, reason: 'opted_out', at: 1, source: 'STOP' })}\n`);
    writeFileSync(join(dir, 'inbox.jsonl'), `${JSON.stringify({ seq: 1, id: 'wamid.old', from: PHONE, type: 'text', text: 'hi', at: 5, optOut: 'none' })}\n`);
    const list = await load();
    expect(list.get(PHONE)).toEqual({ contact: PHONE, reason: 'opted_out', at: 1, source: 'STOP' });
    await apply(list, message({ id: 'x', text: 'hello', wa: WA, uid: UID }));
    expect(list.get(UID)?.contact).toBe(PHONE); // found through the link learnt now
    const inbox = await Inbox.load(nodeJournalFs, dir);
    expect(inbox.since(0, 10).messages).toEqual([{ seq: 1, id: 'wamid.old', from: PHONE, type: 'text', text: 'hi', at: 5, optOut: 'none' }]);
  });

  it('a simulated (Sandbox) event teaches the identity book nothing', async () => {
    const list = await load();
    await applyWebhookEvents(events(message({ id: 'a', text: 'hi', wa: WA, uid: UID })), { suppression: { has: (c) => list.sandboxView.get(c) !== undefined, add: (e) => list.sandboxView.add(e) }, now: () => NOON });
    expect(list.identities.phoneOf(UID)).toBeUndefined();
  });
});

describe('property: no suppressed person is ever allowed under any identifier', () => {
  interface Person {
    phone: string;
    ids: string[];
    /** Whether WhatsApp shows the number on their messages. */
    showsPhone: boolean;
    optedOut: boolean;
    platformStop: boolean;
    /** Identifiers that appeared in a webhook (what main can know). */
    known: Set<string>;
  }
  for (const seed of Array.from({ length: 20 }, (_, i) => i + 1)) {
    it(`seed ${seed}`, async () => {
      const random = seededRandom(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const people: Person[] = Array.from({ length: 4 }, (_, i) => ({ phone: `+8210${String(30_000_000 + seed * 10 + i)}`, ids: [`KR.${seed}0${i}00`], showsPhone: random() < 0.5, optedOut: false, platformStop: false, known: new Set() }));
      let list = await load();
      let n = 0;
      for (let step = 0; step < 60; step++) {
        const p = people[pick(people.length)]!;
        const uid = p.ids[p.ids.length - 1]!;
        const wa = p.phone.slice(1);
        const roll = pick(8);
        const id = `m${++n}`;
        let change: unknown;
        if (roll === 0) {
          change = status({ id: `wamid.${n}`, wa, uid });
          p.known.add(p.phone).add(uid);
        } else if (roll === 1) {
          const to = `KR.${seed}9${n}`;
          change = changedUserId({ id, from: uid, to, ...(p.showsPhone ? { wa } : {}) });
          p.ids.push(to);
          p.known.add(uid).add(to);
        } else if (roll === 2 || roll === 3) {
          const old = random() < 0.3 ? p.ids[pick(p.ids.length)]! : uid; // a late message under a former id
          change = message({ id, text: roll === 2 ? 'STOP' : 'hello', uid: old, ...(p.showsPhone ? { wa } : {}) });
          if (roll === 2) p.optedOut = true;
          p.known.add(old);
          if (p.showsPhone) p.known.add(p.phone);
        } else if (roll === 4) {
          change = preference({ wa, uid, value: 'stop' });
          p.platformStop = true;
          p.known.add(p.phone).add(uid);
        } else if (roll === 5) {
          change = preference({ wa, uid, value: 'resume' });
          p.platformStop = false;
          p.known.add(p.phone).add(uid);
        } else if (roll === 6) {
          p.showsPhone = !p.showsPhone;
          continue;
        } else {
          list = await load(); // a restart
          continue;
        }
        await apply(list, change);
        for (const q of people) {
          // Every event here carries a user id, so each identifier main has seen is linked to the person's others.
          for (const key of q.known) expect(list.has(key), `step ${step}: ${key} of a person who ${q.optedOut || q.platformStop ? 'stopped' : 'did not'}`).toBe(q.optedOut || q.platformStop);
        }
      }
    });
  }
});

describe('inbox: senders without a visible number', () => {
  it('keeps a username-only message with its user id and username, and its service window by user id', async () => {
    const inbox = await Inbox.load(nodeJournalFs, dir);
    await inbox.add({ id: 'wamid.u', from: UID, userId: UID, username: '@minji', type: 'text', text: 'hi', at: NOON, optOut: 'none' });
    await inbox.add({ id: 'wamid.p', from: PHONE, userId: UID2, type: 'text', text: 'hi', at: NOON, optOut: 'none' });
    const reloaded = await Inbox.load(nodeJournalFs, dir);
    expect(reloaded.since(0, 10).messages[0]).toEqual({ seq: 1, id: 'wamid.u', from: UID, userId: UID, username: '@minji', type: 'text', text: 'hi', at: NOON, optOut: 'none' });
    expect(reloaded.wroteWithin(UID, 60_000, NOON + 1)).toBe(true);
    expect(reloaded.wroteWithin(UID2, 60_000, NOON + 1)).toBe(true);
    expect(reloaded.wroteWithin('+821000000000', 60_000, NOON + 1)).toBe(false);
  });
});

describe('engine', () => {
  class Recorder implements Transport {
    readonly channel = 'sandbox';
    readonly to: string[] = [];
    async send(m: OutgoingMessage): Promise<SendResult> {
      this.to.push(m.to);
      return { kind: 'accepted', wamid: `wamid.${this.to.length}` };
    }
  }

  it('refuses a send to the phone of a person who said STOP under their user id, once the two are linked', async () => {
    const opened = await Journal.open(nodeJournalFs, join(dir, 'journal.jsonl'), () => NOON);
    const other = '+821087654321';
    const records: JournalRecord[] = [{ t: 'campaign', id: 'c1', spec: { text: 'Hi' }, at: NOON }, { t: 'job', job: 'j0', contact: PHONE }, { t: 'job', job: 'j1', contact: other }];
    await opened.journal.appendAll(records);
    const list = await load();
    await apply(list, message({ id: 'a', text: 'STOP', uid: UID }), message({ id: 'b', text: 'thanks', wa: WA, uid: UID }));
    const t = new Recorder();
    const engine = new SendEngine({
      journal: opened.journal,
      replay: opened.replay,
      transport: t,
      policy: { ...platformPolicy('Asia/Seoul', null), ratePerSecond: 50 },
      clock: new VirtualClock(NOON),
      random: () => 0.5,
      suppression: list,
      content: () => ({ kind: 'text', body: 'Hi' }),
      promotional: true,
      maxInFlight: 2,
    });
    await engine.run();
    expect(t.to).toEqual([other]);
    expect(engine.counts()).toMatchObject({ accepted: 1, skipped: 1 });
  });
});

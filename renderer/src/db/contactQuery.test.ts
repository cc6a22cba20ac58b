import { describe, expect, it } from 'vitest';
import { addContact } from './contacts';
import { EMPTY_QUERY, previewContactIds, queryContactIds, type ContactQuery } from './contactQuery';
import { createLabel } from './labels';
import { freshDb } from './testDb';

async function seed() {
  const db = freshDb();
  const vip = await createLabel(db, 'VIP');
  const event = await createLabel(db, 'Event');
  if (!vip.ok || !event.ok) throw new Error('setup');
  const rows = [
    { name: '김민지', phone: '010-1234-5678', labelIds: [vip.label.id], optInStatus: 'opted_in', lastInteractionAt: 3_000 },
    { name: 'Alice Kim', phone: '010-2222-3333', labelIds: [vip.label.id, event.label.id], optInStatus: 'unknown', lastInteractionAt: 9_000 },
    { name: '', phone: '+886 912 345 678', labelIds: [event.label.id], optInStatus: 'opted_out' },
    { name: 'bob', phone: '02-123-4567', labelIds: [], optInStatus: 'opted_in', lastInteractionAt: 5_000 },
  ];
  const names: Record<number, string> = {};
  let t = 1_000;
  for (const row of rows) {
    t += 1_000;
    const created = t;
    const r = await addContact(db, row, { defaultCountry: 'KR', now: () => created });
    if (!r.ok) throw new Error(JSON.stringify(r));
    names[r.contact.id] = r.contact.name || '(no name)';
  }
  return { db, vip: vip.label.id, event: event.label.id, names };
}

describe('the contacts list query', () => {
  const cases: Array<[string, (l: { vip: number; event: number }) => Partial<ContactQuery>, string[]]> = [
    ['sorts by name, case-insensitively, nameless last', () => ({}), ['Alice Kim', 'bob', '김민지', '(no name)']],
    ['sorts by last interaction, most recent first', () => ({ sort: 'lastInteraction' }), ['Alice Kim', 'bob', '김민지', '(no name)']],
    ['sorts by creation, newest first', () => ({ sort: 'created' }), ['bob', '(no name)', 'Alice Kim', '김민지']],
    ['finds by the last group of the number', () => ({ text: '5678' }), ['김민지']],
    ['finds by the start of any group, in every number that has it', () => ({ text: '1234' }), ['bob', '김민지']],
    ['finds by the number in another format', () => ({ text: '+82 10-1234' }), ['김민지']],
    ['finds by the given name of a Korean name', () => ({ text: '민지' }), ['김민지']],
    ['finds by a word of the name, any case', () => ({ text: 'KIM' }), ['Alice Kim']],
    ['filters by a label', (l) => ({ labelIds: [l.vip] }), ['Alice Kim', '김민지']],
    ['filters by any of several labels', (l) => ({ labelIds: [l.vip, l.event] }), ['Alice Kim', '김민지', '(no name)']],
    ['filters by all of several labels', (l) => ({ labelIds: [l.vip, l.event], labelMatch: 'all' }), ['Alice Kim']],
    ['filters by opt-in status', () => ({ optIn: 'opted_in' }), ['bob', '김민지']],
    ['combines filters', (l) => ({ optIn: 'opted_in', labelIds: [l.vip] }), ['김민지']],
    ['finds nothing for an unknown name', () => ({ text: 'zzz' }), []],
  ];
  it.each(cases)('%s', async (_, make, expected) => {
    const { db, vip, event, names } = await seed();
    const ids = await queryContactIds(db, { ...EMPTY_QUERY, ...make({ vip, event }) });
    expect(ids.map((id) => names[id])).toEqual(expected);
  });
});

describe('the cached list order', () => {
  it('sees a contact added after the order was cached', async () => {
    const { db } = await seed();
    const before = await queryContactIds(db, EMPTY_QUERY);
    const added = await addContact(db, { name: 'Aaron', phone: '010-9999-8888' }, { defaultCountry: 'KR' });
    const after = await queryContactIds(db, EMPTY_QUERY);
    expect(after).toEqual([added.ok && added.contact.id, ...before]);
  });

  it('filters over the cached order and matches the uncached answer', async () => {
    const { db, vip } = await seed();
    const q = { ...EMPTY_QUERY, labelIds: [vip], sort: 'created' as const };
    const cold = await queryContactIds(db, q);
    await queryContactIds(db, { ...EMPTY_QUERY, sort: 'created' });
    expect(await queryContactIds(db, q)).toEqual(cold);
  });

  it('previews the first rows until the whole order is cached', async () => {
    const { db, names } = await seed();
    const preview = await previewContactIds(db, 'lastInteraction', 2);
    expect(preview?.map((id) => names[id])).toEqual(['Alice Kim', 'bob']);
    await queryContactIds(db, { ...EMPTY_QUERY, sort: 'lastInteraction' });
    expect(await previewContactIds(db, 'lastInteraction', 2)).toBeUndefined();
  });
});

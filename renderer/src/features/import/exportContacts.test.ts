import { describe, expect, it } from 'vitest';
import { addContact } from '../../db/contacts';
import { createLabel } from '../../db/labels';
import { freshDb } from '../../db/testDb';
import { exportContacts } from './exportContacts';

async function shop() {
  const db = freshDb();
  const vip = await createLabel(db, 'VIP');
  await addContact(db, { name: '김철수', phone: '010-1111-2222', labelIds: [vip.ok ? vip.label.id : 0] }, { defaultCountry: 'KR' });
  const ben = await addContact(db, { name: 'Ben', phone: '+14155550132' }, { defaultCountry: 'KR' });
  return { db, benId: ben.ok ? ben.contact.id : 0 };
}

describe('exportContacts', () => {
  it('exports every contact with label names, sorted by name', async () => {
    const { db } = await shop();
    const text = await (await exportContacts(db, 'all', 'csv', 'Asia/Seoul')).text();
    expect(text.split('\r\n').slice(1, 3)).toEqual(['Ben,"\t+14155550132",,unknown,,,,,,,,,', '김철수,"\t+821011112222",VIP,unknown,,,,,,,,,']);
  });

  it('exports only the contacts asked for', async () => {
    const { db, benId } = await shop();
    const text = await (await exportContacts(db, [benId], 'csv')).text();
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('writes the last interaction in the zone it is given, not in UTC', async () => {
    const db = freshDb();
    const added = await addContact(db, { name: 'Dana', phone: '+14155550133' }, { defaultCountry: 'KR' });
    if (added.ok) await db.contacts.update(added.contact.id, { lastInteractionAt: Date.UTC(2025, 5, 30, 23, 30) });
    const line = (await (await exportContacts(db, 'all', 'csv', 'Asia/Seoul')).text()).split('\r\n')[1];
    expect(line?.endsWith(',2025-07-01 08:30,,,,,')).toBe(true);
  });

  it('writes the WhatsApp user id and username of a contact that has them', async () => {
    const { db, benId } = await shop();
    await db.contacts.update(benId, { userId: 'US.998877', username: '@ben' });
    const lines = (await (await exportContacts(db, 'all', 'csv', 'UTC')).text()).split('\r\n');
    expect(lines[0]?.endsWith(',user_id,username')).toBe(true);
    expect(lines[1]?.endsWith(",US.998877,'@ben")).toBe(true);
    expect(lines[2]?.endsWith(',,')).toBe(true);
  });

  it('makes an XLSX file', async () => {
    const { db } = await shop();
    const bytes = new Uint8Array(await (await exportContacts(db, 'all', 'xlsx')).arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });
});

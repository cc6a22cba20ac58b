import { describe, expect, it } from 'vitest';
import { storeJobs } from './sendingCopy';
import { checkOwnPhone, loadOwnPhone, OWN_PHONE_KEY, OWN_PHONE_REF, saveOwnPhone } from './ownPhone';
import { freshDb } from './testDb';

describe('own phone number', () => {
  it.each([
    ['010-1234-5678', 'KR', '+821012345678'],
    ['01012345678', 'KR', '+821012345678'],
    ['+82 10 1234 5678', 'US', '+821012345678'],
    ['０１０-１２３４-５６７８', 'KR', '+821012345678'],
    ['0912 345 678', 'TW', '+886912345678'],
  ] as const)('reads %j with default country %s as %s', (raw, country, e164) => {
    expect(checkOwnPhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['phone', 'not_a_number'],
    ['010', 'too_short'],
    ['010-1234', 'invalid'],
    ['8.21012E+11', 'excel_scientific'],
  ] as const)('refuses %j as %s', (raw, reason) => {
    expect(checkOwnPhone(raw, 'KR')).toEqual({ ok: false, reason });
  });

  it('is remembered in E.164 and read back', async () => {
    const db = freshDb();
    expect(await loadOwnPhone(db)).toBeUndefined();
    expect(await saveOwnPhone(db, '010-1234-5678', 'KR')).toEqual({ ok: true, e164: '+821012345678' });
    expect(await loadOwnPhone(db)).toBe('+821012345678');
    expect(await db.syncState.get(OWN_PHONE_KEY)).toEqual({ key: OWN_PHONE_KEY, value: '+821012345678' });
  });

  it('keeps the saved number when an invalid one is offered', async () => {
    const db = freshDb();
    await saveOwnPhone(db, '010-1234-5678', 'KR');
    expect((await saveOwnPhone(db, '12', 'KR')).ok).toBe(false);
    expect(await loadOwnPhone(db)).toBe('+821012345678');
  });

  it('is never a contact', async () => {
    const db = freshDb();
    await saveOwnPhone(db, '010-1234-5678', 'KR');
    expect(await db.contacts.count()).toBe(0);
  });

  it('ignores a stored row that is not a number', async () => {
    const db = freshDb();
    await db.syncState.put({ key: OWN_PHONE_KEY, value: 42 });
    expect(await loadOwnPhone(db)).toBeUndefined();
    await db.syncState.put({ key: OWN_PHONE_KEY, value: '010-1234' });
    expect(await loadOwnPhone(db)).toBeUndefined();
  });

  it('a test job to the own phone is tied to no contact, even one with the same number', async () => {
    const db = freshDb();
    const job = { job: 'j1', contact: '+821012345678', phase: 'accepted', attempts: 1, at: 1_000, rev: 1 } as const;
    await storeJobs(db, 'own', [{ ...job, ref: OWN_PHONE_REF }], 'Asia/Seoul');
    await storeJobs(db, 'random', [{ ...job, job: 'j2', ref: '7' }], 'Asia/Seoul');
    expect((await db.recipients.get('j1'))?.contactId).toBeUndefined();
    // The same path with a contact id as the ref does tie it, so the line above is about the ref.
    expect((await db.recipients.get('j2'))?.contactId).toBe(7);
    expect(await db.contacts.count()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createLabel, recolorLabel, renameLabel, nextLabelColor } from './labels';
import { freshDb } from './testDb';

describe('labels', () => {
  it('refuses a second label that differs only in case or spacing', async () => {
    const db = freshDb();
    await createLabel(db, 'VIP');
    const r = await createLabel(db, '  vip ');
    expect(r.ok ? 'ok' : r.kind).toBe('duplicate');
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['x'.repeat(41), 'too_long'],
  ])('refuses the name %j as %s', async (name, kind) => {
    const r = await createLabel(freshDb(), name);
    expect(r.ok ? 'ok' : r.kind).toBe(kind);
  });

  it('renames, but not onto another label’s name', async () => {
    const db = freshDb();
    const a = await createLabel(db, 'A');
    await createLabel(db, 'B');
    if (!a.ok) throw new Error('setup');
    expect((await renameLabel(db, a.label.id, 'b')).ok).toBe(false);
    const r = await renameLabel(db, a.label.id, '단골');
    expect(r.ok && r.label.name).toBe('단골');
  });

  it('recolours with known colours only', async () => {
    const db = freshDb();
    const a = await createLabel(db, 'A', 'green');
    if (!a.ok) throw new Error('setup');
    expect((await recolorLabel(db, a.label.id, 'red')).ok).toBe(true);
    // A value from outside the palette, as it could arrive from a tampered form.
    expect(await recolorLabel(db, a.label.id, 'chartreuse' as 'red')).toEqual({ ok: false, kind: 'bad_color' });
  });

  it('gives a new label the least used colour', async () => {
    const db = freshDb();
    await createLabel(db, 'A', 'green');
    expect(await nextLabelColor(db)).not.toBe('green');
  });
});

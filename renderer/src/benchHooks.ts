/**
 * Benchmark hooks, compiled in only by `vite build --mode bench` (main.tsx imports this file behind an
 * `import.meta.env.MODE === 'bench'` check, which the normal build removes). They seed and time the real database
 * code in real Chromium IndexedDB; test/bench/contacts.bench.mjs drives them.
 */
import { withDerived } from './db/contacts';
import { queryContactIds, EMPTY_QUERY, type ContactQuery } from './db/contactQuery';
import { getDb, LABEL_COLORS, type ContactRecord, type LabelRecord } from './db/db';
import type { OptInStatus } from '../../shared/domain/contact';
import { seededRandom } from '../../shared/domain/random';

const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const GIVEN = ['민지', '서준', '하은', '도윤', '지우', '예준', '수아', '시우', '지호', '서연', '하준', '유나', '주원', '채원', '지안'];
const LATIN = ['Alice', 'Brian', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Henry', 'Iris', 'Jack', 'Mei', 'Wei', 'Yuki'];
const SURNAMES = ['Kim', 'Lee', 'Park', 'Chen', 'Wang', 'Lin', 'Smith', 'Tanaka', 'Nguyen', 'Garcia'];

async function seed(count: number, labelCount = 12): Promise<{ contacts: number; labels: number[]; ms: number }> {
  const db = getDb();
  const started = performance.now();
  await db.transaction('rw', db.contacts, db.labels, db.trash, async () => {
    await Promise.all([db.contacts.clear(), db.labels.clear(), db.trash.clear()]);
  });
  const now = Date.now();
  const labels: LabelRecord[] = Array.from({ length: labelCount }, (_, i) => ({
    id: i + 1,
    name: `라벨 ${i + 1}`,
    nameKey: `라벨 ${i + 1}`,
    color: LABEL_COLORS[i % LABEL_COLORS.length]!, // index reduced modulo the palette length
    createdAt: now,
    updatedAt: now,
  }));
  await db.labels.bulkAdd(labels);
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!; // index < length
  const statuses: OptInStatus[] = ['opted_in', 'opted_in', 'opted_in', 'unknown', 'opted_out'];
  const CHUNK = 10_000;
  for (let start = 0; start < count; start += CHUNK) {
    const chunk: ContactRecord[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const korean = random() < 0.7;
      const name = korean ? pick(FAMILY) + pick(GIVEN) : `${pick(LATIN)} ${pick(SURNAMES)}`;
      // Unique Korean mobile numbers 010-XXXX-XXXX derived from the index.
      const n = String(10_000_000 + i * 37 + Math.floor(random() * 37)).padStart(8, '0').slice(-8);
      const labelIds = labels.filter(() => random() < 0.13).map((l) => l.id);
      const created = now - Math.floor(random() * 400 * 86_400_000);
      chunk.push(
        withDerived(
          {
            name,
            phone: `+8210${n}`,
            labelIds,
            optInStatus: pick(statuses),
            optInSource: 'imported',
            optInAt: created,
            notes: '',
            lastInteractionAt: random() < 0.8 ? created + Math.floor(random() * 30 * 86_400_000) : null,
          },
          { id: i + 1, createdAt: created, updatedAt: created },
        ),
      );
    }
    await db.contacts.bulkAdd(chunk);
  }
  return { contacts: await db.contacts.count(), labels: labels.map((l) => l.id), ms: performance.now() - started };
}

async function timeQuery(partial: Partial<ContactQuery>): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const ids = await queryContactIds(getDb(), { ...EMPTY_QUERY, ...partial });
  return { ms: performance.now() - started, count: ids.length };
}

declare global {
  interface Window {
    __shopcastBench?: { seed: typeof seed; timeQuery: typeof timeQuery };
  }
}

window.__shopcastBench = { seed, timeQuery };

/** A fresh database per test, on fake-indexeddb (correctness only; speed is measured in real Chromium). */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { ShopcastDB } from './db';

let n = 0;
// Each vitest file runs in its own process, so a counter is enough to keep databases apart.
export function freshDb(): ShopcastDB {
  n += 1;
  return new ShopcastDB(`test-${n}`, { indexedDB, IDBKeyRange });
}

// The database store behind the shared rate limits (R-RATE-1), through the Store interface that
// express-rate-limit calls: concurrent hits are all counted, a window ends and restarts by the
// store's clock, a decrement takes back one hit and never goes below zero.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Options } from 'express-rate-limit';
import { DatabaseRateLimitStore } from '../../src/auth/rate-limit-store.ts';
import { testDatabase, type TestDatabase } from '../support/database.ts';
import { TestClock } from '../support/setup.ts';

let db: TestDatabase;
let clock: TestClock;
let store: DatabaseRateLimitStore;
const WINDOW_MS = 60_000;

before(async () => {
  db = await testDatabase();
  clock = new TestClock();
  const provider = db.url.startsWith('postgres') ? 'postgresql' : 'sqlite';
  store = new DatabaseRateLimitStore({ prisma: db.prisma, provider }, 'test:', clock.now);
  store.init({ windowMs: WINDOW_MS } as Options);
});
after(() => db.close());

test('R-RATE-1: 50 concurrent hits on one key are each counted once, in one row', async () => {
  const totals = (await Promise.all(Array.from({ length: 50 }, () => store.increment('burst')))).map((info) => info.totalHits).sort((a, b) => a - b);
  assert.deepEqual(totals, Array.from({ length: 50 }, (_, i) => i + 1));
  assert.equal((await store.get('burst'))?.totalHits, 50);
  assert.equal(await db.prisma.rateLimitCounter.count({ where: { key: 'test:burst' } }), 1);
});

test('R-RATE-1: a window ends by the clock and the next hit starts a new one', async () => {
  const first = await store.increment('window');
  await store.increment('window');
  assert.equal(first.resetTime?.getTime(), clock.now().getTime() + WINDOW_MS);
  clock.advance(WINDOW_MS);
  assert.equal(await store.get('window'), undefined, 'an ended window counts nothing');
  const restarted = await store.increment('window');
  assert.equal(restarted.totalHits, 1);
  assert.equal(restarted.resetTime?.getTime(), clock.now().getTime() + WINDOW_MS);
});

test('R-RATE-1: a decrement takes back one hit, never below zero; resetKey forgets the key', async () => {
  await store.increment('taken-back');
  await store.decrement('taken-back');
  await store.decrement('taken-back');
  assert.equal((await store.get('taken-back'))?.totalHits, 0);
  await store.resetKey('taken-back');
  assert.equal(await db.prisma.rateLimitCounter.count({ where: { key: 'test:taken-back' } }), 0);
});

test('R-RATE-1: rows of ended windows are deleted as hits go on', async () => {
  await store.increment('stale');
  clock.advance(2 * WINDOW_MS);
  await store.increment('fresh');
  // The prune runs beside the hit that triggered it; wait for the row to go, not for a time.
  for (let round = 0; round < 200 && (await db.prisma.rateLimitCounter.count({ where: { key: 'test:stale' } })) > 0; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(await db.prisma.rateLimitCounter.count({ where: { key: 'test:stale' } }), 0);
});

// Transactions are isolated from concurrent requests on both databases: a query made while
// another request's transaction is open neither sees its uncommitted rows nor is rolled back with it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
before(async () => {
  db = await testDatabase();
});
after(() => db.close());

test('a write made outside a failing transaction survives it, and its uncommitted rows stay invisible', async () => {
  const { prisma } = db;
  let inside!: () => void;
  const written = new Promise<void>((resolve) => (inside = resolve));
  let finish!: () => void;
  const mayFinish = new Promise<void>((resolve) => (finish = resolve));

  const failing = prisma
    .$transaction(async (tx) => {
      await tx.organization.create({ data: { name: 'uncommitted' } });
      inside();
      await mayFinish;
      throw new Error('roll back');
    })
    .catch((error: Error) => error.message);

  await written;
  // Another request, while that transaction is open (`.then` starts a Prisma query; it is lazy).
  const outside = prisma.organization.create({ data: { name: 'committed' } }).then((row) => row);
  const seen = prisma.organization.findMany({ select: { name: true } }).then((rows) => rows);
  await new Promise((resolve) => setTimeout(resolve, 50));
  finish();
  assert.equal(await failing, 'roll back');
  await outside;
  // The concurrent read may run before or after the concurrent write, never inside the transaction.
  assert.ok(!(await seen).some((row) => row.name === 'uncommitted'), 'uncommitted rows are invisible');
  assert.deepEqual((await prisma.organization.findMany({ select: { name: true } })).map((row) => row.name), ['committed']);
});

// The host's own migrations beside Gatehouse's (migrateHostModels), and the ledger that records
// both: what runs, what is recorded, what is refused. On the suite's database (SQLite, or a
// PostgreSQL schema with TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { migrate, migrateHostModels } from '../../src/db/migrate.ts';
import { openPrisma } from '../../src/db/client.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { freshDatabase } from '../support/database-url.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-host-migrations-'));
const drops: (() => Promise<void>)[] = [];
after(async () => {
  for (const drop of drops) await drop();
  rmSync(dir, { recursive: true, force: true });
});

function database(name: string): string {
  mkdirSync(join(dir, name));
  const location = freshDatabase(join(dir, name));
  drops.push(() => location.drop());
  return location.url;
}

function folderWith(name: string, files: Record<string, string>): string {
  const folder = join(dir, name);
  for (const [file, sql] of Object.entries(files)) {
    mkdirSync(join(folder, file, '..'), { recursive: true });
    writeFileSync(join(folder, file), sql);
  }
  return folder;
}

async function query<T>(url: string, work: (prisma: ReturnType<typeof openPrisma>) => Promise<T>): Promise<T> {
  const prisma = openPrisma(parseDatabaseUrl(url));
  try {
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

/** A table's name for raw SQL: Prisma's PostgreSQL adapter qualifies only its model queries with the schema. */
function table(url: string, name: string): string {
  const target = parseDatabaseUrl(url);
  return target.provider === 'postgresql' ? `"${target.schema}"."${name}"` : `"${name}"`;
}

const ledger = (url: string) =>
  query(url, async (prisma) => (await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM ${table(url, '_gatehouse_migrations')} ORDER BY "name"`)).map((row) => row.name));

test('host migrations run once, in name order, recorded beside Gatehouse\'s as host:<name>', async () => {
  const url = database('order');
  const folder = folderWith('order-migrations', {
    '002_note.sql': 'ALTER TABLE "Ticket" ADD COLUMN "note" TEXT;',
    '001_ticket.sql': 'CREATE TABLE "Ticket" ("id" TEXT NOT NULL PRIMARY KEY, "organizationId" TEXT NOT NULL);',
  });
  assert.deepEqual(await migrateHostModels(url, { folder }), ['001_ticket', '002_note']);
  assert.deepEqual(await migrateHostModels(url, { folder }), []);
  const ours = await migrate(url);
  assert.ok(ours.length >= 1, 'Gatehouse migrates a database that already holds host tables');
  const names = await ledger(url);
  assert.deepEqual(names.filter((name) => name.startsWith('host:')), ['host:001_ticket', 'host:002_note']);
  assert.deepEqual(names.filter((name) => !name.startsWith('host:')), ours);
  await query(url, (prisma) => prisma.$executeRawUnsafe(`INSERT INTO ${table(url, 'Ticket')} ("id", "organizationId", "note") VALUES ('t1', 'o1', 'ok')`));
});

test('a per-provider folder gives the SQL of the database in use', async () => {
  const url = database('providers');
  const provider = parseDatabaseUrl(url).provider;
  const folder = folderWith('provider-migrations', {
    [`001_widget/${provider}.sql`]: 'CREATE TABLE "Widget" ("id" TEXT NOT NULL PRIMARY KEY);',
    [`001_widget/${provider === 'sqlite' ? 'postgresql' : 'sqlite'}.sql`]: 'THIS IS NOT SQL;',
  });
  assert.deepEqual(await migrateHostModels(url, { folder }), ['001_widget']);
});

test('a failing host migration leaves neither its changes nor a ledger row', async () => {
  const url = database('failing');
  const folder = folderWith('failing-migrations', {
    '001_half.sql': 'CREATE TABLE "Half" ("id" TEXT NOT NULL PRIMARY KEY);\nCREATE TABLE "Half" ("id" TEXT);',
  });
  await assert.rejects(migrateHostModels(url, { folder }));
  assert.deepEqual(await ledger(url), []);
  // Nothing of the failed migration remains: once fixed, it applies from the start.
  writeFileSync(join(folder, '001_half.sql'), 'CREATE TABLE "Half" ("id" TEXT NOT NULL PRIMARY KEY);');
  assert.deepEqual(await migrateHostModels(url, { folder }), ['001_half']);
});

test('baseline: an existing app\'s tables are recorded as migrated up to the baseline, later migrations run', async () => {
  const url = database('baseline');
  const existing = folderWith('existing-app', { '001_ticket.sql': 'CREATE TABLE "Ticket" ("id" TEXT NOT NULL PRIMARY KEY);' });
  await migrateHostModels(url, { folder: existing });
  await query(url, (prisma) => prisma.$executeRawUnsafe(`DELETE FROM ${table(url, '_gatehouse_migrations')}`));
  writeFileSync(join(existing, '002_note.sql'), 'ALTER TABLE "Ticket" ADD COLUMN "note" TEXT;');
  await assert.rejects(migrateHostModels(url, { folder: existing, baseline: '009_missing' }), /baseline "009_missing" is not a migration/);
  assert.deepEqual(await migrateHostModels(url, { folder: existing, baseline: '001_ticket' }), ['002_note']);
  assert.deepEqual(await ledger(url), ['host:001_ticket', 'host:002_note']);
});

test('Gatehouse\'s tables made by another tool (empty ledger) are refused with an explanation, not "already exists"', async () => {
  const url = database('foreign');
  await migrate(url);
  await query(url, (prisma) => prisma.$executeRawUnsafe(`DELETE FROM ${table(url, '_gatehouse_migrations')}`));
  await assert.rejects(migrate(url), /already exist in this database, but its migration ledger/);
});

test('a migration name that is not a plain file name is refused before anything runs', async () => {
  const url = database('names');
  const folder = folderWith('bad-names', { "001_it's.sql": 'CREATE TABLE "Nope" ("id" TEXT);' });
  await assert.rejects(migrateHostModels(url, { folder }), /not a usable migration name/);
  await migrate(url);
  assert.deepEqual((await ledger(url)).filter((name) => name.startsWith('host:')), []);
});

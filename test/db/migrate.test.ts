import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, migrationsDir } from '../../src/db/migrate.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { readdirSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the migrations apply on an empty database, then there is nothing left to apply', async () => {
  const target = parseDatabaseUrl(`file:${join(dir, 'fresh.db')}`);
  const all = readdirSync(migrationsDir).filter((name) => /^\d{14}_/.test(name));
  assert.ok(all.length >= 1);
  assert.deepEqual(await migrate(target), all.sort());
  assert.deepEqual(await migrate(target), []);

  const db = new BetterSqlite3(join(dir, 'fresh.db'), { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  db.close();
  for (const table of ['Organization', 'User', 'Membership', 'Role', 'PermissionPolicy', 'PolicyGrant', 'RolePolicy', 'Invitation', 'PasswordResetToken', 'EmailOtpChallenge', 'PasswordHistory', 'ApiKey', 'AuditEvent', 'Session', 'OutboxMessage']) {
    assert.ok(tables.includes(table), `table ${table} exists`);
  }
});

test('a SQLite file in a folder that does not exist yet is created on first run', async () => {
  const target = parseDatabaseUrl(`file:${join(dir, 'nested', 'deeper', 'gatehouse.db')}`);
  assert.ok((await migrate(target)).length >= 1);
});

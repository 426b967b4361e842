// The smallest connection both databases offer the migrator: a ledger of applied migration
// names, and "run this SQL and record its name" as one transaction, so that a crash between the
// two can never leave a migration applied but unrecorded (the next start would fail on it).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadSqliteAdapter } from './optional-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

/**
 * Gatehouse's ledger. Declared as a model in gatehouse.prisma (with this exact shape), so that a
 * host's Prisma tools see it as part of the schema and never drop it.
 */
export const LEDGER = '_gatehouse_migrations';

export interface MigrationConnection {
  appliedNames(): Promise<string[]>;
  tableExists(table: string): Promise<boolean>;
  /** Runs the SQL and records the name in one transaction. */
  apply(name: string, sql: string): Promise<void>;
  /** Records the name without running anything (a baseline). */
  record(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Names are ours or the host's file names, checked before use; quoting them is then enough. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

async function sqliteConnection(file: string): Promise<MigrationConnection> {
  const PrismaBetterSQLite3 = await loadSqliteAdapter();
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = await new PrismaBetterSQLite3({ url: `file:${file}` }).connect();
  // WAL lets readers go on while one writer writes. journal_mode is stored in the file, so every
  // later connection (the app's) inherits it.
  await db.executeScript(`PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS "${LEDGER}" ("name" TEXT NOT NULL PRIMARY KEY, "applied_at" TEXT NOT NULL)`);
  const rows = async (sql: string) => (await db.queryRaw({ sql, args: [], argTypes: [] })).rows;
  const recordSql = (name: string) => `INSERT INTO "${LEDGER}" ("name", "applied_at") VALUES (${literal(name)}, ${literal(new Date().toISOString())})`;
  return {
    async appliedNames() {
      return (await rows(`SELECT "name" FROM "${LEDGER}" ORDER BY "name"`)).map((row) => String(row[0]));
    },
    async tableExists(table) {
      return (await rows(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${literal(table)}`)).length > 0;
    },
    async apply(name, sql) {
      try {
        await db.executeScript(`BEGIN;\n${sql}\n;${recordSql(name)};\nCOMMIT;`);
      } catch (error) {
        // A failed statement leaves the transaction open; nothing of it is kept.
        await db.executeScript('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    async record(name) {
      await db.executeScript(recordSql(name));
    },
    async close() {
      await db.dispose();
    },
  };
}

async function postgresConnection(connectionString: string, schema: string): Promise<MigrationConnection> {
  // pg is loaded only for PostgreSQL: a SQLite deployment does not carry its memory (about 6 MiB).
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  await client.connect();
  const lock = `gatehouse-migrate:${schema}`;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    // Several app instances may start at once against one database: only one migrates at a time.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${LEDGER}" ("name" TEXT NOT NULL PRIMARY KEY, "applied_at" TEXT NOT NULL)`);
  } catch (error) {
    await client.end();
    throw error;
  }
  const record = (name: string) => client.query(`INSERT INTO "${LEDGER}" ("name", "applied_at") VALUES ($1, $2)`, [name, new Date().toISOString()]);
  return {
    async appliedNames() {
      const result = await client.query<{ name: string }>(`SELECT "name" FROM "${LEDGER}" ORDER BY "name"`);
      return result.rows.map((row) => row.name);
    },
    async tableExists(table) {
      const result = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, table]);
      return result.rowCount !== null && result.rowCount > 0;
    },
    async apply(name, sql) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await record(name);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async record(name) {
      await record(name);
    },
    async close() {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
      } finally {
        await client.end();
      }
    },
  };
}

export function openMigrationConnection(target: DatabaseTarget): Promise<MigrationConnection> {
  return target.provider === 'sqlite' ? sqliteConnection(target.file) : postgresConnection(target.connectionString, target.schema);
}

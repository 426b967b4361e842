// Applies the committed migrations (prisma/migrations/<stamp>_<name>/<provider>.sql) with umzug,
// straight through better-sqlite3 or pg: the Prisma CLI's `migrate deploy` cannot read a
// PostgreSQL catalogue with the JavaScript engine (STACK.md), and spawning it is slow anyway.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import type { DatabaseTarget } from './url.ts';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations');

/** The smallest connection both databases can offer the migrator. */
interface MigrationConnection {
  exec(sql: string): Promise<void>;
  appliedNames(): Promise<string[]>;
  record(name: string): Promise<void>;
  forget(name: string): Promise<void>;
  close(): Promise<void>;
}

const TABLE = '_gatehouse_migrations';

function sqliteConnection(file: string): MigrationConnection {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  // WAL lets readers go on while one writer writes; the busy timeout makes concurrent writers wait
  // instead of failing. journal_mode is stored in the file, so the Prisma connection inherits it.
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  return {
    async exec(sql) {
      db.transaction(() => db.exec(sql))();
    },
    async appliedNames() {
      return db.prepare(`SELECT name FROM "${TABLE}" ORDER BY name`).pluck().all() as string[];
    },
    async record(name) {
      db.prepare(`INSERT INTO "${TABLE}" (name, applied_at) VALUES (?, ?)`).run(name, new Date().toISOString());
    },
    async forget(name) {
      db.prepare(`DELETE FROM "${TABLE}" WHERE name = ?`).run(name);
    },
    async close() {
      db.close();
    },
  };
}

async function postgresConnection(connectionString: string, schema: string): Promise<MigrationConnection> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  // Several app instances may start at once against one database: only one migrates at a time.
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`gatehouse-migrate:${schema}`]);
  await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  return {
    async exec(sql) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async appliedNames() {
      const result = await client.query<{ name: string }>(`SELECT name FROM "${TABLE}" ORDER BY name`);
      return result.rows.map((row) => row.name);
    },
    async record(name) {
      await client.query(`INSERT INTO "${TABLE}" (name) VALUES ($1)`, [name]);
    },
    async forget(name) {
      await client.query(`DELETE FROM "${TABLE}" WHERE name = $1`, [name]);
    },
    async close() {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`gatehouse-migrate:${schema}`]);
      await client.end();
    },
  };
}

function migrationFolders(): string[] {
  return readdirSync(migrationsDir).filter((name) => /^\d{14}_/.test(name)).sort();
}

/** Applies every pending migration; returns the names applied now. */
export async function migrate(target: DatabaseTarget): Promise<string[]> {
  const connection =
    target.provider === 'sqlite' ? sqliteConnection(target.file) : await postgresConnection(target.connectionString, target.schema);
  try {
    const storage: UmzugStorage = {
      executed: () => connection.appliedNames(),
      logMigration: ({ name }) => connection.record(name),
      unlogMigration: ({ name }) => connection.forget(name),
    };
    const umzug = new Umzug({
      migrations: migrationFolders().map((name) => {
        const file = join(migrationsDir, name, `${target.provider}.sql`);
        if (!existsSync(file)) throw new Error(`migration ${name} has no ${target.provider}.sql`);
        return { name, up: () => connection.exec(readFileSync(file, 'utf8')) };
      }),
      storage,
      logger: undefined,
    });
    const applied = await umzug.up();
    return applied.map((migration) => migration.name);
  } finally {
    await connection.close();
  }
}

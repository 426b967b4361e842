// Applies migrations: Gatehouse's own (prisma/migrations/<stamp>_<name>/<provider>.sql, shipped
// with the package) and, when a host asks, the host's own beside them (migrateHostModels). The
// SQL goes straight through better-sqlite3 or pg: the Prisma CLI's `migrate deploy` cannot read a
// PostgreSQL catalogue with its JavaScript engine, and spawning it is slow anyway. One ledger
// table records both; host migrations are recorded as `host:<name>`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MigrationConnection, openMigrationConnection } from './migration-connection.ts';
import { type DatabaseTarget, parseDatabaseUrl } from './url.ts';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations');

/** The first table Gatehouse's first migration creates: present with an empty ledger means another tool made it. */
const FIRST_TABLE = 'Organization';
const HOST_PREFIX = 'host:';

interface Migration {
  readonly name: string;
  readonly sql: () => string;
}

function gatehouseMigrations(provider: DatabaseTarget['provider']): Migration[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{14}_/.test(name))
    .sort()
    .map((name) => {
      const file = join(migrationsDir, name, `${provider}.sql`);
      if (!existsSync(file)) throw new Error(`migration ${name} has no ${provider}.sql`);
      return { name, sql: () => readFileSync(file, 'utf8') };
    });
}

async function withConnection<T>(target: DatabaseTarget, work: (connection: MigrationConnection) => Promise<T>): Promise<T> {
  const connection = await openMigrationConnection(target);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

async function applyPending(connection: MigrationConnection, migrations: readonly Migration[], recordedAs: (name: string) => string): Promise<string[]> {
  const applied = new Set(await connection.appliedNames());
  const now: string[] = [];
  for (const migration of migrations) {
    if (applied.has(recordedAs(migration.name))) continue;
    await connection.apply(recordedAs(migration.name), migration.sql());
    now.push(migration.name);
  }
  return now;
}

/** Applies every pending Gatehouse migration; returns the names applied now. */
export async function migrate(target: DatabaseTarget | string): Promise<string[]> {
  const resolved = typeof target === 'string' ? parseDatabaseUrl(target) : target;
  const migrations = gatehouseMigrations(resolved.provider);
  return withConnection(resolved, async (connection) => {
    const ours = (await connection.appliedNames()).filter((name) => !name.startsWith(HOST_PREFIX));
    if (ours.length === 0 && (await connection.tableExists(FIRST_TABLE))) {
      // Tables made by `prisma db push` (or by hand) lack what only the migrations create (CHECK
      // constraints, hand-written indexes): recording them as migrated would hide that.
      throw new Error(
        `Gatehouse's tables (${FIRST_TABLE}, …) already exist in this database, but its migration ledger ${'"_gatehouse_migrations"'} records none of its migrations: ` +
          'another tool created them (for example `prisma db push` before Gatehouse first started). Gatehouse creates and migrates its own tables: ' +
          'drop them (they are empty unless Gatehouse ran) and start again, and run your own tools only after Gatehouse has migrated.',
      );
    }
    return applyPending(connection, migrations, (name) => name);
  });
}

export interface HostMigrationOptions {
  /** A folder of `<name>.sql` files, or of `<name>/` folders holding `sqlite.sql` and/or `postgresql.sql`; applied in name order. */
  readonly folder: string;
  /**
   * The host's tables already exist (an existing app): record the migrations up to and including
   * this one as applied without running them, the first time (when none is recorded yet).
   */
  readonly baseline?: string;
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$/;

function hostMigrations(folder: string, provider: DatabaseTarget['provider']): Migration[] {
  if (!existsSync(folder)) throw new Error(`migrateHostModels: no folder ${folder}`);
  const migrations: Migration[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    const name = entry.replace(/\.sql$/, '');
    if (statSync(path).isDirectory()) {
      const file = join(path, `${provider}.sql`);
      if (!existsSync(file)) continue;
      migrations.push({ name, sql: () => readFileSync(file, 'utf8') });
    } else if (entry.endsWith('.sql')) {
      migrations.push({ name, sql: () => readFileSync(path, 'utf8') });
    } else continue;
    if (!HOST_NAME.test(name)) throw new Error(`migrateHostModels: "${entry}" is not a usable migration name (letters, digits, _ . -)`);
  }
  return migrations;
}

/**
 * Applies the host's own migrations (SQL written by `prisma migrate diff` from the host's own
 * schema file) to the database Gatehouse uses, recorded in the same ledger; returns the names
 * applied now. `folder` holds one file or folder per migration (see HostMigrationOptions).
 */
export async function migrateHostModels(databaseUrl: string, options: HostMigrationOptions): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl);
  const migrations = hostMigrations(options.folder, target.provider);
  const recordedAs = (name: string) => `${HOST_PREFIX}${name}`;
  return withConnection(target, async (connection) => {
    if (options.baseline !== undefined) {
      const upTo = migrations.findIndex((migration) => migration.name === options.baseline);
      if (upTo === -1) throw new Error(`migrateHostModels: the baseline "${options.baseline}" is not a migration in ${options.folder}`);
      const recorded = (await connection.appliedNames()).some((name) => name.startsWith(HOST_PREFIX));
      if (!recorded) for (const migration of migrations.slice(0, upTo + 1)) await connection.record(recordedAs(migration.name));
    }
    return applyPending(connection, migrations, recordedAs);
  });
}

// SQLite is optional: a PostgreSQL-only host installs neither better-sqlite3 nor a compiler for
// it. Prisma's better-sqlite3 adapter (which brings better-sqlite3) is an optional peer, loaded
// the first time a SQLite database is opened, so that its absence is a clear message, not a crash
// at import time.
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** What a host installs to use SQLite (the adapter depends on better-sqlite3 and compiles it). */
export const SQLITE_PACKAGE = '@prisma/adapter-better-sqlite3@6.19.3';

type SqliteAdapterFactoryClass = new (config: { url: string }) => SqlMigrationAwareDriverAdapterFactory;

let loading: Promise<SqliteAdapterFactoryClass> | undefined;

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Prisma's better-sqlite3 adapter factory, imported once, on first use. */
export function loadSqliteAdapter(): Promise<SqliteAdapterFactoryClass> {
  loading ??= import('@prisma/adapter-better-sqlite3').then(
    (module) => module.PrismaBetterSQLite3 as unknown as SqliteAdapterFactoryClass,
    (error: unknown) => {
      loading = undefined;
      if (!isMissingModule(error)) throw error;
      throw new Error(
        `A SQLite database needs the optional package ${SQLITE_PACKAGE}, which is not installed: ` +
          `run \`npm install ${SQLITE_PACKAGE}\`, or use a postgres:// database URL.`,
        { cause: error },
      );
    },
  );
  return loading;
}

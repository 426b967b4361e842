// `gatehouse/prisma-config`: the driver adapter for the Prisma CLI in a host's prisma.config.ts.
// Prisma 6.19 runs offline only with its JavaScript engine, which needs an adapter; this one is
// picked from DATABASE_URL like the app's own (createPrismaClient), so the same config serves a
// SQLite and a PostgreSQL host. A separate entry point: the CLI loads it without Gatehouse itself.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { driverAdapter } from './db/driver-adapter.ts';
import { parseDatabaseUrl } from './db/url.ts';

/**
 * `adapter: prismaCliAdapter` in defineConfig. Without DATABASE_URL it is an in-memory SQLite
 * database, enough for `prisma generate` and `prisma migrate diff`, which read no database.
 */
export async function prismaCliAdapter(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL?.trim() || 'file::memory:');
  // The CLI's schema engine opens the database even for a diff: SQLite cannot create the folder.
  if (target.provider === 'sqlite' && target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  return driverAdapter(target);
}

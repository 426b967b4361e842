// Opens Gatehouse's Prisma client for a database URL. A generated client is bound to one provider
// (STACK.md), so there is one per provider, both generated from prisma/schema.prisma; the SQLite
// one gives the type that the services use, since their models are identical.
// The PostgreSQL client, its adapter and pg are loaded only when the URL is PostgreSQL (about
// 9 MiB of resident memory that a SQLite app never uses); require() keeps openPrisma synchronous.
import { createRequire } from 'node:module';
import type { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/sqlite/index.js';
import type { PrismaClient as PostgresPrismaClient } from '../../generated/postgresql/index.js';
import { SerializedSqliteAdapter } from './serialized-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

export type GatehousePrisma = PrismaClient;
export type { Prisma } from '../../generated/sqlite/index.js';

const require = createRequire(import.meta.url);

export function openPrisma(target: DatabaseTarget): GatehousePrisma {
  if (target.provider === 'sqlite') {
    return new PrismaClient({ adapter: new SerializedSqliteAdapter({ url: `file:${target.file}` }) });
  }
  const { PrismaClient: PostgresClient } = require('../../generated/postgresql/index.js') as { PrismaClient: typeof PostgresPrismaClient };
  const { PrismaPg: PgAdapter } = require('@prisma/adapter-pg') as { PrismaPg: typeof PrismaPg };
  const client = new PostgresClient({ adapter: new PgAdapter({ connectionString: target.connectionString }, { schema: target.schema }) });
  // Same models, same queries: only the generated provider differs.
  return client as unknown as GatehousePrisma;
}

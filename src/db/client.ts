// Opens Gatehouse's Prisma client for a database URL. A generated client is bound to one provider
// (STACK.md), so there is one per provider, both generated from prisma/schema.prisma; the SQLite
// one gives the type that the services use, since their models are identical.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/sqlite/index.js';
import { PrismaClient as PostgresPrismaClient } from '../../generated/postgresql/index.js';
import { SerializedSqliteAdapter } from './serialized-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

export type GatehousePrisma = PrismaClient;
export type { Prisma } from '../../generated/sqlite/index.js';

export function openPrisma(target: DatabaseTarget): GatehousePrisma {
  if (target.provider === 'sqlite') {
    return new PrismaClient({ adapter: new SerializedSqliteAdapter({ url: `file:${target.file}` }) });
  }
  const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.connectionString }, { schema: target.schema }) });
  // Same models, same queries: only the generated provider differs.
  return client as unknown as GatehousePrisma;
}

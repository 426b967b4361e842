// The Prisma driver adapter for a database URL: the same choice for Gatehouse's own clients and
// for a host's (createPrismaClient). Both adapters are imported on first connection, so a host
// loads only the driver of the database it uses.
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { SerializedSqliteAdapter } from './serialized-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

class LazyPostgresAdapter implements SqlDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  readonly #target: Extract<DatabaseTarget, { provider: 'postgresql' }>;

  constructor(target: Extract<DatabaseTarget, { provider: 'postgresql' }>) {
    this.#target = target;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: this.#target.connectionString }, { schema: this.#target.schema }).connect();
  }
}

export function driverAdapter(target: DatabaseTarget): SqlDriverAdapterFactory {
  return target.provider === 'sqlite' ? new SerializedSqliteAdapter({ url: `file:${target.file}` }) : new LazyPostgresAdapter(target);
}

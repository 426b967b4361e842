// The Prisma driver adapter for a database URL: the same choice for Gatehouse's own clients and
// for a host's (createPrismaClient). Both adapters are imported on first connection, so a host
// loads only the driver of the database it uses.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { SerializedSqliteAdapter } from './serialized-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

class LazyPostgresAdapter implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  /** Where PrismaPg keeps it too: raw SQL reads the schema from here (src/auth/sql-tables.ts). */
  readonly options: { readonly schema: string };
  readonly #target: Extract<DatabaseTarget, { provider: 'postgresql' }>;

  constructor(target: Extract<DatabaseTarget, { provider: 'postgresql' }>) {
    this.#target = target;
    this.options = { schema: target.schema };
  }

  async connect(): Promise<SqlDriverAdapter> {
    return (await this.#factory()).connect();
  }

  /** For the Prisma CLI (gatehouse/prisma-config), whose schema engine asks for one. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return (await this.#factory()).connectToShadowDb();
  }

  async #factory() {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: this.#target.connectionString }, { schema: this.#target.schema });
  }
}

export function driverAdapter(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite' ? new SerializedSqliteAdapter({ url: `file:${target.file}` }) : new LazyPostgresAdapter(target);
}

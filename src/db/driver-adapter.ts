// The Prisma driver adapter for a database URL: the same choice for Gatehouse's own clients and
// for a host's (createPrismaClient). Both adapters are imported on first connection, so a host
// loads only the driver of the database it uses. Both wait at most `timeoutMs` for the database
// (SQLite's busy timeout; PostgreSQL's connect and query timeouts), so that a stuck or unreachable
// database answers 503 instead of hanging.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { SerializedSqliteAdapter } from './serialized-sqlite.ts';
import type { DatabaseTarget } from './url.ts';

class LazyPostgresAdapter implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  /** Where PrismaPg keeps it too: raw SQL reads the schema from here (src/auth/sql-tables.ts). */
  readonly options: { readonly schema: string };
  readonly #target: Extract<DatabaseTarget, { provider: 'postgresql' }>;
  readonly #timeoutMs: number;

  constructor(target: Extract<DatabaseTarget, { provider: 'postgresql' }>, timeoutMs: number) {
    this.#target = target;
    this.#timeoutMs = timeoutMs;
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
    // PrismaPg with the fix for transactions whose connection dies (releasing-pg.ts).
    const { ReleasingPg } = await import('./releasing-pg.ts');
    // jit=off: PostgreSQL compiles any statement its planner costs above jit_above_cost, and the
    // user search over 1 000 000 rows is costed there (LIMIT is not counted in), so each search paid
    // 50–200 ms of compilation for a statement that runs in a few milliseconds (docs/search.md).
    const pool = { connectionString: this.#target.connectionString, connectionTimeoutMillis: this.#timeoutMs, query_timeout: this.#timeoutMs, options: '-c jit=off' };
    return new ReleasingPg(pool, { schema: this.#target.schema });
  }
}

/** The longest wait for the database, in ms, unless the configuration says otherwise. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 10_000;

export function driverAdapter(target: DatabaseTarget, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite' ? new SerializedSqliteAdapter({ url: `file:${target.file}`, timeout: timeoutMs }) : new LazyPostgresAdapter(target, timeoutMs);
}

// Opens Gatehouse's Prisma client for a database URL. A generated client is bound to one provider,
// so there is one per provider, both generated from prisma/schema.prisma; the SQLite one gives the
// type that the services use, since their models are identical. Each is loaded on first use
// (they are CommonJS), so a process loads only the client of the database it talks to.
import { createRequire } from 'node:module';
import type { PrismaClient } from '../../generated/sqlite/index.js';
import { DEFAULT_DATABASE_TIMEOUT_MS, driverAdapter } from './driver-adapter.ts';
import type { DatabaseTarget } from './url.ts';

export type GatehousePrisma = PrismaClient;
export type { Prisma } from '../../generated/sqlite/index.js';
export { DEFAULT_DATABASE_TIMEOUT_MS };

export interface ConnectionOptions {
  /**
   * The longest wait for the database, in ms: SQLite's busy timeout on a locked file; on
   * PostgreSQL, connecting and each query. Past it the query fails (the request answers 503)
   * instead of hanging while the server is stuck or unreachable.
   */
  readonly timeoutMs?: number;
}

type GatehouseClientClass = new (options: {
  adapter: ReturnType<typeof driverAdapter>;
  transactionOptions: { maxWait: number; timeout: number };
}) => GatehousePrisma;

const load = createRequire(import.meta.url);

function generatedClient(provider: DatabaseTarget['provider']): GatehouseClientClass {
  // Same models, same queries: only the generated provider differs.
  const module = provider === 'sqlite' ? load('../../generated/sqlite/index.js') : load('../../generated/postgresql/index.js');
  return (module as { PrismaClient: GatehouseClientClass }).PrismaClient;
}

export function openPrisma(target: DatabaseTarget, options: ConnectionOptions = {}): GatehousePrisma {
  const Client = generatedClient(target.provider);
  const timeoutMs = options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  // Prisma's own defaults (2 s to start a transaction, 5 s to finish it) turned a burst of
  // concurrent changes on a busy machine into 503s; a transaction waits as long as a query may.
  return new Client({ adapter: driverAdapter(target, timeoutMs), transactionOptions: { maxWait: timeoutMs, timeout: Math.max(timeoutMs, 5_000) } });
}

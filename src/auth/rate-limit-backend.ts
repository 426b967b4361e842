// Where rate-limit counters live. By default in Gatehouse's database (DatabaseRateLimitStore), which
// every instance already shares; with `rateLimit.redisUrl`, in Redis through rate-limit-redis, the
// store that express-rate-limit's maintainers publish. Either way the counters are shared, so the
// limits hold for the whole deployment, whatever the number of instances. The Redis client is
// loaded only when Redis is configured: it weighs about 11 MiB of memory that most deployments
// would carry for nothing.
import type { Store } from 'express-rate-limit';
import type { GatehouseConfig } from '../config/resolve.ts';
import type { GatehousePrisma } from '../db/client.ts';
import { DatabaseRateLimitStore } from './rate-limit-store.ts';

export interface RateLimitBackend {
  readonly kind: 'database' | 'redis';
  /** A store for one limiter; `name` keeps its keys apart from the other limiters'. */
  store(name: string): Store;
  close(): Promise<void>;
}

interface Database {
  readonly prisma: GatehousePrisma;
  readonly provider: 'sqlite' | 'postgresql';
  readonly config: GatehouseConfig;
}

function databaseBackend(db: Database): RateLimitBackend {
  return { kind: 'database', store: (name) => new DatabaseRateLimitStore(db, `${name}:`), close: async () => {} };
}

async function redisBackend(db: Database, url: string, prefix: string): Promise<RateLimitBackend> {
  const [{ createClient }, { RedisStore }] = await Promise.all([import('redis'), import('rate-limit-redis')]);
  const client = createClient({
    url,
    // Without Redis a limit cannot be checked: fail at once (503) rather than queue the sign-in
    // until Redis comes back. The client reconnects by itself in the background.
    disableOfflineQueue: true,
    socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
  // An unhandled 'error' event would end the process; a dropped connection is a fault to answer, not a crash.
  client.on('error', (error: unknown) => db.config.logger.warn(`rate limits: Redis error: ${error instanceof Error ? error.message : String(error)}`));
  await client.connect();
  return {
    kind: 'redis',
    store: (name) => new RedisStore({ prefix: `${prefix}${name}:`, sendCommand: (...args: string[]) => client.sendCommand(args) }),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

export async function openRateLimitBackend(db: Database): Promise<RateLimitBackend> {
  const { redisUrl, redisPrefix } = db.config.rateLimit;
  return redisUrl ? redisBackend(db, redisUrl, redisPrefix) : databaseBackend(db);
}

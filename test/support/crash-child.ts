// A Gatehouse instance in a process of its own, for the crash tests. Its database client stops for
// ever at a chosen statement of a transaction — before it runs or just after — and says so on
// stdout, so that the parent kills it (kill -9) exactly "in the middle", with no sleep and no race.
// Environment: DATABASE_URL, GATEHOUSE_PRESET, PAUSE_SQL (a regular expression), PAUSE_WHEN
// ('before' | 'after'), CLOCK_MS (the parent's test clock, so that its sessions and links are live).
import express from 'express';
import { PrismaClient } from '../../generated/sqlite/index.js';
import { PrismaClient as PostgresPrismaClient } from '../../generated/postgresql/index.js';
import { ReleasingPg } from '../../src/db/releasing-pg.ts';
import { SerializedSqliteAdapter } from '../../src/db/serialized-sqlite.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { createGatehouse } from '../../src/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { silentLogger } from './setup.ts';

const databaseUrl = process.env.DATABASE_URL ?? '';
const pause = new RegExp(process.env.PAUSE_SQL ?? '^$', 'i');
const when = process.env.PAUSE_WHEN === 'after' ? 'after' : 'before';
/** Armed once listening: start-up's own transactions (the preset sync) run through. */
let armed = false;
let paused = false;

const forever = () => new Promise<never>(() => undefined);

type Queryable = { queryRaw(query: { sql: string }): Promise<unknown>; executeRaw(query: { sql: string }): Promise<unknown> };

/** The transaction's queries, with the one matching PAUSE_SQL held up. */
function pausing<T extends object>(transaction: T): T {
  return new Proxy(transaction, {
    get(target, property, receiver) {
      if (property === 'queryRaw' || property === 'executeRaw') {
        const run = (target as unknown as Queryable)[property].bind(target);
        return async (query: { sql: string }) => {
          const hit = armed && !paused && pause.test(query.sql);
          if (hit && when === 'before') {
            paused = true;
            process.stdout.write(`paused before ${query.sql.slice(0, 80).replace(/\s+/g, ' ')}\n`);
            return forever();
          }
          const result = await run(query);
          if (hit) {
            paused = true;
            process.stdout.write(`paused after ${query.sql.slice(0, 80).replace(/\s+/g, ' ')}\n`);
            return forever();
          }
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function pausingAdapter<A extends { startTransaction(level?: never): Promise<object> }>(adapter: A): A {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'startTransaction') return async (level?: never) => pausing(await target.startTransaction(level));
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

class PausingSqlite extends SerializedSqliteAdapter {
  override async connect() {
    return pausingAdapter(await super.connect());
  }
}

class PausingPg extends ReleasingPg {
  override async connect() {
    return pausingAdapter(await super.connect());
  }
}

const target = parseDatabaseUrl(databaseUrl);
const prisma =
  target.provider === 'sqlite'
    ? new PrismaClient({ adapter: new PausingSqlite({ url: `file:${target.file}` }) })
    : (new PostgresPrismaClient({ adapter: new PausingPg({ connectionString: target.connectionString }, { schema: target.schema }) }) as unknown as PrismaClient);

const gatehouse = await createGatehouse({
  prisma,
  databaseUrl,
  migrate: false,
  preset: (process.env.GATEHOUSE_PRESET ?? 'seed002') as PresetId,
  secret: 'test-secret-test-secret-test-secret',
  passwordHashing: { memoryKiB: 1024, passes: 1 },
  signInRateLimit: false,
  clock: () => new Date(Number(process.env.CLOCK_MS ?? Date.now())),
  mail: { onMessage: () => undefined },
  logger: silentLogger,
});
const app = express();
app.use('/admin', gatehouse.router);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  armed = true;
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});

// express-rate-limit's store in Gatehouse's own database (the RateLimitCounter table), so that
// every app instance on that database counts against the same limit: three instances allow what
// one allows, not three times as much. A hit is one atomic upsert that starts a fresh window when
// the old one has ended; expired rows are deleted now and then. Time is the real clock by default,
// as express-rate-limit itself compares the reset time with Date.now() before it takes back a hit.
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';
import { sqlTable } from './sql-tables.ts';

type Db = Pick<GatehouseContext, 'prisma' | 'provider'>;

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  readonly #db: Db;
  readonly #table: Prisma.Sql;
  readonly #now: () => Date;
  #windowMs = 60_000;
  #lastPrune = 0;

  constructor(db: Db, prefix: string, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
    this.prefix = prefix;
    this.#table = sqlTable(db, 'RateLimitCounter');
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await this.#db.prisma.$queryRaw<{ hits: number; resetAt: Date }[]>(
      Prisma.sql`SELECT "hits", "resetAt" FROM ${this.#table} WHERE "key" = ${this.prefix + key} AND "resetAt" > ${this.#now()}`,
    );
    const row = rows[0];
    return row ? { totalHits: Number(row.hits), resetTime: row.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.#now();
    const resetAt = new Date(now.getTime() + this.#windowMs);
    // One statement: concurrent hits on any instance serialise on the row, none is lost, and the
    // one that finds the window over is the one that restarts it.
    const rows = await this.#db.prisma.$queryRaw<{ hits: number; resetAt: Date }[]>(
      Prisma.sql`INSERT INTO ${this.#table} AS c ("key", "hits", "resetAt") VALUES (${this.prefix + key}, 1, ${resetAt})
        ON CONFLICT ("key") DO UPDATE SET
          "hits" = CASE WHEN c."resetAt" <= ${now} THEN 1 ELSE c."hits" + 1 END,
          "resetAt" = CASE WHEN c."resetAt" <= ${now} THEN excluded."resetAt" ELSE c."resetAt" END
        RETURNING "hits", "resetAt"`,
    );
    this.#pruneNowAndThen(now);
    const row = rows[0];
    if (!row) throw new Error('rate limit: the counter upsert returned no row');
    return { totalHits: Number(row.hits), resetTime: row.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.#db.prisma.$executeRaw(
      Prisma.sql`UPDATE ${this.#table} SET "hits" = "hits" - 1 WHERE "key" = ${this.prefix + key} AND "hits" > 0 AND "resetAt" > ${this.#now()}`,
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.#db.prisma.$executeRaw(Prisma.sql`DELETE FROM ${this.#table} WHERE "key" = ${this.prefix + key}`);
  }

  /** At most once a window per process: rows whose window has ended only take space. */
  #pruneNowAndThen(now: Date): void {
    if (now.getTime() - this.#lastPrune < this.#windowMs) return;
    this.#lastPrune = now.getTime();
    void this.#db.prisma.$executeRaw(Prisma.sql`DELETE FROM ${this.#table} WHERE "resetAt" <= ${now}`).catch(() => undefined);
  }
}

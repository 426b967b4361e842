// express-session's store over Gatehouse's Session table, in raw SQL through the Prisma client.
// It replaces @quixo3/prisma-session-store, which on every request called $connect before a
// findUnique that the query compiler compiles anew each time (~1.5 ms), and which silently dropped
// a set() racing another set() of the same session. Records stay in the database (R-SESS-1: every
// instance sharing it shares the sessions); raw queries still go through the client, so on SQLite
// they wait for open transactions like any other query (src/db/serialized-sqlite.ts).
import session from 'express-session';
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';
import { sqlTable } from './sql-tables.ts';

const DEFAULT_TTL_MS = 24 * 60 * 60_000;

type Callback<T = void> = (error?: unknown, value?: T) => void;

export class GatehouseSessionStore extends session.Store {
  readonly #ctx: Pick<GatehouseContext, 'prisma' | 'provider'>;
  readonly #table: Prisma.Sql;
  #pruneTimer: NodeJS.Timeout | undefined;

  constructor(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, options: { pruneEveryMs: number }) {
    super();
    this.#ctx = ctx;
    this.#table = sqlTable(ctx, 'Session');
    this.#pruneTimer = setInterval(() => void this.prune().catch(() => undefined), options.pruneEveryMs);
    this.#pruneTimer.unref();
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    void this.#get(sid).then((data) => callback(undefined, data), (error: unknown) => callback(error));
  }

  async #get(sid: string): Promise<session.SessionData | null> {
    const rows = await this.#ctx.prisma.$queryRaw<{ data: string; expiresAt: Date }[]>(Prisma.sql`SELECT "data", "expiresAt" FROM ${this.#table} WHERE "id" = ${sid}`);
    const row = rows[0];
    if (!row) return null;
    if (row.expiresAt.getTime() <= Date.now()) {
      await this.#delete(sid);
      return null;
    }
    return JSON.parse(row.data) as session.SessionData;
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const maxAge = data.cookie?.maxAge;
    const expiresAt = new Date(Date.now() + (typeof maxAge === 'number' ? Math.floor(maxAge) : DEFAULT_TTL_MS));
    const json = JSON.stringify(data);
    // One statement, so that two requests of one session saving at once cannot collide on the key.
    void this.#ctx.prisma
      .$executeRaw(
        Prisma.sql`INSERT INTO ${this.#table} ("id", "sid", "data", "expiresAt") VALUES (${sid}, ${sid}, ${json}, ${expiresAt})
          ON CONFLICT ("id") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt"`,
      )
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override destroy(sid: string, callback?: Callback): void {
    void this.#delete(sid).then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  /** Idle time is tracked in the session data (at most one write a minute), so a read-only request costs one read and no write. */
  override touch(_sid: string, _data: session.SessionData, callback?: () => void): void {
    callback?.();
  }

  async #delete(sid: string): Promise<void> {
    await this.#ctx.prisma.$executeRaw(Prisma.sql`DELETE FROM ${this.#table} WHERE "id" = ${sid}`);
  }

  /** Deletes expired records; also run every `pruneEveryMs`. */
  async prune(): Promise<void> {
    await this.#ctx.prisma.$executeRaw(Prisma.sql`DELETE FROM ${this.#table} WHERE "expiresAt" <= ${new Date()}`);
  }

  async shutdown(): Promise<void> {
    clearInterval(this.#pruneTimer);
    this.#pruneTimer = undefined;
  }
}

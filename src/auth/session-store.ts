// express-session's store over Gatehouse's Session table. Records stay in the database (R-SESS-1:
// every instance sharing it shares the sessions). The read that every signed-in request makes is a
// prepared statement (src/reads/); writes go through the Prisma client in raw SQL, so that on
// SQLite they wait for open transactions like any other write (src/db/serialized-sqlite.ts).
// It replaced @quixo3/prisma-session-store, which on every request called $connect before a
// findUnique that the query compiler compiles anew each time (~1.5 ms), and which silently dropped
// a set() racing another set() of the same session.
import type { Request } from 'express';
import session from 'express-session';
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';
import { dateColumn, textColumn } from '../reads/columns.ts';
import { type Dialect, defineRead, type Row } from '../reads/read-connection.ts';
import { sessionColumns } from './session-columns.ts';
import { SESSION_USER_COLUMNS } from './session-user.ts';
import { sqlTable } from './sql-tables.ts';

/** A session record as stored: its JSON text (compared as is by the principal cache) and its expiry. */
export interface StoredSession {
  readonly data: string;
  readonly expiresAt: Date;
}

const readSession = defineRead('session', (d) => `SELECT "data", "expiresAt" FROM ${d.table('Session')} WHERE "id" = ${d.param(1)}`);
/** The earliest expiry: the timer's prune runs (through Prisma) only when that one is past. */
const readFirstExpiry = defineRead('session_first_expiry', (d) => `SELECT MIN("expiresAt") AS "first" FROM ${d.table('Session')}`);

/**
 * A session with its owner's row, in one statement: what every signed-in request reads. The row
 * is what R-SESS-1 re-checks (session-user.ts), read in the same snapshot as the session. Joined on
 * the record's own `userId` column (which every write fills from the record): on SQLite a join on a
 * bound user id instead measured four times slower (23 µs against 6).
 */
export const sessionWithOwnerSql = (d: Dialect) => `SELECT s."data" AS "sessionData", s."expiresAt" AS "sessionExpiresAt", ${SESSION_USER_COLUMNS.map((column) => `u."${column}"`).join(', ')}
    FROM ${d.table('Session')} s LEFT JOIN ${d.table('User')} u ON u."id" = s."userId"
    WHERE s."id" = ${d.param(1)}`;

const readSessionWithOwner = defineRead('session_with_owner', sessionWithOwnerSql);

const OWNER = Symbol('gatehouse.sessionOwner');
const owners = new WeakMap<Request, Row>();

/** The owner's row read with this request's session (its `id` NULL when there was none), if the session came from the store. */
export function sessionOwnerRow(req: Request): Row | undefined {
  return owners.get(req);
}

const DEFAULT_TTL_MS = 24 * 60 * 60_000;

type Callback<T = void> = (error?: unknown, value?: T) => void;

export class GatehouseSessionStore extends session.Store {
  readonly #ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>;
  readonly #table: Prisma.Sql;
  #pruneTimer: NodeJS.Timeout | undefined;

  constructor(ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>, options: { pruneEveryMs: number }) {
    super();
    this.#ctx = ctx;
    this.#table = sqlTable(ctx, 'Session');
    this.#pruneTimer = setInterval(() => void this.pruneIfDue().catch(() => undefined), options.pruneEveryMs);
    this.#pruneTimer.unref();
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    // On SQLite the row is there at once: the session loads in the same tick, no promise between.
    let row: ReturnType<GatehouseContext['reads']['first']>;
    try {
      row = this.#ctx.reads.first(readSessionWithOwner, [sid]);
    } catch (error) {
      callback(error);
      return;
    }
    if (row instanceof Promise) row.then((found) => this.#answer(sid, found, callback), (error: unknown) => callback(error));
    else this.#answer(sid, row, callback);
  }

  #answer(sid: string, row: Row | undefined, callback: Callback<session.SessionData | null>): void {
    if (!row) return callback(undefined, null);
    if ((dateColumn(row.sessionExpiresAt)?.getTime() ?? 0) <= Date.now()) {
      void this.#delete(sid).then(() => callback(undefined, null), (error: unknown) => callback(error));
      return;
    }
    let data: session.SessionData;
    try {
      data = JSON.parse(textColumn(row.sessionData)) as session.SessionData;
    } catch (error) {
      return callback(error);
    }
    // Not enumerable: express-session copies, hashes and saves only the session's own fields.
    Object.defineProperty(data, OWNER, { value: row });
    callback(undefined, data);
  }

  /** express-session turns the stored data into req.session here: the owner's row goes with the request. */
  override createSession(req: Request, data: session.SessionData): session.Session & session.SessionData {
    const owner = (data as { [OWNER]?: Row })[OWNER];
    if (owner !== undefined) owners.set(req, owner);
    return super.createSession(req, data);
  }

  /** The live record of a session (null when there is none or it has expired), its data unparsed. */
  async read(sid: string): Promise<StoredSession | null> {
    const row = await this.#ctx.reads.first(readSession, [sid]);
    if (!row) return null;
    const stored = { data: textColumn(row.data), expiresAt: dateColumn(row.expiresAt) ?? new Date(0) };
    if (stored.expiresAt.getTime() <= Date.now()) {
      await this.#delete(sid);
      return null;
    }
    return stored;
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    void this.write(sid, data).then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  /**
   * Saves a session. express-session hands over a live Cookie (its maxAge counts down to the
   * expiry); data parsed from the store carries the expiry itself (cookie.expires), which is kept.
   */
  /** Returns the JSON text it stored. */
  async write(sid: string, data: session.SessionData): Promise<string> {
    const maxAge = data.cookie?.maxAge;
    const expires = data.cookie?.expires;
    const expiresAt =
      typeof maxAge === 'number'
        ? new Date(Date.now() + Math.floor(maxAge))
        : expires !== undefined && expires !== null
          ? new Date(expires)
          : new Date(Date.now() + DEFAULT_TTL_MS);
    const json = JSON.stringify(data);
    // The columns are read off the record itself, so they change only when it does: lastSeenAt at
    // most once a minute (LAST_SEEN_RESOLUTION_MS), like the record. createdAt is the insert's.
    const c = sessionColumns(data, new Date());
    // One statement, so that two requests of one session saving at once cannot collide on the key.
    await this.#ctx.prisma.$executeRaw(
      Prisma.sql`INSERT INTO ${this.#table} ("id", "sid", "data", "expiresAt", "userId", "createdAt", "lastSeenAt", "ip", "userAgent")
        VALUES (${sid}, ${sid}, ${json}, ${expiresAt}, ${c.userId}, ${c.createdAt}, ${c.lastSeenAt}, ${c.ip}, ${c.userAgent})
        ON CONFLICT ("id") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt", "userId" = excluded."userId",
          "lastSeenAt" = excluded."lastSeenAt", "ip" = excluded."ip", "userAgent" = excluded."userAgent"`,
    );
    return json;
  }

  /**
   * Records that a session was seen, in that one field (of the record's JSON and its column) and
   * nothing else. The once-a-minute refresh of an otherwise unchanged session used to save the
   * whole record as the request had loaded it, undoing what another request of the same session
   * saved meanwhile (the panel's account choice, an enrolment under way). Answers the record's new
   * text, or null when the record is gone.
   */
  async touchLastSeen(sid: string, at: number): Promise<string | null> {
    const data =
      this.#ctx.provider === 'sqlite'
        ? Prisma.sql`json_set("data", '$.lastSeenAt', CAST(${at} AS INTEGER))`
        : Prisma.sql`jsonb_set("data"::jsonb, '{lastSeenAt}', to_jsonb(CAST(${at} AS BIGINT)))::text`;
    const rows = await this.#ctx.prisma.$queryRaw<{ data: string }[]>(
      Prisma.sql`UPDATE ${this.#table} SET "data" = ${data}, "lastSeenAt" = ${new Date(at)} WHERE "id" = ${sid} RETURNING "data"`,
    );
    return rows[0]?.data ?? null;
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

  /** The timer's pass: prune, when the read connection finds a record past its expiry. */
  async pruneIfDue(): Promise<void> {
    const first = dateColumn((await this.#ctx.reads.first(readFirstExpiry, []))?.first);
    if (first !== null && first.getTime() <= Date.now()) await this.prune();
  }

  /** Deletes expired records; also run every `pruneEveryMs` when one has expired. */
  async prune(): Promise<void> {
    await this.#ctx.prisma.$executeRaw(Prisma.sql`DELETE FROM ${this.#table} WHERE "expiresAt" <= ${new Date()}`);
  }

  async shutdown(): Promise<void> {
    clearInterval(this.#pruneTimer);
    this.#pruneTimer = undefined;
  }
}

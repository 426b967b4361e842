// The signed-in request's reads (session, session user, actor, the user shown) as cached prepared
// statements on a connection of their own, beside the Prisma client. Through Prisma 6.19 each such
// read is compiled by its WebAssembly query compiler on every call (a findUnique costs 2–3 ms here);
// the same read as a prepared better-sqlite3 statement costs microseconds. Writes stay with Prisma,
// so that on SQLite they keep its transaction lock (src/db/serialized-sqlite.ts).
//
// Every statement here is a plain read of committed data: on SQLite the second connection never
// sees another connection's open transaction (WAL gives each statement the last committed state),
// on PostgreSQL it is another pooled connection like Prisma's own.

/** How one database spells what the statements need. */
export interface Dialect {
  readonly provider: 'sqlite' | 'postgresql';
  /** A quoted table name (`"User"`, or `"schema"."User"` on PostgreSQL). */
  table(name: string): string;
  /** The n-th parameter (1-based): `?` on SQLite, `$n` on PostgreSQL. */
  param(index: number): string;
}

/** One read, defined once for both databases; `name` identifies it (PostgreSQL prepares it under that name). */
export interface ReadStatement {
  readonly name: string;
  sql(dialect: Dialect): string;
}

export type Row = Readonly<Record<string, unknown>>;

/**
 * Rows now or later: better-sqlite3 answers synchronously, and the hot path uses that (a session
 * load that finishes in the same tick, with no promise in between); pg answers later.
 */
export type Maybe<T> = T | Promise<T>;

export interface ReadConnection {
  readonly provider: 'sqlite' | 'postgresql';
  all(statement: ReadStatement, params: readonly (string | number)[]): Maybe<Row[]>;
  /** The first row, or undefined. */
  first(statement: ReadStatement, params: readonly (string | number)[]): Maybe<Row | undefined>;
  /** How many times each statement ran: the work a request did, for tests that count it. */
  readonly executed: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export function defineRead(name: string, sql: (dialect: Dialect) => string): ReadStatement {
  return { name, sql };
}


/** Counts runs per statement name; shared by the connections. */
export class StatementCounter {
  readonly executed = new Map<string, number>();
  count(name: string): void {
    this.executed.set(name, (this.executed.get(name) ?? 0) + 1);
  }
}

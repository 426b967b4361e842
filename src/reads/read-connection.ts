// The signed-in request's reads (session, session user, actor, the user shown) as cached prepared
// statements on a connection of their own, beside the Prisma client. Through Prisma 6.19 each such
// read is compiled by its WebAssembly query compiler on every call (a findUnique costs 2–3 ms here);
// the same read as a prepared better-sqlite3 statement costs microseconds. Writes stay with Prisma,
// so that on SQLite they keep its transaction lock (src/db/serialized-sqlite.ts).
//
// Every statement here is a plain read of committed data: on SQLite the second connection never
// sees another connection's open transaction (WAL gives each statement the last committed state),
// on PostgreSQL it is another pooled connection like Prisma's own.

import { dateParam } from './columns.ts';

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

/**
 * A read whose text is built per call (the user search's, from its filters): Prisma.Sql has this
 * shape, `?` placeholders in `sql`, `$n` in `text`.
 */
export interface BuiltStatement {
  readonly sql: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A built statement's value as the driver binds it: dates as the columns store them, booleans as SQLite's 0/1. */
export function bindable(provider: 'sqlite' | 'postgresql', value: unknown): unknown {
  if (value instanceof Date) return dateParam(provider, value);
  if (typeof value === 'boolean' && provider === 'sqlite') return value ? 1 : 0;
  return value;
}

export interface ReadConnection {
  readonly provider: 'sqlite' | 'postgresql';
  all(statement: ReadStatement, params: readonly (string | number)[]): Maybe<Row[]>;
  /** A built statement, counted under `name`; on SQLite prepared once per distinct text (the few hundred most recently prepared kept). */
  query(name: string, statement: BuiltStatement): Maybe<Row[]>;
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

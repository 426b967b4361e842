// One SQLite connection, many concurrent requests. Prisma's better-sqlite3 adapter runs every
// query on its single connection, and only interactive transactions take its lock: a query from
// another request that arrives while a transaction is open runs *inside* it — it reads
// uncommitted rows and is rolled back with it. This wrapper makes queries outside a transaction
// wait until no transaction is open, so each transaction is isolated as on PostgreSQL.
import type { IsolationLevel, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { loadSqliteAdapter } from './optional-sqlite.ts';

/** A FIFO lock: `acquire` resolves with the function that releases it. */
export class Lock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * Prisma ends a transaction with a COMMIT or ROLLBACK statement, then calls commit() or rollback(),
 * which free the adapter's mutex and this lock. When that statement fails (a read-only or failing
 * file: SQLite has rolled back by itself), Prisma calls neither, and every later transaction waited
 * for ever. A failed COMMIT or ROLLBACK ends the transaction here instead, once.
 */
function releasing(transaction: Transaction, release: () => void): Transaction {
  let ended = false;
  const end = async (how: 'commit' | 'rollback') => {
    if (ended) return;
    ended = true;
    try {
      await transaction[how]();
    } finally {
      release();
    }
  };
  return new Proxy(transaction, {
    get(target, property, receiver) {
      if (property === 'queryRaw' || property === 'executeRaw') {
        const run = target[property].bind(target) as (query: { sql: string }) => Promise<unknown>;
        return async (query: { sql: string }) => {
          try {
            return await run(query);
          } catch (error) {
            if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) await end('rollback');
            throw error;
          }
        };
      }
      if (property === 'commit' || property === 'rollback') return () => end(property);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function serialized(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  return new Proxy(adapter, {
    get(target, property, receiver) {
      switch (property) {
        case 'queryRaw':
          return (query: SqlQuery) => lock.run(() => target.queryRaw(query));
        case 'executeRaw':
          return (query: SqlQuery) => lock.run(() => target.executeRaw(query));
        case 'executeScript':
          return (script: string) => lock.run(() => target.executeScript(script));
        case 'startTransaction':
          return async (isolationLevel?: IsolationLevel) => {
            const release = await lock.acquire();
            try {
              return releasing(await target.startTransaction(isolationLevel), release);
            } catch (error) {
              release();
              throw error;
            }
          };
        default: {
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
}

/**
 * Prisma's better-sqlite3 adapter, with transactions isolated from concurrent queries. The
 * adapter package is imported when the first connection opens (optional-sqlite.ts), so building
 * a client for SQLite costs nothing on a host that never uses it.
 */
export class SerializedSqliteAdapter implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite';
  readonly adapterName = '@prisma/adapter-better-sqlite3';
  readonly #url: string;
  // How long a statement waits for another connection's lock on the file before failing.
  readonly #timeoutMs: number | undefined;

  constructor(config: { readonly url: string; readonly timeout?: number }) {
    this.#url = config.url;
    this.#timeoutMs = config.timeout;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const PrismaBetterSQLite3 = await loadSqliteAdapter();
    return serialized(await new PrismaBetterSQLite3({ url: this.#url, ...(this.#timeoutMs === undefined ? {} : { timeout: this.#timeoutMs }) }).connect());
  }

  /** For the Prisma CLI (gatehouse/prisma-config), whose schema engine asks for one. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const PrismaBetterSQLite3 = await loadSqliteAdapter();
    return new PrismaBetterSQLite3({ url: this.#url }).connectToShadowDb();
  }
}

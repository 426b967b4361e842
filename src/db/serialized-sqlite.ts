// One SQLite connection, many concurrent requests. Prisma's better-sqlite3 adapter runs every
// query on its single connection, and only interactive transactions take its lock: a query from
// another request that arrives while a transaction is open runs *inside* it — it reads
// uncommitted rows and is rolled back with it. This wrapper makes queries outside a transaction
// wait until no transaction is open, so each transaction is isolated as on PostgreSQL.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

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

function releasing(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const once = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  return new Proxy(transaction, {
    get(target, property, receiver) {
      if (property === 'commit' || property === 'rollback') {
        return async () => {
          try {
            await target[property]();
          } finally {
            once();
          }
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function serialized(adapter: Adapter): Adapter {
  const lock = new Lock();
  return new Proxy(adapter, {
    get(target, property, receiver) {
      switch (property) {
        case 'queryRaw':
          return (query: Parameters<Adapter['queryRaw']>[0]) => lock.run(() => target.queryRaw(query));
        case 'executeRaw':
          return (query: Parameters<Adapter['executeRaw']>[0]) => lock.run(() => target.executeRaw(query));
        case 'executeScript':
          return (script: string) => lock.run(() => target.executeScript(script));
        case 'startTransaction':
          return async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]) => {
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

/** The better-sqlite3 adapter factory, with transactions isolated from concurrent queries. */
export class SerializedSqliteAdapter extends PrismaBetterSQLite3 {
  override async connect(): Promise<Adapter> {
    return serialized(await super.connect());
  }
}

// Prisma's pg adapter, with one fix: a transaction whose connection dies gives the connection back.
// @prisma/adapter-pg releases a transaction's pool client only on commit() and rollback(), and
// Prisma calls neither when the COMMIT or ROLLBACK statement itself fails — which is what happens
// when PostgreSQL stops, restarts or ends the backend (pg_terminate_backend) mid-transaction. Each
// such transaction kept one pool slot forever; after ten of them the pool was empty and the
// instance answered nothing again, even with the database back. Here the first query of a
// transaction that fails for a connection fault releases the client as broken (the pool drops it
// and opens a fresh one), and a later commit or rollback is not allowed to release it twice.
// And a second: no pooled client's late 'error' event can end the process (see connect()).
import { PrismaPg } from '@prisma/adapter-pg';
import { isDatabaseUnavailable } from '../errors/database-faults.ts';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;
interface PoolClientLike {
  release(error?: Error | boolean): void;
}

interface PoolLike {
  on(event: 'connect', listener: (client: { on(event: 'error', listener: () => void): void }) => void): void;
}

function releasingOnFault(transaction: Transaction): Transaction {
  const client = (transaction as unknown as { client: PoolClientLike }).client;
  let released = false;
  const releaseBroken = (error: unknown) => {
    if (released) return;
    released = true;
    client.release(error instanceof Error ? error : true);
  };
  return new Proxy(transaction, {
    get(target, property, receiver) {
      if (property === 'queryRaw' || property === 'executeRaw') {
        const run = Reflect.get(target, property, receiver) as (query: unknown) => Promise<unknown>;
        return async (query: unknown) => {
          // The connection is gone, and the server rolled the transaction back with it: Prisma's
          // own ROLLBACK (which it does not always wait for) has nothing left to do.
          const rollback = /^\s*ROLLBACK/i.test((query as { sql?: string }).sql ?? '');
          const nothing = property === 'executeRaw' ? 0 : { columnNames: [], columnTypes: [], rows: [] };
          if (released && rollback) return nothing;
          try {
            return await run.call(target, query);
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            releaseBroken(error);
            // A ROLLBACK that meets the dead connection has nothing to undo, and Prisma may not be
            // waiting for it: failing it would be an unhandled rejection that ends the process.
            if (rollback) return nothing;
            throw error;
          }
        };
      }
      if (property === 'commit' || property === 'rollback') {
        return async () => {
          if (released) return;
          released = true;
          await (Reflect.get(target, property, receiver) as () => Promise<void>).call(target);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export class ReleasingPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    // pg re-emits the server's "terminating connection" as an 'error' event on a client that the
    // pool has already handed back and dropped, when nobody listens any more: without a listener
    // that event ends the process. The query that met the fault has reported it already.
    (adapter.underlyingDriver() as PoolLike).on('connect', (client) => client.on('error', () => undefined));
    return new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === 'startTransaction') {
          return async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]) => releasingOnFault(await target.startTransaction(isolationLevel));
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

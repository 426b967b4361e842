// The same reads through a Prisma client, for when Gatehouse has no connection of its own: a host
// that passes its own client without a databaseUrl, or a SQLite database in memory. Slower (each
// raw query still goes through the client's plumbing) but the same statements and the same rows.
import type { GatehousePrisma } from '../db/client.ts';
import { sqlTable } from '../auth/sql-tables.ts';
import { type Dialect, type ReadConnection, type ReadStatement, type Row, StatementCounter } from './read-connection.ts';

export function prismaReads(prisma: GatehousePrisma, provider: 'sqlite' | 'postgresql'): ReadConnection {
  const ctx = { prisma, provider };
  const dialect: Dialect = {
    provider,
    table: (name) => sqlTable(ctx, name).sql,
    param: (index) => (provider === 'postgresql' ? `$${index}` : '?'),
  };
  const texts = new Map<ReadStatement, string>();
  const counter = new StatementCounter();
  return {
    provider,
    executed: counter.executed,
    async first(statement, params) {
      return (await this.all(statement, params))[0];
    },
    async all(statement, params) {
      let text = texts.get(statement);
      if (text === undefined) {
        text = statement.sql(dialect);
        texts.set(statement, text);
      }
      counter.count(statement.name);
      return prisma.$queryRawUnsafe<Row[]>(text, ...params);
    },
    query(name, statement) {
      counter.count(name);
      return prisma.$queryRawUnsafe<Row[]>(provider === 'postgresql' ? statement.text : statement.sql, ...statement.values);
    },
    async close() {},
  };
}

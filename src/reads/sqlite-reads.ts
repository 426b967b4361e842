// Reads on a read-only better-sqlite3 connection of their own, each statement prepared once.
// better-sqlite3 is loaded only when the database is SQLite (a PostgreSQL host need not build it).
import type BetterSqlite3 from 'better-sqlite3';
import { type Dialect, type ReadConnection, type ReadStatement, type Row, StatementCounter } from './read-connection.ts';

const dialect: Dialect = { provider: 'sqlite', table: (name) => `"${name}"`, param: () => '?' };

export async function openSqliteReads(file: string): Promise<ReadConnection> {
  const { default: Database } = await import('better-sqlite3');
  const db: BetterSqlite3.Database = new Database(file, { readonly: true, fileMustExist: true });
  const prepared = new Map<ReadStatement, BetterSqlite3.Statement>();
  const counter = new StatementCounter();
  return {
    provider: 'sqlite',
    executed: counter.executed,
    async all(statement, params) {
      let compiled = prepared.get(statement);
      if (!compiled) {
        compiled = db.prepare(statement.sql(dialect));
        prepared.set(statement, compiled);
      }
      counter.count(statement.name);
      return compiled.all(...params) as Row[];
    },
    async close() {
      prepared.clear();
      db.close();
    },
  };
}

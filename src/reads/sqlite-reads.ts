// Reads on a read-only better-sqlite3 connection of their own, each statement prepared once.
// better-sqlite3 is loaded only when the database is SQLite (a PostgreSQL host need not build it).
import type BetterSqlite3 from 'better-sqlite3';
import { bindable, type Dialect, type ReadConnection, type ReadStatement, type Row, StatementCounter } from './read-connection.ts';

const dialect: Dialect = { provider: 'sqlite', table: (name) => `"${name}"`, param: () => '?' };
/** Built statements kept prepared, the oldest-prepared dropped first: the user search's shapes (filters × paths × page kinds) are far fewer. */
const BUILT_STATEMENTS = 256;

/**
 * Null when the file does not exist yet or the database is not in WAL mode (the migrator sets it):
 * without WAL a reader waits for a writer, and a synchronous wait here would block the very event
 * loop that Prisma's write needs.
 */
export async function openSqliteReads(file: string): Promise<ReadConnection | null> {
  const { default: Database } = await import('better-sqlite3');
  // A short busy timeout: in WAL mode a reader waits only in rare moments (recovery, a checkpoint restart).
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 250 });
  } catch {
    // Not created yet (migrations switched off): Prisma's own connection will create it.
    return null;
  }
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') {
    db.close();
    return null;
  }
  const prepared = new Map<ReadStatement, BetterSqlite3.Statement>();
  const counter = new StatementCounter();
  const compiled = (statement: ReadStatement): BetterSqlite3.Statement => {
    let found = prepared.get(statement);
    if (!found) {
      found = db.prepare(statement.sql(dialect));
      prepared.set(statement, found);
    }
    counter.count(statement.name);
    return found;
  };
  const built = new Map<string, BetterSqlite3.Statement>();
  const compiledText = (sql: string): BetterSqlite3.Statement => {
    let found = built.get(sql);
    if (!found) {
      if (built.size >= BUILT_STATEMENTS) built.delete(built.keys().next().value as string);
      found = db.prepare(sql);
      built.set(sql, found);
    }
    return found;
  };
  return {
    provider: 'sqlite',
    executed: counter.executed,
    all: (statement, params) => compiled(statement).all(...params) as Row[],
    query: (name, statement) => {
      counter.count(name);
      return compiledText(statement.sql).all(...statement.values.map((value) => bindable('sqlite', value))) as Row[];
    },
    first: (statement, params) => compiled(statement).get(...params) as Row | undefined,
    async close() {
      prepared.clear();
      built.clear();
      db.close();
    },
  };
}

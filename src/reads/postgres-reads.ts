// Reads on a small pg pool of their own, as named prepared statements (pg prepares each once per
// connection). Gatehouse's timestamps are `timestamp without time zone` holding UTC, as Prisma
// writes them; pg would read them as local time, so they are parsed as UTC here.
import pg from 'pg';
import { bindable, type Dialect, type ReadConnection, type ReadStatement, type Row, StatementCounter } from './read-connection.ts';

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary'
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function openPostgresReads(connectionString: string, schema: string, onError: (error: unknown) => void, timeoutMs: number): ReadConnection {
  // The same bound on waiting as Prisma's connections: a stopped or frozen server answers 503, never hangs.
  // jit=off as on Prisma's connections (src/db/driver-adapter.ts): the search's statements are planned
  // over the whole table, and LLVM would compile for tens of milliseconds what runs in a few.
  const pool = new pg.Pool({ connectionString, max: 4, types, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, options: '-c jit=off' });
  // An idle connection that drops must not take the process down; the next query reconnects.
  pool.on('error', onError);
  const dialect: Dialect = { provider: 'postgresql', table: (name) => `"${schema}"."${name}"`, param: (index) => `$${index}` };
  const texts = new Map<ReadStatement, string>();
  const counter = new StatementCounter();
  return {
    provider: 'postgresql',
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
      const result = await pool.query({ name: `gatehouse_${statement.name}`, text, values: [...params] });
      return result.rows as Row[];
    },
    async query(name, statement) {
      counter.count(name);
      // Unnamed: a built text is parsed per call, as Prisma's raw queries were.
      return (await pool.query({ text: statement.text, values: statement.values.map((value) => bindable('postgresql', value)) })).rows as Row[];
    },
    close: () => pool.end(),
  };
}

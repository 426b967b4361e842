// Which database a URL points at. SQLite is the embedded default; a postgres:// URL switches to
// PostgreSQL with no code change (an optional `?schema=` puts Gatehouse's tables in that schema).

export type DatabaseTarget =
  | { readonly provider: 'sqlite'; readonly file: string }
  | { readonly provider: 'postgresql'; readonly connectionString: string; readonly schema: string };

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name in DATABASE_URL: ${schema}`);
    parsed.searchParams.delete('schema');
    return { provider: 'postgresql', connectionString: parsed.toString(), schema };
  }
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (!file) throw new Error('DATABASE_URL names no SQLite file');
  return { provider: 'sqlite', file };
}

/** For logs: the URL without its password. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.provider === 'sqlite') return `SQLite ${target.file}`;
  const url = new URL(target.connectionString);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()} (schema ${target.schema})`;
}

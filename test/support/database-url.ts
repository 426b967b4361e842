// Where a test's database lives. SQLite by default: a file in the test's temp folder. With
// TEST_DATABASE_URL=postgres://… every database a test asks for is a schema of its own on that
// server, created here and dropped afterwards, so test files run in parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export interface DatabaseLocation {
  readonly url: string;
  readonly provider: 'sqlite' | 'postgresql';
  /** Drops the PostgreSQL schema; SQLite files go with the temp folder. */
  drop(): Promise<void>;
}

export const testServerUrl = process.env.TEST_DATABASE_URL?.trim() || null;

export function freshDatabase(dir: string): DatabaseLocation {
  if (!testServerUrl) return { url: `file:${join(dir, 'test.db')}`, provider: 'sqlite', drop: async () => {} };
  const schema = `gh_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(testServerUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    provider: 'postgresql',
    async drop() {
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

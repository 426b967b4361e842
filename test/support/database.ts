// Each test file gets its own migrated database (SQLite file, or PostgreSQL schema with
// TEST_DATABASE_URL): isolated, parallel-safe, fast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPrisma, type GatehousePrisma } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { freshDatabase } from './database-url.ts';

export interface TestDatabase {
  readonly url: string;
  readonly dir: string;
  readonly prisma: GatehousePrisma;
  close(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const location = freshDatabase(dir);
  const url = location.url;
  const target = parseDatabaseUrl(url);
  await migrate(target);
  const prisma = openPrisma(target);
  return {
    url,
    dir,
    prisma,
    async close() {
      await prisma.$disconnect();
      await location.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

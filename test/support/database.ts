// Each test file gets its own migrated database in a temp folder: isolated, parallel-safe, fast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPrisma, type GatehousePrisma } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';

export interface TestDatabase {
  readonly url: string;
  readonly dir: string;
  readonly prisma: GatehousePrisma;
  close(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const url = `file:${join(dir, 'test.db')}`;
  const target = parseDatabaseUrl(url);
  await migrate(target);
  const prisma = openPrisma(target);
  return {
    url,
    dir,
    prisma,
    async close() {
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Prisma CLI configuration: the JavaScript schema engine through a driver adapter, so the CLI never
// downloads its native engines (docs/stack.md). Gatehouse applies migrations itself (src/db/migrate.ts);
// the CLI is only used to generate clients and to diff schemas into migration SQL.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: ':memory:' });
  },
});

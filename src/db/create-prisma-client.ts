// createPrismaClient: the host's own PrismaClient (generated from a schema that includes
// gatehouse.prisma), constructed the way Gatehouse constructs its own: the driver adapter picked
// from the URL, and on SQLite the serialized adapter, so that a query made while another request's
// transaction is open neither sees its uncommitted rows nor is rolled back with it. The URL is
// remembered, so createGatehouse({ prisma }) knows where to apply its migrations.
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { driverAdapter } from './driver-adapter.ts';
import { parseDatabaseUrl } from './url.ts';

const urls = new WeakMap<object, string>();

/** The constructor of a generated PrismaClient, as far as Gatehouse needs it. */
export type PrismaClientClass<T> = new (options: { adapter: SqlDriverAdapterFactory }) => T;

const providerOfAdapter = { sqlite: 'sqlite', postgres: 'postgresql' } as const;

/**
 * `createPrismaClient(PrismaClient, process.env.DATABASE_URL)`: `file:…` opens SQLite (needs the
 * optional @prisma/adapter-better-sqlite3), `postgres://…` PostgreSQL. A client generated for the
 * other provider is refused with the fix.
 */
export function createPrismaClient<T extends object>(Client: PrismaClientClass<T>, databaseUrl: string): T {
  const adapter = driverAdapter(parseDatabaseUrl(databaseUrl));
  let client: T;
  try {
    client = new Client({ adapter });
  } catch (error) {
    if (error instanceof Error && /not compatible with the provider/.test(error.message)) {
      const wanted = providerOfAdapter[adapter.provider as keyof typeof providerOfAdapter];
      throw new Error(
        `createPrismaClient: the database URL is ${wanted === 'sqlite' ? 'a SQLite file' : 'PostgreSQL'}, but this PrismaClient was generated for another provider. ` +
          `Set provider = "${wanted}" in your schema's datasource and run \`npx prisma generate\` again.`,
        { cause: error },
      );
    }
    throw error;
  }
  urls.set(client, databaseUrl);
  return client;
}

/** The URL a client was created for by createPrismaClient, if it was. */
export function databaseUrlOf(client: object): string | undefined {
  return urls.get(client);
}

// Opens the connection for the signed-in request's reads, for the database Gatehouse was given.
import type { GatehousePrisma } from '../db/client.ts';
import { DEFAULT_DATABASE_TIMEOUT_MS } from '../db/driver-adapter.ts';
import type { DatabaseTarget } from '../db/url.ts';
import { prismaReads } from './prisma-reads.ts';
import type { ReadConnection } from './read-connection.ts';

export async function openReads(
  target: DatabaseTarget | null,
  prisma: GatehousePrisma,
  provider: 'sqlite' | 'postgresql',
  onError: (error: unknown) => void,
  timeoutMs: number = DEFAULT_DATABASE_TIMEOUT_MS,
): Promise<ReadConnection> {
  // Without a URL (a host's own client) or for a database in memory, a second connection would not see the same data.
  if (target === null || target.provider !== provider || (target.provider === 'sqlite' && target.file === ':memory:')) return prismaReads(prisma, provider);
  if (target.provider === 'sqlite') {
    const { openSqliteReads } = await import('./sqlite-reads.ts');
    return (await openSqliteReads(target.file)) ?? prismaReads(prisma, provider);
  }
  const { openPostgresReads } = await import('./postgres-reads.ts');
  return openPostgresReads(target.connectionString, target.schema, onError, timeoutMs);
}

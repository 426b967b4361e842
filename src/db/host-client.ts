// createGatehouse({ prisma }): the host's own client. Gatehouse migrates its tables in the
// database that client talks to, so it needs that URL: given as `databaseUrl`, or remembered by
// createPrismaClient. Without either, starting would skip the migrations and fail at the first
// query on a missing table; it fails here instead, saying what to pass.
import type { Logger } from '../config/options.ts';
import type { GatehousePrisma } from './client.ts';
import { databaseUrlOf } from './create-prisma-client.ts';
import { migrate } from './migrate.ts';
import { type DatabaseTarget, describeDatabase, parseDatabaseUrl } from './url.ts';

export interface HostClientOptions {
  readonly prisma: object;
  readonly databaseUrl?: string | undefined;
  readonly migrate?: boolean | undefined;
}

function activeProvider(prisma: object): 'sqlite' | 'postgresql' {
  return (prisma as { _engineConfig?: { activeProvider?: string } })._engineConfig?.activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

export interface OpenedHostClient {
  readonly prisma: GatehousePrisma;
  readonly provider: 'sqlite' | 'postgresql';
  readonly owned: false;
  /** Where the database is, when known (the prepared reads connect there too). */
  readonly target: DatabaseTarget | null;
}

export async function openHostClient(options: HostClientOptions, logger: Logger): Promise<OpenedHostClient> {
  const prisma = options.prisma as GatehousePrisma;
  const url = options.databaseUrl ?? databaseUrlOf(options.prisma);
  if (url === undefined) {
    if (options.migrate === false) return { prisma, provider: activeProvider(options.prisma), owned: false, target: null };
    throw new Error(
      'createGatehouse: with your own `prisma` client, Gatehouse needs the URL of its database to apply its migrations: ' +
        'create the client with createPrismaClient(PrismaClient, url), or pass `databaseUrl` (or `migrate: false` if you apply them yourself).',
    );
  }
  const target = parseDatabaseUrl(url);
  if (target.provider !== activeProvider(options.prisma)) {
    throw new Error(`createGatehouse: databaseUrl is ${describeDatabase(target)}, but the \`prisma\` client was generated for ${activeProvider(options.prisma)}`);
  }
  if (options.migrate !== false) {
    const applied = await migrate(target);
    if (applied.length > 0) logger.info(`applied ${applied.length} migration(s) to ${describeDatabase(target)}`);
  }
  return { prisma, provider: target.provider, owned: false, target };
}

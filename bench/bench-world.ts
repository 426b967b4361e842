// Shared by bench/search.ts and bench/rest.ts: a fresh database (a SQLite file, or a fresh schema of
// the PostgreSQL database in DATABASE_URL/TEST_DATABASE_URL), Gatehouse mounted on a loopback HTTP
// server, N users across 50 organisations inserted in batches with one precomputed password hash,
// and a signed-in session of the root organisation's Compliance Officer (who reaches every
// sub-organisation, so each search runs over all N users).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { hashPassword } from '../src/auth/passwords.ts';
import pg from 'pg';
import { sqlTable } from '../src/auth/sql-tables.ts';
import { migrationsDir } from '../src/db/migrate.ts';
import { createGatehouse, type Gatehouse } from '../src/index.ts';
import { builtinRoleId } from '../src/roles/sync-preset.ts';
import { bulkUsers } from './bulk-users.ts';

export const MANAGER_PASSWORD = 'Bench-Manager-Pass-1!';
const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Zoë', 'Émile', 'Łukasz', 'Søren'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson'];
const ROLES = ['advancedUser', 'standardUser', 'standardUser', 'billingOfficer', 'dataEntryOperator', 'auditor'];

export interface BenchWorld {
  readonly gatehouse: Gatehouse;
  readonly provider: 'sqlite' | 'postgres';
  readonly baseUrl: string;
  readonly organizationIds: string[];
  readonly managerId: string;
  readonly cookie: string;
  readonly app: Express;
  close(): Promise<void>;
}

export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function databaseUrl(provider: 'sqlite' | 'postgres', dir: string): string {
  if (provider === 'sqlite') return `file:${join(dir, 'bench.db')}`;
  const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error('--db postgres needs DATABASE_URL or TEST_DATABASE_URL = postgres://…');
  const parsed = new URL(url);
  parsed.searchParams.set('schema', `bench_${Date.now().toString(36)}`);
  return parsed.toString();
}

async function seed(gatehouse: Gatehouse, provider: 'sqlite' | 'postgres', options: { users: number; organizations: number; bulk?: boolean | undefined }): Promise<{ organizationIds: string[]; managerId: string }> {
  const { prisma } = gatehouse.context;
  const organizations = options.organizations;
  const started = performance.now();
  const root = await prisma.organization.create({ data: { name: 'Bench Root' } });
  const organizationIds = [root.id];
  for (let index = 1; index < organizations; index += 1) {
    organizationIds.push((await prisma.organization.create({ data: { name: `Bench Org ${index}`, parentId: root.id } })).id);
  }
  const hash = await hashPassword(MANAGER_PASSWORD, gatehouse.config.passwordHashing);
  const manager = await prisma.user.create({
    data: {
      email: 'manager@bench.test',
      username: 'manager',
      firstName: 'Bench',
      lastName: 'Manager',
      firstNameSearch: 'bench',
      lastNameSearch: 'manager',
      passwordHash: hash,
      passwordChangedAt: new Date(),
      memberships: { create: { organizationId: root.id, roleId: builtinRoleId('complianceOfficer'), uniqueRoleId: builtinRoleId('complianceOfficer'), isOwner: true } },
    },
  });
  const BATCH = 2_000;
  if (options.bulk) await bulkUsers(gatehouse.context, { users: options.users, organizationIds, first: FIRST, last: LAST, roles: ROLES, passwordHash: hash });
  for (let from = 0; !options.bulk && from < options.users; from += BATCH) {
    const users = [];
    const memberships = [];
    for (let index = from; index < Math.min(options.users, from + BATCH); index += 1) {
      const first = `${FIRST[index % FIRST.length]}`;
      const last = `${LAST[Math.floor(index / FIRST.length) % LAST.length]}${index % 7 === 0 ? '-Smythe' : ''}`;
      const id = `benchuser${index.toString().padStart(7, '0')}`;
      users.push({
        id,
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${index}@bench.test`,
        username: `${first.toLowerCase()}_${index}`,
        firstName: first,
        lastName: last,
        firstNameSearch: first.toLowerCase(),
        lastNameSearch: last.toLowerCase(),
        passwordHash: hash,
        status: index % 25 === 0 ? ('DISABLED' as const) : index % 40 === 0 ? ('INVITED' as const) : ('ACTIVE' as const),
        lockedUntil: index % 101 === 0 ? new Date(Date.now() + 3_600_000) : null,
      });
      memberships.push({ userId: id, organizationId: organizationIds[index % organizations] as string, roleId: builtinRoleId(ROLES[index % ROLES.length] as string) });
    }
    await prisma.$transaction([prisma.user.createMany({ data: users }), prisma.membership.createMany({ data: memberships })]);
  }
  if (provider === 'postgres') await vacuum(gatehouse);
  else await prisma.$executeRawUnsafe('ANALYZE');
  console.error(`seeded ${options.users} users in ${organizations} organisations (${provider}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  return { organizationIds, managerId: manager.id };
}

/**
 * VACUUM as autovacuum would after a bulk load, so that index-only scans need not visit the heap;
 * on a connection of its own, since it outlasts the query timeout Gatehouse's client keeps.
 */
async function vacuum(gatehouse: Gatehouse): Promise<void> {
  const url = new URL(String(process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL));
  const client = new pg.Client({ connectionString: `${url.protocol}//${url.username}${url.password ? `:${url.password}` : ''}@${url.host}${url.pathname}` });
  await client.connect();
  try {
    for (const table of ['User', 'Membership', 'Organization', 'Role']) await client.query(`VACUUM ANALYZE ${sqlTable(gatehouse.context, table).sql}`);
  } finally {
    await client.end();
  }
}

/** A world seeded before (the cached file): its organisations, root first, and its manager. */
async function readWorld(gatehouse: Gatehouse): Promise<{ organizationIds: string[]; managerId: string }> {
  const { prisma } = gatehouse.context;
  const root = await prisma.organization.findFirstOrThrow({ where: { name: 'Bench Root' } });
  const others = await prisma.organization.findMany({ where: { parentId: root.id }, orderBy: { createdAt: 'asc' } });
  const manager = await prisma.user.findUniqueOrThrow({ where: { username: 'manager' } });
  return { organizationIds: [root.id, ...others.map((organization) => organization.id)], managerId: manager.id };
}

/**
 * Where a bulk SQLite world is kept between runs, outside the repository: named by its size and by
 * the last migration, so that a schema change builds a new one.
 */
function cachedWorldFile(users: number, organizations: number): string {
  const last = readdirSync(migrationsDir).filter((name) => /^\d{14}_/.test(name)).sort().at(-1) ?? 'none';
  const folder = join(homedir(), '.cache', 'gatehouse-bench');
  mkdirSync(folder, { recursive: true });
  return join(folder, `search-${users}-${organizations}-${last}.db`);
}

export async function benchWorld(options: { users: number; organizations?: number; bulk?: boolean; extend?: (app: Express, gatehouse: Gatehouse) => void }): Promise<BenchWorld> {
  const provider = argument('db', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const url = databaseUrl(provider, dir);
  const organizations = options.organizations ?? 50;
  const cached = provider === 'sqlite' && options.bulk ? cachedWorldFile(options.users, organizations) : null;
  const copiedFromCache = cached !== null && existsSync(cached);
  if (copiedFromCache) copyFileSync(cached, join(dir, 'bench.db'));
  const gatehouse = await createGatehouse({
    databaseUrl: url,
    secret: 'bench-secret-bench-secret-bench',
    preset: 'seed002',
    logger: { info() {}, warn() {}, error: (message, error) => console.error(message, error) },
  });
  const { prisma } = gatehouse.context;
  const cache = cached;
  const seeded = copiedFromCache;
  const { organizationIds, managerId } = seeded ? await readWorld(gatehouse) : await seed(gatehouse, provider, { ...options, organizations });
  if (cache !== null && !seeded) {
    // The whole database in its main file, then kept for the next run.
    await prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    copyFileSync(new URL(url).pathname, cache);
  }

  const app = express();
  options.extend?.(app, gatehouse);
  app.use('/admin', gatehouse.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${baseUrl}/admin/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'manager', password: MANAGER_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  return {
    gatehouse,
    provider,
    baseUrl,
    organizationIds,
    managerId,
    cookie,
    app,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      if (provider === 'postgres') {
        const schema = new URL(url).searchParams.get('schema');
        if (schema) await prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
      await gatehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

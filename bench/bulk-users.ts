// The benchmark's users written by the database itself: INSERT … SELECT over a generated series
// for the users and for their memberships (a recursive CTE on SQLite, generate_series on
// PostgreSQL), so that 1 000 000 users take ten statements each instead of 500 Prisma batches.
// The same names, statuses and locks as bench-world.ts's batches. Dates are bound by Prisma, so
// they are stored exactly as Prisma stores them (and as the search compares them).
import { Prisma } from '../generated/sqlite/index.js';
import type { GatehouseContext } from '../src/context.ts';
import { sqlTable } from '../src/auth/sql-tables.ts';
import { builtinRoleId } from '../src/roles/sync-preset.ts';

const sql = Prisma.sql;

/** A numbered list as a table `name(k, v, lower)`: JavaScript lower-cases, since SQLite's lower() is ASCII-only. */
function listTable(name: string, values: readonly string[]): Prisma.Sql {
  const rows = values.map((value, index) => sql`SELECT ${Prisma.raw(String(index))} AS k, ${value} AS v, ${value.toLowerCase()} AS lower`);
  return sql`${Prisma.raw(name)} AS (${Prisma.join(rows, ' UNION ALL ')})`;
}

function series(ctx: Pick<GatehouseContext, 'provider'>, from: number, to: number): Prisma.Sql {
  return ctx.provider === 'sqlite'
    ? // Bound numbers may arrive as REAL: 100000.0 would make the ids '…00000.0' and collide.
      sql`n(i) AS (SELECT CAST(${from} AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(${to - 1} AS INTEGER))`
    : sql`n(i) AS (SELECT generate_series(${from}::int, ${to - 1}::int))`;
}

/** Each statement stays within the database timeout Gatehouse sets on its queries (R-FAULT-1), on a busy machine too: 100 000 rows a statement, with the search triggers and GIN indexes to keep, outlasted it there. */
const CHUNK = 25_000;

export async function bulkUsers(
  ctx: Pick<GatehouseContext, 'prisma' | 'provider'>,
  options: { users: number; organizationIds: readonly string[]; first: readonly string[]; last: readonly string[]; roles: readonly string[]; passwordHash: string },
): Promise<void> {
  const { users, organizationIds, first, last, roles } = options;
  const recursive = sql`WITH RECURSIVE`;
  const id = ctx.provider === 'sqlite' ? sql`'benchuser' || substr('0000000' || n.i, -7)` : sql`'benchuser' || lpad(n.i::text, 7, '0')`;
  const stamp = (value: Date) => (ctx.provider === 'sqlite' ? sql`${value}` : sql`${value}::timestamp`);
  const text = (expression: Prisma.Sql) => (ctx.provider === 'sqlite' ? expression : sql`(${expression})::text`);
  const now = new Date();
  const lockedUntil = new Date(Date.now() + 3_600_000);
  const smythe = (column: 'v' | 'lower') => sql`l.${Prisma.raw(column)} || CASE WHEN n.i % 7 = 0 THEN ${column === 'v' ? '-Smythe' : '-smythe'} ELSE '' END`;
  const status = ctx.provider === 'sqlite' ? sql`` : sql`::"${Prisma.raw(schemaOf(ctx))}"."UserStatus"`;
  for (let from = 0; from < users; from += CHUNK) {
  const to = Math.min(users, from + CHUNK);
  await ctx.prisma.$executeRaw(sql`${recursive} ${series(ctx, from, to)}, ${listTable('f', first)}, ${listTable('l', last)}
    INSERT INTO ${sqlTable(ctx, 'User')} ("id", "email", "username", "firstName", "lastName", "firstNameSearch", "lastNameSearch", "passwordHash", "status", "lockedUntil", "updatedAt")
    SELECT ${id}, f.lower || '.' || ${smythe('lower')} || '.' || ${text(sql`n.i`)} || '@bench.test', f.lower || '_' || ${text(sql`n.i`)}, f.v, ${smythe('v')}, f.lower, ${smythe('lower')}, ${options.passwordHash},
      (CASE WHEN n.i % 25 = 0 THEN 'DISABLED' WHEN n.i % 40 = 0 THEN 'INVITED' ELSE 'ACTIVE' END)${status},
      CASE WHEN n.i % 101 = 0 THEN ${stamp(lockedUntil)} ELSE NULL END, ${stamp(now)}
    FROM n JOIN f ON f.k = n.i % ${first.length} JOIN l ON l.k = (n.i / ${first.length}) % ${last.length}`);
  await ctx.prisma.$executeRaw(sql`${recursive} ${series(ctx, from, to)}, ${listTable('o', organizationIds)}, ${listTable('r', roles.map(builtinRoleId))}
    INSERT INTO ${sqlTable(ctx, 'Membership')} ("id", "userId", "organizationId", "roleId")
    SELECT 'benchmember' || ${text(sql`n.i`)}, ${id}, o.v, r.v
    FROM n JOIN o ON o.k = n.i % ${organizationIds.length} JOIN r ON r.k = n.i % ${roles.length}`);
  }
}

function schemaOf(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>): string {
  return String(sqlTable(ctx, 'User').sql.split('.')[0]).replace(/"/g, '');
}

// GET /users: seed 002's user search (R-SEARCH-1) — partial username, first name, last name and
// e-mail; organisation, role and status; paged — over the rows the engine lets the actor view
// (R-TENANT-1), fast on 100 000 users.
//
// On SQLite written as SQL rather than a Prisma `where` for two reasons: Prisma's `contains` does not escape
// LIKE's wildcards (a search for "a_b" would match "axb"), and the engine's scope becomes one
// `IN (subquery)` that both SQLite and PostgreSQL plan well. The scope still comes from
// engine.accessibleWhere — the mapping below only spells its clauses in SQL — so the panel and the
// REST API filter alike. Text is matched against lower-cased columns (email, username and the
// *Search copies), so the search is case-insensitive beyond ASCII on both databases.
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { Prisma } from '../../generated/sqlite/index.js';
import type { WhereMapping } from '../engine/where.ts';
import { userSearchPrismaWhere } from './search-prisma.ts';
import type { DisplayStatus } from './serialize.ts';
import { serializeUser, userSerializerSelect, type UserView } from './serialize.ts';

export interface UserSearchInput {
  readonly username?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly organizationId?: string | undefined;
  /** A role id, or a role key (`complianceOfficer`). */
  readonly role?: string | undefined;
  readonly status?: DisplayStatus | undefined;
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const sql = Prisma.sql;
const NOTHING = sql`1 = 0`;

/**
 * The engine's view scope, spelled in SQL over `"User" u`. A tenant clause is a correlated EXISTS
 * probing Membership's unique (userId, organizationId) index, so that the page query walks the users
 * in name order and stops after one page instead of collecting every member of every organisation in
 * reach and sorting them (what an `IN (subquery)` or an OR of indexable terms makes SQLite do).
 * On SQLite the organisation list is kept out of the index seek (`+column`): one seek on userId and a
 * look at the user's one or two memberships beats one seek per organisation in reach (50 for a root
 * officer, which made counting 100 000 users take 300 ms). PostgreSQL plans a hash semi-join itself.
 */
export function userSqlMapping(provider: 'sqlite' | 'postgresql'): WhereMapping<Prisma.Sql> {
  const organizationColumn = provider === 'sqlite' ? sql`+m."organizationId"` : sql`m."organizationId"`;
  return {
    tenant: (organizationIds) =>
      sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND ${organizationColumn} IN (${Prisma.join(organizationIds)}))`,
    own: (userId) => sql`u."id" = ${userId}`,
    self: (userId) => sql`u."id" = ${userId}`,
    and: (parts) => (parts.length === 0 ? sql`1 = 1` : sql`(${Prisma.join(parts, ' AND ')})`),
  };
}

/** `%`, `_` and the escape character itself match literally. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function contains(column: Prisma.Sql, text: string | undefined): Prisma.Sql | null {
  if (text === undefined || text === '') return null;
  return sql`${column} LIKE ${likeContains(text)} ESCAPE '\\'`;
}

function statusClause(status: DisplayStatus | undefined, now: Date): Prisma.Sql | null {
  const unlocked = sql`(u."lockedUntil" IS NULL OR u."lockedUntil" <= ${now})`;
  switch (status) {
    case undefined:
      return null;
    case 'enabled':
      return sql`u."status" = 'ACTIVE' AND ${unlocked}`;
    case 'invited':
      return sql`u."status" = 'INVITED' AND ${unlocked}`;
    case 'disabled':
      return sql`u."status" = 'DISABLED'`;
    case 'locked':
      return sql`u."status" <> 'DISABLED' AND u."lockedUntil" > ${now}`;
  }
}

function membershipClause(organizationId: string | undefined, role: string | undefined): Prisma.Sql | null {
  const parts: Prisma.Sql[] = [];
  if (organizationId !== undefined) parts.push(sql`m."organizationId" = ${organizationId}`);
  if (role !== undefined) parts.push(sql`m."roleId" IN (SELECT r."id" FROM "Role" r WHERE r."id" = ${role} OR r."key" = ${role})`);
  if (parts.length === 0) return null;
  // Driven from Membership's (organizationId, roleId) index: a few hundred rows, not every user.
  return sql`u."id" IN (SELECT m."userId" FROM "Membership" m WHERE ${Prisma.join(parts, ' AND ')})`;
}

/** The WHERE clause of a search: the actor's scope and the filters. Exported for the benchmark's query plans. */
export function userSearchWhere(ctx: GatehouseContext, who: Principal, input: UserSearchInput): Prisma.Sql {
  const scope = ctx.engine.accessibleWhere(who.actor, 'user.view', userSqlMapping(ctx.provider));
  // An organisation outside the actor's reach is searched as empty, not intersected: a visible user's
  // membership there would otherwise show (R-TENANT-1).
  if (scope.OR.length === 0 || (input.organizationId !== undefined && !who.actor.organizations.has(input.organizationId))) return NOTHING;
  const clauses = [
    sql`(${Prisma.join(scope.OR, ' OR ')})`,
    contains(sql`u."username"`, input.username),
    contains(sql`u."firstNameSearch"`, input.firstName),
    contains(sql`u."lastNameSearch"`, input.lastName),
    contains(sql`u."email"`, input.email),
    membershipClause(input.organizationId, input.role),
    statusClause(input.status, ctx.config.now()),
  ].filter((clause): clause is Prisma.Sql => clause !== null);
  return Prisma.join(clauses, ' AND ');
}

export const USER_SEARCH_ORDER = sql`u."lastNameSearch", u."firstNameSearch", u."id"`;

export async function searchUsers(ctx: GatehouseContext, who: Principal, input: UserSearchInput): Promise<Page<UserView>> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE)));
  const { ids, total } = ctx.provider === 'sqlite' ? await sqliteSearch(ctx, who, input, page, pageSize) : await prismaSearch(ctx, who, input, page, pageSize);
  const users = ids.length === 0 ? [] : await ctx.prisma.user.findMany({ where: { id: { in: ids } }, select: userSerializerSelect });
  const byId = new Map(users.map((user) => [user.id, user]));
  const now = ctx.config.now();
  const items = ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [serializeUser(user, who, now)] : [];
  });
  return { items, total, page, pageSize };
}

async function sqliteSearch(ctx: GatehouseContext, who: Principal, input: UserSearchInput, page: number, pageSize: number): Promise<{ ids: string[]; total: number }> {
  const where = userSearchWhere(ctx, who, input);
  const [rows, counted] = await Promise.all([
    ctx.prisma.$queryRaw<{ id: string }[]>(sql`SELECT u."id" FROM "User" u WHERE ${where} ORDER BY ${USER_SEARCH_ORDER} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    ctx.prisma.$queryRaw<{ n: bigint | number }[]>(sql`SELECT COUNT(*) AS n FROM "User" u WHERE ${where}`),
  ]);
  return { ids: rows.map((row) => row.id), total: Number(counted[0]?.n ?? 0) };
}

async function prismaSearch(ctx: GatehouseContext, who: Principal, input: UserSearchInput, page: number, pageSize: number): Promise<{ ids: string[]; total: number }> {
  const where = userSearchPrismaWhere(ctx, who, input);
  if (where === null) return { ids: [], total: 0 };
  const [rows, total] = await Promise.all([
    ctx.prisma.user.findMany({ where, select: { id: true }, orderBy: [{ lastNameSearch: 'asc' }, { firstNameSearch: 'asc' }, { id: 'asc' }], skip: (page - 1) * pageSize, take: pageSize }),
    ctx.prisma.user.count({ where }),
  ]);
  return { ids: rows.map((row) => row.id), total };
}

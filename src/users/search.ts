// GET /users: seed 002's user search (R-SEARCH-1) — partial username, first name, last name and
// e-mail; organisation, role and status; paged — over the rows the engine lets the actor view
// (R-TENANT-1), fast on 100 000 users (SPEC §9: p95 < 50 ms).
//
// Written as SQL on both databases rather than a Prisma `where`: Prisma's `contains` does not escape
// LIKE's wildcards (a search for "a_b" would match "axb"), its relation filters count through plans
// that visit every row, and the count below needs a shape Prisma cannot express. The scope still
// comes from engine.accessibleWhere — the mapping below only spells its clauses in SQL — so the
// panel and the REST API filter alike. Text is matched against lower-cased columns (email, username
// and the *Search copies), so the search is case-insensitive beyond ASCII on both databases.
//
// Indexes (prisma/migrations/*_search_indexes): User(lastNameSearch, firstNameSearch, id, username,
// email, status, lockedUntil) is walked in page order and holds every column a filter reads, so
// neither the page nor the count reads table rows on SQLite; Membership(organizationId, userId)
// serves the organisation filter and the unfiltered count. On PostgreSQL, pg_trgm GIN indexes on
// the four text columns find partial matches without reading every row.
import type { Principal } from '../authz/principal.ts';
import { sqlTable } from '../auth/sql-tables.ts';
import type { GatehouseContext } from '../context.ts';
import { Prisma } from '../../generated/sqlite/index.js';
import type { WhereMapping } from '../engine/where.ts';
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

type SearchContext = Pick<GatehouseContext, 'prisma' | 'provider' | 'engine' | 'config'>;

/** One clause of the engine's scope, with what the count needs to know about it. */
interface ScopeTerm {
  readonly sql: Prisma.Sql;
  /** Set on a plain tenant clause: the users with a membership in these organisations. */
  readonly organizationIds?: string[];
  /** Set when the clause can only match these users (own, self, or a conjunction with either). */
  readonly onlyUserIds?: string[];
}

/**
 * The engine's view scope over `"User" u`. A tenant clause is a correlated EXISTS probing
 * Membership's unique (userId, organizationId) index, so that the page query walks the users in
 * page order and stops after one page instead of collecting every member of every organisation in
 * reach and sorting them. On SQLite the organisation list is kept out of the index seek (`+column`):
 * one seek on userId and a look at the user's one or two memberships beats one seek per
 * organisation in reach. PostgreSQL plans a hash semi-join where that is cheaper.
 */
function scopeMapping(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, use: 'page' | 'count'): WhereMapping<ScopeTerm> {
  const membership = sqlTable(ctx, 'Membership');
  const organizationColumn = ctx.provider === 'sqlite' ? sql`+m."organizationId"` : sql`m."organizationId"`;
  // PostgreSQL turns an EXISTS under OR into a hashed subplan: every page query would read all
  // memberships in reach (100 000) to show 20 rows. `OFFSET 0` keeps the probe per row, so the page
  // walks User_search_idx and stops after one page; the count keeps the planner's choice.
  const probeOnly = ctx.provider === 'postgresql' && use === 'page' ? sql` OFFSET 0` : sql``;
  return {
    tenant: (organizationIds) =>
      organizationIds.length === 0
        ? { sql: NOTHING }
        : { sql: sql`EXISTS (SELECT 1 FROM ${membership} m WHERE m."userId" = u."id" AND ${organizationColumn} IN (${Prisma.join(organizationIds)})${probeOnly})`, organizationIds },
    own: (userId) => ({ sql: sql`u."id" = ${userId}`, onlyUserIds: [userId] }),
    self: (userId) => ({ sql: sql`u."id" = ${userId}`, onlyUserIds: [userId] }),
    and: (parts) => {
      if (parts.length === 0) return { sql: sql`1 = 1` };
      const only = parts.find((part) => part.onlyUserIds !== undefined)?.onlyUserIds;
      return { sql: sql`(${Prisma.join(parts.map((part) => part.sql), ' AND ')})`, ...(only ? { onlyUserIds: only } : {}) };
    },
  };
}

/** `%`, `_` and the escape character itself match literally. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function contains(column: Prisma.Sql, text: string | undefined): Prisma.Sql | null {
  if (text === undefined || text === '') return null;
  // A backslash escape is spelled the same on both databases (PostgreSQL with standard_conforming_strings).
  return sql`${column} LIKE ${likeContains(text)} ESCAPE '\\'`;
}

function statusClause(provider: GatehouseContext['provider'], status: DisplayStatus | undefined, now: Date): Prisma.Sql | null {
  // On SQLite `+` keeps User(status) out of the plan: seeking 92 % of the users by status and reading
  // each row costs more than checking the status held in the search index while walking it.
  const column = provider === 'sqlite' ? sql`+u."status"` : sql`u."status"`;
  const unlocked = sql`(u."lockedUntil" IS NULL OR u."lockedUntil" <= ${now})`;
  // R-STATE-2: a disable whose end has passed counts as active (src/users/disabled.ts).
  const disabledNow = sql`(${column} = 'DISABLED' AND (u."disabledUntil" IS NULL OR u."disabledUntil" > ${now}))`;
  switch (status) {
    case undefined:
      return null;
    case 'enabled':
      return sql`(${column} = 'ACTIVE' OR (${column} = 'DISABLED' AND u."disabledUntil" <= ${now})) AND ${unlocked}`;
    case 'invited':
      return sql`${column} = 'INVITED' AND ${unlocked}`;
    case 'disabled':
      return disabledNow;
    case 'locked':
      return sql`NOT ${disabledNow} AND u."lockedUntil" > ${now}`;
  }
}

function membershipClause(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, organizationId: string | undefined, role: string | undefined): Prisma.Sql | null {
  const parts: Prisma.Sql[] = [];
  if (organizationId !== undefined) parts.push(sql`m."organizationId" = ${organizationId}`);
  if (role !== undefined) parts.push(sql`m."roleId" IN (SELECT r."id" FROM ${sqlTable(ctx, 'Role')} r WHERE r."id" = ${role} OR r."key" = ${role})`);
  if (parts.length === 0) return null;
  // Driven from Membership's (organizationId, roleId) index: a few hundred rows, not every user.
  return sql`u."id" IN (SELECT m."userId" FROM ${sqlTable(ctx, 'Membership')} m WHERE ${Prisma.join(parts, ' AND ')})`;
}

interface SearchPlan {
  readonly scope: ScopeTerm[];
  readonly filters: Prisma.Sql[];
}

function searchPlan(ctx: SearchContext, who: Principal, input: UserSearchInput, use: 'page' | 'count'): SearchPlan | null {
  const scope = ctx.engine.accessibleWhere(who.actor, 'user.view', scopeMapping(ctx, use));
  // An organisation outside the actor's reach is searched as empty, not intersected: a visible user's
  // membership there would otherwise show (R-TENANT-1).
  if (scope.OR.length === 0 || (input.organizationId !== undefined && !who.actor.organizations.has(input.organizationId))) return null;
  const filters = [
    contains(sql`u."username"`, input.username),
    contains(sql`u."firstNameSearch"`, input.firstName),
    contains(sql`u."lastNameSearch"`, input.lastName),
    contains(sql`u."email"`, input.email),
    membershipClause(ctx, input.organizationId, input.role),
    statusClause(ctx.provider, input.status, ctx.config.now()),
  ].filter((clause): clause is Prisma.Sql => clause !== null);
  return { scope: scope.OR, filters };
}

function planWhere(plan: SearchPlan): Prisma.Sql {
  return Prisma.join([sql`(${Prisma.join(plan.scope.map((term) => term.sql), ' OR ')})`, ...plan.filters], ' AND ');
}

/** The WHERE clause of a search over `"User" u`: the actor's scope and the filters. Exported for the benchmark's query plans. */
export function userSearchWhere(ctx: SearchContext, who: Principal, input: UserSearchInput, use: 'page' | 'count' = 'page'): Prisma.Sql {
  const plan = searchPlan(ctx, who, input, use);
  return plan === null ? NOTHING : planWhere(plan);
}

export const USER_SEARCH_ORDER = sql`u."lastNameSearch", u."firstNameSearch", u."id"`;

/** The page's ids, in page order. Exported for the benchmark's query plans. */
export function userSearchPageSql(ctx: SearchContext, who: Principal, input: UserSearchInput, page: number, pageSize: number): Prisma.Sql {
  return sql`SELECT u."id" FROM ${sqlTable(ctx, 'User')} u WHERE ${userSearchWhere(ctx, who, input)} ORDER BY ${USER_SEARCH_ORDER} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
}

/**
 * The exact number of matches. Unfiltered, with the usual scope (one tenant clause, plus clauses that
 * can only match the actor's own row), it counts the distinct members of the organisations in reach
 * from Membership's indexes alone — a narrow index scan instead of one probe per user — and adds the
 * users the other clauses let in that are not members there (at most the actor). Otherwise it counts
 * over the search index, probing the scope only for rows that pass the filters.
 */
export function userSearchCountSql(ctx: SearchContext, who: Principal, input: UserSearchInput): Prisma.Sql {
  const plan = searchPlan(ctx, who, input, 'count');
  const users = sqlTable(ctx, 'User');
  if (plan === null) return sql`SELECT 0 AS n`;
  const tenants = plan.scope.filter((term) => term.organizationIds !== undefined);
  const others = plan.scope.filter((term) => term.organizationIds === undefined);
  const tenant = tenants[0];
  if (plan.filters.length === 0 && tenants.length === 1 && tenant?.organizationIds && others.every((term) => term.onlyUserIds !== undefined)) {
    // On SQLite, walking Membership's (userId, organizationId) index yields the user ids in order, so
    // DISTINCT only compares neighbours; seeking by organisation would sort 100 000 ids in a temp B-tree.
    const organizationColumn = ctx.provider === 'sqlite' ? sql`+m."organizationId"` : sql`m."organizationId"`;
    const membership = sqlTable(ctx, 'Membership');
    const inReach = Prisma.join(tenant.organizationIds);
    // An actor who reaches every organisation (a root administrator) sees every member: the same
    // walk without checking each membership's organisation against the list takes half the time.
    const members = sql`SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM ${sqlTable(ctx, 'Organization')} o WHERE o."id" NOT IN (${inReach}))
      THEN (SELECT COUNT(*) FROM (SELECT DISTINCT m."userId" FROM ${membership} m) AS members)
      ELSE (SELECT COUNT(*) FROM (SELECT DISTINCT m."userId" FROM ${membership} m WHERE ${organizationColumn} IN (${inReach})) AS members) END`;
    if (others.length === 0) return sql`SELECT (${members}) AS n`;
    const userIds = [...new Set(others.flatMap((term) => term.onlyUserIds ?? []))];
    const outsiders = sql`SELECT COUNT(*) FROM ${users} u WHERE u."id" IN (${Prisma.join(userIds)}) AND (${Prisma.join(others.map((term) => term.sql), ' OR ')}) AND NOT ${tenant.sql}`;
    return sql`SELECT (${members}) + (${outsiders}) AS n`;
  }
  return sql`SELECT COUNT(*) AS n FROM ${users} u WHERE ${planWhere(plan)}`;
}

export async function searchUsers(ctx: GatehouseContext, who: Principal, input: UserSearchInput): Promise<Page<UserView>> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE)));
  const [rows, counted] = await Promise.all([
    ctx.prisma.$queryRaw<{ id: string }[]>(userSearchPageSql(ctx, who, input, page, pageSize)),
    ctx.prisma.$queryRaw<{ n: bigint | number }[]>(userSearchCountSql(ctx, who, input)),
  ]);
  const ids = rows.map((row) => row.id);
  const total = Number(counted[0]?.n ?? 0);
  const users = ids.length === 0 ? [] : await ctx.prisma.user.findMany({ where: { id: { in: ids } }, select: userSerializerSelect });
  const byId = new Map(users.map((user) => [user.id, user]));
  const now = ctx.config.now();
  const items = ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [serializeUser(user, who, now)] : [];
  });
  return { items, total, page, pageSize };
}

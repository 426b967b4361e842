// The user search's statements (R-SEARCH-1, R-SEARCH-2), defined once for both databases, every
// value a bound parameter. Written as SQL rather than a Prisma `where`: Prisma's `contains` does
// not escape LIKE's wildcards, its relation filters count through plans that visit every row, and
// the keyset and capped count need shapes Prisma cannot express. The scope still comes from
// engine.accessibleWhere — the mapping below only spells its clauses in SQL — so the panel and the
// REST API filter alike.
//
// Two ways to find the rows that match the text filters (docs/search.md):
// - scan: walk User_search_idx (lastNameSearch, firstNameSearch, id, username, email, status,
//   lockedUntil, disabledUntil) in page order, checking every filter from the index alone, and stop after one
//   page — cheap when matches are common, since a page fills quickly;
// - fts (SQLite): take the candidate rows from the FTS5 trigram table UserSearchFts, then check
//   every filter (LIKE included) on the user's row and sort the few candidates — cheap when matches
//   are rare, where the scan would walk the whole index to fill a page or a count.
// On PostgreSQL the planner makes that choice itself, with pg_trgm GIN indexes on the four columns.
import type { Principal } from '../authz/principal.ts';
import { sqlTable } from '../auth/sql-tables.ts';
import type { GatehouseContext } from '../context.ts';
import { Prisma } from '../../generated/sqlite/index.js';
import type { WhereMapping } from '../engine/where.ts';
import { descendantsOf } from '../organizations/tree.ts';
import type { SortKey } from './search-cursor.ts';
import { statusClause } from './search-status.ts';
import { likeClause, type TextFilter, textFilters } from './search-text.ts';
import type { DisplayStatus } from './serialize.ts';

const sql = Prisma.sql;
const NOTHING = sql`1 = 0`;

/** A count stops here: more matches are reported as "more than TOTAL_CAP", not counted (R-SEARCH-2). */
export const TOTAL_CAP = 1000;

export type SearchContext = Pick<GatehouseContext, 'prisma' | 'provider' | 'engine' | 'config' | 'reads'>;

export interface SearchFilters {
  readonly username?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly organizationId?: string | undefined;
  /** With `organizationId`: its sub-organisations' members match too (the tree below it, in reach). */
  readonly subOrganizations?: boolean | undefined;
  /** A role id, or a role key (`complianceOfficer`). */
  readonly role?: string | undefined;
  readonly status?: DisplayStatus | undefined;
}

/**
 * The engine's view scope over `"User" u`. A tenant clause is a correlated EXISTS probing
 * Membership's unique (userId, organizationId) index, so that a query walking the users in page
 * order stops after one page instead of collecting every member of every organisation in reach. On
 * SQLite the organisation list is kept out of the index seek (`+column`): one seek on userId and a
 * look at the user's one or two memberships beats one seek per organisation in reach. PostgreSQL
 * turns an EXISTS under OR into a hashed subplan that reads every membership in reach (1 000 000)
 * before the first row; `OFFSET 0` keeps the probe per row, which is what a page and a capped
 * count want: they stop after a page or TOTAL_CAP rows, or visit only the few candidates of a
 * selective filter.
 */
function scopeMapping(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, now: Date): WhereMapping<Prisma.Sql> {
  const membership = sqlTable(ctx, 'Membership');
  const live = liveMembership(now);
  const organizationColumn = ctx.provider === 'sqlite' ? sql`+m."organizationId"` : sql`m."organizationId"`;
  const probeOnly = ctx.provider === 'postgresql' ? sql` OFFSET 0` : sql``;
  return {
    tenant: (organizationIds) =>
      organizationIds.length === 0
        ? NOTHING
        : sql`EXISTS (SELECT 1 FROM ${membership} m WHERE m."userId" = u."id" AND ${organizationColumn} IN (${Prisma.join(organizationIds)}) AND ${live}${probeOnly})`,
    own: (userId) => sql`u."id" = ${userId}`,
    self: (userId) => sql`u."id" = ${userId}`,
    and: (parts) => (parts.length === 0 ? sql`1 = 1` : sql`(${Prisma.join(parts, ' AND ')})`),
  };
}

/**
 * R-EXP-1: a membership whose end has come counts as absent, judged against the clock of this read:
 * its user is no longer a member of that organisation for the list, its scope or its filters.
 */
function liveMembership(now: Date): Prisma.Sql {
  return sql`(m."expiresAt" IS NULL OR m."expiresAt" > ${now})`;
}

/** The organisation and role filters: the (live) membership rows they select. */
function membershipRows(
  ctx: Pick<GatehouseContext, 'prisma' | 'provider'>,
  organizationIds: readonly string[],
  role: string | undefined,
  column: Prisma.Sql,
  now: Date,
): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (organizationIds.length === 1) parts.push(sql`${column} = ${organizationIds[0]}`);
  else if (organizationIds.length > 1) parts.push(sql`${column} IN (${Prisma.join(organizationIds)})`);
  if (role !== undefined) parts.push(sql`m."roleId" IN (SELECT r."id" FROM ${sqlTable(ctx, 'Role')} r WHERE r."id" = ${role} OR r."key" = ${role})`);
  if (parts.length > 0) parts.push(liveMembership(now));
  return parts;
}

/**
 * The organisation and role filters, two ways. `driven`: the users of the matching memberships,
 * found from Membership's (organizationId, roleId) index — right for a count, and for a page when
 * they are few. `probed`: one look per user at its own memberships, for a page over many matching
 * memberships on SQLite, which walks User_search_idx in page order and stops after one page instead
 * of reading and sorting every matching user (6 700 for one role in one of 50 organisations).
 */
function membershipClause(
  ctx: Pick<GatehouseContext, 'prisma' | 'provider'>,
  organizationIds: readonly string[],
  role: string | undefined,
  now: Date,
): MembershipClause | null {
  const membership = sqlTable(ctx, 'Membership');
  const driven = membershipRows(ctx, organizationIds, role, sql`m."organizationId"`, now);
  if (driven.length === 0) return null;
  const probed = membershipRows(ctx, organizationIds, role, ctx.provider === 'sqlite' ? sql`+m."organizationId"` : sql`m."organizationId"`, now);
  const conditions = Prisma.join(driven, ' AND ');
  return {
    driven: sql`u."id" IN (SELECT m."userId" FROM ${membership} m WHERE ${conditions})`,
    probed: sql`EXISTS (SELECT 1 FROM ${membership} m WHERE m."userId" = u."id" AND ${Prisma.join(probed, ' AND ')})`,
    rows: sql`SELECT 1 FROM ${membership} m WHERE ${conditions}`,
    conditions,
    oneOrganization: organizationIds.length === 1,
  };
}

export interface MembershipClause {
  readonly driven: Prisma.Sql;
  readonly probed: Prisma.Sql;
  /** The matching memberships, for the probe that picks between the two. */
  readonly rows: Prisma.Sql;
  /** The filters on a membership `m` itself, for a search that reads the organisation's members in order. */
  readonly conditions: Prisma.Sql;
  /** The filter names one organisation: each user has at most one membership in it. */
  readonly oneOrganization: boolean;
}

/** What one search checks on each row: the actor's scope, the text filters and the other filters. */
export interface SearchPlan {
  readonly scope: Prisma.Sql[];
  readonly texts: TextFilter[];
  readonly membership: MembershipClause | null;
  /** How a page checks the membership filters (search-path.ts chooses); a count always uses `driven`. */
  readonly pageMembership: 'driven' | 'probed';
  readonly others: Prisma.Sql[];
  /** The status filter asks for locked users only: the few rows User_locked_search_idx holds. */
  readonly lockedOnly: boolean;
  /** No status filter, or `enabled` (most users): the status thins the text's matches only a little. */
  readonly commonStatus: boolean;
}

/**
 * Null when nothing can match: no scope at all, or an organisation outside the actor's reach.
 * `below`: the organisations under `filters.organizationId`, when the filter includes them
 * (`subOrganizationsOf`); those outside the actor's reach are left out, as the organisation itself would be.
 */
export function searchPlan(ctx: SearchContext, who: Principal, filters: SearchFilters, below: readonly string[] = []): SearchPlan | null {
  const now = ctx.config.now();
  const scope = ctx.engine.accessibleWhere(who.actor, 'user.view', scopeMapping(ctx, now));
  // An organisation outside the actor's reach is searched as empty, not intersected: a visible user's
  // membership there would otherwise show (R-TENANT-1).
  if (scope.OR.length === 0 || (filters.organizationId !== undefined && !who.actor.organizations.has(filters.organizationId))) return null;
  const organizationIds = filters.organizationId === undefined ? [] : [filters.organizationId, ...below.filter((id) => who.actor.organizations.has(id))];
  const status = statusClause(ctx.provider, filters.status, now);
  // Every live member of an organisation the actor views all users of is in scope: filtered to such
  // organisations, the membership filter implies the scope, and no row needs its scope probed.
  const implied = organizationIds.length > 0 && organizationIds.every((id) => viewsEveryoneIn(ctx, who).has(id));
  return { scope: implied ? [] : scope.OR, texts: textFilters(filters), membership: membershipClause(ctx, organizationIds, filters.role, now), pageMembership: 'driven', others: status ? [status] : [], lockedOnly: filters.status === 'locked', commonStatus: filters.status === undefined || filters.status === 'enabled' };
}

/** The organisations where the engine lets the actor view every user (its unconditional tenant clause). */
function viewsEveryoneIn(ctx: SearchContext, who: Principal): ReadonlySet<string> {
  // Only a clause of its own reaches every user of its organisations; a tenant inside an AND (own
  // rows, scoped ids) reaches some of them, and is dropped with its AND.
  const mapping: WhereMapping<readonly string[] | null> = {
    tenant: (organizationIds) => organizationIds,
    own: () => null,
    ids: () => null,
    self: () => null,
    and: () => null,
  };
  const everywhere = new Set<string>();
  for (const clause of ctx.engine.accessibleWhere(who.actor, 'user.view', mapping).OR) for (const id of clause ?? []) everywhere.add(id);
  return everywhere;
}

/** The sub-organisations a search's organisation filter takes in: none unless it asks for them. */
export async function subOrganizationsOf(ctx: SearchContext, filters: SearchFilters): Promise<string[]> {
  return filters.organizationId !== undefined && filters.subOrganizations === true ? descendantsOf(ctx.prisma, filters.organizationId) : [];
}

/**
 * How the rows are found: walking User_search_idx, from the candidates of an FTS5 query (SQLite),
 * or from the locked users' index when the list asks for locked users only (SQLite; PostgreSQL's
 * planner finds that index by itself).
 */
export type TextPath = { readonly kind: 'scan' } | { readonly kind: 'fts'; readonly query: string } | { readonly kind: 'locked' } | { readonly kind: 'members' };

export const SCAN: TextPath = { kind: 'scan' };
export const LOCKED: TextPath = { kind: 'locked' };
/** One organisation's members in list order, from Membership_member_order_idx (its filter, and maybe a role's). */
export const MEMBERS: TextPath = { kind: 'members' };

export function planWhere(plan: SearchPlan, use: 'page' | 'count' = 'count', path: TextPath = SCAN): Prisma.Sql {
  const membership =
    plan.membership === null
      ? []
      : [path.kind === 'members' ? plan.membership.conditions : use === 'page' && plan.pageMembership === 'probed' ? plan.membership.probed : plan.membership.driven];
  const parts = [...userConditions(plan), ...membership];
  return parts.length > 0 ? Prisma.join(parts, ' AND ') : sql`1 = 1`;
}

/** What a search checks on the user's own row: scope, text and status. */
function userConditions(plan: SearchPlan): Prisma.Sql[] {
  const scope = plan.scope.length > 0 ? [sql`(${Prisma.join(plan.scope, ' OR ')})`] : [];
  return [...scope, ...plan.texts.map(likeClause), ...plan.others];
}

/**
 * The rows a statement reads. On the FTS path the candidates drive the join (CROSS JOIN fixes the
 * order in SQLite): each is one rowid seek into User, never a walk of the index probing each row.
 */
function source(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, plan: SearchPlan, path: TextPath): Prisma.Sql {
  const users = sqlTable(ctx, 'User');
  if (path.kind === 'scan') return sql`${users} u`;
  if (path.kind === 'members') {
    const membership = sqlTable(ctx, 'Membership');
    // The user's row is read only for what the membership's index cannot answer. SQLite's CROSS
    // JOIN keeps the membership index first; PostgreSQL's planner orders the join itself.
    if (userConditions(plan).length === 0) return ctx.provider === 'sqlite' ? sql`${membership} m INDEXED BY "Membership_member_order_idx"` : sql`${membership} m`;
    return ctx.provider === 'sqlite'
      ? sql`${membership} m INDEXED BY "Membership_member_order_idx" CROSS JOIN ${users} u ON u."id" = m."userId"`
      : sql`${membership} m JOIN ${users} u ON u."id" = m."userId"`;
  }
  // The status clause's `lockedUntil > now` is what this index answers: about one user in a hundred.
  if (path.kind === 'locked') return sql`${users} u INDEXED BY "User_locked_search_idx"`;
  return sql`(SELECT "rowid" AS r FROM "UserSearchFts" WHERE "UserSearchFts" MATCH ${path.query}) c CROSS JOIN ${users} u ON u."rowid" = c.r`;
}

/** How many memberships match, up to `limit`: the probe that chooses how a page checks them (SQLite only). */
export function membershipProbeSql(membership: MembershipClause, limit: number): Prisma.Sql {
  return sql`SELECT COUNT(*) AS n FROM (${membership.rows} LIMIT ${limit}) AS probe`;
}

/** How many FTS candidates there are, up to `limit`: the probe that chooses the path (SQLite only). */
export function ftsProbeSql(query: string, limit: number): Prisma.Sql {
  return sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "UserSearchFts" WHERE "UserSearchFts" MATCH ${query} LIMIT ${limit}) AS probe`;
}

/** Which rows of the order a page query reads (R-SEARCH-2). `before` and `last` read backwards. */
export type PageWindow =
  | { readonly kind: 'offset'; readonly offset: number; readonly limit: number }
  | { readonly kind: 'after'; readonly key: SortKey; readonly limit: number }
  | { readonly kind: 'before'; readonly key: SortKey; readonly limit: number }
  | { readonly kind: 'last'; readonly limit: number };

export interface KeyedRow {
  readonly id: string;
  readonly lastNameSearch: string;
  readonly firstNameSearch: string;
}

/** The list's order, on the user's row or on the membership's copy of it (the members path). */
interface SortColumns {
  readonly lastName: Prisma.Sql;
  readonly firstName: Prisma.Sql;
  readonly id: Prisma.Sql;
}

const USER_ORDER: SortColumns = { lastName: sql`u."lastNameSearch"`, firstName: sql`u."firstNameSearch"`, id: sql`u."id"` };
const MEMBER_ORDER: SortColumns = { lastName: sql`m."memberLastNameSearch"`, firstName: sql`m."memberFirstNameSearch"`, id: sql`m."userId"` };

function windowed(window: PageWindow, c: SortColumns): { seek: Prisma.Sql | null; order: Prisma.Sql; tail: Prisma.Sql } {
  const key = sql`(${c.lastName}, ${c.firstName}, ${c.id})`;
  const ascending = sql`${c.lastName}, ${c.firstName}, ${c.id}`;
  const descending = sql`${c.lastName} DESC, ${c.firstName} DESC, ${c.id} DESC`;
  const limit = sql`LIMIT ${window.limit}`;
  switch (window.kind) {
    case 'offset':
      return { seek: null, order: ascending, tail: sql`${limit} OFFSET ${window.offset}` };
    case 'after':
      return { seek: sql`${key} > (${window.key[0]}, ${window.key[1]}, ${window.key[2]})`, order: ascending, tail: limit };
    case 'before':
      return { seek: sql`${key} < (${window.key[0]}, ${window.key[1]}, ${window.key[2]})`, order: descending, tail: limit };
    case 'last':
      return { seek: null, order: descending, tail: limit };
  }
}

/** A page's ids with their sort keys (for the cursors), in the window's order. */
export function pageSql(ctx: SearchContext, plan: SearchPlan, path: TextPath, window: PageWindow): Prisma.Sql {
  const c = path.kind === 'members' ? MEMBER_ORDER : USER_ORDER;
  const { seek, order, tail } = windowed(window, c);
  const where = seek === null ? planWhere(plan, 'page', path) : sql`${planWhere(plan, 'page', path)} AND ${seek}`;
  return sql`SELECT ${c.id} AS "id", ${c.lastName} AS "lastNameSearch", ${c.firstName} AS "firstNameSearch" FROM ${source(ctx, plan, path)} WHERE ${where} ORDER BY ${order} ${tail}`;
}

/**
 * The number of matches, counted up to TOTAL_CAP + 1: exact when it is TOTAL_CAP or fewer,
 * otherwise "more than TOTAL_CAP". An exact count of 1 000 000 users visits every one of them
 * (460 ms on SQLite, 968 ms on PostgreSQL); the capped one stops after 1 001 matches.
 */
export function cappedCountSql(ctx: SearchContext, plan: SearchPlan, path: TextPath, order: CountOrder = 'planned'): Prisma.Sql {
  // OFFSET 0 fences the table off: the planner cannot look the filters up in an index through it.
  const from = order === 'stored' ? sql`(SELECT * FROM ${sqlTable(ctx, 'User')} OFFSET 0) u` : source(ctx, plan, path);
  return sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${planWhere(plan, 'count', path)} LIMIT ${TOTAL_CAP + 1}) AS capped`;
}

/**
 * How a PostgreSQL count reads the users: as the planner chooses, or the table in its stored order,
 * stopping at the count's cap (search-path.ts, chooseCountOrder).
 */
export type CountOrder = 'planned' | 'stored';

/**
 * PostgreSQL's own estimates, from its statistics and without running anything: how many users
 * the filters on the user's row (text and status) match, and how many users there are.
 */
export function matchEstimateSql(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, plan: SearchPlan): Prisma.Sql {
  const users = sqlTable(ctx, 'User');
  const own = [...plan.texts.map(likeClause), ...plan.others];
  const where = own.length > 0 ? Prisma.join(own, ' AND ') : sql`1 = 1`;
  return sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${users} u WHERE ${where} UNION ALL SELECT 1 FROM ${users} u`;
}

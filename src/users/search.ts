// GET /users: seed 002's user search (R-SEARCH-1) — partial username, first name, last name and
// e-mail; organisation, role and status; paged — over the rows the engine lets the actor view
// (R-TENANT-1), fast on 1 000 000 users (docs/search.md). Its total is exact up to TOTAL_CAP and
// "more than TOTAL_CAP" beyond; next/previous cursors page without OFFSET (R-SEARCH-2).
//
// Text is matched against lower-cased columns (email, username and the *Search copies), so the
// search is case-insensitive beyond ASCII on both databases. The statements are in search-sql.ts;
// the choice between the FTS5 index and the scan (SQLite) in search-path.ts; paging in search-paging.ts.
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { Prisma } from '../../generated/sqlite/index.js';
import type { PageCursor } from './search-cursor.ts';
import { lastPageNumber, numberedPosition, type PageTarget, positionOf, windowOf } from './search-paging.ts';
import { chooseCountOrder, chooseMembershipCheck, chooseRowSource, countWalkServesPage } from './search-path.ts';
import { cappedCountSql, type KeyedRow, type PageWindow, pageSql, planWhere, SCAN, type SearchContext, type SearchFilters, searchPlan, type SearchPlan, subOrganizationsOf, type TextPath, TOTAL_CAP } from './search-sql.ts';
import { serializeUser, type UserView } from './serialize.ts';
import { readSerializableUsers } from './user-row.ts';

export { likeContains } from './search-text.ts';
export { TOTAL_CAP } from './search-sql.ts';

export interface UserSearchInput extends SearchFilters {
  /** A page number, or `last`. */
  readonly page?: number | 'last' | undefined;
  readonly pageSize?: number | undefined;
  /** A `next` or `previous` of an earlier answer (decoded by the query schema). */
  readonly cursor?: PageCursor | undefined;
}

export interface Page<T> {
  readonly items: T[];
  /** The number of matches when `totalExact`; otherwise TOTAL_CAP, and more match. */
  readonly total: number;
  readonly totalExact: boolean;
  /** The page's number, counted from 1; null for a page counted from the end of a capped search. */
  readonly page: number | null;
  readonly pageSize: number;
  /** Cursors of the next and previous pages (`?cursor=`), null where there is none. */
  readonly next: string | null;
  readonly previous: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const NOTHING = Prisma.sql`1 = 0`;

/** The WHERE clause of a search over `"User" u` on the scan path: the actor's scope and the filters. */
export function userSearchWhere(ctx: SearchContext, who: Principal, input: SearchFilters): Prisma.Sql {
  const plan = searchPlan(ctx, who, input);
  return plan === null ? NOTHING : planWhere(plan);
}

function targetOf(input: UserSearchInput): PageTarget {
  if (input.cursor !== undefined) return { kind: 'cursor', cursor: input.cursor };
  if (input.page === 'last') return { kind: 'last' };
  return { kind: 'number', page: Math.max(1, Math.floor(input.page ?? 1)) };
}

async function cappedCount(ctx: SearchContext, plan: SearchPlan, path: TextPath): Promise<{ total: number; totalExact: boolean }> {
  const [row] = await ctx.reads.query('user_search_count', cappedCountSql(ctx, plan, path, await chooseCountOrder(ctx, plan, path)));
  const n = Number(row?.n ?? 0);
  return { total: Math.min(n, TOTAL_CAP), totalExact: n <= TOTAL_CAP };
}

const readWindow = async (ctx: SearchContext, plan: SearchPlan, path: TextPath, window: PageWindow, name = 'user_search_page') =>
  (await ctx.reads.query(name, pageSql(ctx, plan, path, window))) as unknown as KeyedRow[];

const readPage = (ctx: SearchContext, plan: SearchPlan, path: TextPath, target: PageTarget, pageSize: number) => readWindow(ctx, plan, path, windowOf(target, pageSize));

/** The statements one search runs, after the path is chosen: for the benchmark's query plans. */
export async function userSearchStatements(ctx: SearchContext, who: Principal, input: UserSearchInput, pageSize = DEFAULT_PAGE_SIZE) {
  const found = searchPlan(ctx, who, input, await subOrganizationsOf(ctx, input));
  if (found === null) return null;
  const path = await chooseRowSource(ctx, found);
  const plan = await chooseMembershipCheck(ctx, found, path);
  const countOrder = await chooseCountOrder(ctx, plan, path);
  // With `pageFromCount`, the first pages are cut from the count's walk, run as the page query with TOTAL_CAP + 1 rows.
  const pageFromCount = countWalkServesPage(ctx, plan, path);
  return { path: path.kind, countOrder, pageFromCount, page: pageSql(ctx, plan, path, windowOf(targetOf(input), pageSize)), count: cappedCountSql(ctx, plan, path, countOrder) };
}

async function usersInOrder(ctx: GatehouseContext, who: Principal, ids: string[]): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const users = await readSerializableUsers(ctx.reads, ids);
  const byId = new Map(users.map((user) => [user.id, user]));
  const now = ctx.config.now();
  return ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [serializeUser(user, who, now)] : [];
  });
}

export async function searchUsers(ctx: GatehouseContext, who: Principal, input: UserSearchInput): Promise<Page<UserView>> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE)));
  let target = targetOf(input);
  const found = searchPlan(ctx, who, input, await subOrganizationsOf(ctx, input));
  if (found === null) {
    const page = target.kind === 'number' ? target.page : target.kind === 'cursor' ? target.cursor.page : 1;
    return { items: [], total: 0, totalExact: true, page, pageSize, next: null, previous: null };
  }
  const path = await chooseRowSource(ctx, found);
  const plan = await chooseMembershipCheck(ctx, found, path);
  let counted: { total: number; totalExact: boolean };
  let read: KeyedRow[];
  if (target.kind === 'last') {
    // The last page of an exact total is a page by number: the same rows `page=n` gives.
    counted = await cappedCount(ctx, plan, path);
    if (counted.totalExact) target = { kind: 'number', page: lastPageNumber(counted.total, pageSize) };
    read = await readPage(ctx, plan, path, target, pageSize);
  } else if (target.kind === 'number' && target.page * pageSize < TOTAL_CAP && countWalkServesPage(ctx, plan, path)) {
    const walked = await readWindow(ctx, plan, path, { kind: 'offset', offset: 0, limit: TOTAL_CAP + 1 }, 'user_search_page_and_count');
    counted = { total: Math.min(walked.length, TOTAL_CAP), totalExact: walked.length <= TOTAL_CAP };
    read = walked.slice((target.page - 1) * pageSize, target.page * pageSize + 1);
  } else {
    [counted, read] = await Promise.all([cappedCount(ctx, plan, path), readPage(ctx, plan, path, target, pageSize)]);
  }
  let position = positionOf(target, pageSize, read);
  if (position === 'first') position = numberedPosition(1, pageSize, await readPage(ctx, plan, path, { kind: 'number', page: 1 }, pageSize));
  const items = await usersInOrder(ctx, who, position.rows.map((row) => row.id));
  const { total, totalExact } = counted;
  return { items, total, totalExact, page: position.page, pageSize, next: position.next, previous: position.previous };
}

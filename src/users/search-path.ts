// Which way the SQLite search finds its rows (docs/search.md): a probe of the FTS5 trigram index
// counts the text filters' candidates, up to a limit, before anything else runs.
//
// Few candidates: the FTS path reads just those rows and sorts them. Many: the scan path walks
// User_search_idx in page order, where common matches fill a page (and TOTAL_CAP + 1 matches of the
// capped count) after a short walk — "smy" matches one user in seven, so 1 001 matches come within
// 7 000 index entries, while the FTS path would read and sort 140 000 rows at 1 000 000 users.
// The probe itself stops at the limit, so it costs at most FTS_CANDIDATE_LIMIT index entries.
import type { GatehouseContext } from '../context.ts';
import { type CountOrder, ftsProbeSql, LOCKED, matchEstimateSql, MEMBERS, membershipProbeSql, SCAN, type SearchPlan, type TextPath, TOTAL_CAP } from './search-sql.ts';
import { ftsQuery } from './search-text.ts';

/** At most this many candidates take the FTS path: each costs a row read and a scope probe, about as much as the scan's walk at that count (docs/search.md). */
export const FTS_CANDIDATE_LIMIT = 5000;

export async function chooseTextPath(ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>, plan: SearchPlan, limit = FTS_CANDIDATE_LIMIT): Promise<TextPath> {
  // PostgreSQL's planner weighs its pg_trgm indexes against the scan with its own statistics.
  if (ctx.provider !== 'sqlite') return SCAN;
  const query = ftsQuery(plan.texts);
  if (query === null) return SCAN;
  const [probe] = await ctx.reads.query('user_search_text_probe', ftsProbeSql(query, limit + 1));
  return Number(probe?.n ?? 0) <= limit ? { kind: 'fts', query } : SCAN;
}

/**
 * Where a search's rows come from: the FTS candidates when the text filters have few; else the
 * locked users' index when only locked users are asked for (SQLite: one user in a hundred, where
 * the scan would walk the whole list to fill a page of a rare match); else, for one organisation,
 * its members in list order (Membership_member_order_idx: a page is the next entries of that
 * organisation, its role and expiry read from the index, where the scan would walk every user
 * before the organisation's 20th, 13 000 entries deep for one of 50 organisations); else the scan.
 */
export async function chooseRowSource(ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>, plan: SearchPlan): Promise<TextPath> {
  const text = plan.texts.length > 0 ? await chooseTextPath(ctx, plan) : SCAN;
  if (text.kind !== 'scan') return text;
  if (plan.lockedOnly && ctx.provider === 'sqlite') return LOCKED;
  return plan.membership?.oneOrganization === true ? MEMBERS : SCAN;
}

/**
 * Above this many matching memberships a SQLite page checks them user by user while walking the
 * list's order (at 2 000 of 1 000 000 users, one row in 500: a page of 20 within about 10 000 index
 * entries), below it reads those users and sorts them.
 */
export const MEMBERSHIP_SORT_LIMIT = 2000;

/** The plan with its page's way of checking the organisation and role filters chosen. */
export async function chooseMembershipCheck(ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>, plan: SearchPlan, path: TextPath, limit = MEMBERSHIP_SORT_LIMIT): Promise<SearchPlan> {
  // PostgreSQL's planner chooses between the two with its statistics; the FTS and locked paths have few candidates already.
  if (ctx.provider !== 'sqlite' || plan.membership === null || path.kind !== 'scan') return plan;
  const [probe] = await ctx.reads.query('user_search_membership_probe', membershipProbeSql(plan.membership, limit + 1));
  return Number(probe?.n ?? 0) > limit ? { ...plan, pageMembership: 'probed' } : plan;
}

/**
 * SQLite: whether the count's walk also serves the first pages. On SQLite's one connection the page
 * and the capped count run one after the other, and for a common pattern on the scan path both
 * walk User_search_idx from its start in page order (the count's own plan): the page's walk is the
 * beginning of the count's. So a page within the first TOTAL_CAP rows is cut from the count's walk
 * (TOTAL_CAP + 1 keys in page order) instead of walked again ("smy" + enabled at 1 000 000 users:
 * 7.4 + 2.6 ms → 7.6 ms). Not with a membership filter or a rare status, whose counts take another
 * index, nor on PostgreSQL, whose page and count run at once on two connections.
 */
export function countWalkServesPage(ctx: Pick<GatehouseContext, 'provider'>, plan: SearchPlan, path: TextPath): boolean {
  return ctx.provider === 'sqlite' && path.kind === 'scan' && plan.texts.length > 0 && plan.membership === null && plan.commonStatus;
}

/**
 * PostgreSQL: whether the capped count reads the table in its stored order. Through a trigram
 * index the planner first builds the bitmap of every row the pattern matches (142 000 entries for
 * "smy" at 1 000 000 users, 23 ms) before the LIMIT stops the count at TOTAL_CAP + 1 rows; the
 * table in stored order reaches that many matches after about TOTAL_CAP × users ÷ matches rows
 * (7 700 for "smy": 7–12 ms), but reads all of it for a rare pattern (200 ms for "mary_12"). A row
 * scanned costs about what a bitmap entry costs (0.2 and 0.16 µs measured), so the stored order is
 * chosen when it reads fewer: when matches² > TOTAL_CAP × users. Both numbers are the planner's
 * own estimates (one EXPLAIN, under a millisecond): they follow the table's statistics. A narrow
 * scope lowers the share of matches in reach for both ways alike, since both probe each match's
 * scope in turn; the membership filters keep the planner's choice (they drive the count from Membership).
 */
export async function chooseCountOrder(ctx: Pick<GatehouseContext, 'prisma' | 'provider' | 'reads'>, plan: SearchPlan, path: TextPath): Promise<CountOrder> {
  if (ctx.provider === 'sqlite' || path.kind !== 'scan' || plan.texts.length === 0 || plan.membership !== null) return 'planned';
  const [explained] = await ctx.reads.query('user_search_match_estimate', matchEstimateSql(ctx, plan));
  const estimates = estimatedRows(explained?.['QUERY PLAN']);
  return estimates !== null && readsFewerInStoredOrder(estimates.matches, estimates.users) ? 'stored' : 'planned';
}

/** The rule of chooseCountOrder, on its two estimates. */
export function readsFewerInStoredOrder(matches: number, users: number): boolean {
  return matches * matches > TOTAL_CAP * users;
}

/** The two branches' "Plan Rows" of matchEstimateSql's plan (JSON, as text or parsed); null if it has another shape. */
function estimatedRows(plan: unknown): { matches: number; users: number } | null {
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as unknown) : plan;
  const branches = (parsed as [{ Plan?: { Plans?: { 'Plan Rows'?: unknown }[] } }] | undefined)?.[0]?.Plan?.Plans;
  const [matches, users] = (branches ?? []).map((branch) => branch['Plan Rows']);
  return typeof matches === 'number' && typeof users === 'number' ? { matches, users } : null;
}

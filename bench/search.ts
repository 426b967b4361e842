// `npm run bench:search [-- --db postgres] [--users N] [--runs N]`: R-SEARCH-1 on 1 000 000 users
// (the default; a cached world file on SQLite, docs/search.md) across 50 organisations. Measures
// GET /admin/api/v1/users through HTTP on loopback, signed in as the root organisation's Compliance
// Officer (reaches all 50 organisations, so the scope covers every user), for five filter
// combinations, and prints each combination's query plans (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
// PostgreSQL) of the page and count queries, with the way each was chosen to read its rows. Last
// line: the worst combination's p50/p95.
import { principalFor } from '../src/authz/principal-loader.ts';
import { Prisma } from '../generated/sqlite/index.js';
import { userSearchStatements, type UserSearchInput } from '../src/users/search.ts';
import { argument, benchWorld } from './bench-world.ts';

const USERS = Number(argument('users', '1000000'));
const RUNS = Number(argument('runs', '200'));

const world = await benchWorld({ users: USERS, bulk: true });
const { gatehouse, baseUrl, cookie, organizationIds } = world;
const middleOrganization = organizationIds[17] as string;

const combinations: { name: string; query: UserSearchInput }[] = [
  { name: 'default list, page 1', query: {} },
  { name: 'last name "smy" + status enabled', query: { lastName: 'smy', status: 'enabled' } },
  { name: 'organisation + role', query: { organizationId: middleOrganization, role: 'standardUser' } },
  { name: 'username "mary_12" + e-mail "bench"', query: { username: 'mary_12', email: 'bench' } },
  { name: 'first name "zo" + status locked, page 3 of 10', query: { firstName: 'zo', status: 'locked', page: 3, pageSize: 10 } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const queryString = (query: UserSearchInput) => new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();

const principal = await principalFor(gatehouse.context, world.managerId, (await gatehouse.context.prisma.user.findUniqueOrThrow({ where: { id: world.managerId } })).accessVersion, '127.0.0.1', 'session');
const results: { name: string; p50: number; p95: number; total: number }[] = [];
for (const { name, query } of combinations) {
  const url = `${baseUrl}/admin/api/v1/users?${queryString(query)}`;
  let total = 0;
  for (let warm = 0; warm < 10; warm += 1) {
    const response = await fetch(url, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${await response.text()}`);
    total = ((await response.json()) as { total: number }).total;
  }
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  results.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), total });

  console.log(`\n${name}: ${total} matches, p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
  // The very SQL the search runs (src/users/search.ts).
  const statements = await userSearchStatements(gatehouse.context, principal, query, query.pageSize ?? 20);
  if (statements === null) throw new Error(`${name}: nothing to search`);
  const explain = world.provider === 'sqlite' ? Prisma.raw('EXPLAIN QUERY PLAN ') : Prisma.raw('EXPLAIN ');
  const listPlan = await gatehouse.context.prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${explain}${statements.page}`);
  const countPlan = await gatehouse.context.prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${explain}${statements.count}`);
  const lines = (rows: Record<string, unknown>[]) => rows.map((row) => `    ${String(row.detail ?? row['QUERY PLAN'])}`).join('\n');
  const shared = statements.pageFromCount ? ', the first pages cut from the count\'s walk, which is this query with more rows' : '';
  console.log(`  page query plan (${statements.path}${shared}):\n${lines(listPlan)}\n  count query plan (${statements.countOrder}):\n${lines(countPlan)}`);
}

console.log('\ncombination                                   matches    p50 ms   p95 ms');
for (const result of results) console.log(`${result.name.padEnd(45)} ${String(result.total).padStart(7)} ${result.p50.toFixed(2).padStart(9)} ${result.p95.toFixed(2).padStart(8)}`);
const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
await world.close();
console.log(`bench:search db=${world.provider === 'postgres' ? 'postgres' : 'sqlite'} users=${USERS} p50_ms=${worst.p50.toFixed(2)} p95_ms=${worst.p95.toFixed(2)}`);

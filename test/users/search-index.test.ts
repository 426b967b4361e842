// R-SEARCH-1 on both ways of finding the rows (src/users/search-sql.ts): the FTS5 trigram index
// (SQLite) and the walk of User_search_idx must answer exactly what the oracle computes from every
// user, for selective and unselective patterns, patterns too short for trigrams, characters LIKE or
// FTS5 treat specially, any letter case, and never a user outside the actor's organisations
// (R-TENANT-1). The index stays in step with inserts, updates and deletes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Prisma } from '../../generated/sqlite/index.js';
import { chooseCountOrder, chooseMembershipCheck, chooseRowSource, chooseTextPath, readsFewerInStoredOrder } from '../../src/users/search-path.ts';
import { sqlTable } from '../../src/auth/sql-tables.ts';
import { cappedCountSql, LOCKED, MEMBERS, pageSql, SCAN, searchPlan, type TextPath, TOTAL_CAP } from '../../src/users/search-sql.ts';
import { ftsQuery, textFilters } from '../../src/users/search-text.ts';
import type { UserSearchInput } from '../../src/users/search.ts';
import { BULK, searchWorld, type SearchWorld } from './search-world.ts';

let s: SearchWorld;
before(async () => {
  s = await searchWorld();
});
after(() => s.w.close());

const ctx = () => s.w.t.gatehouse.context;
const sqlite = () => ctx().provider === 'sqlite';

/** Every way this database can find the rows of `input`: the scan, and on SQLite the FTS5 index when the text allows it. */
function pathsOf(input: UserSearchInput): TextPath[] {
  const query = ftsQuery(textFilters(input));
  if (!sqlite()) return [SCAN];
  return [SCAN, ...(query !== null ? [{ kind: 'fts', query } as const] : []), ...(input.status === 'locked' ? [LOCKED] : [])];
}

async function idsVia(path: TextPath, user: 'owner' | 'northCo', input: UserSearchInput): Promise<{ ids: string[]; counted: number }> {
  const plan = searchPlan(ctx(), await s.principal(user), input);
  assert.ok(plan);
  const rows = await ctx().prisma.$queryRaw<{ id: string }[]>(pageSql(ctx(), plan, path, { kind: 'offset', offset: 0, limit: 5000 }));
  const [count] = await ctx().prisma.$queryRaw<{ n: bigint | number }[]>(cappedCountSql(ctx(), plan, path));
  return { ids: rows.map((row) => row.id).sort(), counted: Number(count?.n) };
}

const patterns: UserSearchInput[] = [
  { lastName: 'smy' },
  { lastName: 'SMYTHE', status: 'enabled' },
  { lastName: 'o"b' },
  { lastName: '"' },
  { lastName: 'b%c' },
  { lastName: 'b_c' },
  { lastName: '%' },
  { lastName: '_' },
  { lastName: 's' },
  { lastName: 'sm' },
  { lastName: 'ÜNDER' },
  { firstName: 'zoë' },
  { firstName: 'ZO' },
  { firstName: 'é' },
  { username: 'bulk_10', email: 'bulk.test' },
  { username: 'under_' },
  { email: '@BULK' },
  { lastName: 'smythe', firstName: 'an' },
  { lastName: 'nobody-is-called-this' },
  { lastName: 'smi', status: 'disabled' },
  { status: 'locked' },
  { firstName: 'zo', status: 'locked' },
  { lastName: 'smythe', status: 'locked' },
];

test('R-SEARCH-1 / R-TENANT-1: the FTS5 path and the scan answer the same rows as the oracle, for every kind of pattern', async () => {
  for (const input of patterns) {
    for (const user of ['owner', 'northCo'] as const) {
      const expected = await s.expected(user, input);
      assert.ok(expected.every((id) => !id.startsWith('outsider')), 'the oracle keeps to the actor too');
      for (const path of pathsOf(input)) {
        const found = await idsVia(path, user, input);
        assert.deepEqual(found.ids, expected, `${JSON.stringify(input)} as ${user} via ${path.kind}`);
        assert.equal(found.counted, Math.min(expected.length, TOTAL_CAP + 1), `count of ${JSON.stringify(input)} via ${path.kind}`);
      }
    }
  }
});

test('R-SEARCH-1: patterns of one or two characters cannot use the trigram index; three or more can, quotes included', () => {
  assert.equal(ftsQuery([{ column: 'lastNameSearch', text: 'sm' }]), null);
  assert.equal(ftsQuery([{ column: 'lastNameSearch', text: 'zë' }]), null);
  assert.equal(ftsQuery([{ column: 'lastNameSearch', text: 'zoë' }]), 'lastNameSearch : "zoë"');
  assert.equal(ftsQuery([{ column: 'lastNameSearch', text: 'o"b' }, { column: 'email', text: 'ab' }]), 'lastNameSearch : "o""b"');
  assert.equal(ftsQuery([{ column: 'username', text: 'a%_*:' }]), 'username : "a%_*:"');
});

test('R-SEARCH-1: the probe takes the index for a selective pattern and the scan for a common one; REST answers alike', async () => {
  const owner = await s.w.as('owner');
  const planOf = async (input: UserSearchInput) => {
    const found = searchPlan(ctx(), await s.principal('owner'), input);
    assert.ok(found);
    return found;
  };
  // "o\"b" matches 22 of 1 100; "bulk" matches all of them.
  const selective = await chooseTextPath(ctx(), await planOf({ lastName: 'o"b' }));
  const common = await chooseTextPath(ctx(), await planOf({ username: 'bulk' }), 100);
  assert.equal(selective.kind, sqlite() ? 'fts' : 'scan');
  assert.equal(common.kind, 'scan');
  for (const input of [{ lastName: 'o"b' }, { username: 'bulk_1', lastName: 'smythe' }] as Record<string, string>[]) {
    const answer = await owner.call('get', `/users?${new URLSearchParams({ ...input, pageSize: '100' })}`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.items.map((item: { id: string }) => item.id).sort(), await s.expected('owner', input));
  }
});

test('R-SEARCH-1: on SQLite a selective search reads the FTS5 index, not the whole user list; on PostgreSQL the scope is probed per row, never hashed', async () => {
  const found = searchPlan(ctx(), await s.principal('owner'), { lastName: 'o"b', status: 'enabled' });
  assert.ok(found);
  const path = await chooseTextPath(ctx(), found);
  const explain = Prisma.raw(sqlite() ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ');
  for (const statement of [pageSql(ctx(), found, path, { kind: 'offset', offset: 0, limit: 21 }), cappedCountSql(ctx(), found, path)]) {
    const plan = (await ctx().prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${explain}${statement}`)).map((row) => String(row.detail ?? row['QUERY PLAN']));
    if (sqlite()) {
      assert.ok(plan.some((line) => /VIRTUAL TABLE INDEX/.test(line) && /UserSearchFts/.test(line)), plan.join('\n'));
      assert.ok(!plan.some((line) => /^SCAN u\b/.test(line)), `no walk of every user:\n${plan.join('\n')}`);
      assert.ok(plan.some((line) => /SEARCH u USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(line)), plan.join('\n'));
    } else {
      assert.ok(plan.some((line) => /SubPlan/.test(line)), plan.join('\n'));
      assert.ok(!plan.some((line) => /hashed SubPlan/.test(line)), `the scope is probed per row:\n${plan.join('\n')}`);
    }
  }
});

test('R-SEARCH-1: on SQLite a list of locked users reads the locked users\' index, not every user in page order', async () => {
  const found = searchPlan(ctx(), await s.principal('owner'), { firstName: 'zo', status: 'locked' });
  assert.ok(found);
  const path = await chooseRowSource(ctx(), found);
  assert.equal(path.kind, sqlite() ? 'locked' : 'scan');
  if (!sqlite()) return;
  for (const statement of [pageSql(ctx(), found, path, { kind: 'offset', offset: 10, limit: 11 }), cappedCountSql(ctx(), found, path)]) {
    const plan = (await ctx().prisma.$queryRaw<{ detail: string }[]>(Prisma.sql`EXPLAIN QUERY PLAN ${statement}`)).map((row) => row.detail);
    assert.ok(plan.some((line) => /SEARCH u USING (COVERING )?INDEX User_locked_search_idx \(lockedUntil>\?\)/.test(line)), plan.join('\n'));
  }
  // A selective text still takes the FTS candidates, locked or not.
  const text = searchPlan(ctx(), await s.principal('owner'), { lastName: 'o"b', status: 'locked' });
  assert.ok(text);
  assert.equal((await chooseRowSource(ctx(), text)).kind, 'fts');
});

test('R-SEARCH-1: the index follows users created, renamed and removed', async () => {
  const owner = await s.w.as('owner');
  const byLastName = async (text: string) =>
    (await owner.call('get', `/users?lastName=${encodeURIComponent(text)}`)).body.items.map((item: { username: string }) => item.username);
  const id = await s.w.member('fresh_one', [{ organizationId: s.w.org.south, roleKey: 'standardUser' }], { firstName: 'Quentin', lastName: 'Quixotic' });
  assert.deepEqual(await byLastName('xoti'), ['fresh_one']);
  await ctx().prisma.user.update({ where: { id }, data: { lastName: 'Zanzibar', lastNameSearch: 'zanzibar' } });
  assert.deepEqual(await byLastName('xoti'), []);
  assert.deepEqual(await byLastName('NZIB'), ['fresh_one']);
  await ctx().prisma.user.update({ where: { id }, data: { username: 'renamed_one' } });
  assert.deepEqual((await owner.call('get', '/users?username=med_on')).body.items.map((item: { username: string }) => item.username), ['renamed_one']);
  await ctx().prisma.membership.deleteMany({ where: { userId: id } });
  await ctx().prisma.user.delete({ where: { id } });
  assert.deepEqual(await byLastName('nzib'), []);
  if (sqlite()) {
    // FTS5 checks its index against the User rows it was built from; an index out of step fails here.
    await ctx().prisma.$executeRawUnsafe(`INSERT INTO "UserSearchFts" ("UserSearchFts", "rank") VALUES ('integrity-check', 1)`);
    const [indexed] = await ctx().prisma.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n FROM "UserSearchFts" WHERE "UserSearchFts" MATCH 'email : "bulk.test"'`);
    assert.equal(Number(indexed?.n), BULK);
  }
});

test('R-SEARCH-1: a page checking organisation and role user by user finds what the membership-driven page finds', async () => {
  const who = await s.principal('owner');
  for (const input of [{ organizationId: s.w.org.north, role: 'standardUser' }, { role: 'builtin:standardUser', lastName: 'smythe' }, { organizationId: s.w.org.south }] as UserSearchInput[]) {
    const plan = searchPlan(ctx(), who, input);
    assert.ok(plan?.membership);
    const probed = await chooseMembershipCheck(ctx(), plan, SCAN, 0);
    assert.equal(probed.pageMembership, sqlite() ? 'probed' : 'driven');
    const page = async (p: typeof plan) => (await ctx().prisma.$queryRaw<{ id: string }[]>(pageSql(ctx(), p, SCAN, { kind: 'offset', offset: 0, limit: 5000 }))).map((row) => row.id);
    const driven = await page(plan);
    assert.ok(driven.length > 0, JSON.stringify(input));
    assert.deepEqual(await page({ ...plan, pageMembership: 'probed' }), driven, JSON.stringify(input));
  }
});

/** The page's ids in order, and its capped count, through one path. */
async function orderedVia(path: TextPath, user: 'owner' | 'northCo', input: UserSearchInput): Promise<{ ids: string[]; counted: number }> {
  const plan = searchPlan(ctx(), await s.principal(user), input);
  assert.ok(plan);
  const rows = await ctx().prisma.$queryRaw<{ id: string }[]>(pageSql(ctx(), plan, path, { kind: 'offset', offset: 0, limit: 5000 }));
  const [count] = await ctx().prisma.$queryRaw<{ n: bigint | number }[]>(cappedCountSql(ctx(), plan, path));
  return { ids: rows.map((row) => row.id), counted: Number(count?.n) };
}

test('R-SEARCH-1 / R-TENANT-1: one organisation\'s members read in order from the membership index are the scan\'s rows in the scan\'s order', async () => {
  const inputs: UserSearchInput[] = [
    { organizationId: s.w.org.south },
    { organizationId: s.w.org.north, role: 'standardUser' },
    { organizationId: s.w.org.south, role: 'builtin:standardUser', lastName: 'smythe' },
    { organizationId: s.w.org.south, status: 'disabled' },
    { organizationId: s.w.org.north, firstName: 'zo' },
  ];
  let compared = 0;
  for (const user of ['owner', 'northCo'] as const) {
    for (const input of inputs) {
      const plan = searchPlan(ctx(), await s.principal(user), input);
      if (plan === null) continue;
      if (input.lastName === undefined && input.firstName === undefined) assert.equal((await chooseRowSource(ctx(), plan)).kind, 'members', JSON.stringify(input));
      const scan = await orderedVia(SCAN, user, input);
      const members = await orderedVia(MEMBERS, user, input);
      assert.deepEqual(members.ids, scan.ids, `${user} ${JSON.stringify(input)}`);
      compared += members.ids.length;
      assert.equal(members.counted, scan.counted, `${user} ${JSON.stringify(input)}`);
    }
  }
  assert.ok(compared > 2 * 1000, `rows compared: ${compared}`);
  // Sub-organisations bring several memberships per user: those searches keep the scan.
  const tree = searchPlan(ctx(), await s.principal('owner'), { organizationId: s.w.org.acme }, [s.w.org.north, s.w.org.south]);
  assert.ok(tree);
  assert.equal((await chooseRowSource(ctx(), tree)).kind, 'scan');
});

test('R-SEARCH-1: a page of one organisation\'s members reads Membership_member_order_idx, and not every user in page order', async () => {
  const found = searchPlan(ctx(), await s.principal('owner'), { organizationId: s.w.org.south, role: 'standardUser' });
  assert.ok(found);
  const path = await chooseRowSource(ctx(), found);
  const explain = Prisma.raw(sqlite() ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ');
  for (const statement of [pageSql(ctx(), found, path, { kind: 'offset', offset: 0, limit: 21 }), cappedCountSql(ctx(), found, path)]) {
    const plan = (await ctx().prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`${explain}${statement}`)).map((row) => String(row.detail ?? row['QUERY PLAN']));
    if (sqlite()) {
      assert.ok(plan.some((line) => /SEARCH m USING COVERING INDEX Membership_member_order_idx \(organizationId=\?\)/.test(line)), plan.join('\n'));
      assert.ok(!plan.some((line) => /\bu\b/.test(line) || /TEMP B-TREE/.test(line)), `the index alone, in order:\n${plan.join('\n')}`);
    } else {
      assert.ok(!plan.some((line) => /Seq Scan on "?User"?/.test(line)), `no walk of every user:\n${plan.join('\n')}`);
    }
  }
});

test('R-SEARCH-1: the members\' order follows users renamed, memberships added and moved, on both databases', async () => {
  const owner = await s.w.as('owner');
  const southList = async () => (await owner.call('get', `/users?organizationId=${s.w.org.south}&pageSize=100`)).body.items.map((item: { username: string }) => item.username);
  const id = await s.w.member('aaa_first', [{ organizationId: s.w.org.north, roleKey: 'standardUser' }], { firstName: 'Aaron', lastName: 'Aardvark' });
  assert.ok(!(await southList()).includes('aaa_first'));
  // A membership added later takes the user's names.
  await ctx().prisma.membership.create({ data: { userId: id, organizationId: s.w.org.south, roleId: (await ctx().prisma.role.findFirstOrThrow({ where: { key: 'standardUser', organizationId: null } })).id } });
  assert.equal((await southList())[0], 'aaa_first');
  // A rename moves the user in every organisation's order.
  await ctx().prisma.user.update({ where: { id }, data: { lastName: 'Zzyzx', lastNameSearch: 'zzyzx' } });
  assert.equal((await southList()).at(-1), 'aaa_first');
  const rows = await ctx().prisma.membership.findMany({ where: { userId: id }, select: { memberLastNameSearch: true, memberFirstNameSearch: true } });
  assert.deepEqual(rows, [{ memberLastNameSearch: 'zzyzx', memberFirstNameSearch: 'aaron' }, { memberLastNameSearch: 'zzyzx', memberFirstNameSearch: 'aaron' }]);
  // A copy written by anyone but the triggers is put back.
  await ctx().prisma.membership.updateMany({ where: { userId: id }, data: { memberLastNameSearch: 'aaa' } });
  assert.equal((await southList()).at(-1), 'aaa_first');
  await ctx().prisma.membership.deleteMany({ where: { userId: id } });
  await ctx().prisma.user.delete({ where: { id } });
});

test('R-SEARCH-1: on PostgreSQL a pattern shorter than a trigram is checked on the rows the other filters find, never looked up in the trigram index', async (t) => {
  if (sqlite()) return t.diagnostic('SQLite never looks up LIKE in an index; its paths are checked above');
  const found = searchPlan(ctx(), await s.principal('owner'), { firstName: 'zo', status: 'locked' });
  assert.ok(found);
  const path = await chooseRowSource(ctx(), found);
  const explain = async (statement: Prisma.Sql) =>
    ctx().prisma.$transaction(async (tx) => {
      // With sequential scans priced out, an index the pattern could use is the planner's first choice.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return (await tx.$queryRaw<Record<string, unknown>[]>(Prisma.sql`EXPLAIN ${statement}`)).map((row) => String(row['QUERY PLAN']));
    });
  for (const statement of [pageSql(ctx(), found, path, { kind: 'offset', offset: 10, limit: 11 }), cappedCountSql(ctx(), found, path)]) {
    const plan = await explain(statement);
    assert.ok(!plan.some((line) => /trgm/.test(line)), plan.join('\n'));
  }
  // Three characters or more: the trigram index is there to be used.
  const longer = searchPlan(ctx(), await s.principal('owner'), { firstName: 'zoe', status: 'locked' });
  assert.ok(longer);
  assert.ok((await explain(cappedCountSql(ctx(), longer, await chooseRowSource(ctx(), longer)))).some((line) => /firstNameSearch_trgm/.test(line)));
});

test('R-SEARCH-2: on PostgreSQL the count of a common pattern reads the table in stored order up to its cap, a rare one keeps the trigram index, and both count what the oracle counts', async (t) => {
  // At the bench's million users: "smy" (142 192 estimated matches) reads about 7 000 rows in
  // stored order; "mary_12" (100) would read them all.
  assert.equal(readsFewerInStoredOrder(142_192, 1_000_000), true);
  assert.equal(readsFewerInStoredOrder(100, 1_000_000), false);
  if (sqlite()) return t.diagnostic('SQLite has no bitmap to build first: its count follows the path chosen above');
  await ctx().prisma.$executeRawUnsafe(`ANALYZE ${sqlTable(ctx(), 'User').sql}`);
  const planOf = async (input: UserSearchInput) => {
    const found = searchPlan(ctx(), await s.principal('owner'), input);
    assert.ok(found);
    return found;
  };
  // "bulk" is in every bulk user's name (1 100 of the 1 100 and a few); "o\"b" in 22 of them.
  const common = await planOf({ username: 'bulk' });
  const rare = await planOf({ lastName: 'o"b' });
  assert.equal(await chooseCountOrder(ctx(), common, SCAN), 'stored');
  assert.equal(await chooseCountOrder(ctx(), rare, SCAN), 'planned');
  assert.equal(await chooseCountOrder(ctx(), await planOf({ username: 'bulk', organizationId: s.w.org.north }), SCAN), 'planned', 'a membership filter drives the count from Membership');
  const plan = (await ctx().prisma.$queryRaw<Record<string, unknown>[]>(Prisma.sql`EXPLAIN ${cappedCountSql(ctx(), common, SCAN, 'stored')}`)).map((row) => String(row['QUERY PLAN']));
  assert.ok(plan.some((line) => /Seq Scan on "?User"?/.test(line)) && !plan.some((line) => /trgm|Bitmap Heap Scan on "?User"?/.test(line)), plan.join('\n'));
  for (const input of [{ username: 'bulk' }, { lastName: 'o"b' }, { lastName: 'smythe', status: 'enabled' }] as UserSearchInput[]) {
    const expected = Math.min((await s.expected('owner', input)).length, TOTAL_CAP + 1);
    for (const order of ['stored', 'planned'] as const) {
      const [count] = await ctx().prisma.$queryRaw<{ n: bigint | number }[]>(cappedCountSql(ctx(), await planOf(input), SCAN, order));
      assert.equal(Number(count?.n), expected, `${JSON.stringify(input)} counted in ${order} order`);
    }
  }
});

test('R-SEARCH-1: a search runs its statements on the read connection, whose PostgreSQL sessions never JIT-compile', async () => {
  const reads = ctx().reads;
  const ran = () => [...reads.executed].filter(([name]) => name.startsWith('user_search_')).reduce((sum, [, count]) => sum + count, 0);
  const before = ran();
  const owner = await s.w.as('owner');
  const answer = await owner.call('get', `/users?${new URLSearchParams({ lastName: 'smythe', status: 'enabled' })}`);
  assert.equal(answer.status, 200);
  assert.ok(ran() >= before + 2, 'the probe, the count and the page (or the page cut from the count) went through the read connection');
  if (!sqlite()) {
    const [setting] = await reads.query('jit_setting', Prisma.sql`SHOW jit`);
    assert.equal(setting?.jit, 'off');
  }
});

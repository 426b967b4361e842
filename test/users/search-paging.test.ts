// R-SEARCH-2: the user list's total is exact up to the cap and says "more" beyond it; next and
// previous cursors give the very pages `page=n` gives; the last page is reachable either way; a
// malformed cursor is 400 problem+json.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeCursor } from '../../src/users/search-cursor.ts';
import { TOTAL_CAP, type UserSearchInput } from '../../src/users/search.ts';
import type { ApiClient } from '../support/agent.ts';
import { searchWorld, type SearchWorld } from './search-world.ts';

let s: SearchWorld;
let owner: ApiClient;
before(async () => {
  s = await searchWorld();
  owner = await s.w.as('owner');
});
after(() => s.w.close());

interface Answer {
  items: { id: string }[];
  total: number;
  totalExact: boolean;
  page: number | null;
  pageSize: number;
  next: string | null;
  previous: string | null;
}

async function search(query: Record<string, string>): Promise<Answer> {
  const answer = await owner.call('get', `/users?${new URLSearchParams(query)}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as Answer;
}

const ids = (answer: Answer) => answer.items.map((item) => item.id);

test('R-SEARCH-2: up to the cap the total is exact; beyond it the answer says more match, not how many', async () => {
  const everyone = await search({});
  assert.equal(everyone.totalExact, false);
  assert.equal(everyone.total, TOTAL_CAP);
  assert.ok((await s.expected('owner', {})).length > TOTAL_CAP);
  const smythes = await search({ lastName: 'SMY' });
  assert.equal(smythes.totalExact, true);
  assert.equal(smythes.total, (await s.expected('owner', { lastName: 'smy' })).length);
  const none = await search({ lastName: 'nobody-is-called-this' });
  assert.deepEqual([none.total, none.totalExact, none.items, none.next, none.previous], [0, true, [], null, null]);
});

/** Follows `next` from page 1 to the end, then `previous` back to page 1, comparing each page with `page=n`. */
async function walk(query: Record<string, string>, pages: number): Promise<void> {
  const byNumber: Answer[] = [];
  for (let page = 1; page <= pages; page += 1) byNumber.push(await search({ ...query, page: String(page) }));
  let current = byNumber[0] as Answer;
  assert.equal(current.previous, null);
  for (let page = 2; page <= pages; page += 1) {
    assert.ok(current.next, `page ${page - 1} has a next`);
    current = await search({ ...query, cursor: current.next });
    assert.deepEqual(ids(current), ids(byNumber[page - 1] as Answer), `next to page ${page}`);
    assert.equal(current.page, page);
  }
  for (let page = pages - 1; page >= 1; page -= 1) {
    assert.ok(current.previous, `page ${page + 1} has a previous`);
    current = await search({ ...query, cursor: current.previous });
    assert.deepEqual(ids(current), ids(byNumber[page - 1] as Answer), `previous to page ${page}`);
    assert.equal(current.page, page);
  }
  assert.equal(current.previous, null);
}

test('R-SEARCH-2: next and previous cursors give exactly the numbered pages, filtered and not, case-insensitively', async () => {
  const smythes = await search({ lastName: 'smythe', pageSize: '7' });
  const pages = Math.ceil(smythes.total / 7);
  await walk({ lastName: 'SmYtHe', pageSize: '7' }, pages);
  const last = await search({ lastName: 'smythe', pageSize: '7', page: String(pages) });
  assert.equal(last.next, null, 'the last page has no next');
  // Over a capped total, the first pages all the same.
  await walk({ pageSize: '50' }, 4);
});

test('R-SEARCH-2: pages cut from the count\'s walk (SQLite, a common pattern on the scan path) are the pages the cursors give, with the same total', async () => {
  // Two letters take the scan (no trigram); neither filter is selective.
  const queries: Record<string, string>[] = [{ lastName: 'sm' }, { lastName: 'S', status: 'enabled' }, { email: 'bu', status: 'enabled' }];
  for (const query of queries) {
    const expected = await s.expected('owner', query as UserSearchInput);
    const first = await search({ ...query, pageSize: '20' });
    assert.equal(first.total, Math.min(expected.length, TOTAL_CAP), JSON.stringify(query));
    assert.equal(first.totalExact, expected.length <= TOTAL_CAP, JSON.stringify(query));
    await walk({ ...query, pageSize: '20' }, Math.min(4, Math.ceil(first.total / 20)));
  }
});

test('R-SEARCH-2: the last page of an exact total is the last numbered page', async () => {
  const first = await search({ lastName: 'smythe', pageSize: '9' });
  const number = Math.ceil(first.total / 9);
  const last = await search({ lastName: 'smythe', pageSize: '9', page: 'last' });
  assert.equal(last.page, number);
  assert.deepEqual(ids(last), ids(await search({ lastName: 'smythe', pageSize: '9', page: String(number) })));
  assert.equal(last.next, null);
});

test('R-SEARCH-2: the last page of a capped total is the end of the order, and previous pages lead back to page 1', async () => {
  const expected = await s.expected('owner', { username: 'bulk' });
  assert.ok(expected.length > TOTAL_CAP);
  const last = await search({ username: 'bulk', pageSize: '100', page: 'last' });
  assert.equal(last.totalExact, false);
  assert.equal(last.page, null);
  assert.equal(last.next, null);
  assert.equal(last.items.length, 100);
  // Walking back from the end visits every match once, in order, and ends on the whole first page.
  const seen = [...ids(last)];
  let current = last;
  while (current.previous !== null) {
    current = await search({ username: 'bulk', pageSize: '100', cursor: current.previous });
    seen.unshift(...ids(current));
  }
  assert.equal(current.page, 1);
  assert.deepEqual(ids(current), ids(await search({ username: 'bulk', pageSize: '100', page: '1' })));
  const overlap = seen.length - new Set(seen).size;
  assert.deepEqual([...new Set(seen)].sort(), expected);
  assert.ok(overlap < 100, 'only the first page may repeat rows of the page after it');
});

test('R-SEARCH-2: a cursor never reaches past the actor\'s organisations (R-TENANT-1)', async () => {
  // A forged cursor placed before every name: the next page is still the actor's own first users.
  const forged = encodeCursor({ direction: 'after', key: ['', '', '0'], page: 2 });
  const page = await search({ cursor: forged, pageSize: '100' });
  assert.ok(page.items.every((item) => !item.id.startsWith('outsider')));
  const outsider = await s.w.t.prisma.user.findFirstOrThrow({ where: { id: { startsWith: 'outsider' } } });
  const next = await search({ cursor: encodeCursor({ direction: 'after', key: [outsider.lastNameSearch, outsider.firstNameSearch, outsider.id], page: null }) });
  assert.ok(next.items.every((item) => !item.id.startsWith('outsider')));
});

test('R-SEARCH-2: a malformed cursor, or a cursor with a page, is 400 problem+json', async () => {
  const good = (await search({ pageSize: '5' })).next as string;
  const bad = ['x', '!!!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["a","x","y","",1]').toString('base64url'), Buffer.from('["z","x","y","id",1]').toString('base64url'), 'A'.repeat(2001)];
  for (const cursor of bad) {
    const answer = await owner.call('get', `/users?cursor=${encodeURIComponent(cursor)}`);
    assert.equal(answer.status, 400, cursor);
    assert.equal(answer.body.code, 'INVALID_INPUT');
    assert.match(String(answer.headers['content-type']), /application\/problem\+json/);
  }
  assert.equal((await owner.call('get', `/users?cursor=${good}&page=2`)).status, 400);
  assert.equal((await owner.call('get', '/users?page=first')).status, 400);
});

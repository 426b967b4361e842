// GET /users: seed 002's user search (R-SEARCH-1) within the actor's organisations (R-TENANT-1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
  await w.member('under_score', [{ organizationId: w.org.north, roleKey: 'standardUser' }], { firstName: 'Zoë', lastName: 'Ünderwood' });
  await w.member('underxscore', [{ organizationId: w.org.north, roleKey: 'standardUser' }], { firstName: 'Zed', lastName: 'Percent%' });
  await w.t.prisma.user.update({ where: { id: w.users.billing }, data: { status: 'DISABLED' } });
});
after(() => w.close());

type Item = { id: string; username: string };
const names = (body: { items: Item[] }) => body.items.map((item) => item.username).sort();

test('R-SEARCH-1 / R-TENANT-1: by default an officer lists every user of their organisation and its sub-organisations, and no one else', async () => {
  const answer = await (await w.as('owner')).call('get', '/users');
  assert.equal(answer.status, 200);
  assert.deepEqual(names(answer.body), ['advanced', 'auditor', 'billing', 'northco', 'owner', 'standard', 'under_score', 'underxscore']);
  assert.equal(answer.body.total, 8);
  assert.equal(answer.body.page, 1);
  assert.equal(answer.body.pageSize, 20);
  const north = await (await w.as('northCo')).call('get', '/users');
  assert.deepEqual(names(north.body), ['advanced', 'northco', 'under_score', 'underxscore']);
});

test('R-SELF-2: a user without user.view sees only themself', async () => {
  const answer = await (await w.as('standard')).call('get', '/users');
  assert.deepEqual(names(answer.body), ['standard']);
  // Filtered to their own organisation too: membership there does not put the others in reach.
  assert.deepEqual(names((await (await w.as('standard')).call('get', `/users?organizationId=${w.org.acme}`)).body), ['standard']);
  assert.deepEqual(names((await (await w.as('standard')).call('get', `/users?organizationId=${w.org.acme}&role=auditor`)).body), []);
});

test('R-SEARCH-1: partial, case-insensitive username, first name, last name and e-mail', async () => {
  const co = await w.as('owner');
  assert.deepEqual(names((await co.call('get', '/users?username=ADV')).body), ['advanced']);
  assert.deepEqual(names((await co.call('get', '/users?firstName=aud')).body), ['auditor']);
  assert.deepEqual(names((await co.call('get', '/users?lastName=STANDARD')).body), ['standard']);
  assert.deepEqual(names((await co.call('get', '/users?email=CO%40EXAMPLE')).body), ['northco']);
  // Beyond ASCII: the lower-cased copies make "ÜNDER" find "Ünderwood".
  assert.deepEqual(names((await co.call('get', `/users?lastName=${encodeURIComponent('ÜNDER')}`)).body), ['under_score']);
  assert.deepEqual(names((await co.call('get', `/users?firstName=${encodeURIComponent('ZOË')}`)).body), ['under_score']);
});

test('R-SEARCH-1: LIKE wildcards in the search text match literally', async () => {
  const co = await w.as('owner');
  assert.deepEqual(names((await co.call('get', '/users?username=under_')).body), ['under_score']);
  assert.deepEqual(names((await co.call('get', `/users?lastName=${encodeURIComponent('%')}`)).body), ['underxscore']);
  assert.deepEqual(names((await co.call('get', `/users?username=${encodeURIComponent('\\')}`)).body), []);
});

test('R-SEARCH-1: by organisation, role (id or key) and status', async () => {
  const co = await w.as('owner');
  assert.deepEqual(names((await co.call('get', `/users?organizationId=${w.org.south}`)).body), ['billing']);
  assert.deepEqual(names((await co.call('get', '/users?role=builtin:advancedUser')).body), ['advanced']);
  assert.deepEqual(names((await co.call('get', `/users?role=standardUser&organizationId=${w.org.north}`)).body), ['under_score', 'underxscore']);
  assert.deepEqual(names((await co.call('get', '/users?status=disabled')).body), ['billing']);
  assert.equal((await co.call('get', '/users?status=enabled')).body.total, 7);
  assert.equal((await co.call('get', '/users?status=invited')).body.total, 0);
  // R-TENANT-1: another account's organisation is searched as empty, not revealed.
  const foreign = await co.call('get', `/users?organizationId=${w.org.other}`);
  assert.equal(foreign.status, 200);
  assert.equal(foreign.body.total, 0);
});

test('R-SEARCH-1: an organisation filter may take in its sub-organisations, only those the caller reaches', async () => {
  const co = await w.as('owner');
  assert.deepEqual(names((await co.call('get', `/users?organizationId=${w.org.acme}`)).body), ['auditor', 'owner', 'standard']);
  const tree = await co.call('get', `/users?organizationId=${w.org.acme}&subOrganizations=true`);
  assert.equal(tree.status, 200);
  assert.deepEqual(names(tree.body), ['advanced', 'auditor', 'billing', 'northco', 'owner', 'standard', 'under_score', 'underxscore']);
  assert.deepEqual(names((await co.call('get', `/users?organizationId=${w.org.acme}&subOrganizations=false`)).body), ['auditor', 'owner', 'standard']);
  assert.deepEqual(names((await co.call('get', `/users?organizationId=${w.org.acme}&subOrganizations=true&role=standardUser`)).body), ['standard', 'under_score', 'underxscore']);
  // Acme North's officer does not reach Acme itself: the filter finds nobody, sub-organisations or not.
  assert.equal((await (await w.as('northCo')).call('get', `/users?organizationId=${w.org.acme}&subOrganizations=true`)).body.total, 0);
  assert.equal((await co.call('get', `/users?organizationId=${w.org.acme}&subOrganizations=yes`)).status, 400);
});

test('R-SEARCH-1: pages through results in a stable order (last name, first name), with total', async () => {
  const co = await w.as('owner');
  const seen: string[] = [];
  for (let page = 1; page <= 3; page += 1) {
    const answer = await co.call('get', `/users?pageSize=3&page=${page}`);
    assert.equal(answer.body.total, 8);
    assert.equal(answer.body.pageSize, 3);
    seen.push(...answer.body.items.map((item: Item) => item.username));
  }
  assert.equal(seen.length, 8);
  assert.equal(new Set(seen).size, 8);
  assert.deepEqual((await co.call('get', '/users?pageSize=3&page=9')).body.items, []);
});

test('bad input: pageSize over 100, unknown filters, bad status are 400', async () => {
  const co = await w.as('owner');
  for (const query of ['pageSize=101', 'page=0', 'status=gone', 'password=x', 'username=a&username=b', 'pageSize=abc']) {
    const answer = await co.call('get', `/users?${query}`);
    assert.equal(answer.status, 400, query);
    assert.equal(answer.body.code, 'INVALID_INPUT');
  }
});

test('not signed in: 401', async () => {
  const { default: request } = await import('supertest');
  assert.equal((await request(w.t.app).get('/admin/api/v1/users')).status, 401);
});

// The REST API's route table (src/http/route-table.ts) matches paths as Express did when each route
// was mounted on its own: case-insensitively, with an optional trailing slash, parameters decoded,
// HEAD answered by the GET route, routes tried in declaration order, and anything else a 404
// problem. Guarded by R-TENANT-1 like every read: what a path names outside the caller's reach is
// still "not found".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API } from '../support/agent.ts';
import { world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('R-TENANT-1: a route is found whatever the letter case or a trailing slash, its parameter decoded; HEAD is the GET route without a body', async () => {
  const owner = await w.as('owner');
  const plain = await owner.call('get', `/users/${w.users.standard}`);
  assert.equal(plain.status, 200);
  assert.equal(plain.body.id, w.users.standard);
  for (const path of [`/users/${w.users.standard}/`, `/USERS/${w.users.standard}`, `/users/${encodeURIComponent(w.users.standard)}`]) {
    const answer = await owner.call('get', path);
    assert.equal(answer.status, 200, path);
    assert.deepEqual(answer.body, plain.body, path);
  }
  const head = await owner.agent.head(`${API}/users/${w.users.standard}`);
  assert.equal(head.status, 200);
  assert.equal(head.text, undefined);
  // A literal segment declared before a parameter wins, as in declaration order.
  assert.equal((await owner.call('get', '/me')).body.id, w.users.owner);
  // Out of reach is not found, never forbidden.
  assert.equal((await owner.call('get', `/users/${w.users.stranger}`)).status, 404);
});

test('bad input: an unknown route, a known path with the wrong method, or one segment too many is a 404 problem, and changes nothing', async () => {
  const owner = await w.as('owner');
  const before = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } });
  for (const [method, path] of [
    ['get', '/no-such-thing'],
    ['delete', `/users/${w.users.standard}/lock`],
    ['post', `/users/${w.users.standard}/lock/again`],
    ['get', ''],
  ] as const) {
    const answer = await owner.call(method, path);
    assert.equal(answer.status, 404, `${method} ${path}`);
    assert.match(answer.headers['content-type'] ?? '', /application\/problem\+json/, `${method} ${path}`);
  }
  assert.deepEqual(await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } }), before);
});

test('the API\'s JSON is its own: a host app\'s `json spaces` setting does not reformat it', async () => {
  const owner = await w.as('owner');
  w.t.app.set('json spaces', 2);
  try {
    const answer = await owner.call('get', `/users/${w.users.standard}`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers['content-type'] ?? '', /^application\/json; charset=utf-8$/);
    assert.ok(!answer.text.includes('\n'), 'compact JSON');
    assert.equal(Number(answer.headers['content-length']), Buffer.byteLength(answer.text));
  } finally {
    w.t.app.set('json spaces', undefined);
  }
});

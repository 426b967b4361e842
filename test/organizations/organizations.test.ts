// GET/POST /organizations, GET/PATCH /organizations/:id.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('R-TENANT-1: the tree in reach — an officer of the root sees its sub-organisations, a sub-officer only theirs', async () => {
  const root = await (await w.as('owner')).call('get', '/organizations');
  assert.equal(root.status, 200);
  assert.equal(root.body.total, 3);
  assert.equal(root.body.items.length, 1);
  assert.equal(root.body.items[0].name, 'Acme');
  assert.deepEqual(root.body.items[0].children.map((child: { name: string }) => child.name), ['Acme North', 'Acme South']);
  const north = await (await w.as('northCo')).call('get', '/organizations');
  assert.deepEqual(north.body.items.map((node: { name: string; parentId: string }) => [node.name, node.parentId]), [['Acme North', w.org.acme]]);
  const standard = await (await w.as('standard')).call('get', '/organizations');
  assert.equal(standard.body.total, 0, 'seed 002: Standard Users have no organisation management');
  assert.equal((await (await w.as('owner')).call('get', `/organizations/${w.org.other}`)).status, 404);
});

test('POST: an officer creates a sub-organisation under one in reach, audited; the officer reaches it at once', async () => {
  const co = await w.as('owner');
  const created = await co.call('post', '/organizations', { name: 'Acme West', parentId: w.org.north });
  assert.equal(created.status, 201);
  assert.equal(created.body.parentId, w.org.north);
  const tree = await co.call('get', '/organizations');
  assert.equal(tree.body.total, 4);
  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'org.manage', targetId: created.body.id } });
  assert.equal(event.outcome, 'ALLOWED');
  assert.equal(event.organizationId, w.org.north);
});

test('POST: root organisations are not created through the API (400); out-of-reach parents are 404; R-READ-1 and R-PERM-1 deny', async () => {
  const co = await w.as('owner');
  assert.equal((await co.call('post', '/organizations', { name: 'New Root' })).status, 400);
  assert.equal((await co.call('post', '/organizations', { name: 'Sneaky', parentId: w.org.other })).status, 404);
  assert.equal((await co.call('post', '/organizations', { name: '', parentId: w.org.acme })).status, 400);
  const auditor = await (await w.as('auditor')).call('post', '/organizations', { name: 'Nope', parentId: w.org.acme });
  assert.equal(auditor.status, 403);
  assert.equal(auditor.body.rule, 'R-READ-1');
  const standard = await (await w.as('standard')).call('post', '/organizations', { name: 'Nope', parentId: w.org.acme });
  assert.equal(standard.body.rule, 'R-PERM-1');
});

test('PATCH: rename and disable; unknown fields and empty bodies are 400; another account is 404', async () => {
  const co = await w.as('owner');
  const renamed = await co.call('patch', `/organizations/${w.org.south}`, { name: 'Acme Southern', status: 'DISABLED' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'Acme Southern');
  assert.equal(renamed.body.status, 'DISABLED');
  assert.equal((await co.call('patch', `/organizations/${w.org.south}`, {})).status, 400);
  assert.equal((await co.call('patch', `/organizations/${w.org.south}`, { parentId: null })).status, 400);
  assert.equal((await co.call('patch', `/organizations/${w.org.south}`, { status: 'ARCHIVED' })).status, 400);
  assert.equal((await co.call('patch', `/organizations/${w.org.other}`, { name: 'Mine' })).status, 404);
  assert.equal((await w.t.prisma.organization.findUniqueOrThrow({ where: { id: w.org.other } })).name, 'Other Corp');
});

// GET /users/:id/effective-permissions: per organisation in the caller's scope, what the engine
// lets the user do — the role's grants minus switched-off rights (R-ACC-1), narrowed by scope
// (R-SCOPE-1); out of scope is a 404 (R-TENANT-1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bumpAccess } from '../../src/authz/access-version.ts';
import type { ApiClient } from '../support/agent.ts';
import { company, type Company } from './fixture.ts';

let c: Company;
let admin: ApiClient;

before(async () => {
  c = await company();
  admin = await c.client('admin');
});
after(() => c.close());

type Held = { permission: string; unconditional: boolean; own: boolean; scoped: boolean; instances: Record<string, string[]> | null };

test('R-ACC-1, R-SCOPE-1: the role\'s permissions minus switched-off rights, narrowed to the scoped instances', async () => {
  await c.ctx.prisma.membership.updateMany({
    where: { userId: c.operator },
    data: { disabledRights: JSON.stringify(['transaction.refund']), scope: JSON.stringify({ report: ['12', '40'] }) },
  });
  await bumpAccess(c.ctx.prisma, { id: c.operator });
  const response = await admin.call('get', `/users/${c.operator}/effective-permissions`);
  assert.equal(response.status, 200);
  assert.equal(response.body.userId, c.operator);
  assert.equal(response.body.organizations.length, 1);
  const [acme] = response.body.organizations;
  assert.equal(acme.organizationId, c.acme);
  assert.equal(acme.organizationName, 'Acme');
  assert.equal(acme.role.key, 'operations');
  assert.deepEqual(acme.switchedOff, ['transaction.refund']);
  assert.deepEqual(acme.scope, { report: ['12', '40'] });
  const held = new Map<string, Held>(acme.permissions.map((entry: Held) => [entry.permission, entry]));
  assert.equal(held.has('transaction.refund'), false);
  assert.equal(held.get('transaction.view')?.unconditional, true);
  // Unconditional report grants narrow to the scoped instances.
  assert.deepEqual(held.get('report.view'), { permission: 'report.view', label: 'View reports', unconditional: false, own: false, scoped: true, instances: { report: ['12', '40'] } });
});

test('R-SELF-2: every user sees their own effective permissions; the owner holds everything', async () => {
  const owner = await c.client('owner');
  const response = await owner.call('get', `/users/${c.owner}/effective-permissions`);
  assert.equal(response.status, 200);
  const [acme] = response.body.organizations;
  assert.equal(acme.isOwner, true);
  assert.equal(acme.permissions.length, Object.keys(c.ctx.catalog).length);
  const operator = await c.client('operator');
  assert.equal((await operator.call('get', `/users/${c.operator}/effective-permissions`)).status, 200);
});

test('R-PERM-1: without user.view another user\'s permissions are refused', async () => {
  const operator = await c.client('operator');
  const response = await operator.call('get', `/users/${c.accountant}/effective-permissions`);
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-PERM-1');
});

test('R-TENANT-1: a user of another company is a 404, and a shared user shows only the organisations in scope', async () => {
  const globex = await c.client('globex-owner');
  assert.equal((await globex.call('get', `/users/${c.operator}/effective-permissions`)).status, 404);
  assert.equal((await admin.call('get', '/users/no-such-user/effective-permissions')).status, 404);

  const both = await c.member('both', c.acme, 'operations');
  await c.ctx.prisma.membership.create({ data: { userId: both, organizationId: c.globex, roleId: 'builtin:admin' } });
  const seenByAcme = await admin.call('get', `/users/${both}/effective-permissions`);
  assert.deepEqual(seenByAcme.body.organizations.map((entry: { organizationId: string }) => entry.organizationId), [c.acme]);
  const seenByGlobex = await globex.call('get', `/users/${both}/effective-permissions`);
  assert.deepEqual(seenByGlobex.body.organizations.map((entry: { organizationId: string }) => entry.organizationId), [c.globex]);
});

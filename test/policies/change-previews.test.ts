// R-POL-2 beyond a policy's grants: a role's list of policies, one user's access rights and one
// user's role are previewed the same way — who gains and who loses which permission, computed by
// the engine over the holders — and each save carrying the preview's version is refused (409) when
// the holders changed meanwhile. Decided as the change itself; nothing is stored or audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiClient } from '../support/agent.ts';
import { company, type Company } from '../roles/fixture.ts';
import { world } from '../users/world.ts';

let c: Company;
let owner: ApiClient;
let roleId: string;
let roleKey: string;
let desk: string;
let reports: string;

type Impact = { permission: string; holders: number; first: string[] };
const permissions = (entries: Impact[]) => entries.map((entry) => [entry.permission, entry.holders]);

before(async () => {
  c = await company();
  owner = await c.client('owner');
  desk = (await owner.call('post', '/policies', { organizationId: c.acme, name: 'Desk', grants: ['page.dashboard', 'transaction.view'] })).body.id;
  reports = (await owner.call('post', '/policies', { organizationId: c.acme, name: 'Reports', grants: ['report.view'] })).body.id;
  const role = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Desk staff', policyIds: [desk] });
  roleId = role.body.id;
  roleKey = role.body.key;
  for (const name of ['bo', 'al']) await c.member(`staff-${name}`, c.acme, roleKey);
});
after(() => c.close());

test("R-POL-2: a role's new list of policies is previewed over every member holding it, then saved with the preview's version", async () => {
  const events = await c.ctx.prisma.auditEvent.count();
  const answer = await owner.call('post', `/roles/${roleId}/impact`, { policyIds: [desk, reports] });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.holders, 2);
  assert.deepEqual(answer.body.firstAffected, ['staff-al -', 'staff-bo -']);
  assert.deepEqual(permissions(answer.body.gains), [['report.view', 2]]);
  assert.deepEqual(answer.body.losses, []);
  assert.equal(await c.ctx.prisma.rolePolicy.count({ where: { roleId } }), 1, 'nothing stored');
  assert.equal(await c.ctx.prisma.auditEvent.count(), events, 'nothing audited');

  const saved = await owner.call('patch', `/roles/${roleId}`, { policyIds: [desk, reports], previewVersion: answer.body.version });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(await c.ctx.prisma.rolePolicy.count({ where: { roleId } }), 2);
});

test('R-POL-2: once someone joined the role, the older preview\'s version is refused 409 and the policy list stays', async () => {
  const stale = (await owner.call('post', `/roles/${roleId}/impact`, { policyIds: [desk] })).body.version;
  await c.member('staff-cy', c.acme, roleKey);
  const refused = await owner.call('patch', `/roles/${roleId}`, { policyIds: [desk], previewVersion: stale });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /Who holds this role has changed since the preview/);
  assert.equal(await c.ctx.prisma.rolePolicy.count({ where: { roleId } }), 2);
  const fresh = await owner.call('post', `/roles/${roleId}/impact`, { policyIds: [desk] });
  assert.deepEqual(permissions(fresh.body.losses), [['report.view', 3]]);
});

test("R-POL-2, R-ESC-1: a user's role change is previewed with every access right of the new role on, decided as the change is", async () => {
  const user = await c.member('staff-eve', c.acme, roleKey);
  await owner.call('patch', `/roles/${roleId}`, { policyIds: [desk, reports] });
  const operations = await c.roleId(c.acme, 'operations');
  const answer = await owner.call('post', `/users/${user}/role/impact`, { organizationId: c.acme, roleId: operations });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.holders, 1);
  // Desk staff hold the dashboard, transactions and reports; Operations adds refunds and exports.
  assert.ok(permissions(answer.body.gains).some(([permission]) => permission === 'transaction.refund'), JSON.stringify(answer.body));
  assert.deepEqual(answer.body.losses, []);
  const saved = await owner.call('put', `/users/${user}/role`, { organizationId: c.acme, roleId: operations, previewVersion: answer.body.version });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  // Decided as the change: an operator may not change roles; another company's user is not found.
  const operator = await c.client('operator');
  assert.equal((await operator.call('post', `/users/${user}/role/impact`, { organizationId: c.acme, roleId: operations })).status, 403);
  const globex = await c.client('globex-owner');
  assert.equal((await globex.call('post', `/users/${user}/role/impact`, { organizationId: c.acme, roleId: operations })).status, 404);
});

test("R-POL-2, R-ACC-1: switching a user's access right off is previewed as that user's loss, and a stale preview is refused", async () => {
  // Seed 002's roles come with access rights to switch (seed 004's have none).
  const w = await world();
  const officer = await w.as('owner');
  const user = w.users.standard;
  const rights = await officer.call('get', `/users/${user}/access-rights?organizationId=${w.org.acme}`);
  assert.equal(rights.status, 200, JSON.stringify(rights.body));
  const keys = (rights.body.accessRights as { key: string; enabled: boolean }[]).filter((right) => right.enabled).map((right) => right.key);
  assert.ok(keys.length > 1, JSON.stringify(rights.body));
  const kept = keys.slice(1);
  const answer = await officer.call('post', `/users/${user}/access-rights/impact`, { organizationId: w.org.acme, accessRights: kept });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.holders, 1);
  assert.deepEqual(answer.body.firstAffected, ['Stan Standard']);
  assert.ok(answer.body.losses.length > 0);
  assert.deepEqual(answer.body.gains, []);

  // The user's role changes meanwhile: the preview no longer describes them.
  const saved = await officer.call('put', `/users/${user}/access-rights`, { organizationId: w.org.acme, accessRights: kept, previewVersion: answer.body.version });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  // The user's rights change again meanwhile: the older preview no longer describes them.
  const older = (await officer.call('post', `/users/${user}/access-rights/impact`, { organizationId: w.org.acme, accessRights: keys })).body.version;
  await officer.call('put', `/users/${user}/access-rights`, { organizationId: w.org.acme, accessRights: keys.slice(2) });
  const refused = await officer.call('put', `/users/${user}/access-rights`, { organizationId: w.org.acme, accessRights: keys, previewVersion: older });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /This user's access has changed since the preview/);
  const after = await officer.call('get', `/users/${user}/access-rights?organizationId=${w.org.acme}`);
  assert.equal((after.body.accessRights as { enabled: boolean }[]).filter((right) => right.enabled).length, keys.length - 2, 'the refused save changed nothing');
  await w.close();
});

test('bad input: previews and saves with a malformed body or version are 400 and change nothing', async () => {
  assert.equal((await owner.call('post', `/roles/${roleId}/impact`, { policyIds: 'all' })).status, 400);
  assert.equal((await owner.call('post', `/roles/${roleId}/impact`, { policyIds: [desk], extra: 1 })).status, 400);
  assert.equal((await owner.call('patch', `/roles/${roleId}`, { policyIds: [desk], previewVersion: 'nope' })).status, 400);
  assert.equal((await owner.call('patch', `/roles/${roleId}`, { previewVersion: 'a'.repeat(16) })).status, 400);
  assert.equal((await owner.call('post', `/users/${c.admin}/role/impact`, { organizationId: c.acme })).status, 400);
  assert.equal((await owner.call('post', `/users/${c.admin}/access-rights/impact`, { organizationId: c.acme, accessRights: [7] })).status, 400);
  assert.equal(await c.ctx.prisma.rolePolicy.count({ where: { roleId } }), 2);
});

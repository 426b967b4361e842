// GET/POST/PATCH/DELETE /roles (R-ROLE-1, R-PROT-1, R-ESC-1, R-TENANT-1, R-AUDIT-1, seed 004).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createMember } from '../../src/setup/bootstrap.ts';
import type { ApiClient } from '../support/agent.ts';
import { auditOf, company, type Company, PASSWORD } from './fixture.ts';

let c: Company;
let owner: ApiClient;

before(async () => {
  c = await company();
  owner = await c.client('owner');
});
after(() => c.close());

const keysOf = (grants: { permission: string }[]) => grants.map((grant) => grant.permission).sort();

test('R-ROLE-1: GET /roles lists the built-in Admin and the custom roles of the caller\'s company, with effective permissions', async () => {
  const response = await owner.call('get', '/roles');
  assert.equal(response.status, 200);
  const byKey = new Map(response.body.items.map((role: { key: string }) => [role.key, role]));
  assert.deepEqual([...byKey.keys()].sort(), ['accountant', 'admin', 'operations']);
  assert.equal(response.body.total, 3);
  const admin = byKey.get('admin') as { kind: string; protected: boolean; permissions: unknown[] };
  assert.equal(admin.kind, 'BUILTIN');
  assert.equal(admin.protected, true);
  assert.equal(admin.permissions.length, Object.keys(c.ctx.catalog).length);
  const operations = byKey.get('operations') as { legacy: boolean; policies: { id: string }[]; permissions: { permission: string }[] };
  assert.equal(operations.legacy, false);
  assert.deepEqual(operations.policies.map((policy) => policy.id).sort(), ['preset:refunds', 'preset:reporting', 'preset:transactionsViewer']);
  assert.deepEqual(keysOf(operations.permissions), ['page.dashboard', 'page.reports', 'page.transactions', 'report.export', 'report.view', 'transaction.refund', 'transaction.view']);
  const accountant = byKey.get('accountant') as { legacy: boolean; inlinePermissions: unknown[] };
  assert.equal(accountant.legacy, true);
  assert.equal(accountant.inlinePermissions.length, 6);

  const page = await owner.call('get', '/roles?page=2&pageSize=2');
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.total, 3);
});

test('R-TENANT-1: another company\'s roles are neither listed nor readable (404)', async () => {
  const globex = await c.client('globex-owner');
  const list = await globex.call('get', '/roles');
  assert.ok(list.body.items.every((role: { organizationId: string | null }) => role.organizationId === null || role.organizationId === c.globex));
  const acmeOps = await c.roleId(c.acme, 'operations');
  assert.equal((await globex.call('get', `/roles/${acmeOps}`)).status, 404);
  assert.equal((await globex.call('get', `/roles?organizationId=${c.acme}`)).status, 404);
  assert.equal((await globex.call('patch', `/roles/${acmeOps}`, { name: 'Mine' })).status, 404);
  assert.equal((await globex.call('delete', `/roles/${acmeOps}`)).status, 404);
});

test('R-PERM-1: a member without role.view cannot list roles', async () => {
  const operator = await c.client('operator');
  const response = await operator.call('get', '/roles');
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-PERM-1');
});

test('R-ROLE-1: POST /roles creates a custom role of policies; audited', async () => {
  const own = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Merchant desk', grants: ['merchant.view', 'merchant.manage'] });
  const response = await owner.call('post', '/roles', {
    organizationId: c.acme,
    name: 'Merchant support',
    description: 'Handles merchants',
    policyIds: [own.body.id, 'preset:transactionsViewer'],
  });
  assert.equal(response.status, 201);
  assert.equal(response.body.kind, 'CUSTOM');
  assert.equal(response.body.organizationId, c.acme);
  assert.equal(response.body.key, 'merchant-support');
  assert.equal(response.body.legacy, false);
  assert.deepEqual(keysOf(response.body.permissions), ['merchant.manage', 'merchant.view', 'page.dashboard', 'page.transactions', 'transaction.view']);
  const [event] = await auditOf(c.ctx, response.body.id);
  assert.equal(event?.action, 'role.manage');
  assert.equal(event?.outcome, 'ALLOWED');
  assert.equal(event?.details.operation, 'create');

  const twice = await owner.call('post', '/roles', { organizationId: c.acme, name: 'merchant SUPPORT', policyIds: [] });
  assert.equal(twice.status, 409);
  const builtInName = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Admin', policyIds: [] });
  assert.equal(builtInName.status, 409);
});

test('POST /roles refuses bad input with 400 and creates nothing', async () => {
  const before = await c.ctx.prisma.role.count();
  const globexPolicy = await (await c.client('globex-owner')).call('post', '/policies', { organizationId: c.globex, name: 'Globex only', grants: ['report.view'] });
  assert.equal(globexPolicy.status, 201);
  const bodies: unknown[] = [
    {},
    { organizationId: c.acme },
    { organizationId: c.acme, name: '' },
    { organizationId: c.acme, name: 'X', policyIds: 'preset:refunds' },
    { organizationId: c.acme, name: 'X', policyIds: [], kind: 'BUILTIN' },
    { organizationId: c.acme, name: 'X', policyIds: [], protected: true },
    { organizationId: c.acme, name: 'X', policyIds: ['no-such-policy'] },
    // Another company's policy is as unknown as a missing one.
    { organizationId: c.acme, name: 'X', policyIds: [globexPolicy.body.id] },
  ];
  for (const body of bodies) {
    const response = await owner.call('post', '/roles', body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.code, 'INVALID_INPUT');
    assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
  }
  assert.equal(await c.ctx.prisma.role.count(), before);
});

test('R-PROT-1: the protected Admin role refuses every edit (403 naming the rule) and stays unchanged; audited', async () => {
  const before = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: 'builtin:admin' }, include: { policies: true } });
  for (const body of [{ policyIds: ['preset:refunds'] }, { name: 'Boss' }]) {
    const response = await owner.call('patch', '/roles/builtin:admin', body);
    assert.equal(response.status, 403);
    assert.equal(response.body.rule, 'R-PROT-1');
  }
  const deletion = await owner.call('delete', '/roles/builtin:admin');
  assert.equal(deletion.status, 403);
  assert.equal(deletion.body.rule, 'R-PROT-1');
  assert.deepEqual(await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: 'builtin:admin' }, include: { policies: true } }), before);
  const denials = (await auditOf(c.ctx, 'builtin:admin')).filter((event) => event.outcome === 'DENIED');
  assert.ok(denials.length >= 3);
  assert.ok(denials.every((event) => event.rule === 'R-PROT-1'));
});

test('R-POL-1: PATCH /roles/:id renames and recomposes a custom role; holders see the change on their next request', async () => {
  const created = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Viewers', policyIds: ['preset:transactionsViewer'] });
  await c.member('viewer', c.acme, created.body.key);
  const viewer = await c.client('viewer');
  assert.equal((await viewer.call('get', '/roles')).status, 403, 'no role.view yet');

  const renamed = await owner.call('patch', `/roles/${created.body.id}`, { name: 'Auditors', policyIds: ['preset:transactionsViewer', 'preset:userAdministration'] });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'Auditors');
  assert.ok(keysOf(renamed.body.permissions).includes('role.view'));
  // The holder's very next request is decided with the new policies (R-POL-1, R-SESS-1).
  assert.equal((await viewer.call('get', '/roles')).status, 200);

  const [, update] = await auditOf(c.ctx, created.body.id);
  assert.equal(update?.details.operation, 'update');
  assert.deepEqual(update?.details.name, { from: 'Viewers', to: 'Auditors' });
});

test('R-MIG-1: a legacy role\'s inline permissions are editable until it migrates; policies need migration first', async () => {
  const legacy = await c.roleId(c.acme, 'accountant');
  const edited = await owner.call('patch', `/roles/${legacy}`, { permissions: ['page.dashboard', { permission: 'merchant.manage', condition: 'own' }] });
  assert.equal(edited.status, 200);
  assert.deepEqual(edited.body.inlinePermissions, [
    { permission: 'merchant.manage', condition: 'own' },
    { permission: 'page.dashboard', condition: null },
  ].sort((a, b) => Object.keys(c.ctx.catalog).indexOf(a.permission) - Object.keys(c.ctx.catalog).indexOf(b.permission)));
  const attach = await owner.call('patch', `/roles/${legacy}`, { policyIds: ['preset:refunds'] });
  assert.equal(attach.status, 409);
  assert.equal(attach.body.code, 'LEGACY_ROLE');
  const unknown = await owner.call('patch', `/roles/${legacy}`, { permissions: ['page.dashboard', 'no.such'] });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.unknownPermissions, ['no.such']);
  const twice = await owner.call('patch', `/roles/${legacy}`, { permissions: ['page.dashboard', { permission: 'page.dashboard', condition: 'own' }] });
  assert.equal(twice.status, 400);
  const both = await owner.call('patch', `/roles/${legacy}`, { permissions: [], policyIds: [] });
  assert.equal(both.status, 400);
  assert.equal((await owner.call('patch', `/roles/${legacy}`, {})).status, 400);
  const stored = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: legacy } });
  assert.equal(JSON.parse(stored.legacyPermissions ?? '[]').length, 2, 'the rejected edits changed nothing');
});

test('R-ESC-1: a role administrator cannot compose a role with permissions they lack, nor add them to one', async () => {
  const roleAdmins = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Role administrators', policyIds: ['preset:roleAdministration', 'preset:transactionsViewer'] });
  await c.member('role-admin', c.acme, roleAdmins.body.key);
  const roleAdmin = await c.client('role-admin');

  const escalate = await roleAdmin.call('post', '/roles', { organizationId: c.acme, name: 'Refunders', policyIds: ['preset:refunds'] });
  assert.equal(escalate.status, 403);
  assert.equal(escalate.body.rule, 'R-ESC-1');
  assert.equal(await c.ctx.prisma.role.count({ where: { name: 'Refunders' } }), 0);

  const allowed = await roleAdmin.call('post', '/roles', { organizationId: c.acme, name: 'Lookers', policyIds: ['preset:transactionsViewer'] });
  assert.equal(allowed.status, 201);
  const addRefunds = await roleAdmin.call('patch', `/roles/${allowed.body.id}`, { policyIds: ['preset:transactionsViewer', 'preset:refunds'] });
  assert.equal(addRefunds.status, 403);
  assert.equal(addRefunds.body.rule, 'R-ESC-1');
  assert.deepEqual((await c.ctx.prisma.rolePolicy.findMany({ where: { roleId: allowed.body.id } })).map((link) => link.policyId), ['preset:transactionsViewer']);

  // Nor give themselves more through their own role.
  const self = await roleAdmin.call('patch', `/roles/${roleAdmins.body.id}`, { policyIds: ['preset:roleAdministration', 'preset:transactionsViewer', 'preset:userAdministration'] });
  assert.equal(self.status, 403);
  assert.equal(self.body.rule, 'R-ESC-1');
  const denial = (await auditOf(c.ctx, roleAdmins.body.id)).find((event) => event.outcome === 'DENIED');
  assert.equal(denial?.rule, 'R-ESC-1');
});

test('R-ROLE-1: DELETE /roles/:id: 409 IN_USE while a member holds it or a pending invitation offers it; then deleted and audited', async () => {
  const role = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Temporary', policyIds: ['preset:reporting'] });
  const holder = await c.member('temp-holder', c.acme, role.body.key);
  const held = await owner.call('delete', `/roles/${role.body.id}`);
  assert.equal(held.status, 409);
  assert.equal(held.body.code, 'IN_USE');
  assert.equal(held.body.memberships, 1);

  await c.ctx.prisma.membership.deleteMany({ where: { userId: holder } });
  const invitation = {
    email: 'invitee@example.test',
    organizationId: c.acme,
    roleId: role.body.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  };
  await c.ctx.prisma.invitation.create({ data: { ...invitation, tokenHash: createHash('sha256').update('a').digest('hex'), status: 'PENDING', pendingEmail: invitation.email } });
  const offered = await owner.call('delete', `/roles/${role.body.id}`);
  assert.equal(offered.status, 409);
  assert.equal(offered.body.pendingInvitations, 1);

  await c.ctx.prisma.invitation.updateMany({ where: { roleId: role.body.id }, data: { status: 'REVOKED', pendingEmail: null } });
  const deleted = await owner.call('delete', `/roles/${role.body.id}`);
  assert.equal(deleted.status, 204);
  assert.equal(await c.ctx.prisma.role.count({ where: { id: role.body.id } }), 0);
  const events = await auditOf(c.ctx, role.body.id);
  assert.equal(events.at(-1)?.details.operation, 'delete');
  assert.equal(events.at(-1)?.outcome, 'ALLOWED');
  assert.equal((await owner.call('get', `/roles/${role.body.id}`)).status, 404);
});

test('R-TENANT-1: a signed-in user with no membership lists no roles and no policies', async () => {
  await createMember(c.ctx, { email: 'nomember@example.test', username: 'nomember', firstName: 'No', lastName: '-', password: PASSWORD }, []);
  const loner = await c.client('nomember');
  for (const path of ['/roles', '/policies']) {
    const response = await loner.call('get', path);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.items, []);
    assert.equal(response.body.total, 0);
  }
});

// Last: it adds a built-in role to the shared database.
test('R-ROLE-1: a built-in role that is not protected is still read-only through the API (403 BUILT_IN_READ_ONLY); audited', async () => {
  await c.ctx.prisma.role.create({ data: { id: 'builtin:clerk', key: 'clerk', name: 'Clerk', kind: 'BUILTIN', policies: { create: [{ policyId: 'preset:reporting' }] } } });
  for (const [method, body] of [['patch', { name: 'Head clerk' }], ['patch', { policyIds: [] }], ['delete', undefined]] as const) {
    const response = await owner.call(method, '/roles/builtin:clerk', body);
    assert.equal(response.status, 403, `${method} ${JSON.stringify(body)}`);
    assert.equal(response.body.code, 'BUILT_IN_READ_ONLY');
    assert.equal(response.body.rule, 'R-ROLE-1');
  }
  const stored = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: 'builtin:clerk' }, include: { policies: true } });
  assert.equal(stored.name, 'Clerk');
  assert.equal(stored.policies.length, 1);
  assert.equal((await auditOf(c.ctx, 'builtin:clerk')).filter((event) => event.outcome === 'DENIED').length, 3);
});

// GET/POST/PATCH/DELETE /policies (R-POL-1, R-ESC-1, R-TENANT-1, R-AUDIT-1, seed 004: "Permission
// Policies ... grants by resource and by page ... up to 100 ... applied to all users").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, type ApiClient } from '../support/agent.ts';
import { auditOf, company, type Company } from '../roles/fixture.ts';

// The host app declares 100 permissions of its own, so a policy can be filled to the limit.
const hostPermissions = Object.fromEntries(
  Array.from({ length: 100 }, (_, i) => [`widget.action${i + 1}`, { label: `Widget action ${i + 1}`, group: 'widget', mutates: i % 2 === 0 }]),
);

let c: Company;
let owner: ApiClient;

before(async () => {
  c = await company({ permissions: hostPermissions });
  owner = await c.client('owner');
});
after(() => c.close());

test('GET /permissions: the catalog grouped by resource and page, with labels, host permissions included', async () => {
  const response = await owner.call('get', '/permissions');
  assert.equal(response.status, 200);
  assert.equal(response.body.total, Object.keys(c.ctx.catalog).length);
  const groups = new Map(response.body.groups.map((group: { group: string }) => [group.group, group]));
  const pages = groups.get('page') as { kind: string; label: string; permissions: { key: string; label: string }[] };
  assert.equal(pages.kind, 'page');
  assert.deepEqual(pages.permissions.map((entry) => entry.key), ['page.dashboard', 'page.transactions', 'page.reports', 'page.settings']);
  assert.equal(pages.permissions[0]?.label, 'Page: Dashboard');
  const widgets = groups.get('widget') as { kind: string; permissions: unknown[] };
  assert.equal(widgets.kind, 'resource');
  assert.equal(widgets.permissions.length, 100);
  assert.equal((await request(c.t.app).get(`${API}/permissions`)).status, 401, 'signed-in only');
});

test('R-POL-1: POST /policies creates a policy by resource and page, with own and scoped conditions; audited', async () => {
  const response = await owner.call('post', '/policies', {
    organizationId: c.acme,
    name: 'Merchant onboarding',
    description: 'Onboard merchants',
    grants: ['page.dashboard', 'merchant.view', { permission: 'merchant.manage', condition: 'own' }, { permission: 'transaction.view', condition: 'scoped' }],
  });
  assert.equal(response.status, 201);
  assert.equal(response.body.organizationId, c.acme);
  assert.equal(response.body.preset, false);
  assert.deepEqual(response.body.grants, [
    { permission: 'page.dashboard', condition: null },
    { permission: 'transaction.view', condition: 'scoped' },
    { permission: 'merchant.view', condition: null },
    { permission: 'merchant.manage', condition: 'own' },
  ]);
  const read = await owner.call('get', `/policies/${response.body.id}`);
  assert.deepEqual(read.body, response.body);
  const [event] = await auditOf(c.ctx, response.body.id);
  assert.equal(event?.action, 'policy.manage');
  assert.equal(event?.outcome, 'ALLOWED');
  assert.equal(event?.details.operation, 'create');

  const list = await owner.call('get', '/policies');
  assert.ok(list.body.items.some((policy: { id: string }) => policy.id === response.body.id));
  assert.ok(list.body.items.some((policy: { id: string }) => policy.id === 'preset:refunds'));
  const same = await owner.call('post', '/policies', { organizationId: c.acme, name: 'merchant onboarding', grants: [] });
  assert.equal(same.status, 409);
});

test('R-POL-1: a policy holds at most 100 grants: 100 are accepted, 101 answer 400 TOO_MANY_GRANTS and nothing is stored', async () => {
  const hundred = Object.keys(hostPermissions);
  const full = await owner.call('post', '/policies', { organizationId: c.acme, name: 'All widgets', grants: hundred });
  assert.equal(full.status, 201);
  assert.equal(full.body.grants.length, 100);

  const before = await c.ctx.prisma.permissionPolicy.count();
  const tooMany = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Too many', grants: [...hundred, 'page.dashboard'] });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.code, 'TOO_MANY_GRANTS');
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), before);

  const grow = await owner.call('patch', `/policies/${full.body.id}`, { grants: [...hundred, 'page.dashboard'] });
  assert.equal(grow.status, 400);
  assert.equal(grow.body.code, 'TOO_MANY_GRANTS');
  assert.equal(await c.ctx.prisma.policyGrant.count({ where: { policyId: full.body.id } }), 100);
});

test('bad policy input answers 400 problem+json and changes nothing', async () => {
  const before = await c.ctx.prisma.permissionPolicy.count();
  const bodies: unknown[] = [
    {},
    { organizationId: c.acme, name: 'X' },
    { organizationId: c.acme, name: '   ', grants: [] },
    { organizationId: c.acme, name: 'X', grants: ['no.such.permission'] },
    { organizationId: c.acme, name: 'X', grants: ['constructor'] },
    { organizationId: c.acme, name: 'X', grants: [{ permission: 'merchant.view', condition: 'everything' }] },
    { organizationId: c.acme, name: 'X', grants: [{ permission: 'merchant.view', extra: true }] },
    { organizationId: c.acme, name: 'X', grants: ['merchant.view', { permission: 'merchant.view', condition: 'own' }] },
    { organizationId: c.acme, name: 'X', grants: [], preset: true },
    { organizationId: c.acme, name: 'X', grants: [42] },
  ];
  for (const body of bodies) {
    const response = await owner.call('post', '/policies', body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
  }
  const unknown = await owner.call('post', '/policies', { organizationId: c.acme, name: 'X', grants: ['no.such.permission'] });
  assert.deepEqual(unknown.body.unknownPermissions, ['no.such.permission']);
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), before);
  assert.equal((await owner.call('get', '/policies?pageSize=101')).status, 400);
});

test('R-POL-1: editing a policy changes what every holder of a role carrying it may do, at their next request', async () => {
  const policy = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Desk', grants: ['page.dashboard'] });
  const role = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Desk staff', policyIds: [policy.body.id] });
  await c.member('desk-1', c.acme, role.body.key);
  await c.member('desk-2', c.acme, role.body.key);
  const desks = [await c.client('desk-1'), await c.client('desk-2')];
  for (const desk of desks) assert.equal((await desk.call('get', '/policies')).status, 403, 'no policy.view yet');

  const edited = await owner.call('patch', `/policies/${policy.body.id}`, { grants: ['page.dashboard', 'policy.view', 'role.view'] });
  assert.equal(edited.status, 200);
  assert.deepEqual(edited.body.roles.map((r: { id: string }) => r.id), [role.body.id]);
  for (const desk of desks) {
    // The same signed-in sessions: no sign-in again, the next request sees the policy's new grants.
    assert.equal((await desk.call('get', '/policies')).status, 200);
    const effective = await desk.call('get', `/users/${desk.userId}/effective-permissions`);
    assert.deepEqual(effective.body.organizations[0].permissions.map((p: { permission: string }) => p.permission), ['role.view', 'policy.view', 'page.dashboard']);
  }

  const narrowed = await owner.call('patch', `/policies/${policy.body.id}`, { grants: ['page.dashboard'] });
  assert.equal(narrowed.status, 200);
  for (const desk of desks) assert.equal((await desk.call('get', '/policies')).status, 403);
  const update = (await auditOf(c.ctx, policy.body.id)).filter((event) => event.details.operation === 'update');
  assert.equal(update.length, 2);
  assert.deepEqual(update[1]?.details.grantsRemoved, [
    { permission: 'policy.view', condition: null },
    { permission: 'role.view', condition: null },
  ]);
});

test('R-ESC-1: nobody composes or edits a policy with permissions they lack', async () => {
  const roleAdmins = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Policy editors', policyIds: ['preset:roleAdministration', 'preset:transactionsViewer'] });
  await c.member('policy-editor', c.acme, roleAdmins.body.key);
  const editor = await c.client('policy-editor');
  const before = await c.ctx.prisma.permissionPolicy.count();
  const escalate = await editor.call('post', '/policies', { organizationId: c.acme, name: 'Refund power', grants: ['transaction.view', 'transaction.refund'] });
  assert.equal(escalate.status, 403);
  assert.equal(escalate.body.rule, 'R-ESC-1');
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), before);

  // An own-records grant is within an unconditional hold; an unconditional one is not within an own hold.
  const fine = await editor.call('post', '/policies', { organizationId: c.acme, name: 'Viewing', grants: ['transaction.view', { permission: 'page.dashboard', condition: 'own' }] });
  assert.equal(fine.status, 201);
  const widen = await editor.call('patch', `/policies/${fine.body.id}`, { grants: ['transaction.view', 'transaction.refund'] });
  assert.equal(widen.status, 403);
  assert.equal(widen.body.rule, 'R-ESC-1');
  assert.equal((await c.ctx.prisma.policyGrant.findMany({ where: { policyId: fine.body.id } })).length, 2);
  const denial = (await auditOf(c.ctx, fine.body.id)).find((event) => event.outcome === 'DENIED');
  assert.equal(denial?.rule, 'R-ESC-1');
});

test('preset policies are read-only through the API (403 BUILT_IN_READ_ONLY); audited', async () => {
  const before = await c.ctx.prisma.policyGrant.count({ where: { policyId: 'preset:refunds' } });
  const edit = await owner.call('patch', '/policies/preset:refunds', { grants: ['transaction.view'] });
  assert.equal(edit.status, 403);
  assert.equal(edit.body.code, 'BUILT_IN_READ_ONLY');
  const deletion = await owner.call('delete', '/policies/preset:reporting');
  assert.equal(deletion.status, 403);
  assert.equal(await c.ctx.prisma.policyGrant.count({ where: { policyId: 'preset:refunds' } }), before);
  const denial = (await auditOf(c.ctx, 'preset:refunds')).find((event) => event.outcome === 'DENIED');
  assert.equal(denial?.rule, 'R-ROLE-1');
});

test('R-POL-1: DELETE /policies/:id: 409 IN_USE while a role carries it, 204 once detached; audited', async () => {
  const policy = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Short-lived', grants: ['report.view'] });
  const role = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Short-lived role', policyIds: [policy.body.id] });
  const attached = await owner.call('delete', `/policies/${policy.body.id}`);
  assert.equal(attached.status, 409);
  assert.equal(attached.body.code, 'IN_USE');
  assert.deepEqual(attached.body.roles.map((r: { id: string }) => r.id), [role.body.id]);
  assert.equal(await c.ctx.prisma.permissionPolicy.count({ where: { id: policy.body.id } }), 1);

  const detach = await owner.call('patch', `/roles/${role.body.id}`, { policyIds: [] });
  assert.equal(detach.status, 200, JSON.stringify(detach.body));
  assert.equal((await owner.call('delete', `/policies/${policy.body.id}`)).status, 204);
  assert.equal(await c.ctx.prisma.permissionPolicy.count({ where: { id: policy.body.id } }), 0);
  assert.equal((await auditOf(c.ctx, policy.body.id)).at(-1)?.details.operation, 'delete');
});

test('R-TENANT-1: another company\'s policies are invisible (404) and cannot be edited, deleted or created into', async () => {
  const policy = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Acme secret', grants: ['report.view'] });
  const globex = await c.client('globex-owner');
  assert.equal((await globex.call('get', `/policies/${policy.body.id}`)).status, 404);
  assert.equal((await globex.call('patch', `/policies/${policy.body.id}`, { name: 'Mine' })).status, 404);
  assert.equal((await globex.call('delete', `/policies/${policy.body.id}`)).status, 404);
  assert.equal((await globex.call('post', '/policies', { organizationId: c.acme, name: 'Planted', grants: [] })).status, 404);
  const list = await globex.call('get', '/policies?pageSize=100');
  assert.ok(list.body.items.every((item: { organizationId: string | null }) => item.organizationId !== c.acme));
  // The preset policies are shared, but roles of other companies carrying them are not shown.
  const refunds = await globex.call('get', '/policies/preset:refunds');
  assert.equal(refunds.status, 200);
  assert.ok(refunds.body.roles.every((role: { organizationId: string | null }) => role.organizationId !== c.acme));
});

test('GET /openapi.json describes every role, policy and permission route', async () => {
  const response = await request(c.t.app).get(`${API}/openapi.json`);
  assert.equal(response.status, 200);
  const paths = Object.keys(response.body.paths ?? {});
  for (const path of ['/permissions', '/roles', '/roles/{id}', '/roles/{id}/migrate', '/roles/{id}/migration-preview', '/policies', '/policies/{id}', '/users/{id}/effective-permissions']) {
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
  }
});

// POST /roles/:id/migrate and GET /roles/:id/migration-preview (R-MIG-1, seed 004): atomic,
// audited, once; concurrent migrations of one role let exactly one through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { serializeGrants } from '../../src/authz/grant-codec.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { runOperation } from '../../src/authz/pipeline.ts';
import { migrateRole, type MigrationResult } from '../../src/roles/index.ts';
import type { ApiClient } from '../support/agent.ts';
import { auditOf, company, type Company } from './fixture.ts';

let c: Company;
let owner: ApiClient;
let sequence = 0;
const ACCOUNTANT_GRANTS = ['page.dashboard', 'page.transactions', 'page.reports', 'transaction.view', 'report.view', 'report.export'];

before(async () => {
  c = await company();
  owner = await c.client('owner');
});
after(() => c.close());

/** A fresh legacy role in Acme with one holder, so each test starts from its own role. */
async function legacyRole(grants: readonly (string | { permission: string; condition: 'own' | 'scoped' })[] = ACCOUNTANT_GRANTS) {
  const n = (sequence += 1);
  const role = await c.ctx.prisma.role.create({
    data: {
      key: `legacy-${n}`,
      name: `Legacy ${n}`,
      organizationId: c.acme,
      kind: 'CUSTOM',
      legacyPermissions: serializeGrants(grants.map((grant) => (typeof grant === 'string' ? { permission: grant } : grant))),
    },
  });
  const holder = await c.member(`legacy-holder-${n}`, c.acme, role.key);
  return { id: role.id, holder, n };
}

const snapshot = async (roleId: string) => ({
  role: await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: roleId }, include: { policies: true } }),
  policies: await c.ctx.prisma.permissionPolicy.count(),
});

test('R-MIG-1: the preview lists the inline permissions and suggests a policy name', async () => {
  const role = await legacyRole();
  const preview = await owner.call('get', `/roles/${role.id}/migration-preview`);
  assert.equal(preview.status, 200);
  assert.equal(preview.body.legacy, true);
  assert.deepEqual(preview.body.permissions.map((grant: { permission: string }) => grant.permission), ACCOUNTANT_GRANTS);
  assert.equal(preview.body.canCreatePolicy, true);
  assert.equal(preview.body.holderCount, 1);
  assert.deepEqual(preview.body.matchingPolicies, []);
});

test('R-MIG-1: migrating with policyName creates a policy with exactly the inline permissions; the role is then policy-based', async () => {
  const role = await legacyRole();
  const version = (await c.ctx.prisma.user.findUniqueOrThrow({ where: { id: role.holder } })).accessVersion;
  const response = await owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Accounting ${role.n}` });
  assert.equal(response.status, 200);
  assert.equal(response.body.mode, 'created');
  assert.equal(response.body.role.legacy, false);
  assert.equal(response.body.role.inlinePermissions, null);
  assert.ok(response.body.role.migratedAt);
  assert.deepEqual(response.body.role.policies.map((policy: { id: string }) => policy.id), [response.body.policy.id]);
  assert.deepEqual(response.body.policy.grants.map((grant: { permission: string }) => grant.permission), ACCOUNTANT_GRANTS);
  assert.equal(response.body.policy.organizationId, c.acme);
  const stored = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: role.id } });
  assert.equal(stored.legacyPermissions, null);
  // Holders' cached actors are rebuilt on their next request.
  assert.equal((await c.ctx.prisma.user.findUniqueOrThrow({ where: { id: role.holder } })).accessVersion, version + 1);

  // Afterwards the role's permissions are edited only through policies.
  const inline = await owner.call('patch', `/roles/${role.id}`, { permissions: ['page.dashboard'] });
  assert.equal(inline.status, 409);
  assert.equal(inline.body.code, 'ALREADY_MIGRATED');
  assert.equal(inline.body.rule, 'R-MIG-1');
});

test('R-MIG-1: a second migration answers 409 ALREADY_MIGRATED and changes nothing', async () => {
  const role = await legacyRole();
  assert.equal((await owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Once ${role.n}` })).status, 200);
  const before = await snapshot(role.id);
  const again = await owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Twice ${role.n}` });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'ALREADY_MIGRATED');
  assert.deepEqual(await snapshot(role.id), before);
  const preview = await owner.call('get', `/roles/${role.id}/migration-preview`);
  assert.equal(preview.body.legacy, false);
});

test('R-MIG-1: migrating onto an existing policy needs exactly the same grants, else 409 POLICY_MISMATCH naming missing and extra', async () => {
  const role = await legacyRole(['transaction.view', { permission: 'merchant.manage', condition: 'own' }, 'report.view']);
  const wrong = await owner.call('post', '/policies', {
    organizationId: c.acme,
    name: `Almost ${role.n}`,
    grants: ['transaction.view', 'merchant.manage', 'report.export'],
  });
  assert.equal(wrong.status, 201);
  const before = await snapshot(role.id);
  const mismatch = await owner.call('post', `/roles/${role.id}/migrate`, { policyId: wrong.body.id });
  assert.equal(mismatch.status, 409);
  assert.equal(mismatch.body.code, 'POLICY_MISMATCH');
  assert.deepEqual(
    mismatch.body.missing.map((grant: { permission: string; condition: string | null }) => `${grant.permission}|${grant.condition}`).sort(),
    ['merchant.manage|own', 'report.view|null'],
  );
  assert.deepEqual(
    mismatch.body.extra.map((grant: { permission: string; condition: string | null }) => `${grant.permission}|${grant.condition}`).sort(),
    ['merchant.manage|null', 'report.export|null'],
  );
  assert.deepEqual(await snapshot(role.id), before, 'nothing changed');

  const exact = await owner.call('post', '/policies', {
    organizationId: c.acme,
    name: `Exact ${role.n}`,
    grants: ['report.view', { permission: 'merchant.manage', condition: 'own' }, 'transaction.view'],
  });
  const preview = await owner.call('get', `/roles/${role.id}/migration-preview`);
  assert.deepEqual(preview.body.matchingPolicies.map((policy: { id: string }) => policy.id), [exact.body.id]);
  const migrated = await owner.call('post', `/roles/${role.id}/migrate`, { policyId: exact.body.id });
  assert.equal(migrated.status, 200);
  assert.equal(migrated.body.mode, 'existing');
  assert.equal(migrated.body.policy.id, exact.body.id);
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), before.policies + 1, 'the migration onto an existing policy creates none');
});

test('R-MIG-1: a migration is audited once, with the policy it moved to', async () => {
  const role = await legacyRole();
  const response = await owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Audited ${role.n}` });
  await owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Audited again ${role.n}` });
  const events = (await auditOf(c.ctx, role.id)).filter((event) => event.action === 'role.migrate');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.outcome, 'ALLOWED');
  assert.equal(events[0]?.actorId, c.owner);
  assert.equal(events[0]?.organizationId, c.acme);
  assert.equal(events[0]?.details.policyId, response.body.policy.id);
  assert.equal(events[0]?.details.mode, 'created');
});

test('R-MIG-1: two simultaneous migrations of one role over REST: exactly one succeeds', async () => {
  const role = await legacyRole();
  const policiesBefore = await c.ctx.prisma.permissionPolicy.count();
  const other = await c.client('admin');
  const answers = await Promise.all([
    owner.call('post', `/roles/${role.id}/migrate`, { policyName: `Race A ${role.n}` }),
    other.call('post', `/roles/${role.id}/migrate`, { policyName: `Race B ${role.n}` }),
  ]);
  const statuses = answers.map((answer) => answer.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  assert.equal(answers.find((answer) => answer.status === 409)?.body.code, 'ALREADY_MIGRATED');
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), policiesBefore + 1);
  const stored = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: role.id }, include: { policies: true } });
  assert.equal(stored.policies.length, 1);
});

test('R-MIG-1: twenty simultaneous migrations of one role (both modes mixed): exactly one succeeds, the rest change nothing', async () => {
  const role = await legacyRole();
  const principal = await c.principal(c.owner);
  const existing = await owner.call('post', '/policies', { organizationId: c.acme, name: `Race existing ${role.n}`, grants: ACCOUNTANT_GRANTS });
  const policiesBefore = await c.ctx.prisma.permissionPolicy.count();
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      runOperation<MigrationResult>(c.ctx, migrateRole, principal, i % 2 === 0 ? { policyName: `Race ${role.n}-${i}` } : { policyId: existing.body.id }, { id: role.id }),
    ),
  );
  const won = results.filter((result) => result.status === 'fulfilled');
  const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  assert.equal(won.length, 1);
  assert.equal(lost.length, 19);
  for (const loss of lost) {
    assert.ok(loss.reason instanceof GatehouseError, String(loss.reason));
    assert.equal(loss.reason.code, 'ALREADY_MIGRATED');
  }
  const winner = (won[0] as PromiseFulfilledResult<MigrationResult>).value;
  assert.equal(await c.ctx.prisma.permissionPolicy.count(), policiesBefore + (winner.mode === 'created' ? 1 : 0));
  const stored = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: role.id }, include: { policies: true } });
  assert.deepEqual(stored.policies.map((link) => link.policyId), [winner.policy.id]);
  assert.equal((await auditOf(c.ctx, role.id)).filter((event) => event.action === 'role.migrate' && event.outcome === 'ALLOWED').length, 1);
});

test('R-MIG-1: the seed 004 Accountant migrates and its holder keeps the same pages', async () => {
  const roleId = await c.roleId(c.acme, 'accountant');
  const accountant = await c.client('accountant');
  const before = await accountant.call('get', `/users/${c.accountant}/effective-permissions`);
  const response = await owner.call('post', `/roles/${roleId}/migrate`, { policyName: 'Accounting' });
  assert.equal(response.status, 200);
  const afterwards = await accountant.call('get', `/users/${c.accountant}/effective-permissions`);
  assert.deepEqual(afterwards.body, before.body);
});

test('bad migration input answers 400 and changes nothing', async () => {
  const role = await legacyRole();
  const before = await snapshot(role.id);
  for (const body of [{}, { policyId: 'x', policyName: 'y' }, { policyName: '' }, { policyName: 'ok', extra: 1 }, { policyId: 42 }]) {
    const response = await owner.call('post', `/roles/${role.id}/migrate`, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.code, 'INVALID_INPUT');
  }
  const unknownPolicy = await owner.call('post', `/roles/${role.id}/migrate`, { policyId: 'no-such-policy' });
  assert.equal(unknownPolicy.status, 400);
  assert.deepEqual(await snapshot(role.id), before);
});

test('R-PROT-1: the protected Admin role cannot be migrated', async () => {
  const response = await owner.call('post', '/roles/builtin:admin/migrate', { policyName: 'Admin copy' });
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-PROT-1');
});

test('R-TENANT-1: another company cannot see or migrate Acme\'s legacy role (404)', async () => {
  const role = await legacyRole();
  const globex = await c.client('globex-owner');
  assert.equal((await globex.call('get', `/roles/${role.id}/migration-preview`)).status, 404);
  const response = await globex.call('post', `/roles/${role.id}/migrate`, { policyName: 'Stolen' });
  assert.equal(response.status, 404);
  assert.equal((await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: role.id } })).migratedAt, null);
  const denial = (await auditOf(c.ctx, role.id)).find((event) => event.outcome === 'DENIED');
  assert.equal(denial?.rule, 'R-TENANT-1');
});

test('R-ESC-1: a role administrator lacking some of the inline permissions cannot migrate them into a policy', async () => {
  // A custom role made of the preset Role administration policy only.
  const created = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Role admins', policyIds: ['preset:roleAdministration'] });
  assert.equal(created.status, 201);
  await c.member('role-admin-mig', c.acme, created.body.key);
  const roleAdmin = await c.client('role-admin-mig');
  const role = await legacyRole();
  const response = await roleAdmin.call('post', `/roles/${role.id}/migrate`, { policyName: 'Escalated' });
  assert.equal(response.status, 403);
  assert.equal(response.body.rule, 'R-ESC-1');
  assert.equal((await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: role.id } })).migratedAt, null);
});

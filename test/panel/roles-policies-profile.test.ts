// Roles and policies in the panel with seed 004 (a protected Admin role, custom roles of policies,
// a legacy role to migrate), and My profile's TOTP enrolment (R-MFA-1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { currentTotpCode } from '../../src/auth/totp.ts';
import type { TestSetup } from '../support/setup.ts';
import { type Agent, loadRecordAction, loadResourceAction, offeredActions, panelSetup, runRecordAction, runResourceAction, signInToPanel } from './helpers.ts';

let t: TestSetup;
let admin: Agent;
let operations: Agent;
before(async () => {
  t = await panelSetup({ preset: 'seed004' });
  admin = await signInToPanel(t.app, 'admin@acme.example');
  // A member with a custom role and no role management: the panel must refuse them everything here.
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const { createMember } = await import('../../src/setup/bootstrap.ts');
  await createMember(t.gatehouse.context, { email: 'ops@acme.example', username: 'ops', firstName: 'Op', lastName: 'S', password: 'Ops-Strong-Pass-2026!' }, [{ organizationId: group.id, roleKey: 'operations' }]);
  operations = await signInToPanel(t.app, 'ops@acme.example', 'Ops-Strong-Pass-2026!');
});
after(() => t.close());

const legacyRole = () => t.prisma.role.findFirstOrThrow({ where: { key: 'accountant', legacyPermissions: { not: null } } });

test('R-MIG-1: migrate shows a preview of exactly the role\u2019s permissions, then migrates through the roles service', async () => {
  const role = await legacyRole();
  assert.ok((await offeredActions(admin, 'Role', role.id)).includes('migrate'));
  const preview = await loadRecordAction(admin, 'Role', role.id, 'migrate');
  const inline = JSON.parse(role.legacyPermissions ?? '[]') as unknown[];
  assert.equal(preview.body.data.preview.permissions.length, inline.length);
  const migrated = await runRecordAction(admin, 'Role', role.id, 'migrate', { policyName: 'Accountant permissions' });
  assert.equal(migrated.body.notice.type, 'success', JSON.stringify(migrated.body.notice));
  const after = await t.prisma.role.findUniqueOrThrow({ where: { id: role.id }, include: { policies: true } });
  assert.equal(after.legacyPermissions, null);
  assert.equal(after.policies.length, 1);
  assert.ok(!(await offeredActions(admin, 'Role', role.id)).includes('migrate'), 'a migrated role offers no migration');
});

test('R-PROT-1: the protected Admin role offers neither edit nor migrate, and a direct call is refused', async () => {
  const adminRole = await t.prisma.role.findFirstOrThrow({ where: { key: 'admin' } });
  const actions = await offeredActions(admin, 'Role', adminRole.id);
  assert.ok(!actions.includes('edit') && !actions.includes('migrate'));
  const direct = await runRecordAction(admin, 'Role', adminRole.id, 'edit', { name: 'Boss', description: '' });
  assert.equal(direct.body.notice.type, 'error');
  assert.equal((await t.prisma.role.findUniqueOrThrow({ where: { id: adminRole.id } })).name, 'Admin');
});

test('R-POL-1: the permission picker offers the catalog grouped under sections in words, with the 100-grant limit, and creates a policy', async () => {
  const picker = await loadResourceAction(admin, 'PermissionPolicy', 'new');
  assert.equal(picker.body.data.limit, 100);
  assert.ok(picker.body.data.permissions.some((permission: { key: string; group: string }) => permission.key === 'user.view' && permission.group === 'Users'));
  const organizationId = picker.body.data.organizations[0].id as string;
  const created = await runResourceAction(admin, 'PermissionPolicy', 'new', { organizationId, name: 'Readers', description: 'Read users', grants: ['user.view', { permission: 'audit.view', condition: null }] });
  assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
  const policy = await t.prisma.permissionPolicy.findFirstOrThrow({ where: { name: 'Readers' }, include: { grants: true } });
  assert.equal(policy.grants.length, 2);
  const tooMany = await runResourceAction(admin, 'PermissionPolicy', 'new', { organizationId, name: 'Huge', description: '', grants: Array.from({ length: 101 }, (_, i) => `page.p${i}`) });
  assert.equal(tooMany.body.notice.type, 'error');
});

test('R-PERM-1: without role.manage or policy.manage, role and policy writes are neither offered nor accepted', async () => {
  const role = await t.prisma.role.findFirstOrThrow({ where: { key: 'operations' } });
  assert.ok(!(await offeredActions(operations, 'Role', role.id).catch((): string[] => [])).includes('edit'));
  const created = await runResourceAction(operations, 'PermissionPolicy', 'new', { organizationId: role.organizationId, name: 'Mine', description: '', grants: ['user.view'] });
  assert.equal(created.body.notice.type, 'error');
  const migrate = await runRecordAction(operations, 'Role', role.id, 'migrate', { policyName: 'x' });
  assert.equal(migrate.body.notice.type, 'error');
});

test('R-MFA-1: My profile enrols TOTP: QR code and secret, confirmed by a code, recovery codes shown once', async () => {
  // The page reads; its forms run the account operations as actions on one's own user record.
  const page = await admin.get('/admin/api/pages/myProfile');
  const self = page.body.profile.id as string;
  const started = await runRecordAction(admin, 'User', self, 'startTotp', { currentPassword: 'Gatehouse-Demo-2026!' });
  assert.equal(started.body.notice?.type, 'success', JSON.stringify(started.body.notice));
  const enrolment = started.body.data.view as { qrDataUrl: string; secret: string };
  assert.match(enrolment.qrDataUrl, /^data:image\/png;base64,/);
  const code = await currentTotpCode(t.gatehouse.context, enrolment.secret);
  const confirmed = await runRecordAction(admin, 'User', self, 'confirmTotp', { code });
  assert.equal(confirmed.body.notice?.type, 'success', JSON.stringify(confirmed.body.notice));
  assert.equal(confirmed.body.data.view.recoveryCodes.length, 10);
  const again = await admin.get('/admin/api/pages/myProfile');
  assert.equal(again.body.profile.mfa.method, 'TOTP');
  assert.equal(again.body.recoveryCodes, undefined, 'recovery codes are shown only once');
  assert.doesNotMatch(again.text, new RegExp(enrolment.secret));
});

test('seed 004 (R-MIG-1): migrate offers the existing policies with exactly the role\u2019s permissions and says why the others do not fit, in words', async () => {
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const role = await t.prisma.role.create({
    data: { key: 'ledger-keeper', name: 'Ledger keeper', organizationId: group.id, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['report.view', 'report.export']) },
  });
  const grants = (permissions: string[]) => ({ create: permissions.map((permission) => ({ permission })) });
  const equal = await t.prisma.permissionPolicy.create({ data: { name: 'Report readers', organizationId: group.id, grants: grants(['report.export', 'report.view']) } });
  await t.prisma.permissionPolicy.create({ data: { name: 'Report viewers', organizationId: group.id, grants: grants(['report.view']) } });
  const preview = (await loadRecordAction(admin, 'Role', role.id, 'migrate')).body.data.preview;
  assert.deepEqual(preview.matchingPolicies.map((policy: { name: string }) => policy.name), ['Report readers']);
  const others = Object.fromEntries((preview.otherPolicies as { name: string; reason: string }[]).map((policy) => [policy.name, policy.reason]));
  assert.equal(others['Report viewers'], 'lacks 1 permission the role has: Export reports');
  assert.match(others.Refunds ?? '', /^gives 3 permissions the role does not have: .*; lacks 2 permissions the role has: View reports, Export reports$/);
  // In words: no permission key or condition value reaches the staff.
  for (const reason of Object.values(others)) assert.doesNotMatch(reason, /\b[a-z]+\.[a-z][a-zA-Z]*\b/);

  const policiesBefore = await t.prisma.permissionPolicy.count();
  const unfit = await runRecordAction(admin, 'Role', role.id, 'migrate', { policyId: preview.otherPolicies[0].id });
  assert.equal(unfit.body.notice.type, 'error');
  assert.match(unfit.body.notice.message, /does not hold exactly the role's permissions: it /);
  assert.notEqual((await t.prisma.role.findUniqueOrThrow({ where: { id: role.id } })).legacyPermissions, null);
  const migrated = await runRecordAction(admin, 'Role', role.id, 'migrate', { policyId: equal.id });
  assert.equal(migrated.body.notice.type, 'success', JSON.stringify(migrated.body.notice));
  assert.deepEqual((await t.prisma.rolePolicy.findMany({ where: { roleId: role.id } })).map((link) => link.policyId), [equal.id]);
  assert.equal(await t.prisma.permissionPolicy.count(), policiesBefore);
});

test("seed 004 (R-ROLE-2): the role form shows the Admin's own policy but does not let it be chosen, and says why; a direct call is refused in words", async () => {
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const form = await loadResourceAction(admin, 'Role', 'new');
  const fields = form.body.data.form.fields as { name: string; options?: { value: string; disabled?: boolean; note?: string }[] }[];
  const adminsOwn = (fields.find((field) => field.name === 'policyIds')?.options ?? []).find((option) => option.value === 'preset:role:admin');
  assert.equal(adminsOwn?.disabled, true);
  assert.equal(adminsOwn?.note, "Only the Admin role may change a user's role here.");
  const refused = await runResourceAction(admin, 'Role', 'new', { organizationId: group.id, name: 'Deputy admin', description: '', policyIds: ['preset:role:admin'] });
  assert.equal(refused.body.notice.type, 'error');
  assert.match(refused.body.notice.message, /^Only the Admin role may change a user's role here\./);
  assert.equal(await t.prisma.role.count({ where: { name: 'Deputy admin' } }), 0);
});

test('seed 004 (R-MIG-1): a role and a policy read in words — what the role permits, through which policies, held by how many; the same before and after migration', async () => {
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const role = await t.prisma.role.create({
    data: { key: 'words-check', name: 'Words check', organizationId: group.id, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.lock']) },
  });
  const show = async (resource: string, id: string) => {
    const answer = await admin.get(`/admin/api/resources/${resource}/records/${id}/show`);
    assert.equal(answer.status, 200);
    return answer.body.record.params as Record<string, unknown>;
  };
  const before = await show('Role', role.id);
  assert.equal(before.permissionsText, 'Users: View users, Lock and unlock users');
  assert.match(String(before.policiesText), /still carries its own permissions/);
  assert.equal(before.holderCount, 0);

  const migrated = await runRecordAction(admin, 'Role', role.id, 'migrate', { policyName: 'Words check permissions' });
  assert.equal(migrated.body.notice.type, 'success', JSON.stringify(migrated.body.notice));
  const after = await show('Role', role.id);
  assert.equal(after.permissionsText, before.permissionsText, 'migration keeps exactly the same permissions');
  assert.equal(after.policiesText, 'Words check permissions');

  const policy = await t.prisma.permissionPolicy.findFirstOrThrow({ where: { name: 'Words check permissions' } });
  const policyPage = await show('PermissionPolicy', policy.id);
  assert.equal(policyPage.permissionsText, 'Users: View users, Lock and unlock users');
  assert.equal(policyPage.rolesText, 'Words check');
  for (const text of [before.permissionsText, after.policiesText, policyPage.permissionsText]) assert.doesNotMatch(String(text), /user\.|\[|\]/);
});

// Invitations (R-INV-1) and a user's memberships (edit role, access rights, assigned organisations)
// through the panel's custom actions, allowed and denied.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestSetup } from '../support/setup.ts';
import { type Agent, demo, loadRecordAction, loadResourceAction, offeredActions, panelSetup, runRecordAction, runResourceAction, signInToPanel, userId } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
let auditor: Agent;
before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
  auditor = await signInToPanel(t.app, demo.auditor);
});
after(() => t.close());

type Option = { value: string; label: string; group?: string; disabled?: boolean; note?: string };
const optionsOf = (body: { data: { form: { fields: { name: string; options?: Option[] }[] } } }, name: string): Option[] =>
  body.data.form.fields.find((field) => field.name === name)?.options ?? [];

test('R-INV-1: invite with organisation, role and IP allowlist; the link is in the outbox', async () => {
  const form = await loadResourceAction(owner, 'Invitation', 'new');
  const choice = optionsOf(form.body, 'organizationId|roleId').find((option) => option.group === 'Acme North' && option.label === 'Standard User');
  assert.ok(choice && !choice.disabled);
  const sent = await runResourceAction(owner, 'Invitation', 'new', { email: 'New.Person@Example.com', 'organizationId|roleId': choice.value, ipAllowlist: ['10.0.0.0/8', '2001:db8::1'] });
  assert.equal(sent.body.notice.type, 'success', JSON.stringify(sent.body.notice));
  const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'new.person@example.com' } });
  assert.deepEqual(JSON.parse(invitation.ipAllowlist), ['10.0.0.0/8', '2001:db8::1']);
  assert.ok(await t.prisma.outboxMessage.findFirst({ where: { to: 'new.person@example.com', kind: 'invitation' } }));
});

test('R-UNIQ-1: a unique role that is taken is offered disabled with its rule, and refused if sent anyway', async () => {
  const form = await loadResourceAction(owner, 'Invitation', 'new');
  const taken = optionsOf(form.body, 'organizationId|roleId').find((option) => option.group === 'Acme Group' && option.label === 'Compliance Officer');
  assert.ok(taken?.disabled);
  // Said in words; the rule id stays in the problem document and the audit trail.
  assert.match(taken.note ?? '', /at most one holder/);
  assert.doesNotMatch(taken.note ?? '', /R-UNIQ-1/);
  const refused = await runResourceAction(owner, 'Invitation', 'new', { email: 'second.co@example.com', 'organizationId|roleId': taken.value, ipAllowlist: [] });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.rule, 'R-UNIQ-1');
  assert.equal(refused.body.notice.type, 'error');
});

test('R-INV-1: resend issues a new link; revoke makes it unusable; both refused to the auditor (R-READ-1)', async () => {
  const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'new.person@example.com' } });
  assert.ok((await offeredActions(owner, 'Invitation', invitation.id)).includes('resend'));
  assert.ok(!(await offeredActions(auditor, 'Invitation', invitation.id)).includes('revoke'));
  const denied = await runRecordAction(auditor, 'Invitation', invitation.id, 'revoke');
  assert.equal(denied.body.notice.type, 'error');
  const resent = await runRecordAction(owner, 'Invitation', invitation.id, 'resend');
  assert.equal(resent.body.notice.type, 'success', JSON.stringify(resent.body.notice));
  const pending = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'new.person@example.com', status: 'PENDING' } });
  const revoked = await runRecordAction(owner, 'Invitation', pending.id, 'revoke');
  assert.equal(revoked.body.notice.type, 'success', JSON.stringify(revoked.body.notice));
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id: pending.id } })).status, 'REVOKED');
});

test('R-INV-3: new user with a password (and its confirmation in the form) is active at once and nothing is sent', async () => {
  const form = await loadResourceAction(owner, 'User', 'new');
  const choice = optionsOf(form.body, 'organizationId|roleId').find((option) => option.group === 'Acme South' && option.label === 'Data Entry Operator');
  assert.ok(choice);
  // Seed 002's "Confirm Password": checked in the form, never sent, and as optional as the password.
  const confirmation = (form.body.data.form.fields as { name: string; matches?: string; required: boolean }[]).find((field) => field.matches === 'password');
  assert.deepEqual(confirmation && { name: confirmation.name, required: confirmation.required }, { name: 'passwordConfirmation', required: false });
  const created = await runResourceAction(owner, 'User', 'new', {
    email: 'dee@acme.example', username: 'dee', firstName: 'Dee', lastName: '-', 'organizationId|roleId': choice.value, password: 'Dee-Strong-Pass-2026!', ipAllowlist: [],
  });
  assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice));
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { email: 'dee@acme.example' } })).status, 'ACTIVE');
  assert.equal(await t.prisma.outboxMessage.count({ where: { to: 'dee@acme.example' } }), 0);
});

test('R-ESC-1 / R-PERM-1: edit role offers the roles of the user\u2019s organisation and changes one', async () => {
  const id = await userId(t, demo.north);
  const form = await loadRecordAction(owner, 'User', id, 'editRole');
  const field = form.body.data.form.fields[0];
  assert.equal(field.name, 'organizationId|roleId');
  const auditorRole = (field.options as Option[]).find((option) => option.group === 'Acme North' && option.label === 'Auditor');
  assert.ok(auditorRole);
  const saved = await runRecordAction(owner, 'User', id, 'editRole', { [field.name]: auditorRole.value });
  assert.equal(saved.body.notice.type, 'success', JSON.stringify(saved.body.notice));
  const membership = await t.prisma.membership.findFirstOrThrow({ where: { userId: id }, include: { role: true } });
  assert.equal(membership.role.key, 'auditor');
});

test('R-SELF-1: nobody edits their own role, by the offered actions or by direct URL', async () => {
  const self = await userId(t, demo.owner);
  assert.ok(!(await offeredActions(owner, 'User', self)).includes('editRole'));
  const direct = await runRecordAction(owner, 'User', self, 'editRole', {});
  assert.equal(direct.body.notice.type, 'error');
});

test('R-ACC-1: access rights lists only the rights the role allows, and switches one off', async () => {
  const id = await userId(t, demo.advanced);
  const form = await loadRecordAction(owner, 'User', id, 'accessRights');
  const field = form.body.data.form.fields.find((candidate: { name: string }) => candidate.name === 'accessRights');
  const labels = (field.options as Option[]).map((option) => option.label);
  assert.ok(labels.includes('Run member scans'));
  assert.ok(!labels.includes('User management'), 'an Advanced User role has no user management to switch');
  const kept = (field.value as string[]).filter((value) => value !== 'memberScans');
  const organizationId = (await t.prisma.membership.findFirstOrThrow({ where: { userId: id } })).organizationId;
  const saved = await runRecordAction(owner, 'User', id, 'accessRights', { organizationId, accessRights: kept });
  assert.equal(saved.body.notice.type, 'success', JSON.stringify(saved.body.notice));
  const membership = await t.prisma.membership.findFirstOrThrow({ where: { userId: id } });
  assert.ok(JSON.parse(membership.disabledRights).includes('scan.runMember'));
});

test('R-TENANT-1: assigned organisations adds a membership in a reachable organisation', async () => {
  const id = await userId(t, demo.south);
  const form = await loadRecordAction(owner, 'User', id, 'assignOrganizations');
  const organizations = form.body.data.organizations as { id: string; name: string; roleId: string | null }[];
  assert.deepEqual(organizations.map((organization) => organization.name).sort(), ['Acme Group', 'Acme North', 'Acme South']);
  const north = organizations.find((organization) => organization.name === 'Acme North');
  const role = (form.body.data.roles as Option[]).find((option) => option.label === 'Standard User');
  assert.ok(north && role);
  const current = organizations.filter((organization) => organization.roleId !== null).map((organization) => ({ organizationId: organization.id }));
  const saved = await runRecordAction(owner, 'User', id, 'assignOrganizations', { organizations: [...current, { organizationId: north.id, roleId: role.value }] });
  assert.equal(saved.body.notice.type, 'success', JSON.stringify(saved.body.notice));
  assert.equal(await t.prisma.membership.count({ where: { userId: id } }), 2);
});

test('dashboard: users by status, pending invitations and denied actions, scoped (R-TENANT-1)', async () => {
  const dashboard = await owner.get('/admin/api/dashboard');
  assert.equal(dashboard.body.usersByStatus.active, await t.prisma.user.count({ where: { status: 'ACTIVE' } }));
  assert.ok(dashboard.body.denied.length > 0, 'the auditor\u2019s refused revoke is listed');
  const north = await signInToPanel(t.app, demo.south);
  const scoped = await north.get('/admin/api/dashboard');
  assert.equal(scoped.body.usersByStatus.active, 1, 'a member without user.view counts only themself');
  assert.deepEqual(scoped.body.denied, []);
});

test('R-INV-1: the invite and new-user forms choose no role by themselves (no risky default); sent without one, they are refused in words', async () => {
  for (const resource of ['Invitation', 'User']) {
    const form = await loadResourceAction(owner, resource, 'new');
    const field = (form.body.data.form.fields as { name: string; value?: unknown; placeholder?: string }[]).find((candidate) => candidate.name === 'organizationId|roleId');
    assert.equal(field?.value, undefined, `${resource}: nothing chosen`);
    assert.equal(field?.placeholder, 'Choose an organisation and a role');
  }
  const refused = await runResourceAction(owner, 'Invitation', 'new', { email: 'no.role@example.com', 'organizationId|roleId': '', ipAllowlist: [] });
  assert.equal(refused.body.notice.type, 'error');
  assert.doesNotMatch(refused.body.notice.message, /roleId|organizationId/);
  assert.equal(await t.prisma.invitation.count({ where: { email: 'no.role@example.com' } }), 0);
});

test('dashboard and navigation follow what the viewer may do: a Standard User sees no user tiles and no Roles, Policies or Audit lists; refusals read in words (R-TENANT-1)', async () => {
  const dashboard = await owner.get('/admin/api/dashboard');
  assert.equal(dashboard.body.canManageUsers, true);
  const refusal = dashboard.body.denied[0] as { text: string };
  assert.match(refusal.text, /^.+ \(.+@acme\.example\): .+ — .+/);
  assert.doesNotMatch(refusal.text, /\b(user|invitation|role|policy|org|audit|apikey)\.[a-z]|\[R-|R-[A-Z]+-\d/);

  const standard = await signInToPanel(t.app, demo.standard);
  const own = await standard.get('/admin/api/dashboard');
  assert.equal(own.body.canManageUsers, false);
  assert.equal(own.body.canInvite, false);
  assert.equal(own.body.canSeeAudit, false);

  // The page state lists the resources with the list action each may open; the sidebar shows those.
  const page = await standard.get('/admin');
  const state = JSON.parse(/window\.REDUX_STATE = (\{.*?\});?\s*\n/s.exec(page.text)?.[1] ?? 'null') as { resources: { id: string; href: string | null }[] } | null;
  assert.ok(state, 'the page carries its state');
  const listed = state.resources.filter((resource) => resource.href).map((resource) => resource.id).sort();
  for (const hidden of ['AuditEvent', 'PermissionPolicy', 'Role']) assert.ok(!listed.includes(hidden), `${hidden} is not in a Standard User's navigation: ${listed.join(', ')}`);
  const direct = await standard.get('/admin/api/resources/AuditEvent/actions/list');
  assert.deepEqual(direct.body.records ?? [], [], 'opened directly, the list shows nothing of the trail');
  // The Compliance Officer, who may see all of them, has them all.
  const full = JSON.parse(/window\.REDUX_STATE = (\{.*?\});?\s*\n/s.exec((await owner.get('/admin')).text)?.[1] ?? 'null') as { resources: { id: string; href: string | null }[] };
  const officerListed = full.resources.filter((resource) => resource.href).map((resource) => resource.id);
  for (const shown of ['AuditEvent', 'User', 'Invitation', 'Organization']) assert.ok(officerListed.includes(shown), shown);
});

// Seed 001 walk-through (a hosting portal, preset 'seed001'): one login in several accounts with a
// different role in each, support-ticket categories that follow the role, names editable and the
// e-mail fixed, a password change that needs the current password, optional TOTP, and the roles of
// each account, the one held highlighted, readable by every member (R-ROLE-3).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { currentTotpCode } from '../../src/auth/totp.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const PASSWORD = 'Hosting-Portal-2026!';
let t: TestSetup;
let admin: ApiClient;
let accountA: string;
let accountB: string;
let multiId: string;

before(async () => {
  t = await setup({ preset: 'seed001', signInRateLimit: false });
  const ctx = t.gatehouse.context;
  accountA = (await createOrganization(ctx, { name: 'Account A' })).id;
  accountB = (await createOrganization(ctx, { name: 'Account B' })).id;
  await createMember(ctx, { email: 'admin@hosting.test', username: 'admin', firstName: 'Ada', lastName: 'Admin', password: PASSWORD }, [
    { organizationId: accountA, roleKey: 'administrator', owner: true },
    { organizationId: accountB, roleKey: 'administrator', owner: true },
  ]);
  multiId = (
    await createMember(ctx, { email: 'multi@hosting.test', username: 'multi', firstName: 'Max', lastName: 'Multi', password: PASSWORD }, [
      { organizationId: accountA, roleKey: 'financial' },
      { organizationId: accountB, roleKey: 'support' },
    ])
  ).id;
  admin = await signIn(t.app, 'admin', PASSWORD);
});
after(() => t.close());

test('seed 001 (R-001, R-SELF-2, R-PWD-2, R-MFA-1): many accounts per user, ticket categories by role, own profile', async () => {
  // One user, two accounts, a role in each: the ticket categories follow the role of each account.
  const effective = await admin.call('get', `/users/${multiId}/effective-permissions`);
  assert.equal(effective.status, 200, JSON.stringify(effective.body));
  const held = (organizationId: string) =>
    new Set(
      (effective.body.organizations as { organizationId: string; permissions: { permission: string }[] }[])
        .find((organization) => organization.organizationId === organizationId)
        ?.permissions.map((permission) => permission.permission),
    );
  assert.ok(held(accountA).has('ticket.manage.billing'), 'Financial: billing tickets');
  assert.ok(!held(accountA).has('ticket.manage.technical'), 'Financial: no technical tickets');
  assert.ok(held(accountB).has('ticket.manage.technical'), 'Support: technical tickets');
  assert.ok(!held(accountB).has('ticket.manage.billing'), 'Support: no billing tickets');

  // First and last name are editable; the e-mail address is fixed.
  const multi = await signIn(t.app, 'multi', PASSWORD);
  assert.equal((await multi.call('patch', '/me', { firstName: 'Maxine', lastName: 'Multiple' })).status, 200);
  const emailChange = await multi.call('patch', '/me', { email: 'elsewhere@hosting.test' });
  assert.equal(emailChange.status, 403);
  assert.equal(emailChange.body.rule, 'R-SELF-2');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: multiId } })).email, 'multi@hosting.test');

  // A password change needs the current password.
  const newPassword = 'Hosting-Portal-2027!';
  assert.equal((await multi.call('post', '/me/password', { currentPassword: 'not-my-password', newPassword })).status, 403);
  assert.ok((await multi.call('post', '/me/password', { currentPassword: PASSWORD, newPassword })).status < 300);

  // Optional TOTP: enrol with the QR code's secret, confirmed by a code; sign-in then asks for it.
  const again = await signIn(t.app, 'multi', newPassword);
  const enrolment = await again.call('post', '/me/mfa/totp', { currentPassword: newPassword });
  assert.equal(enrolment.status, 200, JSON.stringify(enrolment.body));
  const secret = enrolment.body.secret ?? enrolment.body.totp?.secret;
  assert.ok(secret, 'the secret is shown for typing into an authenticator');
  const confirm = await again.call('post', '/me/mfa/totp/confirm', { code: await currentTotpCode(t.gatehouse.context, secret) });
  assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
  t.clock.advance(60_000);
  const withCode = await signIn(t.app, 'multi', newPassword, () => currentTotpCode(t.gatehouse.context, secret));
  assert.equal(withCode.userId, multiId);
});

test('seed 001 (R-EMAIL-1): "Email address is fixed and cannot be changed through the portal": not even by the administrator', async () => {
  const changed = await admin.call('patch', `/users/${multiId}`, { email: 'elsewhere@hosting.test' });
  assert.equal(changed.status, 403);
  assert.equal(changed.body.rule, 'R-EMAIL-1');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: multiId } })).email, 'multi@hosting.test');
  assert.equal(await t.prisma.auditEvent.count({ where: { action: 'user.edit', outcome: 'DENIED', rule: 'R-EMAIL-1', targetId: multiId } }), 1);
  // Not even a change to confirm (R-EMAIL-2) is started: nothing stored, nothing mailed.
  assert.equal(await t.prisma.emailChangeRequest.count(), 0);
  assert.equal(t.mailbox.latest('elsewhere@hosting.test'), null);
  // The names stay editable, and sending the e-mail unchanged is no change.
  const renamed = await admin.call('patch', `/users/${multiId}`, { firstName: 'Maxine', email: 'multi@hosting.test' });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(renamed.body.firstName, 'Maxine');
});

test('seed 001 (R-ROLE-3): "The Account Security section displays all available roles and highlights which ones are currently assigned to the user for the selected account"', async () => {
  await createMember(t.gatehouse.context, { email: 'support@hosting.test', username: 'support', firstName: 'Sue', lastName: 'Port', password: PASSWORD }, [
    { organizationId: accountB, roleKey: 'support' },
  ]);
  const support = await signIn(t.app, 'support', PASSWORD);

  // The administrators' view of roles stays theirs.
  assert.equal((await support.call('get', '/roles')).status, 403);

  const own = await support.call('get', `/me/roles?organizationId=${accountB}`);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  const roles = own.body.items as { id: string; name: string; description: string; held: boolean; permissions: { permission: string; label: string }[] }[];
  assert.deepEqual(roles.map((role) => role.name).sort(), ['Administrator', 'Financial', 'Purchaser', 'Support', 'Technical']);
  assert.deepEqual(roles.filter((role) => role.held).map((role) => role.name), ['Support']);
  const supportRole = roles.find((role) => role.name === 'Support');
  assert.ok(supportRole?.description.length);
  // What each role permits, in the catalog's words.
  assert.deepEqual(supportRole?.permissions.map((permission) => permission.label).sort(), ['Support tickets: General', 'Support tickets: Technical', 'View the organisation']);
  assert.ok(roles.find((role) => role.name === 'Financial')?.permissions.some((permission) => permission.label === 'Pay invoices'));

  // Not another account's roles: as if it did not exist (no tenant leak), nor a made-up one.
  const other = await support.call('get', `/me/roles?organizationId=${accountA}`);
  assert.equal(other.status, 404);
  assert.equal((await support.call('get', '/me/roles?organizationId=no-such-account')).status, 404);
  assert.equal((await support.call('get', '/me/roles')).status, 400);

  // One login, a different role in each account: the marker follows the selected account.
  await createMember(t.gatehouse.context, { email: 'dual@hosting.test', username: 'dual', firstName: 'Dee', lastName: 'Ual', password: PASSWORD }, [
    { organizationId: accountA, roleKey: 'technical' },
    { organizationId: accountB, roleKey: 'purchaser' },
  ]);
  const dual = await signIn(t.app, 'dual', PASSWORD);
  const heldIn = async (organizationId: string) =>
    ((await dual.call('get', `/me/roles?organizationId=${organizationId}`)).body.items as { name: string; held: boolean }[]).filter((role) => role.held).map((role) => role.name);
  assert.deepEqual(await heldIn(accountA), ['Technical']);
  assert.deepEqual(await heldIn(accountB), ['Purchaser']);

  // Reading is all: the roles cannot be changed by a Support user.
  const before = await t.prisma.role.findMany({ orderBy: { id: 'asc' } });
  const rename = await support.call('patch', `/roles/${supportRole?.id}`, { name: 'Superuser' });
  assert.ok(rename.status === 403 || rename.status === 404, `${rename.status}`);
  const created = await support.call('post', '/roles', { organizationId: accountB, name: 'Mine' });
  assert.equal(created.status, 403);
  assert.deepEqual(await t.prisma.role.findMany({ orderBy: { id: 'asc' } }), before);
});

test('seed 001 (R-ROLE-3): the panel shows a Support user the roles of their account on My profile, theirs highlighted, and no Roles resource to change', async () => {
  const { runRecordAction, signInToPanel } = await import('../panel/helpers.ts');
  const agent = await signInToPanel(t.app, 'support@hosting.test', PASSWORD);
  const page = await agent.get('/admin/api/pages/myProfile');
  assert.equal(page.status, 200);
  const accounts = page.body.accounts as { organizationId: string; organizationName: string; roles: { name: string; held: boolean; permissions: { label: string }[] }[] }[];
  assert.deepEqual(accounts.map((account) => account.organizationName), ['Account B']);
  assert.deepEqual(accounts[0]?.roles.filter((role) => role.held).map((role) => role.name), ['Support']);
  assert.equal(accounts[0]?.roles.length, 5);
  // In words: no permission key, no rule id reaches the page.
  for (const role of accounts[0]?.roles ?? []) for (const permission of role.permissions) assert.doesNotMatch(permission.label, /^[a-z]+\.[a-zA-Z.]+$/);
  const supportRole = await t.prisma.role.findFirstOrThrow({ where: { key: 'support' } });
  // The Roles resource stays the administrators': neither shown to them nor changed by them.
  const show = await agent.get(`/admin/api/resources/Role/records/${supportRole.id}/show`);
  assert.deepEqual(show.body.record?.params ?? {}, {});
  const edit = await runRecordAction(agent, 'Role', supportRole.id, 'edit', { name: 'Superuser' });
  assert.equal(edit.status, 403);
  assert.equal((await t.prisma.role.findUniqueOrThrow({ where: { id: supportRole.id } })).name, 'Support');
});

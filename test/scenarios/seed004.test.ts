// Seed 004 walk-through (a payments dashboard, preset 'seed004'): invite with a role and an IP
// allowlist, resend, the old link refused, the new one accepted within 72 hours, another invitation
// expired after 72 hours, deactivate an invitation, unique e-mails. Links are read from the outbox
// as the invitee would read them in their mailbox. Then: changing users' roles is the Admin's alone
// (R-ROLE-2), and a legacy role migrates onto an existing policy chosen among the equal ones (R-MIG-1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organizationWithOwner, PASSWORD, publicPost, tokenFromMail, unique } from '../invitations/support.ts';

let t: TestSetup;
before(async () => {
  t = await setup({ preset: 'seed004', signInRateLimit: false });
});
after(() => t.close());

test('seed 004 (R-INV-1, R-INV-2, R-IP-1): invite, resend, accept within 72 h, expiry, deactivate, unique e-mails', async () => {
  const { organizationId, owner } = await organizationWithOwner(t, 'Payments Co');
  let admin = await owner.client();
  const operations = await t.prisma.role.findFirstOrThrow({ where: { organizationId, key: 'operations' } });

  // Invite New User: e-mail, a custom role made of policies, and an allowlist of IPs and ranges.
  const alice = 'alice@payments.test';
  const invited = await admin.call('post', '/invitations', { email: alice, organizationId, roleId: operations.id, ipAllowlist: ['127.0.0.1', '::1', '::ffff:127.0.0.0/104'] });
  assert.equal(invited.status, 201, JSON.stringify(invited.body));
  const firstLink = await tokenFromMail(t, alice);

  // Unique e-mails: a second invitation to the same address is refused while the first is pending.
  const duplicate = await admin.call('post', '/invitations', { email: alice, organizationId, roleId: 'builtin:admin' });
  assert.equal(duplicate.status, 409);

  // Resend: the previous link is invalid once re-sent.
  t.clock.advance(2 * 3_600_000);
  admin = await owner.client();
  assert.equal((await admin.call('post', `/invitations/${invited.body.id}/resend`)).status, 200);
  const secondLink = await tokenFromMail(t, alice);
  const refused = await publicPost(t, '/invitations/accept', { token: firstLink, firstName: 'Alice', lastName: 'A', username: 'alice', password: PASSWORD });
  assert.equal(refused.status, 410);

  // The new link works within 72 hours of the resend.
  t.clock.advance(71 * 3_600_000);
  const accepted = await publicPost(t, '/invitations/accept', { token: secondLink, firstName: 'Alice', lastName: 'A', username: 'alice', password: PASSWORD });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const aliceUser = await t.prisma.user.findUniqueOrThrow({ where: { email: alice }, include: { memberships: true } });
  assert.deepEqual(aliceUser.memberships.map((m) => m.roleId), [operations.id]);
  assert.deepEqual(JSON.parse(aliceUser.ipAllowlist), ['127.0.0.1', '::1', '::ffff:127.0.0.0/104']);
  await signIn(t.app, 'alice', PASSWORD);

  // Unique e-mails: now a user of the company, Alice cannot be invited to it again.
  admin = await owner.client();
  const again = await admin.call('post', '/invitations', { email: alice, organizationId, roleId: operations.id });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'EMAIL_TAKEN');

  // Another invitation left alone for more than 72 hours expires.
  const bob = 'bob@payments.test';
  assert.equal((await admin.call('post', '/invitations', { email: bob, organizationId, roleId: operations.id })).status, 201);
  const bobLink = await tokenFromMail(t, bob);
  t.clock.advance(72 * 3_600_000 + 60_000);
  const late = await publicPost(t, '/invitations/accept', { token: bobLink, firstName: 'Bob', lastName: 'B', username: 'bob', password: PASSWORD });
  assert.equal(late.status, 410);
  admin = await owner.client();
  const expired = await admin.call('get', `/invitations?organizationId=${organizationId}&status=EXPIRED`);
  assert.deepEqual(expired.body.items.map((item: { email: string }) => item.email), [bob]);

  // Deactivate an invitation: its link stops working at once.
  const carol = 'carol@payments.test';
  const carolInvite = await admin.call('post', '/invitations', { email: carol, organizationId, roleId: operations.id });
  const carolLink = await tokenFromMail(t, carol);
  assert.equal((await admin.call('post', `/invitations/${carolInvite.body.id}/revoke`)).status, 200);
  assert.equal((await publicPost(t, '/invitations/accept', { token: carolLink, firstName: 'Carol', lastName: 'C', username: 'carol', password: PASSWORD })).status, 410);

  const statuses = await admin.call('get', `/invitations?organizationId=${organizationId}&pageSize=100`);
  assert.deepEqual(
    Object.fromEntries(statuses.body.items.map((item: { email: string; status: string }) => [item.email, item.status])),
    { [alice]: 'ACCEPTED', [bob]: 'EXPIRED', [carol]: 'REVOKED' },
  );
});

test('seed 004: an Operations user (no user administration) cannot invite; an Admin invites with the Admin role', async () => {
  const { organizationId, ownerClient } = await organizationWithOwner(t, unique('Shop '));
  const operations = await t.prisma.role.findFirstOrThrow({ where: { organizationId, key: 'operations' } });
  const email = `${unique('ops')}@payments.test`;
  assert.equal((await ownerClient.call('post', '/invitations', { email, organizationId, roleId: operations.id })).status, 201);
  const token = await tokenFromMail(t, email);
  const username = unique('ops');
  assert.equal((await publicPost(t, '/invitations/accept', { token, firstName: 'O', lastName: 'P', username, password: PASSWORD })).status, 200);
  const opsClient = await signIn(t.app, username, PASSWORD);
  const denied = await opsClient.call('post', '/invitations', { email: `${unique('x')}@payments.test`, organizationId, roleId: operations.id });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.rule, 'R-PERM-1');
  const adminInvite = await ownerClient.call('post', '/invitations', { email: `${unique('adm')}@payments.test`, organizationId, roleId: 'builtin:admin' });
  assert.equal(adminInvite.status, 201);
});

test('seed 004 (R-ROLE-2): "Only the \'Administrator\' has the authority to change the user roles": no custom role may carry it, the Admin keeps it', async () => {
  const { organizationId, ownerClient: admin } = await organizationWithOwner(t, unique('Roles Co '));
  const reason = "Only the Admin role may change a user's role here.";

  // The preset's User administration policy no longer carries it.
  const userAdministration = await t.prisma.permissionPolicy.findFirstOrThrow({ where: { key: 'userAdministration' }, include: { grants: true } });
  assert.ok(!userAdministration.grants.some((grant) => grant.permission === 'user.editRole'));

  // A custom role built of it and of the Admin's own policy (which does carry it): refused in words, nothing created.
  const adminsOwn = await t.prisma.permissionPolicy.findFirstOrThrow({ where: { key: 'role:admin' } });
  const rolesBefore = await t.prisma.role.count();
  const created = await admin.call('post', '/roles', { organizationId, name: 'Deputy', policyIds: [userAdministration.id, adminsOwn.id] });
  assert.equal(created.status, 403, JSON.stringify(created.body));
  assert.equal(created.body.rule, 'R-ROLE-2');
  assert.equal(created.body.detail, reason);
  assert.equal(await t.prisma.role.count(), rolesBefore);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: 'role.manage', outcome: 'DENIED', rule: 'R-ROLE-2' } }), 1);

  // Attaching the policy carrying it to a custom role: refused, the role unchanged.
  const deputy = await admin.call('post', '/roles', { organizationId, name: 'Deputy', policyIds: [userAdministration.id] });
  assert.equal(deputy.status, 201, JSON.stringify(deputy.body));
  const attach = await admin.call('patch', `/roles/${deputy.body.id}`, { policyIds: [userAdministration.id, adminsOwn.id] });
  assert.equal(attach.status, 403);
  assert.equal(attach.body.detail, reason);
  assert.deepEqual((await t.prisma.rolePolicy.findMany({ where: { roleId: deputy.body.id } })).map((link) => link.policyId), [userAdministration.id]);

  // Adding it to a policy a custom role carries, or creating a policy with it: refused, the policy unchanged.
  const own = await admin.call('post', '/policies', { organizationId, name: unique('Staff '), grants: ['user.view'] });
  assert.equal(own.status, 201);
  assert.equal((await admin.call('patch', `/roles/${deputy.body.id}`, { policyIds: [userAdministration.id, own.body.id] })).status, 200);
  const widened = await admin.call('patch', `/policies/${own.body.id}`, { grants: ['user.view', 'user.editRole'] });
  assert.equal(widened.status, 403);
  assert.equal(widened.body.rule, 'R-ROLE-2');
  assert.equal(widened.body.detail, reason);
  assert.deepEqual((await t.prisma.policyGrant.findMany({ where: { policyId: own.body.id } })).map((grant) => grant.permission), ['user.view']);
  const withIt = await admin.call('post', '/policies', { organizationId, name: unique('Role changers '), grants: ['user.editRole'] });
  assert.equal(withIt.status, 403);
  assert.equal(withIt.body.detail, reason);

  // The Admin still changes roles; a holder of the custom role, made of User administration, cannot.
  const deputyUser = await member(t, organizationId, 'operations');
  await t.prisma.membership.updateMany({ where: { userId: deputyUser.id }, data: { roleId: deputy.body.id } });
  const target = await member(t, organizationId, 'operations');
  const deputyClient = await deputyUser.client();
  assert.equal((await deputyClient.call('get', `/users/${target.id}`)).status, 200, 'User administration still gives the users');
  const refused = await deputyClient.call('put', `/users/${target.id}/role`, { organizationId, roleId: deputy.body.id });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-PERM-1');
  const changed = await admin.call('put', `/users/${target.id}/role`, { organizationId, roleId: deputy.body.id });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal((await t.prisma.membership.findFirstOrThrow({ where: { userId: target.id } })).roleId, deputy.body.id);
});

test('seed 004 (R-ROLE-2): a custom role whose stored rows carry user.editRole anyway gives nothing of it (the engine ignores the grant)', async () => {
  const { organizationId, ownerClient: admin } = await organizationWithOwner(t, unique('Legacy Co '));
  const sneaky = await t.prisma.role.create({
    data: { key: unique('sneaky'), name: unique('Sneaky '), organizationId, kind: 'CUSTOM', legacyPermissions: JSON.stringify([{ permission: 'user.view' }, { permission: 'user.editRole' }]) },
  });
  const holder = await member(t, organizationId, 'operations');
  await t.prisma.membership.updateMany({ where: { userId: holder.id }, data: { roleId: sneaky.id } });
  const target = await member(t, organizationId, 'operations');
  const client = await holder.client();
  const refused = await client.call('put', `/users/${target.id}/role`, { organizationId, roleId: sneaky.id });
  assert.equal(refused.status, 403);
  assert.equal((await t.prisma.membership.findFirstOrThrow({ where: { userId: target.id } })).roleId, (await t.prisma.role.findFirstOrThrow({ where: { organizationId, key: 'operations' } })).id);
  // Nor can it be migrated into a policy that would carry it.
  const migrate = await admin.call('post', `/roles/${sneaky.id}/migrate`, { policyName: unique('Sneaky policy ') });
  assert.equal(migrate.status, 403);
  assert.equal(migrate.body.rule, 'R-ROLE-2');
});

test('seed 004 (R-MIG-1): "choose the required Permission Policy": the Accountant migrates onto an existing equal policy, a non-equal one is refused in words', async () => {
  const { organizationId, ownerClient: admin } = await organizationWithOwner(t, unique('Ledger Co '));
  const accountant = await t.prisma.role.findFirstOrThrow({ where: { organizationId, key: 'accountant' } });
  const holder = await member(t, organizationId, 'accountant');
  // Stored as the grant codec writes them: bare keys for unconditional grants.
  const inline = JSON.parse(accountant.legacyPermissions ?? '[]') as string[];
  const equal = await admin.call('post', '/policies', { organizationId, name: 'Bookkeeping', grants: [...inline].reverse() });
  const almost = await admin.call('post', '/policies', { organizationId, name: 'Bookkeeping plus', grants: [...inline.filter((p) => p !== 'report.export'), 'transaction.refund', 'merchant.view'] });
  assert.equal(equal.status, 201, JSON.stringify(equal.body));
  assert.equal(almost.status, 201, JSON.stringify(almost.body));

  const preview = await admin.call('get', `/roles/${accountant.id}/migration-preview`);
  assert.deepEqual(preview.body.matchingPolicies.map((policy: { name: string }) => policy.name), ['Bookkeeping']);
  const why = (preview.body.otherPolicies as { name: string; reason: string }[]).find((policy) => policy.name === 'Bookkeeping plus')?.reason;
  assert.equal(why, 'gives 2 permissions the role does not have: Refund transactions, View merchants; lacks 1 permission the role has: Export reports');

  const effective = async () => (await admin.call('get', `/users/${holder.id}/effective-permissions`)).body;
  const before = await effective();
  const snapshot = async () => ({ role: await t.prisma.role.findUniqueOrThrow({ where: { id: accountant.id }, include: { policies: true } }), policies: await t.prisma.permissionPolicy.count() });

  // A policy that does not hold exactly the role's permissions: 409, the reason in words, nothing changed.
  const unchanged = await snapshot();
  const refused = await admin.call('post', `/roles/${accountant.id}/migrate`, { policyId: almost.body.id });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'POLICY_MISMATCH');
  assert.equal(refused.body.detail, `The policy Bookkeeping plus does not hold exactly the role's permissions: it ${why}`);
  assert.deepEqual(await snapshot(), unchanged);

  // The equal one: the role carries it, no policy is created, the holder's permissions are the same.
  const migrated = await admin.call('post', `/roles/${accountant.id}/migrate`, { policyId: equal.body.id });
  assert.equal(migrated.status, 200, JSON.stringify(migrated.body));
  assert.equal(migrated.body.mode, 'existing');
  assert.deepEqual(migrated.body.role.policies.map((policy: { id: string }) => policy.id), [equal.body.id]);
  assert.equal(await t.prisma.permissionPolicy.count(), unchanged.policies);
  assert.deepEqual(await effective(), before);
});

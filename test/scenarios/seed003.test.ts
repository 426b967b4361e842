// Seed 003 walk-through (a hosting control panel, preset 'seed003'): invite by e-mail with chosen
// permissions; an existing user joins with their existing login; account owners always have full
// access; only users with administrator rights can invite.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organizationWithOwner, PASSWORD, publicPost, tokenFromMail } from '../invitations/support.ts';

let t: TestSetup;
before(async () => {
  t = await setup({ preset: 'seed003', signInRateLimit: false });
});
after(() => t.close());

test('seed 003 (R-INV-1, R-ACC-1): the owner invites with chosen permissions; the invitee gets only those', async () => {
  const { organizationId, ownerClient } = await organizationWithOwner(t, 'Hosting Customer');
  const email = 'dana@hosting.test';
  const res = await ownerClient.call('post', '/invitations', { email, organizationId, accessRights: ['domains', 'billing'] });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.roleId, 'builtin:member');
  assert.ok(res.body.disabledRights.includes('service.manage'));
  assert.ok(res.body.disabledRights.includes('user.invite'));
  assert.ok(!res.body.disabledRights.includes('domain.manage'));
  const token = await tokenFromMail(t, email);
  assert.equal((await publicPost(t, '/invitations/accept', { token, firstName: 'Dana', lastName: 'D', username: 'dana', password: PASSWORD })).status, 200);
  const membership = await t.prisma.membership.findFirstOrThrow({ where: { user: { email }, organizationId } });
  assert.deepEqual(JSON.parse(membership.disabledRights), res.body.disabledRights);

  // Only users with administrator rights can invite: Dana has domains and billing, not account administration.
  const dana = await signIn(t.app, 'dana', PASSWORD);
  const denied = await dana.call('post', '/invitations', { email: 'eve@hosting.test', organizationId, accessRights: ['domains'] });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.rule, 'R-ACC-1');

  // Unknown permission areas are bad input.
  assert.equal((await ownerClient.call('post', '/invitations', { email: 'x@hosting.test', organizationId, accessRights: ['rockets'] })).status, 400);
});

test('seed 003 (R-INV-2): an existing user joins another account with their existing login', async () => {
  const first = await organizationWithOwner(t, 'First Customer');
  const second = await organizationWithOwner(t, 'Second Customer');
  const frank = await member(t, first.organizationId, 'member');
  const res = await second.ownerClient.call('post', '/invitations', { email: frank.email, organizationId: second.organizationId, accessRights: ['services'] });
  assert.equal(res.status, 201);
  const token = await tokenFromMail(t, frank.email);
  assert.equal((await publicPost(t, '/invitations/preview', { token })).body.form, 'existing-account');
  const accepted = await publicPost(t, '/invitations/accept', { token, currentPassword: PASSWORD });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(accepted.body.userId, frank.id);
  assert.equal(await t.prisma.user.count({ where: { email: frank.email } }), 1);
  const organizations = (await t.prisma.membership.findMany({ where: { userId: frank.id } })).map((m) => m.organizationId).sort();
  assert.deepEqual(organizations, [first.organizationId, second.organizationId].sort());
  // Same login as before: username and password unchanged.
  await signIn(t.app, frank.username, PASSWORD);
});

test('seed 003 (R-ESC-1): an account administrator without billing cannot give billing', async () => {
  const { organizationId, ownerClient } = await organizationWithOwner(t, 'Third Customer');
  const email = 'gina@hosting.test';
  await ownerClient.call('post', '/invitations', { email, organizationId, accessRights: ['accountAdministration', 'services'] });
  const token = await tokenFromMail(t, email);
  assert.equal((await publicPost(t, '/invitations/accept', { token, firstName: 'Gina', lastName: 'G', username: 'gina', password: PASSWORD })).status, 200);
  const gina = await signIn(t.app, 'gina', PASSWORD);
  const escalate = await gina.call('post', '/invitations', { email: 'hank@hosting.test', organizationId, accessRights: ['billing'] });
  assert.equal(escalate.status, 403);
  assert.equal(escalate.body.rule, 'R-ESC-1');
  const fine = await gina.call('post', '/invitations', { email: 'hank@hosting.test', organizationId, accessRights: ['services'] });
  assert.equal(fine.status, 201, JSON.stringify(fine.body));
  // Owners always have full access, and the owner role is never given by invitation.
  const owner = await ownerClient.call('post', '/invitations', { email: 'ivy@hosting.test', organizationId, roleId: 'builtin:owner' });
  assert.equal(owner.status, 403);
  assert.equal(owner.body.rule, 'R-OWNER-2');
});

// Seed 004 walk-through (a payments dashboard, preset 'seed004'): invite with a role and an IP
// allowlist, resend, the old link refused, the new one accepted within 72 hours, another invitation
// expired after 72 hours, deactivate an invitation, unique e-mails. Links are read from the outbox
// as the invitee would read them in their mailbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { organizationWithOwner, PASSWORD, publicPost, tokenFromMail, unique } from '../invitations/support.ts';

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

// POST /invitations/accept and /invitations/preview: new accounts, set-your-password accounts
// (R-INV-3), existing accounts (R-INV-2), dead links (410) and races.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { issueInvitation } from '../../src/invitations/issue.ts';
import { issuePasswordReset } from '../../src/password-resets/issue.ts';
import { enrolTotp } from '../../src/auth/second-factor.ts';
import { currentTotpCode, newTotpSecret } from '../../src/auth/totp.ts';
import { signIn, type ApiClient } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { auditEvents, member, OTHER_PASSWORD, organizationWithOwner, PASSWORD, publicPost, roleId, tokenFromMail, unique } from './support.ts';

let t: TestSetup;
let org: string;
let owner: ApiClient;
before(async () => {
  t = await setup({ signInRateLimit: false });
  ({ organizationId: org, ownerClient: owner } = await organizationWithOwner(t));
});
after(() => t.close());

async function invite(roleKey = 'standardUser', organizationId = org, client = owner, extra: Record<string, unknown> = {}, email = `${unique('invitee')}@example.test`) {
  const res = await client.call('post', '/invitations', { email, organizationId, roleId: roleId(roleKey), ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { email, id: res.body.id as string, token: await tokenFromMail(t, email) };
}

const newAccount = (token: string, username = unique('new')) => ({ token, firstName: 'Ada', lastName: 'Lovelace', username, password: PASSWORD });

test('R-INV-1: a new invitee accepts with names, username and password, then signs in as a member of the organisation', async () => {
  const { email, id, token } = await invite('advancedUser', org, owner, { ipAllowlist: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
  const preview = await publicPost(t, '/invitations/preview', { token });
  assert.equal(preview.status, 200);
  assert.equal(preview.body.form, 'new-account');
  assert.equal(preview.body.email, email);
  const username = unique('ada');
  const res = await publicPost(t, '/invitations/accept', newAccount(token, username));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.newAccount, true);
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  assert.equal(user.username, username);
  assert.deepEqual(user.memberships.map((m) => [m.organizationId, m.roleId]), [[org, roleId('advancedUser')]]);
  assert.deepEqual(JSON.parse(user.ipAllowlist), ['127.0.0.1', '::1', '::ffff:127.0.0.1'], 'R-IP-1: the invitation allowlist is the user\'s');
  const invitation = await t.prisma.invitation.findUniqueOrThrow({ where: { id } });
  assert.equal(invitation.status, 'ACCEPTED');
  assert.equal(invitation.pendingEmail, null);
  const events = (await auditEvents(t, 'invitation.accept')).filter((event) => event.targetId === id);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.actorId, user.id);
  assert.equal(events[0]?.details.includes(token), false);
  await signIn(t.app, username, PASSWORD);
});

test('R-PWD-1: a new account\'s password must meet the policy; the link stays usable', async () => {
  const { token } = await invite();
  const weak = await publicPost(t, '/invitations/accept', { ...newAccount(token), password: 'short' });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.code, 'PASSWORD_POLICY');
  const missing = await publicPost(t, '/invitations/accept', { token, password: PASSWORD });
  assert.equal(missing.status, 400);
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(token))).status, 200);
});

test('a taken username answers 409 and leaves the invitation pending', async () => {
  const someone = await member(t, org, 'standardUser');
  const { id, token } = await invite();
  const res = await publicPost(t, '/invitations/accept', newAccount(token, someone.username));
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'USERNAME_TAKEN');
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id } })).status, 'PENDING');
});

test('malformed tokens and bodies answer 400', async () => {
  for (const body of [{}, { token: '' }, { token: 'has spaces and !' }, { token: 'x'.repeat(300) }, { token: 42 }, { ...newAccount('abc'), surprise: 1 }]) {
    const res = await publicPost(t, '/invitations/accept', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(res.headers['content-type'] ?? '', /problem\+json/);
  }
});

test('R-INV-1: a used link answers 410', async () => {
  const { token } = await invite();
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(token))).status, 200);
  const again = await publicPost(t, '/invitations/accept', newAccount(token));
  assert.equal(again.status, 410);
  assert.equal(again.body.code, 'TOKEN_INVALID');
  assert.equal((await publicPost(t, '/invitations/preview', { token })).status, 410);
});

test('R-INV-1: a link past 72 hours answers 410; one just before is accepted', async () => {
  const early = await invite();
  const late = await invite();
  t.clock.advance(72 * 3_600_000 - 1000);
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(early.token))).status, 200);
  t.clock.advance(1000);
  const res = await publicPost(t, '/invitations/accept', newAccount(late.token));
  assert.equal(res.status, 410);
  assert.equal(await t.prisma.user.count({ where: { email: late.email } }), 0);
  owner = await signIn(t.app, (await t.prisma.user.findFirstOrThrow({ where: { memberships: { some: { organizationId: org, isOwner: true } } } })).email, PASSWORD);
});

test('R-INV-1: a truncated link, a revoked link and a password-reset token all answer 410', async () => {
  const { token, id } = await invite();
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(token.slice(0, 20)))).status, 410);
  assert.equal((await owner.call('post', `/invitations/${id}/revoke`)).status, 200);
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(token))).status, 410);
  const someone = await member(t, org, 'standardUser');
  const { outboxMessageId } = await t.prisma.$transaction((tx) => issuePasswordReset(tx, t.gatehouse.context, { userId: someone.id, requestedById: null }));
  await t.gatehouse.context.mailer.deliver([outboxMessageId]);
  const resetToken = await tokenFromMail(t, someone.email, 'password-reset');
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(resetToken))).status, 410);
});

test('R-INV-2: an existing user of another organisation joins with their existing login (current password)', async () => {
  const elsewhere = await organizationWithOwner(t);
  const existing = await member(t, elsewhere.organizationId, 'advancedUser');
  const { id, token } = await invite('billingOfficer', org, owner, {}, existing.email);
  const preview = await publicPost(t, '/invitations/preview', { token });
  assert.equal(preview.body.form, 'existing-account');
  const bare = await publicPost(t, '/invitations/accept', newAccount(token));
  assert.equal(bare.status, 401);
  assert.equal(bare.body.code, 'SIGN_IN_TO_ACCEPT');
  assert.equal(bare.body.existingAccount, true);
  const wrong = await publicPost(t, '/invitations/accept', { token, currentPassword: 'Wrong-password-1!' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
  const ok = await publicPost(t, '/invitations/accept', { token, currentPassword: PASSWORD });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.newAccount, false);
  assert.equal(ok.body.userId, existing.id);
  const memberships = await t.prisma.membership.findMany({ where: { userId: existing.id }, orderBy: { createdAt: 'asc' } });
  assert.deepEqual(memberships.map((m) => m.organizationId).sort(), [elsewhere.organizationId, org].sort());
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id } })).userId, existing.id);
  assert.equal(await t.prisma.user.count({ where: { email: existing.email } }), 1);
});

test('R-INV-2, R-MFA-1: an existing account with a second factor cannot accept with its password alone; signed in fully, it accepts', async () => {
  const elsewhere = await organizationWithOwner(t);
  const existing = await member(t, elsewhere.organizationId, 'advancedUser');
  const secret = await newTotpSecret();
  await enrolTotp(t.gatehouse.context, existing.id, secret, 0);
  const { id, token } = await invite('auditor', org, owner, {}, existing.email);
  const passwordOnly = await publicPost(t, '/invitations/accept', { token, currentPassword: PASSWORD });
  assert.equal(passwordOnly.status, 401);
  assert.equal(passwordOnly.body.code, 'SIGN_IN_TO_ACCEPT');
  assert.equal(passwordOnly.body.secondFactor, true);
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id } })).status, 'PENDING');
  assert.equal(await t.prisma.membership.count({ where: { userId: existing.id, organizationId: org } }), 0);
  // Under the same lockout as sign-in: wrong passwords here count.
  for (let attempt = 0; attempt < 5; attempt += 1) await publicPost(t, '/invitations/accept', { token, currentPassword: 'Wrong-password-1!' });
  assert.equal((await publicPost(t, '/invitations/accept', { token, currentPassword: PASSWORD })).status, 423);
  await t.prisma.user.update({ where: { id: existing.id }, data: { failedAttempts: 0, lockedUntil: null } });

  const session = await signIn(t.app, existing.email, PASSWORD, async () => currentTotpCode(t.gatehouse.context, secret));
  const accepted = await session.call('post', '/invitations/accept', { token });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(await t.prisma.membership.count({ where: { userId: existing.id, organizationId: org } }), 1);
});

test('R-INV-2: an existing user signed in as themself accepts without a password, and sees the new organisation at once', async () => {
  const elsewhere = await organizationWithOwner(t);
  const existing = await member(t, elsewhere.organizationId, 'advancedUser');
  const session = await existing.client();
  const { token } = await invite('auditor', org, owner, {}, existing.email);
  assert.equal((await session.call('get', `/invitations?organizationId=${org}`)).body.total, 0);
  const res = await session.call('post', '/invitations/accept', { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const list = await session.call('get', `/invitations?organizationId=${org}`);
  assert.ok(list.body.total > 0, 'the new membership applies on the next request');
});

test("R-INV-2: signed in as someone else does not accept another user's invitation", async () => {
  const elsewhere = await organizationWithOwner(t);
  const invitee = await member(t, elsewhere.organizationId, 'advancedUser');
  const intruder = await (await member(t, elsewhere.organizationId, 'advancedUser')).client();
  const res = await owner.call('post', '/invitations', { email: invitee.email, organizationId: org, roleId: roleId('standardUser') });
  const token = await tokenFromMail(t, invitee.email, 'invitation');
  assert.equal(res.status, 201);
  const attempt = await intruder.call('post', '/invitations/accept', { token });
  assert.equal(attempt.status, 401);
  assert.equal(await t.prisma.membership.count({ where: { userId: intruder.userId, organizationId: org } }), 0);
});

test('R-INV-3: a user created without a password gets a set-your-password invitation and completes it with a password only', async () => {
  const username = unique('nopass');
  const email = `${username}@example.test`;
  const user = await t.prisma.user.create({ data: { email, username, firstName: 'No', lastName: 'Password', status: 'INVITED' } });
  await t.prisma.membership.create({ data: { userId: user.id, organizationId: org, roleId: roleId('standardUser') } });
  const { outboxMessageId } = await t.prisma.$transaction((tx) =>
    issueInvitation(tx, t.gatehouse.context, { email, organizationId: org, roleId: roleId('standardUser'), invitedById: null, userId: user.id }),
  );
  await t.gatehouse.context.mailer.deliver([outboxMessageId]);
  const mail = t.mailbox.latest(email);
  assert.ok(mail);
  assert.equal(mail.kind, 'set-password');
  assert.match(mail.text, /http:\/\/localhost:3000\/admin\/accept-invitation\?token=/);
  const token = await tokenFromMail(t, email);
  assert.equal((await publicPost(t, '/invitations/preview', { token })).body.form, 'set-password');
  const res = await publicPost(t, '/invitations/accept', { token, password: PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(after.status, 'ACTIVE');
  assert.ok(after.passwordHash);
  assert.equal(await t.prisma.membership.count({ where: { userId: user.id } }), 1);
  await signIn(t.app, username, PASSWORD);
});

test('R-UNIQ-1: of two invitations to a unique role in an organisation without a holder, the second acceptance is refused', async () => {
  const { createOrganization } = await import('../../src/setup/bootstrap.ts');
  const { id: child } = await createOrganization(t.gatehouse.context, { name: unique('Child '), parentId: org });
  await t.prisma.user.updateMany({ where: { memberships: { some: { organizationId: org } } }, data: { accessVersion: { increment: 1 } } });
  const first = await invite('complianceOfficer', child);
  const second = await invite('complianceOfficer', child);
  assert.equal((await publicPost(t, '/invitations/accept', newAccount(first.token))).status, 200);
  const res = await publicPost(t, '/invitations/accept', newAccount(second.token));
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'UNIQUE_ROLE_TAKEN');
  assert.equal(await t.prisma.user.count({ where: { email: second.email } }), 0);
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id: second.id } })).status, 'PENDING');
});

test('R-INV-1: of 50 concurrent acceptances of one link exactly one wins; the others answer 410 and create nothing', async () => {
  const { email, token } = await invite();
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => publicPost(t, '/invitations/accept', newAccount(token, unique(`racer${i}-`)))));
  const statuses = results.map((res) => res.status);
  assert.equal(statuses.filter((status) => status === 200).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((status) => status === 410).length, 49, JSON.stringify(statuses));
  assert.equal(await t.prisma.user.count({ where: { email } }), 1);
  assert.equal((await auditEvents(t, 'invitation.accept')).filter((event) => event.details.includes(email)).length, 1);
});

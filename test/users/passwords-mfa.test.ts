// POST /users/:id/reset-password, PUT /users/:id/password, PUT /users/:id/mfa.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { PASSWORD, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('R-PWD-3: reset invalidates the current password at once, ends sessions and mails a 24 h link', async () => {
  const co = await w.as('owner');
  const victim = await w.as('advanced');
  w.t.clock.advance(1000);
  const answer = await co.call('post', `/users/${w.users.advanced}/reset-password`);
  assert.equal(answer.status, 200);
  const row = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.advanced } });
  assert.equal(row.passwordHash, null);
  await assert.rejects(signIn(w.t.app, 'advanced', PASSWORD));
  assert.equal((await victim.call('get', `/users/${w.users.advanced}`)).status, 401, 'R-SESS-1: the session ended');
  const token = await w.t.prisma.passwordResetToken.findFirstOrThrow({ where: { userId: w.users.advanced } });
  assert.equal(token.expiresAt.getTime() - w.t.clock.now().getTime(), 24 * 3_600_000);
  const mail = w.t.mailbox.latest('advanced@example.test', 'password-reset');
  assert.ok(mail);
  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { targetId: w.users.advanced, action: 'user.resetPassword' } });
  assert.equal(event.outcome, 'ALLOWED');
  assert.doesNotMatch(event.details, new RegExp(mail.text.match(/[A-Za-z0-9_-]{30,}/)?.[0] ?? 'no-token-in-mail'));
});

test('R-PWD-3: set password on behalf sets it directly, sends nothing, and is audited without the password', async () => {
  const co = await w.as('owner');
  const outbox = await w.t.prisma.outboxMessage.count();
  const answer = await co.call('put', `/users/${w.users.advanced}/password`, { password: 'Fresh-Password-7!' });
  assert.equal(answer.status, 200);
  await signIn(w.t.app, 'advanced', 'Fresh-Password-7!');
  assert.equal(await w.t.prisma.outboxMessage.count(), outbox);
  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { targetId: w.users.advanced, action: 'user.setPassword', outcome: 'ALLOWED' } });
  assert.doesNotMatch(event.details, /Fresh-Password/);
});

test('R-PWD-1: the policy and the last 4 passwords are enforced (400, 409)', async () => {
  const co = await w.as('owner');
  const weak = await co.call('put', `/users/${w.users.advanced}/password`, { password: 'weakpassword' });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.code, 'PASSWORD_POLICY');
  const reused = await co.call('put', `/users/${w.users.advanced}/password`, { password: 'Fresh-Password-7!' });
  assert.equal(reused.status, 409);
  assert.equal(reused.body.code, 'PASSWORD_REUSED');
  await signIn(w.t.app, 'advanced', 'Fresh-Password-7!');
});

test('R-PWD-2 / R-SELF-2: one\'s own password here needs the current one', async () => {
  const self = await w.as('standard');
  const without = await self.call('put', `/users/${w.users.standard}/password`, { password: 'Mine-Own-Pass-8!' });
  assert.equal(without.status, 403);
  assert.equal(without.body.code, 'WRONG_CURRENT_PASSWORD');
  const withIt = await self.call('put', `/users/${w.users.standard}/password`, { password: 'Mine-Own-Pass-8!', currentPassword: PASSWORD });
  assert.equal(withIt.status, 200);
});

test('R-OWNER-1 / R-SELF-1 / R-TENANT-1 / R-PERM-1 on password actions', async () => {
  const co = await w.as('owner');
  assert.equal((await co.call('post', `/users/${w.users.stranger}/reset-password`)).status, 404);
  assert.equal((await co.call('put', `/users/${w.users.stranger}/password`, { password: 'Fresh-Password-7!' })).status, 404);
  const auditor = await w.as('auditor');
  const readOnly = await auditor.call('post', `/users/${w.users.standard}/reset-password`);
  assert.equal(readOnly.status, 403);
  assert.equal(readOnly.body.rule, 'R-READ-1');
  await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: true } });
  try {
    const reset = await co.call('post', `/users/${w.users.northCo}/reset-password`);
    assert.equal(reset.status, 403);
    assert.equal(reset.body.rule, 'R-OWNER-1');
    const set = await co.call('put', `/users/${w.users.northCo}/password`, { password: 'Fresh-Password-7!' });
    assert.equal(set.body.rule, 'R-OWNER-1');
    const mfa = await co.call('put', `/users/${w.users.northCo}/mfa`, { method: 'NONE' });
    assert.equal(mfa.status, 403);
    assert.equal(mfa.body.rule, 'R-OWNER-1');
  } finally {
    await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: null } });
  }
});

test('R-MFA-3: an officer switches a user\'s MFA; the user must enrol again and old secrets are cleared', async () => {
  await w.t.prisma.user.update({ where: { id: w.users.billing }, data: { mfaMethod: 'TOTP', mfaEnrolled: true, totpSecret: 'encrypted-secret' } });
  const co = await w.as('owner');
  for (const method of ['EMAIL', 'TOTP', 'NONE'] as const) {
    const answer = await co.call('put', `/users/${w.users.billing}/mfa`, { method });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.mfaMethod, method);
    assert.equal(answer.body.mfaEnrolled, false);
    assert.doesNotMatch(answer.text, /encrypted-secret|totpSecret/);
  }
  const row = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.billing } });
  assert.equal(row.totpSecret, null);
  assert.equal(await w.t.prisma.auditEvent.count({ where: { targetId: w.users.billing, action: 'user.setMfa', outcome: 'ALLOWED' } }), 3);
  // Standard users change their own MFA only (R-SELF-2): Acme's standard user does not reach South's billing officer.
  const standard = await signIn(w.t.app, 'standard', 'Mine-Own-Pass-8!');
  assert.equal((await standard.call('put', `/users/${w.users.billing}/mfa`, { method: 'TOTP' })).status, 404);
  assert.equal((await standard.call('put', `/users/${w.users.auditor}/mfa`, { method: 'TOTP' })).body.rule, 'R-PERM-1');
  // One's own second factor changes only with the current password (R-STEP-1).
  assert.equal((await standard.call('put', `/users/${w.users.standard}/mfa`, { method: 'EMAIL' })).body.code, 'WRONG_CURRENT_PASSWORD');
  assert.equal((await standard.call('put', `/users/${w.users.standard}/mfa`, { method: 'EMAIL', currentPassword: 'Mine-Own-Pass-8!' })).status, 200);
  assert.equal((await co.call('put', `/users/${w.users.billing}/mfa`, { method: 'SMS' })).status, 400);
});

// Password resets: the single-use link (R-PWD-3), the policy and history (R-PWD-1), sessions
// ending (R-SESS-1), the public forgot-password request, and races.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { issuePasswordReset } from '../../src/password-resets/issue.ts';
import { settledPasswordResetRequests } from '../../src/password-resets/request.ts';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { auditEvents, member, OTHER_PASSWORD, organizationWithOwner, PASSWORD, publicPost, tokenFromMail } from '../invitations/support.ts';

let t: TestSetup;
let org: string;
before(async () => {
  t = await setup({ signInRateLimit: false });
  ({ organizationId: org } = await organizationWithOwner(t));
});
after(() => t.close());

async function resetFor(userId: string) {
  const { outboxMessageId } = await t.prisma.$transaction((tx) => issuePasswordReset(tx, t.gatehouse.context, { userId, requestedById: null }));
  await t.gatehouse.context.mailer.deliver([outboxMessageId]);
}

async function userWithLink() {
  const user = await member(t, org, 'standardUser');
  await resetFor(user.id);
  return { user, token: await tokenFromMail(t, user.email, 'password-reset') };
}

const complete = (token: string, password = OTHER_PASSWORD) => publicPost(t, '/password-resets/complete', { token, password });

test('R-PWD-3: issuePasswordReset mails a single-use link valid 24 hours', async () => {
  const { user } = await userWithLink();
  const mail = t.mailbox.latest(user.email, 'password-reset');
  assert.ok(mail);
  assert.match(mail.text, /http:\/\/localhost:3000\/admin\/reset-password\?token=[A-Za-z0-9_-]{43}/);
  const row = await t.prisma.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
  assert.equal(row.expiresAt.getTime() - t.clock.now().getTime(), 24 * 3_600_000);
});

test('R-PWD-3: completing sets the new password, ends older sessions, and is audited once', async () => {
  const { user, token } = await userWithLink();
  const session = await user.client();
  t.clock.advance(1000);
  const res = await complete(token);
  assert.equal(res.status, 204, JSON.stringify(res.body));
  const stale = await session.call('get', '/invitations');
  assert.equal(stale.status, 401, 'R-SESS-1: the session from before the reset has ended');
  await assert.rejects(signIn(t.app, user.email, PASSWORD));
  await signIn(t.app, user.email, OTHER_PASSWORD);
  const events = (await auditEvents(t, 'user.resetPassword.complete')).filter((event) => event.targetId === user.id);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.details.includes(token), false);
});

test('R-PWD-3: a used link answers 410', async () => {
  const { token } = await userWithLink();
  assert.equal((await complete(token)).status, 204);
  const again = await complete(token, 'Another-Secret-99#');
  assert.equal(again.status, 410);
  assert.equal(again.body.code, 'TOKEN_INVALID');
});

test('R-PWD-3: a link older than 24 hours answers 410', async () => {
  const { token } = await userWithLink();
  t.clock.advance(24 * 3_600_000);
  assert.equal((await complete(token)).status, 410);
});

test('R-PWD-3: a newer link kills the older one; truncated and invitation tokens answer 410', async () => {
  const { user, token: first } = await userWithLink();
  await resetFor(user.id);
  const second = await tokenFromMail(t, user.email, 'password-reset');
  assert.equal((await complete(first)).status, 410);
  assert.equal((await complete(second.slice(0, 30))).status, 410);
  const owner = await organizationWithOwner(t);
  const invited = 'reset-invitee@example.test';
  assert.equal((await owner.ownerClient.call('post', '/invitations', { email: invited, organizationId: owner.organizationId, roleId: 'builtin:standardUser' })).status, 201);
  assert.equal((await complete(await tokenFromMail(t, invited))).status, 410);
  assert.equal((await complete(second)).status, 204);
});

test('R-PWD-1: the policy and the last 4 passwords apply; a refused password leaves the link usable', async () => {
  const { token } = await userWithLink();
  const weak = await complete(token, 'weak');
  assert.equal(weak.status, 400);
  assert.equal(weak.body.code, 'PASSWORD_POLICY');
  const reused = await complete(token, PASSWORD);
  assert.equal(reused.status, 409);
  assert.equal(reused.body.code, 'PASSWORD_REUSED');
  assert.equal((await complete(token)).status, 204);
});

test('bad input answers 400 and spends nothing', async () => {
  const { token } = await userWithLink();
  for (const body of [{}, { token }, { token: 'bad token!', password: OTHER_PASSWORD }, { token, password: OTHER_PASSWORD, extra: 1 }]) {
    assert.equal((await publicPost(t, '/password-resets/complete', body)).status, 400, JSON.stringify(body));
  }
  assert.equal((await complete(token)).status, 204);
});

test('R-PWD-3: of 50 concurrent completions of one link exactly one wins', async () => {
  const { user, token } = await userWithLink();
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => complete(token, `Racer-password-${i}!`)));
  const statuses = results.map((res) => res.status);
  assert.equal(statuses.filter((status) => status === 204).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((status) => status === 410).length, 49, JSON.stringify(statuses));
  assert.equal((await auditEvents(t, 'user.resetPassword.complete')).filter((event) => event.targetId === user.id).length, 1);
});

test('forgot password: the same answer for a known and an unknown e-mail; only the known one gets a link', async () => {
  const user = await member(t, org, 'standardUser');
  const known = await request(t.app).post(`${API}/password-resets`).send({ email: user.email.toUpperCase() });
  const unknown = await request(t.app).post(`${API}/password-resets`).send({ email: 'nobody@example.test' });
  assert.equal(known.status, 202);
  assert.equal(unknown.status, 202);
  assert.deepEqual(known.body, unknown.body);
  await settledPasswordResetRequests(t.gatehouse.context);
  assert.equal(await t.prisma.outboxMessage.count({ where: { to: 'nobody@example.test' } }), 0);
  const token = await tokenFromMail(t, user.email, 'password-reset');
  assert.equal((await complete(token)).status, 204);
  assert.equal((await request(t.app).post(`${API}/password-resets`).send({ email: 'nope' })).status, 400);
});

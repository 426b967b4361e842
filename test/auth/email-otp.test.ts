// R-MFA-2: e-mail codes — six digits, 10 minutes, at most 5 attempts, single use — and the
// sign-in rate limits (429) on the same routes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { checkEmailOtp, issueEmailOtp } from '../../src/auth/email-otp.ts';
import { API } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { latestEmailCode, member, organization, PASSWORD, type Member } from './helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false, lockout: { maxAttempts: 100 } });
  org = await organization(t);
});
after(() => t.close());

async function emailUser(): Promise<Member> {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true } });
  return user;
}

async function passwordStep(user: Member) {
  const agent = request.agent(t.app);
  const response = await agent.post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD });
  assert.equal(response.body.method, 'EMAIL');
  return agent;
}

test('R-MFA-2: a six-digit code is mailed through the outbox and completes the sign-in once', async () => {
  const user = await emailUser();
  const agent = await passwordStep(user);
  const code = await latestEmailCode(t, user.email);
  assert.match(code, /^\d{6}$/);
  const stored = await t.prisma.emailOtpChallenge.findFirstOrThrow({ where: { userId: user.id } });
  assert.ok(!stored.codeHash.includes(code));
  const done = await agent.post(`${API}/auth/mfa`).send({ code });
  assert.equal(done.status, 200);
  assert.equal(done.body.status, 'signed-in');
  // Reused in a new sign-in: the challenge is spent.
  const other = await passwordStep(user);
  const fresh = await latestEmailCode(t, user.email);
  assert.notEqual(fresh, undefined);
  const reused = await request(t.app).post(`${API}/auth/mfa`).send({ code });
  assert.equal(reused.status, 401, 'no pending sign-in in a cookie-less client');
  assert.equal((await other.post(`${API}/auth/mfa`).send({ code: fresh })).status, 200);
});

test('R-MFA-2: a used code is refused (410), also to the service directly', async () => {
  const user = await emailUser();
  const id = await issueEmailOtp(t.gatehouse.context, user, 'sign-in');
  const code = await latestEmailCode(t, user.email);
  assert.deepEqual(await checkEmailOtp(t.gatehouse.context, user.id, id, code), { ok: true });
  await assert.rejects(checkEmailOtp(t.gatehouse.context, user.id, id, code), { code: 'TOKEN_INVALID', status: 410 });
});

test('R-MFA-2: a code expires after 10 minutes', async () => {
  const user = await emailUser();
  const agent = await passwordStep(user);
  const code = await latestEmailCode(t, user.email);
  t.clock.advance(10 * 60_000);
  // The pending sign-in lasts 10 minutes too; the service shows the code's own expiry.
  const challenge = await t.prisma.emailOtpChallenge.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
  await assert.rejects(checkEmailOtp(t.gatehouse.context, user.id, challenge.id, code), { code: 'TOKEN_INVALID' });
  assert.equal((await agent.post(`${API}/auth/mfa`).send({ code })).status, 410);
});

test('R-MFA-2: at most 5 attempts; after them even the right code is refused', async () => {
  const user = await emailUser();
  const agent = await passwordStep(user);
  const code = await latestEmailCode(t, user.email);
  const wrong = code === '000000' ? '111111' : '000000';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const response = await agent.post(`${API}/auth/mfa`).send({ code: wrong });
    assert.equal(response.status, 401, `attempt ${attempt}`);
  }
  const sixth = await agent.post(`${API}/auth/mfa`).send({ code });
  assert.equal(sixth.status, 410);
  assert.equal(sixth.body.code, 'TOKEN_INVALID');
  const challenge = await t.prisma.emailOtpChallenge.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
  assert.equal(challenge.attempts, 5);
});

test('R-MFA-2: concurrent attempts never exceed 5 in total', async () => {
  const user = await emailUser();
  const id = await issueEmailOtp(t.gatehouse.context, user, 'sign-in');
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => checkEmailOtp(t.gatehouse.context, user.id, id, '999999x')));
  assert.equal(results.filter((result) => result.status === 'fulfilled').length, 5);
  assert.equal((await t.prisma.emailOtpChallenge.findUniqueOrThrow({ where: { id } })).attempts, 5);
});

test('R-MFA-2: asking for a new code replaces the old one, and resends are throttled', async () => {
  const user = await emailUser();
  const agent = await passwordStep(user);
  const first = await latestEmailCode(t, user.email);
  assert.equal((await agent.post(`${API}/auth/mfa/resend`)).status, 429);
  t.clock.advance(31_000);
  assert.equal((await agent.post(`${API}/auth/mfa/resend`)).status, 200);
  const second = await latestEmailCode(t, user.email);
  if (first !== second) assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: first })).status, 401);
  assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: second })).status, 200);
});

test('R-LOCK-1: sign-in failures are rate limited per account and per IP (429), successes are not counted', async () => {
  const limited = await setup({ signInRateLimit: { perIp: 6, perAccount: 3 }, lockout: { maxAttempts: 100 } });
  try {
    const orgId = (await (await import('../../src/setup/bootstrap.ts')).createOrganization(limited.gatehouse.context, { name: 'Limited' })).id;
    const user = await member(limited, orgId, 'standardUser');
    const other = await member(limited, orgId, 'standardUser');
    const login = (identifier: string, password: string) => request(limited.app).post(`${API}/auth/login`).send({ identifier, password });
    for (let index = 0; index < 5; index += 1) assert.equal((await login(user.email, PASSWORD)).status, 200, 'successes are free');
    for (let index = 0; index < 3; index += 1) assert.equal((await login(user.email, 'nope')).status, 401);
    const perAccount = await login(user.email, PASSWORD);
    assert.equal(perAccount.status, 429);
    assert.equal(perAccount.body.code, 'RATE_LIMITED');
    for (let index = 0; index < 3; index += 1) await login(`ghost${index}@example.test`, 'nope');
    assert.equal((await login(other.email, PASSWORD)).status, 429, 'the address is over its limit now');
  } finally {
    await limited.close();
  }
});

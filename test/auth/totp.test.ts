// R-MFA-1 and R-MFA-3 through POST /auth/login + POST /auth/mfa: enrolment at next sign-in when an
// administrator set TOTP, the ±1 step window, replay refusal, recovery codes used once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { openTotpSecret, currentTotpCode } from '../../src/auth/totp.ts';
import { API } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organization, PASSWORD, type Member } from './helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false, lockout: { maxAttempts: 50 } });
  org = await organization(t);
});
after(() => t.close());

/** What an administrator's "set MFA to TOTP" leaves behind (R-MFA-3): the method, not yet enrolled. */
async function requireTotp(user: Member): Promise<void> {
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'TOTP', mfaEnrolled: false } });
}

async function enrolled(): Promise<{ user: Member; secret: string; recoveryCodes: string[] }> {
  const user = await member(t, org, 'standardUser');
  await requireTotp(user);
  const agent = request.agent(t.app);
  const login = await agent.post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD });
  const secret = login.body.totp.secret as string;
  const done = await agent.post(`${API}/auth/mfa`).send({ code: await currentTotpCode(t.gatehouse.context, secret) });
  assert.equal(done.status, 200);
  // The next sign-in is in a later step: the enrolment code has consumed the current one.
  t.clock.advance(30_000);
  return { user, secret, recoveryCodes: done.body.recoveryCodes };
}

async function passwordStep(user: Member) {
  const agent = request.agent(t.app);
  const response = await agent.post(`${API}/auth/login`).send({ identifier: user.username, password: PASSWORD });
  assert.equal(response.status, 200);
  assert.equal(response.body.status, 'second-factor-required');
  return agent;
}

test('R-MFA-3: a user whose MFA was set to TOTP enrols at next sign-in: secret, otpauth URI, QR code; confirmed only by a valid code', async () => {
  const user = await member(t, org, 'standardUser');
  await requireTotp(user);
  const agent = request.agent(t.app);
  const login = await agent.post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD });
  assert.equal(login.status, 200);
  assert.deepEqual({ status: login.body.status, method: login.body.method, enrol: login.body.enrol }, { status: 'second-factor-required', method: 'TOTP', enrol: true });
  assert.match(login.body.totp.secret, /^[A-Z2-7]{16,}$/);
  assert.match(login.body.totp.otpauthUri, /^otpauth:\/\/totp\/.+secret=/);
  assert.match(login.body.totp.qrDataUrl, /^data:image\/png;base64,/);

  // Not signed in yet: the account routes refuse.
  assert.equal((await agent.get(`${API}/me`)).status, 401);
  const wrong = await agent.post(`${API}/auth/mfa`).send({ code: '000000' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.code, 'INVALID_CODE');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnrolled, false);

  const done = await agent.post(`${API}/auth/mfa`).send({ code: await currentTotpCode(t.gatehouse.context, login.body.totp.secret) });
  assert.equal(done.status, 200);
  assert.equal(done.body.status, 'signed-in');
  assert.equal(done.body.userId, user.id);
  assert.equal(typeof done.body.csrfToken, 'string');
  assert.equal(done.body.recoveryCodes.length, 10);
  assert.equal((await agent.get(`${API}/me`)).status, 200);

  const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(row.mfaEnrolled, true);
  // Encrypted at rest, bound to the user: the stored value is not the secret and opens only for this user.
  assert.ok(row.totpSecret && !row.totpSecret.includes(login.body.totp.secret));
  assert.equal(openTotpSecret(t.gatehouse.context, user.id, row.totpSecret), login.body.totp.secret);
  assert.equal(openTotpSecret(t.gatehouse.context, 'someone-else', row.totpSecret), null);
  // Recovery codes are stored hashed only.
  const stored = await t.prisma.recoveryCode.findMany({ where: { userId: user.id } });
  assert.equal(stored.length, 10);
  for (const code of done.body.recoveryCodes as string[]) assert.ok(stored.every((entry) => entry.codeHash !== code));
});

test('R-MFA-1: codes one step early or late are accepted, two steps away refused', async () => {
  const { user, secret } = await enrolled();
  const ctx = t.gatehouse.context;
  for (const offset of [-1, 1]) {
    t.clock.advance(90_000);
    const agent = await passwordStep(user);
    const response = await agent.post(`${API}/auth/mfa`).send({ code: await currentTotpCode(ctx, secret, offset) });
    assert.equal(response.status, 200, `offset ${offset}`);
  }
  for (const offset of [-2, 2]) {
    t.clock.advance(150_000);
    const agent = await passwordStep(user);
    const response = await agent.post(`${API}/auth/mfa`).send({ code: await currentTotpCode(ctx, secret, offset) });
    assert.equal(response.status, 401, `offset ${offset}`);
  }
});

test('R-MFA-1: a TOTP code is never accepted twice (replay), even within its window', async () => {
  const { user, secret } = await enrolled();
  const code = await currentTotpCode(t.gatehouse.context, secret);
  const first = await (await passwordStep(user)).post(`${API}/auth/mfa`).send({ code });
  assert.equal(first.status, 200);
  const replay = await (await passwordStep(user)).post(`${API}/auth/mfa`).send({ code });
  assert.equal(replay.status, 401);
  assert.equal(replay.body.code, 'INVALID_CODE');
  // An earlier step than the accepted one is refused too, though inside ±1.
  const earlier = await (await passwordStep(user)).post(`${API}/auth/mfa`).send({ code: await currentTotpCode(t.gatehouse.context, secret, -1) });
  assert.equal(earlier.status, 401);
});

test('R-MFA-1: the same code sent twice at once is accepted exactly once', async () => {
  const { user, secret } = await enrolled();
  const agents = await Promise.all([passwordStep(user), passwordStep(user), passwordStep(user)]);
  const code = await currentTotpCode(t.gatehouse.context, secret);
  const answers = await Promise.all(agents.map((agent) => agent.post(`${API}/auth/mfa`).send({ code })));
  assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 401, 401]);
});

test('R-MFA-1: a recovery code signs in once, in any case and spacing, then never again', async () => {
  const { user, recoveryCodes } = await enrolled();
  const [code] = recoveryCodes;
  assert.ok(code);
  const first = await (await passwordStep(user)).post(`${API}/auth/mfa`).send({ recoveryCode: ` ${code.toUpperCase()} ` });
  assert.equal(first.status, 200);
  assert.equal(first.body.status, 'signed-in');
  const again = await (await passwordStep(user)).post(`${API}/auth/mfa`).send({ recoveryCode: code });
  assert.equal(again.status, 401);
  assert.equal(await t.prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } }), 9);
});

test('R-MFA-1: wrong codes are limited per sign-in and count towards the account lock (R-LOCK-1)', async () => {
  const { user } = await enrolled();
  const agent = await passwordStep(user);
  for (let attempt = 0; attempt < 5; attempt += 1) assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: '123456' })).status, 401);
  const sixth = await agent.post(`${API}/auth/mfa`).send({ code: '123456' });
  assert.equal(sixth.status, 401);
  assert.equal(sixth.body.code, 'SIGN_IN_EXPIRED');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedAttempts, 5);
});

test('R-MFA-1: the second step needs a pending sign-in, which expires after 10 minutes; bad bodies are 400', async () => {
  const { user, secret } = await enrolled();
  const none = await request(t.app).post(`${API}/auth/mfa`).send({ code: '123456' });
  assert.equal(none.status, 401);
  const agent = await passwordStep(user);
  assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: '12ab56' })).status, 400);
  assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: '123456', recoveryCode: 'abcd-efgh-jkmn-pqrs' })).status, 400);
  assert.equal((await agent.post(`${API}/auth/mfa`).send({ code: '123456', extra: true })).status, 400);
  t.clock.advance(10 * 60_000 + 1);
  const late = await agent.post(`${API}/auth/mfa`).send({ code: await currentTotpCode(t.gatehouse.context, secret) });
  assert.equal(late.status, 401);
  assert.equal(late.body.code, 'SIGN_IN_EXPIRED');
});

// The account routes: R-SELF-2, R-SECRET-1, R-PWD-1, R-PWD-2, R-MFA-1/2 from one's own profile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { currentTotpCode } from '../../src/auth/totp.ts';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organization, PASSWORD } from '../auth/helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false, lockout: { maxAttempts: 50 } });
  org = await organization(t);
});
after(() => t.close());

const SECRET_FIELDS = ['passwordHash', 'totpSecret', 'totpLastStep', 'securityAnswerHash', 'securityAnswer', 'failedAttempts', 'accessVersion'];

test('R-SELF-2: GET /me shows the own profile and security question, never a secret (R-SECRET-1)', async () => {
  const user = await member(t, org, 'auditor');
  const client = await signIn(t.app, user.email, PASSWORD);
  assert.equal((await client.call('put', '/me/security-question', { currentPassword: PASSWORD, question: 'What was the name of your first pet?', answer: 'Rex' })).status, 204);
  const me = await client.call('get', '/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.email, user.email);
  assert.equal(me.body.securityQuestion, 'What was the name of your first pet?');
  assert.equal(me.body.securityAnswerSet, true);
  assert.equal(me.body.memberships[0].roleKey, 'auditor');
  const text = JSON.stringify(me.body);
  for (const field of SECRET_FIELDS) assert.ok(!text.includes(`"${field}"`), field);
  assert.ok(!/rex/i.test(text));
  const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.ok(row.securityAnswerHash?.startsWith('$argon2id$'));
});

test('R-SELF-2: a read-only role edits its own personal fields; username, e-mail, status and role are refused', async () => {
  const user = await member(t, org, 'auditor');
  const client = await signIn(t.app, user.email, PASSWORD);
  const edited = await client.call('patch', '/me', { firstName: 'Ada', lastName: '-', phone: '+44 20 7946 0000' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.firstName, 'Ada');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).firstNameSearch, 'ada');
  for (const body of [{ email: 'new@example.test' }, { username: 'renamed' }, { status: 'ACTIVE' }, { role: 'complianceOfficer' }]) {
    const refused = await client.call('patch', '/me', body);
    assert.equal(refused.status, 403, JSON.stringify(body));
    assert.equal(refused.body.rule, 'R-SELF-2');
  }
  assert.equal((await client.call('patch', '/me', { nickname: 'x' })).status, 400);
  assert.equal((await client.call('patch', '/me', { firstName: '' })).status, 400);
  const denied = await t.prisma.auditEvent.count({ where: { actorId: user.id, action: 'user.edit', outcome: 'DENIED', rule: 'R-SELF-2' } });
  assert.equal(denied, 4);
});

test('R-PWD-2: changing the own password needs the current one; other sessions end, this one continues', async () => {
  const user = await member(t, org, 'standardUser');
  const other = await signIn(t.app, user.email, PASSWORD);
  const client = await signIn(t.app, user.email, PASSWORD);
  const wrong = await client.call('post', '/me/password', { currentPassword: 'not-it', newPassword: 'Brand-New-Pass-7?' });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.code, 'WRONG_CURRENT_PASSWORD');
  const changed = await client.call('post', '/me/password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Pass-7?' });
  assert.equal(changed.status, 200);
  assert.equal(typeof changed.body.csrfToken, 'string');
  // The same browser goes on under a new CSRF token; the other session is over.
  const again = await client.agent.get(`${API}/me`);
  assert.equal(again.status, 200);
  assert.equal((await client.agent.patch(`${API}/me`).set('x-csrf-token', changed.body.csrfToken).send({ phone: '1' })).status, 200);
  const ended = await other.call('get', '/me');
  assert.equal(ended.status, 401);
  assert.match(ended.body.detail, /password-changed/);
  assert.equal((await request(t.app).post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD })).status, 401);
  assert.equal((await request(t.app).post(`${API}/auth/login`).send({ identifier: user.email, password: 'Brand-New-Pass-7?' })).status, 200);
});

test('R-PWD-1: the policy applies and none of the last 4 passwords may be reused', async () => {
  const user = await member(t, org, 'standardUser');
  let current = PASSWORD;
  let client = await signIn(t.app, user.email, current);
  const change = async (next: string) => {
    t.clock.advance(1_000);
    const response = await client.agent.post(`${API}/me/password`).set('x-csrf-token', client.csrfToken).send({ currentPassword: current, newPassword: next });
    if (response.status === 200) {
      current = next;
      client = { ...client, csrfToken: response.body.csrfToken } as typeof client;
    }
    return response;
  };
  const weak = await change('short');
  assert.equal(weak.status, 400);
  assert.equal(weak.body.code, 'PASSWORD_POLICY');
  assert.equal((await change('nouppercase-123!')).status, 400);
  assert.equal((await change(PASSWORD)).status, 409, 'the current password');
  for (const next of ['Second-Pass-22!', 'Third-Pass-333!', 'Fourth-Pass-44!']) assert.equal((await change(next)).status, 200);
  const reused = await change(PASSWORD);
  assert.equal(reused.status, 409);
  assert.equal(reused.body.code, 'PASSWORD_REUSED');
  assert.equal((await change('Fifth-Pass-555!')).status, 200);
  // Now the first password is five changes back: allowed again.
  assert.equal((await change(PASSWORD)).status, 200);
  assert.equal(await t.prisma.passwordHistory.count({ where: { userId: user.id } }), 4);
});

test('R-MFA-1: TOTP enrolment from the account: re-authentication, confirmed only by a valid code, recovery codes once; switch to e-mail; turn off', async () => {
  const user = await member(t, org, 'standardUser');
  const client = await signIn(t.app, user.email, PASSWORD);
  assert.equal((await client.call('post', '/me/mfa/totp', { currentPassword: 'wrong' })).status, 403);
  const started = await client.call('post', '/me/mfa/totp', { currentPassword: PASSWORD });
  assert.equal(started.status, 200);
  assert.match(started.body.qrDataUrl, /^data:image\/png;base64,/);
  assert.equal((await client.call('post', '/me/mfa/totp/confirm', { code: '000000' })).status, 401);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod, 'NONE');
  const confirmed = await client.call('post', '/me/mfa/totp/confirm', { code: await currentTotpCode(t.gatehouse.context, started.body.secret) });
  assert.equal(confirmed.status, 200);
  assert.equal(confirmed.body.recoveryCodes.length, 10);
  const me = (await client.call('get', '/me')).body;
  assert.deepEqual(me.mfa, { method: 'TOTP', enrolled: true, required: false, recoveryCodesLeft: 10 });

  // Next sign-in asks for the code.
  t.clock.advance(30_000);
  const login = await request(t.app).post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD });
  assert.deepEqual({ method: login.body.method, enrol: login.body.enrol }, { method: 'TOTP', enrol: false });

  // E-mail codes take two steps (R-MFA-2): the code sent, then confirmed; TOTP stays until then.
  const sent = await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD });
  assert.equal(sent.status, 200);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod, 'TOTP');
  assert.equal((await client.call('post', '/me/mfa/email/confirm', { code: t.mailbox.code(user.email), challengeId: sent.body.challengeId })).status, 204);
  const switched = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(switched.mfaMethod, 'EMAIL');
  assert.equal(switched.totpSecret, null);
  assert.equal(await t.prisma.recoveryCode.count({ where: { userId: user.id } }), 0);
  assert.equal((await client.call('delete', '/me/mfa', { currentPassword: PASSWORD })).status, 204);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod, 'NONE');
});

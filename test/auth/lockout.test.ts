// R-LOCK-1, R-LOCK-2, R-AUTH-1, R-IP-1 and R-STATE-1 through POST /auth/login.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organization, PASSWORD } from './helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false });
  org = await organization(t);
});
after(() => t.close());

const login = (identifier: string, password: string) => request(t.app).post(`${API}/auth/login`).send({ identifier, password });

test('R-LOCK-1: the 5th wrong password locks for 15 minutes, the sign-in says how long is left; the lock expires by itself', async () => {
  const user = await member(t, org, 'standardUser');
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const response = await login(user.email, 'Wrong-Password-1!');
    assert.equal(response.status, 401, `attempt ${attempt}`);
  }
  const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(row.failedAttempts, 5);
  assert.equal(row.lockedUntil?.getTime(), t.clock.now().getTime() + 15 * 60_000);

  const locked = await login(user.email, PASSWORD);
  assert.equal(locked.status, 423);
  assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
  // The wait is told in words, on the REST API and on the panel's sign-in page.
  assert.match(locked.body.detail, /try again in 15 minutes/);
  t.clock.advance(14 * 60_000);
  const panel = await request(t.app).post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  assert.equal(panel.status, 423);
  assert.match(panel.text, /try again in 1 minute,/);
  t.clock.advance(-14 * 60_000);

  t.clock.advance(15 * 60_000 - 1);
  assert.equal((await login(user.email, PASSWORD)).status, 423, 'still locked one ms before expiry');
  t.clock.advance(1);
  const after = await login(user.email, PASSWORD);
  assert.equal(after.status, 200);
  const cleared = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(cleared.failedAttempts, 0);
  assert.equal(cleared.lockedUntil, null);
});

test('R-LOCK-1: a locked account answers 423 without checking the password (wrong or right, same answer, nothing counted)', async () => {
  const user = await member(t, org, 'standardUser');
  for (let attempt = 0; attempt < 5; attempt += 1) await login(user.username, 'Wrong-Password-1!');
  const wrong = await login(user.username, 'another wrong one');
  const right = await login(user.username, PASSWORD);
  assert.equal(wrong.status, 423);
  assert.equal(right.status, 423);
  assert.deepEqual({ ...wrong.body }, { ...right.body });
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedAttempts, 5);
});

test('R-LOCK-1: 50 concurrent wrong attempts count exactly to the limit and lock exactly once', async () => {
  const user = await member(t, org, 'standardUser');
  const responses = await Promise.all(Array.from({ length: 50 }, () => login(user.email, 'Wrong-Password-1!')));
  const statuses = responses.map((response) => response.status);
  assert.equal(statuses.filter((status) => status === 401).length, 5, 'exactly maxAttempts attempts are judged');
  assert.equal(statuses.filter((status) => status === 423).length, 45, 'every other attempt is answered locked');
  const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  assert.equal(row.failedAttempts, 5);
  assert.ok(row.lockedUntil);
  const locks = await t.prisma.auditEvent.count({ where: { action: 'user.lock', targetId: user.id } });
  assert.equal(locks, 1);
});

test('R-LOCK-2: 100 concurrent attempts by e-mail and username, the right password among them: at most 5 password checks', async () => {
  const user = await member(t, org, 'standardUser');
  const checksBefore = t.gatehouse.context.passwords.performed;
  const attempts = Array.from({ length: 100 }, (_, index) =>
    login(index % 2 === 0 ? user.email : user.username.toUpperCase(), index % 10 === 9 ? PASSWORD : 'Wrong-Password-1!'),
  );
  const statuses = (await Promise.all(attempts)).map((response) => response.status);
  const checks = t.gatehouse.context.passwords.performed - checksBefore;
  assert.ok(checks <= 5, `${checks} password checks for 100 attempts`);
  // A right password checked while the wrong ones beside it lock the account is answered locked
  // too, so an attempt answered otherwise was checked, but a checked one may be answered locked.
  assert.ok(statuses.filter((status) => status !== 423).length <= checks, 'every attempt not checked is answered locked');
  assert.ok(statuses.filter((status) => status === 401).length <= checks);
  assert.ok(statuses.filter((status) => status === 423).length >= 95);
});

test('R-LOCK-2: a wrong current password on a security change counts like a wrong password at sign-in', async () => {
  const user = await member(t, org, 'standardUser');
  const client = await signIn(t.app, user.email, PASSWORD);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const wrong = await client.call('post', '/me/password', { currentPassword: 'Wrong-Password-1!', newPassword: 'Another-Password-2!' });
    assert.equal(wrong.body.code, 'WRONG_CURRENT_PASSWORD', `attempt ${attempt}`);
  }
  assert.ok((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil, 'locked after the 5th wrong current password');
  assert.equal((await login(user.email, PASSWORD)).status, 423);
});

test('R-STATE-1, R-IP-1: a disabled account, or an address outside the allowlist, gets a wrong password\'s answer with the right password', async () => {
  const disabled = await member(t, org, 'standardUser');
  const fenced = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: disabled.id }, data: { status: 'DISABLED' } });
  await t.prisma.user.update({ where: { id: fenced.id }, data: { ipAllowlist: JSON.stringify(['203.0.113.0/24']) } });
  const wrong = await login(disabled.email, 'Wrong-Password-1!');
  for (const user of [disabled, fenced]) {
    const checksBefore = t.gatehouse.context.passwords.performed;
    const right = await login(user.email, PASSWORD);
    assert.equal(right.status, 401);
    assert.deepEqual(right.body, wrong.body);
    assert.equal(t.gatehouse.context.passwords.performed - checksBefore, 1, 'the same work as a wrong password');
  }
  const reasons = await t.prisma.auditEvent.findMany({ where: { action: 'auth.signIn', outcome: 'DENIED', targetId: { in: [disabled.id, fenced.id] } }, select: { details: true } });
  assert.deepEqual(reasons.map((row) => JSON.parse(String(row.details)).reason).sort(), ['disabled', 'disabled', 'ip-allowlist']);
});

test('R-AUTH-1: an unknown user and a wrong password do the same work: one password check each', async () => {
  const user = await member(t, org, 'standardUser');
  const checksBefore = t.gatehouse.context.passwords.performed;
  await login('nobody@example.test', 'Wrong-Password-1!');
  const afterUnknown = t.gatehouse.context.passwords.performed;
  await login(user.email, 'Wrong-Password-1!');
  assert.equal(afterUnknown - checksBefore, 1);
  assert.equal(t.gatehouse.context.passwords.performed - afterUnknown, 1);
});

test('R-AUTH-1: an unknown user and a wrong password get the identical answer', async () => {
  const user = await member(t, org, 'standardUser');
  const unknown = await login('nobody@example.test', 'Wrong-Password-1!');
  const wrong = await login(user.email, 'Wrong-Password-1!');
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  assert.deepEqual(unknown.body, wrong.body);
  assert.equal(unknown.headers['content-type'], wrong.headers['content-type']);
  assert.equal(sessionCookieSet(unknown), sessionCookieSet(wrong));
});

test('R-AUTH-1: sign-in works by e-mail or username, case-insensitively', async () => {
  const user = await member(t, org, 'standardUser');
  assert.equal((await login(user.email.toUpperCase(), PASSWORD)).status, 200);
  assert.equal((await login(user.username, PASSWORD)).body.status, 'signed-in');
});

function sessionCookieSet(response: request.Response): boolean {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).length > 0;
}

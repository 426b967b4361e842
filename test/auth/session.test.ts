// R-SESS-1, R-CSRF-1, R-IP-1: what the session cookie is and how long it holds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { cookieValue, member, organization, PASSWORD, sessionCookie } from './helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false, session: { idleMinutes: 30, absoluteHours: 12 } });
  org = await organization(t);
});
after(() => t.close());

test('R-SESS-1: the session id changes at sign-in (no fixation), and the cookie is HttpOnly, SameSite=Lax, not Secure outside production', async () => {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true } });
  const agent = request.agent(t.app);
  const first = await agent.post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD });
  const pendingId = cookieValue(sessionCookie(first));
  assert.ok(pendingId, 'a pending sign-in has its own session');
  const code = t.mailbox.code(user.email);
  const done = await agent.post(`${API}/auth/mfa`).send({ code });
  const cookie = sessionCookie(done);
  assert.ok(cookie);
  assert.notEqual(cookieValue(cookie), pendingId);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  assert.doesNotMatch(cookie, /Secure/i);
  // The old id is dead in the store too.
  const stale = await request(t.app).get(`${API}/me`).set('Cookie', `gatehouse.sid=${pendingId}`);
  assert.equal(stale.status, 401);
});

test('R-SESS-1: with secureCookies (production) the cookie is Secure', async () => {
  const secure = await setup({ session: { secureCookies: true } });
  try {
    const orgId = (await (await import('../../src/setup/bootstrap.ts')).createOrganization(secure.gatehouse.context, { name: 'S' })).id;
    const user = await member(secure, orgId, 'standardUser');
    // express-session only sends a Secure cookie over HTTPS: tell it so, as a TLS-terminating proxy would.
    const app = express();
    app.set('trust proxy', true);
    app.use('/admin', secure.gatehouse.router);
    const response = await request(app).post(`${API}/auth/login`).set('X-Forwarded-Proto', 'https').send({ identifier: user.email, password: PASSWORD });
    assert.equal(response.status, 200);
    assert.match(sessionCookie(response) ?? '', /;\s*Secure/i);
  } finally {
    await secure.close();
  }
});

test('R-CSRF-1: a cookie-authenticated change without the CSRF token, or with a wrong one, is refused', async () => {
  const user = await member(t, org, 'standardUser');
  const client = await signIn(t.app, user.email, PASSWORD);
  const missing = await client.agent.patch(`${API}/me`).send({ phone: '123' });
  assert.equal(missing.status, 403);
  assert.equal(missing.body.code, 'CSRF');
  const wrong = await client.agent.patch(`${API}/me`).set('x-csrf-token', 'x'.repeat(43)).send({ phone: '123' });
  assert.equal(wrong.status, 403);
  assert.equal((await client.call('patch', '/me', { phone: '123' })).status, 200);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).phone, '123');
});

test('R-SESS-1: disabling or locking a user ends their live session at the next request', async () => {
  const disabled = await member(t, org, 'standardUser');
  const locked = await member(t, org, 'standardUser');
  const a = await signIn(t.app, disabled.email, PASSWORD);
  const b = await signIn(t.app, locked.email, PASSWORD);
  assert.equal((await a.call('get', '/me')).status, 200);
  await t.prisma.user.update({ where: { id: disabled.id }, data: { status: 'DISABLED' } });
  await t.prisma.user.update({ where: { id: locked.id }, data: { lockedUntil: new Date(t.clock.now().getTime() + 60_000) } });
  const refusedA = await a.call('get', '/me');
  assert.equal(refusedA.status, 401);
  assert.equal(refusedA.body.code, 'SESSION_ENDED');
  assert.match(refusedA.body.detail, /disabled/);
  assert.match((await b.call('get', '/me')).body.detail, /locked/);
  // Gone for good, not just for one request.
  await t.prisma.user.update({ where: { id: disabled.id }, data: { status: 'ACTIVE' } });
  assert.equal((await a.call('get', '/me')).status, 401);
});

test('R-SESS-1: idle timeout (30 min) and absolute timeout (12 h)', async () => {
  const user = await member(t, org, 'standardUser');
  const idle = await signIn(t.app, user.email, PASSWORD);
  t.clock.advance(29 * 60_000);
  assert.equal((await idle.call('get', '/me')).status, 200);
  t.clock.advance(29 * 60_000);
  assert.equal((await idle.call('get', '/me')).status, 200, 'activity keeps it alive');
  t.clock.advance(31 * 60_000);
  assert.match((await idle.call('get', '/me')).body.detail, /idle/);

  const busy = await signIn(t.app, user.email, PASSWORD);
  for (let step = 1; step < 36; step += 1) {
    t.clock.advance(20 * 60_000);
    assert.equal((await busy.call('get', '/me')).status, 200, `after ${step * 20} minutes`);
  }
  t.clock.advance(20 * 60_000 + 1);
  assert.match((await busy.call('get', '/me')).body.detail, /expired/);
});

test('R-IP-1: sign-in and every request are refused outside the allowlist (IPv4 and IPv6 CIDR), X-Forwarded-For honoured only with trust proxy', async () => {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { ipAllowlist: JSON.stringify(['203.0.113.0/24', '2001:db8:abcd::/48']) } });
  const trusting = express();
  trusting.set('trust proxy', true);
  trusting.use('/admin', t.gatehouse.router);
  const login = (app: express.Express, ip: string) => request.agent(app).post(`${API}/auth/login`).set('X-Forwarded-For', ip).send({ identifier: user.email, password: PASSWORD });

  assert.equal((await login(trusting, '203.0.113.77')).status, 200);
  assert.equal((await login(trusting, '2001:db8:abcd:12::1')).status, 200);
  // Outside, the right password gets a wrong password's answer: it must not confirm the password.
  const outside4 = await login(trusting, '198.51.100.7');
  assert.equal(outside4.status, 401);
  assert.equal(outside4.body.code, 'INVALID_CREDENTIALS');
  assert.equal((await login(trusting, '2001:db8:abce::1')).status, 401);

  // The test's own app does not trust proxies: the header is ignored and the real peer (loopback) is outside.
  assert.equal((await login(t.app, '203.0.113.77')).status, 401);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: 'auth.signIn', outcome: 'DENIED', targetId: user.id } }), 3);

  // Signed in from inside, then a request from outside the list: refused and the session ends.
  const agent = request.agent(trusting);
  assert.equal((await agent.post(`${API}/auth/login`).set('X-Forwarded-For', '203.0.113.5').send({ identifier: user.email, password: PASSWORD })).status, 200);
  assert.equal((await agent.get(`${API}/me`).set('X-Forwarded-For', '203.0.113.5')).status, 200);
  const moved = await agent.get(`${API}/me`).set('X-Forwarded-For', '192.0.2.1');
  assert.equal(moved.status, 401);
  assert.match(moved.body.detail, /ip/);
});

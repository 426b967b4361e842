// The panel's sign-in through supertest: AdminJS's password page, then Gatehouse's code page with
// TOTP enrolment (QR code, recovery codes once) and later sign-ins with a code (R-MFA-1, R-MFA-3).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { currentTotpCode } from '../../src/auth/totp.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organization, PASSWORD } from './helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false });
  org = await organization(t);
});
after(() => t.close());

test('R-MFA-3: panel sign-in with a required TOTP: QR code page, wrong code refused, recovery codes shown once, then the panel', async () => {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'TOTP', mfaEnrolled: false } });
  const agent = request.agent(t.app);
  const password = await agent.post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  assert.equal(password.status, 302);
  assert.equal(password.headers.location, '/admin/login/mfa');
  // Not signed in between the steps.
  assert.equal((await agent.get('/admin')).headers.location, '/admin/login');

  const page = await agent.get('/admin/login/mfa');
  assert.equal(page.status, 200);
  assert.match(page.text, /<img class="qr" src="data:image\/png;base64,/);
  const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page.text)?.[1];
  assert.ok(secret);

  const wrong = await agent.post('/admin/login/mfa').type('form').send({ code: '000000' });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /not right/);

  const done = await agent.post('/admin/login/mfa').type('form').send({ code: await currentTotpCode(t.gatehouse.context, secret) });
  assert.equal(done.status, 200);
  const codes = [...done.text.matchAll(/<li>([a-z0-9-]{19})<\/li>/g)].map((match) => match[1]);
  assert.equal(codes.length, 10);
  const panel = await agent.get('/admin');
  assert.notEqual(panel.headers.location, '/admin/login');
  assert.ok(panel.status === 200 || (panel.status === 302 && panel.headers.location !== '/admin/login'));
});

test('R-MFA-1: panel sign-in of an enrolled user asks for the code; a locked account is refused on the password page', async () => {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'TOTP', mfaEnrolled: false } });
  const enrol = request.agent(t.app);
  await enrol.post('/admin/login').type('form').send({ email: user.username, password: PASSWORD });
  const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec((await enrol.get('/admin/login/mfa')).text)?.[1] ?? '';
  await enrol.post('/admin/login/mfa').type('form').send({ code: await currentTotpCode(t.gatehouse.context, secret) });
  t.clock.advance(30_000);

  const agent = request.agent(t.app);
  await agent.post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  const page = await agent.get('/admin/login/mfa');
  assert.match(page.text, /authenticator app shows/);
  assert.doesNotMatch(page.text, /class="qr"/);
  const done = await agent.post('/admin/login/mfa').type('form').send({ code: await currentTotpCode(t.gatehouse.context, secret) });
  assert.equal(done.status, 302);
  assert.equal(done.headers.location, '/admin');

  await t.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(t.clock.now().getTime() + 60_000) } });
  const locked = await request(t.app).post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  assert.equal(locked.status, 423);
});

test('R-MFA-2: panel sign-in with an e-mail code', async () => {
  const user = await member(t, org, 'standardUser');
  await t.prisma.user.update({ where: { id: user.id }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true } });
  const agent = request.agent(t.app);
  await agent.post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  const page = await agent.get('/admin/login/mfa');
  assert.match(page.text, /We sent a six-digit code/);
  const code = t.mailbox.code(user.email);
  const done = await agent.post('/admin/login/mfa').type('form').send({ code });
  assert.equal(done.status, 302);
});

test('R-CSRF-2: a sign-in form posted from another site is refused and signs nobody in; from this site it works', async () => {
  const user = await member(t, org, 'standardUser');
  for (const headers of [{ Origin: 'http://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site', Origin: 'http://127.0.0.1:9999' }]) {
    const agent = request.agent(t.app);
    const posted = await agent.post('/admin/login').set(headers).type('form').send({ email: user.email, password: PASSWORD });
    assert.equal(posted.status, 403, JSON.stringify(headers));
    assert.match(String(posted.headers['content-type']), /^application\/problem\+json/);
    assert.equal(posted.body.rule, 'R-CSRF-2');
    assert.equal((await agent.get('/admin')).headers.location, '/admin/login', 'not signed in');
  }
  const agent = request.agent(t.app);
  const own = await agent.post('/admin/login').set('Host', 'gatehouse.test').set('Origin', 'http://gatehouse.test').type('form').send({ email: user.email, password: PASSWORD });
  assert.equal(own.status, 302);
  assert.equal(own.headers.location, '/admin');
  assert.equal((await request(t.app).post('/admin/login').set({ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }).type('form').send({ email: user.email, password: PASSWORD })).status, 302, 'a browser on this origin under no-referrer');
  assert.ok(await t.prisma.auditEvent.count({ where: { action: 'panel.request', outcome: 'DENIED', rule: 'R-CSRF-2' } }) >= 4);
});

test('R-CSRF-2: signing out is a POST with the session\'s token; a GET only shows the button', async () => {
  const user = await member(t, org, 'standardUser');
  const agent = request.agent(t.app);
  await agent.post('/admin/login').type('form').send({ email: user.email, password: PASSWORD });
  const shown = await agent.get('/admin/logout');
  assert.equal(shown.status, 200);
  assert.equal((await agent.get('/admin')).status, 200, 'a GET to /logout (an <img> on any page) signs nobody out');
  const token = /name="csrfToken" value="([^"]+)"/.exec(shown.text)?.[1] ?? '';
  assert.ok(token);
  assert.equal((await agent.post('/admin/logout').type('form').send({ csrfToken: 'x'.repeat(token.length) })).status, 303);
  assert.equal((await agent.get('/admin')).status, 200, 'a wrong token signs nobody out');
  assert.equal((await agent.post('/admin/logout').set('Origin', 'http://evil.example').type('form').send({ csrfToken: token })).status, 403);
  assert.equal((await agent.get('/admin')).status, 200);
  const out = await agent.post('/admin/logout').type('form').send({ csrfToken: token });
  assert.equal(out.status, 303);
  assert.equal(out.headers.location, '/admin/login');
  assert.equal((await agent.get('/admin')).headers.location, '/admin/login');
});

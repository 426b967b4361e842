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

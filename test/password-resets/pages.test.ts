// R-PWD-3, R-PWD-4 through the pages a person without a session opens: the link of an
// administrator's "Reset password" e-mail leads to a form for the new password (it used to redirect
// to the sign-in page, locking the user out), and "Forgot your password?" mails such a link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { settledPasswordResetRequests } from '../../src/password-resets/request.ts';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organizationWithOwner, OTHER_PASSWORD, PASSWORD } from '../invitations/support.ts';
import type { ApiClient } from '../support/agent.ts';

let t: TestSetup;
let org: string;
let owner: ApiClient;
before(async () => {
  t = await setup({ signInRateLimit: false, publicUrl: 'http://gatehouse.test' });
  ({ organizationId: org, ownerClient: owner } = await organizationWithOwner(t));
});
after(() => t.close());

const linkPath = (text: string) => new URL(/(https?:\/\/\S+reset-password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? 'http://x/none');

test('R-PWD-3: the link of an administrator\'s reset opens a form with the policy and the expiry; a new password signs in, the link is then dead', async () => {
  const user = await member(t, org, 'standardUser');
  assert.equal((await owner.call('post', `/users/${user.id}/reset-password`)).status, 200);
  const link = linkPath(t.mailbox.latest(user.email, 'password-reset')?.text ?? '');
  const agent = request.agent(t.app);
  const shown = await agent.get(`${link.pathname}${link.search}`);
  assert.equal(shown.status, 200, 'the form, not a redirect to the sign-in page');
  assert.match(shown.text, /New password again/);
  assert.match(shown.text, /8 to 32 characters/, 'seed 002, the default preset, sets its own policy');
  assert.match(shown.text, /until /);
  const token = link.searchParams.get('token') ?? '';

  const mismatch = await agent.post('/admin/reset-password').type('form').send({ token, password: OTHER_PASSWORD, confirmation: `${OTHER_PASSWORD}x` });
  assert.equal(mismatch.status, 400);
  assert.match(mismatch.text, /not the same/);
  const weak = await agent.post('/admin/reset-password').type('form').send({ token, password: 'short', confirmation: 'short' });
  assert.equal(weak.status, 400);
  assert.match(weak.text, /role="alert"/);

  const done = await agent.post('/admin/reset-password').type('form').send({ token, password: OTHER_PASSWORD, confirmation: OTHER_PASSWORD });
  assert.equal(done.status, 200);
  assert.match(done.text, /data-testid="password-set"/);
  await signIn(t.app, user.email, OTHER_PASSWORD);
  assert.equal((await request(t.app).post(`${API}/auth/login`).send({ identifier: user.email, password: PASSWORD })).status, 401);
  assert.equal((await agent.get(`${link.pathname}${link.search}`)).status, 410, 'used once');
});

test('R-PWD-4: "Forgot your password?" answers alike for any address and mails a link that opens the same form', async () => {
  const user = await member(t, org, 'standardUser');
  const page = await request(t.app).get('/admin/forgot-password');
  assert.equal(page.status, 200);
  const known = await request(t.app).post('/admin/forgot-password').type('form').send({ email: user.email });
  const unknown = await request(t.app).post('/admin/forgot-password').type('form').send({ email: 'nobody@example.test' });
  assert.equal(known.status, 202);
  assert.equal(known.text.replace(user.email, 'X'), unknown.text.replace('nobody@example.test', 'X'));
  assert.equal((await request(t.app).post('/admin/forgot-password').type('form').send({ email: 'a@example.test,b@example.test' })).status, 400);
  await settledPasswordResetRequests(t.gatehouse.context);
  const link = linkPath(t.mailbox.latest(user.email, 'password-reset')?.text ?? '');
  assert.equal((await request(t.app).get(`${link.pathname}${link.search}`)).status, 200);
  assert.equal(t.mailbox.latest('nobody@example.test'), null);
});

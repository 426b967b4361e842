// Seed 002: "If Email was selected, you will be prompted to enter the unique time based verification
// code, sent to your registered email. A countdown timer is displayed." Setting up e-mail codes from
// one's own account takes two steps (R-MFA-2): POST /me/mfa/email sends a code and changes nothing
// about the factor; POST /me/mfa/email/confirm with that code switches it on — six digits, within
// 10 minutes, at most 5 attempts, once. The sign-in enrolment (R-MFA-3) keeps working beside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, signIn } from '../support/agent.ts';
import { runRecordAction, signInToPanel } from '../panel/helpers.ts';
import { type World, PASSWORD, world } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const MINUTE = 60_000;
const fresh = (key: string) => w.member(key, [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
const mfaOf = (id: string) => w.t.prisma.user.findUniqueOrThrow({ where: { id }, select: { mfaMethod: true, mfaEnrolled: true } });
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

test('seed 002 (R-MFA-2): the password sends a code to the registered address and changes nothing yet; the right code switches e-mail codes on, once', async () => {
  const id = await fresh('mfa1');
  const client = await signIn(w.t.app, 'mfa1', PASSWORD);
  const wrongPassword = await client.call('post', '/me/mfa/email', { currentPassword: 'Not-The-Password-1!' });
  assert.equal(wrongPassword.body.code, 'WRONG_CURRENT_PASSWORD');
  assert.equal(await w.t.prisma.emailOtpChallenge.count({ where: { userId: id } }), 0);

  const sent = await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.expiresAt, new Date(w.t.clock.now().getTime() + 10 * MINUTE).toISOString());
  assert.equal(sent.body.validSeconds, 600);
  assert.equal(sent.body.sentTo, 'm•••@example.test');
  const code = w.t.mailbox.code('mfa1@example.test');
  assert.match(code, /^\d{6}$/);
  assert.doesNotMatch(sent.text, new RegExp(code), 'the code travels by mail only');
  const challenge = await w.t.prisma.emailOtpChallenge.findUniqueOrThrow({ where: { id: sent.body.challengeId } });
  assert.equal(challenge.purpose, 'enrol');
  assert.notEqual(challenge.codeHash, code);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'NONE', mfaEnrolled: false }, 'nothing about the factor changes before the code');

  const confirmed = await client.call('post', '/me/mfa/email/confirm', { code, challengeId: sent.body.challengeId });
  assert.equal(confirmed.status, 204, JSON.stringify(confirmed.body));
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'EMAIL', mfaEnrolled: true });
  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.setMfa', targetId: id, outcome: 'ALLOWED' } });
  assert.doesNotMatch(event.details, new RegExp(code));
  const again = await client.call('post', '/me/mfa/email/confirm', { code });
  assert.equal(again.status, 410, 'used once');

  // The next sign-in asks for an e-mailed code.
  const login = await request(w.t.app).post(`${API}/auth/login`).send({ identifier: 'mfa1', password: PASSWORD });
  assert.deepEqual({ method: login.body.method, enrol: login.body.enrol }, { method: 'EMAIL', enrol: false });
});

test('seed 002 (R-MFA-2): a wrong code is refused and changes nothing; after 5 attempts even the right code is refused', async () => {
  const id = await fresh('mfa2');
  const client = await signIn(w.t.app, 'mfa2', PASSWORD);
  assert.equal((await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD })).status, 200);
  const code = w.t.mailbox.code('mfa2@example.test');
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const wrong = await client.call('post', '/me/mfa/email/confirm', { code: other(code) });
    assert.equal(wrong.status, 401, `attempt ${attempt}`);
    assert.equal(wrong.body.code, 'INVALID_CODE');
    assert.equal(wrong.body.attemptsLeft, 5 - attempt);
  }
  const sixth = await client.call('post', '/me/mfa/email/confirm', { code });
  assert.equal(sixth.status, 410);
  assert.match(sixth.body.detail, /Too many wrong attempts/);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'NONE', mfaEnrolled: false });
  assert.equal((await client.call('post', '/me/mfa/email/confirm', { code: '12345' })).status, 400, 'six digits');
});

test('seed 002 (R-MFA-2): a code expires after 10 minutes; a new code replaces the old one', async () => {
  const id = await fresh('mfa3');
  const client = await signIn(w.t.app, 'mfa3', PASSWORD);
  assert.equal((await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD })).status, 200);
  const first = w.t.mailbox.code('mfa3@example.test');
  w.t.clock.advance(10 * MINUTE + 1);
  const expired = await client.call('post', '/me/mfa/email/confirm', { code: first });
  assert.equal(expired.status, 410);
  assert.match(expired.body.detail, /expired/);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'NONE', mfaEnrolled: false });

  const resent = await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD });
  const second = w.t.mailbox.code('mfa3@example.test');
  const third = await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD });
  assert.equal((await client.call('post', '/me/mfa/email/confirm', { code: second, challengeId: resent.body.challengeId })).status, 410, 'replaced by the newer code');
  assert.equal((await client.call('post', '/me/mfa/email/confirm', { code: w.t.mailbox.code('mfa3@example.test'), challengeId: third.body.challengeId })).status, 204);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'EMAIL', mfaEnrolled: true });
});

test('R-MFA-3 (R-MFA-2): the sign-in enrolment still works: an administrator switches someone to e-mail codes, the next sign-in mails a code that completes it', async () => {
  const id = await fresh('mfa4');
  const co = await w.as('owner');
  assert.equal((await co.call('put', `/users/${id}/mfa`, { method: 'EMAIL' })).status, 200);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'EMAIL', mfaEnrolled: false });
  const agent = request.agent(w.t.app);
  const login = await agent.post(`${API}/auth/login`).send({ identifier: 'mfa4', password: PASSWORD });
  assert.deepEqual({ method: login.body.method, enrol: login.body.enrol }, { method: 'EMAIL', enrol: true });
  const done = await agent.post(`${API}/auth/mfa`).send({ code: w.t.mailbox.code('mfa4@example.test') });
  assert.equal(done.body.status, 'signed-in', JSON.stringify(done.body));
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'EMAIL', mfaEnrolled: true });
});

test('seed 002 (R-MFA-2): My profile\u2019s "Use codes by e-mail" answers the code\u2019s validity for the countdown; a wrong code is refused in words, the right one switches', async () => {
  const id = await fresh('mfa5');
  const agent = await signInToPanel(w.t.app, 'mfa5@example.test', PASSWORD);
  const sent = await runRecordAction(agent, 'User', id, 'emailOtp', { currentPassword: PASSWORD });
  assert.equal(sent.body.notice?.type, 'success', JSON.stringify(sent.body));
  assert.match(sent.body.notice.message, /A code was sent to m•••@example\.test/);
  assert.equal(sent.body.data.view.validSeconds, 600);
  assert.deepEqual(await mfaOf(id), { mfaMethod: 'NONE', mfaEnrolled: false });
  const code = w.t.mailbox.code('mfa5@example.test');
  const wrong = await runRecordAction(agent, 'User', id, 'confirmEmailOtp', { code: other(code), challengeId: sent.body.data.view.challengeId });
  assert.equal(wrong.body.notice?.type, 'error');
  assert.match(wrong.body.notice.message, /does not match; 4 attempts left/);
  const right = await runRecordAction(agent, 'User', id, 'confirmEmailOtp', { code, challengeId: sent.body.data.view.challengeId });
  assert.equal(right.body.notice?.type, 'success', JSON.stringify(right.body));
  assert.equal((await agent.get('/admin/api/pages/myProfile')).body.profile.mfa.method, 'EMAIL');
});

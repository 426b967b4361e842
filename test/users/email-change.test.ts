// R-EMAIL-2: an administrator's change of someone's e-mail address waits for the link sent to the
// new address (seed 002 world: the Compliance Officer edits a Billing Officer). The old address
// gets a notice without a link; the other fields apply at once; the link's page acts only on POST.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { hashToken } from '../../src/tokens/token.ts';
import { API, signIn } from '../support/agent.ts';
import { type World, PASSWORD, world } from './world.ts';
import { runRecordAction, signInToPanel } from '../panel/helpers.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const HOUR = 3_600_000;
const linkOf = (text: string) => new URL(/(https?:\/\/\S+\/confirm-email\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? 'http://x/none');
const emailOf = async (id: string) => (await w.t.prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true } })).email;
/** The page's form, posted as a browser on this site would. */
const postPage = (token: string) => request(w.t.app).post('/admin/confirm-email').set('sec-fetch-site', 'same-origin').type('form').send({ token });
const confirmApi = (token: string) => request(w.t.app).post(`${API}/email-change/confirm`).send({ token });

test('R-EMAIL-2: a new address is pending until confirmed; the link in the mail to it confirms it on POST only; the old address gets a notice without a link', async () => {
  const id = await w.member('pending1', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const before = await w.t.prisma.user.findUniqueOrThrow({ where: { id } });
  const co = await w.as('owner');
  const answer = await co.call('patch', `/users/${id}`, { email: 'Pending1.New@Example.test', firstName: 'Penny' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.email, 'pending1@example.test', 'the address does not change yet');
  assert.equal(answer.body.firstName, 'Penny', 'the other fields apply at once');
  assert.equal(answer.body.pendingEmail, 'pending1.new@example.test');
  assert.equal(answer.body.pendingEmailExpiresAt, new Date(w.t.clock.now().getTime() + 24 * HOUR).toISOString());
  assert.equal(await emailOf(id), 'pending1@example.test');
  // Signing in still goes by the old address.
  await signIn(w.t.app, 'pending1@example.test', PASSWORD);

  const confirmation = w.t.mailbox.latest('pending1.new@example.test', 'email-change');
  assert.ok(confirmation, 'the new address gets the link');
  const notice = w.t.mailbox.latest('pending1@example.test', 'email-change-notice');
  assert.ok(notice, 'the old address gets a notice');
  assert.match(notice.text, /pending1\.new@example\.test/);
  assert.doesNotMatch(notice.text, /https?:\/\/|token=/, 'the notice carries no link');

  const link = linkOf(confirmation.text);
  const shown = await request(w.t.app).get(`${link.pathname}${link.search}`);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /pending1\.new@example\.test/);
  assert.match(shown.text, /<form method="post"/);
  assert.equal(await emailOf(id), 'pending1@example.test', 'a GET (a mail scanner) changes nothing');

  const crossSite = await request(w.t.app).post('/admin/confirm-email').set('sec-fetch-site', 'cross-site').type('form').send({ token: link.searchParams.get('token') ?? '' });
  assert.equal(crossSite.status, 403, 'a form posted from another site is refused (R-CSRF-2)');
  assert.equal(await emailOf(id), 'pending1@example.test');

  const done = await postPage(link.searchParams.get('token') ?? '');
  assert.equal(done.status, 200, done.text);
  assert.match(done.text, /is now pending1\.new@example\.test/);
  const after = await w.t.prisma.user.findUniqueOrThrow({ where: { id } });
  assert.equal(after.email, 'pending1.new@example.test');
  assert.equal(after.accessVersion, before.accessVersion + 1, 'sessions notice the change');
  assert.ok((await w.t.prisma.emailChangeRequest.findFirstOrThrow({ where: { userId: id } })).usedAt, 'the request is spent');
  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.emailChanged', targetId: id } });
  assert.equal(event.outcome, 'ALLOWED');
  assert.deepEqual(JSON.parse(event.details).previousEmail, 'pending1@example.test');
  await signIn(w.t.app, 'pending1.new@example.test', PASSWORD);

  // Used: the page says so in words, nothing changes.
  const again = await postPage(link.searchParams.get('token') ?? '');
  assert.equal(again.status, 410);
  assert.match(again.text, /invalid, used, replaced or expired/);
  assert.equal((await confirmApi(link.searchParams.get('token') ?? '')).status, 410);
});

test('R-EMAIL-2: the token is stored only as its hash, and is in no REST answer, audit event or stored message', async () => {
  const id = await w.member('secret1', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const co = await w.as('owner');
  const answer = await co.call('patch', `/users/${id}`, { email: 'secret1.new@example.test' });
  assert.equal(answer.status, 200);
  const token = linkOf(w.t.mailbox.latest('secret1.new@example.test', 'email-change')?.text ?? '').searchParams.get('token') ?? '';
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const row = await w.t.prisma.emailChangeRequest.findFirstOrThrow({ where: { userId: id } });
  assert.equal(row.tokenHash, hashToken(token));
  assert.doesNotMatch(answer.text, new RegExp(token));
  assert.doesNotMatch((await co.call('get', `/users/${id}`)).text, new RegExp(token));
  for (const message of await w.t.prisma.outboxMessage.findMany({ where: { tokenId: row.id } })) {
    assert.doesNotMatch(`${message.subject} ${message.text}`, new RegExp(token), 'the outbox keeps the message redacted');
  }
  assert.equal((await confirmApi(token)).status, 204);
  for (const event of await w.t.prisma.auditEvent.findMany({ where: { targetId: id } })) {
    assert.doesNotMatch(JSON.stringify(event), new RegExp(`${token}|${row.tokenHash}`));
  }
  const edit = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.edit', targetId: id, outcome: 'ALLOWED' } });
  assert.equal(JSON.parse(edit.details).emailChangeRequested.newEmail, 'secret1.new@example.test');
  assert.equal(await emailOf(id), 'secret1.new@example.test', 'POST /email-change/confirm confirms as the page does');
});

test('R-EMAIL-2: a replaced, expired, forged or malformed link is refused and changes nothing', async () => {
  const id = await w.member('expiry1', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const co = await w.as('owner');
  assert.equal((await co.call('patch', `/users/${id}`, { email: 'expiry1.first@example.test' })).status, 200);
  const first = w.t.mailbox.token('expiry1.first@example.test', 'email-change');
  assert.equal((await co.call('patch', `/users/${id}`, { email: 'expiry1.second@example.test' })).status, 200);
  const second = w.t.mailbox.token('expiry1.second@example.test', 'email-change');
  assert.equal(await w.t.prisma.emailChangeRequest.count({ where: { userId: id, usedAt: null } }), 1, 'a new request replaces the earlier one');

  const replaced = await confirmApi(first);
  assert.equal(replaced.status, 410);
  assert.equal(replaced.body.code, 'TOKEN_INVALID');
  assert.equal((await confirmApi('A'.repeat(43))).status, 410, 'forged');
  assert.equal((await confirmApi('not a token!')).status, 400, 'malformed');
  const forgedPage = await request(w.t.app).get('/admin/confirm-email?token=forged');
  assert.equal(forgedPage.status, 410);
  assert.match(forgedPage.text, /invalid, used, replaced or expired/);

  w.t.clock.advance(24 * HOUR + 1);
  const expiredPage = await request(w.t.app).get(`/admin/confirm-email?token=${second}`);
  assert.equal(expiredPage.status, 410);
  assert.doesNotMatch(expiredPage.text, /<form/);
  assert.equal((await postPage(second)).status, 410);
  assert.equal((await confirmApi(second)).status, 410);
  assert.equal(await emailOf(id), 'expiry1@example.test');
  assert.equal(await w.t.prisma.auditEvent.count({ where: { action: 'user.emailChanged', targetId: id } }), 0);
  const edited = await co.call('patch', `/users/${id}`, { lastName: 'Later' });
  assert.equal(edited.body.pendingEmail, undefined, 'an expired request is no longer pending');
});

test('R-EMAIL-2: an address taken meanwhile answers 409 EMAIL_TAKEN on confirmation and changes nothing; a taken address is refused at once', async () => {
  const one = await w.member('race1', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const two = await w.member('race2', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const co = await w.as('owner');
  const takenNow = await co.call('patch', `/users/${one}`, { email: 'advanced@example.test' });
  assert.equal(takenNow.status, 409);
  assert.equal(takenNow.body.code, 'EMAIL_TAKEN');
  assert.equal(await w.t.prisma.emailChangeRequest.count({ where: { userId: one } }), 0);

  assert.equal((await co.call('patch', `/users/${one}`, { email: 'shared@example.test' })).status, 200);
  const tokenOne = w.t.mailbox.token('shared@example.test', 'email-change');
  assert.equal((await co.call('patch', `/users/${two}`, { email: 'shared@example.test' })).status, 200);
  const tokenTwo = w.t.mailbox.token('shared@example.test', 'email-change');
  assert.notEqual(tokenOne, tokenTwo);
  assert.equal((await confirmApi(tokenTwo)).status, 204);
  const taken = await confirmApi(tokenOne);
  assert.equal(taken.status, 409);
  assert.equal(taken.body.code, 'EMAIL_TAKEN');
  assert.equal(await emailOf(one), 'race1@example.test');
  assert.equal((await w.t.prisma.emailChangeRequest.findFirstOrThrow({ where: { userId: one } })).usedAt, null, 'the refused link is not spent');
  const page = await postPage(tokenOne);
  assert.equal(page.status, 409);
  assert.match(page.text, /already in use/);
});

test('R-EMAIL-2: the panel\u2019s edit form says a confirmation link was sent, and the address waits for it', async () => {
  const id = await w.member('panel1', [{ organizationId: w.org.acme, roleKey: 'standardUser' }]);
  const agent = await signInToPanel(w.t.app, 'owner@example.test', PASSWORD);
  const saved = await runRecordAction(agent, 'User', id, 'edit', { firstName: 'Pam', email: 'panel1.new@example.test' });
  assert.equal(saved.body.notice?.type, 'success', JSON.stringify(saved.body));
  assert.match(saved.body.notice.message, /A confirmation link was sent to panel1\.new@example\.test/);
  assert.equal(await emailOf(id), 'panel1@example.test');
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id } })).firstName, 'Pam');
  assert.ok(w.t.mailbox.latest('panel1.new@example.test', 'email-change'));
  const form = await agent.get(`/admin/api/resources/User/records/${id}/edit`);
  assert.match(JSON.stringify(form.body), /A change to panel1\.new@example\.test waits for confirmation/);
});

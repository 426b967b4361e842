// POST /invitations/:id/resend and /revoke (R-INV-1; seed 004 "resend", "deactivate invitation").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiClient } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { auditEvents, type Member, organizationWithOwner, PASSWORD, publicPost, roleId, tokenFromMail, unique } from './support.ts';

let t: TestSetup;
let org: string;
let owner: ApiClient;
let ownerMember: Member;
before(async () => {
  t = await setup({ signInRateLimit: false });
  ({ organizationId: org, ownerClient: owner, owner: ownerMember } = await organizationWithOwner(t));
});
after(() => t.close());

async function invite() {
  const email = `${unique('invitee')}@example.test`;
  const res = await owner.call('post', '/invitations', { email, organizationId: org, roleId: roleId('standardUser') });
  assert.equal(res.status, 201);
  return { email, id: res.body.id as string, token: await tokenFromMail(t, email) };
}

const accept = (token: string) => publicPost(t, '/invitations/accept', { token, firstName: 'R', lastName: 'S', username: unique('rs'), password: PASSWORD });

test('R-INV-1: resending sends a new link with a new expiry; the previous link answers 410', async () => {
  const { email, id, token: old } = await invite();
  t.clock.advance(10 * 60_000);
  const res = await owner.call('post', `/invitations/${id}/resend`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(Date.parse(res.body.expiresAt), t.clock.now().getTime() + 72 * 3_600_000);
  const fresh = await tokenFromMail(t, email);
  assert.notEqual(fresh, old);
  assert.equal(await t.prisma.outboxMessage.count({ where: { to: email } }), 2);
  assert.equal((await accept(old)).status, 410);
  assert.equal((await accept(fresh)).status, 200);
  const events = (await auditEvents(t, 'invitation.resend')).filter((event) => event.targetId === id);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.details.includes(fresh), false);
});

test('R-INV-1: an expired invitation can be resent and then accepted', async () => {
  const { email, id } = await invite();
  t.clock.advance(80 * 3_600_000);
  owner = await ownerMember.client();
  const listed = await owner.call('get', `/invitations?organizationId=${org}&status=EXPIRED`);
  assert.ok(listed.body.items.some((item: { id: string }) => item.id === id));
  const res = await owner.call('post', `/invitations/${id}/resend`);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'PENDING');
  assert.equal((await accept(await tokenFromMail(t, email))).status, 200);
});

test('R-INV-1: revoking makes the link unusable, frees the e-mail, and is audited once', async () => {
  const { email, id, token } = await invite();
  const res = await owner.call('post', `/invitations/${id}/revoke`);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'REVOKED');
  assert.equal((await accept(token)).status, 410);
  assert.equal((await owner.call('post', `/invitations/${id}/revoke`)).status, 409);
  assert.equal((await owner.call('post', `/invitations/${id}/resend`)).body.code, 'INVITATION_CLOSED');
  assert.equal((await owner.call('post', '/invitations', { email, organizationId: org, roleId: roleId('standardUser') })).status, 201);
  assert.equal((await auditEvents(t, 'invitation.revoke')).filter((event) => event.targetId === id).length, 1);
});

test('an accepted invitation cannot be resent or revoked (409)', async () => {
  const { id, token } = await invite();
  assert.equal((await accept(token)).status, 200);
  assert.equal((await owner.call('post', `/invitations/${id}/resend`)).status, 409);
  assert.equal((await owner.call('post', `/invitations/${id}/revoke`)).status, 409);
});

test('R-INV-1: a resend and 20 concurrent acceptances of the old link never both win', async () => {
  const { email, id, token } = await invite();
  const [resend, ...accepts] = await Promise.all([owner.call('post', `/invitations/${id}/resend`), ...Array.from({ length: 20 }, () => accept(token))]);
  const wins = accepts.filter((res) => res.status === 200).length;
  assert.ok(wins <= 1);
  if (wins === 1) assert.equal(resend.status, 409);
  else assert.equal(resend.status, 200);
  assert.ok(accepts.every((res) => res.status === 200 || res.status === 410), JSON.stringify(accepts.map((res) => [res.status, res.body.code])));
  assert.ok((await t.prisma.user.count({ where: { email } })) === wins);
});

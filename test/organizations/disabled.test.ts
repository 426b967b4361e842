// R-ORG-1 through the REST API: disabling Acme North takes its members' access (here its own
// Compliance Officer's) at their next request, refuses their sign-in (answered like a wrong
// password), API keys and invitations into it; the Compliance Officer of Acme above still sees it
// and enables it again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API } from '../support/agent.ts';
import { builtin, PASSWORD, world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const login = (username: string, password = PASSWORD) => request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password });

test('R-ORG-1: a disabled organisation gives its members nothing from their next request; its managers above still see it and enable it again', async () => {
  const owner = await w.as('owner');
  const officer = await w.as('northCo');
  assert.ok((await officer.call('get', `/users?organizationId=${w.org.north}`)).body.total > 1, 'North\'s members are listed');
  assert.equal((await officer.call('post', '/me/api-keys', { name: 'before' })).status, 201);

  const disabled = await owner.call('patch', `/organizations/${w.org.north}`, { status: 'DISABLED' });
  assert.equal(disabled.status, 200, disabled.text);

  // The live session, at its next request: nothing in North but their own row (R-SELF-2).
  const listed = await officer.call('get', `/users?organizationId=${w.org.north}`);
  assert.deepEqual(listed.body.items.map((user: { id: string }) => user.id), [w.users.northCo]);
  const key = await officer.call('post', '/me/api-keys', { name: 'after', organizationId: w.org.north });
  assert.equal(key.status, 403);
  assert.equal(key.body.rule, 'R-ORG-1');

  // Nobody invites into it, not even its managers above.
  const invite = await owner.call('post', '/invitations', { email: 'new.north@example.test', organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.equal(invite.status, 403);
  assert.equal(invite.body.rule, 'R-ORG-1');
  assert.equal(await w.t.prisma.invitation.count({ where: { email: 'new.north@example.test' } }), 0);

  // A fresh sign-in of a member whose only organisation is disabled: a wrong password's answer.
  const wrong = await login('northco', 'Wrong-Password-1!');
  const right = await login('northco');
  assert.equal(right.status, 401);
  assert.deepEqual(right.body, wrong.body);
  const denied = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'auth.signIn', outcome: 'DENIED', targetId: w.users.northCo }, orderBy: { at: 'desc' } });
  assert.equal(JSON.parse(String(denied.details)).reason, 'organization-disabled');

  // The officer of Acme still sees North and enables it again; the member is back.
  const seen = await owner.call('get', `/organizations/${w.org.north}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.status, 'DISABLED');
  assert.equal((await owner.call('patch', `/organizations/${w.org.north}`, { status: 'ENABLED' })).status, 200);
  assert.equal((await login('northco')).status, 200);
  assert.equal((await officer.call('post', '/me/api-keys', { name: 'again', organizationId: w.org.north })).status, 201);
});

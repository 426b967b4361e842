// GET /users/:id and PATCH /users/:id.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditOf, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
  await w.t.prisma.user.update({ where: { id: w.users.advanced }, data: { securityQuestion: 'First pet?', securityAnswerHash: 'hash-of-answer' } });
});
after(() => w.close());

test('R-TENANT-1: GET /users/:id: an officer sees a user of a sub-organisation, with only memberships in reach', async () => {
  const co = await w.as('northCo');
  const answer = await co.call('get', `/users/${w.users.advanced}`);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.username, 'advanced');
  assert.equal(answer.body.displayStatus, 'enabled');
  assert.deepEqual(answer.body.memberships.map((m: { roleKey: string }) => m.roleKey), ['advancedUser']);
});

test('R-SECRET-1: the security question is shown to its owner only, and no hash ever', async () => {
  const co = await w.as('owner');
  const other = await co.call('get', `/users/${w.users.advanced}`);
  assert.equal('securityQuestion' in other.body, false);
  const self = await (await w.as('advanced')).call('get', `/users/${w.users.advanced}`);
  assert.equal(self.body.securityQuestion, 'First pet?');
  for (const body of [other.text, self.text]) assert.doesNotMatch(body, /hash-of-answer|securityAnswerHash|passwordHash|argon2/);
});

test('R-TENANT-1: a user of another account, or one outside a sub-organisation officer\'s reach, is 404', async () => {
  assert.equal((await (await w.as('owner')).call('get', `/users/${w.users.stranger}`)).status, 404);
  assert.equal((await (await w.as('northCo')).call('get', `/users/${w.users.billing}`)).status, 404);
  assert.equal((await (await w.as('owner')).call('get', '/users/does-not-exist')).status, 404);
});

test('R-SELF-2: a user without any user permission views and edits their own personal fields', async () => {
  const standard = await w.as('standard');
  assert.equal((await standard.call('get', `/users/${w.users.standard}`)).status, 200);
  assert.equal((await standard.call('get', `/users/${w.users.auditor}`)).status, 403);
  const edited = await standard.call('patch', `/users/${w.users.standard}`, { firstName: 'Stanley', phone: '+44 1234' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.firstName, 'Stanley');
  assert.equal(edited.body.phone, '+44 1234');
  const events = (await auditOf(w.t, w.users.standard)).filter((event) => event.action === 'user.edit');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.outcome, 'ALLOWED');
  assert.deepEqual(JSON.parse(events[0]?.details ?? '{}').fields, ['firstName', 'phone']);
});

test('R-SELF-2: username and e-mail are read-only to the user themself (403, audited, unchanged)', async () => {
  const standard = await w.as('standard');
  const answer = await standard.call('patch', `/users/${w.users.standard}`, { username: 'stan2' });
  assert.equal(answer.status, 403);
  assert.equal(answer.body.rule, 'R-SELF-2');
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } })).username, 'standard');
  assert.ok(await w.t.prisma.auditEvent.findFirst({ where: { targetId: w.users.standard, outcome: 'DENIED', rule: 'R-SELF-2' } }));
  // Sending the current value is not a change.
  assert.equal((await standard.call('patch', `/users/${w.users.standard}`, { email: 'STANDARD@example.test', lastName: 'Std' })).status, 200);
});

test('PATCH (R-EMAIL-2): an officer edits another user\'s username and asks for a new e-mail, pending until confirmed; duplicates are 409', async () => {
  const co = await w.as('owner');
  const answer = await co.call('patch', `/users/${w.users.billing}`, { username: 'Billy', email: 'Billy@Example.test', lastName: 'Bills' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.username, 'billy');
  assert.equal(answer.body.email, 'billing@example.test');
  assert.equal(answer.body.pendingEmail, 'billy@example.test');
  const row = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.billing } });
  assert.equal(row.lastNameSearch, 'bills');
  const taken = await co.call('patch', `/users/${w.users.billing}`, { email: 'advanced@example.test' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.code, 'EMAIL_TAKEN');
});

test('R-OWNER-1: nobody but the owner edits the owner\'s profile', async () => {
  await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: true } });
  try {
    const co = await w.as('owner');
    const denied = await co.call('patch', `/users/${w.users.northCo}`, { firstName: 'Hijacked' });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.rule, 'R-OWNER-1');
    const self = await (await w.as('northCo')).call('patch', `/users/${w.users.northCo}`, { firstName: 'Nora' });
    assert.equal(self.status, 200);
  } finally {
    await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: null } });
  }
});

test('R-PERM-1 / R-READ-1: an Auditor views but cannot edit others', async () => {
  const auditor = await w.as('auditor');
  assert.equal((await auditor.call('get', `/users/${w.users.standard}`)).status, 200);
  const denied = await auditor.call('patch', `/users/${w.users.standard}`, { firstName: 'X' });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.rule, 'R-READ-1');
});

test('bad input is 400 and changes nothing: unknown field, empty body, empty name, status or password through PATCH', async () => {
  const co = await w.as('owner');
  for (const body of [{ role: 'x' }, {}, { firstName: '' }, { status: 'DISABLED' }, { password: 'Secret-Secret-1!' }, { email: 'nope' }]) {
    const answer = await co.call('patch', `/users/${w.users.auditor}`, body);
    assert.equal(answer.status, 400, JSON.stringify(body));
  }
  const malformed = await co.agent.patch(`/admin/api/v1/users/${w.users.auditor}`).set('x-csrf-token', co.csrfToken).set('content-type', 'application/json').send('{"firstName":');
  assert.equal(malformed.status, 400);
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.auditor } })).firstName, 'Audrey');
});

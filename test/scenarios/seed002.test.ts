// Seed 002 walk-through (a compliance-screening service, preset 'seed002'), following its help
// page: the Compliance Officer adds a user without a password (a set-your-password invitation goes
// out), adds one with a password (nothing is sent), searches with the page's filters and pages
// through, locks and unlocks, resets the password, disables and enables; the Auditor only reads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const PASSWORD = 'Compliance-Walk-2026!';
let t: TestSetup;
let officer: ApiClient;
let auditor: ApiClient;
let organizationId: string;

before(async () => {
  t = await setup({ preset: 'seed002', signInRateLimit: false });
  const ctx = t.gatehouse.context;
  organizationId = (await createOrganization(ctx, { name: 'Screening Ltd' })).id;
  await createMember(ctx, { email: 'co@screening.test', username: 'co', firstName: 'Cora', lastName: 'Officer', password: PASSWORD }, [
    { organizationId, roleKey: 'complianceOfficer', owner: true },
  ]);
  await createMember(ctx, { email: 'audit@screening.test', username: 'audit', firstName: 'Aldo', lastName: 'Auditor', password: PASSWORD }, [{ organizationId, roleKey: 'auditor' }]);
  officer = await signIn(t.app, 'co', PASSWORD);
  auditor = await signIn(t.app, 'audit', PASSWORD);
});
after(() => t.close());

const newUser = (username: string, extra: object = {}) => ({
  username,
  email: `${username}@screening.test`,
  firstName: username.charAt(0).toUpperCase() + username.slice(1),
  lastName: 'Walker',
  organizationId,
  roleId: 'builtin:standardUser',
  ...extra,
});

test('seed 002 (R-INV-3, R-SEARCH-1, R-STATE-1, R-LOCK-1, R-PWD-3, R-READ-1): the User page, end to end', async () => {
  // Add User without a password: the user is invited to set one, by e-mail.
  const invited = await officer.call('post', '/users', newUser('ivy'));
  assert.equal(invited.status, 201, JSON.stringify(invited.body));
  const invitation = t.mailbox.latest('ivy@screening.test');
  assert.ok(invitation, 'a set-your-password e-mail was sent');
  assert.match(invitation.text, /token=/);

  // Add User with a password: active at once, nothing is sent.
  const direct = await officer.call('post', '/users', newUser('dan', { password: PASSWORD }));
  assert.equal(direct.status, 201);
  assert.equal(await t.prisma.outboxMessage.count({ where: { to: 'dan@screening.test' } }), 0);
  const dan = direct.body.user?.id ?? direct.body.id;
  assert.ok(dan);
  for (let i = 0; i < 23; i += 1) assert.equal((await officer.call('post', '/users', newUser(`walker${String(i).padStart(2, '0')}`, { password: PASSWORD }))).status, 201);

  // Search: partial last name, status, and paging with first/next/last/go-to-page.
  const firstPage = await officer.call('get', '/users?lastName=walk&pageSize=10&page=1');
  assert.equal(firstPage.status, 200);
  assert.equal(firstPage.body.total, 25);
  assert.equal(firstPage.body.items.length, 10);
  const lastPage = await officer.call('get', '/users?lastName=walk&pageSize=10&page=3');
  assert.equal(lastPage.body.items.length, 5);
  assert.equal((await officer.call('get', '/users?username=DA&status=enabled')).body.items[0]?.username, 'dan');
  assert.deepEqual((await officer.call('get', '/users?status=invited')).body.items.map((user: { username: string }) => user.username), ['ivy']);

  // Lock (an administrator's lock) and unlock: the counter is reset.
  assert.equal((await officer.call('post', `/users/${dan}/lock`)).status, 200);
  assert.equal((await request(t.app).post(`${API}/auth/login`).send({ identifier: 'dan', password: PASSWORD })).status, 423);
  assert.deepEqual((await officer.call('get', '/users?status=locked')).body.items.map((user: { username: string }) => user.username), ['dan']);
  assert.equal((await officer.call('post', `/users/${dan}/unlock`)).status, 200);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: dan } })).failedAttempts, 0);

  // Reset password: the current one stops working at once and a link is mailed.
  assert.equal((await officer.call('post', `/users/${dan}/reset-password`)).status, 200);
  assert.equal((await request(t.app).post(`${API}/auth/login`).send({ identifier: 'dan', password: PASSWORD })).status, 401);
  assert.ok(await t.prisma.outboxMessage.findFirst({ where: { to: 'dan@screening.test', kind: 'password-reset' } }));

  // Disable and enable are separate from locking.
  assert.equal((await officer.call('post', `/users/${dan}/disable`)).status, 200);
  assert.deepEqual((await officer.call('get', '/users?status=disabled')).body.items.map((user: { username: string }) => user.username), ['dan']);
  assert.equal((await officer.call('post', `/users/${dan}/enable`)).status, 200);

  // The Auditor views the list and details, and changes nothing.
  assert.equal((await auditor.call('get', '/users?lastName=walk')).body.total, 25);
  assert.equal((await auditor.call('get', `/users/${dan}`)).status, 200);
  const refused = await auditor.call('post', `/users/${dan}/lock`);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-READ-1');

  // Every change above is in the audit trail.
  const actions = (await t.prisma.auditEvent.findMany({ where: { targetId: dan, outcome: 'ALLOWED' } })).map((event) => event.action);
  for (const action of ['user.lock', 'user.resetPassword', 'user.disable']) assert.ok(actions.some((name) => name.startsWith(action)), `${action} audited`);
});

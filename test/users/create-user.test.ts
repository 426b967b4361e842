// POST /users: with a password (active, nothing sent) or without (invited, R-INV-3).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { auditOf, builtin, PASSWORD, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const person = (key: string) => ({ username: key, email: `${key}@Example.test`, firstName: 'New', lastName: '-' });

test('R-INV-3: a user created with a password is active at once and nothing is sent', async () => {
  const co = await w.as('owner');
  const outboxBefore = await w.t.prisma.outboxMessage.count();
  const created = await co.call('post', '/users', { ...person('withpw'), password: 'Another-Pass-42!', organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.equal(created.status, 201);
  assert.equal(created.body.user.status, 'ACTIVE');
  assert.equal(created.body.user.email, 'withpw@example.test');
  assert.equal(created.body.invitationId, null);
  assert.deepEqual(created.body.user.memberships.map((m: { organizationId: string; roleKey: string }) => [m.organizationId, m.roleKey]), [[w.org.north, 'standardUser']]);
  assert.equal(await w.t.prisma.outboxMessage.count(), outboxBefore);
  await signIn(w.t.app, 'withpw', 'Another-Pass-42!');
  const events = (await auditOf(w.t, created.body.user.id)).filter((event) => event.action === 'user.create');
  assert.equal(events.length, 1, 'exactly one ALLOWED event');
  const createEvent = events[0];
  assert.ok(createEvent);
  assert.equal(createEvent.outcome, 'ALLOWED');
  assert.equal(createEvent.actorId, w.users.owner);
  assert.equal(createEvent.organizationId, w.org.north);
  assert.doesNotMatch(createEvent.details, /Another-Pass|argon/);
});

test('R-INV-3: a user created without a password is INVITED and receives a set-your-password invitation', async () => {
  const co = await w.as('owner');
  const created = await co.call('post', '/users', { ...person('nopw'), organizationId: w.org.south, roleId: builtin('dataEntryOperator') });
  assert.equal(created.status, 201);
  assert.equal(created.body.user.status, 'INVITED');
  assert.equal(created.body.user.displayStatus, 'invited');
  assert.ok(created.body.invitationId);
  const mail = w.t.mailbox.latest('nopw@example.test');
  assert.ok(mail, 'the invitation was sent');
  assert.equal(mail.kind, 'set-password');
  const invitation = await w.t.prisma.invitation.findUniqueOrThrow({ where: { id: created.body.invitationId } });
  assert.equal(invitation.userId, created.body.user.id);
  assert.equal(invitation.status, 'PENDING');
});

test('R-SECRET-1: the answer never carries hashes or secrets', async () => {
  const co = await w.as('owner');
  const created = await co.call('post', '/users', { ...person('secretive'), password: 'Another-Pass-42!', organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.doesNotMatch(created.text, /passwordHash|totpSecret|securityAnswerHash|accessVersion|argon2|Search"/);
});

test('R-ESC-1: nobody creates a user with a role carrying permissions they do not hold', async () => {
  // A custom role in Acme holding user.create but nothing else.
  const role = await w.t.prisma.role.create({ data: { key: 'recruiter', name: 'Recruiter', organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.create', 'report.view']) } });
  await w.member('recruiter', [{ organizationId: w.org.acme, roleKey: 'recruiter' }]);
  const recruiter = await signIn(w.t.app, 'recruiter', PASSWORD);
  const denied = await recruiter.call('post', '/users', { ...person('escalated'), password: 'Another-Pass-42!', organizationId: w.org.acme, roleId: builtin('advancedUser') });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.rule, 'R-ESC-1');
  assert.equal(await w.t.prisma.user.count({ where: { username: 'escalated' } }), 0);
  // …but with a role whose permissions they hold, they may.
  const allowed = await recruiter.call('post', '/users', { ...person('recruited'), password: 'Another-Pass-42!', organizationId: w.org.acme, roleId: role.id });
  assert.equal(allowed.status, 201);
  // And switching off the rights they do not hold makes a grant they may give (R-ACC-1 bundles).
  const narrowed = await recruiter.call('post', '/users', {
    ...person('narrowed'),
    password: 'Another-Pass-42!',
    organizationId: w.org.acme,
    roleId: builtin('billingOfficer'),
    accessRights: ['reports'],
  });
  assert.equal(narrowed.status, 403, 'billingOfficer also grants scan.viewResults and apikey.create, which the recruiter lacks');
  assert.equal(narrowed.body.rule, 'R-ESC-1');
});

test('R-UNIQ-1: a second Compliance Officer in one organisation is a conflict', async () => {
  const co = await w.as('owner');
  const answer = await co.call('post', '/users', { ...person('secondco'), password: 'Another-Pass-42!', organizationId: w.org.north, roleId: builtin('complianceOfficer') });
  assert.equal(answer.status, 409);
  assert.equal(answer.body.code, 'UNIQUE_ROLE_TAKEN');
  assert.equal(answer.body.rule, 'R-UNIQ-1');
  assert.equal(await w.t.prisma.user.count({ where: { username: 'secondco' } }), 0);
  // A sub-organisation without an officer takes one.
  const east = await co.call('post', '/organizations', { name: 'Acme East', parentId: w.org.acme });
  assert.equal(east.status, 201);
  const empty = east.body.id as string;
  const ok = await co.call('post', '/users', { ...person('eastco'), password: 'Another-Pass-42!', organizationId: empty, roleId: builtin('complianceOfficer') });
  assert.equal(ok.status, 201);
});

test('R-TENANT-1: creating in an organisation of another account answers 404', async () => {
  const co = await w.as('owner');
  const answer = await co.call('post', '/users', { ...person('elsewhere'), password: 'Another-Pass-42!', organizationId: w.org.other, roleId: builtin('standardUser') });
  assert.equal(answer.status, 404);
});

test('R-PERM-1 / R-READ-1: users without user.create, and Auditors, cannot add users', async () => {
  const standard = await w.as('standard');
  const noPerm = await standard.call('post', '/users', { ...person('byStandard'), organizationId: w.org.acme, roleId: builtin('standardUser') });
  assert.equal(noPerm.status, 403);
  assert.equal(noPerm.body.rule, 'R-PERM-1');
  const auditor = await w.as('auditor');
  const readOnly = await auditor.call('post', '/users', { ...person('byAuditor'), organizationId: w.org.acme, roleId: builtin('standardUser') });
  assert.equal(readOnly.status, 403);
  assert.equal(readOnly.body.rule, 'R-READ-1');
});

test('R-INV-2: conflicts: e-mail and username are unique case-insensitively (409)', async () => {
  const co = await w.as('owner');
  const email = await co.call('post', '/users', { username: 'fresh1', email: 'ADVANCED@example.test', firstName: 'A', lastName: 'B', organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.equal(email.status, 409);
  assert.equal(email.body.code, 'EMAIL_TAKEN');
  const username = await co.call('post', '/users', { username: 'Advanced', email: 'fresh2@example.test', firstName: 'A', lastName: 'B', organizationId: w.org.north, roleId: builtin('standardUser') });
  assert.equal(username.status, 409);
  assert.equal(username.body.code, 'USERNAME_TAKEN');
});

test('bad input is 400 and creates nothing: unknown field, missing name, weak password, bad IP range, unknown access right', async () => {
  const co = await w.as('owner');
  const base = { ...person('badinput'), organizationId: w.org.north, roleId: builtin('standardUser') };
  const cases = [
    { ...base, isAdmin: true },
    { ...base, firstName: '' },
    { ...base, email: 'not-an-email' },
    { ...base, password: 'short' },
    { ...base, ipAllowlist: ['300.1.1.1'] },
    { ...base, accessRights: ['dataManagement'] },
  ];
  for (const body of cases) {
    const answer = await co.call('post', '/users', body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal(await w.t.prisma.user.count({ where: { username: 'badinput' } }), 0);
  const unknownRole = await co.call('post', '/users', { ...base, roleId: 'builtin:nope' });
  assert.equal(unknownRole.status, 404);
});

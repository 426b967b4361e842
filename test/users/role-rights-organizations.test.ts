// PUT /users/:id/role, /access-rights, /organizations — and R-UNIQ-1 under 50 concurrent requests.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { builtin, PASSWORD, soloAccount, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('PUT role: an officer changes a user\'s role; the user\'s access changes on their next request, audited once', async () => {
  const co = await w.as('owner');
  const before = (await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.advanced } })).accessVersion;
  const answer = await co.call('put', `/users/${w.users.advanced}/role`, { organizationId: w.org.north, roleId: builtin('dataEntryOperator') });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.memberships[0].roleKey, 'dataEntryOperator');
  assert.ok((await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.advanced } })).accessVersion > before);
  const events = await w.t.prisma.auditEvent.findMany({ where: { targetId: w.users.advanced, action: 'user.editRole' } });
  assert.equal(events.length, 1);
  assert.equal(events[0]?.outcome, 'ALLOWED');
  assert.deepEqual(JSON.parse(events[0]?.details ?? '{}'), { fromRoleId: builtin('advancedUser'), toRoleId: builtin('dataEntryOperator') });
});

test('R-SELF-1: nobody changes their own role or access rights', async () => {
  const co = await w.as('northCo');
  const role = await co.call('put', `/users/${w.users.northCo}/role`, { organizationId: w.org.north, roleId: builtin('advancedUser') });
  assert.equal(role.status, 403);
  assert.equal(role.body.rule, 'R-SELF-1');
  const rights = await co.call('put', `/users/${w.users.northCo}/access-rights`, { organizationId: w.org.north, accessRights: [] });
  assert.equal(rights.body.rule, 'R-SELF-1');
  const orgs = await co.call('put', `/users/${w.users.northCo}/organizations`, { organizations: [] });
  assert.equal(orgs.status, 403);
  assert.equal(orgs.body.rule, 'R-SELF-1');
});

test('R-OWNER-1: the owner\'s role cannot be changed by others; R-TENANT-1: another account\'s user is 404', async () => {
  await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: true } });
  try {
    const co = await w.as('owner');
    const answer = await co.call('put', `/users/${w.users.northCo}/role`, { organizationId: w.org.north, roleId: builtin('advancedUser') });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.rule, 'R-OWNER-1');
  } finally {
    await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo }, data: { isOwner: null } });
  }
  const co = await w.as('owner');
  assert.equal((await co.call('put', `/users/${w.users.stranger}/role`, { organizationId: w.org.other, roleId: builtin('advancedUser') })).status, 404);
  // A membership the user does not have is as absent as a user.
  assert.equal((await co.call('put', `/users/${w.users.billing}/role`, { organizationId: w.org.north, roleId: builtin('advancedUser') })).status, 404);
});

test('R-ESC-1: a deputy without scan.* or data.manage cannot grant the officer role, but can grant what they hold', async () => {
  const solo = await soloAccount(w);
  const deputy = await w.member('deputy1', [{ organizationId: solo.solo, roleKey: 'deputy' }]);
  const target = await w.member('target1', [{ organizationId: solo.solo, roleKey: 'dataEntryOperator' }]);
  void deputy;
  const client = await signIn(w.t.app, 'deputy1', PASSWORD);
  const allowed = await client.call('put', `/users/${target}/role`, { organizationId: solo.solo, roleId: builtin('billingOfficer') });
  assert.equal(allowed.status, 200, 'billing officer = scan.viewResults, report.view, apikey.create: all held');
  const escalates = await client.call('put', `/users/${target}/role`, { organizationId: solo.solo, roleId: builtin('complianceOfficer') });
  assert.equal(escalates.status, 403);
  assert.equal(escalates.body.rule, 'R-ESC-1');
  assert.equal((await w.t.prisma.membership.findFirstOrThrow({ where: { userId: target } })).roleId, builtin('billingOfficer'));
});

test('R-UNIQ-1: the officer role is taken in North (409); R-LAST-1 keeps the last manager from being demoted via rights or unassignment', async () => {
  const co = await w.as('owner');
  const taken = await co.call('put', `/users/${w.users.advanced}/role`, { organizationId: w.org.north, roleId: builtin('complianceOfficer') });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.code, 'UNIQUE_ROLE_TAKEN');
  assert.equal(taken.body.rule, 'R-UNIQ-1');
  assert.ok(await w.t.prisma.auditEvent.findFirst({ where: { targetId: w.users.advanced, action: 'user.editRole', outcome: 'DENIED', rule: 'R-UNIQ-1' } }));

  const solo = await soloAccount(w);
  const steward = await signIn(w.t.app, (await w.t.prisma.user.findUniqueOrThrow({ where: { id: solo.stewardUser } })).username, PASSWORD);
  const rights = await steward.call('put', `/users/${solo.soloCo}/access-rights`, { organizationId: solo.solo, accessRights: ['reports'] });
  assert.equal(rights.status, 403);
  assert.equal(rights.body.rule, 'R-LAST-1');
  const sub = await w.t.prisma.organization.create({ data: { name: 'Solo Sub', parentId: solo.solo } });
  void sub;
  const unassign = await steward.call('put', `/users/${solo.soloCo}/organizations`, { organizations: [] });
  assert.equal(unassign.status, 403);
  assert.equal(unassign.body.rule, 'R-LAST-1');
  // A user keeps at least one organisation.
  const member = await w.member('onlyone', [{ organizationId: solo.solo, roleKey: 'standardUser' }]);
  assert.equal((await steward.call('put', `/users/${member}/organizations`, { organizations: [] })).status, 409);
});

test('R-ACC-1: an officer switches access rights within the role; only rights the role allows; the user loses them at once', async () => {
  const co = await w.as('owner');
  const view = await co.call('get', `/users/${w.users.standard}/access-rights?organizationId=${w.org.acme}`);
  assert.equal(view.status, 200);
  assert.deepEqual(view.body.accessRights.map((right: { key: string; enabled: boolean }) => [right.key, right.enabled]), [
    ['memberScans', true],
    ['corporateScans', true],
    ['scanResults', true],
    ['dueDiligence', true],
    ['reports', true],
  ]);
  const changed = await co.call('put', `/users/${w.users.standard}/access-rights`, { organizationId: w.org.acme, accessRights: ['memberScans', 'reports'] });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.body.accessRights.filter((right: { enabled: boolean }) => right.enabled).map((right: { key: string }) => right.key), ['memberScans', 'reports']);
  const membership = await w.t.prisma.membership.findFirstOrThrow({ where: { userId: w.users.standard } });
  assert.deepEqual(JSON.parse(membership.disabledRights), ['scan.dueDiligence', 'scan.runCorporate', 'scan.viewResults']);
  // A right the role does not allow is bad input.
  const foreign = await co.call('put', `/users/${w.users.standard}/access-rights`, { organizationId: w.org.acme, accessRights: ['dataManagement'] });
  assert.equal(foreign.status, 400);
  // Switching back on is a grant: allowed, since the officer holds those permissions (R-ESC-1).
  const back = await co.call('put', `/users/${w.users.standard}/access-rights`, { organizationId: w.org.acme, accessRights: ['memberScans', 'corporateScans', 'scanResults', 'dueDiligence', 'reports'] });
  assert.equal(back.status, 200);
  // The Auditor can view rights (seed 002) but not change them.
  const auditor = await w.as('auditor');
  assert.equal((await auditor.call('get', `/users/${w.users.standard}/access-rights?organizationId=${w.org.acme}`)).status, 200);
  assert.equal((await auditor.call('put', `/users/${w.users.standard}/access-rights`, { organizationId: w.org.acme, accessRights: [] })).body.rule, 'R-READ-1');
});

test('R-ESC-1: switching a right back on needs the actor to hold it', async () => {
  const solo = await soloAccount(w);
  const target = await w.member('accTarget', [{ organizationId: solo.solo, roleKey: 'standardUser' }]);
  await w.t.prisma.membership.updateMany({ where: { userId: target }, data: { disabledRights: JSON.stringify(['report.view']) } });
  const steward = await signIn(w.t.app, (await w.t.prisma.user.findUniqueOrThrow({ where: { id: solo.stewardUser } })).username, PASSWORD);
  const answer = await steward.call('put', `/users/${target}/access-rights`, { organizationId: solo.solo, accessRights: ['memberScans', 'corporateScans', 'scanResults', 'dueDiligence', 'reports'] });
  assert.equal(answer.status, 403);
  assert.equal(answer.body.rule, 'R-ESC-1');
  // Switching rights off needs no such permission.
  assert.equal((await steward.call('put', `/users/${target}/access-rights`, { organizationId: solo.solo, accessRights: ['memberScans'] })).status, 200);
});

test('PUT organizations: assign and unassign among the organisations in reach; others stay untouched (R-TENANT-1)', async () => {
  const co = await w.as('owner');
  // Stranger-like user in both Acme South and Other Corp.
  const both = await w.member('twoaccounts', [{ organizationId: w.org.south, roleKey: 'standardUser' }, { organizationId: w.org.other, roleKey: 'standardUser' }]);
  const assigned = await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: w.org.south }, { organizationId: w.org.north, roleId: builtin('billingOfficer') }] });
  assert.equal(assigned.status, 200);
  assert.deepEqual(assigned.body.memberships.map((m: { organizationId: string }) => m.organizationId).sort(), [w.org.north, w.org.south].sort(), 'Other Corp is not shown');
  const unassigned = await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: w.org.north }] });
  assert.equal(unassigned.status, 200);
  const stored = await w.t.prisma.membership.findMany({ where: { userId: both } });
  assert.deepEqual(stored.map((m) => m.organizationId).sort(), [w.org.north, w.org.other].sort(), 'the Other Corp membership is kept');
  // Adding an organisation out of reach is 404; a new membership needs a role (400); unknown field 400.
  assert.equal((await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: w.org.north }, { organizationId: w.org.other, roleId: builtin('standardUser') }] })).status, 200, 'already a member there: kept as is');
  const solo = await soloAccount(w);
  assert.equal((await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: solo.solo, roleId: builtin('standardUser') }] })).status, 404);
  assert.equal((await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: w.org.south }] })).status, 400);
  assert.equal((await co.call('put', `/users/${both}/organizations`, { organizations: [], extra: 1 })).status, 400);
  // R-UNIQ-1 on assignment: North already has its officer.
  const unique = await co.call('put', `/users/${both}/organizations`, { organizations: [{ organizationId: w.org.north }, { organizationId: w.org.south, roleId: builtin('complianceOfficer') }] });
  assert.equal(unique.status, 200, 'South has no officer yet');
  const second = await co.call('put', `/users/${w.users.billing}/organizations`, { organizations: [{ organizationId: w.org.south }, { organizationId: w.org.north, roleId: builtin('complianceOfficer') }] });
  assert.equal(second.status, 409);
  assert.equal(second.body.rule, 'R-UNIQ-1');
});

test('R-UNIQ-1: 50 concurrent requests give the officer role of one organisation to 50 users: exactly one succeeds', async () => {
  const co = await w.as('owner');
  const race = (await co.call('post', '/organizations', { name: 'Race Ltd', parentId: w.org.acme })).body.id as string;
  const ids: string[] = [];
  for (let index = 0; index < 50; index += 1) {
    ids.push(await w.t.prisma.user.create({ data: { email: `racer${index}@example.test`, username: `racer${index}`, firstName: 'R', lastName: 'R', memberships: { create: { organizationId: race, roleId: builtin('standardUser') } } } }).then((user) => user.id));
  }
  const answers = await Promise.all(ids.map((id) => co.call('put', `/users/${id}/role`, { organizationId: race, roleId: builtin('complianceOfficer') })));
  const statuses = answers.map((answer) => answer.status);
  assert.equal(statuses.filter((status) => status === 200).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((status) => status === 409).length, 49, JSON.stringify(statuses));
  assert.ok(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.code === 'UNIQUE_ROLE_TAKEN'));
  assert.equal(await w.t.prisma.membership.count({ where: { organizationId: race, roleId: builtin('complianceOfficer') } }), 1);
  assert.equal(await w.t.prisma.auditEvent.count({ where: { action: 'user.editRole', outcome: 'ALLOWED', organizationId: race } }), 1);
});

test('bad input on role routes is 400 and changes nothing', async () => {
  const co = await w.as('owner');
  for (const body of [{}, { organizationId: w.org.north }, { organizationId: w.org.north, roleId: builtin('advancedUser'), isOwner: true }, { organizationId: 5, roleId: 'x' }]) {
    assert.equal((await co.call('put', `/users/${w.users.advanced}/role`, body)).status, 400, JSON.stringify(body));
  }
  assert.equal((await co.call('put', `/users/${w.users.advanced}/role`, { organizationId: w.org.north, roleId: 'builtin:nope' })).status, 404);
});

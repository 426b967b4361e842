// Removing a user from an organisation (POST /users/:id/remove, the panel's "Remove from
// organisation"): seed 000's "Only the account owner can add and remove users", the guards on
// oneself, the owner and the last manager, and what deleting an account keeps and ends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { buildWorld, type World, type WorldUser } from '../adversarial/world.ts';
import { publicPost, tokenFromMail } from '../invitations/support.ts';
import { PASSWORD, world as seed002World, type World as Seed002World } from './world.ts';

let w: World;
const byRole = (key: string) => w.members.find((member) => member.roleKey === key) as WorldUser;
const owner = () => w.client(w.members[0] as WorldUser);
const membershipsOf = (userId: string) => w.t.prisma.membership.findMany({ where: { userId }, select: { organizationId: true } });

before(async () => {
  w = await buildWorld('seed000');
});
after(() => w.close());

test('seed 000 (R-PERM-1): an administrator cannot remove a user; the refusal is audited and nothing changes', async () => {
  const admin = await w.client(byRole('administrator'));
  const technical = byRole('technical');
  const refused = await admin.call('post', `/users/${technical.id}/remove`, { organizationId: w.orgs.a });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-PERM-1');
  assert.equal((await membershipsOf(technical.id)).length, 1);
  const denied = await w.t.prisma.auditEvent.findFirst({ where: { action: 'user.remove', targetId: technical.id, outcome: 'DENIED' } });
  assert.equal(denied?.rule, 'R-PERM-1');
});

test('seed 000 (R-OWNER-1, R-SELF-1): nobody removes the account owner, and the owner does not remove themselves', async () => {
  const ownerUser = w.members[0] as WorldUser;
  const admin = await w.client(byRole('administrator'));
  const byAdmin = await admin.call('post', `/users/${ownerUser.id}/remove`, { organizationId: w.orgs.a });
  assert.equal(byAdmin.status, 403);
  assert.equal(byAdmin.body.rule, 'R-OWNER-1');
  const bySelf = await (await owner()).call('post', `/users/${ownerUser.id}/remove`, { organizationId: w.orgs.a });
  assert.equal(bySelf.status, 403);
  assert.equal(bySelf.body.rule, 'R-SELF-1');
  assert.equal((await membershipsOf(ownerUser.id)).length, 1);
});

test('seed 000 (R-INPUT-1, R-TENANT-1): bad input is 400, an organisation the user is not in is 404, and nothing changes', async () => {
  const technical = byRole('technical');
  const client = await owner();
  assert.equal((await client.call('post', `/users/${technical.id}/remove`, { organizationId: w.orgs.a, force: true })).status, 400);
  assert.equal((await client.call('post', `/users/${technical.id}/remove`, {})).status, 400);
  assert.equal((await client.call('post', `/users/${technical.id}/remove`, { organizationId: w.orgs.b })).status, 404);
  const outsider = w.outsiders[0] as WorldUser;
  assert.equal((await client.call('post', `/users/${outsider.id}/remove`, { organizationId: w.orgs.b })).status, 404);
  assert.equal((await membershipsOf(technical.id)).length, 1);
});

test('seed 000 (R-AUDIT-1, R-SESS-1): the owner removes a user from their only organisation: the account is deleted, they are signed out, the audit trail stays', async () => {
  const leaver = await w.addMember('technical');
  const leaverClient = await w.client(leaver);
  assert.equal((await leaverClient.call('get', '/me')).status, 200);
  assert.ok((await w.t.prisma.session.count({ where: { data: { contains: leaver.id } } })) > 0);
  const client = await owner();
  assert.equal((await client.call('patch', `/users/${leaver.id}`, { firstName: 'Leaving' })).status, 200);

  const removed = await client.call('post', `/users/${leaver.id}/remove`, { organizationId: w.orgs.a });
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  assert.equal(removed.body.accountDeleted, true);
  assert.equal(await w.t.prisma.user.findUnique({ where: { id: leaver.id } }), null);
  assert.equal((await membershipsOf(leaver.id)).length, 0);
  // Signed out at once: no session of theirs is left, and the one they had is refused.
  assert.equal(await w.t.prisma.session.count({ where: { data: { contains: leaver.id } } }), 0);
  assert.equal((await leaverClient.call('get', '/me')).status, 401);
  // What they did and what was done to them stays, under their id.
  const trail = await w.t.prisma.auditEvent.findMany({ where: { OR: [{ targetId: leaver.id }, { actorId: leaver.id }] }, select: { action: true, outcome: true, details: true } });
  assert.ok(trail.some((event) => event.action === 'auth.signIn'));
  assert.ok(trail.some((event) => event.action === 'user.edit'));
  const removal = trail.find((event) => event.action === 'user.remove' && event.outcome === 'ALLOWED');
  assert.deepEqual(JSON.parse(removal?.details ?? '{}'), { organizationId: w.orgs.a, accountDeleted: true });
  // Gone is gone: a second removal finds nobody.
  assert.equal((await client.call('post', `/users/${leaver.id}/remove`, { organizationId: w.orgs.a })).status, 404);
});

test('seed 000 (R-SESS-1): removing a user from one of their two organisations keeps the user and their other membership', async () => {
  const ownerUser = w.members[0] as WorldUser;
  // A second account of the same owner, so that the user can belong to two organisations the owner reaches.
  const second = (await w.t.prisma.organization.create({ data: { name: 'Org C' } })).id;
  await w.t.prisma.membership.create({ data: { userId: ownerUser.id, organizationId: second, roleId: 'builtin:accountOwner', isOwner: true } });
  const both = await w.addMember('technical');
  await w.t.prisma.membership.create({ data: { userId: both.id, organizationId: second, roleId: 'builtin:technical' } });
  await w.t.prisma.user.updateMany({ where: { id: { in: [ownerUser.id, both.id] } }, data: { accessVersion: { increment: 1 } } });
  const before = await w.t.prisma.user.findUniqueOrThrow({ where: { id: both.id }, select: { accessVersion: true } });

  const removed = await (await owner()).call('post', `/users/${both.id}/remove`, { organizationId: second });
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  assert.equal(removed.body.accountDeleted, false);
  assert.deepEqual((await membershipsOf(both.id)).map((membership) => membership.organizationId), [w.orgs.a]);
  const afterwards = await w.t.prisma.user.findUniqueOrThrow({ where: { id: both.id }, select: { accessVersion: true } });
  assert.ok(afterwards.accessVersion > before.accessVersion, 'their permissions are recomputed at their next request');
});

test('seed 000 (R-AUDIT-1): the panel offers "Remove from organisation" to the owner, says the account goes with the last organisation, and goes back to the list', async () => {
  const leaver = await w.addMember('technical');
  const client = await owner();
  const path = `/admin/api/resources/User/records/${leaver.id}/removeFromOrganization`;
  const form = await client.agent.get(path);
  assert.equal(form.status, 200);
  const spec = form.body.data.form as { fields: { name: string; options?: { value: string; label: string }[] }[]; confirm: string; submitLabel: string };
  assert.deepEqual(spec.fields.map((field) => field.name), ['organizationId']);
  assert.deepEqual(spec.fields[0]?.options?.map((option) => option.value), [w.orgs.a]);
  assert.match(spec.confirm, /account is deleted/);
  assert.doesNotMatch(JSON.stringify(spec), /R-[A-Z]+-\d|user\.remove/, 'words, not keys or rule ids');

  const done = await client.agent.post(path).set('x-csrf-token', client.csrfToken).send({ input: JSON.stringify({ organizationId: w.orgs.a }) });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.notice.type, 'success');
  assert.match(done.body.notice.message, /removed and their account deleted/);
  assert.equal(done.body.redirectUrl, '/admin/resources/User');
  assert.equal(await w.t.prisma.user.findUnique({ where: { id: leaver.id } }), null);

  const admin = await w.client(byRole('administrator'));
  const shown = await admin.agent.get(`/admin/api/resources/User/records/${byRole('technical').id}/show`);
  const offered = ((shown.body.record?.recordActions ?? []) as { name: string }[]).map((action) => action.name);
  assert.ok(!offered.includes('removeFromOrganization'), 'not offered to an administrator');
});

// Seed 002, where user managers other than the owner hold user.remove.
let s: Seed002World;
test('seed 002 (R-LAST-1, R-ESC-2): the last user able to manage users is not removed; deleting the account of someone who holds more is refused', async () => {
  s = await seed002World();
  try {
    const solo = (await s.t.prisma.organization.create({ data: { name: 'Solo Ltd' } })).id;
    const removerRole = await s.t.prisma.role.create({ data: { key: 'remover', name: 'Remover', organizationId: solo, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.remove']) } });
    const soloCo = await s.member('soloco', [{ organizationId: solo, roleKey: 'complianceOfficer' }, { organizationId: s.org.other, roleKey: 'standardUser' }]);
    const clerk = await s.member('clerk', [{ organizationId: solo, roleKey: 'standardUser' }]);
    await s.member('remover', [{ organizationId: solo, roleKey: removerRole.key }]);
    const remover = await signIn(s.t.app, 'remover', PASSWORD);

    const last = await remover.call('post', `/users/${soloCo}/remove`, { organizationId: solo });
    assert.equal(last.status, 403);
    assert.equal(last.body.rule, 'R-LAST-1');
    const deletes = await remover.call('post', `/users/${clerk}/remove`, { organizationId: solo });
    assert.equal(deletes.status, 403);
    assert.equal(deletes.body.rule, 'R-ESC-2');
    assert.equal(await s.t.prisma.membership.count({ where: { userId: { in: [soloCo, clerk] } } }), 3);
  } finally {
    await s.close();
  }
});

test('seed 002 (R-INV-1): invitations sent by a user whose account is deleted stay valid', async () => {
  s = await seed002World();
  try {
    const northCo = await s.as('northCo');
    const email = 'invited.by.north@example.test';
    const invited = await northCo.call('post', '/invitations', { email, organizationId: s.org.north, roleId: 'builtin:standardUser' });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const token = await tokenFromMail(s.t, email);

    const removed = await (await s.as('owner')).call('post', `/users/${s.users.northCo}/remove`, { organizationId: s.org.north });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.accountDeleted, true);

    const accepted = await publicPost(s.t, '/invitations/accept', { token, firstName: 'Ina', lastName: 'Vited', username: 'ina', password: PASSWORD });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const invitation = await s.t.prisma.invitation.findUniqueOrThrow({ where: { id: invited.body.id } });
    assert.equal(invitation.inviterId, null);
    assert.equal(invitation.status, 'ACCEPTED');
  } finally {
    await s.close();
  }
});

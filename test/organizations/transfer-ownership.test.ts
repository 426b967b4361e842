// Transferring ownership (POST /organizations/:id/transfer-ownership, the panel's "Transfer
// ownership"): seed 000's "No other user can take ownership of the account", the owner's password
// and authenticator code, exactly one owner afterwards, and the role the previous owner keeps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { currentTotpCode, openTotpSecret } from '../../src/auth/totp.ts';
import { buildWorld, type World, type WorldUser, WORLD_PASSWORD } from '../adversarial/world.ts';
import { PASSWORD, world as seed002World } from '../users/world.ts';

let w: World;
const byRole = (key: string) => w.members.find((member) => member.roleKey === key) as WorldUser;
const transfer = (organizationId: string) => `/organizations/${organizationId}/transfer-ownership`;

before(async () => {
  w = await buildWorld('seed000');
});
after(() => w.close());

/** The code the user's authenticator shows at a step no code was used at yet. */
async function codeOf(userId: string): Promise<string> {
  w.t.clock.advance(60_000);
  const { totpSecret } = await w.t.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
  const secret = openTotpSecret(w.t.gatehouse.context, userId, totpSecret ?? '');
  assert.ok(secret, 'the user has an authenticator');
  return currentTotpCode(w.t.gatehouse.context, secret);
}

async function membershipsOf(organizationId: string) {
  const rows = await w.t.prisma.membership.findMany({ where: { organizationId }, select: { userId: true, roleId: true, isOwner: true } });
  return { owners: rows.filter((row) => row.isOwner === true).map((row) => row.userId), roleOf: (userId: string) => rows.find((row) => row.userId === userId)?.roleId };
}

test('seed 000 (R-OWNER-2): an administrator cannot take ownership, not even with their own password; the refusal is audited and nothing changes', async () => {
  const admin = byRole('administrator');
  const refused = await (await w.client(admin)).call('post', transfer(w.orgs.a), { newOwnerId: admin.id, currentPassword: WORLD_PASSWORD });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-OWNER-2');
  assert.deepEqual((await membershipsOf(w.orgs.a)).owners, [(w.members[0] as WorldUser).id]);
  const denied = await w.t.prisma.auditEvent.findFirst({ where: { action: 'org.transferOwnership', targetId: w.orgs.a, outcome: 'DENIED' } });
  assert.equal(denied?.rule, 'R-OWNER-2');
});

test('seed 000 (R-LOCK-1, R-MFA-1): a wrong password, or no or a wrong authenticator code, is refused and nothing changes', async () => {
  const owner = await w.client(w.members[0] as WorldUser);
  const admin = byRole('administrator');
  const wrongPassword = await owner.call('post', transfer(w.orgs.a), { newOwnerId: admin.id, currentPassword: 'Not-The-Password-1!', code: await codeOf(owner.userId) });
  assert.equal(wrongPassword.status, 403);
  assert.equal(wrongPassword.body.code, 'WRONG_CURRENT_PASSWORD');
  const noCode = await owner.call('post', transfer(w.orgs.a), { newOwnerId: admin.id, currentPassword: WORLD_PASSWORD });
  assert.equal(noCode.status, 401);
  assert.equal(noCode.body.code, 'INVALID_CODE');
  const wrongCode = await owner.call('post', transfer(w.orgs.a), { newOwnerId: admin.id, currentPassword: WORLD_PASSWORD, code: '000000' });
  assert.equal(wrongCode.status, 401);
  const state = await membershipsOf(w.orgs.a);
  assert.deepEqual(state.owners, [owner.userId]);
  assert.equal(state.roleOf(admin.id), 'builtin:administrator');
  assert.equal(await w.t.prisma.auditEvent.count({ where: { action: 'org.transferOwnership', outcome: 'ALLOWED' } }), 0);
});

test('seed 000 (R-TENANT-1, R-INPUT-1): the new owner must be an active member of the organisation; bad input is 400', async () => {
  const owner = await w.client(w.members[0] as WorldUser);
  const outsider = w.outsiders[0] as WorldUser;
  const body = (newOwnerId: string) => ({ newOwnerId, currentPassword: WORLD_PASSWORD });
  assert.equal((await owner.call('post', transfer(w.orgs.a), body(outsider.id))).status, 404);
  assert.equal((await owner.call('post', transfer(w.orgs.a), body(owner.userId))).status, 409);
  const locked = await w.addMember('technical');
  await w.t.prisma.user.update({ where: { id: locked.id }, data: { lockedUntil: new Date('9999-12-31T00:00:00Z') } });
  assert.equal((await owner.call('post', transfer(w.orgs.a), body(locked.id))).status, 409);
  assert.equal((await owner.call('post', transfer(w.orgs.a), { ...body(byRole('administrator').id), owner: true })).status, 400);
  assert.equal((await owner.call('post', transfer(w.orgs.b), body(outsider.id))).status, 404);
  assert.deepEqual((await membershipsOf(w.orgs.a)).owners, [owner.userId]);
});

test('seed 000 (R-OWNER-2, R-ATOM-1): the owner hands the account to an administrator: one owner, who now adds users; the previous owner is an Administrator; audited with both ids', async () => {
  const previous = await w.client(w.members[0] as WorldUser);
  const admin = byRole('administrator');
  const done = await previous.call('post', transfer(w.orgs.a), { newOwnerId: admin.id, currentPassword: WORLD_PASSWORD, code: await codeOf(previous.userId) });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.deepEqual(done.body, { organizationId: w.orgs.a, ownerId: admin.id, ownerEmail: `${admin.username}@world.test`, previousOwnerId: previous.userId, previousOwnerRoleId: 'builtin:administrator' });

  const state = await membershipsOf(w.orgs.a);
  assert.deepEqual(state.owners, [admin.id]);
  assert.equal(state.roleOf(admin.id), 'builtin:accountOwner');
  assert.equal(state.roleOf(previous.userId), 'builtin:administrator');

  // Owner-only from the next request on: adding users, and handing ownership on.
  const newUser = (username: string) => ({ username, email: `${username}@isp.test`, firstName: 'New', lastName: 'User', organizationId: w.orgs.a, roleId: 'builtin:technical' });
  assert.equal((await (await w.client(admin)).call('post', '/users', newUser('by.new.owner'))).status, 201);
  assert.equal((await previous.call('post', '/users', newUser('by.previous.owner'))).status, 403);
  const back = await previous.call('post', transfer(w.orgs.a), { newOwnerId: previous.userId, currentPassword: WORLD_PASSWORD });
  assert.equal(back.body.rule, 'R-OWNER-2');

  const event = await w.t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'org.transferOwnership', targetId: w.orgs.a, outcome: 'ALLOWED' } });
  assert.equal(event.actorId, previous.userId);
  assert.deepEqual(JSON.parse(event.details), { fromUserId: previous.userId, toUserId: admin.id, previousOwnerRoleId: 'builtin:administrator' });
  assert.doesNotMatch(event.details, /password|code/i, 'no secret in the trail');
});

test('seed 000 (R-OWNER-2): through the panel the new owner hands it back, keeping the role they choose, never an owner-only one', async () => {
  const current = byRole('administrator');
  const client = await w.client(current);
  const original = w.members[0] as WorldUser;
  const ownerOnly = await client.call('post', transfer(w.orgs.a), { newOwnerId: original.id, previousOwnerRoleId: 'builtin:accountOwner', currentPassword: WORLD_PASSWORD, code: await codeOf(current.id) });
  assert.equal(ownerOnly.status, 403);
  assert.equal(ownerOnly.body.rule, 'R-OWNER-2');

  const path = `/admin/api/resources/Organization/records/${w.orgs.a}/transferOwnership`;
  const form = await client.agent.get(path);
  assert.equal(form.status, 200, JSON.stringify(form.body));
  const fields = form.body.data.form.fields as { name: string; label: string; options?: { value: string; label: string; disabled?: boolean }[]; value?: string }[];
  assert.deepEqual(fields.map((field) => field.name), ['newOwnerId', 'previousOwnerRoleId', 'currentPassword', 'code']);
  const successors = fields[0]?.options ?? [];
  assert.ok(successors.some((option) => option.value === original.id && !option.disabled));
  assert.ok(!successors.some((option) => option.value === current.id), 'not oneself');
  const roles = fields[1]?.options ?? [];
  assert.equal(fields[1]?.value, 'builtin:administrator');
  assert.ok(roles.find((option) => option.value === 'builtin:accountOwner')?.disabled, 'the owner-only role is not offered to keep');
  assert.doesNotMatch(JSON.stringify(form.body.data.form), /R-[A-Z]+-\d|org\.transferOwnership|"ACTIVE"/, 'words, not keys, statuses or rule ids');

  const input = { newOwnerId: original.id, previousOwnerRoleId: 'builtin:technical', currentPassword: WORLD_PASSWORD, code: await codeOf(current.id) };
  const done = await client.agent.post(path).set('x-csrf-token', client.csrfToken).send({ input: JSON.stringify(input) });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.notice.type, 'success');
  assert.match(done.body.notice.message, /Ownership is transferred to/);
  const state = await membershipsOf(w.orgs.a);
  assert.deepEqual(state.owners, [original.id]);
  assert.equal(state.roleOf(original.id), 'builtin:accountOwner');
  assert.equal(state.roleOf(current.id), 'builtin:technical');
});

test('seed 002 (R-UNIQ-1, R-OWNER-2): the owner role is unique: the previous owner cannot keep it, and by default becomes an Advanced User', async () => {
  const s = await seed002World();
  try {
    const owner = await s.as('owner');
    const body = { newOwnerId: s.users.standard, currentPassword: PASSWORD };
    const keeps = await owner.call('post', transfer(s.org.acme), { ...body, previousOwnerRoleId: 'builtin:complianceOfficer' });
    assert.equal(keeps.status, 409);
    assert.equal(keeps.body.rule, 'R-UNIQ-1');
    const done = await owner.call('post', transfer(s.org.acme), body);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const rows = await s.t.prisma.membership.findMany({ where: { organizationId: s.org.acme }, select: { userId: true, roleId: true, isOwner: true, uniqueRoleId: true } });
    const of = (userId: string) => rows.find((row) => row.userId === userId);
    assert.deepEqual(rows.filter((row) => row.isOwner).map((row) => row.userId), [s.users.standard]);
    assert.deepEqual(of(s.users.standard), { userId: s.users.standard, roleId: 'builtin:complianceOfficer', isOwner: true, uniqueRoleId: 'builtin:complianceOfficer' });
    assert.deepEqual(of(s.users.owner), { userId: s.users.owner, roleId: 'builtin:advancedUser', isOwner: null, uniqueRoleId: null });
  } finally {
    await s.close();
  }
});

test('seed 002 (R-OWNER-2, R-MFA-2): an owner whose second factor is e-mail gets a code by mail and transfers only with it', async () => {
  const s = await seed002World();
  try {
    const owner = await s.as('owner');
    const ownerRow = await s.t.prisma.user.update({ where: { id: owner.userId }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true }, select: { email: true } });
    const body = { newOwnerId: s.users.standard, currentPassword: PASSWORD };
    const stillOwner = async () => (await s.t.prisma.membership.findFirstOrThrow({ where: { organizationId: s.org.acme, isOwner: true } })).userId;

    const asked = await owner.call('post', transfer(s.org.acme), body);
    assert.equal(asked.status, 401);
    assert.equal(asked.body.code, 'INVALID_CODE');
    assert.equal(asked.body.codeSent, true);
    const code = s.t.mailbox.code(ownerRow.email);
    assert.match(s.t.mailbox.latest(ownerRow.email, 'sign-in-code')?.text ?? '', /handing over the ownership/);
    assert.equal(await stillOwner(), owner.userId);

    const wrong = await owner.call('post', transfer(s.org.acme), { ...body, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 401);
    assert.equal(await stillOwner(), owner.userId);

    const done = await owner.call('post', transfer(s.org.acme), { ...body, code });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(await stillOwner(), s.users.standard);
    // The code was used once.
    assert.equal(await s.t.prisma.emailOtpChallenge.count({ where: { userId: owner.userId, purpose: 'confirm', usedAt: null } }), 0);
  } finally {
    await s.close();
  }
});

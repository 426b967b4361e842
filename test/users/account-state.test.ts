// POST /users/:id/lock, /unlock, /disable, /enable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from '../support/agent.ts';
import { auditOf, PASSWORD, soloAccount, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('R-STATE-1: a Compliance Officer locks a user, who can no longer sign in or use their session; unlock gives access back', async () => {
  const co = await w.as('owner');
  const victim = await w.as('advanced');
  const locked = await co.call('post', `/users/${w.users.advanced}/lock`);
  assert.equal(locked.status, 200);
  assert.equal(locked.body.displayStatus, 'locked');
  assert.equal(locked.body.locked, true);
  // R-SESS-1: the open session ends on its next request.
  assert.equal((await victim.call('get', `/users/${w.users.advanced}`)).status, 401);
  await assert.rejects(signIn(w.t.app, 'advanced', PASSWORD));
  const unlocked = await co.call('post', `/users/${w.users.advanced}/unlock`);
  assert.equal(unlocked.status, 200);
  assert.equal(unlocked.body.displayStatus, 'enabled');
  await signIn(w.t.app, 'advanced', PASSWORD);
});

test('R-LOCK-1: unlocking resets the failed-attempt counter', async () => {
  await w.t.prisma.user.update({ where: { id: w.users.billing }, data: { failedAttempts: 5, lockedUntil: new Date(w.t.clock.now().getTime() + 15 * 60_000) } });
  const co = await w.as('owner');
  const listed = await co.call('get', '/users?status=locked');
  assert.deepEqual(listed.body.items.map((user: { id: string }) => user.id), [w.users.billing]);
  const unlocked = await co.call('post', `/users/${w.users.billing}/unlock`);
  assert.equal(unlocked.status, 200);
  assert.equal(unlocked.body.failedAttempts, 0);
  const row = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.billing } });
  assert.equal(row.failedAttempts, 0);
  assert.equal(row.lockedUntil, null);
});

test('R-STATE-1: disable and enable are a separate state from the lock, each audited once as ALLOWED', async () => {
  const co = await w.as('owner');
  const beforeEvents = (await auditOf(w.t, w.users.standard)).length;
  const disabled = await co.call('post', `/users/${w.users.standard}/disable`);
  assert.equal(disabled.status, 200);
  assert.equal(disabled.body.status, 'DISABLED');
  await assert.rejects(signIn(w.t.app, 'standard', PASSWORD));
  // Disabling twice changes nothing: a conflict, not a second event.
  assert.equal((await co.call('post', `/users/${w.users.standard}/disable`)).status, 409);
  const enabled = await co.call('post', `/users/${w.users.standard}/enable`);
  assert.equal(enabled.status, 200);
  assert.equal(enabled.body.status, 'ACTIVE');
  await signIn(w.t.app, 'standard', PASSWORD);
  const events = (await auditOf(w.t, w.users.standard)).slice(beforeEvents).filter((event) => event.action.startsWith('user.'));
  assert.deepEqual(
    events.map((event) => [event.action, event.outcome, JSON.parse(event.details).transition]),
    [
      ['user.disable', 'ALLOWED', 'disable'],
      ['user.disable', 'ALLOWED', 'enable'],
    ],
  );
  assert.equal(events[0]?.actorId, w.users.owner);
});

test('R-SELF-1: nobody locks or disables themselves', async () => {
  const co = await w.as('northCo');
  for (const action of ['lock', 'disable']) {
    const answer = await co.call('post', `/users/${w.users.northCo}/${action}`);
    assert.equal(answer.status, 403);
    assert.equal(answer.body.rule, 'R-SELF-1');
    assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  const denied = await w.t.prisma.auditEvent.findFirst({ where: { targetId: w.users.northCo, outcome: 'DENIED', rule: 'R-SELF-1' } });
  assert.ok(denied, 'the denial is audited with its rule (R-AUDIT-1)');
});

test('R-OWNER-1: the owner of an organisation cannot be locked or disabled by an officer above it', async () => {
  // North's officer becomes North's owner; the root's officer reaches North and holds user.lock there.
  await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo, organizationId: w.org.north }, data: { isOwner: true } });
  try {
    const co = await w.as('owner');
    for (const action of ['lock', 'disable']) {
      const answer = await co.call('post', `/users/${w.users.northCo}/${action}`);
      assert.equal(answer.status, 403);
      assert.equal(answer.body.rule, 'R-OWNER-1');
    }
  } finally {
    await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo, organizationId: w.org.north }, data: { isOwner: null } });
  }
});

test('R-TENANT-1: users of another account answer 404, and the denial is audited', async () => {
  const co = await w.as('owner');
  for (const action of ['lock', 'unlock', 'disable', 'enable']) {
    const answer = await co.call('post', `/users/${w.users.stranger}/${action}`);
    assert.equal(answer.status, 404);
    assert.equal(answer.body.code, 'NOT_FOUND');
  }
  assert.equal((await co.call('post', '/users/no-such-user/lock')).status, 404);
  assert.ok(await w.t.prisma.auditEvent.findFirst({ where: { targetId: w.users.stranger, outcome: 'DENIED', rule: 'R-TENANT-1' } }));
});

test('R-READ-1 / R-PERM-1: an Auditor and a Standard User change nothing', async () => {
  const auditor = await w.as('auditor');
  const readOnly = await auditor.call('post', `/users/${w.users.standard}/lock`);
  assert.equal(readOnly.status, 403);
  assert.equal(readOnly.body.rule, 'R-READ-1');
  const standard = await w.as('standard');
  const noPermission = await standard.call('post', `/users/${w.users.auditor}/disable`);
  assert.equal(noPermission.status, 403);
  assert.equal(noPermission.body.rule, 'R-PERM-1');
});

test('R-LAST-1: the last user able to manage users cannot be locked or disabled; with a second manager they can', async () => {
  const solo = await soloAccount(w);
  const steward = await signIn(w.t.app, (await w.t.prisma.user.findUniqueOrThrow({ where: { id: solo.stewardUser } })).username, PASSWORD);
  for (const action of ['lock', 'disable']) {
    const answer = await steward.call('post', `/users/${solo.soloCo}/${action}`);
    assert.equal(answer.status, 403, action);
    assert.equal(answer.body.rule, 'R-LAST-1');
  }
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id: solo.soloCo } })).status, 'ACTIVE');
  // A deputy who can manage users too: the officer is no longer the last one.
  const deputy = await w.member('solodeputy', [{ organizationId: solo.solo, roleKey: 'deputy' }]);
  assert.equal((await steward.call('post', `/users/${solo.soloCo}/lock`)).status, 200);
  // …and then the deputy is the last unlocked manager.
  const lastAgain = await steward.call('post', `/users/${deputy}/disable`);
  assert.equal(lastAgain.status, 403);
  assert.equal(lastAgain.body.rule, 'R-LAST-1');
  assert.equal((await steward.call('post', `/users/${solo.soloCo}/unlock`)).status, 200);
});

test('bad input: an unknown body field or a body on an action that takes none is 400 and changes nothing', async () => {
  const co = await w.as('owner');
  const answer = await co.call('post', `/users/${w.users.standard}/lock`, { until: 'forever' });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.code, 'INVALID_INPUT');
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } })).lockedUntil, null);
});

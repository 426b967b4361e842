// R-EXPLAIN-1 through GET /users/:id/explain: the engine's own decision, with the chain that gave
// it or what was set aside, for whoever may see the user, where they see them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

test('R-EXPLAIN-1: allowed with its chain, denied with its rule, a switched-off right set aside; the same answer decide gives', async () => {
  const owner = await w.as('owner');
  const explain = (userId: string, permission: string, organizationId = w.org.north) => owner.call('get', `/users/${userId}/explain?permission=${encodeURIComponent(permission)}&organizationId=${organizationId}`);

  const allowed = await explain(w.users.northCo, 'user.invite');
  assert.equal(allowed.status, 200, allowed.text);
  assert.equal(allowed.body.allowed, true);
  assert.equal(allowed.body.rule, 'R-PERM-1');
  assert.ok(allowed.body.grantedBy.length > 0);
  assert.equal(allowed.body.grantedBy[0].role, 'complianceOfficer');
  // In words for the panel: the organisation and the role by name, no third-person reason when allowed.
  assert.equal(allowed.body.grantedBy[0].roleName, 'Compliance Officer');
  assert.equal(allowed.body.grantedBy[0].organizationName, 'Acme North');
  assert.equal(allowed.body.because, null);
  assert.equal(allowed.body.label.length > 0, true);

  const denied = await explain(w.users.advanced, 'role.manage');
  assert.equal(denied.body.allowed, false);
  assert.equal(denied.body.rule, 'R-PERM-1');
  assert.deepEqual(denied.body.grantedBy, []);
  assert.equal(denied.body.because, 'No role they hold here grants this permission.');

  // A right the role gives, switched off for this user (R-ACC-1): set aside, and named.
  const before = await explain(w.users.northCo, 'user.lock');
  assert.equal(before.body.allowed, true);
  await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo, organizationId: w.org.north }, data: { disabledRights: JSON.stringify(['user.lock']) } });
  await w.t.prisma.user.update({ where: { id: w.users.northCo }, data: { accessVersion: { increment: 1 } } });
  try {
    const off = await explain(w.users.northCo, 'user.lock');
    assert.equal(off.body.allowed, false);
    assert.ok(off.body.setAside.some((link: { rule: string; because: string }) => link.rule === 'R-ACC-1' && link.because === 'This access right is switched off for them.'), JSON.stringify(off.body.setAside));
    // The user's own next request is decided the same way.
    const northCo = await w.as('northCo');
    const lock = await northCo.call('post', `/users/${w.users.advanced}/lock`);
    assert.equal(lock.status, 403);
  } finally {
    await w.t.prisma.membership.updateMany({ where: { userId: w.users.northCo, organizationId: w.org.north }, data: { disabledRights: '[]' } });
  }
});

test('R-EXPLAIN-1, R-TENANT-1: nothing about users or organisations out of reach; an unknown permission is a 400', async () => {
  const north = await w.as('northCo');
  assert.equal((await north.call('get', `/users/${w.users.stranger}/explain?permission=user.view&organizationId=${w.org.other}`)).status, 404);
  assert.equal((await north.call('get', `/users/${w.users.advanced}/explain?permission=user.view&organizationId=${w.org.south}`)).status, 404);
  const unknown = await north.call('get', `/users/${w.users.advanced}/explain?permission=nope.never&organizationId=${w.org.north}`);
  assert.equal(unknown.status, 400);
  assert.equal((await north.call('get', `/users/${w.users.advanced}/explain?organizationId=${w.org.north}`)).status, 400);
});

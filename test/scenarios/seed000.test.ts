// Seed 000 walk-through (an ISP's self-service portal, preset 'seed000'): every user signs in with
// their own one-time password; the Account Owner alone adds users; an Administrator helps with
// other users' profiles and second factor but changes no role, assigns no products to technical
// users and cannot take over the owner.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { buildWorld, type World, type WorldUser, WORLD_PASSWORD } from '../adversarial/world.ts';
import { loadActorFacts } from '../../src/authz/load-actor.ts';
import { API } from '../support/agent.ts';

let world: World;
const byRole = (key: string) => world.members.find((member) => member.roleKey === key) as WorldUser;
before(async () => {
  world = await buildWorld('seed000');
});
after(() => world.close());

test('seed 000 (R-MFA-1, R-OWNER-1, R-PERM-1, R-SCOPE-1, R-MFA-3): owner, administrator, technical, every user with an OTP', async () => {
  // Every user has their own OTP: the password alone does not sign in.
  const passwordOnly = await request(world.t.app).post(`${API}/auth/login`).send({ identifier: byRole('technical').username, password: WORLD_PASSWORD });
  assert.equal(passwordOnly.body.status, 'second-factor-required');
  assert.equal(passwordOnly.body.method, 'TOTP');

  const owner = await world.client(world.members[0] as WorldUser);
  const admin = await world.client(byRole('administrator'));
  const technical = byRole('technical');

  // Only the Account Owner adds users.
  const newUser = (username: string) => ({ username, email: `${username}@isp.test`, firstName: 'New', lastName: 'User', organizationId: world.orgs.a, roleId: 'builtin:technical' });
  const byAdmin = await admin.call('post', '/users', newUser('by.admin'));
  assert.equal(byAdmin.status, 403);
  assert.equal((await owner.call('post', '/users', newUser('by.owner'))).status, 201);

  // The Administrator edits other users' profiles and resets their OTP…
  assert.equal((await admin.call('patch', `/users/${technical.id}`, { firstName: 'Tess' })).status, 200);
  assert.equal((await admin.call('put', `/users/${technical.id}/mfa`, { method: 'TOTP' })).status, 200);
  // …but changes no role, and cannot touch the owner.
  const roleChange = await admin.call('put', `/users/${technical.id}/role`, { organizationId: world.orgs.a, roleId: 'builtin:administrator' });
  assert.equal(roleChange.status, 403);
  const ownerId = (world.members[0] as WorldUser).id;
  const takeover = await admin.call('patch', `/users/${ownerId}`, { firstName: 'Mallory' });
  assert.equal(takeover.status, 403);
  assert.equal(takeover.body.rule, 'R-OWNER-1');
  assert.equal((await admin.call('put', `/users/${ownerId}/mfa`, { method: 'NONE' })).body.rule, 'R-OWNER-1');
  assert.equal((await admin.call('post', `/users/${ownerId}/disable`)).status, 403);

  // Products are assigned to a technical user by the owner alone (R-SCOPE-1); bad input changes nothing.
  const scope = { organizationId: world.orgs.a, scope: { product: ['12', '40'] } };
  const byAdminScope = await admin.call('put', `/users/${technical.id}/scope`, scope);
  assert.equal(byAdminScope.status, 403);
  assert.equal((await admin.call('put', `/users/${technical.id}/scope`, { organizationId: world.orgs.a, scope: { product: '12' } })).status, 400);
  assert.equal((await owner.call('put', `/users/${technical.id}/scope`, scope)).status, 200);
  const effective = await owner.call('get', `/users/${technical.id}/effective-permissions`);
  const products = (effective.body.organizations as { permissions: { permission: string; instances: Record<string, string[]> | null }[] }[])[0]?.permissions.find(
    (permission) => permission.permission === 'product.manage',
  );
  assert.deepEqual(products?.instances, { product: ['12', '40'] });
  const scopedActor = world.t.gatehouse.context.engine.compile(await loadActorFacts(world.t.prisma, technical.id));
  const product = (id: string) => ({ kind: 'record' as const, resource: 'product', id, organizationId: world.orgs.a });
  assert.equal(world.t.gatehouse.context.engine.decide(scopedActor, 'product.manage', product('12')).allowed, true);
  assert.equal(world.t.gatehouse.context.engine.decide(scopedActor, 'product.manage', product('13')).rule, 'R-SCOPE-1');

  // After the reset, the technical user enrols again at the next sign-in (R-MFA-3).
  const next = await request(world.t.app).post(`${API}/auth/login`).send({ identifier: technical.username, password: WORLD_PASSWORD });
  assert.equal(next.body.status, 'second-factor-required');
  assert.equal(next.body.enrol, true);
  assert.ok(next.body.totp?.qrDataUrl?.startsWith('data:image/png;base64,'));
});

test('seed 000 (R-PERM-1, R-OWNER-2): the Account Owner alone removes users and changes the account owner', async () => {
  const owner = await world.client(world.members[0] as WorldUser);
  const admin = await world.client(byRole('administrator'));
  const leaver = await world.addMember('technical');
  const byAdmin = await admin.call('post', `/users/${leaver.id}/remove`, { organizationId: world.orgs.a });
  assert.equal(byAdmin.body.rule, 'R-PERM-1');
  const takeover = await admin.call('post', `/organizations/${world.orgs.a}/transfer-ownership`, { newOwnerId: admin.userId, currentPassword: WORLD_PASSWORD });
  assert.equal(takeover.body.rule, 'R-OWNER-2');
  const removed = await owner.call('post', `/users/${leaver.id}/remove`, { organizationId: world.orgs.a });
  assert.equal(removed.status, 200);
  assert.equal(removed.body.accountDeleted, true);
});

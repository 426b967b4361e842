// Stored grants are decoded in one place and fail closed: a condition the code does not know grants
// nothing (never an unconditional permission), and the database refuses to store one at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseGrantsJson, serializeGrants } from '../../src/authz/grant-codec.ts';
import { signIn } from '../support/agent.ts';
import { PASSWORD, world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

/** A legacy custom role of Acme whose inline grants are written as a careless import (or a newer version) might. */
async function roleWith(key: string, data: { legacy: unknown[] }) {
  const { prisma } = w.t;
  const role = await prisma.role.create({
    data: { key, name: key, organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(data.legacy) },
  });
  return role;
}

test('R-PERM-1: a legacy grant with an unknown condition ("OWN") grants nothing: its holder cannot lock another member', async () => {
  const role = await roleWith('careless', { legacy: ['user.view', { permission: 'user.lock', condition: 'OWN' }] });
  const holder = await w.member('careless', [{ organizationId: w.org.acme, roleKey: role.key }]);
  const careless = await signIn(w.t.app, 'careless', PASSWORD);
  const refused = await careless.call('post', `/users/${w.users.standard}/lock`);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-PERM-1');
  const effective = await careless.call('get', `/users/${holder}/effective-permissions`);
  const keys = JSON.stringify(effective.body);
  assert.ok(!keys.includes('user.lock'), 'user.lock is not among the effective permissions');
  assert.ok(keys.includes('user.view'), 'the well-formed grant still counts');
});

test('R-PERM-1: the database refuses a policy grant with an unknown condition, on SQLite and PostgreSQL', async () => {
  const policy = await w.t.prisma.permissionPolicy.create({ data: { name: 'Checked policy', organizationId: w.org.acme } });
  await assert.rejects(w.t.prisma.policyGrant.create({ data: { policyId: policy.id, permission: 'user.lock', condition: 'OWN' } }));
  await assert.rejects(w.t.prisma.policyGrant.create({ data: { policyId: policy.id, permission: 'user.lock', condition: '' } }));
  for (const condition of [null, 'own', 'scoped']) {
    await w.t.prisma.policyGrant.create({ data: { policyId: policy.id, permission: `user.view${condition ?? ''}`, condition } });
  }
  assert.equal(await w.t.prisma.policyGrant.count({ where: { policyId: policy.id } }), 3);
});

test('R-PERM-1: inline grants round-trip through the codec; malformed entries are dropped, not widened', () => {
  const grants = [{ permission: 'user.view' }, { permission: 'user.edit', condition: 'own' as const }, { permission: 'product.manage', condition: 'scoped' as const }];
  assert.deepEqual(parseGrantsJson(serializeGrants(grants)), grants);
  assert.deepEqual(parseGrantsJson('[{"permission":"user.lock","condition":"OWN"},{"permission":"user.lock","condition":7},{"condition":"own"},42,"user.view"]'), [{ permission: 'user.view' }]);
  assert.deepEqual(parseGrantsJson('not json'), []);
});

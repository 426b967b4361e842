// R-LAST-1 with R-ROLE-2 (seed 004): a grant the preset reserves to the Admin role gives a custom
// role nothing, so a member holding such a grant (stored before the reservation) is no user manager
// either: the last real one cannot be locked on the strength of it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const PASSWORD = 'Reserved-Manager-2026!';
let t: TestSetup;
before(async () => {
  t = await setup({ preset: 'seed004', signInRateLimit: false });
});
after(() => t.close());

test('seed 004 (R-LAST-1, R-ROLE-2): a custom role\'s stored user.editRole does not make its holder a user manager; the only Admin stays unlockable by others', async () => {
  const ctx = t.gatehouse.context;
  const organizationId = (await createOrganization(ctx, { name: 'Reserved Co' })).id;
  // Legacy custom roles written before the reservation: one still carries the reserved grant.
  for (const [key, name, permissions] of [
    ['pseudo-admin', 'Pseudo admin', ['user.view', 'user.editRole']],
    ['locker', 'Locker', ['user.view', 'user.lock']],
  ] as const) {
    await t.prisma.role.create({ data: { key, name, organizationId, kind: 'CUSTOM', legacyPermissions: JSON.stringify(permissions) } });
  }
  const admin = await createMember(ctx, { email: 'admin@reserved.test', username: 'radmin', firstName: 'Ada', lastName: 'Admin', password: PASSWORD }, [{ organizationId, roleKey: 'admin' }]);
  await createMember(ctx, { email: 'pseudo@reserved.test', username: 'pseudo', firstName: 'Pia', lastName: 'Pseudo', password: PASSWORD }, [{ organizationId, roleKey: 'pseudo-admin' }]);
  await createMember(ctx, { email: 'locker@reserved.test', username: 'locker', firstName: 'Lou', lastName: 'Locker', password: PASSWORD }, [{ organizationId, roleKey: 'locker' }]);

  const locker = await signIn(t.app, 'locker', PASSWORD);
  const refused = await locker.call('post', `/users/${admin.id}/lock`);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.rule, 'R-LAST-1');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).lockedUntil, null);
});

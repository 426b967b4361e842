// The signed-in request reads users and actors through prepared statements (src/reads/) instead of
// Prisma's query builder. They must read exactly what Prisma reads: the serialized user is
// compared byte for byte with the one built from Prisma's row, and the actor facts with those
// built from Prisma's nested include, for active, locked, disabled, invited and multi-membership
// users, on whichever database the suite runs on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storedRoleGrants } from '../../src/authz/grant-codec.ts';
import { parseScope, parseStringList } from '../../src/authz/json-columns.ts';
import { loadActorFacts } from '../../src/authz/load-actor.ts';
import type { Principal } from '../../src/authz/principal.ts';
import type { ActorFacts } from '../../src/engine/types.ts';
import { serializeUser, userSerializerSelect } from '../../src/users/serialize.ts';
import { readSerializableUser, readSerializableUsers } from '../../src/users/user-row.ts';
import { type World, world } from './world.ts';

/** The actor facts as Prisma's nested include reads them: the reference for the prepared reads. */
async function factsThroughPrisma(w: World, userId: string): Promise<ActorFacts> {
  const { prisma } = w.t;
  const rows = await prisma.membership.findMany({ where: { userId }, include: { role: { include: { policies: { include: { policy: { include: { grants: true } } } } } } } });
  const descendants = new Map<string, string[]>();
  for (const row of rows.filter((membership) => membership.role.includesSubOrganizations)) {
    const found: string[] = [];
    let frontier = [row.organizationId];
    while (frontier.length > 0) {
      frontier = (await prisma.organization.findMany({ where: { parentId: { in: frontier } }, select: { id: true } })).map((child) => child.id);
      found.push(...frontier);
    }
    if (found.length > 0) descendants.set(row.organizationId, found.sort());
  }
  return {
    userId,
    memberships: rows
      .map((row) => ({
        organizationId: row.organizationId,
        isOwner: row.isOwner === true,
        disabledRights: parseStringList(row.disabledRights),
        scope: parseScope(row.scope),
        expiresAt: row.expiresAt,
        role: {
          id: row.role.id,
          key: row.role.key,
          protected: row.role.protected,
          uniquePerOrganization: row.role.uniquePerOrganization,
          ownerOnly: row.role.ownerOnly,
          readOnly: row.role.readOnly,
          includesSubOrganizations: row.role.includesSubOrganizations,
          grants: storedRoleGrants(row.role),
        },
      }))
      .sort((a, b) => a.organizationId.localeCompare(b.organizationId)),
    descendants,
  };
}

function normalized(facts: ActorFacts): unknown {
  return {
    ...facts,
    memberships: [...facts.memberships]
      .sort((a, b) => a.organizationId.localeCompare(b.organizationId))
      .map((membership) => ({ ...membership, role: { ...membership.role, grants: [...membership.role.grants].sort((a, b) => a.permission.localeCompare(b.permission)) } })),
    descendants: [...facts.descendants.entries()].map(([root, ids]) => [root, [...ids].sort()]).sort(),
  };
}

describe('prepared reads match Prisma', () => {
  let w: World;
  let many: string;
  before(async () => {
    w = await world();
    many = await w.member('many', [
      { organizationId: w.org.south, roleKey: 'auditor' },
      { organizationId: w.org.north, roleKey: 'billingOfficer' },
      { organizationId: w.org.other, roleKey: 'standardUser' },
    ]);
    const { prisma } = w.t;
    await prisma.user.update({
      where: { id: w.users.standard },
      data: { lockedUntil: new Date(Date.parse('2026-11-22T10:00:00Z')), failedAttempts: 3, phone: '+44 20 7946 0000', securityQuestion: 'First pet?', ipAllowlist: '["10.0.0.0/8"]', lastLoginAt: new Date() },
    });
    await prisma.user.update({ where: { id: w.users.billing }, data: { status: 'DISABLED', address: 'Main St 1\nLondon', mfaMethod: 'TOTP', mfaEnrolled: true } });
    await prisma.user.update({ where: { id: w.users.auditor }, data: { status: 'INVITED', passwordChangedAt: null } });
    await prisma.membership.updateMany({ where: { userId: many, organizationId: w.org.north }, data: { disabledRights: '["scan.viewResults"]', scope: '{"product":["12","40"]}' } });
    // R-EXP-1: an end travels through both reads alike (the facts and the serialized membership).
    await prisma.membership.updateMany({ where: { userId: many, organizationId: w.org.south }, data: { expiresAt: new Date(Date.parse('2026-12-24T09:30:00.250Z')) } });
  });
  after(() => w.close());

  const viewers = (w: World): Principal[] => [w.users.owner, w.users.northCo, w.users.otherCo].map((userId) => ({ userId, actor: { userId, organizations: new Map() }, via: 'session', ip: '' }) as Principal);

  test('R-SECRET-1, R-TENANT-1: the serialized user is byte-identical to the one from Prisma\'s row, for every user and viewer', async () => {
    const now = w.t.clock.now();
    const ids = [...Object.values(w.users), many];
    for (const id of ids) {
      const fromPrisma = await w.t.prisma.user.findUnique({ where: { id }, select: userSerializerSelect });
      const prepared = await readSerializableUser(w.t.gatehouse.context.reads, id);
      assert.ok(fromPrisma && prepared);
      for (const viewer of [...viewers(w), { userId: id, actor: { userId: id, organizations: new Map() }, via: 'session', ip: '' } as Principal]) {
        const actor = w.t.gatehouse.context.engine.compile(await loadActorFacts(w.t.gatehouse.context.reads, viewer.userId));
        const who = { ...viewer, actor };
        assert.equal(JSON.stringify(serializeUser(prepared, who, now)), JSON.stringify(serializeUser(fromPrisma, who, now)), `user ${id} seen by ${viewer.userId}`);
      }
    }
    assert.equal(await readSerializableUser(w.t.gatehouse.context.reads, 'no-such-user'), null);
  });

  test('R-SEARCH-1: a page of users read in one statement is what Prisma reads of each, and leaves out ids that do not exist', async () => {
    const ids = [...Object.values(w.users), many];
    const fromPrisma = await w.t.prisma.user.findMany({ where: { id: { in: ids } }, select: userSerializerSelect });
    const prepared = await readSerializableUsers(w.t.gatehouse.context.reads, [...ids, 'no-such-user']);
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id)).map((user) => JSON.stringify(user));
    assert.equal(prepared.length, ids.length);
    assert.deepEqual(byId(prepared), byId(fromPrisma));
    assert.deepEqual(await readSerializableUsers(w.t.gatehouse.context.reads, []), []);
  });

  test('R-PERM-1: actor facts (memberships, grants through the codec, sub-organisations) equal those from Prisma\'s include', async () => {
    for (const id of [...Object.values(w.users), many, 'no-such-user']) {
      const prepared = await loadActorFacts(w.t.gatehouse.context.reads, id);
      assert.deepEqual(normalized(prepared), normalized(await factsThroughPrisma(w, id)), `user ${id}`);
      // The same statements through the Prisma client (what a host client without a URL gets).
      assert.deepEqual(normalized(await loadActorFacts(w.t.prisma, id)), normalized(prepared));
    }
  });
});

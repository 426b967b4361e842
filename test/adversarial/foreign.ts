// The other tenant's records that attackers aim at: made straight in the database, so that the
// fixture does not depend on the routes under attack.
import { randomBytes } from 'node:crypto';
import { serializeGrants } from '../../src/authz/grant-codec.ts';
import type { ForeignIds } from './tenant.ts';
import type { World, WorldUser } from './world.ts';

export async function foreignRecords(world: World, organizationId: string, people: readonly WorldUser[]): Promise<ForeignIds> {
  const { prisma } = world.t;
  const tag = randomBytes(4).toString('hex');
  const role = await prisma.role.create({
    data: { key: `secretRole${tag}`, name: `Secret role ${tag}`, organizationId, legacyPermissions: serializeGrants([{ permission: 'user.view' }]) },
  });
  const policy = await prisma.permissionPolicy.create({ data: { name: `Secret policy ${tag}`, organizationId, grants: { create: [{ permission: 'user.view' }] } } });
  const [person] = people;
  if (!person) throw new Error('the other tenant needs a member');
  const invitation = await prisma.invitation.create({
    data: {
      email: `invitee.${tag}@foreign.test`,
      pendingEmail: `invitee.${tag}@foreign.test`,
      organizationId,
      roleId: role.id,
      tokenHash: randomBytes(32).toString('hex'),
      expiresAt: new Date(world.t.clock.now().getTime() + 86_400_000),
    },
  });
  const apiKey = await prisma.apiKey.create({ data: { userId: person.id, organizationId, name: `Secret key ${tag}`, prefix: `gh_${tag}`, hash: randomBytes(32).toString('hex') } });
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
  const emails = await prisma.user.findMany({ where: { id: { in: people.map((p) => p.id) } }, select: { email: true } });
  return {
    bySegment: { users: person.id, organizations: organizationId, roles: role.id, policies: policy.id, invitations: invitation.id, 'api-keys': apiKey.id, me: apiKey.id },
    organizationId,
    roleId: role.id,
    policyId: policy.id,
    userId: person.id,
    markers: [organization.name, role.name, policy.name, invitation.email, apiKey.name, ...emails.map((e) => e.email)],
  };
}

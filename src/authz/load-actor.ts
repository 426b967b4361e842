// Reads what the engine needs about a user from the database. The engine itself never does I/O.
import type { GatehousePrisma } from '../db/client.ts';
import type { ActorFacts, MembershipFacts, ResourceScope } from '../engine/types.ts';
import { storedRoleGrants } from './grant-codec.ts';
import { parseScope, parseStringList } from './json-columns.ts';

const membershipInclude = {
  role: { include: { policies: { include: { policy: { include: { grants: true } } } } } },
} as const;

export async function loadActorFacts(prisma: GatehousePrisma, userId: string): Promise<ActorFacts> {
  const rows = await prisma.membership.findMany({ where: { userId }, include: membershipInclude });
  const memberships: MembershipFacts[] = rows.map((row) => ({
    organizationId: row.organizationId,
    isOwner: row.isOwner === true,
    disabledRights: parseStringList(row.disabledRights),
    scope: parseScope(row.scope) as ResourceScope | null,
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
  }));
  const reachingDown = memberships.filter((membership) => membership.role.includesSubOrganizations).map((membership) => membership.organizationId);
  return { userId, memberships, descendants: await loadDescendants(prisma, reachingDown) };
}

/** Every descendant of the given organisations, walking the tree one level per query. */
export async function loadDescendants(prisma: GatehousePrisma, roots: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const root of new Set(roots)) {
    const found: string[] = [];
    let frontier = [root];
    const seen = new Set(frontier);
    while (frontier.length > 0) {
      const children = await prisma.organization.findMany({ where: { parentId: { in: frontier } }, select: { id: true } });
      frontier = children.map((child) => child.id).filter((id) => !seen.has(id));
      for (const id of frontier) seen.add(id);
      found.push(...frontier);
    }
    if (found.length > 0) result.set(root, found);
  }
  return result;
}

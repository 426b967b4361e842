// The role an invitation gives, with what the engine needs to judge the grant: its effective grants
// (R-ESC-1) and its flags (R-UNIQ-1, owner-only). A role is assignable in an organisation when it is
// built in or belongs to that organisation or one of its ancestors (custom roles live on the root).
import { storedRoleGrants } from '../authz/grant-codec.ts';
import type { Prisma } from '../db/client.ts';
import type { Grant, RoleFacts } from '../engine/types.ts';

type Reader = Pick<Prisma.TransactionClient, 'role' | 'organization'>;

export interface AssignableRole extends RoleFacts {
  readonly name: string;
}

async function organizationLineage(db: Reader, organizationId: string): Promise<string[]> {
  const lineage: string[] = [];
  let current: string | null = organizationId;
  // A tree, but never trust data to be acyclic.
  while (current !== null && !lineage.includes(current) && lineage.length < 64) {
    lineage.push(current);
    const row: { parentId: string | null } | null = await db.organization.findUnique({ where: { id: current }, select: { parentId: true } });
    current = row?.parentId ?? null;
  }
  return lineage;
}

export async function loadAssignableRole(db: Reader, organizationId: string, roleId: string): Promise<AssignableRole | null> {
  const role = await db.role.findUnique({
    where: { id: roleId },
    include: { policies: { include: { policy: { include: { grants: true } } } } },
  });
  if (!role) return null;
  if (role.organizationId !== null && !(await organizationLineage(db, organizationId)).includes(role.organizationId)) return null;
  return {
    id: role.id,
    key: role.key,
    name: role.name,
    protected: role.protected,
    uniquePerOrganization: role.uniquePerOrganization,
    ownerOnly: role.ownerOnly,
    readOnly: role.readOnly,
    includesSubOrganizations: role.includesSubOrganizations,
    grants: storedRoleGrants(role),
  };
}

/** What the membership will actually carry: the role's grants minus the rights switched off. */
export function grantsGiven(role: RoleFacts, disabledRights: readonly string[]): Grant[] {
  const off = new Set(disabledRights);
  return role.grants.filter((grant) => !off.has(grant.permission));
}

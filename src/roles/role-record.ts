// A role as the services load it (with its policies and their grants) and as the API shows it.
import { grantsFromRows, legacyGrantsOf } from '../authz/grant-codec.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { roleGrants } from '../engine/actor.ts';
import type { ChangeFacts, Grant, Target } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type GrantView, sortGrants, viewGrant } from '../permissions/grants.ts';

export const roleInclude = {
  policies: { include: { policy: { include: { grants: true } } } },
  _count: { select: { memberships: true } },
} as const satisfies Prisma.RoleInclude;

export type RoleRecord = Prisma.RoleGetPayload<{ include: typeof roleInclude }>;

type RoleReader = { role: { findUnique(args: { where: { id: string }; include: typeof roleInclude }): Promise<RoleRecord | null> } };

export async function findRole(db: RoleReader, id: string): Promise<RoleRecord> {
  const role = await db.role.findUnique({ where: { id }, include: roleInclude });
  if (!role) throw notFound('role');
  return role;
}

export { legacyGrantsOf };

/** What the role grants, computed exactly as the actor loader does, so the API shows what the engine uses. */
export function effectiveGrantsOf(role: RoleRecord, policyGrants?: readonly (readonly Grant[])[]): Grant[] {
  return roleGrants({
    legacyPermissions: legacyGrantsOf(role),
    policies: (policyGrants ?? role.policies.map((link) => grantsFromRows(link.policy.grants))).map((grants) => ({ grants })),
  });
}

export function roleTarget(role: Pick<RoleRecord, 'id' | 'organizationId' | 'protected'>, change?: ChangeFacts): Target {
  return { kind: 'role', roleId: role.id, organizationId: role.organizationId, protected: role.protected, ...(change ? { change } : {}) };
}

export interface RoleView {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly organizationId: string | null;
  readonly kind: 'BUILTIN' | 'CUSTOM';
  readonly protected: boolean;
  readonly uniquePerOrganization: boolean;
  readonly ownerOnly: boolean;
  readonly readOnly: boolean;
  readonly includesSubOrganizations: boolean;
  /** true while the role has inline permissions (edit them here, or migrate to a policy). */
  readonly legacy: boolean;
  readonly migratedAt: string | null;
  readonly inlinePermissions: GrantView[] | null;
  readonly policies: { id: string; name: string; organizationId: string | null }[];
  /** What a holder gets before per-user switches and scope: inline or the union of the policies. */
  readonly permissions: GrantView[];
  readonly holderCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function viewRole(ctx: GatehouseContext, role: RoleRecord): RoleView {
  const legacy = legacyGrantsOf(role);
  return {
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    organizationId: role.organizationId,
    kind: role.kind,
    protected: role.protected,
    uniquePerOrganization: role.uniquePerOrganization,
    ownerOnly: role.ownerOnly,
    readOnly: role.readOnly,
    includesSubOrganizations: role.includesSubOrganizations,
    legacy: legacy !== null,
    migratedAt: role.migratedAt?.toISOString() ?? null,
    inlinePermissions: legacy === null ? null : sortGrants(ctx.catalog, legacy).map(viewGrant),
    policies: role.policies
      .map((link) => ({ id: link.policy.id, name: link.policy.name, organizationId: link.policy.organizationId }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    permissions: sortGrants(ctx.catalog, effectiveGrantsOf(role)).map(viewGrant),
    holderCount: role._count.memberships,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

// A permission policy as the services load it and as the API shows it.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { ChangeFacts, Grant, Target } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { grantsFromRows, type GrantView, sortGrants, viewGrant } from '../permissions/grants.ts';

export const policyInclude = {
  grants: true,
  roles: { include: { role: { select: { id: true, name: true, organizationId: true } } } },
} as const satisfies Prisma.PermissionPolicyInclude;

export type PolicyRecord = Prisma.PermissionPolicyGetPayload<{ include: typeof policyInclude }>;

type PolicyReader = {
  permissionPolicy: { findUnique(args: { where: { id: string }; include: typeof policyInclude }): Promise<PolicyRecord | null> };
};

export async function findPolicy(db: PolicyReader, id: string): Promise<PolicyRecord> {
  const policy = await db.permissionPolicy.findUnique({ where: { id }, include: policyInclude });
  if (!policy) throw notFound('policy');
  return policy;
}

export function policyGrantsOf(policy: Pick<PolicyRecord, 'grants'>): Grant[] {
  return grantsFromRows(policy.grants);
}

export function policyTarget(policy: Pick<PolicyRecord, 'id' | 'organizationId'>, change?: ChangeFacts): Target {
  return { kind: 'policy', policyId: policy.id, organizationId: policy.organizationId, ...(change ? { change } : {}) };
}

/** Preset policies (organisation null) are shared by every organisation and change only with the preset. */
export const isPresetPolicy = (policy: Pick<PolicyRecord, 'organizationId'>): boolean => policy.organizationId === null;

export interface PolicyView {
  readonly id: string;
  readonly key: string | null;
  readonly name: string;
  readonly description: string;
  readonly organizationId: string | null;
  readonly preset: boolean;
  readonly grants: GrantView[];
  /** Roles carrying it, limited to those the caller may see (a preset policy is carried across organisations). */
  readonly roles: { id: string; name: string; organizationId: string | null }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function viewPolicy(ctx: GatehouseContext, policy: PolicyRecord, visibleOrganizations: ReadonlySet<string>): PolicyView {
  return {
    id: policy.id,
    key: policy.key,
    name: policy.name,
    description: policy.description,
    organizationId: policy.organizationId,
    preset: isPresetPolicy(policy),
    grants: sortGrants(ctx.catalog, policyGrantsOf(policy)).map(viewGrant),
    roles: policy.roles
      .map((link) => link.role)
      .filter((role) => role.organizationId === null || visibleOrganizations.has(role.organizationId))
      .sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

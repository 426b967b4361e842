// What "migrate role to policy" would do, for the panel's confirmation step and for scripts: the
// inline permissions that would move, the existing policies that already hold exactly them (seed
// 004: "choose the required Permission Policy"), why each other one does not fit, in words, and
// whether a new policy can hold them.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Grant } from '../engine/types.ts';
import { type GrantView, diffGrants, grantsFromRows, MAX_GRANTS_PER_POLICY, normalizeGrants, sortGrants, viewGrant } from '../permissions/grants.ts';
import { findRole, legacyGrantsOf, roleTarget } from './role-record.ts';

export interface MigrationPreview {
  readonly roleId: string;
  readonly legacy: boolean;
  readonly migratedAt: string | null;
  /** The inline permissions a policy would hold (empty once migrated). */
  readonly permissions: GrantView[];
  readonly holderCount: number;
  readonly suggestedPolicyName: string;
  /** false when the grants exceed a policy's 100 or grant one permission both own and scoped. */
  readonly canCreatePolicy: boolean;
  /** Policies the role could migrate onto with `{ policyId }`: exactly the same grants. */
  readonly matchingPolicies: { id: string; name: string; organizationId: string | null }[];
  /** Every other policy the role could carry, with why it does not fit, in words. */
  readonly otherPolicies: { id: string; name: string; organizationId: string | null; reason: string }[];
}

const conditionWords = { own: ' (own records only)', scoped: ' (chosen instances only)' } as const;

/** In catalog order, so that the same difference always reads the same. */
function grantsInWords(ctx: GatehouseContext, grants: readonly GrantView[]): string {
  const order = Object.keys(ctx.catalog);
  const rank = (grant: GrantView) => {
    const index = order.indexOf(grant.permission);
    return index === -1 ? order.length : index;
  };
  return [...grants].sort((a, b) => rank(a) - rank(b)).map((grant) => `${ctx.catalog[grant.permission]?.label ?? grant.permission}${grant.condition ? conditionWords[grant.condition] : ''}`).join(', ');
}

const permissions = (count: number) => `${count} permission${count === 1 ? '' : 's'}`;

/**
 * Why a policy is not a migration target for these grants (R-MIG-1: the holders' permissions must
 * stay exactly the same), in words; null when it holds exactly them.
 */
export function policyMismatch(ctx: GatehouseContext, roleGrants: readonly Grant[], policyGrants: readonly Grant[]): { reason: string; missing: GrantView[]; extra: GrantView[] } | null {
  const { missing, extra } = diffGrants(roleGrants, policyGrants);
  if (missing.length === 0 && extra.length === 0) return null;
  const parts = [
    ...(extra.length > 0 ? [`gives ${permissions(extra.length)} the role does not have: ${grantsInWords(ctx, extra)}`] : []),
    ...(missing.length > 0 ? [`lacks ${permissions(missing.length)} the role has: ${grantsInWords(ctx, missing)}`] : []),
  ];
  return { reason: parts.join('; '), missing, extra };
}

export async function migrationPreview(ctx: GatehouseContext, who: Principal, input: { id: string }): Promise<MigrationPreview> {
  const role = await findRole(ctx.prisma, input.id);
  await authorize(ctx, who, { action: 'role.view', target: roleTarget(role), subject: { targetType: 'role', targetId: role.id, organizationId: role.organizationId } });
  const legacy = legacyGrantsOf(role);
  const grants = legacy === null ? [] : sortGrants(ctx.catalog, normalizeGrants(legacy));
  const permissions = grants.map((grant) => grant.permission);
  const candidates =
    legacy === null || role.organizationId === null
      ? []
      : await ctx.prisma.permissionPolicy.findMany({
          where: { OR: [{ organizationId: null }, { organizationId: role.organizationId }] },
          include: { grants: true },
          orderBy: { name: 'asc' },
        });
  const compared = candidates.map((policy) => ({ policy, mismatch: policyMismatch(ctx, grants, grantsFromRows(policy.grants)) }));
  return {
    roleId: role.id,
    legacy: legacy !== null,
    migratedAt: role.migratedAt?.toISOString() ?? null,
    permissions: grants.map(viewGrant),
    holderCount: role._count.memberships,
    suggestedPolicyName: `${role.name} permissions`,
    canCreatePolicy: legacy !== null && grants.length <= MAX_GRANTS_PER_POLICY && new Set(permissions).size === permissions.length,
    matchingPolicies: compared.filter(({ mismatch }) => mismatch === null).map(({ policy }) => ({ id: policy.id, name: policy.name, organizationId: policy.organizationId })),
    otherPolicies: compared.flatMap(({ policy, mismatch }) => (mismatch === null ? [] : [{ id: policy.id, name: policy.name, organizationId: policy.organizationId, reason: mismatch.reason }])),
  };
}

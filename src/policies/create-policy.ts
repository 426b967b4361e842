// Creates an organisation's own permission policy: a named set of at most 100 grants (R-POL-1),
// none of which the creator lacks (R-ESC-1).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { auditAllowed } from '../permissions/audit-change.ts';
import { type GrantInput, parsePolicyGrants } from '../permissions/grants.ts';
import { ensurePolicyNameFree } from './policy-names.ts';
import { findPolicy, type PolicyView, viewPolicy } from './policy-record.ts';
import { roleVisibility } from './read-policies.ts';

export interface CreatePolicyInput {
  readonly organizationId: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly grants: readonly GrantInput[];
}

export async function createPolicy(ctx: GatehouseContext, who: Principal, input: CreatePolicyInput): Promise<PolicyView> {
  const grants = parsePolicyGrants(ctx.catalog, input.grants);
  const subject = { targetType: 'policy', organizationId: input.organizationId, details: { operation: 'create', name: input.name } } as const;
  await authorize(ctx, who, 'policy.manage', { kind: 'policy', policyId: '', organizationId: input.organizationId, change: { grants } }, subject);
  const name = input.name.trim();
  // Checked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so a transaction that fails late can roll back other requests' writes with it.
  await ensurePolicyNameFree(ctx.prisma, input.organizationId, name);
  const id = await ctx.prisma.$transaction(async (tx) => {
    await ensurePolicyNameFree(tx, input.organizationId, name);
    const policy = await tx.permissionPolicy.create({
      data: {
        name,
        description: input.description ?? '',
        organizationId: input.organizationId,
        grants: { create: grants.map((grant) => ({ permission: grant.permission, condition: grant.condition ?? null })) },
      },
    });
    await auditAllowed(tx, ctx, who, {
      action: 'policy.manage',
      operation: 'create',
      targetType: 'policy',
      targetId: policy.id,
      organizationId: input.organizationId,
      details: { name, grants: grants.length },
    });
    return policy.id;
  });
  return viewPolicy(ctx, await findPolicy(ctx.prisma, id), roleVisibility(ctx, who));
}

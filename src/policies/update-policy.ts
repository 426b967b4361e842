// Edits a policy's name, description or grants. A grant change reaches every holder of every role
// carrying the policy at their next request (R-POL-1): their accessVersion is bumped in the same
// transaction, so no request can see the new grants with a stale cached actor.
import { bumpAccess, holdersOfPolicy } from '../authz/access-version.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Grant } from '../engine/types.ts';
import { auditAllowed, refuseBuiltIn } from '../permissions/audit-change.ts';
import { diffGrants, type GrantInput, parsePolicyGrants } from '../permissions/grants.ts';
import { ensurePolicyNameFree } from './policy-names.ts';
import { findPolicy, isPresetPolicy, policyGrantsOf, policyTarget, type PolicyView, viewPolicy } from './policy-record.ts';
import { roleVisibility } from './read-policies.ts';

export interface UpdatePolicyInput {
  readonly id: string;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  /** The complete new set of grants (replaces the old one). */
  readonly grants?: readonly GrantInput[] | undefined;
}

export async function updatePolicy(ctx: GatehouseContext, who: Principal, input: UpdatePolicyInput): Promise<PolicyView> {
  const grants: Grant[] | undefined = input.grants === undefined ? undefined : parsePolicyGrants(ctx.catalog, input.grants);
  const policy = await findPolicy(ctx.prisma, input.id);
  const subject = { targetType: 'policy', targetId: policy.id, organizationId: policy.organizationId, details: { operation: 'update' } } as const;
  // The whole new set must be within the editor's own permissions, not only what is added (R-ESC-1).
  await authorize(ctx, who, 'policy.manage', policyTarget(policy, grants ? { grants } : undefined), subject);
  if (isPresetPolicy(policy)) {
    await refuseBuiltIn(ctx, who, { action: 'policy.manage', operation: 'update', targetType: 'policy', targetId: policy.id, organizationId: null });
  }
  const diff = grants ? diffGrants(grants, policyGrantsOf(policy)) : { missing: [], extra: [] };
  const grantsChanged = diff.missing.length > 0 || diff.extra.length > 0;
  const name = input.name?.trim();

  // Checked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so a transaction that fails late can roll back other requests' writes with it.
  if (name !== undefined && name !== policy.name) await ensurePolicyNameFree(ctx.prisma, policy.organizationId as string, name, policy.id);
  await ctx.prisma.$transaction(async (tx) => {
    if (name !== undefined && name !== policy.name) await ensurePolicyNameFree(tx, policy.organizationId as string, name, policy.id);
    await tx.permissionPolicy.update({
      where: { id: policy.id },
      data: { ...(name !== undefined ? { name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) },
    });
    if (grants && grantsChanged) {
      await tx.policyGrant.deleteMany({ where: { policyId: policy.id } });
      await tx.policyGrant.createMany({ data: grants.map((grant) => ({ policyId: policy.id, permission: grant.permission, condition: grant.condition ?? null })) });
      await bumpAccess(tx, holdersOfPolicy(policy.id));
    }
    await auditAllowed(tx, ctx, who, {
      action: 'policy.manage',
      operation: 'update',
      targetType: 'policy',
      targetId: policy.id,
      organizationId: policy.organizationId,
      details: {
        ...(name !== undefined && name !== policy.name ? { name: { from: policy.name, to: name } } : {}),
        ...(input.description !== undefined ? { descriptionChanged: input.description !== policy.description } : {}),
        ...(grantsChanged ? { grantsAdded: diff.missing, grantsRemoved: diff.extra } : {}),
      },
    });
  });
  return viewPolicy(ctx, await findPolicy(ctx.prisma, policy.id), roleVisibility(ctx, who));
}

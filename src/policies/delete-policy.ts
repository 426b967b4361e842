// Deletes an organisation's policy that no role carries (409 IN_USE otherwise). The foreign key
// from RolePolicy settles a race with a role attaching it meanwhile.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { auditAllowed, refuseBuiltIn } from '../permissions/audit-change.ts';
import { isForeignKeyViolation } from '../permissions/prisma-errors.ts';
import { findPolicy, isPresetPolicy, policyTarget } from './policy-record.ts';
import { roleVisibility } from './read-policies.ts';

function inUse(roles: { id: string; name: string }[], hidden: number): GatehouseError {
  return new GatehouseError('IN_USE', 'Detach the policy from every role that carries it first', { roles, otherRoles: hidden });
}

export async function deletePolicy(ctx: GatehouseContext, who: Principal, input: { id: string }): Promise<void> {
  const policy = await findPolicy(ctx.prisma, input.id);
  await authorize(ctx, who, 'policy.manage', policyTarget(policy), {
    targetType: 'policy',
    targetId: policy.id,
    organizationId: policy.organizationId,
    details: { operation: 'delete' },
  });
  if (isPresetPolicy(policy)) {
    await refuseBuiltIn(ctx, who, { action: 'policy.manage', operation: 'delete', targetType: 'policy', targetId: policy.id, organizationId: null });
  }
  if (policy.roles.length > 0) {
    const visible = roleVisibility(ctx, who);
    const roles = policy.roles.map((link) => link.role).filter((role) => role.organizationId === null || visible.has(role.organizationId));
    throw inUse(roles.map(({ id, name }) => ({ id, name })), policy.roles.length - roles.length);
  }
  try {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.permissionPolicy.delete({ where: { id: policy.id } });
      await auditAllowed(tx, ctx, who, {
        action: 'policy.manage',
        operation: 'delete',
        targetType: 'policy',
        targetId: policy.id,
        organizationId: policy.organizationId,
        details: { name: policy.name },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw inUse([], 1);
    throw error;
  }
}

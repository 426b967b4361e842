// Creates a custom role in one organisation, composed of policies (R-ROLE-1, seed 004). Whoever
// composes it must hold every permission it would carry (R-ESC-1).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { roleGrants } from '../engine/actor.ts';
import { withPolicyRace } from './attachable-policies.ts';
import { auditAllowed } from '../permissions/audit-change.ts';
import { loadAttachablePolicies } from './attachable-policies.ts';
import { ensureRoleNameFree, freeRoleKey } from './role-names.ts';
import { findRole, type RoleView, viewRole } from './role-record.ts';

export interface CreateRoleInput {
  readonly organizationId: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly policyIds: readonly string[];
}

export async function createRole(ctx: GatehouseContext, who: Principal, input: CreateRoleInput): Promise<RoleView> {
  const subject = { targetType: 'role', organizationId: input.organizationId, details: { operation: 'create', name: input.name } } as const;
  const newRole = { kind: 'role', roleId: '', organizationId: input.organizationId, protected: false } as const;
  // Tenant and permission first, so that policy ids of another organisation reveal nothing.
  await authorize(ctx, who, 'role.manage', newRole, subject);
  const policies = await loadAttachablePolicies(ctx.prisma, input.organizationId, input.policyIds);
  const grants = roleGrants({ legacyPermissions: null, policies });
  await authorize(ctx, who, 'role.manage', { ...newRole, change: { grants } }, subject);

  const name = input.name.trim();
  // Checked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so a transaction that fails late can roll back other requests' writes with it.
  await ensureRoleNameFree(ctx.prisma, input.organizationId, name);
  const id = await withPolicyRace(ctx.prisma.$transaction(async (tx) => {
    await ensureRoleNameFree(tx, input.organizationId, name);
    const role = await tx.role.create({
      data: {
        key: await freeRoleKey(tx, input.organizationId, name),
        name,
        description: input.description ?? '',
        organizationId: input.organizationId,
        kind: 'CUSTOM',
        policies: { create: policies.map((policy) => ({ policyId: policy.id })) },
      },
    });
    await auditAllowed(tx, ctx, who, {
      action: 'role.manage',
      operation: 'create',
      targetType: 'role',
      targetId: role.id,
      organizationId: input.organizationId,
      details: { name, policies: policies.map((policy) => policy.id) },
    });
    return role.id;
  }));
  return viewRole(ctx, await findRole(ctx.prisma, id));
}

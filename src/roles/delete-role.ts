// Deletes a custom role that nobody holds and no pending invitation offers (409 IN_USE otherwise).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { auditAllowed, refuseBuiltIn } from '../permissions/audit-change.ts';
import { isForeignKeyViolation } from '../permissions/prisma-errors.ts';
import { findRole, roleTarget } from './role-record.ts';

function inUse(memberships: number, pendingInvitations: number): GatehouseError {
  return new GatehouseError('IN_USE', 'Give its holders and pending invitations another role first', { memberships, pendingInvitations });
}

async function refuseInUse(db: Pick<Prisma.TransactionClient, 'membership' | 'invitation'>, roleId: string): Promise<void> {
  const memberships = await db.membership.count({ where: { roleId } });
  const pendingInvitations = await db.invitation.count({ where: { roleId, status: 'PENDING' } });
  if (memberships > 0 || pendingInvitations > 0) throw inUse(memberships, pendingInvitations);
}

export async function deleteRole(ctx: GatehouseContext, who: Principal, input: { id: string }): Promise<void> {
  const role = await findRole(ctx.prisma, input.id);
  await authorize(ctx, who, 'role.manage', roleTarget(role), {
    targetType: 'role',
    targetId: role.id,
    organizationId: role.organizationId,
    details: { operation: 'delete' },
  });
  if (role.kind === 'BUILTIN' || role.organizationId === null) {
    await refuseBuiltIn(ctx, who, { action: 'role.manage', operation: 'delete', targetType: 'role', targetId: role.id, organizationId: null });
  }
  // Checked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so a transaction that fails late can roll back other requests' writes with it.
  await refuseInUse(ctx.prisma, role.id);
  try {
    await ctx.prisma.$transaction(async (tx) => {
      await refuseInUse(tx, role.id);
      // Accepted, revoked and expired invitations still point at the role; they offer it to
      // nobody any more, and the audit trail keeps their history.
      await tx.invitation.deleteMany({ where: { roleId: role.id, status: { not: 'PENDING' } } });
      await tx.role.delete({ where: { id: role.id } });
      await auditAllowed(tx, ctx, who, {
        action: 'role.manage',
        operation: 'delete',
        targetType: 'role',
        targetId: role.id,
        organizationId: role.organizationId,
        details: { name: role.name, key: role.key },
      });
    });
  } catch (error) {
    // A membership or invitation created between the count and the delete: the foreign key refuses.
    if (isForeignKeyViolation(error)) throw inUse(1, 0);
    throw error;
  }
}

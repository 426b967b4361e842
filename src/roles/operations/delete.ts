// Deleting a custom role that nobody holds and no pending invitation offers (409 IN_USE otherwise).
import { z } from 'zod';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { builtInRefusal } from '../../permissions/built-in-refusal.ts';
import { findRole } from '../role-record.ts';
import { roleChecks } from './role-check.ts';

function inUse(memberships: number, pendingInvitations: number): GatehouseError {
  return new GatehouseError('IN_USE', 'Give its holders and pending invitations another role first', { memberships, pendingInvitations });
}

export const deleteRole = defineOperation({
  key: 'role.delete',
  permission: 'role.manage',
  label: 'Delete role',
  summary: 'Delete a custom role nobody holds and no pending invitation offers (409 IN_USE otherwise)',
  rules: ['R-ROLE-1', 'R-PROT-1', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({}),
  rest: { method: 'delete', path: '/roles/:id', status: 204, tag: 'roles', errors: [409] },
  panel: {
    resource: 'Role',
    name: 'delete',
    kind: 'record',
    view: 'confirm',
    icon: 'Trash2',
    variant: 'danger',
    guard: 'Delete this role? It must have no holders.',
    shownWhen: (record) => (record.facts as { organizationId?: string | null } | null)?.organizationId != null,
    done: () => 'The role is deleted',
    then: 'list',
  },
  audit: { action: 'role.manage', targetType: 'role' },
  load: (db, { id }) => findRole(db, id),
  checks: (role) => roleChecks('role.manage', role, 'delete'),
  async refuse(role, _call, db) {
    if (role.kind === 'BUILTIN' || role.organizationId === null) return builtInRefusal('role');
    const memberships = await db.membership.count({ where: { roleId: role.id } });
    const pendingInvitations = await db.invitation.count({ where: { roleId: role.id, status: 'PENDING' } });
    return memberships > 0 || pendingInvitations > 0 ? inUse(memberships, pendingInvitations) : null;
  },
  async apply(tx, role) {
    // Accepted, revoked and expired invitations still point at the role; they offer it to nobody
    // any more, and the audit trail keeps their history.
    await tx.invitation.deleteMany({ where: { roleId: role.id, status: { not: 'PENDING' } } });
    await tx.role.delete({ where: { id: role.id } });
  },
  auditDetails: (role) => ({ name: role.name, key: role.key }),
  // A membership or invitation created between the count and the delete: the foreign key refuses.
  foreignKeyViolation: () => inUse(1, 0),
  view: () => undefined,
});

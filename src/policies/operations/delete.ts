// Deleting an organisation's policy that no role carries (409 IN_USE otherwise). The foreign key
// from RolePolicy settles a race with a role attaching it meanwhile.
import { z } from 'zod';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { builtInRefusal } from '../../permissions/built-in-refusal.ts';
import { findPolicy, isPresetPolicy, policyTarget } from '../policy-record.ts';
import { roleVisibility } from '../read-policies.ts';

function inUse(roles: { id: string; name: string }[], hidden: number): GatehouseError {
  return new GatehouseError('IN_USE', 'Detach the policy from every role that carries it first', { roles, otherRoles: hidden });
}

export const deletePolicy = defineOperation({
  key: 'policy.delete',
  permission: 'policy.manage',
  label: 'Delete policy',
  summary: 'Delete a policy no role carries (409 IN_USE otherwise)',
  rules: ['R-POL-1', 'R-ROLE-1', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({}),
  rest: { method: 'delete', path: '/policies/:id', status: 204, tag: 'policies', errors: [409] },
  panel: {
    resource: 'PermissionPolicy',
    name: 'delete',
    kind: 'record',
    view: 'confirm',
    icon: 'Trash2',
    variant: 'danger',
    guard: 'Delete this policy? It must not be carried by any role.',
    shownWhen: (record) => (record.facts as { organizationId?: string | null } | null)?.organizationId != null,
    done: () => 'The policy is deleted',
    then: 'list',
  },
  audit: { action: 'policy.manage', targetType: 'policy' },
  load: (db, { id }) => findPolicy(db, id),
  checks: (policy) => [
    { action: 'policy.manage', target: policyTarget(policy), subject: { targetType: 'policy', targetId: policy.id, organizationId: policy.organizationId, details: { operation: 'delete' } } },
  ],
  refuse(policy, { ctx, who }) {
    if (isPresetPolicy(policy)) return builtInRefusal('policy');
    if (policy.roles.length === 0) return null;
    const visible = roleVisibility(ctx, who);
    const roles = policy.roles.map((link) => link.role).filter((role) => role.organizationId === null || visible.has(role.organizationId));
    return inUse(roles.map(({ id, name }) => ({ id, name })), policy.roles.length - roles.length);
  },
  async apply(tx, policy) {
    await tx.permissionPolicy.delete({ where: { id: policy.id } });
  },
  auditDetails: (policy) => ({ name: policy.name }),
  foreignKeyViolation: () => inUse([], 1),
  view: () => undefined,
});

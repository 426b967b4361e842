// When a database set up with one preset starts with another: the previous preset's built-in
// roles and preset policies would otherwise linger beside the new ones, still granting what the
// old preset granted (R-PRESET-1). Those nobody uses are removed; while anyone still holds one,
// start-up is refused with the names, since moving people to other roles is a decision for a person.
import type { Prisma } from '../db/client.ts';

type Tx = Prisma.TransactionClient;

export class PresetSwitchError extends Error {
  override readonly name = 'PresetSwitchError';
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Removes the built-in roles and preset policies that are not among `roleIds` / `policyIds`;
 * throws a PresetSwitchError (and changes nothing) while a member, an invitation or a custom role
 * still uses one of them.
 */
export async function removeOtherPresets(tx: Tx, presetId: string, roleIds: readonly string[], policyIds: readonly string[]): Promise<void> {
  const staleRoles = await tx.role.findMany({
    where: { kind: 'BUILTIN', organizationId: null, id: { notIn: [...roleIds] } },
    select: { id: true, key: true, _count: { select: { memberships: true, invitations: true } } },
    orderBy: { key: 'asc' },
  });
  const stalePolicies = await tx.permissionPolicy.findMany({
    where: { organizationId: null, id: { startsWith: 'preset:', notIn: [...policyIds] } },
    select: { id: true, key: true, roles: { select: { roleId: true } } },
    orderBy: { key: 'asc' },
  });
  const staleRoleIds = new Set(staleRoles.map((role) => role.id));
  const problems = [
    ...staleRoles
      .filter((role) => role._count.memberships + role._count.invitations > 0)
      .map((role) => `role "${role.key}" (${plural(role._count.memberships, 'member')}, ${plural(role._count.invitations, 'invitation')})`),
    ...stalePolicies
      .map((policy) => ({ key: policy.key, users: policy.roles.filter((link) => !staleRoleIds.has(link.roleId)).length }))
      .filter((policy) => policy.users > 0)
      .map((policy) => `policy "${policy.key}" (carried by ${plural(policy.users, 'custom role')})`),
  ];
  if (problems.length > 0) {
    throw new PresetSwitchError(
      `createGatehouse: this database was set up with another role preset, whose ${problems.join(', ')} ${problems.length === 1 ? 'is' : 'are'} not part of preset "${presetId}" and still in use. ` +
        'Start with the preset the database was set up with, or first move those members, invitations and custom roles to roles and policies that the new preset keeps.',
    );
  }
  if (staleRoles.length > 0) await tx.role.deleteMany({ where: { id: { in: [...staleRoleIds] } } });
  if (stalePolicies.length > 0) await tx.permissionPolicy.deleteMany({ where: { id: { in: stalePolicies.map((policy) => policy.id) } } });
}

// What the user services need to know about roles: their resolved grants (legacy inline or the
// union of their policies), which organisations may use them, and who counts as a user manager.
import { storedRoleGrants } from '../authz/grant-codec.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { Grant, RoleFacts } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { ancestorsOf } from '../organizations/tree.ts';
import { reservedElsewhere } from '../engine/contribution.ts';
import { reservedPermissionsOf } from '../presets/define.ts';

export type Db = Prisma.TransactionClient;

export const roleWithGrants = { policies: { include: { policy: { include: { grants: true } } } } } as const;

export type RoleRow = Prisma.RoleGetPayload<{ include: typeof roleWithGrants }>;

export function grantsOf(role: RoleRow): Grant[] {
  return storedRoleGrants(role);
}

/** The role as the engine reads it in a membership's facts (what a role change's preview puts in). */
export function engineRole(role: RoleRow): RoleFacts {
  const { id, key, uniquePerOrganization, ownerOnly, readOnly, includesSubOrganizations } = role;
  return { id, key, protected: role.protected, uniquePerOrganization, ownerOnly, readOnly, includesSubOrganizations, grants: grantsOf(role) };
}

export function roleFacts(role: RoleRow): Pick<RoleFacts, 'id' | 'uniquePerOrganization' | 'ownerOnly'> {
  return { id: role.id, uniquePerOrganization: role.uniquePerOrganization, ownerOnly: role.ownerOnly };
}

/** Grants that stay switched on once `disabledRights` are taken out (R-ACC-1). */
export function effectiveGrants(role: RoleRow, disabledRights: readonly string[]): Grant[] {
  const off = new Set(disabledRights);
  return grantsOf(role).filter((grant) => !off.has(grant.permission));
}

/**
 * A role an organisation may hand out: a built-in one, or a custom role of the organisation or of
 * one of its ancestors (sub-organisations use their root's roles). Anything else reads as absent.
 */
export async function assignableRole(db: Db, roleId: string, organizationId: string): Promise<RoleRow> {
  const role = await db.role.findUnique({ where: { id: roleId }, include: roleWithGrants });
  if (!role) throw notFound('role');
  if (role.organizationId === null || role.organizationId === organizationId) return role;
  const ancestors = await ancestorsOf(db, organizationId);
  if (ancestors.includes(role.organizationId)) return role;
  throw notFound('role');
}

/** Whether a membership lets its holder manage users (the preset's lastManagerPermission, R-LAST-1). */
export function managesUsers(
  ctx: GatehouseContext,
  membership: { readonly isOwner: boolean | null; readonly disabledRights: string; readonly role: RoleRow },
): boolean {
  const permission = ctx.preset.lastManagerPermission;
  const mutates = ctx.catalog[permission]?.mutates ?? true;
  if (membership.role.readOnly && mutates) return false;
  if (membership.isOwner === true && ctx.preset.ownerHasAllPermissions) return true;
  if (parseStringList(membership.disabledRights).includes(permission)) return false;
  // A grant the preset reserves to other roles gives nothing (R-ROLE-2), so it manages no one; the
  // reservation names built-in roles, so a custom role never counts, whatever its key.
  const builtInKey = membership.role.organizationId === null ? membership.role.key : null;
  if (reservedElsewhere(reservedPermissionsOf(ctx.preset), permission, builtInKey)) return false;
  return grantsOf(membership.role).some((grant) => grant.permission === permission && grant.condition === undefined);
}

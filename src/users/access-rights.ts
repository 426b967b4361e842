// Per-user access rights (R-ACC-1): the preset's bundles (seed 002's table, one toggle per row).
// A user sees the bundles their role allows — those holding at least one permission the role
// grants — all switched on by default; switching one off stores its permissions in
// Membership.disabledRights, and only permissions the role grants are ever stored there.
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import type { Grant } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { grantsOf, type RoleRow } from './roles.ts';

export interface AccessRightView {
  readonly key: string;
  readonly label: string;
  readonly enabled: boolean;
}

function rolePermissions(role: RoleRow): Set<string> {
  return new Set(grantsOf(role).map((grant) => grant.permission));
}

/** The bundles the role allows, with their permissions narrowed to what the role grants. */
export function availableRights(ctx: GatehouseContext, role: RoleRow): { key: string; label: string; permissions: string[] }[] {
  const granted = rolePermissions(role);
  return ctx.preset.accessRights
    .map((right) => ({ key: right.key, label: right.label, permissions: right.permissions.filter((permission) => granted.has(permission)) }))
    .filter((right) => right.permissions.length > 0);
}

/** How the rights read for a membership: a bundle is on unless one of its permissions is switched off. */
export function rightsView(ctx: GatehouseContext, role: RoleRow, disabledRights: string): AccessRightView[] {
  const off = new Set(parseStringList(disabledRights));
  return availableRights(ctx, role).map((right) => ({ key: right.key, label: right.label, enabled: !right.permissions.some((permission) => off.has(permission)) }));
}

/**
 * The disabledRights column for the chosen bundles. Unknown keys, or bundles the role does not
 * allow, are bad input. A permission shared by an enabled and a disabled bundle stays on.
 */
export function disabledRightsForRole(ctx: GatehouseContext, role: RoleRow, enabledKeys: readonly string[]): string[] {
  const available = availableRights(ctx, role);
  const known = new Set(available.map((right) => right.key));
  const unknown = enabledKeys.filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new GatehouseError('INVALID_INPUT', `Access rights not available for the role ${role.name}: ${unknown.join(', ')}`, {
      errors: [{ in: 'body', path: 'accessRights', message: `available: ${[...known].join(', ') || 'none'}` }],
    });
  }
  const chosen = new Set(enabledKeys);
  const kept = new Set(available.filter((right) => chosen.has(right.key)).flatMap((right) => right.permissions));
  const off = new Set(available.filter((right) => !chosen.has(right.key)).flatMap((right) => right.permissions));
  return [...off].filter((permission) => !kept.has(permission)).sort();
}

/** The grants a change switches on: the role's grants that were off and no longer are (R-ESC-1). */
export function grantsSwitchedOn(role: RoleRow, before: readonly string[], after: readonly string[]): Grant[] {
  const wasOff = new Set(before);
  const isOff = new Set(after);
  return grantsOf(role).filter((grant) => wasOff.has(grant.permission) && !isOff.has(grant.permission));
}

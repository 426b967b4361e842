// R-ROLE-2: a permission the preset reserves to some built-in roles (seed 004: changing users'
// roles, the Admin only) is given to no custom role and put in no organisation policy — those exist
// to be carried by custom roles. The engine ignores such a grant anyway (defence in depth); refusing
// it here says why, in words, instead of saving a role or policy that promises what it cannot give.
import type { GatehouseContext } from '../context.ts';
import type { Grant } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { reservedPermissionsOf } from '../presets/define.ts';

/** The sentence that says who alone may carry `permission`, or null when it is not reserved. */
export function reservedReason(ctx: GatehouseContext, permission: string): string | null {
  const roleKeys = reservedPermissionsOf(ctx.preset)?.[permission];
  if (roleKeys === undefined) return null;
  const names = roleKeys.map((key) => ctx.preset.roles.find((role) => role.key === key)?.name ?? key);
  const label = ctx.catalog[permission]?.label ?? permission;
  // Catalog labels are verb phrases ("Change a user's role"): they read on after "may".
  const what = label.charAt(0).toLowerCase() + label.slice(1);
  return `Only the ${names.join(' or ')} role${names.length === 1 ? '' : 's'} may ${what} here`;
}

/** A refusal (403, audited as an R-ROLE-2 denial) when a custom role or an organisation policy would carry a reserved permission. */
export function reservedRefusal(ctx: GatehouseContext, grants: readonly Grant[]): GatehouseError | null {
  const permissions = [...new Set(grants.map((grant) => grant.permission))].filter((permission) => reservedReason(ctx, permission) !== null);
  if (permissions.length === 0) return null;
  const reasons = permissions.map((permission) => reservedReason(ctx, permission) as string);
  return new GatehouseError('FORBIDDEN', `${reasons.join('; ')}.`, { rule: 'R-ROLE-2', permissions });
}

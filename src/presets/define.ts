import { roleGrants } from '../engine/actor.ts';
import type { PermissionOf } from '../engine/catalog.ts';
import type { ReservedPermissions } from '../engine/contribution.ts';
import type { Catalog, Grant } from '../engine/types.ts';
import type { Preset, PresetOf, PresetPermission, PresetRole } from './types.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Checks every permission key against the preset's own catalog at compile time, and freezes the
 * data: a preset is shared by every request, so one service pushing into `roles` would change
 * everyone's.
 */
export function definePreset<const C extends Catalog>(preset: PresetOf<C>): PresetOf<C> {
  return deepFreeze(preset);
}

/** Every key of a catalog, for roles that hold everything (owner, admin). */
export function allPermissions<C extends Catalog>(catalog: C): PermissionOf<C>[] {
  return Object.keys(catalog) as PermissionOf<C>[];
}

export function toGrant(permission: PresetPermission): Grant {
  return typeof permission === 'string'
    ? { permission }
    : permission.condition === undefined
      ? { permission: permission.permission }
      : { permission: permission.permission, condition: permission.condition };
}

/**
 * What a preset role grants once seeded: its inline permissions plus the grants of the policies it
 * carries (a legacy role has inline permissions only). The loader computes the same from the
 * database with `roleGrants`; seeders and tests use this one.
 */
export function presetRoleGrants(preset: Preset, role: PresetRole): Grant[] {
  const inline = role.permissions.map(toGrant);
  if (role.legacy === true) return roleGrants({ legacyPermissions: inline, policies: [] });
  const policies = [{ grants: inline }];
  for (const key of role.policies ?? []) {
    const policy = preset.policies.find((candidate) => candidate.key === key);
    if (policy !== undefined) policies.push({ grants: policy.grants.map(toGrant) });
  }
  return roleGrants({ legacyPermissions: null, policies });
}

/** R-ROLE-2: the preset's reservations as the engine takes them (permission → role keys), undefined when it has none. */
export function reservedPermissionsOf(preset: Preset): ReservedPermissions | undefined {
  const given = preset.reservedPermissions;
  if (given === undefined) return undefined;
  const out: Record<string, readonly string[]> = {};
  for (const [permission, roles] of Object.entries(given)) if (roles !== undefined) out[permission] = roles;
  return Object.freeze(out);
}

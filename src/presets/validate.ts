import type { Catalog } from '../engine/types.ts';
import { presetRoleGrants, reservedPermissionsOf, toGrant } from './define.ts';
import type { Preset, PresetPermission } from './types.ts';

/** A policy holds at most 100 grants (R-POL-1). */
export const MAX_GRANTS_PER_POLICY = 100;

function permissionKey(permission: PresetPermission): string {
  return typeof permission === 'string' ? permission : permission.permission;
}

function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of keys) (seen.has(key) ? twice : seen).add(key);
  return [...twice];
}

function checkGrants(where: string, grants: readonly PresetPermission[], catalog: Catalog, problems: string[]): void {
  for (const grant of grants) {
    const key = permissionKey(grant);
    if (!Object.hasOwn(catalog, key)) problems.push(`${where}: unknown permission "${key}"`);
    if (typeof grant !== 'string' && grant.condition !== undefined && grant.condition !== 'own' && grant.condition !== 'scoped') {
      problems.push(`${where}: unknown condition "${String(grant.condition)}" on "${key}"`);
    }
  }
}

/**
 * Every problem of a preset, as sentences; empty when it is sound. Run at start-up (presets and a
 * host's own are data, and data can be wrong) and in the tests for every shipped preset.
 */
export function validatePreset(preset: Preset): string[] {
  const problems: string[] = [];
  const { catalog } = preset;

  for (const key of Object.keys(catalog)) {
    const spec = catalog[key];
    if (spec === undefined || typeof spec.label !== 'string' || typeof spec.group !== 'string' || typeof spec.mutates !== 'boolean') {
      problems.push(`catalog: "${key}" needs a label, a group and a mutates flag`);
    }
  }

  for (const key of duplicates(preset.roles.map((role) => role.key))) problems.push(`roles: duplicate key "${key}"`);
  for (const key of duplicates(preset.policies.map((policy) => policy.key))) problems.push(`policies: duplicate key "${key}"`);
  for (const key of duplicates(preset.accessRights.map((right) => right.key))) problems.push(`accessRights: duplicate key "${key}"`);

  const policyKeys = new Set(preset.policies.map((policy) => policy.key));
  for (const policy of preset.policies) {
    const where = `policy "${policy.key}"`;
    checkGrants(where, policy.grants, catalog, problems);
    if (policy.grants.length > MAX_GRANTS_PER_POLICY) {
      problems.push(`${where}: ${policy.grants.length} grants, at most ${MAX_GRANTS_PER_POLICY}`);
    }
  }

  for (const role of preset.roles) {
    const where = `role "${role.key}"`;
    checkGrants(where, role.permissions, catalog, problems);
    if (role.legacy === true && (role.policies?.length ?? 0) > 0) {
      problems.push(`${where}: a legacy role has inline permissions or policies, never both`);
    }
    // A policy-based role's inline permissions are seeded as a policy of its own, under the same cap.
    if (role.legacy !== true && role.permissions.length > MAX_GRANTS_PER_POLICY) {
      problems.push(`${where}: ${role.permissions.length} inline grants, at most ${MAX_GRANTS_PER_POLICY}`);
    }
    for (const key of role.policies ?? []) {
      if (!policyKeys.has(key)) problems.push(`${where}: unknown policy "${key}"`);
    }
    if (role.readOnly === true) {
      // The engine drops a read-only role's mutations anyway; declaring one is a mistake in the data.
      for (const grant of presetRoleGrants(preset, role)) {
        if (catalog[grant.permission]?.mutates === true) problems.push(`${where}: read-only but grants "${grant.permission}"`);
      }
    }
    if (role.ownerOnly === true && role.key !== preset.ownerRoleKey) {
      problems.push(`${where}: owner-only but not the owner role, so nobody could hold it`);
    }
  }

  if (!preset.roles.some((role) => role.key === preset.ownerRoleKey)) {
    problems.push(`ownerRoleKey: no role "${preset.ownerRoleKey}"`);
  }
  if (!Object.hasOwn(catalog, preset.lastManagerPermission)) {
    problems.push(`lastManagerPermission: unknown permission "${preset.lastManagerPermission}"`);
  }

  // R-ROLE-2: a reservation names built-in roles (custom roles and organisation policies never carry
  // the permission), and the preset's own data must not give it to anyone else.
  const reserved = reservedPermissionsOf(preset) ?? {};
  for (const [permission, roleKeys] of Object.entries(reserved)) {
    const where = `reservedPermissions "${permission}"`;
    if (!Object.hasOwn(catalog, permission)) problems.push(`${where}: unknown permission`);
    if (roleKeys.length === 0) problems.push(`${where}: names no role, so nobody could hold it`);
    for (const key of roleKeys) {
      const role = preset.roles.find((candidate) => candidate.key === key);
      if (role === undefined || role.custom === true) problems.push(`${where}: "${key}" is not a built-in role of the preset`);
    }
    for (const policy of preset.policies) {
      if (policy.grants.some((grant) => toGrant(grant).permission === permission)) {
        problems.push(`policy "${policy.key}": carries "${permission}", reserved to ${roleKeys.join(', ')}, and custom roles may carry preset policies`);
      }
    }
    for (const role of preset.roles) {
      if (!roleKeys.includes(role.key) && presetRoleGrants(preset, role).some((grant) => grant.permission === permission)) {
        problems.push(`role "${role.key}": grants "${permission}", reserved to ${roleKeys.join(', ')}`);
      }
    }
  }

  for (const right of preset.accessRights) {
    if (right.permissions.length === 0) problems.push(`access right "${right.key}": no permissions`);
    for (const key of right.permissions) {
      if (!Object.hasOwn(catalog, key)) problems.push(`access right "${right.key}": unknown permission "${key}"`);
    }
  }

  const password = preset.passwordPolicy;
  if (password !== undefined) {
    const { minLength, maxLength, historySize } = password;
    const whole = (value: number | undefined, least: number): boolean =>
      value === undefined || (Number.isInteger(value) && value >= least);
    if (!whole(minLength, 1)) problems.push('passwordPolicy: minLength must be a whole number ≥ 1');
    if (!whole(maxLength, 1)) problems.push('passwordPolicy: maxLength must be a whole number ≥ 1');
    if (!whole(historySize, 0)) problems.push('passwordPolicy: historySize must be a whole number ≥ 0');
    if (minLength !== undefined && maxLength !== undefined && maxLength < minLength) {
      problems.push('passwordPolicy: maxLength is below minLength');
    }
    const onBehalf = password.onBehalf ?? {};
    if (!whole(onBehalf.minLength, 1)) problems.push('passwordPolicy.onBehalf: minLength must be a whole number ≥ 1');
    if (!whole(onBehalf.maxLength, 1)) problems.push('passwordPolicy.onBehalf: maxLength must be a whole number ≥ 1');
    const onBehalfGiven = onBehalf.minLength !== undefined || onBehalf.maxLength !== undefined;
    if (onBehalfGiven && (onBehalf.minLength ?? minLength ?? 0) > (onBehalf.maxLength ?? maxLength ?? Number.POSITIVE_INFINITY)) {
      problems.push('passwordPolicy.onBehalf: minLength is above maxLength');
    }
  }
  return problems;
}

export function assertValidPreset(preset: Preset): void {
  const problems = validatePreset(preset);
  if (problems.length > 0) throw new Error(`Preset "${preset.id}" is invalid:\n- ${problems.join('\n- ')}`);
}

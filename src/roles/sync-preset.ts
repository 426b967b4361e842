// Brings the database's built-in roles and policies in line with the preset, at every start where
// they differ (preset-drift.ts tells; those of another preset are removed or, while in use,
// refused: preset-switch.ts).
// Ids are derived from the preset keys, so two instances starting at once converge on the same
// rows instead of creating duplicates. Holders of anything that changed see it on their next
// request (their accessVersion is bumped).
import { bumpAccess, holdersOfPolicy, holdersOfRole } from '../authz/access-version.ts';
import { serializeGrants } from '../authz/grant-codec.ts';
import type { GatehouseContext } from '../context.ts';
import type { Grant } from '../engine/types.ts';
import { toGrant } from '../presets/define.ts';
import type { Preset, PresetPolicy, PresetRole } from '../presets/types.ts';
import { removeOtherPresets } from './preset-switch.ts';

export const builtinRoleId = (key: string) => `builtin:${key}`;
export const presetPolicyId = (key: string) => `preset:${key}`;
/** A built-in role's own permissions live in a policy of its own, so every role reads the same way. */
export const ownPolicyKey = (roleKey: string) => `role:${roleKey}`;

type StoredGrant = { readonly permission: string; readonly condition: string | null };

/** A preset policy as stored is as wanted: present, with the same grants (name and description are not compared). */
export function policyInSync(stored: readonly StoredGrant[] | null, wanted: readonly Grant[]): boolean {
  if (stored === null) return false;
  const key = (list: readonly { permission: string; condition?: string | null | undefined }[]) =>
    list.map((grant) => `${grant.permission}|${grant.condition ?? ''}`).sort().join(',');
  return key(stored) === key(wanted);
}

/** A built-in role as stored, whether Prisma or the read connection (preset-drift.ts) read it. */
export interface StoredRole extends ReturnType<typeof roleFlags> {
  readonly legacyPermissions: string | null;
  readonly migratedAt: unknown;
  readonly policyIds: readonly string[];
}

/** A built-in role as stored is as wanted: same flags, same policies, and (until migrated) the same inline grants. */
export function roleInSync(stored: StoredRole | null, role: PresetRole, policyIds: readonly string[]): boolean {
  if (stored === null) return false;
  const flags = roleFlags(role);
  const legacyPermissions = role.legacy ? serializeGrants(role.permissions.map(toGrant)) : null;
  const samePolicies = [...stored.policyIds].sort().join() === [...policyIds].sort().join();
  const sameFlags = (Object.keys(flags) as (keyof typeof flags)[]).every((key) => stored[key] === flags[key]);
  return samePolicies && sameFlags && (stored.migratedAt !== null || stored.legacyPermissions === legacyPermissions);
}

/** Preset policies, plus one per non-legacy built-in role holding the role's inline permissions. */
export function presetPolicies(preset: Preset): PresetPolicy[] {
  const own = preset.roles
    .filter((role) => !role.custom && !role.legacy && role.permissions.length > 0)
    .map((role): PresetPolicy => ({ key: ownPolicyKey(role.key), name: `${role.name} (built-in)`, description: `Permissions of the built-in role ${role.name}`, grants: role.permissions }));
  return [...preset.policies, ...own];
}

function roleFlags(role: PresetRole) {
  return {
    name: role.name,
    description: role.description,
    protected: role.protected ?? false,
    uniquePerOrganization: role.uniquePerOrganization ?? false,
    ownerOnly: role.ownerOnly ?? false,
    readOnly: role.readOnly ?? false,
    includesSubOrganizations: role.includesSubOrganizations ?? false,
  };
}

export function builtinPolicyKeys(role: PresetRole): string[] {
  if (role.legacy) return [];
  return [...(role.permissions.length > 0 ? [ownPolicyKey(role.key)] : []), ...(role.policies ?? [])];
}

export async function syncPreset(ctx: GatehouseContext): Promise<{ changedRoles: number }> {
  const { prisma, preset } = ctx;
  let changedRoles = 0;
  await prisma.$transaction(async (tx) => {
    const builtinRoles = preset.roles.filter((role) => !role.custom);
    await removeOtherPresets(tx, preset.id, builtinRoles.map((role) => builtinRoleId(role.key)), presetPolicies(preset).map((policy) => presetPolicyId(policy.key)));
    for (const policy of presetPolicies(preset)) {
      const id = presetPolicyId(policy.key);
      const grants = policy.grants.map(toGrant);
      const existing = await tx.permissionPolicy.findUnique({ where: { id }, include: { grants: true } });
      if (policyInSync(existing?.grants ?? null, grants)) continue;
      await tx.permissionPolicy.upsert({
        where: { id },
        create: { id, key: policy.key, name: policy.name, description: policy.description },
        update: { name: policy.name, description: policy.description },
      });
      await tx.policyGrant.deleteMany({ where: { policyId: id } });
      await tx.policyGrant.createMany({ data: grants.map((grant) => ({ policyId: id, permission: grant.permission, condition: grant.condition ?? null })) });
      if (existing) await bumpAccess(tx, holdersOfPolicy(id));
    }
    for (const role of builtinRoles) {
      const id = builtinRoleId(role.key);
      const legacyPermissions = role.legacy ? serializeGrants(role.permissions.map(toGrant)) : null;
      const flags = roleFlags(role);
      const existing = await tx.role.findUnique({ where: { id }, include: { policies: true } });
      const policyIds = builtinPolicyKeys(role).map(presetPolicyId);
      if (roleInSync(existing && { ...existing, policyIds: existing.policies.map((link) => link.policyId) }, role, policyIds)) continue;
      await tx.role.upsert({
        where: { id },
        create: { id, key: role.key, kind: 'BUILTIN', ...flags, legacyPermissions },
        update: { ...flags, ...(existing?.migratedAt ? {} : { legacyPermissions }) },
      });
      if (!existing?.migratedAt) {
        await tx.rolePolicy.deleteMany({ where: { roleId: id } });
        if (policyIds.length > 0) await tx.rolePolicy.createMany({ data: policyIds.map((policyId) => ({ roleId: id, policyId })) });
      }
      if (existing) {
        changedRoles += 1;
        await bumpAccess(tx, holdersOfRole(id));
      }
    }
  });
  return { changedRoles };
}

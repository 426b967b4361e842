// Whether the database's built-in roles and preset policies already are what the preset says, read
// through the read connection (src/reads/). A restart with an unchanged preset, by far the common
// case, then opens no Prisma transaction: Prisma's query compiler (tens of MiB once instantiated)
// stays unloaded until something needs it, and a host instance that only serves its own routes
// never loads it. The comparisons are sync-preset.ts's own (policyInSync, roleInSync); any
// difference, or any built-in role or preset policy the preset does not have, hands over to the
// transaction, which reads again inside it and decides there.
import type { GatehouseContext } from '../context.ts';
import { boolColumn, nullableTextColumn, textColumn } from '../reads/columns.ts';
import { defineRead, type Row } from '../reads/read-connection.ts';
import { toGrant } from '../presets/define.ts';
import type { Preset } from '../presets/types.ts';
import { builtinPolicyKeys, builtinRoleId, policyInSync, presetPolicies, presetPolicyId, roleInSync, type StoredRole } from './sync-preset.ts';

const builtinRoles = defineRead(
  'preset_builtin_roles',
  (d) => `SELECT "id", "name", "description", "protected", "uniquePerOrganization", "ownerOnly", "readOnly", "includesSubOrganizations", "legacyPermissions", "migratedAt"
    FROM ${d.table('Role')} WHERE "kind" = 'BUILTIN' AND "organizationId" IS NULL`,
);
const builtinRolePolicies = defineRead(
  'preset_builtin_role_policies',
  (d) => `SELECT rp."roleId", rp."policyId" FROM ${d.table('RolePolicy')} rp JOIN ${d.table('Role')} r ON r."id" = rp."roleId" WHERE r."kind" = 'BUILTIN' AND r."organizationId" IS NULL`,
);
const presetPolicyRows = defineRead('preset_policies', (d) => `SELECT "id" FROM ${d.table('PermissionPolicy')} WHERE "organizationId" IS NULL AND "id" LIKE 'preset:%'`);
const presetGrants = defineRead(
  'preset_policy_grants',
  (d) => `SELECT g."policyId", g."permission", g."condition" FROM ${d.table('PolicyGrant')} g JOIN ${d.table('PermissionPolicy')} p ON p."id" = g."policyId"
    WHERE p."organizationId" IS NULL AND p."id" LIKE 'preset:%'`,
);

function storedRole(row: Row, policyIds: readonly string[]): StoredRole {
  return {
    name: textColumn(row.name),
    description: textColumn(row.description),
    protected: boolColumn(row.protected),
    uniquePerOrganization: boolColumn(row.uniquePerOrganization),
    ownerOnly: boolColumn(row.ownerOnly),
    readOnly: boolColumn(row.readOnly),
    includesSubOrganizations: boolColumn(row.includesSubOrganizations),
    legacyPermissions: nullableTextColumn(row.legacyPermissions),
    migratedAt: row.migratedAt ?? null,
    policyIds,
  };
}

function groupBy<T>(rows: readonly Row[], key: string, value: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = textColumn(row[key]);
    const list = groups.get(id) ?? [];
    list.push(value(row));
    groups.set(id, list);
  }
  return groups;
}

/** True when syncPreset would change (or refuse) something; false when the database is the preset's. */
export async function presetDrifted(ctx: Pick<GatehouseContext, 'reads'>, preset: Preset): Promise<boolean> {
  const [roles, links, policies, grants] = await Promise.all([
    ctx.reads.all(builtinRoles, []),
    ctx.reads.all(builtinRolePolicies, []),
    ctx.reads.all(presetPolicyRows, []),
    ctx.reads.all(presetGrants, []),
  ]);
  const wantedPolicies = presetPolicies(preset);
  const wantedRoles = preset.roles.filter((role) => !role.custom);
  const wantedPolicyIds = new Set(wantedPolicies.map((policy) => presetPolicyId(policy.key)));
  const wantedRoleIds = new Set(wantedRoles.map((role) => builtinRoleId(role.key)));
  // Another preset's leftovers: removeOtherPresets removes them, or refuses while they are held.
  if (roles.some((row) => !wantedRoleIds.has(textColumn(row.id)))) return true;
  if (policies.some((row) => !wantedPolicyIds.has(textColumn(row.id)))) return true;
  const grantsOf = groupBy(grants, 'policyId', (row) => ({ permission: textColumn(row.permission), condition: nullableTextColumn(row.condition) }));
  const storedPolicyIds = new Set(policies.map((row) => textColumn(row.id)));
  for (const policy of wantedPolicies) {
    const id = presetPolicyId(policy.key);
    if (!policyInSync(storedPolicyIds.has(id) ? (grantsOf.get(id) ?? []) : null, policy.grants.map(toGrant))) return true;
  }
  const policiesOf = groupBy(links, 'roleId', (row) => textColumn(row.policyId));
  const storedRoles = new Map(roles.map((row) => [textColumn(row.id), row]));
  for (const role of wantedRoles) {
    const id = builtinRoleId(role.key);
    const row = storedRoles.get(id);
    if (!roleInSync(row ? storedRole(row, policiesOf.get(id) ?? []) : null, role, builtinPolicyKeys(role).map(presetPolicyId))) return true;
  }
  return false;
}

// Roles (R-ROLE-1, R-PROT-1, R-ESC-1, R-MIG-1): the operations (operations/), the reads, and the
// preset synchronisation run at start.
export { createRole, deleteRole, migrateRole, roleOperations, updateRole, type MigrationResult } from './operations/index.ts';
export { memberRoles, type MemberRoles, type MemberRoleView } from './member-roles.ts';
export { migrationPreview, type MigrationPreview } from './migration-preview.ts';
export { getRole, listRoles, type ListRolesInput } from './read-roles.ts';
export type { RoleView } from './role-record.ts';
export { builtinPolicyKeys, builtinRoleId, ownPolicyKey, presetPolicyId, syncPreset } from './sync-preset.ts';

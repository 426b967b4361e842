// Roles (R-ROLE-1, R-PROT-1, R-ESC-1, R-MIG-1): the services the REST routes and the AdminJS panel
// call, and the preset synchronisation run at start.
export { createRole, type CreateRoleInput } from './create-role.ts';
export { deleteRole } from './delete-role.ts';
export { migrateRole, type MigrateRoleInput, type MigrationResult } from './migrate-role.ts';
export { migrationPreview, type MigrationPreview } from './migration-preview.ts';
export { getRole, listRoles, type ListRolesInput } from './read-roles.ts';
export type { RoleView } from './role-record.ts';
export { updateRole, type UpdateRoleInput } from './update-role.ts';
export { builtinPolicyKeys, builtinRoleId, ownPolicyKey, presetPolicyId, syncPreset } from './sync-preset.ts';

// Permission catalog and effective permissions: the services the REST routes and the panel call.
export { permissionCatalog, type PermissionEntry, type PermissionGroup } from './catalog-view.ts';
export { effectivePermissionsOf, type EffectivePermission, type EffectivePermissions, type OrganizationPermissions } from './effective-permissions.ts';
export { MAX_GRANTS_PER_POLICY, type GrantInput, type GrantView } from './grants.ts';
export type { Page } from './paging.ts';

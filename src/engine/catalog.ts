import type { Catalog } from './types.ts';

// Declared once: the permission type, the labels in the panel and the guards' `mutates` flag
// all derive from this object, so a key cannot exist in one place and be missing in another.
export const coreCatalog = {
  'user.view': { label: 'View users', group: 'user', mutates: false },
  'user.create': { label: 'Create users', group: 'user', mutates: true },
  'user.invite': { label: 'Invite users (and resend or revoke invitations)', group: 'user', mutates: true },
  'user.edit': { label: "Edit other users' profiles", group: 'user', mutates: true },
  'user.remove': { label: 'Remove users from the organisation', group: 'user', mutates: true },
  'user.lock': { label: 'Lock and unlock users', group: 'user', mutates: true },
  'user.disable': { label: 'Disable and enable users', group: 'user', mutates: true },
  'user.resetPassword': { label: 'Send a password reset link', group: 'user', mutates: true },
  'user.setPassword': { label: 'Set a password on behalf of a user', group: 'user', mutates: true },
  'user.setMfa': { label: "Change a user's second factor", group: 'user', mutates: true },
  'user.editRole': { label: "Change a user's role", group: 'user', mutates: true },
  'user.editAccessRights': { label: "Switch a user's access rights on and off", group: 'user', mutates: true },
  'user.editScope': { label: 'Limit a user to chosen resources', group: 'user', mutates: true },
  'user.assignOrganizations': { label: 'Assign users to organisations', group: 'user', mutates: true },
  'user.manageSessions': { label: "See and end other users' sign-in sessions", group: 'user', mutates: true },
  'user.manageApiKeys': { label: "See and revoke other users' API keys", group: 'user', mutates: true },
  'user.impersonate': { label: 'Act as another user, for support (time-limited and audited)', group: 'user', mutates: true },
  'role.view': { label: 'View roles and their permissions', group: 'role', mutates: false },
  'role.manage': { label: 'Create and edit roles', group: 'role', mutates: true },
  'role.migrate': { label: 'Migrate a legacy role to a policy', group: 'role', mutates: true },
  'policy.view': { label: 'View permission policies', group: 'policy', mutates: false },
  'policy.manage': { label: 'Create and edit permission policies', group: 'policy', mutates: true },
  'org.view': { label: 'View the organisation', group: 'org', mutates: false },
  'org.manage': { label: 'Manage the organisation and its sub-organisations', group: 'org', mutates: true },
  'org.transferOwnership': { label: 'Transfer ownership', group: 'org', mutates: true },
  'audit.view': { label: 'View the audit trail', group: 'audit', mutates: false },
  'apikey.create': { label: 'Create personal API keys', group: 'apikey', mutates: true },
} as const satisfies Catalog;

export type CoreCatalog = typeof coreCatalog;
export type CorePermission = keyof CoreCatalog;
/** The permission keys of a catalog: a host's typo in a key is a type error. */
export type PermissionOf<C extends Catalog> = keyof C & string;

/** The resource a permission belongs to, for scopes: `product.manage` → `product`, `purchase` → `purchase`. */
export function resourceOf(permission: string): string {
  const dot = permission.indexOf('.');
  return dot === -1 ? permission : permission.slice(0, dot);
}

/** Whether `key` names a permission of `catalog` (own keys only: `constructor` is not a permission). */
export function isPermission(catalog: Catalog, key: string): boolean {
  return Object.hasOwn(catalog, key);
}

/**
 * Adds permissions to a catalog. Presets add their domain keys to the core this way, and hosts add
 * theirs to a preset's. A duplicate key throws rather than silently redefining what a permission
 * means (a host redefining `user.lock` as non-mutating would open R-READ-1).
 */
export function extendCatalog<const B extends Catalog, const E extends Catalog>(base: B, extra: E): B & E {
  const merged: Record<string, Catalog[string]> = Object.create(null) as Record<string, Catalog[string]>;
  for (const key of Object.keys(base)) {
    const spec = base[key] as Catalog[string];
    merged[key] = Object.isFrozen(spec) ? spec : Object.freeze({ label: spec.label, group: spec.group, mutates: spec.mutates });
  }
  for (const key of Object.keys(extra)) {
    if (Object.hasOwn(merged, key)) {
      throw new Error(`extendCatalog: permission "${key}" is already declared`);
    }
    const spec = extra[key] as Catalog[string];
    if (key.length === 0 || typeof spec.mutates !== 'boolean' || typeof spec.label !== 'string') {
      throw new Error(`extendCatalog: permission "${key}" needs a label, a group and a mutates flag`);
    }
    merged[key] = Object.freeze({ label: spec.label, group: spec.group, mutates: spec.mutates });
  }
  return Object.freeze(merged) as B & E;
}

// What the guards need to know about each action, as bit flags computed once per catalog, so that a
// decision reads one small integer instead of asking several sets whether they hold the action.
import type { Catalog } from './types.ts';

export const MUTATES = 1;
/** R-SELF-2: everyone may do it to their own account. */
export const SELF_SERVICE = 2;
/** R-SELF-1: nobody may do it to their own account. */
export const SELF_FORBIDDEN = 4;
/** R-OWNER-1: a mutation of a user, which nobody but the owner does to the owner. */
export const USER_MUTATION = 8;
/** R-LAST-1: takes away the target's ability to manage users. */
export const LAST_MANAGER = 16;
/** R-ESC-2: acts on another user's credentials (password, second factor, sessions, API keys, identity). */
export const CREDENTIAL = 32;
/** R-ESC-2: denied when the target's compiled access (`holder`) is not given. */
export const NEEDS_HOLDER = 64;
/** R-ESC-2: a credential action only when the target says it touches identity (an e-mail change, the account deleted). */
export const IDENTITY_EDIT = 128;
/** R-OWNER-2: decided by ownership, not by a permission. */
export const TRANSFER = 256;
/** R-PROT-1: edits a role's permissions. */
export const ROLE_EDIT = 512;

export const TRANSFER_OWNERSHIP = 'org.transferOwnership';

/** R-SELF-2: what everyone may do to their own account, with or without any permission. */
export const selfServiceActions: ReadonlySet<string> = new Set([
  'user.view',
  'user.edit',
  'user.setMfa',
  'user.setPassword',
  'user.manageSessions',
  'user.manageApiKeys',
]);

/** R-SELF-1: what nobody may do to their own account, whatever their role says. */
export const selfForbiddenActions: ReadonlySet<string> = new Set([
  'user.editRole',
  'user.disable',
  'user.lock',
  'user.editAccessRights',
  'user.editScope',
  'user.assignOrganizations',
  'user.remove',
  // Signing in as oneself would be a second session with an impersonator's rights (R-IMP-1).
  'user.impersonate',
]);

/** R-LAST-1: actions that take away the target's ability to manage users (demotions say so in their change). */
export const lastManagerActions: ReadonlySet<string> = new Set(['user.lock', 'user.disable', 'user.remove']);

/**
 * R-ESC-2: actions on another user's credentials, which need the actor to dominate the target. The
 * target's compiled access (`holder`) is what dominance is judged on, and every one of them is
 * denied without it (fail closed). `user.edit` and `user.remove` are among them only when the target
 * says `touchesIdentity` (and then need `holder` too): an e-mail change, or a removal that deletes
 * the account and with it the user's sign-in.
 */
export const credentialActions: ReadonlySet<string> = new Set([
  'user.resetPassword',
  'user.setPassword',
  'user.setMfa',
  'user.manageSessions',
  'user.manageApiKeys',
  'user.impersonate',
]);
export const credentialActionsNeedingHolder: ReadonlySet<string> = new Set([
  'user.resetPassword',
  'user.setPassword',
  'user.setMfa',
  'user.manageSessions',
  'user.manageApiKeys',
  'user.impersonate',
]);

/**
 * R-ESC-2 when they touch identity. Removing a user from one of several organisations is not an act
 * on their sign-in (unassigning is not either); deleting their account with their last membership is.
 */
const identityActions: ReadonlySet<string> = new Set(['user.edit', 'user.remove']);
const roleEditActions: ReadonlySet<string> = new Set(['role.manage', 'role.migrate']);

/** Every catalog key and its flags; keys that are not permissions (a malformed spec) are left out. */
export type ActionTable = ReadonlyMap<string, number>;

export function buildActionTable(catalog: Catalog): ActionTable {
  const table = new Map<string, number>();
  for (const action of Object.keys(catalog)) {
    const spec = catalog[action];
    if (spec === undefined || typeof spec.mutates !== 'boolean') continue;
    let flags = spec.mutates ? MUTATES : 0;
    if (selfServiceActions.has(action)) flags |= SELF_SERVICE;
    if (selfForbiddenActions.has(action)) flags |= SELF_FORBIDDEN;
    if (spec.mutates && action.startsWith('user.')) flags |= USER_MUTATION;
    if (lastManagerActions.has(action)) flags |= LAST_MANAGER;
    if (credentialActions.has(action)) flags |= CREDENTIAL;
    if (credentialActionsNeedingHolder.has(action)) flags |= NEEDS_HOLDER;
    if (identityActions.has(action)) flags |= IDENTITY_EDIT;
    if (action === TRANSFER_OWNERSHIP) flags |= TRANSFER;
    if (roleEditActions.has(action)) flags |= ROLE_EDIT;
    table.set(action, flags);
  }
  return table;
}

const tables = new WeakMap<Catalog, ActionTable>();

/** The table of a catalog, built on first use (catalogs are frozen, so it never goes stale). */
export function actionTableOf(catalog: Catalog): ActionTable {
  let table = tables.get(catalog);
  if (table === undefined) tables.set(catalog, (table = buildActionTable(catalog)));
  return table;
}

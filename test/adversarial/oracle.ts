// The expected decision for (actor, action, target), derived from the rules of docs/rules.md and the preset's data
// alone — deliberately not from the engine, so that the escalation matrix compares two
// independent readings of the rules.
import { presetRoleGrants } from '../../src/presets/index.ts';
import type { Preset } from '../../src/presets/types.ts';
import type { WorldUser } from './world.ts';

export type Expected = 'allowed' | 'denied' | 'not-found';

export interface UserAction {
  readonly name: string;
  readonly permission: string;
  readonly mutates: boolean;
  /** R-LAST-1: refused on the last user manager of an organisation. */
  readonly removesManager: boolean;
}

export const userActions: readonly UserAction[] = [
  { name: 'view', permission: 'user.view', mutates: false, removesManager: false },
  { name: 'setMfa', permission: 'user.setMfa', mutates: true, removesManager: false },
  { name: 'lock', permission: 'user.lock', mutates: true, removesManager: true },
  { name: 'unlock', permission: 'user.lock', mutates: true, removesManager: false },
  { name: 'disable', permission: 'user.disable', mutates: true, removesManager: true },
  { name: 'enable', permission: 'user.disable', mutates: true, removesManager: false },
  { name: 'resetPassword', permission: 'user.resetPassword', mutates: true, removesManager: false },
];

export interface Organisation {
  readonly id: string;
  readonly parentId: string | null;
}

function role(preset: Preset, key: string) {
  const found = preset.roles.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no role ${key} in ${preset.id}`);
  return found;
}

/** Permissions held without condition by a member (an owner holds all when the preset says so). */
export function heldPermissions(preset: Preset, user: WorldUser): Set<string> {
  if (user.owner && preset.ownerHasAllPermissions) return new Set(Object.keys(preset.catalog));
  return new Set(presetRoleGrants(preset, role(preset, user.roleKey)).filter((grant) => grant.condition === undefined).map((grant) => grant.permission));
}

function reaches(preset: Preset, actor: WorldUser, organizationId: string, organisations: readonly Organisation[]): boolean {
  if (actor.organizationId === organizationId) return true;
  if (!role(preset, actor.roleKey).includesSubOrganizations) return false;
  for (let at = organisations.find((o) => o.id === organizationId); at?.parentId; at = organisations.find((o) => o.id === at?.parentId)) {
    if (at.parentId === actor.organizationId) return true;
  }
  return false;
}

export function expectedDecision(
  preset: Preset,
  actor: WorldUser,
  action: UserAction,
  target: WorldUser,
  context: { readonly organisations: readonly Organisation[]; readonly everyone: readonly WorldUser[] },
): Expected {
  if (!reaches(preset, actor, target.organizationId, context.organisations)) return 'not-found'; // R-TENANT-1
  const held = heldPermissions(preset, actor);
  if (!held.has(action.permission)) return 'denied'; // R-PERM-1 (and R-ACC-1 / R-SCOPE-1: none switched off here)
  if (action.mutates && role(preset, actor.roleKey).readOnly) return 'denied'; // R-READ-1
  if (action.mutates && target.owner && !actor.owner) return 'denied'; // R-OWNER-1
  if (action.removesManager) {
    // Able to manage users in the target's organisation: its own members with the permission, and
    // members of an organisation above it whose role reaches sub-organisations.
    const managers = context.everyone.filter(
      (user) => reaches(preset, user, target.organizationId, context.organisations) && heldPermissions(preset, user).has(preset.lastManagerPermission),
    );
    if (managers.length === 1 && managers[0]?.id === target.id) return 'denied'; // R-LAST-1
  }
  return 'allowed';
}

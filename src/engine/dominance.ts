// R-ESC-2: whether an actor dominates another user — reaches every organisation the other reaches,
// and holds there everything the other holds, at least as broadly. Acting on someone's password,
// second factor, sessions, API keys or e-mail is acting as them: without dominance it would be a way
// to gain what they hold.
import type { Actor, HeldPermission, OrganizationAccess } from './types.ts';

type Instances = ReadonlyMap<string, ReadonlySet<string>>;

function instancesOf(held: HeldPermission, access: OrganizationAccess): Instances {
  if (held.scopeIds !== undefined) return held.scopeIds;
  // Hand-built actors may carry only the organisation's plain scope.
  const out = new Map<string, ReadonlySet<string>>();
  const scope = access.scope;
  if (scope !== null) for (const resource of Object.keys(scope)) out.set(resource, new Set(scope[resource]));
  return out;
}

function includesInstances(mine: Instances, theirs: Instances): boolean {
  for (const [resource, ids] of theirs) {
    const own = mine.get(resource);
    for (const id of ids) if (own === undefined || !own.has(id)) return false;
  }
  return true;
}

function reachesNothing(instances: Instances): boolean {
  for (const ids of instances.values()) if (ids.size > 0) return false;
  return true;
}

/** Whether `mine` lets one do at least what `theirs` lets the other do (own records counting as each one's own). */
export function coversHold(mine: HeldPermission | undefined, myAccess: OrganizationAccess, theirs: HeldPermission, theirAccess: OrganizationAccess): boolean {
  // A scoped hold without instances gives nothing, so that part has nothing to cover.
  const theirInstances = theirs.scoped ? instancesOf(theirs, theirAccess) : null;
  const theirsScoped = theirInstances !== null && !reachesNothing(theirInstances);
  if (!theirs.unconditional && !theirs.own && !theirsScoped) return true;
  if (mine === undefined) return false;
  if (mine.unconditional) return true;
  if (theirs.unconditional) return false;
  if (theirs.own && !mine.own) return false;
  if (theirInstances !== null && theirsScoped) {
    if (!mine.scoped || !includesInstances(instancesOf(mine, myAccess), theirInstances)) return false;
  }
  return true;
}

/**
 * What counts of an organisation's access for dominance: for a disabled organisation, what it will
 * give once enabled again (R-ORG-1), so that disabling an organisation never opens a takeover.
 */
function potential(access: OrganizationAccess): ReadonlyMap<string, HeldPermission> {
  return access.heldWhenEnabled ?? access.held;
}

/** The first permission the holder holds here that the actor does not cover; null when covered. */
export function uncoveredIn(mine: OrganizationAccess, theirs: OrganizationAccess): string | null {
  const myHeld = potential(mine);
  for (const [permission, hold] of potential(theirs)) {
    if (!coversHold(myHeld.get(permission), mine, hold, theirs)) return permission;
  }
  return null;
}

export interface Undominated {
  readonly organizationId: string;
  /** The permission the actor lacks there; null when the actor does not reach the organisation at all. */
  readonly permission: string | null;
}

/**
 * Where the actor falls short of the holder: the first organisation of the target (`belongsTo`, or
 * reached by the holder) that the actor does not reach, or where it lacks a permission the holder
 * has. Null when the actor dominates.
 */
export function firstUndominated(actor: Actor, holder: Actor, belongsTo: readonly string[]): Undominated | null {
  for (const organizationId of belongsTo) {
    if (!actor.organizations.has(organizationId)) return { organizationId, permission: null };
  }
  for (const [organizationId, theirs] of holder.organizations) {
    const mine = actor.organizations.get(organizationId);
    if (mine === undefined) return { organizationId, permission: null };
    const permission = uncoveredIn(mine, theirs);
    if (permission !== null) return { organizationId, permission };
  }
  return null;
}

export function dominates(actor: Actor, holder: Actor, belongsTo: readonly string[]): boolean {
  return firstUndominated(actor, holder, belongsTo) === null;
}

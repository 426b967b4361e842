import { allowedBy, deniedBy } from './rules.ts';
import type { Actor, Catalog, ChangeFacts, Decision, Grant, HeldPermission, OrganizationAccess, Target } from './types.ts';

// Everything below runs for every row of a list: no allocation, no closures, shared decisions.
const ALLOW_PERM = allowedBy['R-PERM-1'];
const ALLOW_SELF = allowedBy['R-SELF-2'];
const ALLOW_TRANSFER = allowedBy['R-OWNER-2'];
const DENY_PERM = deniedBy['R-PERM-1'];
const DENY_TENANT = deniedBy['R-TENANT-1'];
const DENY_SELF = deniedBy['R-SELF-1'];
const DENY_OWNER = deniedBy['R-OWNER-1'];
const DENY_OWNER_ONLY = deniedBy['R-OWNER-2'];
const DENY_READ = deniedBy['R-READ-1'];
const DENY_ACC = deniedBy['R-ACC-1'];
const DENY_SCOPE = deniedBy['R-SCOPE-1'];
const DENY_ESC = deniedBy['R-ESC-1'];
const DENY_UNIQ = deniedBy['R-UNIQ-1'];
const DENY_LAST = deniedBy['R-LAST-1'];
const DENY_PROT = deniedBy['R-PROT-1'];

export const TRANSFER_OWNERSHIP = 'org.transferOwnership';

/** R-SELF-2: what everyone may do to their own account, with or without any permission. */
export const selfServiceActions: ReadonlySet<string> = new Set(['user.view', 'user.edit', 'user.setMfa', 'user.setPassword']);

/** R-SELF-1: what nobody may do to their own account, whatever their role says. */
export const selfForbiddenActions: ReadonlySet<string> = new Set([
  'user.editRole',
  'user.disable',
  'user.lock',
  'user.editAccessRights',
  'user.editScope',
  'user.assignOrganizations',
  'user.remove',
]);

/** R-LAST-1: actions that take away the target's ability to manage users. */
const lastManagerActions: ReadonlySet<string> = new Set(['user.lock', 'user.disable', 'user.remove']);

/**
 * When a user target belongs to several organisations and none allows, the denial reported is
 * the one from the organisation where the actor got furthest through the guards: it says the
 * most about why (a switched-off right tells more than a missing one).
 */
const specificity = new Map<Decision, number>([
  [DENY_TENANT, 0],
  [DENY_OWNER_ONLY, 1],
  [DENY_READ, 2],
  [DENY_PERM, 3],
  [DENY_SCOPE, 4],
  [DENY_ACC, 5],
  [DENY_ESC, 6],
]);

function moreSpecific(a: Decision, b: Decision): Decision {
  return (specificity.get(b) ?? 0) > (specificity.get(a) ?? 0) ? b : a;
}

function inScope(held: HeldPermission, access: OrganizationAccess, resource: string, id: string): boolean {
  const byResource = held.scopeIds;
  if (byResource !== undefined) return byResource.get(resource)?.has(id) === true;
  // Hand-built actors may carry only the organisation's plain scope.
  const scope = access.scope;
  if (scope === null || !Object.hasOwn(scope, resource)) return false;
  return scope[resource]?.includes(id) === true;
}

/** R-ESC-1: a grant needs the permission held at least as broadly as it gives it. */
function covers(held: HeldPermission | undefined, grant: Grant): boolean {
  if (held === undefined) return false;
  if (held.unconditional) return true;
  const condition = grant.condition;
  if (condition === 'own') return held.own;
  if (condition === 'scoped') return held.scoped;
  return false;
}

/** The guards that depend on one organisation: R-OWNER-2 (transfer), R-READ-1, R-PERM-1/ACC-1/SCOPE-1, R-ESC-1. */
function decideIn(
  actor: Actor,
  access: OrganizationAccess,
  action: string,
  mutates: boolean,
  resource: string,
  id: string,
  ownerId: string | null | undefined,
  change: ChangeFacts | undefined,
): Decision {
  // Ownership is a fact, not a permission: no role can grant or withhold the transfer.
  if (action === TRANSFER_OWNERSHIP) return access.isOwner ? ALLOW_TRANSFER : DENY_OWNER_ONLY;
  if (mutates && access.readOnly) return DENY_READ;
  const held = access.held.get(action);
  if (held === undefined) return access.switchedOff.has(action) ? DENY_ACC : DENY_PERM;
  if (!held.unconditional) {
    const owns = held.own && ownerId !== null && ownerId !== undefined && ownerId === actor.userId;
    if (!owns && !(held.scoped && inScope(held, access, resource, id))) {
      if (access.switchedOff.has(action)) return DENY_ACC;
      return held.scoped ? DENY_SCOPE : DENY_PERM;
    }
  }
  if (change !== undefined && change.grants !== undefined) {
    for (const grant of change.grants) {
      if (!covers(access.held.get(grant.permission), grant)) return DENY_ESC;
    }
  }
  return ALLOW_PERM;
}

/** Per-organisation guards over every organisation the actor has (built-in roles and policies). */
function decideAnywhere(
  actor: Actor,
  action: string,
  mutates: boolean,
  resource: string,
  id: string,
  change: ChangeFacts | undefined,
): Decision {
  let best = DENY_TENANT;
  for (const access of actor.organizations.values()) {
    const decision = decideIn(actor, access, action, mutates, resource, id, null, change);
    if (decision.allowed) return decision;
    best = moreSpecific(best, decision);
  }
  return best;
}

function uniqueTaken(change: ChangeFacts | undefined): boolean {
  return change !== undefined && change.uniqueRoleTaken === true && change.assignsRole?.uniquePerOrganization === true;
}

function assignsOwnerOnly(change: ChangeFacts | undefined): boolean {
  return change !== undefined && change.assignsRole?.ownerOnly === true;
}

function decideUser(actor: Actor, action: string, mutates: boolean, target: Extract<Target, { kind: 'user' }>): Decision {
  const self = target.userId === actor.userId;
  // R-SELF-2 comes before the tenant check: one's own profile is reachable without any membership.
  if (self && selfServiceActions.has(action)) return ALLOW_SELF;

  const organizationIds = target.organizationIds;
  let reached = false;
  for (const organizationId of organizationIds) {
    if (actor.organizations.has(organizationId)) {
      reached = true;
      break;
    }
  }
  if (!reached) return DENY_TENANT;
  if (self && selfForbiddenActions.has(action)) return DENY_SELF;
  if (!self && target.isOwner && mutates && action.startsWith('user.')) return DENY_OWNER;
  const change = target.change;
  if (!target.isOwner && assignsOwnerOnly(change)) return DENY_OWNER_ONLY;

  let decision = DENY_TENANT;
  for (const organizationId of organizationIds) {
    const access = actor.organizations.get(organizationId);
    if (access === undefined) continue;
    const here = decideIn(actor, access, action, mutates, 'user', target.userId, target.userId, change);
    if (here.allowed) {
      decision = here;
      break;
    }
    decision = moreSpecific(decision, here);
  }
  if (!decision.allowed) return decision;
  if (uniqueTaken(change)) return DENY_UNIQ;
  if (target.isLastManager === true && (lastManagerActions.has(action) || change?.demotesManager === true)) {
    return DENY_LAST;
  }
  return decision;
}

/**
 * Decides one action on one target. Pure and synchronous; the guards run in the order of the
 * spec and the first failure names its rule.
 */
export function decide(actor: Actor, action: string, target: Target, catalog: Catalog): Decision {
  const spec = catalog[action];
  // `typeof` also rejects inherited keys such as `constructor`, which are not permissions.
  if (spec === undefined || typeof spec.mutates !== 'boolean') return DENY_PERM;
  const mutates = spec.mutates;
  switch (target.kind) {
    case 'record': {
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      return decideIn(actor, access, action, mutates, target.resource, target.id, target.ownerId, undefined);
    }
    case 'user':
      return decideUser(actor, action, mutates, target);
    case 'organization': {
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      const change = target.change;
      // Whoever is being invited or added is not the owner yet.
      if (assignsOwnerOnly(change)) return DENY_OWNER_ONLY;
      const decision = decideIn(actor, access, action, mutates, 'org', target.organizationId, null, change);
      if (decision.allowed && uniqueTaken(change)) return DENY_UNIQ;
      return decision;
    }
    case 'role': {
      let decision: Decision;
      if (target.organizationId === null) {
        decision = decideAnywhere(actor, action, mutates, 'role', target.roleId, target.change);
      } else {
        const access = actor.organizations.get(target.organizationId);
        if (access === undefined) return DENY_TENANT;
        decision = decideIn(actor, access, action, mutates, 'role', target.roleId, null, target.change);
      }
      if (decision.allowed && target.protected && (action === 'role.manage' || action === 'role.migrate')) return DENY_PROT;
      return decision;
    }
    case 'policy': {
      if (target.organizationId === null) {
        return decideAnywhere(actor, action, mutates, 'policy', target.policyId, target.change);
      }
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      return decideIn(actor, access, action, mutates, 'policy', target.policyId, null, target.change);
    }
  }
}

import {
  actionTableOf,
  CREDENTIAL,
  IDENTITY_EDIT,
  LAST_MANAGER,
  MUTATES,
  NEEDS_HOLDER,
  ROLE_EDIT,
  SELF_FORBIDDEN,
  SELF_SERVICE,
  TRANSFER,
  USER_MUTATION,
  type ActionTable,
} from './actions.ts';
import { dominates } from './dominance.ts';
import { allowedBy, deniedBy } from './rules.ts';
import type { Actor, Catalog, ChangeFacts, Decision, Grant, HeldPermission, OrganizationAccess, Target } from './types.ts';

export {
  credentialActions,
  credentialActionsNeedingHolder,
  lastManagerActions,
  selfForbiddenActions,
  selfServiceActions,
  TRANSFER_OWNERSHIP,
} from './actions.ts';

// Everything below runs for every row of a list: no allocation, no closures, shared decisions.
const ALLOW_PERM = allowedBy['R-PERM-1'];
const ALLOW_SELF = allowedBy['R-SELF-2'];
const ALLOW_TRANSFER = allowedBy['R-OWNER-2'];
const ALLOW_MEMBER = allowedBy['R-ROLE-3'];
const DENY_PERM = deniedBy['R-PERM-1'];
const DENY_TENANT = deniedBy['R-TENANT-1'];
const DENY_SELF = deniedBy['R-SELF-1'];
const DENY_OWNER = deniedBy['R-OWNER-1'];
const DENY_OWNER_ONLY = deniedBy['R-OWNER-2'];
const DENY_READ = deniedBy['R-READ-1'];
const DENY_ACC = deniedBy['R-ACC-1'];
const DENY_SCOPE = deniedBy['R-SCOPE-1'];
const DENY_ESC = deniedBy['R-ESC-1'];
const DENY_ESC_2 = deniedBy['R-ESC-2'];
const DENY_UNIQ = deniedBy['R-UNIQ-1'];
const DENY_LAST = deniedBy['R-LAST-1'];
const DENY_PROT = deniedBy['R-PROT-1'];
const DENY_ORG = deniedBy['R-ORG-1'];
const DENY_EXP = deniedBy['R-EXP-1'];

/**
 * When a user target belongs to several organisations and none allows, the denial reported is
 * the one from the organisation where the actor got furthest through the guards: it says the
 * most about why (a switched-off right tells more than a missing one). Compared by identity, not
 * looked up: this runs for every organisation of every multi-organisation target.
 */
export function denialRank(decision: Decision): number {
  if (decision === DENY_ESC) return 8;
  if (decision === DENY_ACC) return 7;
  if (decision === DENY_SCOPE) return 6;
  if (decision === DENY_ORG) return 5;
  if (decision === DENY_EXP) return 4;
  if (decision === DENY_PERM) return 3;
  if (decision === DENY_READ) return 2;
  if (decision === DENY_OWNER_ONLY) return 1;
  return 0;
}

function moreSpecific(a: Decision, b: Decision): Decision {
  return denialRank(b) > denialRank(a) ? b : a;
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

/** Why an action the organisation's access does not hold is denied: the most telling reason first. */
function notHeld(access: OrganizationAccess, action: string): Decision {
  if (access.disabled === true) return DENY_ORG;
  if (access.switchedOff.has(action)) return DENY_ACC;
  const expired = access.expired;
  if (expired !== undefined && expired.has(action)) return DENY_EXP;
  return DENY_PERM;
}

/**
 * The guards that depend on one organisation: R-OWNER-2 (transfer), R-READ-1,
 * R-PERM-1/ORG-1/EXP-1/ACC-1/SCOPE-1, R-ESC-1.
 */
function decideIn(
  actor: Actor,
  access: OrganizationAccess,
  action: string,
  flags: number,
  resource: string,
  id: string,
  ownerId: string | null | undefined,
  change: ChangeFacts | undefined,
): Decision {
  // Ownership is a fact, not a permission: no role can grant or withhold the transfer.
  if ((flags & TRANSFER) !== 0) return access.disabled === true ? DENY_ORG : access.isOwner ? ALLOW_TRANSFER : DENY_OWNER_ONLY;
  if ((flags & MUTATES) !== 0 && access.readOnly) return DENY_READ;
  const held = access.held.get(action);
  if (held === undefined) return notHeld(access, action);
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
function decideAnywhere(actor: Actor, action: string, flags: number, resource: string, id: string, change: ChangeFacts | undefined): Decision {
  let best = DENY_TENANT;
  for (const access of actor.organizations.values()) {
    const decision = decideIn(actor, access, action, flags, resource, id, null, change);
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

/**
 * R-ROLE-3: the member's view of an organisation's roles needs no permission, only a membership
 * that counts there (not ended, R-EXP-1; the organisation not disabled, R-ORG-1).
 */
function memberView(actor: Actor, organizationId: string | null): Decision {
  const access = organizationId === null ? undefined : actor.organizations.get(organizationId);
  if (access === undefined) return DENY_TENANT;
  if (access.disabled === true) return DENY_ORG;
  if (access.counted === false) return DENY_EXP;
  return ALLOW_MEMBER;
}

type UserTarget = Extract<Target, { kind: 'user' }>;

/**
 * R-ESC-2 on another user: a credential action (or an identity edit) needs the actor to dominate
 * the target's compiled access. Without it, the newer actions fail closed; see `credentialActions`.
 */
function escalates(actor: Actor, flags: number, target: UserTarget): boolean {
  const identity = (flags & IDENTITY_EDIT) !== 0 && target.touchesIdentity === true;
  if ((flags & CREDENTIAL) === 0 && !identity) return false;
  const holder = target.holder;
  if (holder === undefined) return identity || (flags & NEEDS_HOLDER) !== 0;
  return !dominates(actor, holder, target.organizationIds);
}

/** The guards on a user that come after the tenant check and before any organisation's (R-SELF-1, R-OWNER-1, R-OWNER-2). */
function userGuards(self: boolean, flags: number, target: UserTarget): Decision | null {
  if (self && (flags & SELF_FORBIDDEN) !== 0) return DENY_SELF;
  if (!self && target.isOwner && (flags & USER_MUTATION) !== 0) return DENY_OWNER;
  if (!target.isOwner && assignsOwnerOnly(target.change)) return DENY_OWNER_ONLY;
  return null;
}

function decideUser(actor: Actor, action: string, flags: number, target: UserTarget): Decision {
  const self = target.userId === actor.userId;
  // R-SELF-2 comes before the tenant check: one's own profile is reachable without any membership.
  if (self && (flags & SELF_SERVICE) !== 0) return ALLOW_SELF;

  // One pass: the first organisation reached passes R-TENANT-1 and runs the user guards once, then
  // each reached organisation is decided until one allows.
  const change = target.change;
  let decision = DENY_TENANT;
  for (const organizationId of target.organizationIds) {
    const access = actor.organizations.get(organizationId);
    if (access === undefined) continue;
    if (decision === DENY_TENANT) {
      const denied = userGuards(self, flags, target);
      if (denied !== null) return denied;
    }
    const here = decideIn(actor, access, action, flags, 'user', target.userId, target.userId, change);
    if (here.allowed) {
      decision = here;
      break;
    }
    decision = moreSpecific(decision, here);
  }
  if (!decision.allowed) return decision;
  // Self is not R-ESC-2's business: one's own sign-in is R-SELF-2's and the account's (R-STEP-1).
  if (!self && escalates(actor, flags, target)) return DENY_ESC_2;
  if (uniqueTaken(change)) return DENY_UNIQ;
  if (target.isLastManager === true && ((flags & LAST_MANAGER) !== 0 || change?.demotesManager === true)) return DENY_LAST;
  return decision;
}

/**
 * Decides one action on one target with a catalog's action table. Pure and synchronous; the guards
 * run in this order and the first failure names its rule:
 * unknown action (R-PERM-1) → R-SELF-2 / R-ROLE-3 (a member's view of their organisation's roles) → R-TENANT-1 → R-SELF-1 → R-OWNER-1 → R-OWNER-2 → per
 * organisation (R-OWNER-2 transfer, R-READ-1, R-PERM-1 / R-ORG-1 / R-EXP-1 / R-ACC-1 / R-SCOPE-1,
 * R-ESC-1) → R-ESC-2 → R-UNIQ-1 → R-LAST-1 → R-PROT-1.
 */
export function decideWith(actor: Actor, action: string, target: Target, table: ActionTable): Decision {
  const flags = table.get(action);
  if (flags === undefined) return DENY_PERM;
  switch (target.kind) {
    case 'record': {
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      return decideIn(actor, access, action, flags, target.resource, target.id, target.ownerId, undefined);
    }
    case 'user':
      return decideUser(actor, action, flags, target);
    case 'organization': {
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      const change = target.change;
      // Whoever is being invited or added is not the owner yet.
      if (assignsOwnerOnly(change)) return DENY_OWNER_ONLY;
      const decision = decideIn(actor, access, action, flags, 'org', target.organizationId, null, change);
      if (decision.allowed && uniqueTaken(change)) return DENY_UNIQ;
      return decision;
    }
    case 'role': {
      if (target.asMember === true && (flags & MUTATES) === 0) return memberView(actor, target.organizationId);
      let decision: Decision;
      if (target.organizationId === null) {
        decision = decideAnywhere(actor, action, flags, 'role', target.roleId, target.change);
      } else {
        const access = actor.organizations.get(target.organizationId);
        if (access === undefined) return DENY_TENANT;
        decision = decideIn(actor, access, action, flags, 'role', target.roleId, null, target.change);
      }
      if (decision.allowed && target.protected && (flags & ROLE_EDIT) !== 0) return DENY_PROT;
      return decision;
    }
    case 'policy': {
      if (target.organizationId === null) return decideAnywhere(actor, action, flags, 'policy', target.policyId, target.change);
      const access = actor.organizations.get(target.organizationId);
      if (access === undefined) return DENY_TENANT;
      return decideIn(actor, access, action, flags, 'policy', target.policyId, null, target.change);
    }
  }
}

/** Decides one action on one target, for a catalog given with each call (the engine binds its own). */
export function decide(actor: Actor, action: string, target: Target, catalog: Catalog): Decision {
  return decideWith(actor, action, target, actionTableOf(catalog));
}

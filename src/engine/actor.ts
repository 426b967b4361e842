import { resourceOf } from './catalog.ts';
import type {
  Actor,
  ActorFacts,
  Catalog,
  Grant,
  HeldPermission,
  MembershipFacts,
  OrganizationAccess,
  ResourceScope,
} from './types.ts';

export interface CompileOptions {
  readonly catalog: Catalog;
  /** Seed 003: "account owners always have full access". */
  readonly ownerHasAllPermissions: boolean;
}

const UNCONDITIONAL = 1;
const OWN = 2;
const SCOPED = 4;

type InstanceScope = ReadonlyMap<string, ReadonlySet<string>>;

const NO_INSTANCES: InstanceScope = new Map();

function held(bits: number, scopeIds: InstanceScope | undefined): HeldPermission {
  // Always the same four keys, so every HeldPermission shares one hidden class in `decide`.
  return Object.freeze({
    unconditional: (bits & UNCONDITIONAL) !== 0,
    own: (bits & OWN) !== 0,
    scoped: (bits & SCOPED) !== 0,
    scopeIds,
  });
}

// Holds without instances come in seven shapes only: share them instead of one object per permission.
const SHARED_HELD: readonly HeldPermission[] = Array.from({ length: 8 }, (_, bits) => held(bits, undefined));

/** What one membership brings to every organisation it reaches, computed once per membership. */
interface Contribution {
  readonly bits: Map<string, number>;
  readonly switchedOff: readonly string[];
  readonly instances: InstanceScope;
  readonly scope: ResourceScope | null;
  readonly readOnly: boolean;
}

function conditionBit(grant: Grant, scope: ResourceScope | null): number {
  const condition: string | null | undefined = grant.condition;
  if (condition === 'own') return OWN;
  if (condition === 'scoped') return SCOPED;
  // Storage may hand back JSON null for "no condition"; anything else unknown grants nothing.
  if (condition !== undefined && condition !== null) return 0;
  // R-SCOPE-1: a membership limited to named instances of a resource loses its unconditional
  // grants on that resource, they narrow to those instances.
  return scope !== null && Object.hasOwn(scope, resourceOf(grant.permission)) ? SCOPED : UNCONDITIONAL;
}

function compileScope(scope: ResourceScope | null): InstanceScope {
  if (scope === null) return NO_INSTANCES;
  const out = new Map<string, ReadonlySet<string>>();
  for (const resource of Object.keys(scope)) out.set(resource, new Set(scope[resource]));
  return out;
}

function contribute(membership: MembershipFacts, options: CompileOptions): Contribution {
  const { catalog } = options;
  const role = membership.role;
  const bits = new Map<string, number>();
  const mutates = (permission: string): boolean =>
    Object.hasOwn(catalog, permission) && (catalog[permission] as Catalog[string]).mutates;

  if (membership.isOwner && options.ownerHasAllPermissions) {
    // Full access means no switched-off rights and no instance scope either.
    for (const permission of Object.keys(catalog)) {
      if (!(role.readOnly && mutates(permission))) bits.set(permission, UNCONDITIONAL);
    }
    return { bits, switchedOff: [], instances: NO_INSTANCES, scope: null, readOnly: role.readOnly };
  }

  const disabled = new Set(membership.disabledRights);
  const switchedOff: string[] = [];
  for (const grant of role.grants) {
    if (disabled.has(grant.permission)) {
      switchedOff.push(grant.permission);
      continue;
    }
    // A read-only role never carries a mutation, even when it shares an organisation with a
    // writable membership whose presence makes the organisation not read-only (R-READ-1).
    if (role.readOnly && mutates(grant.permission)) continue;
    const bit = conditionBit(grant, membership.scope);
    if (bit !== 0) bits.set(grant.permission, (bits.get(grant.permission) ?? 0) | bit);
  }
  return {
    bits,
    switchedOff,
    instances: compileScope(membership.scope),
    scope: membership.scope,
    readOnly: role.readOnly,
  };
}

interface OrganizationDraft {
  readonly bits: Map<string, number>;
  /** permission → instance scopes of the memberships holding it `scoped` here. */
  readonly instances: Map<string, InstanceScope[]>;
  readonly switchedOff: Set<string>;
  readonly scopes: ResourceScope[];
  isOwner: boolean;
  readOnly: boolean;
}

function mergeInstances(scopes: readonly InstanceScope[]): InstanceScope {
  const merged = new Map<string, Set<string>>();
  for (const scope of scopes) {
    for (const [resource, ids] of scope) {
      let set = merged.get(resource);
      if (set === undefined) merged.set(resource, (set = new Set()));
      for (const id of ids) set.add(id);
    }
  }
  return merged;
}

function mergeScopes(scopes: readonly ResourceScope[]): ResourceScope | null {
  if (scopes.length === 0) return null;
  if (scopes.length === 1) return scopes[0] ?? null;
  const merged: Record<string, string[]> = {};
  for (const scope of scopes) {
    for (const resource of Object.keys(scope)) {
      const ids = (merged[resource] ??= []);
      for (const id of scope[resource] ?? []) if (!ids.includes(id)) ids.push(id);
    }
  }
  return merged;
}

function finish(organizationId: string, draft: OrganizationDraft): OrganizationAccess {
  const heldMap = new Map<string, HeldPermission>();
  // Permissions held scoped through one membership share that membership's instance map.
  const byInstances = new Map<InstanceScope, HeldPermission[]>();
  for (const [permission, bits] of draft.bits) {
    const scopes = draft.instances.get(permission);
    if (scopes === undefined) {
      heldMap.set(permission, SHARED_HELD[bits] as HeldPermission);
      continue;
    }
    const instances = scopes.length === 1 ? (scopes[0] as InstanceScope) : mergeInstances(scopes);
    let shapes = byInstances.get(instances);
    if (shapes === undefined) byInstances.set(instances, (shapes = []));
    heldMap.set(permission, (shapes[bits] ??= held(bits, instances)));
  }
  return Object.freeze({
    organizationId,
    held: heldMap,
    switchedOff: draft.switchedOff,
    isOwner: draft.isOwner,
    readOnly: draft.readOnly,
    scope: mergeScopes(draft.scopes),
  });
}

/**
 * Resolves a user's memberships into what they may do in each organisation they reach. Done once
 * per request (or cached per user), so that each of the many `decide` calls is a few map lookups.
 */
export function compileActor(facts: ActorFacts, options: CompileOptions): Actor {
  const drafts = new Map<string, OrganizationDraft>();
  for (const membership of facts.memberships) {
    const contribution = contribute(membership, options);
    const reached = [membership.organizationId];
    if (membership.role.includesSubOrganizations) {
      reached.push(...(facts.descendants.get(membership.organizationId) ?? []));
    }
    for (const organizationId of reached) {
      let draft = drafts.get(organizationId);
      if (draft === undefined) {
        draft = {
          bits: new Map(),
          instances: new Map(),
          switchedOff: new Set(),
          scopes: [],
          isOwner: false,
          readOnly: true,
        };
        drafts.set(organizationId, draft);
      }
      for (const [permission, bits] of contribution.bits) {
        draft.bits.set(permission, (draft.bits.get(permission) ?? 0) | bits);
        if ((bits & SCOPED) !== 0) {
          const list = draft.instances.get(permission);
          if (list === undefined) draft.instances.set(permission, [contribution.instances]);
          else if (!list.includes(contribution.instances)) list.push(contribution.instances);
        }
      }
      for (const permission of contribution.switchedOff) draft.switchedOff.add(permission);
      if (contribution.scope !== null) draft.scopes.push(contribution.scope);
      // Ownership is of one organisation: an owner's reach into sub-organisations is membership, not ownership.
      if (membership.isOwner && organizationId === membership.organizationId) draft.isOwner = true;
      if (!contribution.readOnly) draft.readOnly = false;
    }
  }
  const organizations = new Map<string, OrganizationAccess>();
  for (const [organizationId, draft] of drafts) organizations.set(organizationId, finish(organizationId, draft));
  return Object.freeze({ userId: facts.userId, organizations });
}

/** Held unconditionally in at least one organisation: for personal things such as API keys. */
export function holdsAnywhere(actor: Actor, permission: string): boolean {
  for (const access of actor.organizations.values()) {
    if (access.held.get(permission)?.unconditional === true) return true;
  }
  return false;
}

/**
 * A role's grants: its legacy inline permissions if it has them, else the union of its policies'.
 * Duplicates collapse to the least restricted condition; `own` and `scoped` are incomparable
 * (neither includes the other), so a permission granted both ways keeps both grants.
 */
export function roleGrants(role: {
  readonly legacyPermissions: readonly Grant[] | null;
  readonly policies: readonly { readonly grants: readonly Grant[] }[];
}): Grant[] {
  const order: string[] = [];
  const conditions = new Map<string, number>();
  const add = (grant: Grant): void => {
    const bit = conditionBit(grant, null);
    if (bit === 0) return;
    const seen = conditions.get(grant.permission);
    if (seen === undefined) order.push(grant.permission);
    conditions.set(grant.permission, (seen ?? 0) | bit);
  };
  if (role.legacyPermissions !== null) {
    for (const grant of role.legacyPermissions) add(grant);
  } else {
    for (const policy of role.policies) for (const grant of policy.grants) add(grant);
  }
  const out: Grant[] = [];
  for (const permission of order) {
    const bits = conditions.get(permission) ?? 0;
    if ((bits & UNCONDITIONAL) !== 0) {
      out.push({ permission });
      continue;
    }
    if ((bits & OWN) !== 0) out.push({ permission, condition: 'own' });
    if ((bits & SCOPED) !== 0) out.push({ permission, condition: 'scoped' });
  }
  return out;
}

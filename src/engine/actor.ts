import { resourceOf } from './catalog.ts';
import type {
  Actor,
  ActorFacts,
  Catalog,
  CompileInput,
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

export const UNCONDITIONAL = 1;
export const OWN = 2;
export const SCOPED = 4;

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

/**
 * The one reading of a stored grant: its condition as a bit, `scoped` when the membership's scope
 * narrows an unconditional grant on that resource (R-SCOPE-1), 0 when the condition is not
 * understood (it then grants nothing).
 */
export function conditionBit(grant: Grant, scope: ResourceScope | null): number {
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

/** Permissions held in one organisation while compiling: merged bits, and the instances of scoped holds. */
interface Holdings {
  readonly bits: Map<string, number>;
  /** permission → instance scopes of the memberships holding it `scoped` here. */
  readonly instances: Map<string, InstanceScope[]>;
}

interface OrganizationDraft {
  readonly holdings: Holdings;
  /** R-ORG-1: for a disabled organisation, what every counted membership would hold were it enabled. */
  readonly whenEnabled: Holdings | null;
  readonly switchedOff: Set<string>;
  readonly expired: Set<string>;
  readonly scopes: ResourceScope[];
  readonly disabled: boolean;
  isOwner: boolean;
  /** Memberships that count here, and how many of them are read-only (R-READ-1). */
  contributors: number;
  readOnlyContributors: number;
}

const newHoldings = (): Holdings => ({ bits: new Map(), instances: new Map() });

function addHoldings(into: Holdings, bits: ReadonlyMap<string, number>, instances: InstanceScope): void {
  for (const [permission, bit] of bits) {
    into.bits.set(permission, (into.bits.get(permission) ?? 0) | bit);
    if ((bit & SCOPED) !== 0) {
      const list = into.instances.get(permission);
      if (list === undefined) into.instances.set(permission, [instances]);
      else if (!list.includes(instances)) list.push(instances);
    }
  }
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

function heldMap(holdings: Holdings): Map<string, HeldPermission> {
  const out = new Map<string, HeldPermission>();
  // Permissions held scoped through one membership share that membership's instance map.
  const byInstances = new Map<InstanceScope, HeldPermission[]>();
  for (const [permission, bits] of holdings.bits) {
    const scopes = holdings.instances.get(permission);
    if (scopes === undefined) {
      out.set(permission, SHARED_HELD[bits] as HeldPermission);
      continue;
    }
    const instances = scopes.length === 1 ? (scopes[0] as InstanceScope) : mergeInstances(scopes);
    let shapes = byInstances.get(instances);
    if (shapes === undefined) byInstances.set(instances, (shapes = []));
    out.set(permission, (shapes[bits] ??= held(bits, instances)));
  }
  return out;
}

function finish(organizationId: string, draft: OrganizationDraft): OrganizationAccess {
  // Every access has the same keys in the same order: one hidden class for `decide`.
  return Object.freeze({
    organizationId,
    held: heldMap(draft.holdings),
    switchedOff: draft.switchedOff,
    isOwner: draft.isOwner,
    // An organisation reached only through ended or suspended memberships is not "read-only": its
    // denials name why nothing counts (R-EXP-1, R-ORG-1) rather than R-READ-1.
    readOnly: draft.contributors > 0 && draft.readOnlyContributors === draft.contributors,
    scope: mergeScopes(draft.scopes),
    disabled: draft.disabled,
    heldWhenEnabled: draft.whenEnabled === null ? undefined : heldMap(draft.whenEnabled),
    expired: draft.expired.size === 0 ? undefined : draft.expired,
  });
}

/** Milliseconds since the epoch of a fact's instant; NaN for none or an invalid Date. */
export function instantOf(value: Date | number | null | undefined): number {
  if (typeof value === 'number') return value;
  return value instanceof Date ? value.getTime() : Number.NaN;
}

/**
 * R-EXP-1: whether a membership has ended at `now`. `!(now < end)` is also true when either is NaN:
 * without a clock, or with an unreadable end, a membership that has an end counts as ended.
 */
export function hasEnded(membership: MembershipFacts, now: number): boolean {
  const end = membership.expiresAt;
  return end !== undefined && end !== null && !(now < instantOf(end));
}

/** R-ORG-1: the disabled organisations given, and every descendant of theirs the facts know of. */
export function disabledOrganizations(facts: ActorFacts): ReadonlySet<string> | null {
  const given = facts.disabledOrganizations;
  if (given === undefined || (Array.isArray(given) ? given.length : (given as ReadonlySet<string>).size) === 0) return null;
  const out = new Set<string>(given);
  for (const organizationId of given) for (const below of facts.descendants.get(organizationId) ?? []) out.add(below);
  return out;
}

export const ORG_VIEW = 'org.view';
export const ORG_MANAGE = 'org.manage';

/**
 * R-ORG-1, decided here once so that `decide` pays nothing for it. A disabled organisation gives its
 * members nothing: not even reads, API keys or invitations. Seed 002 says that Compliance Officers
 * still see the organisations they are associated with that have been disabled (in the user
 * search's organisation filter, whose purpose is to list that organisation's users), and someone
 * must be able to enable it again. So a membership in an *enabled* organisation whose role reaches
 * the disabled one and holds `org.view` or `org.manage` there — a manager of organisations, seeing
 * it from above — keeps its reads (the organisation, its users, its records) and `org.manage` (to
 * enable it again); every other mutation there is denied. A manager who is a member of the
 * disabled organisation itself has no such view: the organisation above it re-enables it.
 */
function managerView(contribution: Contribution, catalog: Catalog): Map<string, number> | null {
  if (!contribution.bits.has(ORG_VIEW) && !contribution.bits.has(ORG_MANAGE)) return null;
  const kept = new Map<string, number>();
  for (const [permission, bits] of contribution.bits) {
    const spec = Object.hasOwn(catalog, permission) ? catalog[permission] : undefined;
    if (permission === ORG_MANAGE || spec?.mutates === false) kept.set(permission, bits);
  }
  return kept;
}

function draftFor(drafts: Map<string, OrganizationDraft>, organizationId: string, disabled: ReadonlySet<string> | null): OrganizationDraft {
  let draft = drafts.get(organizationId);
  if (draft === undefined) {
    const isDisabled = disabled !== null && disabled.has(organizationId);
    draft = {
      holdings: newHoldings(),
      whenEnabled: isDisabled ? newHoldings() : null,
      switchedOff: new Set(),
      expired: new Set(),
      scopes: [],
      disabled: isDisabled,
      isOwner: false,
      contributors: 0,
      readOnlyContributors: 0,
    };
    drafts.set(organizationId, draft);
  }
  return draft;
}

function count(draft: OrganizationDraft, contribution: Contribution, bits: ReadonlyMap<string, number>): void {
  addHoldings(draft.holdings, bits, contribution.instances);
  for (const permission of contribution.switchedOff) draft.switchedOff.add(permission);
  if (contribution.scope !== null) draft.scopes.push(contribution.scope);
  draft.contributors++;
  if (contribution.readOnly) draft.readOnlyContributors++;
}

/**
 * Resolves a user's memberships into what they may do in each organisation they reach. Done once
 * per request (or cached per user), so that each of the many `decide` calls is a few map lookups.
 * Ended memberships (R-EXP-1) and disabled organisations (R-ORG-1) are settled here, against the
 * clock in `input.now`; `validUntil` says until when the result holds.
 */
export function compileActor(facts: ActorFacts, options: CompileOptions, input: CompileInput = {}): Actor {
  const now = instantOf(input.now);
  const disabled = disabledOrganizations(facts);
  const drafts = new Map<string, OrganizationDraft>();
  let validUntil = Number.POSITIVE_INFINITY;
  for (const membership of facts.memberships) {
    const contribution = contribute(membership, options);
    const ended = hasEnded(membership, now);
    if (!ended) validUntil = Math.min(validUntil, instantOf(membership.expiresAt ?? Number.POSITIVE_INFINITY));
    const fromEnabled = disabled === null || !disabled.has(membership.organizationId);
    let managerBits: Map<string, number> | null | undefined;

    const reached = [membership.organizationId];
    if (membership.role.includesSubOrganizations) reached.push(...(facts.descendants.get(membership.organizationId) ?? []));
    for (const organizationId of reached) {
      const draft = draftFor(drafts, organizationId, disabled);
      if (ended) {
        for (const permission of contribution.bits.keys()) draft.expired.add(permission);
        continue;
      }
      if (draft.whenEnabled !== null) {
        addHoldings(draft.whenEnabled, contribution.bits, contribution.instances);
        if (!fromEnabled) continue;
        if (managerBits === undefined) managerBits = managerView(contribution, options.catalog);
        if (managerBits !== null) count(draft, contribution, managerBits);
        continue;
      }
      count(draft, contribution, contribution.bits);
      // Ownership is of one organisation: an owner's reach into sub-organisations is membership, not ownership.
      if (membership.isOwner && organizationId === membership.organizationId) draft.isOwner = true;
    }
  }
  const organizations = new Map<string, OrganizationAccess>();
  for (const [organizationId, draft] of drafts) organizations.set(organizationId, finish(organizationId, draft));
  const provenance = input.provenance === true ? Object.freeze({ facts, now }) : undefined;
  return Object.freeze({ userId: facts.userId, organizations, validUntil, provenance });
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

// One organisation's access while compiling: the memberships that reach it merged into what it
// holds. Allocates lazily — most organisations are reached by one membership, whose bits then make
// the permission map directly, with no merging.
import { NO_INSTANCES, OWN, SCOPED, UNCONDITIONAL, type CompileMemo, type Contribution, type InstanceScope } from './contribution.ts';
import type { HeldPermission, OrganizationAccess, ResourceScope } from './types.ts';

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

const NO_PERMISSIONS: ReadonlySet<string> = new Set();

/** Merged bits, and the instance scopes of the memberships holding each permission `scoped`. */
interface Holdings {
  readonly bits: Map<string, number>;
  readonly instances: Map<string, InstanceScope[]>;
}

export interface OrganizationDraft {
  readonly disabled: boolean;
  /** The first counted membership's bits and instances; merged holdings only once a second one counts. */
  firstBits: ReadonlyMap<string, number> | null;
  firstInstances: InstanceScope;
  merged: Holdings | null;
  /** R-ORG-1: for a disabled organisation, what every counted membership would hold were it enabled. */
  whenEnabled: Holdings | null;
  switchedOff: Set<string> | null;
  /** R-EXP-1: what ended memberships gave here. */
  expired: Set<string> | null;
  scopes: ResourceScope[] | null;
  isOwner: boolean;
  /** Memberships that count here, and how many of them are read-only (R-READ-1). */
  contributors: number;
  readOnlyContributors: number;
}

export function newDraft(disabled: boolean): OrganizationDraft {
  return {
    disabled,
    firstBits: null,
    firstInstances: NO_INSTANCES,
    merged: null,
    whenEnabled: null,
    switchedOff: null,
    expired: null,
    scopes: null,
    isOwner: false,
    contributors: 0,
    readOnlyContributors: 0,
  };
}

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

const newHoldings = (): Holdings => ({ bits: new Map(), instances: new Map() });

/** A membership that counts here (with its bits, or a manager's view of them in a disabled organisation). */
export function count(draft: OrganizationDraft, contribution: Contribution, bits: ReadonlyMap<string, number>): void {
  if (draft.contributors === 0) {
    draft.firstBits = bits;
    draft.firstInstances = contribution.instances;
  } else {
    if (draft.merged === null) {
      draft.merged = newHoldings();
      if (draft.firstBits !== null) addHoldings(draft.merged, draft.firstBits, draft.firstInstances);
    }
    addHoldings(draft.merged, bits, contribution.instances);
  }
  for (const permission of contribution.switchedOff) (draft.switchedOff ??= new Set()).add(permission);
  if (contribution.scope !== null) (draft.scopes ??= []).push(contribution.scope);
  draft.contributors++;
  if (contribution.readOnly) draft.readOnlyContributors++;
}

/** R-EXP-1: a membership that has ended; only its permissions are remembered, to name the rule. */
export function countEnded(draft: OrganizationDraft, contribution: Contribution): void {
  for (const permission of contribution.bits.keys()) (draft.expired ??= new Set()).add(permission);
}

/** R-ORG-1: any membership reaching a disabled organisation, for what it will give once enabled. */
export function countWhenEnabled(draft: OrganizationDraft, contribution: Contribution): void {
  addHoldings((draft.whenEnabled ??= newHoldings()), contribution.bits, contribution.instances);
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

function mergeScopes(scopes: readonly ResourceScope[] | null): ResourceScope | null {
  if (scopes === null || scopes.length === 0) return null;
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

function mergedHeld(holdings: Holdings): Map<string, HeldPermission> {
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

function soleHeld(bits: ReadonlyMap<string, number>, instances: InstanceScope): Map<string, HeldPermission> {
  const out = new Map<string, HeldPermission>();
  const shapes: HeldPermission[] = [];
  for (const [permission, bit] of bits) out.set(permission, (bit & SCOPED) === 0 ? (SHARED_HELD[bit] as HeldPermission) : (shapes[bit] ??= held(bit, instances)));
  return out;
}

function heldOf(draft: OrganizationDraft, memo: CompileMemo | undefined): Map<string, HeldPermission> {
  if (draft.merged !== null) return mergedHeld(draft.merged);
  const bits = draft.firstBits;
  if (bits === null) return new Map();
  if (memo === undefined) return soleHeld(bits, draft.firstInstances);
  // One membership's bits (and its instances) make the same map whoever holds them.
  let shared = memo.held.get(bits);
  if (shared === undefined) memo.held.set(bits, (shared = soleHeld(bits, draft.firstInstances)));
  return shared;
}

export function finish(organizationId: string, draft: OrganizationDraft, memo: CompileMemo | undefined): OrganizationAccess {
  // Every access has the same keys in the same order: one hidden class for `decide`.
  return Object.freeze({
    organizationId,
    held: heldOf(draft, memo),
    switchedOff: draft.switchedOff ?? NO_PERMISSIONS,
    isOwner: draft.isOwner,
    // An organisation reached only through ended or suspended memberships is not "read-only": its
    // denials name why nothing counts (R-EXP-1, R-ORG-1) rather than R-READ-1.
    readOnly: draft.contributors > 0 && draft.readOnlyContributors === draft.contributors,
    scope: mergeScopes(draft.scopes),
    disabled: draft.disabled,
    heldWhenEnabled: draft.disabled ? mergedHeld(draft.whenEnabled ?? newHoldings()) : undefined,
    expired: draft.expired ?? undefined,
    counted: draft.contributors > 0,
  });
}

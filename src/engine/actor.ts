// Compiling an actor: a user's memberships resolved, once per request (or per cache entry), into
// what they may do in each organisation they reach, against the clock (R-EXP-1) and the state of
// the organisations (R-ORG-1).
import {
  conditionBit,
  contributionOf,
  managerViewOf,
  OWN,
  SCOPED,
  UNCONDITIONAL,
  type CompileMemo,
  type CompileOptions,
} from './contribution.ts';
import { count, countEnded, countWhenEnabled, finish, newDraft, type OrganizationDraft } from './draft.ts';
import type { Actor, ActorFacts, CompileInput, Grant, MembershipFacts, OrganizationAccess } from './types.ts';

export {
  conditionBit,
  createCompileMemo,
  ORG_MANAGE,
  ORG_VIEW,
  OWN,
  SCOPED,
  UNCONDITIONAL,
  type CompileMemo,
  type CompileOptions,
} from './contribution.ts';

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

/**
 * R-ORG-1 and R-EXP-1 at sign-in: whether any of the user's memberships still counts — not ended,
 * in an organisation that is not disabled. A user without one signs into nothing.
 */
export function hasLiveMembership(facts: ActorFacts, now: Date | number | undefined): boolean {
  const at = instantOf(now);
  const disabled = disabledOrganizations(facts);
  return facts.memberships.some((membership) => !hasEnded(membership, at) && (disabled === null || !disabled.has(membership.organizationId)));
}

/**
 * Resolves a user's memberships into what they may do in each organisation they reach. Done once
 * per request (or cached per user), so that each of the many `decide` calls is a few map lookups.
 * Ended memberships (R-EXP-1) and disabled organisations (R-ORG-1) are settled here, against the
 * clock in `input.now`; `validUntil` says until when the result holds.
 */
export function compileActor(facts: ActorFacts, options: CompileOptions, input: CompileInput = {}, memo?: CompileMemo): Actor {
  const now = instantOf(input.now);
  const disabled = disabledOrganizations(facts);
  const drafts = new Map<string, OrganizationDraft>();
  let validUntil = Number.POSITIVE_INFINITY;
  for (const membership of facts.memberships) {
    const contribution = contributionOf(membership, options, memo);
    const ended = hasEnded(membership, now);
    if (!ended) validUntil = Math.min(validUntil, instantOf(membership.expiresAt ?? Number.POSITIVE_INFINITY));
    const fromEnabled = disabled === null || !disabled.has(membership.organizationId);
    let managerBits: Map<string, number> | null | undefined;

    const reached = [membership.organizationId];
    if (membership.role.includesSubOrganizations) reached.push(...(facts.descendants.get(membership.organizationId) ?? []));
    for (const organizationId of reached) {
      let draft = drafts.get(organizationId);
      if (draft === undefined) drafts.set(organizationId, (draft = newDraft(disabled !== null && disabled.has(organizationId))));
      if (ended) {
        countEnded(draft, contribution);
        continue;
      }
      if (draft.disabled) {
        countWhenEnabled(draft, contribution);
        if (!fromEnabled) continue;
        if (managerBits === undefined) managerBits = managerViewOf(contribution, options.catalog, memo);
        if (managerBits !== null) count(draft, contribution, managerBits);
        continue;
      }
      count(draft, contribution, contribution.bits);
      // Ownership is of one organisation: an owner's reach into sub-organisations is membership, not ownership.
      if (membership.isOwner && organizationId === membership.organizationId) draft.isOwner = true;
    }
  }
  const organizations = new Map<string, OrganizationAccess>();
  for (const [organizationId, draft] of drafts) organizations.set(organizationId, finish(organizationId, draft, memo));
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

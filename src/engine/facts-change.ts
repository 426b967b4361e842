// The changes an impact preview is asked about, as pure functions from a holder's facts to what they
// would be after the change: a policy's grants edited, a role's policy list changed, a user's access
// rights switched, a user's role changed. Each returns the very same facts object when the change
// does not concern that holder, so that a preview can skip them.
import { roleGrants } from './actor.ts';
import type { ActorFacts, Grant, MembershipFacts, PolicyFacts, RoleFacts } from './types.ts';

export type FactsChange = (facts: ActorFacts) => ActorFacts;

function mapMemberships(facts: ActorFacts, change: (membership: MembershipFacts) => MembershipFacts): ActorFacts {
  let changed = false;
  const memberships = facts.memberships.map((membership) => {
    const next = change(membership);
    if (next !== membership) changed = true;
    return next;
  });
  return changed ? { ...facts, memberships } : facts;
}

/** Roles are shared by many holders: each changed role is rebuilt once per change, not once per holder. */
function mapRoles(change: (role: RoleFacts) => RoleFacts): FactsChange {
  const rebuilt = new WeakMap<RoleFacts, RoleFacts>();
  const roleAfter = (role: RoleFacts): RoleFacts => {
    let next = rebuilt.get(role);
    if (next === undefined) rebuilt.set(role, (next = change(role)));
    return next;
  };
  return (facts) =>
    mapMemberships(facts, (membership) => {
      const role = roleAfter(membership.role);
      return role === membership.role ? membership : { ...membership, role };
    });
}

function withPolicies(role: RoleFacts, policies: readonly PolicyFacts[]): RoleFacts {
  return { ...role, policies, grants: roleGrants({ legacyPermissions: null, policies }) };
}

/**
 * R-POL-1: a policy's grants replaced. Roles carrying it are recomputed from their `policies`
 * provenance, which the loader must fill for this preview: a role without it (a legacy role, or
 * one loaded without provenance) is left as it is.
 */
export function policyEdited(policyId: string, grants: readonly Grant[]): FactsChange {
  return mapRoles((role) => {
    const policies = role.policies;
    if (policies === undefined || !policies.some((policy) => policy.id === policyId)) return role;
    return withPolicies(
      role,
      policies.map((policy) => (policy.id === policyId ? { ...policy, grants } : policy)),
    );
  });
}

/** R-ROLE-1: a role made of another list of policies (this also migrates a legacy role, R-MIG-1). */
export function rolePoliciesChanged(roleId: string, policies: readonly PolicyFacts[]): FactsChange {
  return mapRoles((role) => (role.id === roleId ? withPolicies(role, policies) : role));
}

/** R-ACC-1: one user's switched-off rights in one organisation's membership. */
export function accessRightsChanged(userId: string, organizationId: string, disabledRights: readonly string[]): FactsChange {
  return (facts) =>
    facts.userId !== userId
      ? facts
      : mapMemberships(facts, (membership) => (membership.organizationId === organizationId ? { ...membership, disabledRights } : membership));
}

/** A user given another role in one organisation's membership (their switched-off rights stay as they are). */
export function roleChanged(userId: string, organizationId: string, role: RoleFacts): FactsChange {
  return (facts) =>
    facts.userId !== userId
      ? facts
      : mapMemberships(facts, (membership) => (membership.organizationId === organizationId ? { ...membership, role } : membership));
}

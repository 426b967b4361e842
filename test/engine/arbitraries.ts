// Generated facts for the engine's properties: small worlds (four organisations in a random tree, a
// fifth that nobody reaches, three users, three documents), where memberships may expire (R-EXP-1),
// organisations may be disabled (R-ORG-1) and roles carry policy provenance.
import fc from 'fast-check';
import { coreCatalog, extendCatalog } from '../../src/engine/catalog.ts';
import type { ActorFacts, Grant, GrantCondition, MembershipFacts, PolicyFacts, ResourceScope, Target } from '../../src/engine/types.ts';

export const catalog = extendCatalog(coreCatalog, {
  'doc.view': { label: 'View documents', group: 'doc', mutates: false },
  'doc.edit': { label: 'Edit documents', group: 'doc', mutates: true },
} as const);
export const permissions = Object.keys(catalog);
export const actions = [...permissions, 'doc.nothing'];
export const orgs = ['o1', 'o2', 'o3', 'o4'];
export const allOrgs = [...orgs, 'o5'];
export const users = ['u0', 'u1', 'u2'];
export const docs = ['d1', 'd2', 'd3'];
export const ACTOR = 'u0';
/** The clock every generated actor is compiled with. */
export const NOW = 1_000_000;

/** Most grants and questions draw from these, so that generated actors often hold what they are asked about. */
export const hot = ['doc.view', 'doc.edit', 'user.view', 'user.edit', 'user.lock', 'user.resetPassword', 'user.manageSessions', 'user.impersonate', 'org.view', 'org.manage', 'role.manage', 'policy.view'];
const permissionArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hot) }, { weight: 1, arbitrary: fc.constantFrom(...permissions) });
export const actionArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hot) }, { weight: 1, arbitrary: fc.constantFrom(...actions) });

export const grantArb: fc.Arbitrary<Grant> = fc.record({
  permission: permissionArb,
  condition: fc.constantFrom<GrantCondition | undefined>(undefined, undefined, 'own', 'scoped'),
});

const scopeArb: fc.Arbitrary<ResourceScope | null> = fc.option(fc.record({ doc: fc.subarray(docs), user: fc.subarray(users) }, { requiredKeys: [] }), {
  nil: null,
});

/** Splits a role's grants over up to three policies, as a loader with provenance would give them. */
const policiesArb = (grants: readonly Grant[]): fc.Arbitrary<PolicyFacts[] | undefined> =>
  fc.option(
    fc.array(fc.nat({ max: 2 }), { minLength: grants.length, maxLength: grants.length }).map((slots) =>
      [0, 1, 2].map((slot) => ({ id: `p${slot}`, name: `Policy ${slot}`, grants: grants.filter((_, i) => slots[i] === slot) })),
    ),
    { nil: undefined },
  );

export interface WorldOptions {
  /** Memberships may end before, at or after NOW (R-EXP-1). */
  readonly expiry?: boolean;
  /** Some organisations may be disabled (R-ORG-1). */
  readonly disabled?: boolean;
}

export function membershipArb(world: WorldOptions = {}): fc.Arbitrary<MembershipFacts> {
  return fc
    .record({
      organizationId: fc.constantFrom(...orgs),
      flags: fc.record({ protected: fc.boolean(), uniquePerOrganization: fc.boolean(), ownerOnly: fc.boolean(), readOnly: fc.boolean(), includesSubOrganizations: fc.boolean() }),
      grants: fc.array(grantArb, { maxLength: 12 }),
      isOwner: fc.constantFrom(false, false, false, true),
      disabledRights: fc.array(permissionArb, { maxLength: 2 }),
      scope: scopeArb,
      expiresAt: world.expiry === true ? fc.constantFrom<number | undefined>(undefined, undefined, NOW - 1, NOW, NOW + 1, NOW + 500) : fc.constant(undefined),
    })
    .chain((m) =>
      policiesArb(m.grants).map((policies): MembershipFacts => ({
        organizationId: m.organizationId,
        role: { id: `r-${m.organizationId}`, key: 'r', ...m.flags, grants: m.grants, policies },
        isOwner: m.isOwner,
        disabledRights: m.disabledRights,
        scope: m.scope,
        ...(m.expiresAt === undefined ? {} : { expiresAt: m.expiresAt }),
      })),
    );
}

/** Parent of o2, o3, o4 among the earlier organisations (or none): always a tree. */
export const treeArb = fc.tuple(fc.constantFrom(null, 'o1'), fc.constantFrom(null, 'o1', 'o2'), fc.constantFrom(null, 'o1', 'o2', 'o3')).map((parents) => {
  const parent = new Map<string, string | null>([
    ['o1', null],
    ['o2', parents[0]],
    ['o3', parents[1]],
    ['o4', parents[2]],
  ]);
  const descendants = new Map<string, string[]>();
  for (const org of orgs) {
    for (let up = parent.get(org) ?? null; up !== null; up = parent.get(up) ?? null) descendants.set(up, [...(descendants.get(up) ?? []), org]);
  }
  return descendants;
});

export function factsArb(userId: string, world: WorldOptions = {}, tree: fc.Arbitrary<Map<string, string[]>> = treeArb, minMemberships = 0): fc.Arbitrary<ActorFacts> {
  return fc.record({
    userId: fc.constant(userId),
    memberships: fc
      .array(membershipArb(world), { minLength: minMemberships, maxLength: 4 })
      .map((memberships) => memberships.map((m, i) => ({ ...m, role: { ...m.role, id: `${userId}-role${i}` } }))),
    descendants: tree,
    ...(world.disabled === true ? { disabledOrganizations: fc.subarray(orgs, { maxLength: 2 }) } : {}),
  });
}

/** An actor's and another user's facts in the same world (one tree, one set of disabled organisations). */
export function pairArb(world: WorldOptions = {}): fc.Arbitrary<{ actor: ActorFacts; other: ActorFacts }> {
  return fc.record({ tree: treeArb, disabled: fc.subarray(orgs, { maxLength: world.disabled === true ? 1 : 0 }) }).chain(({ tree, disabled }) =>
    fc.record({
      actor: factsArb(ACTOR, { expiry: world.expiry }, fc.constant(tree), 1).map((facts) => ({ ...facts, disabledOrganizations: disabled })),
      other: factsArb('u1', { expiry: world.expiry }, fc.constant(tree)).map((facts) => ({ ...facts, disabledOrganizations: disabled })),
    }),
  );
}

/** Mostly organisations someone is in; the fifth, which nobody reaches, now and then. */
const organizationArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...orgs) }, { weight: 1, arbitrary: fc.constant('o5') });

export const recordArb = fc.record({
  kind: fc.constant('record' as const),
  resource: fc.constant('doc'),
  id: fc.constantFrom(...docs),
  organizationId: organizationArb,
  ownerId: fc.constantFrom<string | null>(null, ...users),
});

export const targetArb: fc.Arbitrary<Target> = fc.oneof(
  recordArb,
  fc.record({
    kind: fc.constant('user' as const),
    userId: fc.constantFrom(...users),
    organizationIds: fc.uniqueArray(organizationArb, { minLength: 1, maxLength: 3 }),
    isOwner: fc.boolean(),
    isLastManager: fc.boolean(),
    touchesIdentity: fc.boolean(),
    change: fc.record(
      {
        grants: fc.array(grantArb, { maxLength: 3 }),
        demotesManager: fc.boolean(),
        assignsRole: fc.record({ id: fc.constant('r'), uniquePerOrganization: fc.boolean(), ownerOnly: fc.boolean() }),
        uniqueRoleTaken: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    kind: fc.constant('organization' as const),
    organizationId: organizationArb,
    change: fc.record({ grants: fc.array(grantArb, { maxLength: 2 }), assignsRole: fc.record({ id: fc.constant('r'), uniquePerOrganization: fc.boolean(), ownerOnly: fc.boolean() }), uniqueRoleTaken: fc.boolean() }, { requiredKeys: [] }),
  }),
  fc.record({ kind: fc.constant('role' as const), roleId: fc.constant('r1'), organizationId: fc.option(organizationArb, { nil: null }), protected: fc.boolean() }),
  fc.record({ kind: fc.constant('policy' as const), policyId: fc.constant('p1'), organizationId: fc.option(organizationArb, { nil: null }) }),
);

// Random actors, targets and actions against a naive oracle written straight from the spec, one
// membership at a time, without the compiled maps that `decide` uses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileActor } from '../../src/engine/actor.ts';
import { coreCatalog, extendCatalog, resourceOf } from '../../src/engine/catalog.ts';
import { credentialActionsNeedingHolder, decide, selfForbiddenActions, selfServiceActions, TRANSFER_OWNERSHIP } from '../../src/engine/decide.ts';
import type { ActorFacts, Grant, GrantCondition, MembershipFacts, ResourceScope, Target } from '../../src/engine/types.ts';
import { accessibleWhere, type WhereMapping } from '../../src/engine/where.ts';

const catalog = extendCatalog(coreCatalog, {
  'doc.view': { label: 'View documents', group: 'doc', mutates: false },
  'doc.edit': { label: 'Edit documents', group: 'doc', mutates: true },
} as const);
const permissions = Object.keys(catalog);
const actions = [...permissions, 'doc.nothing'];
const orgs = ['o1', 'o2', 'o3', 'o4'];
const allOrgs = [...orgs, 'o5']; // o5: nobody's
const users = ['u0', 'u1', 'u2'];
const docs = ['d1', 'd2', 'd3'];
const ACTOR = 'u0';

const grantArb: fc.Arbitrary<Grant> = fc.record({
  permission: fc.constantFrom(...permissions),
  condition: fc.constantFrom<GrantCondition | undefined>(undefined, undefined, 'own', 'scoped'),
});
const scopeArb: fc.Arbitrary<ResourceScope | null> = fc.option(
  fc.record({ doc: fc.subarray(docs), user: fc.subarray(users) }, { requiredKeys: [] }),
  { nil: null },
);
const membershipArb: fc.Arbitrary<MembershipFacts> = fc.record({
  organizationId: fc.constantFrom(...orgs),
  role: fc.record({
    id: fc.constant('r'),
    key: fc.constant('r'),
    protected: fc.boolean(),
    uniquePerOrganization: fc.boolean(),
    ownerOnly: fc.boolean(),
    readOnly: fc.boolean(),
    includesSubOrganizations: fc.boolean(),
    grants: fc.array(grantArb, { maxLength: 12 }),
  }),
  isOwner: fc.constantFrom(false, false, false, true),
  disabledRights: fc.subarray(permissions, { maxLength: 4 }),
  scope: scopeArb,
});
// Parent of o2, o3, o4 among the earlier organisations (or none): always a tree.
const treeArb = fc.tuple(fc.constantFrom(null, 'o1'), fc.constantFrom(null, 'o1', 'o2'), fc.constantFrom(null, 'o1', 'o2', 'o3')).map(
  (parents) => {
    const parent = new Map<string, string | null>([['o1', null], ['o2', parents[0]], ['o3', parents[1]], ['o4', parents[2]]]);
    const descendants = new Map<string, string[]>();
    for (const org of orgs) {
      for (let up = parent.get(org) ?? null; up !== null; up = parent.get(up) ?? null) {
        descendants.set(up, [...(descendants.get(up) ?? []), org]);
      }
    }
    return descendants;
  },
);
const factsArb: fc.Arbitrary<{ facts: ActorFacts; ownerHasAll: boolean }> = fc.record({
  facts: fc.record({ userId: fc.constant(ACTOR), memberships: fc.array(membershipArb, { maxLength: 4 }), descendants: treeArb }),
  ownerHasAll: fc.boolean(),
});

const recordArb = fc.record({
  kind: fc.constant('record' as const),
  resource: fc.constant('doc'),
  id: fc.constantFrom(...docs),
  organizationId: fc.constantFrom(...allOrgs),
  ownerId: fc.constantFrom<string | null>(null, ...users),
});
/** A user target without the flags that only `decide` can see (owner, last manager, a change). */
const plainUserArb = fc.record({
  kind: fc.constant('user' as const),
  userId: fc.constantFrom(...users),
  organizationIds: fc.subarray(allOrgs, { maxLength: 3 }),
  isOwner: fc.constant(false),
});
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  recordArb,
  plainUserArb,
  fc.record({
    kind: fc.constant('user' as const),
    userId: fc.constantFrom(...users),
    organizationIds: fc.subarray(allOrgs, { maxLength: 3 }),
    isOwner: fc.boolean(),
    isLastManager: fc.boolean(),
    change: fc.record({ grants: fc.array(grantArb, { maxLength: 3 }), demotesManager: fc.boolean() }, { requiredKeys: [] }),
  }),
  fc.record({ kind: fc.constant('organization' as const), organizationId: fc.constantFrom(...allOrgs) }),
  fc.record({ kind: fc.constant('role' as const), roleId: fc.constant('r1'), organizationId: fc.constantFrom(null, ...allOrgs), protected: fc.boolean() }),
  fc.record({ kind: fc.constant('policy' as const), policyId: fc.constant('p1'), organizationId: fc.constantFrom(null, ...allOrgs) }),
);

function reaches(facts: ActorFacts, m: MembershipFacts, org: string): boolean {
  return m.organizationId === org || (m.role.includesSubOrganizations && (facts.descendants.get(m.organizationId) ?? []).includes(org));
}

interface Instance {
  readonly resource: string;
  readonly id: string;
  readonly ownerId: string | null;
}

/** The spec, one membership at a time: does `m` let the actor do `action` on this instance? */
function membershipAllows(m: MembershipFacts, action: string, instance: Instance, ownerHasAll: boolean): boolean {
  const mutates = catalog[action as keyof typeof catalog].mutates;
  if (m.role.readOnly && mutates) return false;
  if (m.isOwner && ownerHasAll) return true;
  if (m.disabledRights.includes(action)) return false;
  return m.role.grants.some((grant) => {
    if (grant.permission !== action) return false;
    const narrowed = grant.condition ?? (m.scope !== null && Object.hasOwn(m.scope, resourceOf(action)) ? 'scoped' : undefined);
    if (narrowed === undefined) return true;
    if (narrowed === 'own') return instance.ownerId === ACTOR;
    return (m.scope?.[instance.resource] ?? []).includes(instance.id);
  });
}

function oracleIn(facts: ActorFacts, ownerHasAll: boolean, org: string, action: string, instance: Instance): boolean {
  if (action === TRANSFER_OWNERSHIP) return facts.memberships.some((m) => m.isOwner && m.organizationId === org);
  return facts.memberships.some((m) => reaches(facts, m, org) && membershipAllows(m, action, instance, ownerHasAll));
}

function reachedOrgs(facts: ActorFacts): Set<string> {
  return new Set(allOrgs.filter((org) => facts.memberships.some((m) => reaches(facts, m, org))));
}

function targetOrgs(facts: ActorFacts, target: Target): string[] {
  switch (target.kind) {
    case 'user':
      return [...target.organizationIds];
    case 'role':
    case 'policy':
      return target.organizationId === null ? [...reachedOrgs(facts)] : [target.organizationId];
    default:
      return [target.organizationId];
  }
}

function instanceOf(target: Target): Instance {
  switch (target.kind) {
    case 'record':
      return { resource: target.resource, id: target.id, ownerId: target.ownerId ?? null };
    case 'user':
      return { resource: 'user', id: target.userId, ownerId: target.userId };
    case 'organization':
      return { resource: 'org', id: target.organizationId, ownerId: null };
    case 'role':
      return { resource: 'role', id: target.roleId, ownerId: null };
    case 'policy':
      return { resource: 'policy', id: target.policyId, ownerId: null };
  }
}

const isSelf = (target: Target): boolean => target.kind === 'user' && target.userId === ACTOR;
/** R-ESC-2: these targets carry no holder, so the credential actions added with the rule are refused on others. */
const refusedWithoutHolder = (action: string, target: Target): boolean => target.kind === 'user' && !isSelf(target) && credentialActionsNeedingHolder.has(action);

test('R-PERM-1: decide never allows what no membership grants (except R-SELF-2 and the owner’s R-OWNER-2)', () => {
  fc.assert(
    fc.property(factsArb, fc.constantFrom(...actions), targetArb, ({ facts, ownerHasAll }, action, target) => {
      const actor = compileActor(facts, { catalog, ownerHasAllPermissions: ownerHasAll });
      const decision = decide(actor, action, target, catalog);
      if (!decision.allowed) return;
      if (decision.rule === 'R-SELF-2') {
        assert.ok(isSelf(target) && selfServiceActions.has(action));
        return;
      }
      assert.ok(Object.hasOwn(catalog, action));
      const reached = reachedOrgs(facts);
      const orgsHere = targetOrgs(facts, target).filter((org) => reached.has(org));
      assert.ok(orgsHere.some((org) => oracleIn(facts, ownerHasAll, org, action, instanceOf(target))), `${action} ${decision.rule}`);
      if (isSelf(target)) assert.ok(!selfForbiddenActions.has(action));
    }),
    { numRuns: 3000 },
  );
});

test('R-TENANT-1: decide never allows an action on an organisation the actor does not reach', () => {
  fc.assert(
    fc.property(factsArb, fc.constantFrom(...actions), targetArb, ({ facts, ownerHasAll }, action, target) => {
      const actor = compileActor(facts, { catalog, ownerHasAllPermissions: ownerHasAll });
      const decision = decide(actor, action, target, catalog);
      if (!decision.allowed || decision.rule === 'R-SELF-2') return;
      const reached = reachedOrgs(facts);
      assert.ok(reached.size > 0);
      assert.ok(targetOrgs(facts, target).some((org) => reached.has(org)));
    }),
    { numRuns: 3000 },
  );
});

test('R-PERM-1: on records and plain user targets decide is exactly the oracle', () => {
  fc.assert(
    fc.property(factsArb, fc.constantFrom(...permissions), fc.oneof(recordArb, plainUserArb), ({ facts, ownerHasAll }, action, target) => {
      const actor = compileActor(facts, { catalog, ownerHasAllPermissions: ownerHasAll });
      const decision = decide(actor, action, target, catalog);
      const reached = reachedOrgs(facts);
      let expected: boolean;
      if (isSelf(target) && selfServiceActions.has(action)) expected = true;
      else if (!targetOrgs(facts, target).some((org) => reached.has(org))) expected = false;
      else if (isSelf(target) && selfForbiddenActions.has(action)) expected = false;
      else expected = targetOrgs(facts, target).some((org) => reached.has(org) && oracleIn(facts, ownerHasAll, org, action, instanceOf(target)));
      if (expected && refusedWithoutHolder(action, target)) {
        assert.equal(decision.rule, 'R-ESC-2');
        return;
      }
      assert.equal(decision.allowed, expected, `${action} → ${decision.rule}`);
    }),
    { numRuns: 3000 },
  );
});

type W = { tenant: string[] } | { own: string } | { ids: string[] } | { self: string } | { and: W[] };
const build = (resource: string, withSelf: boolean): WhereMapping<W> => ({
  tenant: (ids) => ({ tenant: ids }),
  own: (userId) => ({ own: userId }),
  ids: (ids) => ({ ids }),
  ...(withSelf ? { self: (userId: string) => ({ self: userId }) } : {}),
  and: (parts) => ({ and: parts }),
  resource,
});
interface Row {
  readonly organizationIds: readonly string[];
  readonly id: string;
  readonly ownerId: string | null;
  readonly userId: string | null;
}
function matches(where: W, row: Row): boolean {
  if ('tenant' in where) return row.organizationIds.some((org) => where.tenant.includes(org));
  if ('own' in where) return row.ownerId === where.own;
  if ('ids' in where) return where.ids.includes(row.id);
  if ('self' in where) return row.userId === where.self;
  return where.and.every((part) => matches(part, row));
}

test('R-SCOPE-1: accessibleWhere selects exactly the rows decide allows', () => {
  fc.assert(
    fc.property(factsArb, fc.constantFrom(...actions), fc.array(fc.oneof(recordArb, plainUserArb), { minLength: 1, maxLength: 8 }), ({ facts, ownerHasAll }, action, targets) => {
      const actor = compileActor(facts, { catalog, ownerHasAllPermissions: ownerHasAll });
      const docWhere = accessibleWhere(actor, action, build('doc', false), catalog);
      const userWhere = accessibleWhere(actor, action, build('user', true), catalog);
      for (const target of targets) {
        // R-SELF-1 and R-ESC-2 depend on who the row is: decided per row, not expressible as a filter.
        if (isSelf(target) && selfForbiddenActions.has(action)) continue;
        if (refusedWithoutHolder(action, target)) continue;
        const row: Row =
          target.kind === 'record'
            ? { organizationIds: [target.organizationId], id: target.id, ownerId: target.ownerId, userId: null }
            : { organizationIds: target.organizationIds, id: target.userId, ownerId: target.userId, userId: target.userId };
        const where = target.kind === 'record' ? docWhere : userWhere;
        const selected = where.OR.some((clause) => matches(clause, row));
        assert.equal(selected, decide(actor, action, target, catalog).allowed, `${action} on ${JSON.stringify(target)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('R-PERM-1: accessibleWhere is { OR: [] } whenever decide allows no row', () => {
  fc.assert(
    fc.property(fc.constantFrom(...actions.filter((action) => !selfServiceActions.has(action))), (action) => {
      const nobody = compileActor({ userId: ACTOR, memberships: [], descendants: new Map() }, { catalog, ownerHasAllPermissions: true });
      assert.deepEqual(accessibleWhere(nobody, action, build('doc', true), catalog), { OR: [] });
    }),
  );
});

// "Why?": explain() gives the decision with the chain membership → role → policy → grant, or the
// guard that denied; it is derived again from the facts, and must agree with decide() everywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileActor } from '../../src/engine/actor.ts';
import { decide } from '../../src/engine/decide.ts';
import { explain, type Explanation } from '../../src/engine/explain.ts';
import { createEngine } from '../../src/engine/index.ts';
import type { Target } from '../../src/engine/types.ts';
import { presets } from '../../src/presets/index.ts';
import { actionArb, catalog, NOW, pairArb, targetArb } from './arbitraries.ts';
import { actorOf, member, recordTarget, roleFacts, userTarget } from './helpers.ts';

const p = presets.seed002;
const options = { catalog: p.catalog, ownerHasAllPermissions: p.ownerHasAllPermissions };
const tree = new Map([['hq', ['hq-eu', 'hq-eu-fr']]]);
const world = { now: NOW, provenance: true } as const;
const why = (actor: ReturnType<typeof actorOf>, action: string, target: Target): Explanation => explain(actor, action, target, options);
const scan = (id: string, ownerId: string, organizationId = 'hq') => recordTarget('scan', id, organizationId, ownerId);

test('R-PERM-1: explain names the membership, role, policy and grant that allow, with its condition', () => {
  const std = actorOf(p, 'u-std', [member(p, 'standardUser', 'hq')], tree, world);
  const explanation = why(std, 'scan.viewResults', scan('s1', 'u-std'));
  assert.equal(explanation.allowed, true);
  assert.equal(explanation.rule, 'R-PERM-1');
  assert.equal(explanation.organizationId, 'hq');
  assert.deepEqual(explanation.grantedBy, [
    {
      organizationId: 'hq',
      membership: { organizationId: 'hq', roleId: 'seed002:standardUser', roleKey: 'standardUser', isOwner: false, expiresAt: null },
      policy: { id: 'seed002:standardUser:own', name: 'Standard User permissions' },
      permission: 'scan.viewResults',
      condition: 'own',
      source: 'grant',
    },
  ]);
});

test("R-PERM-1: explain says a sub-organisation is reached through the parent's membership", () => {
  const co = actorOf(p, 'u-co', [member(p, 'complianceOfficer', 'hq')], tree, world);
  const [chain] = why(co, 'user.disable', userTarget('u-fr', ['hq-eu-fr'])).grantedBy;
  assert.equal(chain?.organizationId, 'hq-eu-fr');
  assert.equal(chain?.membership.organizationId, 'hq');
  assert.equal(chain?.membership.roleKey, 'complianceOfficer');
});

test('R-PERM-1: explain names the policy of a custom role made of policies (seed 004)', () => {
  const s4 = presets.seed004;
  const ops = actorOf(s4, 'u-ops', [member(s4, 'operations', 'acme')], new Map(), world);
  const explanation = explain(ops, 'transaction.refund', recordTarget('transaction', 't1', 'acme'), { catalog: s4.catalog, ownerHasAllPermissions: true });
  assert.deepEqual(
    explanation.grantedBy.map((chain) => chain.policy?.name),
    ['Refunds'],
  );
  const viewing = explain(ops, 'transaction.view', recordTarget('transaction', 't1', 'acme'), { catalog: s4.catalog, ownerHasAllPermissions: true });
  assert.deepEqual(viewing.grantedBy.map((chain) => chain.policy?.name).sort(), ['Refunds', 'Transactions viewer']);
});

test("R-OWNER-2: explain says the owner's full access comes from ownership (seed 003)", () => {
  const s3 = presets.seed003;
  const owner = actorOf(s3, 'u-owner', [member(s3, s3.ownerRoleKey, 'acct', { isOwner: true })], new Map(), world);
  const explanation = explain(owner, 'user.invite', { kind: 'organization', organizationId: 'acct' }, { catalog: s3.catalog, ownerHasAllPermissions: true });
  assert.equal(explanation.allowed, true);
  assert.deepEqual(explanation.grantedBy.map((chain) => [chain.source, chain.policy]), [['owner', null]]);
});

test('R-ACC-1: explain shows the switched-off right as set aside', () => {
  const adv = actorOf(p, 'u-adv', [member(p, 'advancedUser', 'hq', { disabledRights: ['report.view'] })], tree, world);
  const explanation = why(adv, 'report.view', { kind: 'organization', organizationId: 'hq' });
  assert.equal(explanation.rule, 'R-ACC-1');
  assert.deepEqual(explanation.setAside.map((chain) => [chain.permission, chain.rule, chain.membership.roleKey]), [['report.view', 'R-ACC-1', 'advancedUser']]);
});

test('R-SCOPE-1: explain shows the scoped grant and that the instance is outside the scope', () => {
  const s0 = presets.seed000;
  const technical = actorOf(s0, 'u-tech', [member(s0, 'technical', 'acct', { scope: { product: ['12', '40'] } })], new Map(), world);
  const action = Object.keys(s0.catalog).find((key) => key.startsWith('product.') && technical.organizations.get('acct')?.held.has(key));
  assert.ok(action !== undefined, 'the technical role holds a product permission');
  const explanation = explain(technical, action, recordTarget('product', '99', 'acct'), { catalog: s0.catalog, ownerHasAllPermissions: s0.ownerHasAllPermissions });
  assert.equal(explanation.rule, 'R-SCOPE-1');
  assert.ok(explanation.setAside.every((chain) => chain.condition === 'scoped' && chain.rule === 'R-SCOPE-1'));
  const inScope = explain(technical, action, recordTarget('product', '40', 'acct'), { catalog: s0.catalog, ownerHasAllPermissions: s0.ownerHasAllPermissions });
  assert.equal(inScope.allowed, true);
  assert.ok(inScope.grantedBy.some((chain) => chain.source === 'scope' || chain.condition === 'scoped'));
});

test('R-EXP-1: explain shows the ended membership and when it ended', () => {
  const contractor = actorOf(p, 'u-c', [member(p, 'advancedUser', 'hq', { expiresAt: NOW - 60_000 })], tree, world);
  const explanation = why(contractor, 'report.view', { kind: 'organization', organizationId: 'hq' });
  assert.equal(explanation.rule, 'R-EXP-1');
  assert.deepEqual(explanation.setAside.map((chain) => [chain.rule, chain.membership.expiresAt]), [['R-EXP-1', NOW - 60_000]]);
});

test('R-ORG-1: explain shows the disabled organisation as the guard', () => {
  const adv = actorOf(p, 'u-adv', [member(p, 'advancedUser', 'hq-eu')], tree, { ...world, disabledOrganizations: ['hq-eu'] });
  const explanation = why(adv, 'report.view', { kind: 'organization', organizationId: 'hq-eu' });
  assert.equal(explanation.rule, 'R-ORG-1');
  assert.equal(explanation.organizationId, 'hq-eu');
  assert.deepEqual(explanation.setAside.map((chain) => chain.rule), ['R-ORG-1']);
});

test('R-OWNER-1: explain names the owner guard before any permission', () => {
  const co = actorOf(p, 'u-co', [member(p, 'complianceOfficer', 'hq')], tree, world);
  const explanation = why(co, 'user.setMfa', userTarget('u-owner', ['hq'], { isOwner: true }));
  assert.equal(explanation.rule, 'R-OWNER-1');
  assert.equal(explanation.allowed, false);
  assert.deepEqual(explanation.grantedBy, []);
});

test('R-ESC-2: explain says where the actor falls short of the target, and keeps the chain that gave the permission', () => {
  const northCo = actorOf(p, 'u-nco', [member(p, 'complianceOfficer', 'hq-eu')], tree, world);
  const southCo = actorOf(p, 'u-sco', [member(p, 'complianceOfficer', 'hq-south'), member(p, 'standardUser', 'hq-eu')], tree, { now: NOW });
  const explanation = why(northCo, 'user.resetPassword', userTarget('u-sco', ['hq-south', 'hq-eu'], { holder: southCo }));
  assert.equal(explanation.rule, 'R-ESC-2');
  assert.deepEqual(explanation.shortfall, { organizationId: 'hq-south', permission: null });
  assert.equal(explanation.grantedBy[0]?.membership.roleKey, 'complianceOfficer');
});

test('R-SELF-2: explain needs no chain for self-service', () => {
  const aud = actorOf(p, 'u-aud', [member(p, 'auditor', 'hq')], tree, world);
  const explanation = why(aud, 'user.edit', userTarget('u-aud', ['hq']));
  assert.deepEqual([explanation.allowed, explanation.rule, explanation.grantedBy.length], [true, 'R-SELF-2', 0]);
});

test('R-PERM-1: explain refuses an actor compiled without provenance, and decide is the same either way', () => {
  const facts = { userId: 'u-std', memberships: [member(p, 'standardUser', 'hq')], descendants: tree };
  const plain = compileActor(facts, options, { now: NOW });
  const traced = compileActor(facts, options, { now: NOW, provenance: true });
  assert.equal(plain.provenance, undefined);
  assert.throws(() => explain(plain, 'report.view', scan('s1', 'u-std'), options), /provenance/);
  for (const action of Object.keys(p.catalog)) {
    assert.equal(decide(plain, action, scan('s1', 'u-std'), p.catalog), decide(traced, action, scan('s1', 'u-std'), p.catalog), action);
  }
});

test('R-PERM-1: the engine binds explain to its catalog', () => {
  const engine = createEngine({ catalog: p.catalog, ownerHasAllPermissions: p.ownerHasAllPermissions });
  const actor = engine.compile({ userId: 'u-std', memberships: [member(p, 'standardUser', 'hq')], descendants: tree }, { now: NOW, provenance: true });
  assert.equal(engine.explain(actor, 'report.view', { kind: 'organization', organizationId: 'hq' }).allowed, true);
  assert.equal(roleFacts(p, 'standardUser').policies?.[0]?.name, 'Standard User permissions');
});

// The property: two derivations (compiled maps in decide, membership by membership here) agree on
// the verdict and the rule, for generated actors, holders and targets, with expiry and disabled
// organisations; and every chain of an allowed decision is a real path through the facts.
test('R-PERM-1: explain agrees with decide on every input, and its chains exist in the facts', () => {
  fc.assert(
    fc.property(pairArb({ expiry: true, disabled: true }), fc.boolean(), actionArb, targetArb, ({ actor: facts, other }, ownerHasAll, action, generated) => {
      const opts = { catalog, ownerHasAllPermissions: ownerHasAll };
      const actor = compileActor(facts, opts, { now: NOW, provenance: true });
      const target: Target =
        generated.kind === 'user' && generated.userId === other.userId ? { ...generated, holder: compileActor(other, opts, { now: NOW }) } : generated;
      const decision = decide(actor, action, target, catalog);
      const explanation = explain(actor, action, target, opts);
      assert.deepEqual({ allowed: explanation.allowed, rule: explanation.rule }, { allowed: decision.allowed, rule: decision.rule });
      if (decision.allowed && decision.rule === 'R-PERM-1') assert.ok(explanation.grantedBy.length > 0, 'an allowed permission has a chain');
      for (const chain of explanation.grantedBy) {
        assert.equal(chain.permission, action);
        const membership = facts.memberships.find((m) => m.organizationId === chain.membership.organizationId && m.role.id === chain.membership.roleId);
        assert.ok(membership !== undefined, 'the chain starts at a membership of the actor');
        if (chain.policy !== null) {
          const policy = membership.role.policies?.find((candidate) => candidate.id === chain.policy?.id);
          assert.ok(policy?.grants.some((grant) => grant.permission === action), 'the policy carries the grant');
        }
      }
    }),
    { numRuns: 4000 },
  );
});

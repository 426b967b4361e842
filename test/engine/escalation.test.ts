// R-ESC-2: acting on another user's credentials or identity needs dominating them — reaching every
// organisation they belong to and holding there everything they hold. The takeovers of the outside
// assessment (seed 002's North Compliance Officer, seed 004's "User administration" holder) as
// tables, then a property against an oracle written from the rule, one membership at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileActor, conditionBit, hasEnded, OWN, SCOPED, UNCONDITIONAL } from '../../src/engine/actor.ts';
import { credentialActions, credentialActionsNeedingHolder, decide } from '../../src/engine/decide.ts';
import type { ActorFacts, Grant, RoleFacts } from '../../src/engine/types.ts';
import { presets } from '../../src/presets/index.ts';
import { catalog, NOW, orgs, pairArb } from './arbitraries.ts';
import { actorOf, allow, deny, member, roleFacts, runTable, userTarget } from './helpers.ts';

const p = presets.seed002;
// acme ⊃ north, south.
const tree = new Map([['acme', ['north', 'south']]]);
const now = { now: NOW };
const withGrants = (role: RoleFacts, extra: string[]): RoleFacts => ({ ...role, grants: [...role.grants, ...extra.map((permission) => ({ permission }))] });
const support = ['user.manageSessions', 'user.manageApiKeys', 'user.impersonate'];
const coSupport = withGrants(roleFacts(p, 'complianceOfficer'), support);
const as = (userId: string, memberships: Parameters<typeof actorOf>[2], disabledOrganizations?: string[]) =>
  actorOf(p, userId, memberships, tree, { ...now, ...(disabledOrganizations === undefined ? {} : { disabledOrganizations }) });

const acmeCo = as('u-acme', [{ ...member(p, 'complianceOfficer', 'acme', { isOwner: true }), role: coSupport }]);
const northCo = as('u-north', [{ ...member(p, 'complianceOfficer', 'north'), role: coSupport }]);
const northCoNoReports = as('u-north2', [{ ...member(p, 'complianceOfficer', 'north', { disabledRights: ['report.view'] }), role: coSupport }]);
// The assessment's target: South's Compliance Officer, who is also a member of North.
const southCo = as('u-south', [member(p, 'complianceOfficer', 'south'), member(p, 'standardUser', 'north')]);
const southCoT = (extra: Parameters<typeof userTarget>[2] = {}) => userTarget('u-south', ['south', 'north'], { holder: southCo, ...extra });
const northStd = as('u-std', [member(p, 'standardUser', 'north')]);
const northStdT = (extra: Parameters<typeof userTarget>[2] = {}) => userTarget('u-std', ['north'], { holder: northStd, ...extra });
const northAdv = as('u-adv', [member(p, 'advancedUser', 'north')]);
const northAdvT = userTarget('u-adv', ['north'], { holder: northAdv });
const northEntry = as('u-entry', [member(p, 'dataEntryOperator', 'north')]);
const northEntryT = userTarget('u-entry', ['north'], { holder: northEntry });

runTable(p, [
  // The takeover: change the e-mail to one's own, then reset the password.
  deny("North's Compliance Officer cannot change the e-mail of South's Compliance Officer", northCo, 'user.edit', southCoT({ touchesIdentity: true }), 'R-ESC-2'),
  deny("North's Compliance Officer cannot reset the password of South's Compliance Officer", northCo, 'user.resetPassword', southCoT(), 'R-ESC-2'),
  deny("North's Compliance Officer cannot set the password of South's Compliance Officer", northCo, 'user.setPassword', southCoT(), 'R-ESC-2'),
  deny("North's Compliance Officer cannot switch off the second factor of South's Compliance Officer", northCo, 'user.setMfa', southCoT(), 'R-ESC-2'),
  deny("North's Compliance Officer cannot end the sessions of South's Compliance Officer", northCo, 'user.manageSessions', southCoT(), 'R-ESC-2'),
  deny("North's Compliance Officer cannot revoke the API keys of South's Compliance Officer", northCo, 'user.manageApiKeys', southCoT(), 'R-ESC-2'),
  deny("North's Compliance Officer cannot impersonate South's Compliance Officer", northCo, 'user.impersonate', southCoT(), 'R-ESC-2'),
  allow("North's Compliance Officer still edits the personal fields of a North member", northCo, 'user.edit', southCoT()),
  // Removing a user: deleting the account with its last membership ends their sign-in, so it needs
  // dominance like an e-mail change; taking one of several memberships is not an act on it.
  deny("North's Compliance Officer cannot delete the account of South's Compliance Officer", northCo, 'user.remove', southCoT({ touchesIdentity: true }), 'R-ESC-2'),
  allow("North's Compliance Officer removes South's Compliance Officer from North, who keeps South", northCo, 'user.remove', userTarget('u-south', ['north'], { holder: southCo })),
  allow("North's Compliance Officer deletes the account of a North standard user", northCo, 'user.remove', northStdT({ touchesIdentity: true })),
  deny('deleting an account without the target’s access is refused', northCo, 'user.remove', userTarget('u-std', ['north'], { touchesIdentity: true }), 'R-ESC-2'),
  // Who dominates may.
  allow("Acme's Compliance Officer resets the password of South's Compliance Officer", acmeCo, 'user.resetPassword', southCoT()),
  allow("Acme's Compliance Officer changes the e-mail of South's Compliance Officer", acmeCo, 'user.edit', southCoT({ touchesIdentity: true })),
  allow("North's Compliance Officer resets the password of a North standard user", northCo, 'user.resetPassword', northStdT()),
  allow("North's Compliance Officer ends a North standard user's sessions", northCo, 'user.manageSessions', northStdT()),
  allow("North's Compliance Officer impersonates a North standard user for support", northCo, 'user.impersonate', northStdT()),
  // Holding every permission: a switched-off right the target holds is a permission the actor lacks.
  deny('a Compliance Officer without reports cannot reset the password of a user who has them', northCoNoReports, 'user.resetPassword', northAdvT, 'R-ESC-2'),
  allow('a Compliance Officer without reports resets the password of a user who has none either', northCoNoReports, 'user.resetPassword', northEntryT),
  // The facts must be there: the actions added with the rule, and identity edits, fail closed without them.
  deny('ending sessions without the target’s access is refused', northCo, 'user.manageSessions', userTarget('u-std', ['north']), 'R-ESC-2'),
  deny('impersonating without the target’s access is refused', northCo, 'user.impersonate', userTarget('u-std', ['north']), 'R-ESC-2'),
  deny('an e-mail change without the target’s access is refused', acmeCo, 'user.edit', userTarget('u-south', ['south', 'north'], { touchesIdentity: true }), 'R-ESC-2'),
  // Without what the target holds, a credential action cannot be judged: it is denied (fail closed).
  deny('a reset password without the target\'s holder is denied', northCo, 'user.resetPassword', userTarget('u-south', ['south', 'north']), 'R-ESC-2'),
  // Self and the owner are other rules' business.
  allow('everyone ends their own sessions', northStd, 'user.manageSessions', userTarget('u-std', ['north']), 'R-SELF-2'),
  allow('everyone revokes their own API keys', northStd, 'user.manageApiKeys', userTarget('u-std', ['north']), 'R-SELF-2'),
  deny('nobody impersonates the owner', northCo, 'user.impersonate', userTarget('u-nowner', ['north'], { isOwner: true, holder: northStd }), 'R-OWNER-1'),
  deny('without the permission it is R-PERM-1 that denies', northStd, 'user.manageSessions', northAdvT, 'R-PERM-1'),
]);

test('R-ESC-2: seed004 a "User administration" holder cannot take over a non-owner Admin', () => {
  const s4 = presets.seed004;
  const userAdmin: RoleFacts = {
    ...roleFacts(s4, 'operations'),
    id: 'custom:userAdmin',
    key: 'userAdmin',
    grants: (s4.policies.find((policy) => policy.key === 'userAdministration')?.grants ?? []).map((grant) => ({ permission: grant as string })),
  };
  const holder = actorOf(s4, 'u-ua', [{ ...member(s4, 'operations', 'acme'), role: userAdmin }], new Map(), now);
  const admin = actorOf(s4, 'u-admin', [member(s4, 'admin', 'acme')], new Map(), now);
  const target = userTarget('u-admin', ['acme'], { holder: admin });
  assert.equal(decide(holder, 'user.resetPassword', target, s4.catalog).rule, 'R-ESC-2');
  assert.equal(decide(holder, 'user.edit', { ...target, touchesIdentity: true } as typeof target, s4.catalog).rule, 'R-ESC-2');
  assert.equal(decide(holder, 'user.edit', target, s4.catalog).allowed, true);
  // The owner Admin dominates the other Admin.
  const first = actorOf(s4, 'u-first', [member(s4, 'admin', 'acme', { isOwner: true })], new Map(), now);
  assert.equal(decide(first, 'user.resetPassword', target, s4.catalog).allowed, true);
});

test('R-ESC-2: seed000 a scope covers another scope only when it includes its instances', () => {
  const s0 = presets.seed000;
  const resetter = (products: string[]) =>
    actorOf(s0, 'u-a', [{ ...member(s0, 'technical', 'acct', { scope: { product: products } }), role: withGrants(roleFacts(s0, 'technical'), ['user.resetPassword']) }], new Map(), now);
  const technical = actorOf(s0, 'u-t', [member(s0, 'technical', 'acct', { scope: { product: ['12', '40'] } })], new Map(), now);
  const target = userTarget('u-t', ['acct'], { holder: technical });
  assert.equal(decide(resetter(['12']), 'user.resetPassword', target, s0.catalog).rule, 'R-ESC-2');
  assert.equal(decide(resetter(['12', '40', '99']), 'user.resetPassword', target, s0.catalog).allowed, true);
});

test('R-ESC-2: a disabled organisation does not lower the bar — what it gives once enabled counts (R-ORG-1)', () => {
  // South is disabled: its Compliance Officer holds nothing there today, but will when it is enabled.
  const southCoDisabled = as('u-south', [member(p, 'complianceOfficer', 'south'), member(p, 'standardUser', 'north')], ['south']);
  const northCoSeesSouth = as('u-north', [{ ...member(p, 'complianceOfficer', 'north'), role: coSupport }], ['south']);
  const target = userTarget('u-south', ['south', 'north'], { holder: southCoDisabled });
  assert.equal(decide(northCoSeesSouth, 'user.resetPassword', target, p.catalog).rule, 'R-ESC-2');
  const acmeCoSeesSouth = as('u-acme', [{ ...member(p, 'complianceOfficer', 'acme', { isOwner: true }), role: coSupport }], ['south']);
  assert.equal(decide(acmeCoSeesSouth, 'user.resetPassword', target, p.catalog).allowed, true);
});

test('R-ESC-2: the credential actions and those that fail closed are the documented ones', () => {
  assert.deepEqual([...credentialActions].sort(), ['user.impersonate', 'user.manageApiKeys', 'user.manageSessions', 'user.resetPassword', 'user.setMfa', 'user.setPassword']);
  assert.deepEqual([...credentialActionsNeedingHolder].sort(), ['user.impersonate', 'user.manageApiKeys', 'user.manageSessions', 'user.resetPassword', 'user.setMfa', 'user.setPassword']);
});

// ---- the property -------------------------------------------------------------------------------------
interface Hold {
  all: boolean;
  own: boolean;
  scoped: boolean;
  /** resource → instance ids of the memberships holding it scoped. */
  readonly instances: Map<string, Set<string>>;
}

/** What the facts give for `permission` in `organizationId`, membership by membership, as if every organisation were enabled. */
function holdOf(facts: ActorFacts, organizationId: string, permission: string): Hold {
  const hold: Hold = { all: false, own: false, scoped: false, instances: new Map() };
  for (const m of facts.memberships) {
    const reaches = m.organizationId === organizationId || (m.role.includesSubOrganizations && (facts.descendants.get(m.organizationId) ?? []).includes(organizationId));
    if (!reaches || hasEnded(m, NOW)) continue;
    if (m.role.readOnly && catalog[permission as keyof typeof catalog]?.mutates === true) continue;
    if (m.disabledRights.includes(permission)) continue;
    for (const grant of m.role.grants.filter((g: Grant) => g.permission === permission)) {
      const bit = conditionBit(grant, m.scope);
      if (bit === UNCONDITIONAL) hold.all = true;
      if (bit === OWN) hold.own = true;
      if (bit === SCOPED) {
        hold.scoped = true;
        for (const [resource, ids] of Object.entries(m.scope ?? {})) {
          const set = hold.instances.get(resource) ?? new Set<string>();
          for (const id of ids) set.add(id);
          hold.instances.set(resource, set);
        }
      }
    }
  }
  return hold;
}

/** Holding a permission means it reaches something: a scoped grant without instances reaches nothing. */
const reachesInstances = (hold: Hold): boolean => hold.scoped && [...hold.instances.values()].some((ids) => ids.size > 0);

function covers(mine: Hold, theirs: Hold): boolean {
  if (!(theirs.all || theirs.own || reachesInstances(theirs)) || mine.all) return true;
  if (theirs.all || (theirs.own && !mine.own)) return false;
  if (!reachesInstances(theirs)) return true;
  if (!mine.scoped) return false;
  return [...theirs.instances].every(([resource, ids]) => [...ids].every((id) => mine.instances.get(resource)?.has(id) === true));
}

function reached(facts: ActorFacts): Set<string> {
  const out = new Set<string>();
  for (const m of facts.memberships) {
    out.add(m.organizationId);
    if (m.role.includesSubOrganizations) for (const below of facts.descendants.get(m.organizationId) ?? []) out.add(below);
  }
  return out;
}

/** R-ESC-2 as written: every organisation of the target reached, every permission held there covered. */
function dominatesOracle(actor: ActorFacts, other: ActorFacts, belongsTo: readonly string[]): boolean {
  const mine = reached(actor);
  const theirs = new Set([...reached(other), ...belongsTo]);
  for (const organizationId of theirs) {
    if (!mine.has(organizationId)) return false;
    for (const permission of Object.keys(catalog)) {
      if (!covers(holdOf(actor, organizationId, permission), holdOf(other, organizationId, permission))) return false;
    }
  }
  return true;
}

test('R-ESC-2: a credential action on another user is allowed exactly when the permission allows and the actor dominates', () => {
  const resetterRole = { id: 'resetter', key: 'resetter', protected: false, uniquePerOrganization: false, ownerOnly: false, readOnly: false, includesSubOrganizations: true };
  let dominated = 0;
  let refused = 0;
  fc.assert(
    fc.property(pairArb({ expiry: true, disabled: true }), fc.constantFrom(...orgs), fc.constantFrom('user.resetPassword', 'user.manageSessions', 'user.impersonate'), ({ actor: facts, other }, at, action) => {
      // The actor holds the action somewhere, so that the permission often allows and dominance decides.
      const withAction: ActorFacts = { ...facts, memberships: [...facts.memberships, { organizationId: at, role: { ...resetterRole, grants: [{ permission: action }] }, isOwner: false, disabledRights: [], scope: null }] };
      const options = { catalog, ownerHasAllPermissions: false };
      const actor = compileActor(withAction, options, { now: NOW });
      const holder = compileActor(other, options, { now: NOW });
      const belongsTo = [...new Set(other.memberships.map((m) => m.organizationId))];
      if (belongsTo.length === 0) return;
      const target = { kind: 'user' as const, userId: other.userId, organizationIds: belongsTo, isOwner: false };
      // Against a holder who holds nothing, only the permission and the reach of every organisation of the target decide.
      const nobody = compileActor({ userId: other.userId, memberships: [], descendants: other.descendants }, options, { now: NOW });
      const permission = decide(actor, action, { ...target, holder: nobody }, catalog);
      const decision = decide(actor, action, { ...target, holder }, catalog);
      if (!permission.allowed) {
        assert.equal(decision, permission);
        return;
      }
      const expected = dominatesOracle(withAction, other, belongsTo);
      assert.equal(decision.allowed, expected, `${action}: ${decision.rule}`);
      if (!expected) assert.equal(decision.rule, 'R-ESC-2');
      if (expected) dominated++;
      else refused++;
    }),
    { numRuns: 3000 },
  );
  assert.ok(dominated > 50 && refused > 50, `both outcomes are exercised (${dominated} allowed, ${refused} refused)`);
});

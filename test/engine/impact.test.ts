// Impact preview: who gains and who loses which permissions when a policy, a role's policy list, an
// access right or a role changes, and a fingerprint of the holders' facts that a save compares.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileActor } from '../../src/engine/actor.ts';
import { decide, TRANSFER_OWNERSHIP } from '../../src/engine/decide.ts';
import { accessRightsChanged, policyEdited, roleChanged, rolePoliciesChanged, type FactsChange } from '../../src/engine/facts-change.ts';
import { fingerprintOf } from '../../src/engine/fingerprint.ts';
import { previewImpact, type HolderChange } from '../../src/engine/impact.ts';
import { createEngine } from '../../src/engine/index.ts';
import type { ActorFacts, Grant, Target } from '../../src/engine/types.ts';
import { toGrant } from '../../src/presets/define.ts';
import { presets } from '../../src/presets/index.ts';
import type { Preset } from '../../src/presets/types.ts';
import { catalog, docs, factsArb, NOW, orgs, users, type WorldOptions } from './arbitraries.ts';
import { member, roleFacts } from './helpers.ts';

const s4 = presets.seed004;
const s2 = presets.seed002;
const optionsOf = (preset: Preset) => ({ catalog: preset.catalog, ownerHasAllPermissions: preset.ownerHasAllPermissions });

interface Holder {
  readonly userId: string;
  readonly name: string;
  readonly facts: ActorFacts;
}

const holder = (preset: Preset, n: number, roleKey: string, org = 'acme'): Holder => ({
  userId: `u-${roleKey}-${n}`,
  name: `${roleKey} ${String(n).padStart(2, '0')}`,
  facts: { userId: `u-${roleKey}-${n}`, memberships: [member(preset, roleKey, org)], descendants: new Map() },
});

// Roles are shared between holders, as a loader that reads each role once gives them.
function shareRoles(holders: Holder[]): Holder[] {
  const roles = new Map<string, ActorFacts['memberships'][number]['role']>();
  return holders.map((h) => ({
    ...h,
    facts: { ...h.facts, memberships: h.facts.memberships.map((m) => ({ ...m, role: roles.get(m.role.id) ?? (roles.set(m.role.id, m.role), m.role) })) },
  }));
}

const company = shareRoles([
  ...Array.from({ length: 12 }, (_, i) => holder(s4, i + 1, 'operations')),
  holder(s4, 1, 'accountant'),
  holder(s4, 1, 'admin'),
]);

function preview(preset: Preset, holders: Holder[], change: FactsChange) {
  const changes: HolderChange[] = holders.map((h) => ({ userId: h.userId, name: h.name, before: h.facts, after: change(h.facts) }));
  return previewImpact(changes, optionsOf(preset), { now: NOW });
}

const grantsOf = (key: string): Grant[] => (s4.policies.find((policy) => policy.key === key)?.grants ?? []).map(toGrant);
const summary = (impacts: readonly { permission: string; holders: number }[]) => impacts.map((impact) => `${impact.permission}×${impact.holders}`);

test('R-POL-1: seed004 removing a grant from a policy shows who loses it, and nothing they keep through another policy', () => {
  const refundsWithoutRefund = grantsOf('refunds').filter((grant) => grant.permission !== 'transaction.refund');
  const result = preview(s4, company, policyEdited('seed004:refunds', refundsWithoutRefund));
  assert.deepEqual(summary(result.losses), ['transaction.refund×12']);
  assert.deepEqual(result.gains, []);
  assert.equal(result.holders, 14);
  assert.equal(result.affected, 12);
  assert.deepEqual(result.losses[0]?.first, ['operations 01', 'operations 02', 'operations 03', 'operations 04', 'operations 05']);
  assert.equal(result.losses[0]?.label, 'Refund transactions');
  assert.deepEqual(result.firstAffected, ['operations 01', 'operations 02', 'operations 03', 'operations 04', 'operations 05']);
});

test('R-POL-1: seed004 adding a grant to a policy shows who gains it; roles without the policy are untouched', () => {
  const result = preview(s4, company, policyEdited('seed004:reporting', [...grantsOf('reporting'), { permission: 'merchant.view' }]));
  assert.deepEqual(summary(result.gains), ['merchant.view×12']);
  assert.deepEqual(result.losses, []);
});

test('R-POL-1: seed004 a grant narrowed to own records is a loss, widened again a gain', () => {
  const merchants = shareRoles([0, 1, 2].map((n) => holder(s4, n, 'operations'))).map((h) => ({
    ...h,
    facts: { ...h.facts, memberships: h.facts.memberships.map((m) => ({ ...m, role: { ...m.role, policies: [...(m.role.policies ?? []), { id: 'pol:merchants', name: 'Merchants', grants: [{ permission: 'merchant.manage' }] }], grants: [...m.role.grants, { permission: 'merchant.manage' }] } })) },
  }));
  const narrowed = preview(s4, merchants, policyEdited('pol:merchants', [{ permission: 'merchant.manage', condition: 'own' }]));
  assert.deepEqual([summary(narrowed.gains), summary(narrowed.losses)], [[], ['merchant.manage×3']]);
});

test("R-ROLE-1: seed004 taking a policy off a role shows what its holders lose, and keeps what another of the role's policies gives", () => {
  const role = roleFacts(s4, 'operations');
  const withoutReporting = (role.policies ?? []).filter((policy) => policy.id !== 'seed004:reporting');
  const result = preview(s4, company, rolePoliciesChanged(role.id, withoutReporting));
  assert.deepEqual(summary(result.losses), ['page.reports×12', 'report.view×12', 'report.export×12']);
  assert.deepEqual(result.gains, []);
});

test('R-MIG-1: seed004 migrating a legacy role onto a policy with the same grants changes nobody', () => {
  const accountant = roleFacts(s4, 'accountant');
  const result = preview(s4, company, rolePoliciesChanged(accountant.id, [{ id: 'pol:acct', name: 'Accountant permissions', grants: accountant.grants }]));
  assert.deepEqual([result.affected, result.gains, result.losses], [0, [], []]);
});

test("R-ACC-1: seed002 switching off one user's access right affects that user only", () => {
  const team = shareRoles([1, 2, 3].map((n) => holder(s2, n, 'advancedUser', 'hq')));
  const result = preview(s2, team, accessRightsChanged('u-advancedUser-2', 'hq', ['report.view']));
  assert.deepEqual(summary(result.losses), ['report.view×1']);
  assert.deepEqual(result.losses[0]?.first, ['advancedUser 02']);
  assert.equal(result.affected, 1);
});

test('R-ESC-1: seed002 a role change shows permissions gained, including ones held more broadly than before', () => {
  const std = holder(s2, 1, 'standardUser', 'hq');
  const result = preview(s2, [std], roleChanged(std.userId, 'hq', roleFacts(s2, 'advancedUser')));
  // Own scans → all scans is a gain too.
  assert.ok(summary(result.gains).includes('scan.viewResults×1'));
  assert.ok(summary(result.gains).includes('scan.dueDiligence×1'));
  assert.ok(summary(result.gains).includes('org.view×1'));
  assert.deepEqual(result.losses, []);
});

test('R-POL-1: the fingerprint ignores the order of holders, memberships and grants, and changes with any fact', () => {
  const facts = company.map((h) => h.facts);
  const base = fingerprintOf(facts);
  assert.match(base, /^[0-9a-f]{16}$/);
  assert.equal(fingerprintOf([...facts].reverse()), base);
  const first = facts[0] as ActorFacts;
  const reordered = { ...first, memberships: first.memberships.map((m) => ({ ...m, role: { ...m.role, grants: [...m.role.grants].reverse() } })) };
  assert.equal(fingerprintOf([reordered, ...facts.slice(1)]), base);
  const changed = (edit: (m: ActorFacts['memberships'][number]) => ActorFacts['memberships'][number]) =>
    fingerprintOf([{ ...first, memberships: first.memberships.map(edit) }, ...facts.slice(1)]);
  const variants = [
    changed((m) => ({ ...m, disabledRights: ['report.view'] })),
    changed((m) => ({ ...m, expiresAt: NOW })),
    changed((m) => ({ ...m, scope: { transaction: ['t1'] } })),
    changed((m) => ({ ...m, isOwner: true })),
    changed((m) => ({ ...m, organizationId: 'other' })),
    changed((m) => ({ ...m, role: { ...m.role, readOnly: true } })),
    changed((m) => ({ ...m, role: { ...m.role, grants: m.role.grants.slice(1) } })),
    changed((m) => ({ ...m, role: { ...m.role, grants: [...m.role.grants.slice(1), { permission: m.role.grants[0]?.permission ?? 'x', condition: 'own' }] } })),
    fingerprintOf([{ ...first, disabledOrganizations: ['acme'] }, ...facts.slice(1)]),
    fingerprintOf(facts.slice(1)),
  ];
  assert.equal(new Set([base, ...variants]).size, variants.length + 1);
  assert.equal(preview(s4, company, (f) => f).fingerprint, base);
});

test('R-POL-1: the engine previews with its own catalog', () => {
  const engine = createEngine({ catalog: s4.catalog, ownerHasAllPermissions: true });
  const h = company[0] as Holder;
  const result = engine.previewImpact([{ userId: h.userId, name: h.name, before: h.facts, after: policyEdited('seed004:refunds', [])(h.facts) }], { now: NOW, first: 1 });
  // The refunds policy emptied: its page and view stay, through the transactions viewer policy.
  assert.deepEqual(summary(result.losses), ['transaction.refund×1']);
});

// ---- the property: gained exactly when some decision turns from denied to allowed ------------------------
const world: WorldOptions = { expiry: true };
const questions: Target[] = orgs.flatMap((organizationId) =>
  ['doc', 'user'].flatMap((resource) =>
    [...docs, ...users].flatMap((id) => [null, 'u1', 'u2'].map((ownerId): Target => ({ kind: 'record', resource, id, organizationId, ownerId }))),
  ),
);

test('R-POL-1: a permission is listed as gained (lost) exactly when some decision on it turns allowed (denied)', () => {
  fc.assert(
    fc.property(factsArb('u1', world), factsArb('u1', world), fc.boolean(), (before, after, ownerHasAll) => {
      const options = { catalog, ownerHasAllPermissions: ownerHasAll };
      const result = previewImpact([{ userId: 'u1', name: 'One', before, after: { ...after, descendants: before.descendants } }], options, { now: NOW });
      const was = compileActor(before, options, { now: NOW });
      const will = compileActor({ ...after, descendants: before.descendants }, options, { now: NOW });
      for (const permission of Object.keys(catalog)) {
        if (permission === TRANSFER_OWNERSHIP) continue; // decided by ownership, not held
        const flips = (from: typeof was, to: typeof was) => questions.some((q) => decide(to, permission, q, catalog).allowed && !decide(from, permission, q, catalog).allowed);
        assert.equal(result.gains.some((impact) => impact.permission === permission), flips(was, will), `gain of ${permission}`);
        assert.equal(result.losses.some((impact) => impact.permission === permission), flips(will, was), `loss of ${permission}`);
      }
    }),
    { numRuns: 300 },
  );
});

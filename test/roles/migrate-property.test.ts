// R-MIG-1 as a property: for random legacy roles (random subsets of the catalog, each grant
// unconditional, own or scoped) held by random users (random switched-off rights and resource
// scopes), migrating the role — to a new policy, or to an existing policy holding the same grants —
// leaves every holder's decision on every catalog action and every kind of target unchanged.
// Actors are loaded fresh from the database before and after, and decided by the engine itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { serializeGrants } from '../../src/authz/grant-codec.ts';
import { loadActorFacts } from '../../src/authz/load-actor.ts';
import type { Principal } from '../../src/authz/principal.ts';
import { resourceOf } from '../../src/engine/catalog.ts';
import { reservedReason } from '../../src/permissions/reserved-refusal.ts';
import type { Actor, Grant, Target } from '../../src/engine/types.ts';
import { runOperation } from '../../src/authz/pipeline.ts';
import { createPolicy, type PolicyView } from '../../src/policies/index.ts';
import { migrateRole, type MigrationResult } from '../../src/roles/index.ts';
import { company, type Company } from './fixture.ts';

const RUNS_PER_MODE = Number(process.env.MIG_PROPERTY_RUNS ?? 40);
const INSTANCE_IDS = ['1', '2', '3'];

let c: Company;
let owner: Principal;
let catalogKeys: string[];
/** What a legacy role may hold and still migrate: not a permission the preset reserves to the Admin (R-ROLE-2). */
let grantableKeys: string[];
let resources: string[];
let sequence = 0;
const runs = { policyName: 0, policyId: 0 };

before(async () => {
  c = await company();
  owner = await c.principal(c.owner);
  catalogKeys = Object.keys(c.ctx.catalog);
  grantableKeys = catalogKeys.filter((key) => reservedReason(c.ctx, key) === null);
  resources = [...new Set(catalogKeys.map(resourceOf))];
});
after(() => c.close());

const condition = fc.constantFrom<Grant['condition']>(undefined, 'own', 'scoped');

function legacyRole(keys: readonly string[]) {
  return fc.uniqueArray(fc.record({ permission: fc.constantFrom(...keys), condition }), { selector: (grant) => grant.permission, maxLength: keys.length });
}

function holder(keys: readonly string[], resourceKeys: readonly string[]) {
  return fc.record({
    disabledRights: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 6 }),
    scope: fc.option(fc.dictionary(fc.constantFrom(...resourceKeys), fc.uniqueArray(fc.constantFrom(...INSTANCE_IDS), { maxLength: 3 }), { maxKeys: 3 }), { nil: null }),
  });
}

/** Every kind of target the engine decides, in the role's organisation and outside it. */
function targets(holderId: string, otherUserId: string, roleId: string): Target[] {
  const out: Target[] = [
    { kind: 'organization', organizationId: c.acme },
    { kind: 'organization', organizationId: c.globex },
    { kind: 'user', userId: otherUserId, organizationIds: [c.acme], isOwner: false },
    { kind: 'user', userId: holderId, organizationIds: [c.acme], isOwner: false },
    { kind: 'user', userId: c.owner, organizationIds: [c.acme], isOwner: true },
    { kind: 'role', roleId, organizationId: c.acme, protected: false },
    { kind: 'role', roleId: 'builtin:admin', organizationId: null, protected: true },
    { kind: 'policy', policyId: 'p', organizationId: c.acme },
    { kind: 'policy', policyId: 'preset:refunds', organizationId: null },
  ];
  for (const resource of resources) {
    for (const id of [...INSTANCE_IDS, '9']) {
      out.push({ kind: 'record', resource, id, organizationId: c.acme, ownerId: holderId });
      out.push({ kind: 'record', resource, id, organizationId: c.acme, ownerId: otherUserId });
      out.push({ kind: 'record', resource, id, organizationId: c.globex, ownerId: holderId });
    }
  }
  return out;
}

async function freshActor(userId: string): Promise<Actor> {
  // Straight from the database, not through the actor cache: what the next request would compile.
  return c.ctx.engine.compile(await loadActorFacts(c.ctx.prisma, userId));
}

function decisions(actor: Actor, holderId: string, roleId: string): string[] {
  const out: string[] = [];
  for (const target of targets(holderId, c.admin, roleId)) {
    for (const action of catalogKeys) {
      const decision = c.ctx.engine.decide(actor, action, target);
      out.push(`${action} ${JSON.stringify(target)} ${decision.allowed} ${decision.rule}`);
    }
  }
  return out;
}

async function seedLegacyRole(grants: readonly Grant[], holders: readonly { disabledRights: string[]; scope: Record<string, string[]> | null }[]) {
  const n = (sequence += 1);
  const role = await c.ctx.prisma.role.create({
    data: { key: `legacy-${n}`, name: `Legacy ${n}`, organizationId: c.acme, kind: 'CUSTOM', legacyPermissions: serializeGrants(grants) },
  });
  const userIds: string[] = [];
  for (const [index, h] of holders.entries()) {
    const user = await c.ctx.prisma.user.create({
      data: {
        email: `holder-${n}-${index}@example.test`,
        username: `holder-${n}-${index}`,
        firstName: 'Holder',
        lastName: '-',
        memberships: {
          create: { organizationId: c.acme, roleId: role.id, disabledRights: JSON.stringify(h.disabledRights), scope: h.scope === null ? null : JSON.stringify(h.scope) },
        },
      },
    });
    userIds.push(user.id);
  }
  return { roleId: role.id, userIds, n };
}

for (const mode of ['policyName', 'policyId'] as const) {
  test(`R-MIG-1: migrating a random legacy role (${mode}) leaves every holder's every decision unchanged`, async () => {
    await fc.assert(
      fc.asyncProperty(legacyRole(grantableKeys), fc.array(holder(catalogKeys, resources), { minLength: 1, maxLength: 3 }), async (grants, holders) => {
        runs[mode] += 1;
        const { roleId, userIds, n } = await seedLegacyRole(grants, holders);
        const before = new Map<string, string[]>();
        for (const userId of userIds) before.set(userId, decisions(await freshActor(userId), userId, roleId));

        let input: { policyId: string } | { policyName: string };
        if (mode === 'policyId') {
          // An existing policy with the same grants, listed in another order.
          const policy = await runOperation<PolicyView>(c.ctx, createPolicy, owner, { organizationId: c.acme, name: `Existing ${n}`, grants: [...grants].reverse() });
          input = { policyId: policy.id };
        } else {
          input = { policyName: `Migrated ${n}` };
        }
        const result = await runOperation<MigrationResult>(c.ctx, migrateRole, owner, input, { id: roleId });
        assert.equal(result.mode, mode === 'policyId' ? 'existing' : 'created');

        const role = await c.ctx.prisma.role.findUniqueOrThrow({ where: { id: roleId }, include: { policies: true } });
        assert.equal(role.legacyPermissions, null);
        assert.deepEqual(role.policies.map((link) => link.policyId), [result.policy.id]);
        for (const userId of userIds) {
          assert.deepEqual(decisions(await freshActor(userId), userId, roleId), before.get(userId), `holder ${userId} decides the same`);
        }
      }),
      { numRuns: RUNS_PER_MODE },
    );
  });
}

test('the property ran the intended number of cases in both modes', () => {
  assert.equal(runs.policyName, RUNS_PER_MODE);
  assert.equal(runs.policyId, RUNS_PER_MODE);
  console.log(`R-MIG-1 property: ${runs.policyName} runs with policyName, ${runs.policyId} runs with policyId`);
});

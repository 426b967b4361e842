// Seed 004: the uneditable Admin role, custom roles made of policies, pages as permissions, the
// first administrator's untouchable role, and migrating a legacy role without changing anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileActor, roleGrants } from '../../src/engine/actor.ts';
import { decide } from '../../src/engine/decide.ts';
import type { Grant, Target } from '../../src/engine/types.ts';
import { toGrant } from '../../src/presets/define.ts';
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, roleFacts, runTable, userTarget } from './helpers.ts';

const p = presets.seed004;
const firstAdmin = actorOf(p, 'u-first', [member(p, 'admin', 'acme', { isOwner: true })]);
const admin = actorOf(p, 'u-admin', [member(p, 'admin', 'acme')]);
const ops = actorOf(p, 'u-ops', [member(p, 'operations', 'acme')]);
const accountant = actorOf(p, 'u-acct', [member(p, 'accountant', 'acme')]);
const policyGrants = (...keys: string[]): Grant[] =>
  keys.flatMap((key) => p.policies.find((policy) => policy.key === key)?.grants.map(toGrant) ?? []);
// A custom role built in the panel from two policies.
const roleEditor = compileActor(
  {
    userId: 'u-roles',
    memberships: [
      {
        organizationId: 'acme',
        role: { ...roleFacts(p, 'operations'), key: 'roleEditor', grants: roleGrants({ legacyPermissions: null, policies: [{ grants: policyGrants('roleAdministration', 'transactionsViewer') }] }) },
        isOwner: false,
        disabledRights: [],
        scope: null,
      },
    ],
    descendants: new Map(),
  },
  { catalog: p.catalog, ownerHasAllPermissions: true },
);
const merchantRep = compileActor(
  {
    userId: 'u-rep',
    memberships: [
      {
        organizationId: 'acme',
        role: { ...roleFacts(p, 'operations'), key: 'rep', grants: roleGrants({ legacyPermissions: null, policies: [{ grants: policyGrants('ownMerchants') }] }) },
        isOwner: false,
        disabledRights: [],
        scope: null,
      },
    ],
    descendants: new Map(),
  },
  { catalog: p.catalog, ownerHasAllPermissions: true },
);
const nobody = actorOf(p, 'u-nobody', []);

const acme = orgTarget('acme');
const adminRole: Target = { kind: 'role', roleId: 'seed004:admin', organizationId: null, protected: true };
const opsRole: Target = { kind: 'role', roleId: 'r-ops', organizationId: 'acme', protected: false };
const legacyRole: Target = { kind: 'role', roleId: 'r-acct', organizationId: 'acme', protected: false };
const globexRole: Target = { kind: 'role', roleId: 'r-globex', organizationId: 'globex', protected: false };
const refundsPolicy = (grants?: string[]): Target =>
  grants === undefined
    ? { kind: 'policy', policyId: 'p-refunds', organizationId: 'acme' }
    : { kind: 'policy', policyId: 'p-refunds', organizationId: 'acme', change: { grants: grants.map((permission) => ({ permission })) } };
const builtInPolicy: Target = { kind: 'policy', policyId: 'p-builtin', organizationId: null };
const firstAdminT = userTarget('u-first', ['acme'], { isOwner: true });
const opsT = userTarget('u-ops', ['acme']);

runTable(p, [
  // "Note: The permissions for the Admin role cannot be edited."
  deny("the Admin role's permissions cannot be edited", admin, 'role.manage', adminRole, 'R-PROT-1'),
  deny('the Admin role cannot be migrated', admin, 'role.migrate', adminRole, 'R-PROT-1'),
  allow("an admin views the Admin role's permissions", admin, 'role.view', adminRole),
  allow('an admin edits a custom role', admin, 'role.manage', opsRole),
  allow('an admin migrates a legacy role to a policy', admin, 'role.migrate', legacyRole),
  deny("another company's roles are out of reach", admin, 'role.manage', globexRole, 'R-TENANT-1'),
  deny('a user without role.view cannot view roles', ops, 'role.view', adminRole, 'R-PERM-1'),
  deny('someone with no membership sees no built-in role', nobody, 'role.view', adminRole, 'R-TENANT-1'),
  // "Only the 'Administrator' has the authority … to change the user roles … But … not … for first administrator"
  allow("an admin changes another user's role", admin, 'user.editRole', opsT),
  deny("an admin cannot change the first administrator's role", admin, 'user.editRole', firstAdminT, 'R-OWNER-1'),
  deny('a non-admin cannot change roles', ops, 'user.editRole', userTarget('u-acct', ['acme']), 'R-PERM-1'),
  // Invite, deactivate/activate users
  allow('an admin invites a user with a role', admin, 'user.invite', acme),
  deny('a non-admin cannot invite', ops, 'user.invite', acme, 'R-PERM-1'),
  allow('an admin deactivates a user', admin, 'user.disable', opsT),
  deny('an admin cannot deactivate the first administrator', admin, 'user.disable', firstAdminT, 'R-OWNER-1'),
  allow('the first administrator deactivates an admin', firstAdmin, 'user.disable', userTarget('u-admin', ['acme'])),
  // Policies by resource and by page
  allow('a role made of policies refunds transactions', ops, 'transaction.refund', recordTarget('transaction', 'tx-1', 'acme')),
  allow('a role made of policies opens the reports page', ops, 'page.reports', acme),
  deny('a role made of policies does not open pages no policy grants', ops, 'page.settings', acme, 'R-PERM-1'),
  allow('a legacy role opens the reports page', accountant, 'page.reports', acme),
  deny('a legacy role cannot refund', accountant, 'transaction.refund', recordTarget('transaction', 'tx-1', 'acme'), 'R-PERM-1'),
  allow('an own-records grant manages the merchant one onboarded', merchantRep, 'merchant.manage', recordTarget('merchant', 'm-1', 'acme', 'u-rep')),
  deny("an own-records grant does not reach another's merchant", merchantRep, 'merchant.manage', recordTarget('merchant', 'm-2', 'acme', 'u-ops'), 'R-PERM-1'),
  // Editing a policy: "The changes will be applied to all users the policy is embedded" — so no escalation through it.
  allow('an admin edits a policy', admin, 'policy.manage', refundsPolicy(['transaction.refund', 'page.settings'])),
  deny('a non-admin cannot edit policies', ops, 'policy.manage', refundsPolicy(), 'R-PERM-1'),
  allow('a role editor puts a permission they hold into a policy', roleEditor, 'policy.manage', refundsPolicy(['transaction.view'])),
  deny('a role editor cannot put a permission they lack into a policy', roleEditor, 'policy.manage', refundsPolicy(['transaction.refund']), 'R-ESC-1'),
  allow('a built-in policy is visible to an admin', admin, 'policy.view', builtInPolicy),
]);

test('R-PERM-1: seed004 Admin is the only built-in role and holds every permission (R-ROLE-1)', () => {
  const builtIn = p.roles.filter((role) => role.custom !== true);
  assert.deepEqual(builtIn.map((role) => role.key), ['admin']);
  assert.deepEqual(new Set(roleFacts(p, 'admin').grants.map((grant) => grant.permission)), new Set(Object.keys(p.catalog)));
});

test('R-PERM-1: seed004 migrating the legacy role to a policy changes no decision (R-MIG-1)', () => {
  const legacy = p.roles.find((role) => role.key === 'accountant');
  assert.ok(legacy?.legacy === true);
  const inline = legacy.permissions.map(toGrant);
  const before = roleGrants({ legacyPermissions: inline, policies: [] });
  const after = roleGrants({ legacyPermissions: null, policies: [{ grants: inline }] });
  assert.deepEqual(after, before);
  const actorWith = (grants: Grant[]) =>
    compileActor(
      {
        userId: 'u-acct',
        memberships: [{ organizationId: 'acme', role: { ...roleFacts(p, 'accountant'), grants }, isOwner: false, disabledRights: [], scope: null }],
        descendants: new Map(),
      },
      { catalog: p.catalog, ownerHasAllPermissions: true },
    );
  const a = actorWith(before);
  const b = actorWith(after);
  const targets: Target[] = [acme, orgTarget('globex'), recordTarget('transaction', 'tx', 'acme'), opsT, opsRole];
  for (const action of Object.keys(p.catalog)) {
    for (const target of targets) assert.equal(decide(a, action, target, p.catalog), decide(b, action, target, p.catalog));
  }
});

test("R-ROLE-2: seed004 only the Admin role's grant of user.editRole counts; any other role's is ignored, and explain says why", async () => {
  const { createEngine } = await import('../../src/engine/index.ts');
  const { reservedPermissionsOf } = await import('../../src/presets/define.ts');
  const engine = createEngine({ catalog: p.catalog, ownerHasAllPermissions: true, reservedPermissions: reservedPermissionsOf(p) });
  // A custom role whose stored grants say user.editRole (a row written behind Gatehouse's back).
  const facts = (key: string, grants: Grant[]) => ({
    userId: `u-${key}`,
    memberships: [{ organizationId: 'acme', role: { ...roleFacts(p, 'operations'), key, grants }, isOwner: false, disabledRights: [], scope: null }],
    descendants: new Map(),
  });
  const custom = engine.compile(facts('userAdmins', [{ permission: 'user.view' }, { permission: 'user.editRole' }]), { provenance: true });
  assert.equal(engine.decide(custom, 'user.view', opsT).allowed, true);
  assert.equal(engine.decide(custom, 'user.editRole', opsT).rule, 'R-PERM-1');
  assert.equal(engine.decide(custom, 'user.editRole', opsT).allowed, false);
  const why = engine.explain(custom, 'user.editRole', opsT);
  assert.deepEqual(why.setAside.map((chain) => chain.rule), ['R-ROLE-2']);
  // The Admin keeps it.
  const adminActor = engine.compile(facts('admin', roleFacts(p, 'admin').grants.map((grant) => ({ ...grant }))));
  assert.equal(engine.decide(adminActor, 'user.editRole', opsT).allowed, true);
});

test('R-ROLE-3: seed004 every member reads the member view of their own company\'s roles, no other company\'s; it allows no change', async () => {
  const asMember = (organizationId: string): Extract<Target, { kind: 'role' }> => ({ kind: 'role', roleId: '', organizationId, protected: false, asMember: true });
  const own = decide(ops, 'role.view', asMember('acme'), p.catalog);
  assert.ok(own.allowed && own.rule === 'R-ROLE-3');
  assert.equal(decide(ops, 'role.view', asMember('globex'), p.catalog).rule, 'R-TENANT-1');
  assert.equal(decide(nobody, 'role.view', asMember('acme'), p.catalog).rule, 'R-TENANT-1');
  // The flag is for reads only: a change is decided as ever.
  assert.equal(decide(ops, 'role.manage', { ...asMember('acme'), roleId: 'r-ops' }, p.catalog).rule, 'R-PERM-1');
  // A disabled company, or a membership that has ended, gives no view.
  const disabled = compileActor({ userId: 'u-ops', memberships: [member(p, 'operations', 'acme')], descendants: new Map(), disabledOrganizations: ['acme'] }, { catalog: p.catalog, ownerHasAllPermissions: true });
  assert.equal(decide(disabled, 'role.view', asMember('acme'), p.catalog).rule, 'R-ORG-1');
  const ended = compileActor({ userId: 'u-ops', memberships: [{ ...member(p, 'operations', 'acme'), expiresAt: 1 }], descendants: new Map() }, { catalog: p.catalog, ownerHasAllPermissions: true }, { now: 2 });
  assert.equal(decide(ended, 'role.view', asMember('acme'), p.catalog).rule, 'R-EXP-1');
  const { explain } = await import('../../src/engine/explain.ts');
  const options = { catalog: p.catalog, ownerHasAllPermissions: true };
  for (const actor of [
    compileActor({ userId: 'u-ops', memberships: [member(p, 'operations', 'acme')], descendants: new Map() }, options, { provenance: true }),
    compileActor({ userId: 'u-ops', memberships: [member(p, 'operations', 'acme')], descendants: new Map(), disabledOrganizations: ['acme'] }, options, { provenance: true }),
    compileActor({ userId: 'u-ops', memberships: [{ ...member(p, 'operations', 'acme'), expiresAt: 1 }], descendants: new Map() }, options, { now: 2, provenance: true }),
  ]) {
    for (const organizationId of ['acme', 'globex']) explain(actor, 'role.view', asMember(organizationId), options);
  }
});

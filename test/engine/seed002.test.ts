// Seed 002: the Compliance Officer's powers over the organisation tree, the non-officers' own-profile
// rule, the Auditor's read-only view, per-user access rights, and the seed's default access-rights table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdsAnywhere } from '../../src/engine/actor.ts';
import { presetRoleGrants } from '../../src/presets/define.ts';
import { defaultPresetId, presets } from '../../src/presets/index.ts';
import { validatePreset } from '../../src/presets/validate.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed002;
// hq ⊃ hq-eu ⊃ hq-eu-fr; rival is another customer.
const tree = new Map([
  ['hq', ['hq-eu', 'hq-eu-fr']],
  ['hq-eu', ['hq-eu-fr']],
]);
const as = (userId: string, roleKey: string, org = 'hq', options = {}) => actorOf(p, userId, [member(p, roleKey, org, options)], tree);

const co = as('u-co', 'complianceOfficer', 'hq', { isOwner: true });
const coEu = as('u-coeu', 'complianceOfficer', 'hq-eu');
const coEuLimited = as('u-coeu2', 'complianceOfficer', 'hq-eu', { disabledRights: ['data.manage'] });
const adv = as('u-adv', 'advancedUser');
const advNoReports = as('u-adv2', 'advancedUser', 'hq', { disabledRights: ['report.view'] });
const std = as('u-std', 'standardUser');
const bill = as('u-bill', 'billingOfficer');
const entry = as('u-entry', 'dataEntryOperator');
const aud = as('u-aud', 'auditor');

const hq = orgTarget('hq');
// The targets carry what they hold: decisions on their credentials are judged on it (R-ESC-2).
const coT = userTarget('u-co', ['hq'], { isOwner: true, holder: co });
const advT = userTarget('u-adv', ['hq'], { holder: adv });
const stdT = userTarget('u-std', ['hq'], { holder: std });
const audT = userTarget('u-aud', ['hq'], { holder: aud });
const frUserT = userTarget('u-fr', ['hq-eu-fr']);
const rivalT = userTarget('u-rival', ['rival']);
const scan = (id: string, ownerId: string) => recordTarget('scan', id, 'hq', ownerId);
const coRole = { id: 'seed002:complianceOfficer', uniquePerOrganization: true, ownerOnly: false };

runTable(p, [
  // "Compliance Officers can add, disable and edit users within their organisation … and any sub organisations"
  allow('the Compliance Officer adds a user', co, 'user.create', hq),
  allow('the Compliance Officer disables a user', co, 'user.disable', stdT),
  allow('the Compliance Officer edits a user of a sub-sub-organisation', co, 'user.edit', frUserT),
  allow('the Compliance Officer unlocks a user', co, 'user.lock', stdT),
  allow("the Compliance Officer resets a user's password", co, 'user.resetPassword', stdT),
  allow('the Compliance Officer sets a password on behalf of a user', co, 'user.setPassword', stdT),
  allow('the Compliance Officer enables MFA for another user', co, 'user.setMfa', stdT),
  allow("the Compliance Officer edits a user's access rights", co, 'user.editAccessRights', stdT),
  allow("the Compliance Officer edits a user's assigned organisations", co, 'user.assignOrganizations', advT),
  allow('the Compliance Officer manages organisations', co, 'org.manage', orgTarget('hq-eu')),
  allow('the Compliance Officer manages data', co, 'data.manage', recordTarget('data', 'd1', 'hq')),
  deny('a sub-organisation Compliance Officer does not see the parent organisation', coEu, 'user.view', advT, 'R-TENANT-1'),
  deny("another customer's users are out of reach", co, 'user.view', rivalT, 'R-TENANT-1'),
  // "Compliance Officers are unable to change their own access rights"; "Non-Compliance Officers cannot change … User Status or User Role"
  deny('the Compliance Officer cannot change their own access rights', co, 'user.editAccessRights', coT, 'R-SELF-1'),
  deny('an Advanced User cannot change their own role', adv, 'user.editRole', advT, 'R-SELF-1'),
  deny('an Advanced User cannot change their own status', adv, 'user.disable', advT, 'R-SELF-1'),
  // "Advanced Users, Standard Users, Billing Officers and Data Entry Operators can view and manage their own profiles only"
  allow('an Advanced User edits their own profile', adv, 'user.edit', advT, 'R-SELF-2'),
  allow('a Standard User views their own profile', std, 'user.view', stdT, 'R-SELF-2'),
  allow('a Standard User chooses their own MFA', std, 'user.setMfa', stdT, 'R-SELF-2'),
  deny('an Advanced User does not see other users', adv, 'user.view', stdT, 'R-PERM-1'),
  deny("a Standard User cannot set another user's MFA", std, 'user.setMfa', advT, 'R-PERM-1'),
  deny('a Billing Officer cannot edit another user', bill, 'user.edit', stdT, 'R-PERM-1'),
  // "Auditors can view the list of users, user details, and assigned access rights."
  allow('the Auditor views a user', aud, 'user.view', stdT),
  allow('the Auditor views the organisation', aud, 'org.view', hq),
  allow('the Auditor views scan results', aud, 'scan.viewResults', scan('s1', 'u-std')),
  deny('the Auditor cannot edit a user', aud, 'user.edit', stdT, 'R-READ-1'),
  deny('the Auditor cannot disable a user', aud, 'user.disable', stdT, 'R-READ-1'),
  deny('the Auditor cannot manage the organisation', aud, 'org.manage', hq, 'R-READ-1'),
  deny('the Auditor cannot run scans', aud, 'scan.runMember', hq, 'R-READ-1'),
  allow('the Auditor still edits their own profile', aud, 'user.edit', audT, 'R-SELF-2'),
  // "View scan results: Own scans"; "Perform due diligence: Own scans"
  allow('a Standard User sees the results of their own scan', std, 'scan.viewResults', scan('s1', 'u-std')),
  deny("a Standard User does not see another user's scan", std, 'scan.viewResults', scan('s2', 'u-adv'), 'R-PERM-1'),
  allow('a Standard User performs due diligence on their own scan', std, 'scan.dueDiligence', scan('s1', 'u-std')),
  deny("a Standard User cannot perform due diligence on another user's scan", std, 'scan.dueDiligence', scan('s2', 'u-adv'), 'R-PERM-1'),
  allow("an Advanced User sees anyone's scan results", adv, 'scan.viewResults', scan('s1', 'u-std')),
  deny('a Data Entry Operator does not see scan results', entry, 'scan.viewResults', scan('s1', 'u-entry'), 'R-PERM-1'),
  // "You can assign and remove … access rights … for the User"
  allow('an Advanced User views reports', adv, 'report.view', hq),
  deny('an Advanced User whose reports right is switched off cannot view reports', advNoReports, 'report.view', hq, 'R-ACC-1'),
  deny('a Compliance Officer whose data management is switched off cannot manage data', coEuLimited, 'data.manage', recordTarget('data', 'd1', 'hq-eu'), 'R-ACC-1'),
  // Nobody grants what they do not hold.
  deny(
    'a Compliance Officer without data management cannot give it to someone',
    coEuLimited,
    'user.editAccessRights',
    userTarget('u-x', ['hq-eu'], { change: { grants: [{ permission: 'data.manage' }] } }),
    'R-ESC-1',
  ),
  allow(
    'a Compliance Officer gives back a right they hold',
    coEuLimited,
    'user.editAccessRights',
    userTarget('u-x', ['hq-eu'], { change: { grants: [{ permission: 'report.view' }] } }),
  ),
  // "Each organisation can have only one Compliance Officer assigned"
  deny(
    'a second Compliance Officer cannot be assigned to an organisation',
    co,
    'user.editRole',
    userTarget('u-adv', ['hq'], { change: { assignsRole: coRole, uniqueRoleTaken: true } }),
    'R-UNIQ-1',
  ),
  allow(
    'a Compliance Officer is assigned to an organisation that has none',
    co,
    'user.assignOrganizations',
    userTarget('u-adv', ['hq-eu-fr'], { change: { assignsRole: coRole, uniqueRoleTaken: false } }),
  ),
  // The last user manager of an organisation stays.
  deny(
    "the sub-organisation's only Compliance Officer cannot be disabled",
    co,
    'user.disable',
    userTarget('u-coeu', ['hq-eu'], { isLastManager: true }),
    'R-LAST-1',
  ),
  deny(
    "the sub-organisation's only Compliance Officer cannot be demoted",
    co,
    'user.editRole',
    userTarget('u-coeu', ['hq-eu'], { isLastManager: true, change: { demotesManager: true } }),
    'R-LAST-1',
  ),
  allow('a Compliance Officer who is not the last one can be disabled', co, 'user.disable', userTarget('u-coeu', ['hq-eu'])),
]);

// The seed's table, verbatim. "Own profile" is R-SELF-2 for everyone, so it holds no user.* permission.
type Cell = 'Yes' | 'No' | 'Own scans' | 'Own profile' | 'Read' | 'Read only';
const roles = ['complianceOfficer', 'advancedUser', 'standardUser', 'billingOfficer', 'dataEntryOperator', 'auditor'] as const;
const matrix: Record<string, readonly Cell[]> = {
  memberScans: ['Yes', 'Yes', 'Yes', 'No', 'Yes', 'No'],
  corporateScans: ['Yes', 'Yes', 'Yes', 'No', 'Yes', 'No'],
  scanResults: ['Yes', 'Yes', 'Own scans', 'Yes', 'No', 'Yes'],
  dueDiligence: ['Yes', 'Yes', 'Own scans', 'No', 'No', 'No'],
  reports: ['Yes', 'Yes', 'Yes', 'Yes', 'No', 'Yes'],
  userManagement: ['Yes', 'Own profile', 'Own profile', 'Own profile', 'Own profile', 'Read only'],
  organisationManagement: ['Yes', 'Read', 'No', 'No', 'No', 'Read only'],
  dataManagement: ['Yes', 'No', 'No', 'No', 'No', 'No'],
};

for (const right of p.accessRights) {
  const cells = matrix[right.key];
  roles.forEach((roleKey, column) => {
    const cell = cells?.[column];
    test(`R-ACC-1: seed002 access-rights matrix — ${right.label} / ${roleKey} = ${cell ?? 'missing'}`, () => {
      assert.ok(cell !== undefined, `the matrix has no row ${right.key}`);
      const role = p.roles.find((candidate) => candidate.key === roleKey);
      assert.ok(role !== undefined);
      const held = new Map(presetRoleGrants(p, role).map((grant) => [grant.permission, grant.condition ?? 'all'] as const));
      const inBundle = right.permissions.filter((permission) => held.has(permission));
      const conditions = new Set(inBundle.map((permission) => held.get(permission)));
      switch (cell) {
        case 'Yes':
          assert.deepEqual(inBundle, [...right.permissions]);
          assert.deepEqual([...conditions], ['all']);
          break;
        case 'Own scans':
          assert.deepEqual(inBundle, [...right.permissions]);
          assert.deepEqual([...conditions], ['own']);
          break;
        case 'Read':
        case 'Read only':
          assert.ok(inBundle.length > 0);
          for (const permission of inBundle) assert.equal(p.catalog[permission].mutates, false, permission);
          break;
        case 'No':
        case 'Own profile':
          assert.deepEqual(inBundle, []);
          break;
      }
    });
  });
}

test('R-ACC-1: seed002 matrix rows and access-right toggles are the same set', () => {
  assert.deepEqual(p.accessRights.map((right) => right.key).sort(), Object.keys(matrix).sort());
});

test('R-READ-1: seed002 the Auditor is the read-only role', () => {
  assert.deepEqual(p.roles.filter((role) => role.readOnly === true).map((role) => role.key), ['auditor']);
});

test('R-UNIQ-1: seed002 only the Compliance Officer is unique per organisation and reaches sub-organisations', () => {
  const co = p.roles.find((role) => role.key === 'complianceOfficer');
  assert.equal(co?.uniquePerOrganization, true);
  assert.equal(co?.includesSubOrganizations, true);
  assert.equal(p.roles.filter((role) => role.uniquePerOrganization === true).length, 1);
});

test('R-PERM-1: seed002 is the default preset of the demo', () => {
  assert.equal(defaultPresetId, 'seed002');
});

test('R-PERM-1: seed002 API keys are personal: any role but the Auditor may create one (R-KEY-1)', () => {
  assert.equal(holdsAnywhere(std, 'apikey.create'), true);
  assert.equal(holdsAnywhere(entry, 'apikey.create'), true);
  assert.equal(holdsAnywhere(aud, 'apikey.create'), false);
});

test("R-PERM-1: seed002 password policy 8–32 with history 4, and ≥13 on someone else's behalf (R-PWD-1)", () => {
  assert.deepEqual(p.passwordPolicy, { minLength: 8, maxLength: 32, historySize: 4, onBehalf: { minLength: 13 } });
  const variant = { ...p, passwordPolicy: { minLength: 13, historySize: 4 } };
  assert.deepEqual(validatePreset(variant), []);
  assert.deepEqual(validatePreset({ ...p, passwordPolicy: { maxLength: 32, onBehalf: { minLength: 40 } } }), ['passwordPolicy.onBehalf: minLength is above maxLength']);
  assert.deepEqual(validatePreset({ ...p, passwordPolicy: { minLength: 13, maxLength: 8 } }), ['passwordPolicy: maxLength is below minLength']);
});

// R-ORG-1 on seed 002's tree: a disabled organisation (or one under a disabled parent) gives its
// members nothing; a Compliance Officer of an enabled organisation above it still sees it and what
// is in it ("Compliance Officers are able to view associated organisations which have been
// disabled") and can enable it again, but changes nothing else there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasLiveMembership, holdsAnywhere } from '../../src/engine/actor.ts';
import { accessibleWhere, type WhereMapping } from '../../src/engine/where.ts';
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed002;
// hq ⊃ hq-eu ⊃ hq-eu-fr, and hq ⊃ hq-us. hq-eu is disabled, which disables hq-eu-fr below it.
const tree = new Map([
  ['hq', ['hq-eu', 'hq-eu-fr', 'hq-us']],
  ['hq-eu', ['hq-eu-fr']],
]);
const disabled = { disabledOrganizations: ['hq-eu'] };
const as = (userId: string, roleKey: string, org: string, options = {}, world: { disabledOrganizations?: string[] } = disabled) =>
  actorOf(p, userId, [member(p, roleKey, org, options)], tree, world);

const hqCo = as('u-co', 'complianceOfficer', 'hq', { isOwner: true });
const hqCoNoOrg = as('u-co2', 'complianceOfficer', 'hq', { disabledRights: ['org.view', 'org.manage'] });
const euCo = as('u-euco', 'complianceOfficer', 'hq-eu', { isOwner: true });
const euAdv = as('u-euadv', 'advancedUser', 'hq-eu');
const frAdv = as('u-fradv', 'advancedUser', 'hq-eu-fr');
const hqAud = actorOf(p, 'u-aud', [{ ...member(p, 'auditor', 'hq'), role: { ...member(p, 'auditor', 'hq').role, includesSubOrganizations: true } }], tree, disabled);
const euUser = userTarget('u-x', ['hq-eu']);
const euScan = recordTarget('scan', 's1', 'hq-eu', 'u-x');

runTable(p, [
  // Members of a disabled organisation: nothing there, not even reads, keys or invitations.
  deny('a member of a disabled organisation cannot view its reports', euAdv, 'report.view', orgTarget('hq-eu'), 'R-ORG-1'),
  deny('a member of a disabled organisation cannot see its scans', euAdv, 'scan.viewResults', euScan, 'R-ORG-1'),
  deny('a member of a disabled organisation cannot create an API key for it', euAdv, 'apikey.create', orgTarget('hq-eu'), 'R-ORG-1'),
  deny("a disabled organisation's Compliance Officer cannot invite into it", euCo, 'user.invite', orgTarget('hq-eu'), 'R-ORG-1'),
  deny("a disabled organisation's Compliance Officer cannot see its users", euCo, 'user.view', euUser, 'R-ORG-1'),
  deny("a disabled organisation's Compliance Officer cannot enable it again: the organisation above does", euCo, 'org.manage', orgTarget('hq-eu'), 'R-ORG-1'),
  deny("a disabled organisation's owner cannot transfer it", euCo, 'org.transferOwnership', orgTarget('hq-eu'), 'R-ORG-1'),
  deny('a member under a disabled organisation has no access either', frAdv, 'report.view', orgTarget('hq-eu-fr'), 'R-ORG-1'),
  allow('a member of a disabled organisation still views their own profile', euAdv, 'user.view', userTarget('u-euadv', ['hq-eu']), 'R-SELF-2'),
  // The Compliance Officer above: sees it and what is in it, enables it again, changes nothing else.
  allow('the Compliance Officer above sees the disabled organisation', hqCo, 'org.view', orgTarget('hq-eu')),
  allow('the Compliance Officer above enables it again', hqCo, 'org.manage', orgTarget('hq-eu')),
  allow('the Compliance Officer above sees its users', hqCo, 'user.view', euUser),
  allow('the Compliance Officer above sees its scans', hqCo, 'scan.viewResults', euScan),
  allow('the Compliance Officer above sees the organisation under it', hqCo, 'org.view', orgTarget('hq-eu-fr')),
  deny('the Compliance Officer above cannot invite into it', hqCo, 'user.invite', orgTarget('hq-eu'), 'R-ORG-1'),
  deny('the Compliance Officer above cannot add users to it', hqCo, 'user.create', orgTarget('hq-eu'), 'R-ORG-1'),
  deny('the Compliance Officer above cannot create an API key for it', hqCo, 'apikey.create', orgTarget('hq-eu'), 'R-ORG-1'),
  deny('the Compliance Officer above cannot disable one of its users', hqCo, 'user.disable', euUser, 'R-ORG-1'),
  deny('the Compliance Officer above cannot manage its data', hqCo, 'data.manage', recordTarget('data', 'd1', 'hq-eu'), 'R-ORG-1'),
  deny('a Compliance Officer whose organisation management is switched off does not see it', hqCoNoOrg, 'user.view', euUser, 'R-ORG-1'),
  allow('an Auditor reaching it from above sees it, read-only', hqAud, 'user.view', euUser),
  deny('an Auditor reaching it from above still changes nothing', hqAud, 'user.edit', euUser, 'R-READ-1'),
  // Elsewhere nothing changes.
  allow('the Compliance Officer invites into an enabled sub-organisation', hqCo, 'user.invite', orgTarget('hq-us')),
  allow('the Compliance Officer disables a user of the enabled parent', hqCo, 'user.disable', userTarget('u-y', ['hq'])),
  allow('a user in the disabled and an enabled organisation is still managed through the enabled one', hqCo, 'user.lock', userTarget('u-z', ['hq-eu', 'hq-us'])),
  // A disabled root has nobody above it: only the operator enables it again.
  deny("a disabled root's own Compliance Officer is locked out too", as('u-co', 'complianceOfficer', 'hq', { isOwner: true }, { disabledOrganizations: ['hq'] }), 'org.manage', orgTarget('hq'), 'R-ORG-1'),
]);

test('R-ORG-1: seed002 personal API keys need an enabled organisation (R-KEY-1)', () => {
  assert.equal(holdsAnywhere(euAdv, 'apikey.create'), false);
  const both = actorOf(p, 'u-b', [member(p, 'advancedUser', 'hq-eu'), member(p, 'standardUser', 'hq-us')], tree, disabled);
  assert.equal(holdsAnywhere(both, 'apikey.create'), true);
});

test('R-ORG-1: seed002 the engine disables what lies under a disabled organisation, as far as the facts show the tree', () => {
  assert.equal(hqCo.organizations.get('hq-eu-fr')?.disabled, true);
  assert.equal(hqCo.organizations.get('hq-us')?.disabled, false);
  // What the loader must say itself: the disabled ancestor of a membership's own organisation.
  const noTree = actorOf(p, 'u-fradv', [member(p, 'advancedUser', 'hq-eu-fr')], new Map(), disabled);
  assert.equal(noTree.organizations.get('hq-eu-fr')?.disabled, false);
  const told = actorOf(p, 'u-fradv', [member(p, 'advancedUser', 'hq-eu-fr')], new Map(), { disabledOrganizations: ['hq-eu', 'hq-eu-fr'] });
  assert.equal(told.organizations.get('hq-eu-fr')?.disabled, true);
});

type W = { tenant: string[] } | { self: string } | { and: W[] } | { own: string } | { ids: string[] };
const mapping: WhereMapping<W> = { tenant: (ids) => ({ tenant: ids }), self: (userId) => ({ self: userId }), and: (parts) => ({ and: parts }) };

test('R-ORG-1: seed002 lists filter like decide: the disabled organisation for the officer above, none of it for its members', () => {
  assert.deepEqual(accessibleWhere(hqCo, 'user.view', mapping, p.catalog), { OR: [{ tenant: ['hq', 'hq-eu', 'hq-eu-fr', 'hq-us'] }, { self: 'u-co' }] });
  assert.deepEqual(accessibleWhere(hqCo, 'user.invite', mapping, p.catalog), { OR: [{ tenant: ['hq', 'hq-us'] }] });
  assert.deepEqual(accessibleWhere(euCo, 'user.view', mapping, p.catalog), { OR: [{ self: 'u-euco' }] });
  assert.deepEqual(accessibleWhere(euCo, 'org.transferOwnership', mapping, p.catalog), { OR: [] });
});

test('R-ORG-1: seed002 a user whose only organisation is disabled has nothing to sign into; one with another organisation has', () => {
  const only = { userId: 'u-euadv', memberships: [member(p, 'advancedUser', 'hq-eu')], descendants: tree, disabledOrganizations: ['hq-eu'] };
  assert.equal(hasLiveMembership(only, 0), false);
  assert.equal(hasLiveMembership({ ...only, memberships: [...only.memberships, member(p, 'standardUser', 'hq-us')] }, 0), true);
  // Under a disabled parent: the loader names the parent, the engine finds the child through the tree.
  assert.equal(hasLiveMembership({ ...only, memberships: [member(p, 'advancedUser', 'hq-eu-fr')] }, 0), false);
});

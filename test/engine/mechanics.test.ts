// The engine's mechanics, independent of any preset: how memberships merge, which denial wins,
// the catalog and role helpers, the `where` translation and the engine facade.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileActor, holdsAnywhere, roleGrants } from '../../src/engine/actor.ts';
import { coreCatalog, extendCatalog, resourceOf } from '../../src/engine/catalog.ts';
import { decide } from '../../src/engine/decide.ts';
import { createEngine } from '../../src/engine/index.ts';
import { allowedBy, deniedBy, ruleIds } from '../../src/engine/rules.ts';
import type { Actor, Grant, HeldPermission, MembershipFacts, OrganizationAccess, RoleFacts, Target } from '../../src/engine/types.ts';
import { accessibleWhere, type WhereMapping } from '../../src/engine/where.ts';

const catalog = extendCatalog(coreCatalog, {
  'product.view': { label: 'View products', group: 'product', mutates: false },
  'product.manage': { label: 'Manage products', group: 'product', mutates: true },
  'billing.view': { label: 'View billing', group: 'billing', mutates: false },
} as const);

const role = (key: string, grants: (string | Grant)[], flags: Partial<RoleFacts> = {}): RoleFacts => ({
  id: key,
  key,
  protected: false,
  uniquePerOrganization: false,
  ownerOnly: false,
  readOnly: false,
  includesSubOrganizations: false,
  ...flags,
  grants: grants.map((grant) => (typeof grant === 'string' ? { permission: grant } : grant)),
});
const membership = (organizationId: string, r: RoleFacts, extra: Partial<MembershipFacts> = {}): MembershipFacts => ({
  organizationId,
  role: r,
  isOwner: false,
  disabledRights: [],
  scope: null,
  ...extra,
});
const tree = new Map([['root', ['child', 'grandchild']], ['child', ['grandchild']]]);
const compile = (userId: string, memberships: MembershipFacts[], ownerHasAllPermissions = false): Actor =>
  compileActor({ userId, memberships, descendants: tree }, { catalog, ownerHasAllPermissions });
const product = (id: string, organizationId = 'root', ownerId: string | null = null): Target => ({
  kind: 'record',
  resource: 'product',
  id,
  organizationId,
  ownerId,
});
const user = (userId: string, organizationIds: string[], isOwner = false): Target => ({ kind: 'user', userId, organizationIds, isOwner });

test('R-PERM-1: every rule has a frozen, shared allow and deny decision with a reason', () => {
  assert.equal(ruleIds.length, 18);
  for (const rule of ruleIds) {
    assert.ok(Object.isFrozen(allowedBy[rule]) && Object.isFrozen(deniedBy[rule]));
    assert.ok(deniedBy[rule].reason.length > 0);
  }
  const actor = compile('u', [membership('root', role('r', ['product.view']))]);
  assert.equal(decide(actor, 'product.view', product('1'), catalog), decide(actor, 'product.view', product('2'), catalog));
});

test('R-PERM-1: unknown and inherited keys are not permissions', () => {
  const actor = compile('u', [membership('root', role('r', ['product.view']), { isOwner: true })], true);
  for (const action of ['product.delete', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(decide(actor, action, product('1'), catalog), deniedBy['R-PERM-1'], action);
  }
});

test('R-PERM-1: extendCatalog merges type-safely and refuses to redefine a key', () => {
  const extended = extendCatalog(catalog, { 'invoice.approve': { label: 'Approve invoices', group: 'invoice', mutates: true } } as const);
  assert.equal(extended['invoice.approve'].mutates, true);
  assert.equal(extended['user.lock'].mutates, true);
  assert.throws(() => extendCatalog(catalog, { 'user.lock': { label: 'x', group: 'user', mutates: false } }), /already declared/);
  assert.equal(resourceOf('ticket.manage.billing'), 'ticket');
  assert.equal(resourceOf('purchase'), 'purchase');
  for (const [key, spec] of Object.entries(coreCatalog)) assert.equal(spec.mutates, !key.endsWith('.view'), key);
});

test('R-TENANT-1: a membership reaches descendants only when its role includes sub-organisations', () => {
  const flat = compile('u', [membership('root', role('r', ['product.view']))]);
  const deep = compile('u', [membership('root', role('r', ['product.view'], { includesSubOrganizations: true }))]);
  assert.equal(decide(flat, 'product.view', product('1', 'grandchild'), catalog).rule, 'R-TENANT-1');
  assert.equal(decide(deep, 'product.view', product('1', 'grandchild'), catalog).allowed, true);
  assert.equal(decide(deep, 'product.view', product('1', 'elsewhere'), catalog).rule, 'R-TENANT-1');
});

test('R-TENANT-1: built-in roles and policies are visible to anyone with a membership, to nobody without', () => {
  const builtIn: Target = { kind: 'role', roleId: 'admin', organizationId: null, protected: true };
  const member = compile('u', [membership('child', role('r', ['role.view']))]);
  assert.equal(decide(member, 'role.view', builtIn, catalog).allowed, true);
  assert.equal(decide(compile('u', []), 'role.view', builtIn, catalog).rule, 'R-TENANT-1');
  assert.equal(decide(compile('u', []), 'policy.view', { kind: 'policy', policyId: 'p', organizationId: null }, catalog).rule, 'R-TENANT-1');
});

test('R-SELF-2: self-service needs no membership at all', () => {
  const loner = compile('u', []);
  for (const action of ['user.view', 'user.edit', 'user.setMfa', 'user.setPassword']) {
    assert.equal(decide(loner, action, user('u', []), catalog), allowedBy['R-SELF-2']);
  }
  assert.equal(decide(loner, 'user.resetPassword', user('u', []), catalog).rule, 'R-TENANT-1');
});

test('R-OWNER-1: ownership is of one organisation; the owner reaching a sub-organisation does not own it', () => {
  const owner = compile('o', [membership('root', role('owner', [], { includesSubOrganizations: true }), { isOwner: true })], true);
  assert.equal(owner.organizations.get('root')?.isOwner, true);
  assert.equal(owner.organizations.get('child')?.isOwner, false);
  assert.equal(decide(owner, 'product.manage', product('1', 'child'), catalog).allowed, true);
  assert.equal(decide(owner, 'org.transferOwnership', { kind: 'organization', organizationId: 'root' }, catalog).rule, 'R-OWNER-2');
  assert.equal(decide(owner, 'org.transferOwnership', { kind: 'organization', organizationId: 'child' }, catalog).allowed, false);
});

test('R-OWNER-1: without ownerHasAllPermissions the owner holds only the role, and others still cannot touch them', () => {
  const owner = compile('o', [membership('root', role('r', ['product.view']), { isOwner: true })], false);
  assert.equal(decide(owner, 'product.manage', product('1'), catalog).rule, 'R-PERM-1');
  const admin = compile('a', [membership('root', role('admin', Object.keys(catalog)))]);
  assert.equal(decide(admin, 'user.lock', user('o', ['root'], true), catalog).rule, 'R-OWNER-1');
  assert.equal(decide(admin, 'user.view', user('o', ['root'], true), catalog).allowed, true);
});

test('R-READ-1: an organisation is read-only only if every membership reaching it is read-only', () => {
  const auditor = role('auditor', ['product.view', 'product.manage'], { readOnly: true, includesSubOrganizations: true });
  const onlyRead = compile('u', [membership('root', auditor)]);
  assert.equal(decide(onlyRead, 'product.manage', product('1'), catalog).rule, 'R-READ-1');
  assert.equal(decide(onlyRead, 'product.view', product('1'), catalog).allowed, true);
  // A writable membership in the child makes it writable, but the auditor's role still carries no mutation there.
  const mixed = compile('u', [membership('root', auditor), membership('child', role('viewer', ['billing.view']))]);
  assert.equal(mixed.organizations.get('child')?.readOnly, false);
  assert.equal(decide(mixed, 'product.manage', product('1', 'child'), catalog).rule, 'R-PERM-1');
  assert.equal(decide(mixed, 'product.view', product('1', 'child'), catalog).allowed, true);
});

test('R-ACC-1: a switched-off right is named as such, and another membership holding it still wins', () => {
  const r = role('r', ['product.view', 'product.manage'], { includesSubOrganizations: true });
  const off = compile('u', [membership('root', r, { disabledRights: ['product.manage'] })]);
  assert.equal(decide(off, 'product.manage', product('1'), catalog).rule, 'R-ACC-1');
  assert.equal(decide(off, 'product.view', product('1'), catalog).allowed, true);
  const both = compile('u', [membership('root', r, { disabledRights: ['product.manage'] }), membership('child', { ...r, includesSubOrganizations: false })]);
  assert.equal(decide(both, 'product.manage', product('1', 'child'), catalog).allowed, true);
  assert.equal(decide(both, 'product.manage', product('1', 'grandchild'), catalog).rule, 'R-ACC-1');
});

test('R-SCOPE-1: a scope narrows unconditional grants on its resource only', () => {
  const actor = compile('u', [membership('root', role('r', ['product.manage', 'billing.view']), { scope: { product: ['1'] } })]);
  assert.equal(decide(actor, 'product.manage', product('1'), catalog).allowed, true);
  assert.equal(decide(actor, 'product.manage', product('2'), catalog).rule, 'R-SCOPE-1');
  assert.equal(decide(actor, 'billing.view', { kind: 'organization', organizationId: 'root' }, catalog).allowed, true);
});

test('R-SCOPE-1: each membership keeps its own instances when two reach one organisation', () => {
  const actor = compile('u', [
    membership('root', role('a', [{ permission: 'product.view', condition: 'scoped' }], { includesSubOrganizations: true }), { scope: { product: ['2'] } }),
    membership('child', role('b', [{ permission: 'product.manage', condition: 'scoped' }]), { scope: { product: ['1'] } }),
  ]);
  assert.equal(decide(actor, 'product.manage', product('1', 'child'), catalog).allowed, true);
  assert.equal(decide(actor, 'product.manage', product('2', 'child'), catalog).rule, 'R-SCOPE-1');
  assert.equal(decide(actor, 'product.view', product('2', 'child'), catalog).allowed, true);
  assert.equal(decide(actor, 'product.view', product('1', 'child'), catalog).rule, 'R-SCOPE-1');
  assert.deepEqual(actor.organizations.get('child')?.scope, { product: ['2', '1'] });
});

test('R-SCOPE-1: a hand-built actor without instance maps falls back to the organisation scope', () => {
  const held: HeldPermission = { unconditional: false, own: false, scoped: true };
  const access: OrganizationAccess = {
    organizationId: 'root',
    held: new Map([['product.view', held]]),
    switchedOff: new Set(),
    isOwner: false,
    readOnly: false,
    scope: { product: ['7'] },
  };
  const actor: Actor = { userId: 'u', organizations: new Map([['root', access]]) };
  assert.equal(decide(actor, 'product.view', product('7'), catalog).allowed, true);
  assert.equal(decide(actor, 'product.view', product('8'), catalog).rule, 'R-SCOPE-1');
  assert.equal(decide(actor, 'product.view', { ...product('8'), resource: 'constructor' } as Target, catalog).rule, 'R-SCOPE-1');
});

test('R-PERM-1: own grants count for records the actor owns, and for user targets the actor only', () => {
  const actor = compile('u', [membership('root', role('r', [{ permission: 'product.manage', condition: 'own' }, { permission: 'user.resetPassword', condition: 'own' }]))]);
  assert.equal(decide(actor, 'product.manage', product('1', 'root', 'u'), catalog).allowed, true);
  assert.equal(decide(actor, 'product.manage', product('1', 'root', 'v'), catalog).rule, 'R-PERM-1');
  assert.equal(decide(actor, 'product.manage', product('1', 'root', null), catalog).rule, 'R-PERM-1');
  assert.equal(decide(actor, 'user.resetPassword', user('u', ['root']), catalog).allowed, true);
  assert.equal(decide(actor, 'user.resetPassword', user('v', ['root']), catalog).rule, 'R-PERM-1');
});

test('R-ACC-1: across a multi-organisation user the most specific denial is reported', () => {
  const actor = compile('u', [
    membership('root', role('a', ['user.view'])),
    membership('other', role('b', ['user.edit']), { disabledRights: ['user.edit'] }),
  ]);
  const target = user('v', ['root', 'other', 'unreached']);
  assert.equal(decide(actor, 'user.edit', target, catalog).rule, 'R-ACC-1');
  assert.equal(decide(actor, 'user.view', target, catalog).allowed, true);
});

test('R-ESC-1: a grant needs the permission held at least as broadly', () => {
  const actor = compile('u', [
    membership('root', role('r', ['user.editAccessRights', 'product.view', { permission: 'product.manage', condition: 'own' }, { permission: 'billing.view', condition: 'scoped' }])),
  ]);
  const granting = (grants: Grant[]): Target => ({ kind: 'user', userId: 'v', organizationIds: ['root'], isOwner: false, change: { grants } });
  const ok = (grants: Grant[]) => decide(actor, 'user.editAccessRights', granting(grants), catalog).rule;
  assert.equal(ok([{ permission: 'product.view' }, { permission: 'product.view', condition: 'own' }]), 'R-PERM-1');
  assert.equal(ok([{ permission: 'product.manage', condition: 'own' }]), 'R-PERM-1');
  assert.equal(ok([{ permission: 'product.manage' }]), 'R-ESC-1');
  assert.equal(ok([{ permission: 'product.manage', condition: 'scoped' }]), 'R-ESC-1');
  assert.equal(ok([{ permission: 'billing.view', condition: 'scoped' }]), 'R-PERM-1');
  assert.equal(ok([{ permission: 'billing.view', condition: 'own' }]), 'R-ESC-1');
  assert.equal(ok([{ permission: 'org.manage' }]), 'R-ESC-1');
});

test('R-PROT-1: role.view on a protected role is fine, role.manage is not', () => {
  const actor = compile('u', [membership('root', role('r', ['role.view', 'role.manage']))]);
  const target: Target = { kind: 'role', roleId: 'x', organizationId: 'root', protected: true };
  assert.equal(decide(actor, 'role.view', target, catalog).allowed, true);
  assert.equal(decide(actor, 'role.manage', target, catalog).rule, 'R-PROT-1');
  assert.equal(decide(actor, 'role.manage', { ...target, protected: false }, catalog).allowed, true);
});

test('R-UNIQ-1: inviting someone into a unique role that is taken is refused', () => {
  const actor = compile('u', [membership('root', role('r', ['user.invite']))]);
  const assignsRole = { id: 'co', uniquePerOrganization: true, ownerOnly: false };
  const invite = (uniqueRoleTaken: boolean): Target => ({ kind: 'organization', organizationId: 'root', change: { assignsRole, uniqueRoleTaken } });
  assert.equal(decide(actor, 'user.invite', invite(true), catalog).rule, 'R-UNIQ-1');
  assert.equal(decide(actor, 'user.invite', invite(false), catalog).allowed, true);
  const ownerOnly: Target = { kind: 'organization', organizationId: 'root', change: { assignsRole: { ...assignsRole, ownerOnly: true } } };
  assert.equal(decide(actor, 'user.invite', ownerOnly, catalog).rule, 'R-OWNER-2');
});

test('R-LAST-1: only lock, disable, remove and demotions of the last manager are refused', () => {
  const actor = compile('u', [membership('root', role('r', ['user.lock', 'user.edit', 'user.editRole']))]);
  const last: Target = { kind: 'user', userId: 'v', organizationIds: ['root'], isOwner: false, isLastManager: true };
  assert.equal(decide(actor, 'user.lock', last, catalog).rule, 'R-LAST-1');
  assert.equal(decide(actor, 'user.edit', last, catalog).allowed, true);
  assert.equal(decide(actor, 'user.editRole', { ...last, change: { demotesManager: false } }, catalog).allowed, true);
  assert.equal(decide(actor, 'user.editRole', { ...last, change: { demotesManager: true } }, catalog).rule, 'R-LAST-1');
});

test('R-PERM-1: roleGrants takes legacy permissions first, else the union of policies, least restricted kept', () => {
  const own = (permission: string): Grant => ({ permission, condition: 'own' });
  const scoped = (permission: string): Grant => ({ permission, condition: 'scoped' });
  assert.deepEqual(roleGrants({ legacyPermissions: [{ permission: 'a' }], policies: [{ grants: [{ permission: 'b' }] }] }), [{ permission: 'a' }]);
  assert.deepEqual(roleGrants({ legacyPermissions: [], policies: [{ grants: [{ permission: 'b' }] }] }), []);
  assert.deepEqual(
    roleGrants({ legacyPermissions: null, policies: [{ grants: [own('a'), scoped('b'), own('c')] }, { grants: [{ permission: 'a' }, own('b'), own('c')] }] }),
    [{ permission: 'a' }, own('b'), scoped('b'), own('c')],
  );
});

test('R-PERM-1: holdsAnywhere needs an unconditional hold in some organisation', () => {
  const actor = compile('u', [
    membership('root', role('a', [{ permission: 'apikey.create', condition: 'own' }])),
    membership('other', role('b', ['billing.view'])),
  ]);
  assert.equal(holdsAnywhere(actor, 'apikey.create'), false);
  assert.equal(holdsAnywhere(actor, 'billing.view'), true);
});

type W = { tenant: string[] } | { own: string } | { ids: string[] } | { self: string } | { and: W[] };
const mapping: WhereMapping<W> = {
  tenant: (ids) => ({ tenant: ids }),
  own: (userId) => ({ own: userId }),
  ids: (ids) => ({ ids }),
  self: (userId) => ({ self: userId }),
  and: (parts) => ({ and: parts }),
};

test('R-PERM-1: where returns { OR: [] } when nothing is allowed', () => {
  assert.deepEqual(accessibleWhere(compile('u', []), 'product.view', mapping, catalog), { OR: [] });
  const actor = compile('u', [membership('root', role('r', ['billing.view']))]);
  assert.deepEqual(accessibleWhere(actor, 'product.view', mapping, catalog), { OR: [] });
  assert.deepEqual(accessibleWhere(actor, 'constructor', mapping, catalog), { OR: [] });
});

test('R-SCOPE-1: where has one tenant clause, then own and scoped clauses per organisation, then self', () => {
  const actor = compile('u', [
    membership('root', role('a', ['user.view'])),
    membership('other', role('a', ['user.view'])),
    membership('own', role('b', [{ permission: 'user.view', condition: 'own' }])),
    membership('scoped', role('c', ['user.view']), { scope: { user: ['v', 'w'] } }),
    membership('off', role('a', ['user.view']), { disabledRights: ['user.view'] }),
  ]);
  assert.deepEqual(accessibleWhere(actor, 'user.view', mapping, catalog), {
    OR: [
      { tenant: ['root', 'other'] },
      { and: [{ tenant: ['own'] }, { own: 'u' }] },
      { and: [{ tenant: ['scoped'] }, { ids: ['v', 'w'] }] },
      { self: 'u' },
    ],
  });
});

test('R-READ-1: where leaves read-only organisations out of mutations', () => {
  const actor = compile('u', [membership('root', role('aud', ['product.view'], { readOnly: true })), membership('other', role('w', ['product.manage']))]);
  assert.deepEqual(accessibleWhere(actor, 'product.manage', mapping, catalog), { OR: [{ tenant: ['other'] }] });
  assert.deepEqual(accessibleWhere(actor, 'product.view', mapping, catalog), { OR: [{ tenant: ['root'] }] });
});

test('R-OWNER-2: where for a transfer lists the owned organisations only', () => {
  const actor = compile('u', [membership('root', role('r', ['org.transferOwnership'], { includesSubOrganizations: true }), { isOwner: true })]);
  assert.deepEqual(accessibleWhere(actor, 'org.transferOwnership', mapping, catalog), { OR: [{ tenant: ['root'] }] });
});

test('R-PERM-1: createEngine binds the catalog and the owner option', () => {
  const engine = createEngine({ catalog, ownerHasAllPermissions: true });
  const actor = engine.compile({ userId: 'o', memberships: [membership('root', role('owner', []), { isOwner: true })], descendants: new Map() });
  assert.equal(engine.decide(actor, 'product.manage', product('1')).allowed, true);
  assert.equal(engine.holdsAnywhere(actor, 'apikey.create'), true);
  assert.deepEqual(engine.accessibleWhere(actor, 'product.view', mapping), { OR: [{ tenant: ['root'] }] });
  // @ts-expect-error a typo in a permission key is a type error
  engine.decide(actor, 'product.mange', product('1'));
});

// What one membership brings to every organisation it reaches: its grants read once (conditions,
// scope, switched-off rights, a read-only role's mutations dropped), as permission → bits.
import { resourceOf } from './catalog.ts';
import type { Catalog, Grant, HeldPermission, MembershipFacts, ResourceScope, RoleFacts } from './types.ts';

export interface CompileOptions {
  readonly catalog: Catalog;
  /** Seed 003: "account owners always have full access". */
  readonly ownerHasAllPermissions: boolean;
  /**
   * R-ROLE-2: permissions the preset reserves to some roles, as permission → the keys of the roles
   * that may carry it (seed 004: changing users' roles, Admin only). Any other role's grant of it
   * counts for nothing, whatever the stored rows say.
   */
  readonly reservedPermissions?: ReservedPermissions | undefined;
}

export type ReservedPermissions = Readonly<Record<string, readonly string[]>>;

/** R-ROLE-2: whether a role with this key may not carry `permission` (null: a role of no preset key, e.g. a custom one). */
export function reservedElsewhere(reserved: ReservedPermissions | undefined, permission: string, roleKey: string | null): boolean {
  if (reserved === undefined || !Object.hasOwn(reserved, permission)) return false;
  return roleKey === null || !(reserved[permission] as readonly string[]).includes(roleKey);
}

export const UNCONDITIONAL = 1;
export const OWN = 2;
export const SCOPED = 4;

export type InstanceScope = ReadonlyMap<string, ReadonlySet<string>>;

export const NO_INSTANCES: InstanceScope = new Map();

export interface Contribution {
  readonly bits: ReadonlyMap<string, number>;
  readonly switchedOff: readonly string[];
  readonly instances: InstanceScope;
  readonly scope: ResourceScope | null;
  readonly readOnly: boolean;
}

/**
 * The one reading of a stored grant: its condition as a bit, `scoped` when the membership's scope
 * narrows an unconditional grant on that resource (R-SCOPE-1), 0 when the condition is not
 * understood (it then grants nothing).
 */
export function conditionBit(grant: Grant, scope: ResourceScope | null): number {
  const condition: string | null | undefined = grant.condition;
  if (condition === 'own') return OWN;
  if (condition === 'scoped') return SCOPED;
  // Storage may hand back JSON null for "no condition"; anything else unknown grants nothing.
  if (condition !== undefined && condition !== null) return 0;
  // R-SCOPE-1: a membership limited to named instances of a resource loses its unconditional
  // grants on that resource, they narrow to those instances.
  return scope !== null && Object.hasOwn(scope, resourceOf(grant.permission)) ? SCOPED : UNCONDITIONAL;
}

function compileScope(scope: ResourceScope | null): InstanceScope {
  if (scope === null) return NO_INSTANCES;
  const out = new Map<string, ReadonlySet<string>>();
  for (const resource of Object.keys(scope)) out.set(resource, new Set(scope[resource]));
  return out;
}

function contribute(membership: MembershipFacts, options: CompileOptions): Contribution {
  const { catalog } = options;
  const role = membership.role;
  const bits = new Map<string, number>();
  const mutates = (permission: string): boolean => Object.hasOwn(catalog, permission) && (catalog[permission] as Catalog[string]).mutates;

  if (membership.isOwner && options.ownerHasAllPermissions) {
    // Full access means no switched-off rights and no instance scope either.
    for (const permission of Object.keys(catalog)) {
      if (!(role.readOnly && mutates(permission))) bits.set(permission, UNCONDITIONAL);
    }
    return { bits, switchedOff: [], instances: NO_INSTANCES, scope: null, readOnly: role.readOnly };
  }

  const disabled = new Set(membership.disabledRights);
  const switchedOff: string[] = [];
  for (const grant of role.grants) {
    if (reservedElsewhere(options.reservedPermissions, grant.permission, role.key)) continue;
    if (disabled.has(grant.permission)) {
      switchedOff.push(grant.permission);
      continue;
    }
    // A read-only role never carries a mutation, even when it shares an organisation with a
    // writable membership whose presence makes the organisation not read-only (R-READ-1).
    if (role.readOnly && mutates(grant.permission)) continue;
    const bit = conditionBit(grant, membership.scope);
    if (bit !== 0) bits.set(grant.permission, (bits.get(grant.permission) ?? 0) | bit);
  }
  return { bits, switchedOff, instances: compileScope(membership.scope), scope: membership.scope, readOnly: role.readOnly };
}

export const ORG_VIEW = 'org.view';
export const ORG_MANAGE = 'org.manage';

/**
 * R-ORG-1, decided here once so that `decide` pays nothing for it. A disabled organisation gives its
 * members nothing: not even reads, API keys or invitations. Seed 002 says that Compliance Officers
 * still see the organisations they are associated with that have been disabled (in the user
 * search's organisation filter, whose purpose is to list that organisation's users), and someone
 * must be able to enable it again. So a membership in an *enabled* organisation whose role reaches
 * the disabled one and holds `org.view` or `org.manage` there — a manager of organisations, seeing
 * it from above — keeps its reads (the organisation, its users, its records) and `org.manage` (to
 * enable it again); every other mutation there is denied. A manager who is a member of the
 * disabled organisation itself has no such view: the organisation above it re-enables it.
 */
function managerView(contribution: Contribution, catalog: Catalog): Map<string, number> | null {
  if (!contribution.bits.has(ORG_VIEW) && !contribution.bits.has(ORG_MANAGE)) return null;
  const kept = new Map<string, number>();
  for (const [permission, bits] of contribution.bits) {
    const spec = Object.hasOwn(catalog, permission) ? catalog[permission] : undefined;
    if (permission === ORG_MANAGE || spec?.mutates === false) kept.set(permission, bits);
  }
  return kept;
}

/**
 * A cache for compiling many actors that share roles in one go (an impact preview over thousands
 * of holders): what a membership contributes is computed once per role, switched-off rights, scope
 * and ownership, and the permission map of an organisation reached by one membership once per
 * contribution. The actors compiled with one memo share those maps; nothing mutates them, but keep
 * such actors within the batch (not in a request cache), and use one memo per set of options.
 */
export interface CompileMemo {
  readonly contributions: WeakMap<RoleFacts, Map<string, Contribution>>;
  readonly managerViews: WeakMap<Contribution, Map<string, number> | null>;
  readonly held: WeakMap<ReadonlyMap<string, number>, Map<string, HeldPermission>>;
}

export function createCompileMemo(): CompileMemo {
  return { contributions: new WeakMap(), managerViews: new WeakMap(), held: new WeakMap() };
}

/** Everything besides the role that `contribute` reads of a membership, as a key. */
function contributionKey(membership: MembershipFacts, options: CompileOptions): string {
  const ownerAll = membership.isOwner && options.ownerHasAllPermissions ? '1' : '0';
  const scope = membership.scope === null ? '' : JSON.stringify(membership.scope);
  return `${ownerAll}\u0000${membership.disabledRights.join('\u0001')}\u0000${scope}`;
}

export function contributionOf(membership: MembershipFacts, options: CompileOptions, memo: CompileMemo | undefined): Contribution {
  if (memo === undefined) return contribute(membership, options);
  let byKey = memo.contributions.get(membership.role);
  if (byKey === undefined) memo.contributions.set(membership.role, (byKey = new Map()));
  const key = contributionKey(membership, options);
  let contribution = byKey.get(key);
  if (contribution === undefined) byKey.set(key, (contribution = contribute(membership, options)));
  return contribution;
}

export function managerViewOf(contribution: Contribution, catalog: Catalog, memo: CompileMemo | undefined): Map<string, number> | null {
  if (memo === undefined) return managerView(contribution, catalog);
  let view = memo.managerViews.get(contribution);
  if (view === undefined) memo.managerViews.set(contribution, (view = managerView(contribution, catalog)));
  return view;
}

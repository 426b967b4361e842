// The model the engine benchmarks share (bench/engine.ts, bench/explain.ts): 10 resources × 10
// actions, 10 roles of 50 permissions each, generated deterministically so that every run
// measures the same work. Plain engine facts, no database.
import { coreCatalog, extendCatalog, resourceOf, type ActorFacts, type Catalog, type Grant, type MembershipFacts, type RoleFacts, type Target } from '../src/engine/index.ts';

export const RESOURCES = 10;
export const ACTIONS = 10;
export const ROLES = 10;
export const PER_ROLE = 50;

let seed = 42;
/** A linear congruential generator: the same sequence on every run. */
export function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const domain: Record<string, Catalog[string]> = {};
for (let r = 0; r < RESOURCES; r++) {
  for (let a = 0; a < ACTIONS; a++) domain[`res${r}.act${a}`] = { label: `res${r} act${a}`, group: `res${r}`, mutates: a % 2 === 1 };
}
export const catalog = extendCatalog(coreCatalog, domain);
export const domainKeys = Object.keys(domain);

/** The simple model: unconditional permissions, as the other libraries' benchmarks usually are. */
export const simpleRoles = Array.from({ length: ROLES }, (_, i) => ({
  key: `role${i}`,
  permissions: [...domainKeys].sort(() => random() - 0.5).slice(0, PER_ROLE),
}));

/** The simple workload's questions (drawn right after the roles, as they always were): an action and whether it is asked in the member's organisation. */
export const simpleQuestions = Array.from({ length: 4096 }, () => {
  const action = domainKeys[Math.floor(random() * domainKeys.length)] as string;
  return { action, inMembersOrganization: random() < 0.9 };
});

/** The user-management keys the mixed roles draw from besides the domain, so users, organisations and roles are decided too. */
const managementKeys = ['user.view', 'user.edit', 'user.lock', 'user.disable', 'user.resetPassword', 'user.editRole', 'user.invite', 'org.view', 'org.manage', 'role.view', 'role.manage'];

/**
 * The mixed model: each role has 50 permissions, about one in five narrowed to own records and one in
 * ten to scoped instances, split over up to three policies (for explanations' provenance).
 */
export const mixedRoles: RoleFacts[] = Array.from({ length: ROLES }, (_, i) => {
  const keys = [...managementKeys.slice(0, 4 + (i % 8)), ...[...domainKeys].sort(() => random() - 0.5)].slice(0, PER_ROLE);
  const grants: Grant[] = keys.map((permission) => {
    const draw = random();
    return draw < 0.2 ? { permission, condition: 'own' } : draw < 0.3 ? { permission, condition: 'scoped' } : { permission };
  });
  const policies = [0, 1, 2].map((p) => ({ id: `pol-${i}-${p}`, name: `Role ${i} policy ${p}`, grants: grants.filter((_, g) => g % 3 === p) }));
  return {
    id: `mixed-role-${i}`,
    key: `mixedRole${i}`,
    protected: i === 0,
    uniquePerOrganization: false,
    ownerOnly: false,
    readOnly: i === 8,
    includesSubOrganizations: i === 5,
    grants,
    policies,
  };
});

export function mixedRole(i: number): RoleFacts {
  return mixedRoles[i] as RoleFacts;
}

export const USER = 'u-bench';
const HQ = 'hq';
const PARENT = 'parent';
const SUB_A = 'parent-a';
const SUB_B = 'parent-b';
const BRANCH = 'branch';
const AUDITED = 'audited';
const ELSEWHERE = 'elsewhere';
const PAUSED = 'paused';
/** The clock the mixed actor is compiled with (R-EXP-1). */
export const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const SCOPED_IDS = Array.from({ length: 24 }, (_, i) => `id-${i * 5}`);
const membership = (organizationId: string, role: RoleFacts, extra: Partial<MembershipFacts> = {}): MembershipFacts => ({
  organizationId,
  role,
  isOwner: false,
  disabledRights: [],
  scope: null,
  ...extra,
});
const hqRole = mixedRole(3);
/**
 * The mixed workload's actor: seven memberships exercising scopes, switched-off rights,
 * sub-organisations, ownership, a read-only role, expiry and a disabled organisation.
 */
export const mixedFacts: ActorFacts = {
  userId: USER,
  memberships: [
    // Scoped to some instances of two resources, with three of its rights switched off.
    membership(HQ, hqRole, { scope: { res2: SCOPED_IDS, res7: SCOPED_IDS }, disabledRights: hqRole.grants.slice(10, 13).map((grant) => grant.permission) }),
    membership(PARENT, mixedRole(5)), // reaches its two sub-organisations
    membership(SUB_A, mixedRole(6)), // a second membership reaching the same organisation
    membership(BRANCH, mixedRole(7), { isOwner: true, expiresAt: NOW + 14 * DAY }), // counts for two more weeks
    membership(AUDITED, mixedRole(8)), // read-only
    membership(HQ, mixedRole(4), { expiresAt: NOW - DAY }), // ended yesterday (R-EXP-1)
    membership(PAUSED, mixedRole(2)), // in a disabled organisation (R-ORG-1)
  ],
  descendants: new Map([[PARENT, [SUB_A, SUB_B]]]),
  disabledOrganizations: [PAUSED],
};
const mixedOrgs = [HQ, HQ, HQ, PARENT, SUB_A, SUB_B, BRANCH, AUDITED, PAUSED, ELSEWHERE];
const managementActions = ['user.view', 'user.edit', 'user.lock', 'user.disable', 'user.resetPassword', 'user.editRole'];
/** The mixed workload's questions: about 60 % records, the rest users, organisations, roles and policies. */
export const mixedQuestions: { readonly action: string; readonly target: Target }[] = [];
const ask = (action: string, target: Target): void => {
  mixedQuestions.push({ action, target });
};
for (let i = 0; i < 4096; i++) {
  const organizationId = pick(mixedOrgs);
  const kind = random();
  if (kind < 0.6) {
    const action = pick(domainKeys);
    const ownerId = pick([USER, 'u-other', null]);
    mixedQuestions.push({ action, target: { kind: 'record', resource: resourceOf(action), id: `id-${Math.floor(random() * 120)}`, organizationId, ownerId } });
    continue;
  }
  if (kind < 0.8) {
    const self = random() < 0.1;
    ask(pick(managementActions), {
      kind: 'user',
      userId: self ? USER : `u-${i}`,
      organizationIds: random() < 0.3 ? [pick(mixedOrgs), organizationId] : [organizationId],
      isOwner: random() < 0.1,
      isLastManager: random() < 0.1,
    });
  } else if (kind < 0.9) {
    ask(pick(['org.view', 'org.manage', 'user.invite']), { kind: 'organization', organizationId });
  } else if (kind < 0.97) {
    ask(pick(['role.view', 'role.manage']), { kind: 'role', roleId: `r-${i}`, organizationId: random() < 0.3 ? null : organizationId, protected: random() < 0.2 });
  } else {
    ask('policy.view', { kind: 'policy', policyId: `p-${i}`, organizationId: random() < 0.3 ? null : organizationId });
  }
}


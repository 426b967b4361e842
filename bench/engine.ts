// Decisions per second of the engine, against @casl/ability and casbin on the same model, in the
// same process. A script, not a test: `npx tsx bench/engine.ts`. The last line is machine-read.
import { createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import { newEnforcer, newModelFromString } from 'casbin';
import { coreCatalog, createEngine, extendCatalog, type Catalog, type Target } from '../src/engine/index.ts';
import { definePreset, presetRoleGrants, validatePreset } from '../src/presets/index.ts';

// ---- the model: 10 resources × 10 actions, 10 roles of 50 permissions each ----------------------
const RESOURCES = 10;
const ACTIONS = 10;
const ROLES = 10;
const PER_ROLE = 50;

let seed = 42;
/** Deterministic, so that every run measures the same work. */
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

const domain: Record<string, Catalog[string]> = {};
for (let r = 0; r < RESOURCES; r++) {
  for (let a = 0; a < ACTIONS; a++) domain[`res${r}.act${a}`] = { label: `res${r} act${a}`, group: `res${r}`, mutates: a % 2 === 1 };
}
const catalog = extendCatalog(coreCatalog, domain);
const domainKeys = Object.keys(domain);

const roles = Array.from({ length: ROLES }, (_, i) => {
  const keys = [...domainKeys].sort(() => random() - 0.5).slice(0, PER_ROLE);
  return { key: `role${i}`, name: `Role ${i}`, description: 'generated', permissions: keys };
});
const preset = definePreset({
  id: 'seed004',
  name: 'bench',
  description: `${ROLES} roles × ${PER_ROLE} permissions`,
  catalog,
  roles,
  policies: [],
  ownerRoleKey: 'role0',
  ownerHasAllPermissions: false,
  lastManagerPermission: 'user.editRole',
  accessRights: [],
});
const problems = validatePreset(preset);
if (problems.length > 0) throw new Error(problems.join('\n'));

const USER = 'u-bench';
const ORG = 'org-1';
const OTHER_ORG = 'org-2';
const roleIndex = 3;
const role = roles[roleIndex];
if (role === undefined) throw new Error('no role');

// ---- the questions: varied (action, target) pairs, about half allowed ---------------------------
const PAIRS = 4096;
const actions: string[] = [];
const targets: Target[] = [];
for (let i = 0; i < PAIRS; i++) {
  const action = domainKeys[Math.floor(random() * domainKeys.length)] as string;
  const resource = action.slice(0, action.indexOf('.'));
  actions.push(action);
  targets.push({ kind: 'record', resource, id: `id-${i}`, organizationId: random() < 0.9 ? ORG : OTHER_ORG, ownerId: null });
}

// ---- ours ------------------------------------------------------------------------------------------
const engine = createEngine({ catalog, ownerHasAllPermissions: false });
const actor = engine.compile({
  userId: USER,
  memberships: [
    {
      organizationId: ORG,
      role: {
        id: role.key,
        key: role.key,
        protected: false,
        uniquePerOrganization: false,
        ownerOnly: false,
        readOnly: false,
        includesSubOrganizations: false,
        grants: presetRoleGrants(preset, role),
      },
      isOwner: false,
      disabledRights: [],
      scope: null,
    },
  ],
  descendants: new Map(),
});
const engineDecide = engine.decide as (a: typeof actor, action: string, target: Target) => { allowed: boolean };

// ---- CASL: a cached ability, one rule per permission, conditioned on the organisation --------------
type CaslAbility = MongoAbility<[string, string | object]>;
const ability: CaslAbility = createMongoAbility(
  role.permissions.map((permission) => ({
    action: permission,
    subject: permission.slice(0, permission.indexOf('.')),
    conditions: { organizationId: ORG },
  })),
);
const caslSubjects = targets.map((target) => {
  if (target.kind !== 'record') throw new Error('records only');
  return subject(target.resource, { id: target.id, organizationId: target.organizationId });
});

// ---- casbin: RBAC with domains, policies in memory, no cache ---------------------------------------
const enforcer = await newEnforcer(
  newModelFromString(`
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
`),
);
for (const r of roles) {
  for (const permission of r.permissions) {
    await enforcer.addPolicy(r.key, ORG, permission.slice(0, permission.indexOf('.')), permission);
  }
}
await enforcer.addGroupingPolicy(USER, role.key, ORG);
const casbinArgs = targets.map((target) => {
  if (target.kind !== 'record') throw new Error('records only');
  return [target.organizationId, target.resource] as const;
});

// ---- same answers, or the comparison means nothing ----------------------------------------------
let allowedCount = 0;
for (let i = 0; i < PAIRS; i++) {
  const action = actions[i] as string;
  const ours = engineDecide(actor, action, targets[i] as Target).allowed;
  const casl = ability.can(action, caslSubjects[i] as object);
  const [dom, obj] = casbinArgs[i] as readonly [string, string];
  const cas = enforcer.enforceSync(USER, dom, obj, action);
  if (ours !== casl || ours !== cas) throw new Error(`disagreement on ${action} ${JSON.stringify(targets[i])}: ${ours} ${casl} ${cas}`);
  if (ours) allowedCount++;
}

// ---- timing ----------------------------------------------------------------------------------------
const MASK = PAIRS - 1;
let sink = 0;

function measure(name: string, batch: number, run: (from: number, count: number) => number): number {
  run(0, batch * 4); // warm up: let the JIT optimise the loop and the callee
  const budget = 1_500_000_000n; // ~1.5 s
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  while (elapsed < budget) {
    sink += run(calls, batch);
    calls += batch;
    elapsed = process.hrtime.bigint() - start;
  }
  const perSecond = (calls * 1e9) / Number(elapsed);
  console.log(`${name.padEnd(16)} ${Math.round(perSecond).toLocaleString('en').padStart(14)} decisions/s  (${calls.toLocaleString('en')} calls)`);
  return perSecond;
}

const ours = measure('gatehouse', 1 << 20, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (engineDecide(actor, actions[k] as string, targets[k] as Target).allowed) allowed++;
  }
  return allowed;
});
// The guards beyond the permission lookup (self, owner, last manager, several organisations per user):
// ours only, since the other two have no such model; shown so the headline is not records-only.
const mixedTargets: Target[] = targets.map((target, i): Target => {
  if (target.kind !== 'record') return target;
  switch (i % 4) {
    case 0:
      return { kind: 'user', userId: i % 16 === 0 ? USER : `u-${i}`, organizationIds: [OTHER_ORG, target.organizationId], isOwner: i % 3 === 0, isLastManager: i % 5 === 0 };
    case 1:
      return { kind: 'organization', organizationId: target.organizationId };
    case 2:
      return { kind: 'role', roleId: `r-${i}`, organizationId: i % 8 === 2 ? null : target.organizationId, protected: i % 3 === 0 };
    default:
      return target;
  }
});
const mixedActions = actions.map((action, i) => (i % 4 === 3 ? action : (['user.view', 'user.lock', 'user.edit', 'role.manage', 'org.view'][i % 5] as string)));
const adminFacts = {
  userId: USER,
  memberships: [
    {
      organizationId: ORG,
      role: {
        id: 'admin',
        key: 'admin',
        protected: false,
        uniquePerOrganization: false,
        ownerOnly: false,
        readOnly: false,
        includesSubOrganizations: false,
        grants: ['user.view', 'user.lock', 'user.edit', 'role.manage', 'org.view'].map((permission) => ({ permission })),
      },
      isOwner: false,
      disabledRights: ['user.edit'],
      scope: null,
    },
  ],
  descendants: new Map<string, string[]>(),
};
const admin = engine.compile(adminFacts);
measure('gatehouse mixed', 1 << 20, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (engineDecide(admin, mixedActions[k] as string, mixedTargets[k] as Target).allowed) allowed++;
  }
  return allowed;
});
const casl = measure('@casl/ability', 1 << 18, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (ability.can(actions[k] as string, caslSubjects[k] as object)) allowed++;
  }
  return allowed;
});
const casbin = measure('casbin', 1 << 8, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    const [dom, obj] = casbinArgs[k] as readonly [string, string];
    if (enforcer.enforceSync(USER, dom, obj, actions[k] as string)) allowed++;
  }
  return allowed;
});

console.log(
  `model: ${ROLES} roles × ${PER_ROLE} permissions over ${domainKeys.length} domain keys; ` +
    `${PAIRS} (action, target) pairs, ${allowedCount} allowed; the three libraries agree on every pair (sink ${sink > 0 ? 'ok' : 'empty'})`,
);
console.log(`bench:engine decisions_per_s=${Math.round(ours)} vs_casl=${(ours / casl).toFixed(2)} vs_casbin=${(ours / casbin).toFixed(2)}`);

// Decisions per second of the engine, against @casl/ability and casbin (plain and cached enforcer)
// on the same questions, in the same process. A script, not a test: `npm run bench:engine`.
// The last line is machine-read.
//
// Two workloads:
// - simple: one membership, unconditional permissions, record targets (what the other libraries'
//   own benchmarks look like);
// - mixed: 10 roles × 50 permissions with own and scoped conditions, a membership scope, switched-off
//   rights, a read-only role, a role reaching sub-organisations, a membership that has ended and
//   one that will, a disabled organisation, several organisations, and besides
//   records also users (self, owner, last manager, several organisations), organisations, roles and
//   policies as targets. CASL and casbin answer its record questions (the guards on the other targets
//   have no equivalent there), and all three must agree on every one.
import { createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import type { Enforcer } from 'casbin';
import { createEngine, resourceOf, type Actor, type ActorFacts, type Target } from '../src/engine/index.ts';
import { catalog, domainKeys, mixedFacts, mixedQuestions, NOW, PER_ROLE, ROLES, simpleQuestions, simpleRoles, USER } from './engine-model.ts';

// casbin's CommonJS build, not its ES module one: the ES build lowers `async` to generators, which
// makes its cached `enforce` about ten times slower (measured here); we compare against its best.
const { newCachedEnforcer, newEnforcer, newModelFromString } = createRequire(import.meta.url)('casbin') as typeof import('casbin');

const ORG = 'org-1';
const OTHER_ORG = 'org-2';
const PAIRS = 4096;
const MASK = PAIRS - 1;

const engine = createEngine({ catalog, ownerHasAllPermissions: false });
const engineDecide = engine.decide as (actor: Actor, action: string, target: Target) => { allowed: boolean };

// ---- simple workload ----------------------------------------------------------------------------------
const simpleRole = simpleRoles[3] as (typeof simpleRoles)[number];
const simpleActions: string[] = [];
const simpleTargets: Target[] = [];
simpleQuestions.forEach(({ action, inMembersOrganization }, i) => {
  simpleActions.push(action);
  simpleTargets.push({ kind: 'record', resource: resourceOf(action), id: `id-${i}`, organizationId: inMembersOrganization ? ORG : OTHER_ORG, ownerId: null });
});
const simpleActor = engine.compile({
  userId: USER,
  memberships: [
    {
      organizationId: ORG,
      role: {
        id: simpleRole.key,
        key: simpleRole.key,
        protected: false,
        uniquePerOrganization: false,
        ownerOnly: false,
        readOnly: false,
        includesSubOrganizations: false,
        grants: simpleRole.permissions.map((permission) => ({ permission })),
      },
      isOwner: false,
      disabledRights: [],
      scope: null,
    },
  ],
  descendants: new Map(),
});

type CaslAbility = MongoAbility<[string, string | object]>;
const simpleAbility: CaslAbility = createMongoAbility(
  simpleRole.permissions.map((permission) => ({ action: permission, subject: resourceOf(permission), conditions: { organizationId: ORG } })),
);
const simpleCaslSubjects = simpleTargets.map((target) => {
  if (target.kind !== 'record') throw new Error('records only');
  return subject(target.resource, { id: target.id, organizationId: target.organizationId });
});

// casbin: RBAC with domains, every role's policies in memory.
const simpleModel = `
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
`;
async function simpleEnforcer(make: typeof newEnforcer): Promise<Enforcer> {
  const enforcer = await make(newModelFromString(simpleModel));
  await enforcer.addPolicies(simpleRoles.flatMap((role) => role.permissions.map((permission) => [role.key, ORG, resourceOf(permission), permission])));
  await enforcer.addGroupingPolicy(USER, simpleRole.key, ORG);
  return enforcer;
}
const simpleCasbin = await simpleEnforcer(newEnforcer);
const simpleCasbinCached = await simpleEnforcer(newCachedEnforcer);
const simpleCasbinArgs = simpleTargets.map((target, i) => {
  if (target.kind !== 'record') throw new Error('records only');
  return [USER, target.organizationId, target.resource, simpleActions[i] as string] as const;
});

// ---- mixed workload -------------------------------------------------------------------------------------
const mixedActor = engine.compile(mixedFacts, { now: NOW });
const mixedActions = mixedQuestions.map((question) => question.action);
const mixedTargets = mixedQuestions.map((question) => question.target);
const isRecord = mixedTargets.map((target) => target.kind === 'record');

/** The same access, written from the facts as flat per-organisation rules for the other two libraries. */
interface FlatRule {
  readonly organizationId: string;
  readonly permission: string;
  readonly condition: 'all' | 'own' | 'scoped';
  readonly ids: readonly string[];
}
function flatRules(facts: ActorFacts): FlatRule[] {
  const rules: FlatRule[] = [];
  const disabled = new Set(facts.disabledOrganizations ?? []);
  for (const m of facts.memberships) {
    if (typeof m.expiresAt === 'number' && m.expiresAt <= NOW) continue; // ended
    // Nobody here manages organisations from above, so a disabled organisation gives nothing.
    const reached = [m.organizationId, ...(m.role.includesSubOrganizations ? (facts.descendants.get(m.organizationId) ?? []) : [])].filter(
      (organizationId) => !disabled.has(organizationId),
    );
    for (const grant of m.role.grants) {
      if (m.disabledRights.includes(grant.permission)) continue;
      if (m.role.readOnly && catalog[grant.permission]?.mutates === true) continue;
      const resource = resourceOf(grant.permission);
      const condition = grant.condition ?? (m.scope !== null && Object.hasOwn(m.scope, resource) ? 'scoped' : 'all');
      const ids = condition === 'scoped' ? (m.scope?.[resource] ?? []) : [];
      for (const organizationId of reached) rules.push({ organizationId, permission: grant.permission, condition, ids });
    }
  }
  return rules;
}
const mixedRules = flatRules(mixedFacts);
const mixedAbility: CaslAbility = createMongoAbility(
  mixedRules.map((rule) => ({
    action: rule.permission,
    subject: resourceOf(rule.permission),
    conditions:
      rule.condition === 'all'
        ? { organizationId: rule.organizationId }
        : rule.condition === 'own'
          ? { organizationId: rule.organizationId, ownerId: USER }
          : { organizationId: rule.organizationId, id: { $in: [...rule.ids] } },
  })),
);
const mixedModel = `
[request_definition]
r = sub, dom, obj, id, owner, act

[policy_definition]
p = sub, dom, obj, act, cond, inst

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == p.sub && r.dom == p.dom && r.obj == p.obj && r.act == p.act && (p.cond == "all" || (p.cond == "own" && r.owner == r.sub) || (p.cond == "scoped" && r.id == p.inst))
`;
const mixedCasbin = await newCachedEnforcer(newModelFromString(mixedModel));
await mixedCasbin.addPolicies(
  mixedRules.flatMap((rule) =>
    rule.condition === 'scoped'
      ? rule.ids.map((id) => [USER, rule.organizationId, resourceOf(rule.permission), rule.permission, 'scoped', id])
      : [[USER, rule.organizationId, resourceOf(rule.permission), rule.permission, rule.condition, '-']],
  ),
);
const recordIndexes = isRecord.flatMap((record, i) => (record ? [i] : []));
const RECORDS = recordIndexes.length;
const recordActions = recordIndexes.map((i) => mixedActions[i] as string);
const recordTargets = recordIndexes.map((i) => mixedTargets[i] as Extract<Target, { kind: 'record' }>);
const mixedCaslSubjects = recordTargets.map((target) =>
  subject(target.resource, { id: target.id, organizationId: target.organizationId, ownerId: target.ownerId ?? null }),
);
const mixedCasbinArgs = recordTargets.map((target, k) => [USER, target.organizationId, target.resource, target.id, target.ownerId ?? '', recordActions[k] as string] as const);

// ---- same answers, or the comparison means nothing ---------------------------------------------------------
let simpleAllowed = 0;
for (let i = 0; i < PAIRS; i++) {
  const action = simpleActions[i] as string;
  const ours = engineDecide(simpleActor, action, simpleTargets[i] as Target).allowed;
  const casl = simpleAbility.can(action, simpleCaslSubjects[i] as object);
  const cas = simpleCasbin.enforceSync(...(simpleCasbinArgs[i] as readonly string[]));
  const cached = await simpleCasbinCached.enforce(...(simpleCasbinArgs[i] as readonly string[]));
  if (ours !== casl || ours !== cas || ours !== cached) throw new Error(`simple: disagreement on ${action} ${JSON.stringify(simpleTargets[i])}`);
  if (ours) simpleAllowed++;
}
let mixedAllowed = 0;
for (let i = 0; i < PAIRS; i++) if (engineDecide(mixedActor, mixedActions[i] as string, mixedTargets[i] as Target).allowed) mixedAllowed++;
let recordsAllowed = 0;
for (let k = 0; k < RECORDS; k++) {
  const action = recordActions[k] as string;
  const ours = engineDecide(mixedActor, action, recordTargets[k] as Target).allowed;
  const casl = mixedAbility.can(action, mixedCaslSubjects[k] as object);
  const cached = await mixedCasbin.enforce(...(mixedCasbinArgs[k] as readonly string[]));
  if (ours !== casl || ours !== cached) throw new Error(`mixed: disagreement on ${action} ${JSON.stringify(recordTargets[k])}: ${ours} ${casl} ${cached}`);
  if (ours) recordsAllowed++;
}

// ---- timing ------------------------------------------------------------------------------------------------
// Each figure is calls per second of this process's CPU time (process.cpuUsage), not of the wall
// clock: on a machine shared with other work, the wall clock counts the time other processes had
// the core, the CPU time does not. Every figure of one run is measured the same way, so the ratios
// compare like with like.
let sink = 0;
const BUDGET_US = 1_500_000; // ~1.5 s of CPU per figure

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

function report(name: string, calls: number, micros: number): number {
  const perSecond = (calls * 1e6) / micros;
  console.log(`${name.padEnd(28)} ${Math.round(perSecond).toLocaleString('en').padStart(14)} decisions/s  (${calls.toLocaleString('en')} calls)`);
  return perSecond;
}

function measure(name: string, batch: number, run: (from: number, count: number) => number): number {
  run(0, batch * 4); // warm up: let the JIT optimise the loop and the callee
  const start = process.cpuUsage();
  let calls = 0;
  let micros = 0;
  while (micros < BUDGET_US) {
    sink += run(calls, batch);
    calls += batch;
    micros = cpuMicros(start);
  }
  return report(name, calls, micros);
}

/** casbin's cache sits behind its asynchronous `enforce` only, so its calls are awaited one by one. */
async function measureAsync(name: string, batch: number, run: (from: number, count: number) => Promise<number>): Promise<number> {
  await run(0, batch * 4);
  const start = process.cpuUsage();
  let calls = 0;
  let micros = 0;
  while (micros < BUDGET_US) {
    sink += await run(calls, batch);
    calls += batch;
    micros = cpuMicros(start);
  }
  return report(name, calls, micros);
}

const loadAtStart = loadavg()[0] ?? 0;
const ours = measure('gatehouse', 1 << 20, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (engineDecide(simpleActor, simpleActions[k] as string, simpleTargets[k] as Target).allowed) allowed++;
  }
  return allowed;
});
const casl = measure('@casl/ability', 1 << 18, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (simpleAbility.can(simpleActions[k] as string, simpleCaslSubjects[k] as object)) allowed++;
  }
  return allowed;
});
const casbin = measure('casbin', 1 << 8, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    if (simpleCasbin.enforceSync(...(simpleCasbinArgs[i & MASK] as readonly string[]))) allowed++;
  }
  return allowed;
});
const casbinCached = await measureAsync('casbin cached', 1 << 16, async (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    if (await simpleCasbinCached.enforce(...(simpleCasbinArgs[i & MASK] as readonly string[]))) allowed++;
  }
  return allowed;
});

const mixed = measure('gatehouse mixed', 1 << 20, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i & MASK;
    if (engineDecide(mixedActor, mixedActions[k] as string, mixedTargets[k] as Target).allowed) allowed++;
  }
  return allowed;
});
const mixedRecords = measure('gatehouse mixed records', 1 << 20, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i % RECORDS;
    if (engineDecide(mixedActor, recordActions[k] as string, recordTargets[k] as Target).allowed) allowed++;
  }
  return allowed;
});
const mixedCasl = measure('@casl/ability mixed records', 1 << 18, (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    const k = i % RECORDS;
    if (mixedAbility.can(recordActions[k] as string, mixedCaslSubjects[k] as object)) allowed++;
  }
  return allowed;
});
const mixedCasbinCached = await measureAsync('casbin cached mixed records', 1 << 16, async (from, count) => {
  let allowed = 0;
  for (let i = from, end = from + count; i < end; i++) {
    if (await mixedCasbin.enforce(...(mixedCasbinArgs[i % RECORDS] as readonly string[]))) allowed++;
  }
  return allowed;
});

console.log(
  `simple: 1 role of ${PER_ROLE} permissions (of ${ROLES} roles over ${domainKeys.length} domain keys), ${PAIRS} record questions, ${simpleAllowed} allowed; ` +
    `mixed: ${mixedFacts.memberships.length} memberships of the ${ROLES}-role model, ${PAIRS} questions (${RECORDS} records, ${recordsAllowed} of them allowed), ${mixedAllowed} allowed; ` +
    `the libraries agree on every shared question (sink ${sink > 0 ? 'ok' : 'empty'})`,
);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadAtStart.toFixed(2)} at the start and ${(loadavg()[0] ?? 0).toFixed(2)} at the end; ` +
    'actors compiled without provenance (explanations off), as on the request path',
);
console.log(
  `bench:engine decisions_per_s=${Math.round(ours)} vs_casl=${(ours / casl).toFixed(2)} vs_casbin=${(ours / casbin).toFixed(2)} ` +
    `vs_casbin_cached=${(ours / casbinCached).toFixed(2)} mixed_per_s=${Math.round(mixed)} ` +
    `mixed_vs_casl=${(mixedRecords / mixedCasl).toFixed(2)} mixed_vs_casbin_cached=${(mixedRecords / mixedCasbinCached).toFixed(2)}`,
);

// What "Why?" and the impact preview cost, on the 10 roles × 50 permissions model: one explain()
// call, against a decide() on the same questions; and one preview of a policy edit over 10 000
// holders, against compiling those holders once. A script, not a test: `npm run bench:explain`.
// Figures are per CPU time of this process (other work on a shared machine does not count); the
// last line is machine-read.
import { availableParallelism, loadavg } from 'node:os';
import { createEngine, policyEdited, type ActorFacts, type Grant, type HolderChange, type MembershipFacts, type Target } from '../src/engine/index.ts';
import { catalog, domainKeys, mixedFacts, mixedQuestions, mixedRole, NOW, pick, random, ROLES } from './engine-model.ts';

const HOLDERS = 10_000;
const ORGANIZATIONS = 50;
const engine = createEngine({ catalog, ownerHasAllPermissions: false });
const loadAtStart = loadavg()[0] ?? 0;

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** Median of `rounds` timings of `run`, in CPU microseconds per call of `calls` calls. */
function medianMicros(rounds: number, calls: number, run: () => void): number {
  const timings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    run();
    timings.push(cpuMicros(start) / calls);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(rounds / 2)] as number;
}

// ---- explain: the mixed workload's actor, with provenance, over the mixed questions ---------------------
const traced = engine.compile(mixedFacts, { now: NOW, provenance: true });
const actions = mixedQuestions.map((question) => question.action) as Parameters<typeof engine.decide>[1][];
const targets = mixedQuestions.map((question) => question.target);
const QUESTIONS = targets.length;
let sink = 0;
const explainAll = (): void => {
  for (let i = 0; i < QUESTIONS; i++) sink += engine.explain(traced, actions[i] as (typeof actions)[number], targets[i] as Target).grantedBy.length;
};
const decideAll = (): void => {
  for (let round = 0; round < 64; round++) for (let i = 0; i < QUESTIONS; i++) if (engine.decide(traced, actions[i] as (typeof actions)[number], targets[i] as Target).allowed) sink++;
};
explainAll(); // warm up
decideAll();
const explainMicros = medianMicros(9, QUESTIONS, explainAll);
const decideMicros = medianMicros(9, QUESTIONS * 64, decideAll);

// ---- impact preview: 10 000 holders of a role whose policy is edited ----------------------------------------
const editedRole = mixedRole(3);
const editedPolicy = editedRole.policies?.[1];
if (editedPolicy === undefined) throw new Error('the model role has no second policy');
const holders: ActorFacts[] = Array.from({ length: HOLDERS }, (_, i) => {
  const memberships: MembershipFacts[] = [
    {
      organizationId: `org-${i % ORGANIZATIONS}`,
      role: editedRole, // shared, as a loader that reads each role once gives it
      isOwner: i % ORGANIZATIONS === i,
      disabledRights: random() < 0.2 ? [pick(editedRole.grants).permission] : [],
      scope: random() < 0.1 ? { res2: [`id-${i % 7}`, `id-${i % 11}`] } : null,
    },
  ];
  if (random() < 0.5) {
    memberships.push({ organizationId: `org-${(i + 7) % ORGANIZATIONS}`, role: mixedRole(i % ROLES), isOwner: false, disabledRights: [], scope: null });
  }
  return { userId: `user-${i}`, memberships, descendants: new Map() };
});
const names = holders.map((_, i) => `Holder ${String(i).padStart(5, '0')}`);
// The edit: five grants taken out, three domain permissions added.
const editedGrants: Grant[] = [...editedPolicy.grants.slice(5), ...domainKeys.slice(0, 3).map((permission) => ({ permission }))];

let lastPreview: ReturnType<typeof engine.previewImpact> | undefined;
const previewOnce = (): void => {
  const change = policyEdited(editedPolicy.id, editedGrants);
  const changes: HolderChange[] = holders.map((facts, i) => ({ userId: facts.userId, name: names[i] as string, before: facts, after: change(facts) }));
  lastPreview = engine.previewImpact(changes, { now: NOW });
};
const compileOnce = (): void => {
  for (const facts of holders) sink += engine.compile(facts, { now: NOW }).organizations.size;
};
previewOnce(); // warm up
compileOnce();
const previewMillis = medianMicros(5, 1, previewOnce) / 1000;
const compileMillis = medianMicros(5, 1, compileOnce) / 1000;
const preview = lastPreview;
if (preview === undefined) throw new Error('no preview');

const listed = (impacts: typeof preview.gains): string => impacts.map((impact) => `${impact.permission}×${impact.holders}`).join(', ');
console.log(`explain: ${explainMicros.toFixed(2)} µs per call over ${QUESTIONS} mixed questions; decide: ${(decideMicros * 1000).toFixed(1)} ns; explain ÷ decide = ${(explainMicros / decideMicros).toFixed(0)}`);
console.log(
  `preview: ${previewMillis.toFixed(1)} ms for ${HOLDERS} holders (${preview.affected} affected; gains ${listed(preview.gains)}; losses ${listed(preview.losses)}); ` +
    `compiling the ${HOLDERS} holders once: ${compileMillis.toFixed(1)} ms; preview ÷ compile = ${(previewMillis / compileMillis).toFixed(2)}`,
);
console.log(`machine: ${availableParallelism()} cores, load average ${loadAtStart.toFixed(2)} at the start and ${(loadavg()[0] ?? 0).toFixed(2)} at the end (sink ${sink > 0 ? 'ok' : 'empty'})`);
console.log(`bench:explain explain_us=${explainMicros.toFixed(2)} preview_ms=${previewMillis.toFixed(1)} holders=${HOLDERS}`);

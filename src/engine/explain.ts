// "Why?": the decision on one action, with the chain that led to it — membership → role → policy →
// grant — or the guard that denied. It is worked out again from the facts the actor was compiled
// from (kept only by `compile(facts, { provenance: true })`), one membership and one grant at a
// time, so that `decide` keeps no provenance and pays nothing; and because it is a second
// derivation, it must agree with `decide` on every input (test/engine/explain.test.ts checks it).
import { actionTableOf, CREDENTIAL, IDENTITY_EDIT, LAST_MANAGER, MUTATES, NEEDS_HOLDER, ROLE_EDIT, SELF_FORBIDDEN, SELF_SERVICE, TRANSFER, USER_MUTATION } from './actions.ts';
import { conditionBit, disabledOrganizations, hasEnded, instantOf, ORG_MANAGE, ORG_VIEW, OWN, SCOPED, type CompileOptions } from './actor.ts';
import { reservedElsewhere } from './contribution.ts';
import { decideWith, denialRank } from './decide.ts';
import { firstUndominated, type Undominated } from './dominance.ts';
import { deniedBy, ruleReasons } from './rules.ts';
import type { Actor, ActorFacts, ChangeFacts, Grant, MembershipFacts, RuleId, Target } from './types.ts';

export interface MembershipRef {
  /** The organisation the membership is in (the decision's, or a parent's whose role reaches it). */
  readonly organizationId: string;
  readonly roleId: string;
  readonly roleKey: string;
  readonly isOwner: boolean;
  /** R-EXP-1: when it ends, in milliseconds since the epoch; null when it does not. */
  readonly expiresAt: number | null;
}

/** One path from a membership to a grant of the action, in the organisation decided about. */
export interface GrantChain {
  readonly organizationId: string;
  readonly membership: MembershipRef;
  /** The policy carrying the grant; null for a legacy role's inline grants, the owner's full access, or when the loader gave no policies. */
  readonly policy: { readonly id: string; readonly name: string } | null;
  readonly permission: string;
  /** As it counts: on every record, on the actor's own, or on the membership's scoped instances. */
  readonly condition: 'all' | 'own' | 'scoped';
  /** `grant` as written; `scope` when the membership's scope narrowed it (R-SCOPE-1); `owner` for the owner's full access. */
  readonly source: 'grant' | 'scope' | 'owner';
}

/** A chain that would give the action but does not count, with the rule that set it aside. */
export interface SetAside extends GrantChain {
  readonly rule: RuleId;
}

export interface Explanation {
  readonly allowed: boolean;
  readonly rule: RuleId;
  readonly reason: string;
  readonly action: string;
  /** The organisation whose access decided; null when none did (self-service, nothing reached, an unknown action). */
  readonly organizationId: string | null;
  /** Every chain that gives the action there and matches the target; also kept when a later guard (R-ESC-2, R-UNIQ-1, R-LAST-1, R-PROT-1) denies. */
  readonly grantedBy: readonly GrantChain[];
  /** Chains of the action there that did not count: ended, suspended, switched off, read-only, out of scope, not the actor's own. */
  readonly setAside: readonly SetAside[];
  /** R-ESC-2: where the actor falls short of the target; null otherwise. */
  readonly shortfall: Undominated | null;
}

/** The `compile` options and the actor's own facts, as one explanation sees them. */
interface Context {
  readonly options: CompileOptions;
  readonly facts: ActorFacts;
  readonly now: number;
  readonly disabled: ReadonlySet<string> | null;
  readonly actor: Actor;
}

interface Instance {
  readonly resource: string;
  readonly id: string;
  readonly ownerId?: string | null | undefined;
}

/** What one organisation's memberships say about the action: the verdict there and its chains. */
interface Verdict {
  readonly rule: RuleId;
  readonly allowed: boolean;
  readonly organizationId: string;
  readonly grantedBy: GrantChain[];
  readonly setAside: SetAside[];
}

function reaches(facts: ActorFacts, membership: MembershipFacts, organizationId: string): boolean {
  if (membership.organizationId === organizationId) return true;
  return membership.role.includesSubOrganizations && (facts.descendants.get(membership.organizationId) ?? []).includes(organizationId);
}

function reachedOrganizations(facts: ActorFacts): string[] {
  const out: string[] = [];
  for (const membership of facts.memberships) {
    const reached = [membership.organizationId, ...(membership.role.includesSubOrganizations ? (facts.descendants.get(membership.organizationId) ?? []) : [])];
    for (const organizationId of reached) if (!out.includes(organizationId)) out.push(organizationId);
  }
  return out;
}

function refOf(membership: MembershipFacts): MembershipRef {
  const end = membership.expiresAt;
  return {
    organizationId: membership.organizationId,
    roleId: membership.role.id,
    roleKey: membership.role.key,
    isOwner: membership.isOwner,
    expiresAt: end === undefined || end === null ? null : instantOf(end),
  };
}

const sameCondition = (a: Grant, b: Grant): boolean => (a.condition ?? null) === (b.condition ?? null);

/** The policies that carry this grant of the role (null: inline grants, or no provenance loaded). */
function policiesOf(membership: MembershipFacts, grant: Grant): ({ id: string; name: string } | null)[] {
  const policies = membership.role.policies;
  if (policies === undefined || policies.length === 0) return [null];
  const carrying = policies.filter((policy) => policy.grants.some((g) => g.permission === grant.permission && sameCondition(g, grant)));
  return carrying.length === 0 ? [null] : carrying.map((policy) => ({ id: policy.id, name: policy.name }));
}

const mutates = (ctx: Context, permission: string): boolean =>
  Object.hasOwn(ctx.options.catalog, permission) && ctx.options.catalog[permission]?.mutates === true;

/** A chain as enumerated: `rule` is null when it counts, else the rule of the membership's own facts that sets it aside. */
interface Candidate extends GrantChain {
  readonly rule: RuleId | null;
}

/**
 * Every chain through which one membership gives `permission`, as it would count in an enabled
 * organisation. A grant the preset reserves to other roles (R-ROLE-2), a switched-off right
 * (R-ACC-1) or a read-only role's mutation (R-READ-1) is set aside; a grant whose condition is not
 * understood gives nothing and is left out.
 */
function chainsOf(ctx: Context, membership: MembershipFacts, organizationId: string, permission: string): Candidate[] {
  const role = membership.role;
  const base = { organizationId, membership: refOf(membership), permission };
  if (membership.isOwner && ctx.options.ownerHasAllPermissions) {
    if (!Object.hasOwn(ctx.options.catalog, permission)) return [];
    const rule: RuleId | null = role.readOnly && mutates(ctx, permission) ? 'R-READ-1' : null;
    return [{ ...base, policy: null, condition: 'all', source: 'owner', rule }];
  }
  const out: Candidate[] = [];
  for (const grant of role.grants) {
    if (grant.permission !== permission) continue;
    const bit = conditionBit(grant, membership.scope);
    if (bit === 0) continue;
    const condition = bit === OWN ? 'own' : bit === SCOPED ? 'scoped' : 'all';
    const source = bit === SCOPED && grant.condition !== 'scoped' ? 'scope' : 'grant';
    const rule: RuleId | null = reservedElsewhere(ctx.options.reservedPermissions, permission, role.key)
      ? 'R-ROLE-2'
      : membership.disabledRights.includes(permission)
        ? 'R-ACC-1'
        : role.readOnly && mutates(ctx, permission)
          ? 'R-READ-1'
          : null;
    for (const policy of policiesOf(membership, grant)) out.push({ ...base, policy, condition, source, rule });
  }
  return out;
}

const counts = (chain: Candidate): boolean => chain.rule === null;

const strip = ({ rule: _rule, ...chain }: Candidate): GrantChain => chain;

const setAsideBy = (chain: Candidate, rule: RuleId): SetAside => ({ ...strip(chain), rule });

/** R-ORG-1: whether a membership reaching a disabled organisation still counts there, and for what. */
function managesFromAbove(ctx: Context, membership: MembershipFacts, organizationId: string): boolean {
  if (ctx.disabled === null || ctx.disabled.has(membership.organizationId)) return false;
  for (const permission of [ORG_VIEW, ORG_MANAGE]) {
    if (chainsOf(ctx, membership, organizationId, permission).some(counts)) return true;
  }
  return false;
}

function satisfies(ctx: Context, membership: MembershipFacts, chain: GrantChain, instance: Instance): boolean {
  if (chain.condition === 'all') return true;
  if (chain.condition === 'own') return instance.ownerId !== null && instance.ownerId !== undefined && instance.ownerId === ctx.facts.userId;
  const scope = membership.scope;
  return scope !== null && Object.hasOwn(scope, instance.resource) && (scope[instance.resource] ?? []).includes(instance.id);
}

/** The memberships reaching the organisation, sorted by whether they count there (R-EXP-1, R-ORG-1). */
function memberships(ctx: Context, organizationId: string) {
  const disabledHere = ctx.disabled?.has(organizationId) === true;
  const counted: MembershipFacts[] = [];
  const ended: MembershipFacts[] = [];
  const suspended: MembershipFacts[] = [];
  for (const membership of ctx.facts.memberships) {
    if (!reaches(ctx.facts, membership, organizationId)) continue;
    if (hasEnded(membership, ctx.now)) ended.push(membership);
    else if (disabledHere && !managesFromAbove(ctx, membership, organizationId)) suspended.push(membership);
    else counted.push(membership);
  }
  return { disabledHere, counted, ended, suspended };
}

/** In a disabled organisation, a manager from above keeps its reads and `org.manage` only. */
const keptWhenDisabled = (ctx: Context, permission: string): boolean =>
  permission === ORG_MANAGE || (Object.hasOwn(ctx.options.catalog, permission) && ctx.options.catalog[permission]?.mutates === false);

/** The per-organisation guards, membership by membership: R-OWNER-2 (transfer), R-READ-1, R-PERM-1 and its narrowings, R-ESC-1. */
function explainIn(ctx: Context, organizationId: string, action: string, flags: number, instance: Instance, change: ChangeFacts | undefined): Verdict {
  const { disabledHere, counted, ended, suspended } = memberships(ctx, organizationId);
  const verdict = (rule: RuleId, allowed: boolean, grantedBy: GrantChain[], setAside: SetAside[]): Verdict => ({ rule, allowed, organizationId, grantedBy, setAside });
  const heldChains = (permission: string, membership: MembershipFacts) =>
    chainsOf(ctx, membership, organizationId, permission).filter((chain) => counts(chain) && (!disabledHere || keptWhenDisabled(ctx, permission)));

  const setAside: SetAside[] = [];
  for (const membership of ended) for (const chain of chainsOf(ctx, membership, organizationId, action)) if (counts(chain)) setAside.push(setAsideBy(chain, 'R-EXP-1'));
  for (const membership of suspended) for (const chain of chainsOf(ctx, membership, organizationId, action)) if (counts(chain)) setAside.push(setAsideBy(chain, 'R-ORG-1'));

  if ((flags & TRANSFER) !== 0) {
    if (disabledHere) return verdict('R-ORG-1', false, [], setAside);
    const owner = counted.find((membership) => membership.isOwner && membership.organizationId === organizationId);
    if (owner === undefined) return verdict('R-OWNER-2', false, [], setAside);
    const chain: GrantChain = { organizationId, membership: refOf(owner), policy: null, permission: action, condition: 'all', source: 'owner' };
    return verdict('R-OWNER-2', true, [chain], setAside);
  }
  if ((flags & MUTATES) !== 0 && counted.length > 0 && counted.every((membership) => membership.role.readOnly)) {
    return verdict('R-READ-1', false, [], setAside);
  }

  const grantedBy: GrantChain[] = [];
  let holds = false;
  let holdsScoped = false;
  let switchedOff = false;
  for (const membership of counted) {
    for (const chain of chainsOf(ctx, membership, organizationId, action)) {
      if (chain.rule === 'R-ACC-1') switchedOff = true;
      if (chain.rule !== null) {
        setAside.push(setAsideBy(chain, chain.rule));
        continue;
      }
      if (disabledHere && !keptWhenDisabled(ctx, action)) {
        setAside.push(setAsideBy(chain, 'R-ORG-1'));
        continue;
      }
      holds = true;
      if (chain.condition === 'scoped') holdsScoped = true;
      if (satisfies(ctx, membership, chain, instance)) grantedBy.push(strip(chain));
      else setAside.push(setAsideBy(chain, chain.condition === 'scoped' ? 'R-SCOPE-1' : 'R-PERM-1'));
    }
  }
  if (!holds) {
    if (disabledHere) return verdict('R-ORG-1', false, [], setAside);
    if (switchedOff) return verdict('R-ACC-1', false, [], setAside);
    if (setAside.some((chain) => chain.rule === 'R-EXP-1')) return verdict('R-EXP-1', false, [], setAside);
    return verdict('R-PERM-1', false, [], setAside);
  }
  if (grantedBy.length === 0) {
    if (switchedOff) return verdict('R-ACC-1', false, [], setAside);
    return verdict(holdsScoped ? 'R-SCOPE-1' : 'R-PERM-1', false, [], setAside);
  }
  for (const grant of change?.grants ?? []) {
    const held = counted.flatMap((membership) => heldChains(grant.permission, membership));
    const covered =
      held.some((chain) => chain.condition === 'all') ||
      (grant.condition === 'own' && held.some((chain) => chain.condition === 'own')) ||
      (grant.condition === 'scoped' && held.some((chain) => chain.condition === 'scoped'));
    if (!covered) return verdict('R-ESC-1', false, [], setAside);
  }
  return verdict('R-PERM-1', true, grantedBy, setAside);
}

function specificity(rule: RuleId): number {
  return denialRank(deniedBy[rule]);
}

/** Like the engine's per-organisation loop: the first organisation that allows, else the most telling denial. */
function explainAcross(ctx: Context, organizationIds: readonly string[], action: string, flags: number, instance: Instance, change: ChangeFacts | undefined): Verdict | null {
  const reached = reachedOrganizations(ctx.facts);
  let best: Verdict | null = null;
  for (const organizationId of organizationIds) {
    if (!reached.includes(organizationId)) continue;
    const here = explainIn(ctx, organizationId, action, flags, instance, change);
    if (here.allowed) return here;
    if (best === null || specificity(here.rule) > specificity(best.rule)) best = here;
  }
  return best;
}

function outcome(action: string, rule: RuleId, allowed: boolean, from: Partial<Verdict> | null = null, shortfall: Undominated | null = null): Explanation {
  return {
    allowed,
    rule,
    reason: ruleReasons[rule],
    action,
    organizationId: from?.organizationId ?? null,
    // A later guard (R-ESC-2, R-UNIQ-1, R-LAST-1, R-PROT-1) may deny what a chain gave: it is kept, to show both.
    grantedBy: from?.grantedBy ?? [],
    setAside: from?.setAside ?? [],
    shortfall,
  };
}

function fromVerdict(action: string, verdict: Verdict | null): Explanation {
  return verdict === null ? outcome(action, 'R-TENANT-1', false) : outcome(action, verdict.rule, verdict.allowed, verdict);
}

function explainUser(ctx: Context, action: string, flags: number, target: Extract<Target, { kind: 'user' }>): Explanation {
  const self = target.userId === ctx.facts.userId;
  if (self && (flags & SELF_SERVICE) !== 0) return outcome(action, 'R-SELF-2', true);
  const reached = reachedOrganizations(ctx.facts);
  if (!target.organizationIds.some((organizationId) => reached.includes(organizationId))) return outcome(action, 'R-TENANT-1', false);
  if (self && (flags & SELF_FORBIDDEN) !== 0) return outcome(action, 'R-SELF-1', false);
  if (!self && target.isOwner && (flags & USER_MUTATION) !== 0) return outcome(action, 'R-OWNER-1', false);
  const change = target.change;
  if (!target.isOwner && change?.assignsRole?.ownerOnly === true) return outcome(action, 'R-OWNER-2', false);
  const verdict = explainAcross(ctx, target.organizationIds, action, flags, { resource: 'user', id: target.userId, ownerId: target.userId }, change);
  if (verdict === null || !verdict.allowed) return fromVerdict(action, verdict);
  if (!self) {
    const identity = (flags & IDENTITY_EDIT) !== 0 && target.touchesIdentity === true;
    if ((flags & CREDENTIAL) !== 0 || identity) {
      const holder = target.holder;
      if (holder === undefined) {
        if (identity || (flags & NEEDS_HOLDER) !== 0) return outcome(action, 'R-ESC-2', false, verdict);
      } else {
        const shortfall = firstUndominated(ctx.actor, holder, target.organizationIds);
        if (shortfall !== null) return outcome(action, 'R-ESC-2', false, verdict, shortfall);
      }
    }
  }
  if (change?.uniqueRoleTaken === true && change.assignsRole?.uniquePerOrganization === true) return outcome(action, 'R-UNIQ-1', false, verdict);
  if (target.isLastManager === true && ((flags & LAST_MANAGER) !== 0 || change?.demotesManager === true)) return outcome(action, 'R-LAST-1', false, verdict);
  return fromVerdict(action, verdict);
}

function explainTarget(ctx: Context, action: string, flags: number, target: Target): Explanation {
  const reached = reachedOrganizations(ctx.facts);
  switch (target.kind) {
    case 'record':
      return fromVerdict(action, explainAcross(ctx, [target.organizationId], action, flags, target, undefined));
    case 'user':
      return explainUser(ctx, action, flags, target);
    case 'organization': {
      if (!reached.includes(target.organizationId)) return outcome(action, 'R-TENANT-1', false);
      const change = target.change;
      if (change?.assignsRole?.ownerOnly === true) return outcome(action, 'R-OWNER-2', false);
      const verdict = explainAcross(ctx, [target.organizationId], action, flags, { resource: 'org', id: target.organizationId, ownerId: null }, change);
      if (verdict?.allowed === true && change?.uniqueRoleTaken === true && change.assignsRole?.uniquePerOrganization === true) {
        return outcome(action, 'R-UNIQ-1', false, verdict);
      }
      return fromVerdict(action, verdict);
    }
    case 'role': {
      if (target.asMember === true && (flags & MUTATES) === 0) {
        // R-ROLE-3: a membership that counts there is enough.
        if (target.organizationId === null || !reached.includes(target.organizationId)) return outcome(action, 'R-TENANT-1', false);
        const { disabledHere, counted } = memberships(ctx, target.organizationId);
        if (disabledHere) return outcome(action, 'R-ORG-1', false);
        return counted.length === 0 ? outcome(action, 'R-EXP-1', false) : outcome(action, 'R-ROLE-3', true);
      }
      const instance = { resource: 'role', id: target.roleId, ownerId: null };
      const verdict = explainAcross(ctx, target.organizationId === null ? reached : [target.organizationId], action, flags, instance, target.change);
      if (verdict?.allowed === true && target.protected && (flags & ROLE_EDIT) !== 0) return outcome(action, 'R-PROT-1', false, verdict);
      return fromVerdict(action, verdict);
    }
    case 'policy': {
      const instance = { resource: 'policy', id: target.policyId, ownerId: null };
      return fromVerdict(action, explainAcross(ctx, target.organizationId === null ? reached : [target.organizationId], action, flags, instance, target.change));
    }
  }
}

/**
 * Why `decide(actor, action, target)` answers what it does. The actor must have been compiled with
 * `{ provenance: true }` (a programming error otherwise, hence the throw). Throws too if the two
 * derivations ever disagree, rather than explain something that did not happen.
 */
export function explain(actor: Actor, action: string, target: Target, options: CompileOptions): Explanation {
  const provenance = actor.provenance;
  if (provenance === undefined) throw new TypeError('explain: compile the actor with { provenance: true }');
  const table = actionTableOf(options.catalog);
  const flags = table.get(action);
  const ctx: Context = { options, facts: provenance.facts, now: provenance.now, disabled: disabledOrganizations(provenance.facts), actor };
  const explanation = flags === undefined ? outcome(action, 'R-PERM-1', false) : explainTarget(ctx, action, flags, target);
  const decision = decideWith(actor, action, target, table);
  if (decision.allowed !== explanation.allowed || decision.rule !== explanation.rule) {
    throw new Error(`explain: ${action} is ${decision.rule} (${decision.allowed}) for decide but ${explanation.rule} (${explanation.allowed}) here`);
  }
  return explanation;
}

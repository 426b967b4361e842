import { buildActionTable } from './actions.ts';
import { compileActor, holdsAnywhere } from './actor.ts';
import type { ReservedPermissions } from './contribution.ts';
import type { PermissionOf } from './catalog.ts';
import { decideWith } from './decide.ts';
import { explain, type Explanation } from './explain.ts';
import { previewImpact, type HolderChange, type ImpactPreview, type PreviewInput } from './impact.ts';
import type { Actor, ActorFacts, Catalog, CompileInput, Decision, Target } from './types.ts';
import { accessibleWhere, type WhereMapping } from './where.ts';

export interface EngineOptions<C extends Catalog> {
  readonly catalog: C;
  readonly ownerHasAllPermissions: boolean;
  /** R-ROLE-2: permission → the keys of the only roles whose grants of it count (the preset's). */
  readonly reservedPermissions?: ReservedPermissions | undefined;
}

/** The engine bound to one catalog: actions are typed as that catalog's keys. */
export interface Engine<C extends Catalog> {
  readonly catalog: C;
  /**
   * Compiles a user's facts. Pass `now` whenever a membership may expire (R-EXP-1): without it such
   * memberships count as ended. `provenance: true` keeps the facts for `explain` (not for the hot path).
   */
  compile(facts: ActorFacts, input?: CompileInput): Actor;
  decide(actor: Actor, action: PermissionOf<C>, target: Target): Decision;
  /** The decision with its chain (membership → role → policy → grant) or the guard that denied; needs a `provenance` actor. */
  explain(actor: Actor, action: PermissionOf<C>, target: Target): Explanation;
  /** Who gains and who loses which permissions when holders' facts change, and the fingerprint of their facts before. */
  previewImpact(holders: readonly HolderChange[], input?: PreviewInput): ImpactPreview;
  accessibleWhere<W>(actor: Actor, action: PermissionOf<C>, mapping: WhereMapping<W>): { OR: W[] };
  holdsAnywhere(actor: Actor, permission: PermissionOf<C>): boolean;
}

export function createEngine<const C extends Catalog>(options: EngineOptions<C>): Engine<C> {
  const { catalog, ownerHasAllPermissions, reservedPermissions } = options;
  const compileOptions = { catalog, ownerHasAllPermissions, reservedPermissions };
  const table = buildActionTable(catalog);
  return Object.freeze({
    catalog,
    compile: (facts: ActorFacts, input?: CompileInput): Actor => compileActor(facts, compileOptions, input),
    decide: (actor: Actor, action: PermissionOf<C>, target: Target): Decision => decideWith(actor, action, target, table),
    explain: (actor: Actor, action: PermissionOf<C>, target: Target): Explanation => explain(actor, action, target, compileOptions),
    previewImpact: (holders: readonly HolderChange[], input?: PreviewInput): ImpactPreview => previewImpact(holders, compileOptions, input),
    accessibleWhere: <W>(actor: Actor, action: PermissionOf<C>, mapping: WhereMapping<W>): { OR: W[] } =>
      accessibleWhere(actor, action, mapping, catalog),
    holdsAnywhere: (actor: Actor, permission: PermissionOf<C>): boolean => holdsAnywhere(actor, permission),
  });
}

export { credentialActions, credentialActionsNeedingHolder, lastManagerActions } from './actions.ts';
export { compileActor, hasLiveMembership, holdsAnywhere, roleGrants, type CompileOptions } from './actor.ts';
export { reservedElsewhere, type ReservedPermissions } from './contribution.ts';
export {
  coreCatalog,
  extendCatalog,
  isPermission,
  resourceOf,
  type CoreCatalog,
  type CorePermission,
  type PermissionOf,
} from './catalog.ts';
export { decide, selfForbiddenActions, selfServiceActions, TRANSFER_OWNERSHIP } from './decide.ts';
export { dominates, firstUndominated, type Undominated } from './dominance.ts';
export { explain, type Explanation, type GrantChain, type MembershipRef, type SetAside } from './explain.ts';
export { accessRightsChanged, policyEdited, roleChanged, rolePoliciesChanged, type FactsChange } from './facts-change.ts';
export { factsDigest, fingerprintOf } from './fingerprint.ts';
export { previewImpact, type HolderChange, type ImpactPreview, type PermissionImpact, type PreviewInput } from './impact.ts';
export { allowedBy, deniedBy, ruleIds, ruleReasons } from './rules.ts';
export { accessibleWhere, type WhereMapping } from './where.ts';
export type * from './types.ts';

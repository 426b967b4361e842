// The role engine's vocabulary. Everything here is plain data: the engine never reads a
// database; services load these facts and hand them over.

/** How one permission in the catalog is described to people and to the guards. */
export interface PermissionSpec {
  readonly label: string;
  /** Resource or page the permission belongs to (`user`, `billing`, `page`…), for grouping in a picker. */
  readonly group: string;
  /** A mutation is denied to read-only roles (R-READ-1) and to non-owners on the owner (R-OWNER-1). */
  readonly mutates: boolean;
}

export type Catalog = Readonly<Record<string, PermissionSpec>>;

/** A grant may be narrowed: to records the actor owns, or to the instances in the membership's scope. */
export type GrantCondition = 'own' | 'scoped';

export interface Grant {
  readonly permission: string;
  readonly condition?: GrantCondition | undefined;
}

/** A resource-instance scope: `{ product: ['12', '40'] }` limits the membership to those products (R-SCOPE-1). */
export type ResourceScope = Readonly<Record<string, readonly string[]>>;

/** Where a role's grants come from, for explanations and impact previews; decisions never read it. */
export interface PolicyFacts {
  readonly id: string;
  readonly name: string;
  readonly grants: readonly Grant[];
}

/** What the engine needs to know about a role. `grants` is already resolved (legacy inline or union of policies). */
export interface RoleFacts {
  readonly id: string;
  readonly key: string;
  readonly protected: boolean;
  readonly uniquePerOrganization: boolean;
  readonly ownerOnly: boolean;
  readonly readOnly: boolean;
  readonly includesSubOrganizations: boolean;
  readonly grants: readonly Grant[];
  /**
   * Optional provenance: the policies the role carries, in order (absent or empty for a legacy role
   * with inline permissions). `grants` stays what decides; `explain` names the policy that gave a
   * grant, and `withPolicyGrants`/`withRolePolicies` recompute `grants` from these.
   */
  readonly policies?: readonly PolicyFacts[] | undefined;
}

export interface MembershipFacts {
  readonly organizationId: string;
  readonly role: RoleFacts;
  readonly isOwner: boolean;
  /** Permission keys switched off for this user within the role (R-ACC-1). */
  readonly disabledRights: readonly string[];
  readonly scope: ResourceScope | null;
  /**
   * R-EXP-1: the instant the membership (or the role assignment it carries: pass the earlier of the
   * two) ends. From then on it grants nothing, as if absent. Milliseconds since the epoch, or a Date.
   * Judged against the `now` given to compile; without a `now`, a membership with an end is treated
   * as already ended (fail closed).
   */
  readonly expiresAt?: Date | number | null | undefined;
}

/** Loader output: the user, their memberships, and for each organisation its descendants (for sub-organisation reach). */
export interface ActorFacts {
  readonly userId: string;
  readonly memberships: readonly MembershipFacts[];
  /** organisationId → every descendant organisation id (not including itself). Missing key = no descendants. */
  readonly descendants: ReadonlyMap<string, readonly string[]>;
  /**
   * R-ORG-1: the organisations, among those the memberships are in or reach, that are disabled or lie
   * under a disabled one. The engine also disables the descendants it knows of (through
   * `descendants`), but it cannot see ancestors: list a membership's organisation here when one of
   * its ancestors is disabled.
   */
  readonly disabledOrganizations?: ReadonlySet<string> | readonly string[] | undefined;
}

/** Per compilation: the clock (R-EXP-1) and whether to keep the facts for `explain`. */
export interface CompileInput {
  /** The current time, in milliseconds since the epoch or as a Date; required for memberships that expire. */
  readonly now?: Date | number | undefined;
  /** Keep the facts on the actor so that `explain` can name memberships, policies and grants. Off on the hot path. */
  readonly provenance?: boolean | undefined;
}

/** How a permission is held in one organisation, after merging every membership that reaches it. */
export interface HeldPermission {
  readonly unconditional: boolean;
  readonly own: boolean;
  readonly scoped: boolean;
  /**
   * The instances a `scoped` hold reaches, by resource: the union of the scopes of the memberships
   * that hold it scoped (two memberships reaching one organisation may be scoped differently).
   * Absent: the organisation's `scope` is used.
   */
  readonly scopeIds?: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

/** The actor's access to one organisation it reaches, directly or through a parent's membership. */
export interface OrganizationAccess {
  readonly organizationId: string;
  readonly held: ReadonlyMap<string, HeldPermission>;
  /** Permissions the role allows but that are switched off for this user (R-ACC-1), to name the rule on denial. */
  readonly switchedOff: ReadonlySet<string>;
  readonly isOwner: boolean;
  readonly readOnly: boolean;
  readonly scope: ResourceScope | null;
  /**
   * R-ORG-1: the organisation (or one above it) is disabled. `held` then keeps only what an
   * organisation manager reaching it from an enabled organisation may still do: see it and what is
   * in it, and enable it again.
   */
  readonly disabled?: boolean | undefined;
  /** R-ORG-1: for a disabled organisation, what `held` would be once it is enabled again (R-ESC-2 compares it). */
  readonly heldWhenEnabled?: ReadonlyMap<string, HeldPermission> | undefined;
  /** R-EXP-1: permissions that only ended memberships gave here, to name the rule on denial. */
  readonly expired?: ReadonlySet<string> | undefined;
  /** R-ROLE-3: false when only ended memberships reach it (absent in hand-built actors: counted). */
  readonly counted?: boolean | undefined;
}

/** What `compile(facts, { provenance: true })` keeps, so that `explain` can retrace a decision. */
export interface Provenance {
  readonly facts: ActorFacts;
  /** The clock the actor was compiled with (NaN when none was given). */
  readonly now: number;
}

/** A compiled actor: built once per request (or cached), then asked many questions. */
export interface Actor {
  readonly userId: string;
  readonly organizations: ReadonlyMap<string, OrganizationAccess>;
  /**
   * R-EXP-1: the earliest instant at which a membership still counted ends (Infinity when none
   * does). A cache must compile again from then on: the actor is right only before it.
   */
  readonly validUntil?: number | undefined;
  /** Only with `{ provenance: true }`: the facts, for `explain`. `decide` never reads it. */
  readonly provenance?: Provenance | undefined;
}

/** What the guards need to know about a change that grants something (a role, a policy, access rights). */
export interface ChangeFacts {
  /** Permissions the change would give someone (R-ESC-1). */
  readonly grants?: readonly Grant[];
  /** The role being assigned, when the action assigns one (R-UNIQ-1, ownerOnly). */
  readonly assignsRole?: Pick<RoleFacts, 'id' | 'uniquePerOrganization' | 'ownerOnly'>;
  /** Another member of the organisation already holds that unique role (R-UNIQ-1). */
  readonly uniqueRoleTaken?: boolean;
  /** The change removes the target's ability to manage users (R-LAST-1). */
  readonly demotesManager?: boolean;
}

export type Target =
  /** Organisation-level actions: invite into it, create users in it, manage it, read its audit trail. */
  | { readonly kind: 'organization'; readonly organizationId: string; readonly change?: ChangeFacts }
  /** A user, as seen through the organisations they belong to (one, when the action concerns one membership). */
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly organizationIds: readonly string[];
      readonly isOwner: boolean;
      /** The target is the last member able to manage users in one of those organisations (R-LAST-1). */
      readonly isLastManager?: boolean;
      readonly change?: ChangeFacts;
      /**
       * R-ESC-2: the target's own compiled access (`compile` of their facts, same clock). Acting on
       * another user's credentials or identity needs it; see `credentialActions` for which actions
       * are denied without it.
       */
      readonly holder?: Actor | undefined;
      /**
       * R-ESC-2: this `user.edit` changes who the user is (their e-mail or username), not only
       * personal fields; this `user.remove` deletes the account (it takes their last membership).
       */
      readonly touchesIdentity?: boolean | undefined;
    }
  | {
      readonly kind: 'role';
      readonly roleId: string;
      /** null for a built-in role, which every organisation sees. */
      readonly organizationId: string | null;
      readonly protected: boolean;
      readonly change?: ChangeFacts;
      /**
       * R-ROLE-3: a read of the member's view only (a role's name, description and what it permits,
       * and which one the caller holds) of the roles of `organizationId`: every member there may.
       * Ignored for mutations.
       */
      readonly asMember?: boolean | undefined;
    }
  | { readonly kind: 'policy'; readonly policyId: string; readonly organizationId: string | null; readonly change?: ChangeFacts }
  /** Any other record: the host's own models, products, tickets… */
  | {
      readonly kind: 'record';
      readonly resource: string;
      readonly id: string;
      readonly organizationId: string;
      readonly ownerId?: string | null;
    };

export type RuleId =
  | 'R-PERM-1'
  | 'R-OWNER-1'
  | 'R-OWNER-2'
  | 'R-SELF-1'
  | 'R-SELF-2'
  | 'R-ESC-1'
  | 'R-UNIQ-1'
  | 'R-PROT-1'
  | 'R-TENANT-1'
  | 'R-READ-1'
  | 'R-LAST-1'
  | 'R-SCOPE-1'
  | 'R-ACC-1'
  | 'R-ESC-2'
  | 'R-ORG-1'
  | 'R-EXP-1'
  | 'R-ROLE-2'
  | 'R-ROLE-3';

export interface Decision {
  readonly allowed: boolean;
  /** The rule that allowed (R-PERM-1, R-SELF-2…) or denied the action. */
  readonly rule: RuleId;
  readonly reason: string;
}

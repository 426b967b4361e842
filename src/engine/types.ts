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
}

export interface MembershipFacts {
  readonly organizationId: string;
  readonly role: RoleFacts;
  readonly isOwner: boolean;
  /** Permission keys switched off for this user within the role (R-ACC-1). */
  readonly disabledRights: readonly string[];
  readonly scope: ResourceScope | null;
}

/** Loader output: the user, their memberships, and for each organisation its descendants (for sub-organisation reach). */
export interface ActorFacts {
  readonly userId: string;
  readonly memberships: readonly MembershipFacts[];
  /** organisationId → every descendant organisation id (not including itself). Missing key = no descendants. */
  readonly descendants: ReadonlyMap<string, readonly string[]>;
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
}

/** A compiled actor: built once per request (or cached), then asked many questions. */
export interface Actor {
  readonly userId: string;
  readonly organizations: ReadonlyMap<string, OrganizationAccess>;
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
    }
  | {
      readonly kind: 'role';
      readonly roleId: string;
      /** null for a built-in role, which every organisation sees. */
      readonly organizationId: string | null;
      readonly protected: boolean;
      readonly change?: ChangeFacts;
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
  | 'R-ACC-1';

export interface Decision {
  readonly allowed: boolean;
  /** The rule that allowed (R-PERM-1, R-SELF-2…) or denied the action. */
  readonly rule: RuleId;
  readonly reason: string;
}

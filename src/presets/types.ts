import type { PermissionOf } from '../engine/catalog.ts';
import type { Catalog, GrantCondition } from '../engine/types.ts';

/** A grant as written in preset data; `P` is the preset catalog's keys, so a typo does not compile. */
export interface PresetGrant<P extends string = string> {
  readonly permission: P;
  readonly condition?: GrantCondition;
}

/** A bare key is an unconditional grant. */
export type PresetPermission<P extends string = string> = P | PresetGrant<P>;

export interface PresetRole<P extends string = string> {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly protected?: boolean;
  readonly uniquePerOrganization?: boolean;
  readonly ownerOnly?: boolean;
  readonly readOnly?: boolean;
  readonly includesSubOrganizations?: boolean;
  /** Inline grants: the legacy role's permissions, or for a policy-based role a policy of its own. */
  readonly permissions: readonly PresetPermission<P>[];
  /** Keys of the preset's policies that the role carries (seed 004). */
  readonly policies?: readonly string[];
  /** Seeded as a legacy role with inline permissions (to demonstrate migrate-to-policy) instead of policy-based. */
  readonly legacy?: boolean;
  /** Seeded per organisation as a custom role (kind CUSTOM) instead of a built-in one (seed 004's samples). */
  readonly custom?: boolean;
}

export interface PresetPolicy<P extends string = string> {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** At most 100 (seed 004). */
  readonly grants: readonly PresetPermission<P>[];
}

/** A toggle in the UI: a bundle of permission keys switched off and on together (R-ACC-1). */
export interface AccessRight<P extends string = string> {
  readonly key: string;
  readonly label: string;
  readonly permissions: readonly P[];
}

/** A preset's password policy (R-PWD-1): what it leaves out is Gatehouse's default. */
export interface PasswordPolicy {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly historySize?: number;
  /** For a password an administrator sets for someone else; what it leaves out is the main policy. */
  readonly onBehalf?: { readonly minLength?: number; readonly maxLength?: number };
}

export type PresetId = 'seed000' | 'seed001' | 'seed002' | 'seed003' | 'seed004' | 'host';

/**
 * A preset, generic over its permission keys rather than its catalog: `Preset<'a' | 'b'>` is then a
 * `Preset` (keys only ever appear in covariant positions), so services can take any preset.
 */
export interface Preset<P extends string = string> {
  readonly id: PresetId;
  readonly name: string;
  readonly description: string;
  /** Core + the seed's domain permissions, built with extendCatalog. */
  readonly catalog: Catalog;
  readonly roles: readonly PresetRole<P>[];
  readonly policies: readonly PresetPolicy<P>[];
  /** Role of the organisation's first user (the owner). */
  readonly ownerRoleKey: string;
  readonly ownerHasAllPermissions: boolean;
  /** Holding it makes one a "user manager" for R-LAST-1 (usually `user.editRole`). */
  readonly lastManagerPermission: P;
  readonly accessRights: readonly AccessRight<P>[];
  readonly passwordPolicy?: PasswordPolicy;
  /** Seed 000: every user has their own OTP. */
  readonly mfaRequired?: boolean;
  /** Seed 003: the inviter picks the invitee's access rights. */
  readonly inviteChoosesRights?: boolean;
  /**
   * Who may change a user's e-mail address (R-EMAIL-1): administrators (with user.edit, dominating
   * the user, R-ESC-2), or nobody — seed 001: "Email address is fixed". Default administrators.
   */
  readonly emailChangeableBy?: 'nobody' | 'administrators';
  /**
   * R-ROLE-2: permissions only some built-in roles may carry, as permission → those roles' keys
   * (seed 004: "Only the 'Administrator' has the authority to change the user roles"). No custom
   * role or organisation policy is given one, and the engine ignores any other role's grant of it.
   */
  readonly reservedPermissions?: Readonly<Partial<Record<P, readonly string[]>>>;
}

/** A preset that keeps its catalog's type, so `createEngine({ catalog: preset.catalog })` types actions. */
export type PresetOf<C extends Catalog> = Omit<Preset<PermissionOf<C>>, 'catalog'> & { readonly catalog: C };

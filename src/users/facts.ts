// Loads what the role engine needs about a target user — the organisations of their memberships,
// ownership, roles — from the database, so that services build Targets from facts, never from input.
import type { GatehouseContext } from '../context.ts';
import type { Target } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import type { Principal } from '../authz/principal.ts';
import { type Db, type RoleRow, roleWithGrants } from './roles.ts';

export const userWithMemberships = {
  memberships: { include: { role: { include: roleWithGrants } }, orderBy: { createdAt: 'asc' } },
} as const;

export interface MembershipRow {
  readonly id: string;
  readonly organizationId: string;
  readonly roleId: string;
  readonly isOwner: boolean | null;
  readonly uniqueRoleId: string | null;
  readonly disabledRights: string;
  /** R-EXP-1: when the membership ends; NULL = it does not. */
  readonly expiresAt: Date | null;
  readonly role: RoleRow;
}

export interface TargetUser {
  readonly id: string;
  readonly status: 'ACTIVE' | 'DISABLED' | 'INVITED';
  readonly disabledUntil: Date | null;
  readonly lockedUntil: Date | null;
  readonly passwordHash: string | null;
  readonly memberships: readonly MembershipRow[];
}

export async function loadTargetUser(db: Db, userId: string): Promise<TargetUser> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, status: true, disabledUntil: true, lockedUntil: true, passwordHash: true, ...userWithMemberships },
  });
  if (!user) throw notFound('user');
  return user;
}

export function organizationIdsOf(user: TargetUser): string[] {
  return user.memberships.map((membership) => membership.organizationId);
}

export function ownsAnything(user: TargetUser): boolean {
  return user.memberships.some((membership) => membership.isOwner === true);
}

export function membershipIn(user: TargetUser, organizationId: string): MembershipRow | undefined {
  return user.memberships.find((membership) => membership.organizationId === organizationId);
}

/** The target as the engine sees it through all of its organisations. */
export function userTarget(user: TargetUser, extra: { isLastManager?: boolean } = {}): Target {
  return { kind: 'user', userId: user.id, organizationIds: organizationIdsOf(user), isOwner: ownsAnything(user), ...extra };
}

/** The organisation an audit event about this user is filed under: the first one the actor reaches. */
export function auditOrganization(who: Principal, user: TargetUser): string | null {
  const ids = organizationIdsOf(user);
  return ids.find((id) => who.actor.organizations.has(id)) ?? ids[0] ?? null;
}

/** Throws 404 unless the user exists and the actor may see them (R-TENANT-1, R-SELF-2). */
export function canView(ctx: GatehouseContext, who: Principal, user: TargetUser): boolean {
  return ctx.engine.decide(who.actor, 'user.view', userTarget(user)).allowed;
}

// R-LAST-1: "the last user able to manage users in an organisation cannot be disabled, locked or
// demoted". A manager is an active, unlocked member holding the preset's lastManagerPermission in
// the organisation — directly, or through an ancestor whose role reaches sub-organisations.
import type { GatehouseContext } from '../context.ts';
import { ancestorsOf } from '../organizations/tree.ts';
import type { TargetUser } from './facts.ts';
import { hasEndedAt, liveAt } from './membership-end.ts';
import { type Db, managesUsers, roleWithGrants } from './roles.ts';

/** Whether anyone but `userId` manages users in `organizationId`. */
async function otherManagerExists(ctx: GatehouseContext, db: Db, organizationId: string, userId: string): Promise<boolean> {
  const now = ctx.config.now();
  const ancestors = await ancestorsOf(db, organizationId);
  const candidates = await db.membership.findMany({
    where: {
      userId: { not: userId },
      OR: [{ organizationId }, ...(ancestors.length > 0 ? [{ organizationId: { in: ancestors }, role: { includesSubOrganizations: true } }] : [])],
      user: { status: 'ACTIVE', OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      // R-EXP-1: a manager whose membership has ended manages nothing.
      AND: [liveAt(now)],
    },
    select: { isOwner: true, disabledRights: true, role: { include: roleWithGrants } },
  });
  return candidates.some((membership) => managesUsers(ctx, membership));
}

/**
 * The organisations (among `organizationIds`, default all of the user's) where the user manages
 * users and nobody else does. Empty when the user manages nowhere.
 */
export async function lastManagerIn(ctx: GatehouseContext, db: Db, user: TargetUser, organizationIds?: readonly string[]): Promise<string[]> {
  const last: string[] = [];
  const now = ctx.config.now();
  for (const membership of user.memberships) {
    if (organizationIds && !organizationIds.includes(membership.organizationId)) continue;
    if (!managesUsers(ctx, membership) || hasEndedAt(membership, now)) continue;
    if (!(await otherManagerExists(ctx, db, membership.organizationId, user.id))) last.push(membership.organizationId);
  }
  return last;
}

// Lock / unlock and disable / enable: two separate states (R-STATE-1). Locking and disabling take
// the user's access away, so they are refused on oneself (R-SELF-1), on the owner (R-OWNER-1) and
// on the last user able to manage users (R-LAST-1); unlocking resets the failed-attempt counter
// (R-LOCK-1). Every change bumps the user's accessVersion: it takes effect on their next request.
import { bumpAccess } from '../authz/access-version.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { auditOrganization, loadTargetUser, organizationIdsOf, type TargetUser, userTarget } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { lastManagerIn } from './last-manager.ts';
import { userView } from './read-user.ts';
import type { Db } from './roles.ts';
import type { UserView } from './serialize.ts';

/** An administrator's lock has no natural end: it lasts until someone unlocks. */
export const INDEFINITE_LOCK = new Date('9999-12-31T00:00:00Z');

type Transition = 'lock' | 'unlock' | 'disable' | 'enable';

const transitions: Record<Transition, { action: 'user.lock' | 'user.disable'; takesAccess: boolean }> = {
  lock: { action: 'user.lock', takesAccess: true },
  unlock: { action: 'user.lock', takesAccess: false },
  disable: { action: 'user.disable', takesAccess: true },
  enable: { action: 'user.disable', takesAccess: false },
};

function isLocked(user: TargetUser, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

/** Refuses a transition that changes nothing, so that every audited event is a real change. */
function assertApplicable(transition: Transition, user: TargetUser, now: Date): void {
  const problem =
    transition === 'lock' && isLocked(user, now) ? 'The user is already locked'
    : transition === 'unlock' && !isLocked(user, now) ? 'The user is not locked'
    : transition === 'disable' && user.status === 'DISABLED' ? 'The user is already disabled'
    : transition === 'enable' && user.status !== 'DISABLED' ? 'The user is not disabled'
    : null;
  if (problem) throw new GatehouseError('CONFLICT', problem);
}

async function changeState(ctx: GatehouseContext, who: Principal, userId: string, transition: Transition): Promise<UserView> {
  const { action, takesAccess } = transitions[transition];
  await runGuardedChange(ctx, who, {
    action,
    async load(db: Db) {
      const user = await loadTargetUser(db, userId);
      // R-LAST-1 is only about taking access away; unlocking or enabling a manager is always fine.
      const lastIn = takesAccess ? await lastManagerIn(ctx, db, user) : [];
      return { user, lastIn };
    },
    checks: ({ user, lastIn }) => [
      {
        action,
        target: userTarget(user, { isLastManager: lastIn.length > 0 }),
        subject: { targetType: 'user', targetId: userId, organizationId: auditOrganization(who, user), details: { transition } },
      },
    ],
    organizations: ({ user }) => organizationIdsOf(user),
    async apply(tx, { user }) {
      const now = ctx.config.now();
      assertApplicable(transition, user, now);
      const data =
        transition === 'lock' ? { lockedUntil: INDEFINITE_LOCK, lockedById: who.userId }
        : transition === 'unlock' ? { lockedUntil: null, lockedById: null, failedAttempts: 0 }
        : transition === 'disable' ? { status: 'DISABLED' as const }
        // A user disabled before setting a password goes back to waiting for their invitation.
        : { status: user.passwordHash === null ? ('INVITED' as const) : ('ACTIVE' as const) };
      await tx.user.update({ where: { id: userId }, data });
      await bumpAccess(tx, { id: userId });
    },
  });
  return userView(ctx, ctx.prisma, who, userId);
}

export const lockUser = (ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> => changeState(ctx, who, userId, 'lock');
export const unlockUser = (ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> => changeState(ctx, who, userId, 'unlock');
export const disableUser = (ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> => changeState(ctx, who, userId, 'disable');
export const enableUser = (ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> => changeState(ctx, who, userId, 'enable');

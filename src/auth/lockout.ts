// Failed-attempt counting and locking (R-LOCK-1). Counting is a compare-and-set on the user row:
// an attempt is counted only against the exact count it read, and only while the account is not
// locked, so concurrent attempts, on one app instance or many, count exactly, the lock is set
// exactly once, and attempts that lose the race to the lock are answered "locked" like later ones.
import type { GatehouseContext } from '../context.ts';

export interface LockState {
  readonly lockedUntil: Date | null;
}

export function isLocked(user: LockState, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

/** An expired lock is cleared, with its counter, before the next attempt is judged. */
export async function clearExpiredLock(ctx: GatehouseContext, userId: string, lockedUntil: Date): Promise<void> {
  await ctx.prisma.user.updateMany({
    where: { id: userId, lockedUntil },
    data: { lockedUntil: null, lockedById: null, failedAttempts: 0 },
  });
}

export interface FailedAttemptResult {
  /** This attempt is the one that locked the account. */
  readonly locked: boolean;
  /** The account was already locked when this attempt was counted: answer 423, count nothing. */
  readonly alreadyLocked: boolean;
  readonly attempts: number;
}

const MAX_ROUNDS = 1_000;

export async function recordFailedAttempt(ctx: GatehouseContext, userId: string): Promise<FailedAttemptResult> {
  const { maxAttempts, lockMs } = ctx.config.lockout;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const now = ctx.config.now();
    const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { failedAttempts: true, lockedUntil: true } });
    if (!user) return { locked: false, alreadyLocked: false, attempts: 0 };
    if (isLocked(user, now)) return { locked: false, alreadyLocked: true, attempts: user.failedAttempts };
    // A lock that has run out starts a fresh count.
    const attempts = (user.lockedUntil ? 0 : user.failedAttempts) + 1;
    const locks = attempts >= maxAttempts;
    const { count } = await ctx.prisma.user.updateMany({
      where: { id: userId, failedAttempts: user.failedAttempts, lockedUntil: user.lockedUntil },
      data: {
        failedAttempts: attempts,
        ...(locks
          ? { lockedUntil: new Date(now.getTime() + lockMs), lockedById: null, accessVersion: { increment: 1 } }
          : user.lockedUntil
            ? { lockedUntil: null, lockedById: null }
            : {}),
      },
    });
    if (count === 1) return { locked: locks, alreadyLocked: false, attempts };
    // Someone else counted first: read again and retry against the new value.
  }
  throw new Error('recordFailedAttempt: too much contention on one account');
}

/** No user has this id (ids are cuids). */
const NOBODY = '~nobody';

/**
 * The database work of counting a failed attempt, on a row that cannot exist: an unknown account
 * costs the same two statements as a known one with a wrong password, so the answer's timing does
 * not tell which accounts exist (R-AUTH-1).
 */
export async function countNobody(ctx: GatehouseContext): Promise<void> {
  await ctx.prisma.user.findUnique({ where: { id: NOBODY }, select: { failedAttempts: true, lockedUntil: true } });
  await ctx.prisma.user.updateMany({ where: { id: NOBODY, failedAttempts: 0, lockedUntil: null }, data: { failedAttempts: 1 } });
}

export async function resetFailedAttempts(ctx: GatehouseContext, userId: string): Promise<void> {
  await ctx.prisma.user.updateMany({ where: { id: userId, failedAttempts: { not: 0 } }, data: { failedAttempts: 0 } });
}

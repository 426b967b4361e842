// Failed-attempt counting and locking (R-LOCK-1), done with atomic updates in the database so that
// concurrent attempts, on one app instance or many, count exactly and lock exactly once.
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

/**
 * Counts one failed attempt. Returns true if this attempt is the one that locked the account:
 * the increment is atomic, and only one conditional update can move lockedUntil from empty to set.
 */
export async function recordFailedAttempt(ctx: GatehouseContext, userId: string): Promise<{ locked: boolean; attempts: number }> {
  const now = ctx.config.now();
  const { failedAttempts } = await ctx.prisma.user.update({
    where: { id: userId },
    data: { failedAttempts: { increment: 1 } },
    select: { failedAttempts: true },
  });
  if (failedAttempts < ctx.config.lockout.maxAttempts) return { locked: false, attempts: failedAttempts };
  const { count } = await ctx.prisma.user.updateMany({
    where: { id: userId, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { lockedUntil: new Date(now.getTime() + ctx.config.lockout.lockMs), lockedById: null, accessVersion: { increment: 1 } },
  });
  return { locked: count === 1, attempts: failedAttempts };
}

export async function resetFailedAttempts(ctx: GatehouseContext, userId: string): Promise<void> {
  await ctx.prisma.user.updateMany({ where: { id: userId, failedAttempts: { not: 0 } }, data: { failedAttempts: 0 } });
}

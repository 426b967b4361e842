// Failed-attempt counting and locking (R-LOCK-1, R-LOCK-2). A typed password reserves its attempt
// on the user row *before* its hash is checked (reserveAttempt): the reservation is one atomic
// update that succeeds only while the account is unlocked and has attempts left, so however many
// attempts arrive at once, on one instance or many, at most `maxAttempts` hashes are checked per
// lock window. A wrong password keeps its reservation and locks the account once the attempts are
// spent; a right one hands it back. Wrong second-factor codes are counted after the fact
// (recordFailedAttempt), by a compare-and-set on the same counter.
import { recordAudit } from '../audit/log.ts';
import { noticeAutomaticLock } from '../organizations/notices.ts';
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

export type Reservation =
  | { readonly reserved: true }
  /** No attempt is left: the account is locked (maybe by this very attempt) until `lockedUntil`. */
  | { readonly reserved: false; readonly lockedUntil: Date | null };

/** No user has this id (ids are cuids). */
const NOBODY = '~nobody';

/** Takes one of the account's attempts for a password about to be checked. */
export async function reserveAttempt(ctx: GatehouseContext, userId: string, ip: string): Promise<Reservation> {
  const { maxAttempts } = ctx.config.lockout;
  for (let round = 0; round < 3; round += 1) {
    const { count } = await ctx.prisma.user.updateMany({
      where: { id: userId, lockedUntil: null, failedAttempts: { lt: maxAttempts } },
      data: { failedAttempts: { increment: 1 } },
    });
    if (count === 1) return { reserved: true };
    const now = ctx.config.now();
    const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { failedAttempts: true, lockedUntil: true } });
    if (!user) return { reserved: false, lockedUntil: null };
    if (user.lockedUntil && !isLocked(user, now)) {
      await clearExpiredLock(ctx, userId, user.lockedUntil);
      continue;
    }
    if (isLocked(user, now)) return { reserved: false, lockedUntil: user.lockedUntil };
    // Every attempt is taken by attempts still being checked (or lost with a crashed process):
    // one more is one too many, and the lock it sets runs out like any other.
    await lockIfSpent(ctx, userId, ip);
    const locked = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
    return { reserved: false, lockedUntil: locked?.lockedUntil ?? null };
  }
  return { reserved: false, lockedUntil: null };
}

/** A wrong password keeps its reservation; once the attempts are spent, the account locks, once. */
export async function lockIfSpent(ctx: GatehouseContext, userId: string, ip: string): Promise<void> {
  const { maxAttempts, lockMs } = ctx.config.lockout;
  const now = ctx.config.now();
  const { count } = await ctx.prisma.user.updateMany({
    where: { id: userId, lockedUntil: null, failedAttempts: { gte: maxAttempts } },
    data: { lockedUntil: new Date(now.getTime() + lockMs), lockedById: null, accessVersion: { increment: 1 } },
  });
  if (count === 1 && userId !== NOBODY) await recordAutomaticLock(ctx, userId, ip);
}

/** The one attempt that locked the account audits the lock and tells the user's organisations (R-NOTIFY-1). */
export async function recordAutomaticLock(ctx: GatehouseContext, userId: string, ip: string): Promise<void> {
  await recordAudit(ctx.prisma, { actorId: null, action: 'user.lock', outcome: 'ALLOWED', ip, targetType: 'user', targetId: userId, details: { reason: 'failed sign-in attempts' }, at: ctx.config.now() });
  await noticeAutomaticLock(ctx, userId);
}

/**
 * A right password hands its reservation back. Answers the lock when the account was locked
 * meanwhile (by the wrong attempts checked beside it), for the sign-in to be refused like any
 * attempt on a locked account; null otherwise.
 */
export async function releaseAttempt(ctx: GatehouseContext, userId: string): Promise<{ readonly lockedUntil: Date | null } | null> {
  const { count } = await ctx.prisma.user.updateMany({
    where: { id: userId, lockedUntil: null, failedAttempts: { gt: 0 } },
    data: { failedAttempts: { decrement: 1 } },
  });
  if (count === 1) return null;
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
  return user && isLocked(user, ctx.config.now()) ? { lockedUntil: user.lockedUntil } : null;
}

/**
 * The statements of a wrong password's reservation and settlement, on a row that cannot exist: an
 * unknown account costs the same statements as a known one with a wrong password, so the answer's
 * timing does not tell which accounts exist (R-AUTH-1).
 */
export async function countNobody(ctx: GatehouseContext, ip: string): Promise<void> {
  await ctx.prisma.user.updateMany({ where: { id: NOBODY, lockedUntil: null, failedAttempts: { lt: ctx.config.lockout.maxAttempts } }, data: { failedAttempts: { increment: 1 } } });
  await lockIfSpent(ctx, NOBODY, ip);
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

export async function resetFailedAttempts(ctx: GatehouseContext, userId: string): Promise<void> {
  await ctx.prisma.user.updateMany({ where: { id: userId, failedAttempts: { not: 0 } }, data: { failedAttempts: 0 } });
}

// The password step of sign-in (R-AUTH-1, R-LOCK-1, R-STATE-1, R-IP-1) and its completion, shared
// by the panel's login page and POST /api/v1/auth/login.
import type { Request } from 'express';
import { recordAudit } from '../audit/log.ts';
import { loadActorFacts } from '../authz/load-actor.ts';
import { hasEnded, hasLiveMembership } from '../engine/actor.ts';
import { recordEndedAccess } from '../access-expiry/sweep.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { statusAt } from '../users/disabled.ts';
import { establishSession } from './establish-session.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { countNobody, isLocked, lockIfSpent, recordAutomaticLock, recordFailedAttempt, releaseAttempt, reserveAttempt, resetFailedAttempts } from './lockout.ts';

export type SecondFactorMethod = 'TOTP' | 'EMAIL';

export interface PasswordStepResult {
  readonly userId: string;
  /** The second factor still to pass, or to enrol first (R-MFA-3), or null when signed in. */
  readonly secondFactor: { readonly method: SecondFactorMethod; readonly enrol: boolean } | null;
}

export function normalizeIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/** A lock further away than this was set by an administrator: it ends only when someone unlocks. */
const ADMINISTRATOR_LOCK_MS = 366 * 24 * 3_600_000;

/** How long the wait is, in words, as the sign-in page tells it (seed: "wait for the period shown"). */
export function lockedMessage(lockedUntil: Date | null, now: Date): string {
  const left = lockedUntil ? lockedUntil.getTime() - now.getTime() : null;
  if (left === null || left <= 0) return 'The account is locked; try again later or ask an administrator to unlock it';
  if (left > ADMINISTRATOR_LOCK_MS) return 'The account is locked until an administrator unlocks it';
  const minutes = Math.ceil(left / 60_000);
  const wait = minutes < 120 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  return `The account is locked; try again in ${wait}, or ask an administrator to unlock it`;
}

export function lockedError(lockedUntil: Date | null, now: Date): GatehouseError {
  return new GatehouseError('ACCOUNT_LOCKED', lockedMessage(lockedUntil, now), {
    ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}),
  });
}

/** Counts a wrong second-factor code after the fact, and audits the lock it may cause. */
export async function countFailure(ctx: GatehouseContext, userId: string, ip: string): Promise<void> {
  const { locked, alreadyLocked } = await recordFailedAttempt(ctx, userId);
  if (locked) await recordAutomaticLock(ctx, userId, ip);
  if (alreadyLocked) {
    // This attempt lost the race to the lock: it is answered as if it had come a moment later.
    const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
    throw lockedError(user?.lockedUntil ?? null, ctx.config.now());
  }
}

/**
 * One typed password against an account (R-LOCK-2): its attempt is reserved first, then the hash
 * is checked, then the attempt is settled. `refuseRight` is asked only when the password is right:
 * a sign-in refused for another reason settles as a wrong password, so that the answer cannot tell
 * whether the password was right.
 */
export async function checkTypedPassword(
  ctx: GatehouseContext,
  user: { readonly id: string; readonly passwordHash: string },
  password: string,
  ip: string,
  refuseRight: () => boolean | Promise<boolean> = () => false,
): Promise<boolean> {
  const reservation = await reserveAttempt(ctx, user.id, ip);
  if (!reservation.reserved) throw lockedError(reservation.lockedUntil, ctx.config.now());
  const right = await ctx.passwords.check(user.passwordHash, password);
  if (right && !(await refuseRight())) {
    const locked = await releaseAttempt(ctx, user.id);
    if (locked) throw lockedError(locked.lockedUntil, ctx.config.now());
    return true;
  }
  await lockIfSpent(ctx, user.id, ip);
  return false;
}

/** R-ORG-1, R-EXP-1: every membership the user has is in a disabled organisation or has ended: nothing to sign into. */
async function signsIntoNothing(ctx: GatehouseContext, userId: string): Promise<'organization-disabled' | 'access-ended' | null> {
  const facts = await loadActorFacts(ctx.reads, userId);
  const now = ctx.config.now();
  if (facts.memberships.length === 0 || hasLiveMembership(facts, now)) return null;
  return facts.memberships.some((membership) => hasEnded(membership, now.getTime())) ? 'access-ended' : 'organization-disabled';
}

/** R-IP-1, R-STATE-1: what refuses a sign-in before anything about the credential is known. */
function addressOrStateRefusal(user: { readonly ipAllowlist: string; readonly status: 'ACTIVE' | 'DISABLED' | 'INVITED'; readonly disabledUntil: Date | null }, ip: string, now: Date): 'ip-allowlist' | 'disabled' | null {
  return !ipAllowed(parseStringList(user.ipAllowlist), ip) ? 'ip-allowlist' : statusAt(user, now) !== 'ACTIVE' ? 'disabled' : null;
}

/**
 * Every refusal of a sign-in whose credential was right, by any means (a password here, a passkey
 * in src/passkeys/): the address, the account's state, and nothing left to sign into.
 */
export async function signInRefusal(ctx: GatehouseContext, user: Parameters<typeof addressOrStateRefusal>[0] & { readonly id: string }, ip: string): Promise<string | null> {
  return addressOrStateRefusal(user, ip, ctx.config.now()) ?? (await signsIntoNothing(ctx, user.id));
}

export async function passwordStep(ctx: GatehouseContext, identifier: string, password: string, ip: string): Promise<PasswordStepResult> {
  const key = normalizeIdentifier(identifier);
  const user = key ? await ctx.prisma.user.findFirst({ where: { OR: [{ email: key }, { username: key }] } }) : null;
  const fail = async (userId: string | null, outcome: 'FAILED' | 'DENIED' = 'FAILED', reason?: string) => {
    await recordAudit(ctx.prisma, { actorId: userId, action: 'auth.signIn', outcome, ip, targetType: 'user', targetId: userId, ...(reason ? { details: { reason } } : {}), at: ctx.config.now() });
    return new GatehouseError('INVALID_CREDENTIALS');
  };

  if (!user || !user.passwordHash) {
    // Same work, same answer as a wrong password: no way to tell which accounts exist.
    await ctx.passwords.burn(password);
    await countNobody(ctx, ip);
    throw await fail(user?.id ?? null);
  }

  // Locked: answered without looking at the password at all.
  if (isLocked(user, ctx.config.now())) throw lockedError(user.lockedUntil, ctx.config.now());

  // R-EXP-2: an attempt on an account whose access has ended records that end in the audit trail at
  // once, not at the next sweep — whatever the password, so that the work done says nothing of it.
  await recordEndedAccess(ctx, { userId: user.id });

  // An address outside the allowlist, or a disabled account, is refused before the password counts,
  // with the answer and the work of a wrong password (R-IP-1, R-STATE-1): a different answer would
  // confirm the password to whoever tried it.
  // An organisation that was disabled, or access that has ended, leaves nothing to sign into
  // (R-ORG-1, R-EXP-1), told alike.
  let refusal: string | null = addressOrStateRefusal(user, ip, ctx.config.now());
  const right = await checkTypedPassword(ctx, { id: user.id, passwordHash: user.passwordHash }, password, ip, async () => {
    refusal ??= await signsIntoNothing(ctx, user.id);
    return refusal !== null;
  });
  if (refusal) throw await fail(user.id, 'DENIED', refusal);
  if (!right) throw await fail(user.id);

  // The failure counter is reset only when the whole sign-in succeeds (completeSignIn): a correct
  // password must not wipe the count of wrong second-factor codes.
  const method = user.mfaMethod === 'NONE' ? (ctx.preset.mfaRequired ? 'TOTP' : null) : user.mfaMethod;
  if (method) return { userId: user.id, secondFactor: { method, enrol: !user.mfaEnrolled || user.mfaMethod === 'NONE' } };
  return { userId: user.id, secondFactor: null };
}

/** Records a completed sign-in; `details` say how, when it was not the password (a passkey). */
export async function completeSignIn(ctx: GatehouseContext, userId: string, ip: string, details?: Readonly<Record<string, unknown>>): Promise<void> {
  const now = ctx.config.now();
  await resetFailedAttempts(ctx, userId);
  await ctx.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: now } });
  await recordAudit(ctx.prisma, { actorId: userId, action: 'auth.signIn', outcome: 'ALLOWED', ip, targetType: 'user', targetId: userId, ...(details ? { details } : {}), at: now });
}

export interface SignedIn {
  readonly status: 'signed-in';
  readonly userId: string;
  readonly csrfToken: string;
}

/** The last step of every sign-in path: a fresh session bound to the current password, then the record. */
export async function finishSignIn(ctx: GatehouseContext, req: Request, userId: string, ip: string, details?: Readonly<Record<string, unknown>>): Promise<SignedIn> {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  await establishSession(req, userId, ctx.config.now(), user?.passwordChangedAt ?? null);
  await completeSignIn(ctx, userId, ip, details);
  return { status: 'signed-in', userId, csrfToken: req.session.csrfToken ?? '' };
}

// The password step of sign-in (R-AUTH-1, R-LOCK-1, R-STATE-1, R-IP-1), shared by the panel's
// login page and POST /api/v1/auth/login.
import { recordAudit } from '../audit/log.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { clearExpiredLock, isLocked, recordFailedAttempt, resetFailedAttempts } from './lockout.ts';
import { DummyHash, verifyPassword } from './passwords.ts';

export interface PasswordStepResult {
  readonly userId: string;
  /** The second factor still to pass, or to enrol first (R-MFA-3), or null when signed in. */
  readonly secondFactor: { readonly method: 'TOTP' | 'EMAIL'; readonly enrol: boolean } | null;
}

const dummies = new WeakMap<GatehouseContext, DummyHash>();

export function normalizeIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

export async function passwordStep(ctx: GatehouseContext, identifier: string, password: string, ip: string): Promise<PasswordStepResult> {
  const key = normalizeIdentifier(identifier);
  const user = key ? await ctx.prisma.user.findFirst({ where: { OR: [{ email: key }, { username: key }] } }) : null;
  const fail = async (userId: string | null) => {
    await recordAudit(ctx.prisma, { actorId: userId, action: 'auth.signIn', outcome: 'FAILED', ip, targetType: 'user', targetId: userId, at: ctx.config.now() });
    return new GatehouseError('INVALID_CREDENTIALS');
  };

  if (!user || !user.passwordHash) {
    // Same work, same answer as a wrong password: no way to tell which accounts exist.
    let dummy = dummies.get(ctx);
    if (!dummy) dummies.set(ctx, (dummy = new DummyHash(ctx.config.passwordHashing)));
    await dummy.burn(password);
    throw await fail(user?.id ?? null);
  }

  let now = ctx.config.now();
  if (user.lockedUntil && !isLocked(user, now)) await clearExpiredLock(ctx, user.id, user.lockedUntil);
  else if (isLocked(user, now)) {
    // Locked: answered without looking at the password at all.
    throw new GatehouseError('ACCOUNT_LOCKED', 'The account is locked; try again later or ask an administrator to unlock it', {
      lockedUntil: user.lockedUntil?.toISOString(),
    });
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    const { locked } = await recordFailedAttempt(ctx, user.id);
    if (locked) {
      await recordAudit(ctx.prisma, { actorId: null, action: 'user.lock', outcome: 'ALLOWED', ip, targetType: 'user', targetId: user.id, details: { reason: 'failed sign-in attempts' }, at: ctx.config.now() });
    }
    throw await fail(user.id);
  }

  now = ctx.config.now();
  if (!ipAllowed(parseStringList(user.ipAllowlist), ip)) {
    await recordAudit(ctx.prisma, { actorId: user.id, action: 'auth.signIn', outcome: 'DENIED', ip, targetType: 'user', targetId: user.id, details: { reason: 'ip-allowlist' }, at: now });
    throw new GatehouseError('IP_NOT_ALLOWED');
  }
  if (user.status !== 'ACTIVE') {
    await recordAudit(ctx.prisma, { actorId: user.id, action: 'auth.signIn', outcome: 'DENIED', ip, targetType: 'user', targetId: user.id, details: { reason: 'disabled' }, at: now });
    throw new GatehouseError('ACCOUNT_DISABLED');
  }
  await resetFailedAttempts(ctx, user.id);

  const method = user.mfaMethod === 'NONE' ? (ctx.preset.mfaRequired ? 'TOTP' : null) : user.mfaMethod;
  if (method) return { userId: user.id, secondFactor: { method, enrol: !user.mfaEnrolled || user.mfaMethod === 'NONE' } };
  return { userId: user.id, secondFactor: null };
}

/** Records a completed sign-in. */
export async function completeSignIn(ctx: GatehouseContext, userId: string, ip: string): Promise<void> {
  const now = ctx.config.now();
  await ctx.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: now } });
  await recordAudit(ctx.prisma, { actorId: userId, action: 'auth.signIn', outcome: 'ALLOWED', ip, targetType: 'user', targetId: userId, at: now });
}

// What every operation on one's own account shares: the caller as the target (R-SELF-2 lets everyone
// act on their own profile, password and second factor, with or without any permission), and the
// re-authentication that security changes need.
import type { Check } from '../../authz/authorize.ts';
import { checkNewestEmailOtp, issueEmailOtp } from '../../auth/email-otp.ts';
import { useRecoveryCode } from '../../auth/recovery-codes.ts';
import { checkTypedPassword, countFailure } from '../../auth/sign-in.ts';
import { acceptTotpCode } from '../../auth/totp.ts';
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import type { Db } from '../../operations/operation.ts';
import { loadTargetUser, type TargetUser, userTarget } from '../../users/facts.ts';

export const loadSelf = (db: Db, userId: string): Promise<TargetUser> => loadTargetUser(db, userId);

export function selfCheck(action: string, user: TargetUser, details?: Readonly<Record<string, unknown>>): Check {
  return { action, target: userTarget(user), subject: { targetType: 'user', targetId: user.id, ...(details ? { details } : {}) } };
}

/**
 * Re-authentication for security changes: the same reserved, counted attempt as at sign-in
 * (R-LOCK-2), so a stolen session cannot guess the password faster than the sign-in page allows.
 */
export async function requireCurrentPassword(ctx: GatehouseContext, who: Principal, user: Pick<TargetUser, 'id' | 'passwordHash'>, password: string): Promise<void> {
  if (user.passwordHash && (await checkTypedPassword(ctx, { id: user.id, passwordHash: user.passwordHash }, password, who.ip))) return;
  throw new GatehouseError('WRONG_CURRENT_PASSWORD');
}

/**
 * The second half of re-authentication for handing an account over (ownership), by the caller's
 * second factor. With an authenticator: a current code (never one already used) or a recovery
 * code. With e-mail codes: asked without a code, one is mailed (R-MFA-2) and the request is
 * refused until it comes again with it. A wrong code counts towards the lock like a wrong password
 * (R-LOCK-1).
 */
export async function requireSecondFactorCode(ctx: GatehouseContext, who: Principal, user: SecondFactorOf & { readonly email: string }, code: string | undefined): Promise<void> {
  if (user.mfaMethod === 'EMAIL' && user.mfaEnrolled) return requireEmailedCode(ctx, who, user, code);
  return requireAuthenticatorCode(ctx, who, user, code);
}

async function requireEmailedCode(ctx: GatehouseContext, who: Principal, user: SecondFactorOf & { readonly email: string }, code: string | undefined): Promise<void> {
  if (code === undefined) {
    await issueEmailOtp(ctx, user, 'confirm', { throttle: true });
    throw new GatehouseError('INVALID_CODE', 'A code was e-mailed to you: send this again with the code', { codeSent: true });
  }
  const outcome = await checkNewestEmailOtp(ctx, user.id, 'confirm', code, { noneWaiting: 'No code is waiting: send this without a code to have one e-mailed' });
  if (outcome.ok) return;
  await countFailure(ctx, user.id, who.ip);
  throw new GatehouseError('INVALID_CODE', 'The code is not valid', { attemptsLeft: outcome.attemptsLeft });
}

async function requireAuthenticatorCode(ctx: GatehouseContext, who: Principal, user: SecondFactorOf, code: string | undefined): Promise<void> {
  if (user.mfaMethod !== 'TOTP' || !user.mfaEnrolled) return;
  if (code === undefined) throw new GatehouseError('INVALID_CODE', 'Give the code your authenticator app shows, or a recovery code');
  const passed = /^\d{6}$/.test(code) ? await acceptTotpCode(ctx, user.id, code) : await useRecoveryCode(ctx, user.id, code);
  if (passed) return;
  await countFailure(ctx, user.id, who.ip);
  throw new GatehouseError('INVALID_CODE');
}

export interface SecondFactorOf {
  readonly id: string;
  readonly mfaMethod: 'NONE' | 'TOTP' | 'EMAIL';
  readonly mfaEnrolled: boolean;
}

/** The audit details every account change carries: how the caller was signed in. */
export const via = (who: Principal): { via: Principal['via'] } => ({ via: who.via });

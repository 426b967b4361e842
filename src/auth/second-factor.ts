// The second step of sign-in (R-MFA-1, R-MFA-2, R-MFA-3), shared by POST /auth/mfa and the panel's
// code page. Between the password and the code the session holds only `pendingSignIn`, never a
// signed-in user. Every wrong code counts towards the account lock like a wrong password (R-LOCK-1).
import type { Request } from 'express';
import { recordAudit } from '../audit/log.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { statusAt } from '../users/disabled.ts';
import { checkEmailOtp, issueEmailOtp } from './email-otp.ts';
import { regenerate, save } from './establish-session.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { isLocked } from './lockout.ts';
import { issueRecoveryCodes, useRecoveryCode } from './recovery-codes.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { countFailure, lockedError, type SecondFactorMethod } from './sign-in.ts';
import { acceptTotpCode, describeEnrolment, matchTotpStep, newTotpSecret, sealTotpSecret, type TotpEnrolment } from './totp.ts';

/** Time allowed between the password and the code. */
export const PENDING_SIGN_IN_TTL_MS = 10 * 60_000;
/** Wrong TOTP or recovery codes allowed in one sign-in before it must start again. */
export const PENDING_MAX_ATTEMPTS = 5;

export interface SecondFactorChallenge {
  readonly status: 'second-factor-required';
  readonly method: SecondFactorMethod;
  /** The method must be set up now (R-MFA-3); for TOTP, `totp` carries the secret and QR code. */
  readonly enrol: boolean;
  readonly totp?: TotpEnrolment;
  /** Where an e-mail code went, partly masked. */
  readonly sentTo?: string;
}

export type SecondFactorInput = { readonly code: string } | { readonly recoveryCode: string };

export interface SecondFactorPassed {
  readonly userId: string;
  /** Only after a TOTP enrolment: shown once, never again. */
  readonly recoveryCodes?: readonly string[];
}

const pendingSecretBinding = (userId: string) => `pending-totp:${userId}`;

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`;
}

/** After a correct password: remembers the pending sign-in, sends the e-mail code or prepares enrolment. */
export async function beginSecondFactor(ctx: GatehouseContext, req: Request, userId: string, factor: { method: SecondFactorMethod; enrol: boolean }): Promise<SecondFactorChallenge> {
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
  // A new id for the half-signed-in state as well: whatever id the browser came with is dropped.
  await regenerate(req);
  const pending: NonNullable<Request['session']['pendingSignIn']> = { userId, method: factor.method, enrol: factor.enrol, startedAt: ctx.config.now().getTime(), attempts: 0 };
  if (factor.method === 'EMAIL') pending.challengeId = await issueEmailOtp(ctx, user, factor.enrol ? 'enrol' : 'sign-in');
  if (factor.method === 'TOTP' && factor.enrol) pending.totpSecret = sealSecret(ctx.config.encryptionKey, await newTotpSecret(), pendingSecretBinding(userId));
  req.session.pendingSignIn = pending;
  await save(req);
  return (await describePending(ctx, req))!;
}

/** What the code page shows for the sign-in in progress (the QR code again on reload), or null. */
export async function describePending(ctx: GatehouseContext, req: Request): Promise<SecondFactorChallenge | null> {
  const pending = req.session?.pendingSignIn;
  if (!pending || expired(ctx, pending.startedAt)) return null;
  const user = await ctx.prisma.user.findUnique({ where: { id: pending.userId }, select: { email: true } });
  if (!user) return null;
  const secret = pending.totpSecret ? openSecret(ctx.config.encryptionKey, pending.totpSecret, pendingSecretBinding(pending.userId)) : null;
  return {
    status: 'second-factor-required',
    method: pending.method,
    enrol: pending.enrol,
    ...(secret ? { totp: await describeEnrolment(ctx, secret, user.email) } : {}),
    ...(pending.method === 'EMAIL' ? { sentTo: maskEmail(user.email) } : {}),
  };
}

export async function resendEmailCode(ctx: GatehouseContext, req: Request): Promise<SecondFactorChallenge> {
  const pending = livePending(ctx, req);
  if (pending.method !== 'EMAIL') throw new GatehouseError('CONFLICT', 'This sign-in does not use e-mail codes');
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: pending.userId }, select: { id: true, email: true } });
  pending.challengeId = await issueEmailOtp(ctx, user, pending.enrol ? 'enrol' : 'sign-in', { throttle: true });
  await save(req);
  return (await describePending(ctx, req))!;
}

function expired(ctx: GatehouseContext, startedAt: number): boolean {
  return ctx.config.now().getTime() - startedAt > PENDING_SIGN_IN_TTL_MS;
}

function livePending(ctx: GatehouseContext, req: Request): PendingSignIn {
  const pending = req.session?.pendingSignIn;
  if (!pending) throw new GatehouseError('NOT_SIGNED_IN', 'Start with the password: POST /auth/login');
  if (expired(ctx, pending.startedAt)) {
    delete req.session.pendingSignIn;
    throw new GatehouseError('SIGN_IN_EXPIRED');
  }
  return pending;
}

type PendingSignIn = NonNullable<Request['session']['pendingSignIn']>;

/**
 * The sign-in waiting for its second step, checked again as it is now (R-SESS-1): not expired, not
 * out of attempts, and the account still active, unlocked and reached from an allowed address.
 * Shared by every way of answering the step (a code here, a passkey in src/passkeys/).
 */
export async function livePendingSignIn(ctx: GatehouseContext, req: Request, ip: string): Promise<PendingSignIn> {
  const pending = livePending(ctx, req);
  if (pending.method !== 'EMAIL' && (pending.attempts ?? 0) >= PENDING_MAX_ATTEMPTS) {
    delete req.session.pendingSignIn;
    await save(req);
    throw new GatehouseError('SIGN_IN_EXPIRED', `Too many wrong codes (${PENDING_MAX_ATTEMPTS}); start again with the password`);
  }
  const user = await ctx.prisma.user.findUnique({ where: { id: pending.userId }, select: { status: true, disabledUntil: true, lockedUntil: true, ipAllowlist: true } });
  if (!user || statusAt(user, ctx.config.now()) !== 'ACTIVE') throw new GatehouseError('ACCOUNT_DISABLED');
  if (isLocked(user, ctx.config.now())) throw lockedError(user.lockedUntil, ctx.config.now());
  if (!ipAllowed(parseStringList(user.ipAllowlist), ip)) throw new GatehouseError('IP_NOT_ALLOWED');
  return pending;
}

/** A wrong answer to the second step: counted in this sign-in and towards the account lock (R-LOCK-1), audited. */
export async function failSecondFactor(ctx: GatehouseContext, req: Request, pending: PendingSignIn, ip: string, method: string, message?: string): Promise<never> {
  pending.attempts = (pending.attempts ?? 0) + 1;
  await save(req);
  await recordAudit(ctx.prisma, { actorId: pending.userId, action: 'auth.secondFactor', outcome: 'FAILED', ip, targetType: 'user', targetId: pending.userId, details: { method }, at: ctx.config.now() });
  await countFailure(ctx, pending.userId, ip);
  throw new GatehouseError('INVALID_CODE', message);
}

/** Checks the code (or recovery code, or enrolment code). Returns who passed; the caller finishes the sign-in. */
export async function completeSecondFactor(ctx: GatehouseContext, req: Request, input: SecondFactorInput, ip: string): Promise<SecondFactorPassed> {
  const pending = await livePendingSignIn(ctx, req, ip);
  const { userId } = pending;
  const passed = await check(ctx, pending, input);
  if (passed) {
    if (passed !== true) return { userId, recoveryCodes: passed };
    return { userId };
  }
  return failSecondFactor(ctx, req, pending, ip, pending.method);
}

/** true: passed; a list: passed by enrolling TOTP, with the new recovery codes; false: wrong code. */
async function check(ctx: GatehouseContext, pending: PendingSignIn, input: SecondFactorInput): Promise<boolean | string[]> {
  const { userId } = pending;
  if ('recoveryCode' in input) {
    if (pending.method !== 'TOTP' || pending.enrol) throw new GatehouseError('INVALID_INPUT', 'Recovery codes replace authenticator codes only');
    return useRecoveryCode(ctx, userId, input.recoveryCode);
  }
  const { code } = input;
  if (pending.method === 'EMAIL') {
    if (!pending.challengeId) throw new GatehouseError('TOKEN_INVALID', 'No code is waiting; request a new one');
    const outcome = await checkEmailOtp(ctx, userId, pending.challengeId, code);
    if (outcome.ok && pending.enrol) await ctx.prisma.user.update({ where: { id: userId }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true, totpSecret: null, totpLastStep: null } });
    return outcome.ok;
  }
  if (!pending.enrol) return acceptTotpCode(ctx, userId, code);

  const secret = pending.totpSecret ? openSecret(ctx.config.encryptionKey, pending.totpSecret, pendingSecretBinding(userId)) : null;
  if (!secret) throw new GatehouseError('SIGN_IN_EXPIRED');
  const step = await matchTotpStep(ctx, secret, code);
  if (step === null) return false;
  return enrolTotp(ctx, userId, secret, step);
}

/**
 * Makes a confirmed secret the user's authenticator: stored sealed, the confirming step already
 * consumed (so the enrolment code cannot be replayed to sign in), fresh recovery codes.
 */
export async function enrolTotp(ctx: GatehouseContext, userId: string, secret: string, confirmedStep: number): Promise<string[]> {
  return ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { mfaMethod: 'TOTP', mfaEnrolled: true, totpSecret: sealTotpSecret(ctx, userId, secret), totpLastStep: confirmedStep },
    });
    return issueRecoveryCodes(tx, userId);
  });
}

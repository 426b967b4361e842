// E-mail one-time codes (R-MFA-2): six digits, valid 10 minutes, at most 5 attempts, single use.
// Every check is a conditional update in the database, so the limits hold under concurrency and
// across app instances.
import { randomUUID } from 'node:crypto';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { signInCodeMessage } from '../mail/messages.ts';
import { keyedCodeHash, sameHex, sixDigitCode } from './one-time-codes.ts';

export const EMAIL_OTP_TTL_MS = 10 * 60_000;
export const EMAIL_OTP_MAX_ATTEMPTS = 5;

/** `confirm`: re-authenticating a change that needs the second factor (handing ownership over). */
export type EmailOtpPurpose = 'sign-in' | 'enrol' | 'confirm';

/** A new code at most this often per user: resending must not turn into a mail cannon. */
export const EMAIL_OTP_RESEND_INTERVAL_MS = 30_000;

export interface CreatedEmailOtp {
  readonly challengeId: string;
  readonly expiresAt: Date;
  /** For `mailer.deliver` after commit. */
  readonly outboxMessageId: string;
}

/**
 * A fresh code inside the caller's transaction: earlier open codes of the same purpose stop
 * working, the new one is stored keyed-hashed and its mail written to the outbox.
 */
export async function createEmailOtp(tx: Prisma.TransactionClient, ctx: GatehouseContext, user: { id: string; email: string }, purpose: EmailOtpPurpose): Promise<CreatedEmailOtp> {
  const now = ctx.config.now();
  const id = randomUUID();
  const code = sixDigitCode();
  const expiresAt = new Date(now.getTime() + EMAIL_OTP_TTL_MS);
  await tx.emailOtpChallenge.updateMany({ where: { userId: user.id, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.emailOtpChallenge.create({ data: { id, userId: user.id, purpose, createdAt: now, codeHash: keyedCodeHash(ctx.config.secret, id, code), expiresAt } });
  const outboxMessageId = await ctx.mailer.enqueue(tx, signInCodeMessage({ to: user.email, challengeId: id, productName: ctx.config.productName, code, validMinutes: EMAIL_OTP_TTL_MS / 60_000, purpose }));
  return { challengeId: id, expiresAt, outboxMessageId };
}

/** Sends a fresh code; earlier open codes of the same purpose stop working. Returns the challenge id. */
export async function issueEmailOtp(ctx: GatehouseContext, user: { id: string; email: string }, purpose: EmailOtpPurpose, options: { throttle?: boolean } = {}): Promise<string> {
  const now = ctx.config.now();
  // A password step always sends (it is slow and rate limited already); explicit resends are throttled.
  const recent = options.throttle && await ctx.prisma.emailOtpChallenge.findFirst({
    where: { userId: user.id, purpose, createdAt: { gt: new Date(now.getTime() - EMAIL_OTP_RESEND_INTERVAL_MS) } },
    select: { id: true },
  });
  if (recent) throw new GatehouseError('RATE_LIMITED', 'A code was sent moments ago; wait half a minute before asking for another');
  const created = await ctx.prisma.$transaction((tx) => createEmailOtp(tx, ctx, user, purpose));
  await ctx.mailer.deliver([created.outboxMessageId]);
  return created.challengeId;
}

export type EmailOtpOutcome = { readonly ok: true } | { readonly ok: false; readonly attemptsLeft: number };

/**
 * One attempt at a challenge. Throws TOKEN_INVALID (410) when the challenge is expired, used or out
 * of attempts; returns `{ ok: false }` for a wrong code, which the caller counts as a failed sign-in.
 */
export async function checkEmailOtp(ctx: GatehouseContext, userId: string, challengeId: string, code: string): Promise<EmailOtpOutcome> {
  const now = ctx.config.now();
  // Take one attempt first: only a live challenge with attempts left can be tried at all.
  const { count } = await ctx.prisma.emailOtpChallenge.updateMany({
    where: { id: challengeId, userId, usedAt: null, expiresAt: { gt: now }, attempts: { lt: EMAIL_OTP_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  const challenge = await ctx.prisma.emailOtpChallenge.findUnique({ where: { id: challengeId } });
  if (count === 0 || !challenge) throw deadChallenge(challenge, now);

  if (!/^\d{6}$/.test(code) || !sameHex(keyedCodeHash(ctx.config.secret, challengeId, code), challenge.codeHash)) {
    return { ok: false, attemptsLeft: Math.max(0, EMAIL_OTP_MAX_ATTEMPTS - challenge.attempts) };
  }
  const used = await ctx.prisma.emailOtpChallenge.updateMany({ where: { id: challengeId, usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) throw new GatehouseError('TOKEN_INVALID', 'This code has already been used; request a new one');
  return { ok: true };
}

/**
 * One attempt at the user's newest code of a purpose (or at the one named): the callers know only
 * what they asked for, not the challenge id. TOKEN_INVALID with `noneWaiting` when no code was sent.
 */
export async function checkNewestEmailOtp(
  ctx: GatehouseContext,
  userId: string,
  purpose: EmailOtpPurpose,
  code: string,
  options: { readonly challengeId?: string | undefined; readonly noneWaiting: string },
): Promise<EmailOtpOutcome> {
  const challenge = await ctx.prisma.emailOtpChallenge.findFirst({
    where: { userId, purpose, ...(options.challengeId ? { id: options.challengeId } : {}) },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (!challenge) throw new GatehouseError('TOKEN_INVALID', options.noneWaiting);
  return checkEmailOtp(ctx, userId, challenge.id, code);
}

function deadChallenge(challenge: { usedAt: Date | null; expiresAt: Date; attempts: number } | null, now: Date): GatehouseError {
  if (!challenge) return new GatehouseError('TOKEN_INVALID', 'No code is waiting; request a new one');
  if (challenge.usedAt) return new GatehouseError('TOKEN_INVALID', 'This code has already been used or replaced; request a new one');
  if (challenge.expiresAt.getTime() <= now.getTime()) return new GatehouseError('TOKEN_INVALID', 'This code has expired; request a new one');
  return new GatehouseError('TOKEN_INVALID', `Too many wrong attempts (${EMAIL_OTP_MAX_ATTEMPTS}); request a new code`);
}

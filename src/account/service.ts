// What a signed-in user does to their own account (R-SELF-2, R-PWD-1, R-PWD-2, R-MFA-1..2): every
// change goes through the engine (self-service is allowed there by R-SELF-2), is audited, and the
// security-relevant ones need the current password again.
import type { Request } from 'express';
import { recordAudit } from '../audit/log.ts';
import { establishSession } from '../auth/establish-session.ts';
import { assertPasswordAcceptable, storePassword } from '../auth/password-change.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { issueRecoveryCodes } from '../auth/recovery-codes.ts';
import { enrolTotp } from '../auth/second-factor.ts';
import { openSecret, sealSecret } from '../auth/secret-box.ts';
import { countFailure } from '../auth/sign-in.ts';
import { describeEnrolment, matchTotpStep, newTotpSecret, type TotpEnrolment } from '../auth/totp.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { forbidden, GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { nameSearchFields } from '../users/normalize.ts';
import { readOnlyFields } from './schema.ts';

/** A TOTP enrolment started from the account page must be confirmed within this time. */
export const ENROLMENT_TTL_MS = 10 * 60_000;

async function selfTarget(ctx: GatehouseContext, userId: string) {
  const memberships = await ctx.prisma.membership.findMany({ where: { userId }, select: { organizationId: true, isOwner: true } });
  return {
    kind: 'user' as const,
    userId,
    organizationIds: memberships.map((membership) => membership.organizationId),
    isOwner: memberships.some((membership) => membership.isOwner === true),
  };
}

async function allowSelf(ctx: GatehouseContext, who: Principal, action: string): Promise<void> {
  await authorize(ctx, who, action, await selfTarget(ctx, who.userId), { targetType: 'user', targetId: who.userId });
}

function audit(ctx: GatehouseContext, who: Principal, action: string, details: Record<string, unknown> = {}): Promise<void> {
  return recordAudit(ctx.prisma, { actorId: who.userId, action, outcome: 'ALLOWED', ip: who.ip, targetType: 'user', targetId: who.userId, details: { via: who.via, ...details }, at: ctx.config.now() });
}

/** Re-authentication for security changes; a wrong password counts towards the lock like at sign-in. */
async function requireCurrentPassword(ctx: GatehouseContext, who: Principal, password: string): Promise<void> {
  const user = await ctx.prisma.user.findUnique({ where: { id: who.userId }, select: { passwordHash: true } });
  if (user?.passwordHash && (await verifyPassword(user.passwordHash, password))) return;
  await countFailure(ctx, who.userId, who.ip);
  throw new GatehouseError('WRONG_CURRENT_PASSWORD');
}

function requireSession(who: Principal, req: Request): void {
  if (who.via !== 'session' || !req.session?.userId) throw new GatehouseError('SESSION_REQUIRED');
}

export interface ProfileChanges {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly phone?: string | null | undefined;
  readonly fax?: string | null | undefined;
  readonly address?: string | null | undefined;
  readonly postalAddress?: string | null | undefined;
}

export async function updateOwnProfile(ctx: GatehouseContext, who: Principal, body: ProfileChanges & Record<string, unknown>): Promise<void> {
  const refused = readOnlyFields.filter((field) => body[field] !== undefined);
  if (refused.length > 0) {
    await recordAudit(ctx.prisma, { actorId: who.userId, action: 'user.edit', outcome: 'DENIED', rule: 'R-SELF-2', ip: who.ip, targetType: 'user', targetId: who.userId, details: { fields: refused }, at: ctx.config.now() });
    throw forbidden('R-SELF-2', `${refused.join(', ')} cannot be changed on your own profile`);
  }
  await allowSelf(ctx, who, 'user.edit');
  const data: ProfileChanges = {};
  for (const field of ['firstName', 'lastName', 'phone', 'fax', 'address', 'postalAddress'] as const) {
    if (body[field] !== undefined) (data as Record<string, unknown>)[field] = body[field] === '' && field !== 'firstName' && field !== 'lastName' ? null : body[field];
  }
  if (Object.keys(data).length === 0) return;
  await ctx.prisma.user.update({ where: { id: who.userId }, data: { ...data, ...nameSearchFields(data) } });
  await audit(ctx, who, 'user.edit', { fields: Object.keys(data) });
}

/** R-PWD-2 and R-PWD-1. The caller's own session is re-bound to the new password; others end. */
export async function changeOwnPassword(ctx: GatehouseContext, who: Principal, req: Request, currentPassword: string, newPassword: string): Promise<{ csrfToken?: string }> {
  await allowSelf(ctx, who, 'user.setPassword');
  await requireCurrentPassword(ctx, who, currentPassword);
  await assertPasswordAcceptable(ctx, who.userId, newPassword);
  const changedAt = await storePassword(ctx, who.userId, newPassword);
  await audit(ctx, who, 'user.setPassword', { self: true });
  if (who.via !== 'session') return {};
  await establishSession(req, who.userId, ctx.config.now(), changedAt);
  return { csrfToken: req.session.csrfToken ?? '' };
}

const enrolmentBinding = (userId: string) => `account-totp:${userId}`;

/** Starts a TOTP enrolment: the secret waits, sealed, in the session until a code confirms it. */
export async function startTotpEnrolment(ctx: GatehouseContext, who: Principal, req: Request, currentPassword: string): Promise<TotpEnrolment> {
  requireSession(who, req);
  await allowSelf(ctx, who, 'user.setMfa');
  await requireCurrentPassword(ctx, who, currentPassword);
  const user = await ctx.prisma.user.findUnique({ where: { id: who.userId }, select: { email: true } });
  if (!user) throw notFound('user');
  const secret = newTotpSecret();
  req.session.totpEnrolment = { secret: sealSecret(ctx.config.encryptionKey, secret, enrolmentBinding(who.userId)), startedAt: ctx.config.now().getTime() };
  return describeEnrolment(ctx, secret, user.email);
}

export async function confirmTotpEnrolment(ctx: GatehouseContext, who: Principal, req: Request, code: string): Promise<{ recoveryCodes: string[] }> {
  requireSession(who, req);
  await allowSelf(ctx, who, 'user.setMfa');
  const pending = req.session.totpEnrolment;
  const secret = pending && ctx.config.now().getTime() - pending.startedAt <= ENROLMENT_TTL_MS ? openSecret(ctx.config.encryptionKey, pending.secret, enrolmentBinding(who.userId)) : null;
  if (!secret) throw new GatehouseError('CONFLICT', 'No TOTP enrolment is waiting; start one with POST /me/mfa/totp');
  const step = await matchTotpStep(ctx, secret, code);
  if (step === null) throw new GatehouseError('INVALID_CODE', 'The code does not match; check the time on the device and try the next code');
  const recoveryCodes = await enrolTotp(ctx, who.userId, secret, step);
  delete req.session.totpEnrolment;
  await audit(ctx, who, 'user.setMfa', { method: 'TOTP' });
  return { recoveryCodes };
}

export async function switchToEmailOtp(ctx: GatehouseContext, who: Principal, currentPassword: string): Promise<void> {
  await allowSelf(ctx, who, 'user.setMfa');
  await requireCurrentPassword(ctx, who, currentPassword);
  await ctx.prisma.$transaction([
    ctx.prisma.user.update({ where: { id: who.userId }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true, totpSecret: null, totpLastStep: null } }),
    ctx.prisma.recoveryCode.deleteMany({ where: { userId: who.userId } }),
  ]);
  await audit(ctx, who, 'user.setMfa', { method: 'EMAIL' });
}

export async function turnOffMfa(ctx: GatehouseContext, who: Principal, currentPassword: string): Promise<void> {
  await allowSelf(ctx, who, 'user.setMfa');
  if (ctx.preset.mfaRequired) throw new GatehouseError('FORBIDDEN', 'A second factor is required for every account here');
  await requireCurrentPassword(ctx, who, currentPassword);
  await ctx.prisma.$transaction([
    ctx.prisma.user.update({ where: { id: who.userId }, data: { mfaMethod: 'NONE', mfaEnrolled: false, totpSecret: null, totpLastStep: null } }),
    ctx.prisma.recoveryCode.deleteMany({ where: { userId: who.userId } }),
  ]);
  await audit(ctx, who, 'user.setMfa', { method: 'NONE' });
}

export async function regenerateRecoveryCodes(ctx: GatehouseContext, who: Principal, currentPassword: string): Promise<{ recoveryCodes: string[] }> {
  await allowSelf(ctx, who, 'user.setMfa');
  await requireCurrentPassword(ctx, who, currentPassword);
  const user = await ctx.prisma.user.findUnique({ where: { id: who.userId }, select: { mfaMethod: true, mfaEnrolled: true } });
  if (user?.mfaMethod !== 'TOTP' || !user.mfaEnrolled) throw new GatehouseError('CONFLICT', 'Recovery codes come with an authenticator app (TOTP)');
  const recoveryCodes = await issueRecoveryCodes(ctx.prisma, who.userId);
  await audit(ctx, who, 'user.setMfa', { recoveryCodesRegenerated: true });
  return { recoveryCodes };
}

/** Answers are compared case- and space-insensitively, so they are hashed in that form. */
export function normalizeSecurityAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, ' ');
}

export async function setSecurityQuestion(ctx: GatehouseContext, who: Principal, input: { currentPassword: string; question: string; answer: string }): Promise<void> {
  await allowSelf(ctx, who, 'user.edit');
  await requireCurrentPassword(ctx, who, input.currentPassword);
  const securityAnswerHash = await hashPassword(normalizeSecurityAnswer(input.answer), ctx.config.passwordHashing);
  await ctx.prisma.user.update({ where: { id: who.userId }, data: { securityQuestion: input.question, securityAnswerHash } });
  await audit(ctx, who, 'user.setSecurityQuestion');
}

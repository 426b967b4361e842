// Enrolling an authenticator app (R-MFA-1): the secret waits, sealed, in the session until a valid
// code confirms it; only then is it stored (encrypted) and ten recovery codes issued, shown once.
import { z } from 'zod';
import { issueRecoveryCodes } from '../../auth/recovery-codes.ts';
import { sealTotpSecret } from '../../auth/totp.ts';
import { openSecret, sealSecret } from '../../auth/secret-box.ts';
import { describeEnrolment, matchTotpStep, newTotpSecret, type TotpEnrolment } from '../../auth/totp.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { confirmTotpBody, reauthBody } from '../schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from './self.ts';

/** A TOTP enrolment started from the account page must be confirmed within this time. */
export const ENROLMENT_TTL_MS = 10 * 60_000;

const enrolmentBinding = (userId: string) => `account-totp:${userId}`;
const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()).describe('Shown once; store them somewhere safe') });

export const startTotpEnrolment = defineOperation({
  key: 'account.startTotp',
  permission: 'user.setMfa',
  label: 'Set up an authenticator app',
  summary: 'Start enrolling an authenticator app: the secret, its otpauth URI and a QR code (R-MFA-1)',
  rules: ['R-MFA-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  needs: 'session',
  input: reauthBody,
  rest: { method: 'post', path: '/me/mfa/totp', tag: 'account', response: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) },
  panel: { resource: 'User', name: 'startTotp', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'Scan the code with your authenticator app, then enter the code it shows' },
  // Nothing stored changes until the code confirms it.
  audit: false,
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setMfa', user)],
  async prepare(user, { ctx, who, input }) {
    await requireCurrentPassword(ctx, who, user, input.currentPassword);
    return newTotpSecret();
  },
  // Nothing is stored yet: the secret is sealed into the session, where only this session can confirm it.
  async apply(_tx, _user, { ctx, who, req, prepared: secret }) {
    req!.session.totpEnrolment = { secret: sealSecret(ctx.config.encryptionKey, secret, enrolmentBinding(who.userId)), startedAt: ctx.config.now().getTime() };
    return secret;
  },
  view: async (secret, { ctx, who }): Promise<TotpEnrolment> => {
    const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: who.userId }, select: { email: true } });
    return describeEnrolment(ctx, secret, user.email);
  },
});

export const confirmTotpEnrolment = defineOperation({
  key: 'account.confirmTotp',
  permission: 'user.setMfa',
  label: 'Confirm the authenticator app',
  summary: 'Confirm the enrolment with a code from the app; answers the recovery codes, once (R-MFA-1)',
  rules: ['R-MFA-1', 'R-SELF-2'],
  self: true,
  needs: 'session',
  input: confirmTotpBody,
  rest: { method: 'post', path: '/me/mfa/totp/confirm', tag: 'account', response: recoveryCodes, errors: [409] },
  panel: {
    resource: 'User',
    name: 'confirmTotp',
    kind: 'record',
    view: 'form',
    hiddenFromMenu: true,
    returns: true,
    done: () => 'Your authenticator app is set up',
    shows: (result) => ({ title: 'Your recovery codes (shown once)', lines: (result as { recoveryCodes: string[] }).recoveryCodes }),
  },
  audit: { action: 'user.setMfa', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setMfa', user, { method: 'TOTP' })],
  async prepare(_user, { ctx, who, req, input }) {
    const pending = req!.session.totpEnrolment;
    const secret = pending && ctx.config.now().getTime() - pending.startedAt <= ENROLMENT_TTL_MS ? openSecret(ctx.config.encryptionKey, pending.secret, enrolmentBinding(who.userId)) : null;
    if (!secret) throw new GatehouseError('CONFLICT', 'No TOTP enrolment is waiting; start one with POST /me/mfa/totp');
    const step = await matchTotpStep(ctx, secret, input.code);
    if (step === null) throw new GatehouseError('INVALID_CODE', 'The code does not match; check the time on the device and try the next code');
    return { secret, step };
  },
  async apply(tx, _user, { ctx, who, prepared }) {
    await tx.user.update({
      where: { id: who.userId },
      data: { mfaMethod: 'TOTP', mfaEnrolled: true, totpSecret: sealTotpSecret(ctx, who.userId, prepared.secret), totpLastStep: prepared.step },
    });
    return issueRecoveryCodes(tx, who.userId);
  },
  auditDetails: (_user, _codes, { who }) => ({ ...via(who) }),
  async after(_codes, { req }) {
    delete req!.session.totpEnrolment;
  },
  view: (codes): { recoveryCodes: string[] } => ({ recoveryCodes: codes }),
});

export const regenerateRecoveryCodes = defineOperation({
  key: 'account.recoveryCodes',
  permission: 'user.setMfa',
  label: 'New recovery codes',
  summary: 'Replace your recovery codes with ten new ones (the old ones stop working)',
  rules: ['R-MFA-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: reauthBody,
  rest: { method: 'post', path: '/me/mfa/recovery-codes', tag: 'account', response: recoveryCodes, errors: [409] },
  panel: {
    resource: 'User',
    name: 'recoveryCodes',
    kind: 'record',
    view: 'form',
    hiddenFromMenu: true,
    returns: true,
    done: () => 'New recovery codes are issued; the old ones no longer work',
    shows: (result) => ({ title: 'Your recovery codes (shown once)', lines: (result as { recoveryCodes: string[] }).recoveryCodes }),
  },
  audit: { action: 'user.setMfa', targetType: 'user' },
  load: async (db, { who }) => ({ user: await loadSelf(db, who.userId), mfa: await db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { mfaMethod: true, mfaEnrolled: true } }) }),
  checks: ({ user }) => [selfCheck('user.setMfa', user)],
  refuse: ({ mfa }) => (mfa.mfaMethod !== 'TOTP' || !mfa.mfaEnrolled ? new GatehouseError('CONFLICT', 'Recovery codes come with an authenticator app (TOTP)') : null),
  async prepare({ user }, { ctx, who, input }) {
    await requireCurrentPassword(ctx, who, user, input.currentPassword);
  },
  apply: (tx, _facts, { who }) => issueRecoveryCodes(tx, who.userId),
  auditDetails: (_facts, _codes, { who }) => ({ ...via(who), recoveryCodesRegenerated: true }),
  view: (codes): { recoveryCodes: string[] } => ({ recoveryCodes: codes }),
});

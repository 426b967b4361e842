// Choosing one's own second factor by e-mail, or turning it off (R-MFA-2, R-SELF-2). Both need the
// current password; turning it off is refused where the configuration requires a second factor.
// E-mail codes are set up in two steps, as seed 002 asks: the password sends a code to the
// registered address (nothing about the factor changes yet), and only that code, within its 10
// minutes and 5 attempts, switches the factor on.
import { z } from 'zod';
import { checkNewestEmailOtp, createEmailOtp, type CreatedEmailOtp, EMAIL_OTP_TTL_MS } from '../../auth/email-otp.ts';
import { maskEmail } from '../../auth/second-factor.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { confirmEmailOtpBody, reauthBody } from '../schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from './self.ts';

const clearedSecret = { totpSecret: null, totpLastStep: null } as const;

const sentCode = z.object({
  challengeId: z.string().describe('Send it back with the code, or leave it out for the newest code'),
  expiresAt: z.string().describe('The code works until then (10 minutes), at most 5 attempts, once'),
  validSeconds: z.number().int().describe('The same, as seconds from now: for a countdown'),
  sentTo: z.string().describe('Where the code went, partly masked'),
});

export type SentEmailCode = z.infer<typeof sentCode>;

export const switchToEmailOtp = defineOperation({
  key: 'account.emailOtp',
  permission: 'user.setMfa',
  label: 'Use codes by e-mail',
  summary: 'Start using e-mail codes as your second factor: sends a code to your address; POST /me/mfa/email/confirm with it switches them on (R-MFA-2)',
  rules: ['R-MFA-2', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: reauthBody,
  rest: { method: 'post', path: '/me/mfa/email', tag: 'account', response: sentCode },
  panel: {
    resource: 'User',
    name: 'emailOtp',
    kind: 'record',
    view: 'form',
    hiddenFromMenu: true,
    returns: true,
    then: 'stay',
    done: (result) => `A code was sent to ${(result as SentEmailCode).sentTo}; enter it to switch e-mail codes on`,
  },
  // Nothing about the factor changes until the code confirms it.
  audit: false,
  load: async (db, { who }) => ({ user: await loadSelf(db, who.userId), email: (await db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { email: true } })).email }),
  checks: ({ user }) => [selfCheck('user.setMfa', user, { method: 'EMAIL' })],
  prepare: ({ user }, { ctx, who, input }) => requireCurrentPassword(ctx, who, user, input.currentPassword),
  apply: (tx, { email }, { ctx, who }): Promise<CreatedEmailOtp & { email: string }> =>
    createEmailOtp(tx, ctx, { id: who.userId, email }, 'enrol').then((created) => ({ ...created, email })),
  async after(created, { ctx }) {
    await ctx.mailer.deliver([created.outboxMessageId]);
  },
  view: (created): SentEmailCode => ({
    challengeId: created.challengeId,
    expiresAt: created.expiresAt.toISOString(),
    validSeconds: EMAIL_OTP_TTL_MS / 1000,
    sentTo: maskEmail(created.email),
  }),
});

export const confirmEmailOtp = defineOperation({
  key: 'account.confirmEmailOtp',
  permission: 'user.setMfa',
  label: 'Confirm codes by e-mail',
  summary: 'Switch e-mail codes on with the code POST /me/mfa/email sent: six digits, 10 minutes, 5 attempts, once (R-MFA-2)',
  rules: ['R-MFA-2', 'R-SELF-2'],
  self: true,
  input: confirmEmailOtpBody,
  rest: { method: 'post', path: '/me/mfa/email/confirm', status: 204, tag: 'account', errors: [410] },
  panel: { resource: 'User', name: 'confirmEmailOtp', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'Sign-in codes now come by e-mail' },
  audit: { action: 'user.setMfa', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setMfa', user, { method: 'EMAIL' })],
  // The attempt is counted before the transaction, so that a wrong code costs one whatever follows.
  async prepare(_user, { ctx, who, input }) {
    const outcome = await checkNewestEmailOtp(ctx, who.userId, 'enrol', input.code, {
      challengeId: input.challengeId,
      noneWaiting: 'No code is waiting; ask for one with POST /me/mfa/email',
    });
    if (!outcome.ok) {
      throw new GatehouseError('INVALID_CODE', outcome.attemptsLeft > 0 ? `The code does not match; ${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? '' : 's'} left` : 'The code does not match, and no attempts are left; ask for a new code', {
        attemptsLeft: outcome.attemptsLeft,
      });
    }
  },
  async apply(tx, _user, { who }) {
    await tx.user.update({ where: { id: who.userId }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true, ...clearedSecret } });
    await tx.recoveryCode.deleteMany({ where: { userId: who.userId } });
  },
  auditDetails: (_user, _result, { who }) => via(who),
  view: () => undefined,
});

export const turnOffMfa = defineOperation({
  key: 'account.mfaOff',
  permission: 'user.setMfa',
  label: 'Turn the second factor off',
  summary: 'Turn your second factor off (refused when the configuration requires one)',
  rules: ['R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: reauthBody,
  rest: { method: 'delete', path: '/me/mfa', status: 204, tag: 'account' },
  panel: { resource: 'User', name: 'mfaOff', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'The second factor is off' },
  audit: { action: 'user.setMfa', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setMfa', user, { method: 'NONE' })],
  refuse: (_user, { ctx }) => (ctx.preset.mfaRequired ? new GatehouseError('FORBIDDEN', 'A second factor is required for every account here') : null),
  prepare: (user, { ctx, who, input }) => requireCurrentPassword(ctx, who, user, input.currentPassword),
  async apply(tx, _user, { who }) {
    await tx.user.update({ where: { id: who.userId }, data: { mfaMethod: 'NONE', mfaEnrolled: false, ...clearedSecret } });
    await tx.recoveryCode.deleteMany({ where: { userId: who.userId } });
  },
  auditDetails: (_user, _result, { who }) => via(who),
  view: () => undefined,
});

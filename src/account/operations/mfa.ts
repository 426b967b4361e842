// Choosing one's own second factor by e-mail, or turning it off (R-MFA-2, R-SELF-2). Both need the
// current password; turning it off is refused where the configuration requires a second factor.
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { reauthBody } from '../schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from './self.ts';

const clearedSecret = { totpSecret: null, totpLastStep: null } as const;

export const switchToEmailOtp = defineOperation({
  key: 'account.emailOtp',
  permission: 'user.setMfa',
  label: 'Use codes by e-mail',
  summary: 'Use e-mail codes as your second factor (R-MFA-2)',
  rules: ['R-MFA-2', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: reauthBody,
  rest: { method: 'post', path: '/me/mfa/email', status: 204, tag: 'account' },
  panel: { resource: 'User', name: 'emailOtp', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'Sign-in codes now come by e-mail' },
  audit: { action: 'user.setMfa', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setMfa', user, { method: 'EMAIL' })],
  prepare: (user, { ctx, who, input }) => requireCurrentPassword(ctx, who, user, input.currentPassword),
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

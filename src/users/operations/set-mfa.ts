// R-MFA-3: an administrator with user.setMfa switches another user's second factor to TOTP, e-mail
// or off; the user enrols the chosen method at their next sign-in, so whatever secret and recovery
// codes they had are cleared. The owner's second factor is the owner's alone (R-OWNER-1, by the engine).
import { z } from 'zod';
import { requireCurrentPassword } from '../../account/operations/self.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { passwordInput } from '../../http/inputs.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser } from '../facts.ts';
import { userView } from '../read-user.ts';
import type { UserView } from '../serialize.ts';
import { holderOf, userCheck } from './user-check.ts';

export const mfaMethods = ['NONE', 'TOTP', 'EMAIL'] as const;
export type MfaMethod = (typeof mfaMethods)[number];
export const setMfaBody = z.strictObject({
  method: z.enum(mfaMethods),
  currentPassword: passwordInput.optional().describe('Required when you change your own second factor (R-STEP-1)'),
});

const methodWords: Record<MfaMethod, string> = { NONE: 'Off', TOTP: 'Authenticator app (TOTP)', EMAIL: 'Code by e-mail' };

export const setUserMfa = defineOperation({
  key: 'user.setMfa',
  permission: 'user.setMfa',
  label: 'Second factor',
  summary: "Switch a user's second factor to TOTP, e-mail or off; they enrol at next sign-in (R-MFA-3, R-OWNER-1)",
  rules: ['R-MFA-3', 'R-MFA-4', 'R-ESC-2', 'R-STEP-1', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: setMfaBody,
  rest: { method: 'put', path: '/users/:id/mfa', tag: 'users' },
  panel: {
    resource: 'User',
    name: 'setMfa',
    kind: 'record',
    view: 'form',
    icon: 'Smartphone',
    form: ({ record, who, id }) => ({
      intro: 'The user sets the chosen method up at their next sign-in.',
      fields: {
        currentPassword: id === who.userId ? { label: 'Your current password', type: 'password' } : { hidden: true },
        method: {
          label: 'Second factor',
          type: 'select',
          options: mfaMethods.map((method) => ({ value: method, label: methodWords[method] })),
          value: String((record?.facts as { mfaMethod?: string } | null)?.mfaMethod ?? 'NONE'),
        },
      },
      submitLabel: 'Save',
    }),
    done: (user) => `The second factor of ${(user as UserView).email} is changed`,
  },
  audit: { targetType: 'user' },
  load: async (db, { ctx, who, id }) => ({ user: await loadTargetUser(db, id), holder: await holderOf(ctx, db, who, id) }),
  checks: ({ user, holder }, { who, input }) => [userCheck(who, 'user.setMfa', user, { holder, details: { method: input.method } })],
  // Where every account must have a second factor, nobody switches one off, not even for someone else (R-MFA-4).
  refuse: (_facts, { ctx, input }) =>
    ctx.preset.mfaRequired && input.method === 'NONE' ? new GatehouseError('FORBIDDEN', 'A second factor is required for every account here', { rule: 'R-MFA-4' }) : null,
  // Changing one's own second factor is a security change: it needs the current password (R-STEP-1).
  async prepare({ user }, { ctx, who, id, input }) {
    if (who.userId !== id) return;
    if (input.currentPassword === undefined) throw new GatehouseError('WRONG_CURRENT_PASSWORD', 'Changing your own second factor needs your current password');
    await requireCurrentPassword(ctx, who, user, input.currentPassword);
  },
  async apply(tx, _facts, { id, input }) {
    await tx.user.update({ where: { id }, data: { mfaMethod: input.method, mfaEnrolled: false, totpSecret: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: id } });
  },
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});

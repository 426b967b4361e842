// R-MFA-3: an administrator with user.setMfa switches another user's second factor to TOTP, e-mail
// or off; the user enrols the chosen method at their next sign-in, so whatever secret and recovery
// codes they had are cleared. The owner's second factor is the owner's alone (R-OWNER-1, by the engine).
import { z } from 'zod';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser } from '../facts.ts';
import { userView } from '../read-user.ts';
import type { UserView } from '../serialize.ts';
import { userCheck } from './user-check.ts';

export const mfaMethods = ['NONE', 'TOTP', 'EMAIL'] as const;
export type MfaMethod = (typeof mfaMethods)[number];
export const setMfaBody = z.strictObject({ method: z.enum(mfaMethods) });

const methodWords: Record<MfaMethod, string> = { NONE: 'Off', TOTP: 'Authenticator app (TOTP)', EMAIL: 'Code by e-mail' };

export const setUserMfa = defineOperation({
  key: 'user.setMfa',
  permission: 'user.setMfa',
  label: 'Second factor',
  summary: "Switch a user's second factor to TOTP, e-mail or off; they enrol at next sign-in (R-MFA-3, R-OWNER-1)",
  rules: ['R-MFA-3', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: setMfaBody,
  rest: { method: 'put', path: '/users/:id/mfa', tag: 'users' },
  panel: {
    resource: 'User',
    name: 'setMfa',
    kind: 'record',
    view: 'form',
    icon: 'Smartphone',
    form: ({ record }) => ({
      intro: 'The user sets the chosen method up at their next sign-in.',
      fields: {
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
  load: (db, { id }) => loadTargetUser(db, id),
  checks: (user, { who, input }) => [userCheck(who, 'user.setMfa', user, { details: { method: input.method } })],
  async apply(tx, _user, { id, input }) {
    await tx.user.update({ where: { id }, data: { mfaMethod: input.method, mfaEnrolled: false, totpSecret: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: id } });
  },
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});

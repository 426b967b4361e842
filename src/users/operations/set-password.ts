// "Set password" on someone's behalf (R-PWD-3): stores a new password directly, sends nothing, and
// is audited. Setting one's own here is R-SELF-2 self-service and needs the current password
// (R-PWD-2). The password policy and history apply either way (R-PWD-1).
import { z } from 'zod';
import { requireCurrentPassword } from '../../account/operations/self.ts';
import { assertNotRecentlyUsed, assertPasswordPolicy, describePolicy, hashNewPassword, policyFor, trimPasswordHistory } from '../../auth/password-policy.ts';
import { bumpAccess } from '../../authz/access-version.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { passwordInput } from '../../http/inputs.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser } from '../facts.ts';
import { userView } from '../read-user.ts';
import type { UserView } from '../serialize.ts';
import { holderOf, userCheck } from './user-check.ts';

export const setPasswordBody = z.strictObject({ password: passwordInput, currentPassword: passwordInput.optional().describe('Only when setting your own') });

export const setUserPassword = defineOperation({
  key: 'user.setPassword',
  permission: 'user.setPassword',
  label: 'Set password',
  summary: 'Set a password on behalf of a user; nothing is sent (R-PWD-3, R-PWD-1, R-OWNER-1)',
  rules: ['R-PWD-3', 'R-PWD-1', 'R-PWD-2', 'R-ESC-2', 'R-LOCK-1', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: setPasswordBody,
  rest: { method: 'put', path: '/users/:id/password', tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'setPassword',
    kind: 'record',
    view: 'form',
    icon: 'Lock',
    form: ({ ctx, who, id }) => ({
      intro: 'The new password works at once; nothing is sent to the user.',
      fields: {
        password: { label: 'New password', type: 'password', help: describePolicy(policyFor(ctx, who.userId === id ? 'own' : 'onBehalf')) },
        passwordConfirmation: { label: 'New password again', type: 'password', matches: 'password' },
        currentPassword: who.userId === id ? { label: 'Your current password', type: 'password' } : { hidden: true },
      },
      submitLabel: 'Set password',
    }),
    done: (user) => `The password of ${(user as UserView).email} is set`,
  },
  audit: { targetType: 'user' },
  load: async (db, { ctx, who, id }) => ({ user: await loadTargetUser(db, id), holder: await holderOf(ctx, db, who, id) }),
  checks: ({ user, holder }, { who, id }) => [userCheck(who, 'user.setPassword', user, { holder, details: { onBehalf: who.userId !== id } })],
  async prepare({ user }, { ctx, who, id, input }) {
    // Seed 002: a password set for someone else may have to be stronger than one chosen by the user.
    assertPasswordPolicy(ctx, input.password, who.userId === id ? 'own' : 'onBehalf');
    if (who.userId === id) {
      if (input.currentPassword === undefined) throw new GatehouseError('WRONG_CURRENT_PASSWORD', 'Changing your own password needs your current password');
      // A wrong current password counts towards the lock, as at sign-in (R-LOCK-1).
      await requireCurrentPassword(ctx, who, user, input.currentPassword);
    }
    return hashNewPassword(ctx, input.password);
  },
  async apply(tx, { user }, { ctx, id, input, prepared: hash }) {
    await assertNotRecentlyUsed(tx, ctx, id, input.password);
    const now = ctx.config.now();
    await tx.user.update({
      where: { id },
      // An invited user given a password by an administrator can sign in now (seed 002: "set a specific password").
      data: { passwordHash: hash, passwordChangedAt: now, ...(user.status === 'INVITED' ? { status: 'ACTIVE' } : {}) },
    });
    await tx.passwordHistory.create({ data: { userId: id, hash, createdAt: now } });
    await trimPasswordHistory(tx, ctx, id);
    await bumpAccess(tx, { id });
  },
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});

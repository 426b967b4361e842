// "Reset password" on someone's behalf (R-PWD-3): the current password stops working at once (its
// hash is removed and passwordChangedAt moves, which ends the user's sessions) and a single-use link
// goes out by e-mail. The owner's password is the owner's alone (R-OWNER-1, by the engine).
import { z } from 'zod';
import { bumpAccess } from '../../authz/access-version.ts';
import { defineOperation } from '../../operations/operation.ts';
import { issuePasswordReset } from '../../password-resets/issue.ts';
import { loadTargetUser } from '../facts.ts';
import { userView } from '../read-user.ts';
import type { UserView } from '../serialize.ts';
import { userCheck } from './user-check.ts';

export const resetUserPassword = defineOperation({
  key: 'user.resetPassword',
  permission: 'user.resetPassword',
  label: 'Reset password',
  summary: 'Invalidate the password now and e-mail a single-use reset link (R-PWD-3, R-OWNER-1)',
  rules: ['R-PWD-3', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({}),
  rest: { method: 'post', path: '/users/:id/reset-password', tag: 'users' },
  panel: {
    resource: 'User',
    name: 'resetPassword',
    kind: 'record',
    view: 'confirm',
    icon: 'Key',
    variant: 'danger',
    guard: 'Reset the password? The current one stops working at once and the user receives a link to set a new one.',
    done: (user) => `A password reset link was sent to ${(user as UserView).email}`,
  },
  audit: { targetType: 'user' },
  load: (db, { id }) => loadTargetUser(db, id),
  checks: (user, { who }) => [userCheck(who, 'user.resetPassword', user)],
  async apply(tx, _user, { ctx, who, id }) {
    await tx.user.update({ where: { id }, data: { passwordHash: null, passwordChangedAt: ctx.config.now() } });
    await bumpAccess(tx, { id });
    return issuePasswordReset(tx, ctx, { userId: id, requestedById: who.userId });
  },
  auditDetails: (_user, result) => ({ tokenId: result.tokenId }),
  async after(result, { ctx }) {
    await ctx.mailer.deliver([result.outboxMessageId]);
  },
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});

// Changing one's own password: the current one first (R-PWD-2), then the policy and history
// (R-PWD-1). The caller's own session continues under a new id; every other session ends (R-SESS-1).
import { z } from 'zod';
import { assertNotRecentlyUsed, assertPasswordPolicy, hashNewPassword, storePassword } from '../../auth/password-policy.ts';
import { establishSession } from '../../auth/establish-session.ts';
import { defineOperation } from '../../operations/operation.ts';
import { changePasswordBody } from '../schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from './self.ts';

export const changeOwnPassword = defineOperation({
  key: 'account.changePassword',
  permission: 'user.setPassword',
  label: 'Change my password',
  summary: 'Change your password: needs the current one (R-PWD-2), policy and history apply (R-PWD-1); your other sessions end',
  rules: ['R-PWD-2', 'R-PWD-1', 'R-SESS-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: changePasswordBody,
  rest: { method: 'post', path: '/me/password', tag: 'account', errors: [409], response: z.object({ csrfToken: z.string().optional().describe('This session continues under a new id and CSRF token') }) },
  panel: { resource: 'User', name: 'changeOwnPassword', kind: 'record', view: 'form', hiddenFromMenu: true, returns: true, done: () => 'Your password is changed; other sessions are signed out' },
  audit: { action: 'user.setPassword', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.setPassword', user)],
  async prepare(user, { ctx, who, input }) {
    await requireCurrentPassword(ctx, who, user, input.currentPassword);
    assertPasswordPolicy(ctx, input.newPassword);
    await assertNotRecentlyUsed(ctx.prisma, ctx, who.userId, input.newPassword);
    return hashNewPassword(ctx, input.newPassword);
  },
  async apply(tx, user, { ctx, who, prepared: hash }) {
    const previous = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordChangedAt: true } });
    // Sessions compare this value for equality: it must move even when two changes share a millisecond.
    const changedAt = new Date(Math.max(ctx.config.now().getTime(), (previous.passwordChangedAt?.getTime() ?? 0) + 1));
    await storePassword(tx, ctx, who.userId, hash, changedAt);
    await tx.user.update({ where: { id: who.userId }, data: { accessVersion: { increment: 1 } } });
    return changedAt;
  },
  auditDetails: (_user, _changedAt, { who }) => ({ ...via(who), self: true }),
  async after(changedAt, { ctx, who, req }) {
    if (who.via === 'session' && req) await establishSession(req, who.userId, ctx.config.now(), changedAt);
  },
  view: (_changedAt, { who, req }): { csrfToken?: string } => (who.via === 'session' && req ? { csrfToken: req.session.csrfToken ?? '' } : {}),
});

// Password actions on someone's behalf (R-PWD-3): "reset" invalidates the current password at once
// (its hash is removed and passwordChangedAt moves, which ends the user's sessions) and mails a
// single-use link; "set" stores a new password directly, sends nothing, and is audited. Both obey
// R-OWNER-1 through the engine. Setting one's own password here is R-SELF-2 self-service and needs
// the current password (R-PWD-2).
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { bumpAccess } from '../authz/access-version.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { issuePasswordReset } from '../password-resets/issue.ts';
import { auditOrganization, loadTargetUser, type TargetUser, userTarget } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { assertNotRecentlyUsed, assertPasswordPolicy, trimPasswordHistory } from './password-rules.ts';
import { userView } from './read-user.ts';
import type { UserView } from './serialize.ts';

export async function resetUserPassword(ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> {
  const { outboxMessageId } = await runGuardedChange(ctx, who, {
    action: 'user.resetPassword',
    load: (db) => loadTargetUser(db, userId),
    checks: (user: TargetUser) => [
      { action: 'user.resetPassword', target: userTarget(user), subject: { targetType: 'user', targetId: userId, organizationId: auditOrganization(who, user) } },
    ],
    organizations: () => [],
    async apply(tx) {
      await tx.user.update({ where: { id: userId }, data: { passwordHash: null, passwordChangedAt: ctx.config.now() } });
      await bumpAccess(tx, { id: userId });
      return issuePasswordReset(tx, ctx, { userId, requestedById: who.userId });
    },
    details: (_user, result) => ({ tokenId: result.tokenId }),
  });
  await ctx.mailer.deliver([outboxMessageId]);
  return userView(ctx, ctx.prisma, who, userId);
}

export interface SetPasswordInput {
  readonly password: string;
  /** Required when the actor sets their own password (R-PWD-2). */
  readonly currentPassword?: string | undefined;
}

export async function setUserPassword(ctx: GatehouseContext, who: Principal, userId: string, input: SetPasswordInput): Promise<UserView> {
  assertPasswordPolicy(ctx, input.password);
  const hash = await hashPassword(input.password, ctx.config.passwordHashing);
  await runGuardedChange(ctx, who, {
    action: 'user.setPassword',
    load: (db) => loadTargetUser(db, userId),
    checks: (user: TargetUser) => [
      { action: 'user.setPassword', target: userTarget(user), subject: { targetType: 'user', targetId: userId, organizationId: auditOrganization(who, user), details: { onBehalf: who.userId !== userId } } },
    ],
    organizations: () => [],
    async apply(tx, user) {
      if (who.userId === userId) {
        const ok = input.currentPassword !== undefined && user.passwordHash !== null && (await verifyPassword(user.passwordHash, input.currentPassword));
        if (!ok) throw new GatehouseError('INVALID_CREDENTIALS', 'Changing your own password needs your current password');
      }
      await assertNotRecentlyUsed(tx, ctx, userId, input.password);
      const now = ctx.config.now();
      await tx.user.update({
        where: { id: userId },
        // An invited user given a password by an administrator can sign in now (seed 002: "set a specific password").
        data: { passwordHash: hash, passwordChangedAt: now, ...(user.status === 'INVITED' ? { status: 'ACTIVE' } : {}) },
      });
      await tx.passwordHistory.create({ data: { userId, hash, createdAt: now } });
      await trimPasswordHistory(tx, userId, ctx.config.passwordPolicy.historySize);
      await bumpAccess(tx, { id: userId });
    },
  });
  return userView(ctx, ctx.prisma, who, userId);
}

// R-MFA-3: an administrator with user.setMfa switches another user's second factor to TOTP, e-mail
// or off; the user enrols the chosen method at their next sign-in, so whatever secret and recovery
// codes they had are cleared. The owner's MFA is the owner's alone (R-OWNER-1, by the engine).
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { auditOrganization, loadTargetUser, type TargetUser, userTarget } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { userView } from './read-user.ts';
import type { UserView } from './serialize.ts';

export type MfaMethod = 'NONE' | 'TOTP' | 'EMAIL';

export async function setUserMfa(ctx: GatehouseContext, who: Principal, userId: string, method: MfaMethod): Promise<UserView> {
  await runGuardedChange(ctx, who, {
    action: 'user.setMfa',
    load: (db) => loadTargetUser(db, userId),
    checks: (user: TargetUser) => [
      { action: 'user.setMfa', target: userTarget(user), subject: { targetType: 'user', targetId: userId, organizationId: auditOrganization(who, user), details: { method } } },
    ],
    organizations: () => [],
    async apply(tx) {
      await tx.user.update({ where: { id: userId }, data: { mfaMethod: method, mfaEnrolled: false, totpSecret: null, totpLastStep: null } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
    },
  });
  return userView(ctx, ctx.prisma, who, userId);
}

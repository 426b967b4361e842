// PATCH /users/:id: profile fields. Everyone edits their own personal fields (R-SELF-2) but not
// their username or e-mail; others need user.edit, and nobody but the owner edits the owner
// (R-OWNER-1) — both decided by the engine.
import { recordAudit } from '../audit/log.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { forbidden, GatehouseError } from '../errors/gatehouse-error.ts';
import { auditOrganization, loadTargetUser, type TargetUser, userTarget } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { emailViolation, usernameViolation } from './unique-violations.ts';
import { nameSearchFields, normalizeEmail, normalizeUsername } from './normalize.ts';
import { userView } from './read-user.ts';
import type { Db } from './roles.ts';
import type { UserView } from './serialize.ts';

export interface UserProfileInput {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly phone?: string | null | undefined;
  readonly fax?: string | null | undefined;
  readonly address?: string | null | undefined;
  readonly postalAddress?: string | null | undefined;
  /** Read-only to the user themself (R-SELF-2). */
  readonly username?: string | undefined;
  readonly email?: string | undefined;
}

/** Fails with 409 when another user has the e-mail or username (both stored lower-cased). */
export async function assertIdentityFree(db: Db, identity: { email?: string | undefined; username?: string | undefined }, exceptUserId?: string): Promise<void> {
  const not = exceptUserId ? { id: { not: exceptUserId } } : {};
  if (identity.email !== undefined && (await db.user.findFirst({ where: { email: identity.email, ...not }, select: { id: true } }))) {
    throw new GatehouseError('EMAIL_TAKEN');
  }
  if (identity.username !== undefined && (await db.user.findFirst({ where: { username: identity.username, ...not }, select: { id: true } }))) {
    throw new GatehouseError('USERNAME_TAKEN');
  }
}

export async function updateUserProfile(ctx: GatehouseContext, who: Principal, userId: string, input: UserProfileInput): Promise<UserView> {
  const email = input.email === undefined ? undefined : normalizeEmail(input.email);
  const username = input.username === undefined ? undefined : normalizeUsername(input.username);
  if (who.userId === userId && (email !== undefined || username !== undefined)) {
    const current = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { email: true, username: true } });
    if (current && ((email !== undefined && email !== current.email) || (username !== undefined && username !== current.username))) {
      const reason = 'Your username and e-mail address are read-only to you; ask an administrator to change them.';
      await recordAudit(ctx.prisma, { actorId: who.userId, action: 'user.edit', outcome: 'DENIED', rule: 'R-SELF-2', ip: who.ip, targetType: 'user', targetId: userId, details: { fields: ['username', 'email'] }, at: ctx.config.now() });
      throw forbidden('R-SELF-2', reason);
    }
  }
  const changed = Object.keys(input).filter((key) => input[key as keyof UserProfileInput] !== undefined);
  await runGuardedChange(ctx, who, {
    action: 'user.edit',
    load: (db) => loadTargetUser(db, userId),
    checks: (user: TargetUser) => [{ action: 'user.edit', target: userTarget(user), subject: { targetType: 'user', targetId: userId, organizationId: auditOrganization(who, user) } }],
    organizations: () => [],
    async apply(tx) {
      await assertIdentityFree(tx, { email, username }, userId);
      await tx.user.update({
        where: { id: userId },
        data: {
          ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
          ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
          ...nameSearchFields(input),
          ...(input.phone !== undefined ? { phone: input.phone } : {}),
          ...(input.fax !== undefined ? { fax: input.fax } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          ...(input.postalAddress !== undefined ? { postalAddress: input.postalAddress } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(username !== undefined ? { username } : {}),
        },
      });
    },
    details: () => ({ fields: changed }),
    uniqueViolations: [emailViolation, usernameViolation],
  });
  return userView(ctx, ctx.prisma, who, userId);
}

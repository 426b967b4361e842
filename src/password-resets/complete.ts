// POST /password-resets/complete (public; R-PWD-3, R-PWD-1, R-SESS-1): the link's token and a new
// password. The policy and the history are checked before anything is spent, so a refused password
// leaves the link usable; then one conditional update spends the token — of concurrent completions
// exactly one wins, the others answer 410. passwordChangedAt ends every older session.
import { recordAudit } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { hashToken } from '../tokens/token.ts';
import { assertNotRecentlyUsed, assertPasswordPolicy, hashNewPassword, storePassword } from '../auth/password-policy.ts';

const deadLink = () => new GatehouseError('TOKEN_INVALID', 'This password-reset link is invalid, used, replaced or expired');

/** What the reset page shows before asking for a password: the link is live, until when. */
export async function liveResetLink(ctx: GatehouseContext, token: string): Promise<{ expiresAt: Date }> {
  const row = await ctx.prisma.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true, expiresAt: true } });
  if (!row || row.usedAt !== null || row.expiresAt.getTime() <= ctx.config.now().getTime()) throw deadLink();
  return { expiresAt: row.expiresAt };
}

export async function completePasswordReset(ctx: GatehouseContext, input: { token: string; password: string }, ip: string): Promise<void> {
  const row = await ctx.prisma.passwordResetToken.findUnique({ where: { tokenHash: hashToken(input.token) }, select: { id: true, userId: true, usedAt: true, expiresAt: true } });
  if (!row || row.usedAt !== null || row.expiresAt.getTime() <= ctx.config.now().getTime()) throw deadLink();
  assertPasswordPolicy(ctx, input.password);
  await assertNotRecentlyUsed(ctx.prisma, ctx, row.userId, input.password);
  const passwordHash = await hashNewPassword(ctx, input.password);

  const now = ctx.config.now();
  await ctx.prisma.$transaction(async (tx) => {
    const spent = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count === 0) throw deadLink();
    // Any other link still in a mailbox dies with this one.
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await storePassword(tx, ctx, row.userId, passwordHash, now);
    // A set-your-password account (R-INV-3) that resets instead of accepting is complete now.
    await tx.user.updateMany({ where: { id: row.userId, status: 'INVITED' }, data: { status: 'ACTIVE' } });
    await recordAudit(tx, {
      actorId: row.userId,
      action: 'user.resetPassword.complete',
      outcome: 'ALLOWED',
      ip,
      targetType: 'user',
      targetId: row.userId,
      details: { resetId: row.id },
      at: now,
    });
  });
}

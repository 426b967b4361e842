// POST /password-resets (public "forgot password"): the answer is the same whether or not the
// e-mail has an account, so the route cannot be used to find out who is registered. Only active
// accounts get a link; a disabled one would not be able to sign in with it anyway (R-STATE-1).
import { recordAudit } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import { issuePasswordReset } from './issue.ts';

export async function requestPasswordReset(ctx: GatehouseContext, email: string, ip: string): Promise<void> {
  const user = await ctx.prisma.user.findUnique({ where: { email }, select: { id: true, status: true } });
  if (!user || user.status === 'DISABLED') return;
  const now = ctx.config.now();
  const outboxMessageId = await ctx.prisma.$transaction(async (tx) => {
    const issued = await issuePasswordReset(tx, ctx, { userId: user.id, requestedById: null });
    await recordAudit(tx, {
      actorId: null,
      action: 'user.resetPassword.request',
      outcome: 'ALLOWED',
      ip,
      targetType: 'user',
      targetId: user.id,
      details: { resetId: issued.tokenId, via: 'forgot-password' },
      at: now,
    });
    return issued.outboxMessageId;
  });
  await ctx.mailer.deliver([outboxMessageId]);
}

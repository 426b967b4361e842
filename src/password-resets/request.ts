// POST /password-resets (public "forgot password"). The answer is the same, and comes as fast,
// whether or not the e-mail has an account: the route answers first and does the work after, so
// neither its body nor its timing says who is registered. Only active accounts get a link; a
// disabled one could not sign in with it anyway (R-STATE-1). An account gets at most
// LINKS_PER_HOUR links an hour: beyond that, asking again neither mails the owner nor kills the
// link they already have (a stranger could otherwise flood their mailbox and keep their link dead).
import { recordAudit } from '../audit/log.ts';
import { disabledAt } from '../users/disabled.ts';
import type { GatehouseContext } from '../context.ts';
import { issuePasswordReset } from './issue.ts';

export const LINKS_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

const pending = new WeakMap<GatehouseContext, Set<Promise<void>>>();

async function issueIfDue(ctx: GatehouseContext, email: string, ip: string): Promise<void> {
  const user = await ctx.prisma.user.findUnique({ where: { email }, select: { id: true, status: true, disabledUntil: true } });
  if (!user || disabledAt(user, ctx.config.now())) return;
  const now = ctx.config.now();
  const outboxMessageId = await ctx.prisma.$transaction(async (tx) => {
    const recent = await tx.passwordResetToken.count({ where: { userId: user.id, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } } });
    if (recent >= LINKS_PER_HOUR) return null;
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
  if (outboxMessageId) await ctx.mailer.deliver([outboxMessageId]);
}

/** Starts the request's work and returns at once; a failure is logged, never answered. */
export function requestPasswordReset(ctx: GatehouseContext, email: string, ip: string): void {
  let running = pending.get(ctx);
  if (!running) pending.set(ctx, (running = new Set()));
  const work: Promise<void> = issueIfDue(ctx, email, ip)
    .catch((error: unknown) => ctx.config.logger.error('forgot password: the request could not be handled', error))
    .finally(() => running.delete(work));
  running.add(work);
}

/** Resolves once every forgot-password request started so far has done its work (close(), tests). */
export async function settledPasswordResetRequests(ctx: GatehouseContext): Promise<void> {
  await Promise.all([...(pending.get(ctx) ?? [])]);
}

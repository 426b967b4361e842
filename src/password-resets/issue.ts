// Issues a single-use password-reset link (R-PWD-3) inside the caller's transaction: every earlier
// unused token of the user dies first, so only the newest mail works. Authorisation is the caller's job.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { newToken } from '../tokens/token.ts';
import { passwordResetMessage } from './messages.ts';

export interface IssuePasswordResetInput {
  readonly userId: string;
  /** Who asked: an administrator, or the user themself through "forgot password"; null for the system. */
  readonly requestedById: string | null;
}

export async function issuePasswordReset(
  tx: Prisma.TransactionClient,
  ctx: GatehouseContext,
  input: IssuePasswordResetInput,
): Promise<{ tokenId: string; outboxMessageId: string }> {
  const now = ctx.config.now();
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
  await tx.passwordResetToken.updateMany({ where: { userId: input.userId, usedAt: null }, data: { usedAt: now } });
  const { token, tokenHash } = newToken();
  const row = await tx.passwordResetToken.create({
    data: { userId: input.userId, tokenHash, expiresAt: new Date(now.getTime() + ctx.config.resetTtlMs), createdAt: now },
    select: { id: true },
  });
  const outboxMessageId = await ctx.mailer.enqueue(tx, passwordResetMessage(ctx.config, { to: user.email, token, tokenId: row.id }));
  return { tokenId: row.id, outboxMessageId };
}

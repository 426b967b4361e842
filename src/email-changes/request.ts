// Starts an e-mail change (R-EMAIL-2) inside the caller's transaction: the address does not change
// yet. Any earlier open request of the user dies first, so only the newest link works; the new
// address gets the link, the old one a notice. Authorisation (R-EMAIL-1) is the caller's job.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { newToken } from '../tokens/token.ts';
import { emailChangeConfirmationMessage, emailChangeNoticeMessage } from './messages.ts';

export interface RequestedEmailChange {
  readonly requestId: string;
  readonly newEmail: string;
  readonly expiresAt: Date;
  /** For `mailer.deliver` after commit. */
  readonly outboxMessageIds: readonly string[];
}

export async function requestEmailChange(
  tx: Prisma.TransactionClient,
  ctx: GatehouseContext,
  input: { readonly userId: string; readonly newEmail: string; readonly requestedById: string | null },
): Promise<RequestedEmailChange> {
  const now = ctx.config.now();
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
  await tx.emailChangeRequest.updateMany({ where: { userId: input.userId, usedAt: null }, data: { usedAt: now } });
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + ctx.config.emailChangeTtlMs);
  const row = await tx.emailChangeRequest.create({
    data: { userId: input.userId, newEmail: input.newEmail, tokenHash, requestedById: input.requestedById, expiresAt, createdAt: now },
    select: { id: true },
  });
  const outboxMessageIds = [
    await ctx.mailer.enqueue(tx, emailChangeConfirmationMessage(ctx.config, { to: input.newEmail, token, requestId: row.id, previousEmail: user.email })),
    await ctx.mailer.enqueue(tx, emailChangeNoticeMessage(ctx.config, { to: user.email, requestId: row.id, newEmail: input.newEmail })),
  ];
  return { requestId: row.id, newEmail: input.newEmail, expiresAt, outboxMessageIds };
}

/** The change waiting for a user's confirmation, if any (what administrators are told). */
export async function pendingEmailChange(db: Prisma.TransactionClient, ctx: GatehouseContext, userId: string): Promise<{ newEmail: string; expiresAt: Date } | null> {
  return db.emailChangeRequest.findFirst({
    where: { userId, usedAt: null, expiresAt: { gt: ctx.config.now() } },
    orderBy: { createdAt: 'desc' },
    select: { newEmail: true, expiresAt: true },
  });
}

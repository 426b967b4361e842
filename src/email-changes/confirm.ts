// Confirming an e-mail change (R-EMAIL-2): the token of the link sent to the new address. One
// conditional update spends the request, so of concurrent confirmations exactly one wins; the new
// address must still be free (409 EMAIL_TAKEN otherwise, and the link stays as it was). The change
// ends the user's open password-reset links, which went to the old address, and is audited.
import { recordAudit } from '../audit/log.ts';
import { bumpAccess } from '../authz/access-version.ts';
import type { GatehouseContext } from '../context.ts';
import { isUniqueViolationOn } from '../db/prisma-errors.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { hashToken } from '../tokens/token.ts';
import { assertIdentityFree } from '../users/operations/identity.ts';

const deadLink = () => new GatehouseError('TOKEN_INVALID', 'This confirmation link is invalid, used, replaced or expired; ask your administrator for a new one');

interface LiveRequest {
  readonly id: string;
  readonly userId: string;
  readonly newEmail: string;
  readonly requestedById: string | null;
  readonly expiresAt: Date;
}

async function liveRequest(ctx: GatehouseContext, token: string): Promise<LiveRequest> {
  const row = await ctx.prisma.emailChangeRequest.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, newEmail: true, requestedById: true, expiresAt: true, usedAt: true },
  });
  if (!row || row.usedAt !== null || row.expiresAt.getTime() <= ctx.config.now().getTime()) throw deadLink();
  return row;
}

/** What the confirmation page shows before its button is pressed: the new address, until when. */
export async function previewEmailChange(ctx: GatehouseContext, token: string): Promise<{ newEmail: string; expiresAt: Date }> {
  const { newEmail, expiresAt } = await liveRequest(ctx, token);
  return { newEmail, expiresAt };
}

export async function confirmEmailChange(ctx: GatehouseContext, token: string, ip: string): Promise<{ userId: string; email: string }> {
  const row = await liveRequest(ctx, token);
  const now = ctx.config.now();
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const spent = await tx.emailChangeRequest.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      if (spent.count === 0) throw deadLink();
      // Taken meanwhile: the transaction rolls back, the request stays as it was.
      await assertIdentityFree(tx, { email: row.newEmail }, row.userId);
      const previous = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { email: true } });
      await tx.user.update({ where: { id: row.userId }, data: { email: row.newEmail } });
      // Sessions notice at their next request (the address is part of who they are).
      await bumpAccess(tx, { id: row.userId });
      // Reset links went to the old address: they die with it.
      await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
      await recordAudit(tx, {
        actorId: row.userId,
        action: 'user.emailChanged',
        outcome: 'ALLOWED',
        rule: null,
        ip,
        targetType: 'user',
        targetId: row.userId,
        details: { requestId: row.id, requestedById: row.requestedById, previousEmail: previous.email, newEmail: row.newEmail },
        at: now,
      });
    });
  } catch (error) {
    // Two users confirming the same address at once: the unique index keeps one.
    if (isUniqueViolationOn(error, 'email')) throw new GatehouseError('EMAIL_TAKEN');
    throw error;
  }
  return { userId: row.userId, email: row.newEmail };
}

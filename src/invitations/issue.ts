// Creates a PENDING invitation and puts its e-mail in the outbox, inside the caller's transaction:
// the users service calls it when it creates a user without a password (R-INV-3), the invite
// service for a plain invitation (R-INV-1). Authorisation is the caller's job.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { newToken } from '../tokens/token.ts';
import { invitationMessage } from './messages.ts';

export interface IssueInvitationInput {
  readonly email: string;
  readonly organizationId: string;
  readonly roleId: string;
  readonly invitedById: string | null;
  /** Set when the invitation is the set-your-password mail of a user created without one (R-INV-3). */
  readonly userId?: string | null | undefined;
  readonly ipAllowlist?: readonly string[] | undefined;
  /** Permission keys switched off in the membership the acceptance creates (seed 003). */
  readonly disabledRights?: readonly string[] | undefined;
}

export async function issueInvitation(
  tx: Prisma.TransactionClient,
  ctx: GatehouseContext,
  input: IssueInvitationInput,
): Promise<{ invitationId: string; outboxMessageId: string }> {
  const email = input.email.trim().toLowerCase();
  const { token, tokenHash } = newToken();
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: input.organizationId }, select: { name: true } });
  const invitation = await tx.invitation.create({
    data: {
      email,
      pendingEmail: email,
      organizationId: input.organizationId,
      roleId: input.roleId,
      inviterId: input.invitedById,
      userId: input.userId ?? null,
      ipAllowlist: JSON.stringify(input.ipAllowlist ?? []),
      disabledRights: JSON.stringify(input.disabledRights ?? []),
      tokenHash,
      expiresAt: new Date(ctx.config.now().getTime() + ctx.config.invitationTtlMs),
    },
    select: { id: true },
  });
  const outboxMessageId = await ctx.mailer.enqueue(
    tx,
    invitationMessage(ctx.config, { to: email, token, invitationId: invitation.id, organizationName: organization.name, setPassword: Boolean(input.userId) }),
  );
  return { invitationId: invitation.id, outboxMessageId };
}

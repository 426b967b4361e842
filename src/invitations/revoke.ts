// POST /invitations/:id/revoke (R-INV-1, seed 004 "deactivate invitation"): the link becomes
// unusable at once and the e-mail is free to be invited again.
import { recordAudit } from '../audit/log.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { loadInvitation } from './load.ts';
import { type InvitationView, viewInvitation } from './view.ts';

export async function revokeInvitation(ctx: GatehouseContext, who: Principal, invitationId: string): Promise<InvitationView> {
  const invitation = await loadInvitation(ctx, invitationId);
  await authorize(ctx, who, 'user.invite', { kind: 'organization', organizationId: invitation.organizationId }, {
    targetType: 'invitation',
    targetId: invitation.id,
    organizationId: invitation.organizationId,
    details: { operation: 'revoke' },
  });
  if (invitation.status === 'ACCEPTED' || invitation.status === 'REVOKED') throw new GatehouseError('INVITATION_CLOSED');
  const now = ctx.config.now();
  await ctx.prisma.$transaction(async (tx) => {
    // Conditional: an acceptance that commits first wins, and this answers 409 instead of undoing it.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, status: { in: ['PENDING', 'EXPIRED'] } },
      data: { status: 'REVOKED', pendingEmail: null },
    });
    if (count === 0) throw new GatehouseError('INVITATION_CLOSED');
    await recordAudit(tx, {
      actorId: who.userId,
      action: 'invitation.revoke',
      outcome: 'ALLOWED',
      ip: who.ip,
      organizationId: invitation.organizationId,
      targetType: 'invitation',
      targetId: invitation.id,
      details: { email: invitation.email },
      at: now,
    });
  });
  const row = await ctx.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id }, include: { role: { select: { name: true } } } });
  return viewInvitation(row, now);
}

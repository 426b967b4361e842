// POST /invitations/:id/resend (R-INV-1): a new token and a new expiry replace the old ones on the
// same invitation, so the previous link stops working the moment this commits. An expired
// invitation can be resent ("once the window is inactive, the admin can re-send", seed 004).
import { recordAudit } from '../audit/log.ts';
import { parseStringList } from '../authz/json-columns.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { newToken } from '../tokens/token.ts';
import { grantsGiven, loadAssignableRole } from './assignable-role.ts';
import { mapUniqueViolation } from './errors.ts';
import { assertEmailFreeInOrganization } from './invite.ts';
import { loadInvitation } from './load.ts';
import { invitationMessage } from './messages.ts';
import { type InvitationView, viewInvitation } from './view.ts';

export async function resendInvitation(ctx: GatehouseContext, who: Principal, invitationId: string): Promise<InvitationView> {
  const invitation = await loadInvitation(ctx, invitationId);
  const disabledRights = parseStringList(invitation.disabledRights);
  const role = await loadAssignableRole(ctx.prisma, invitation.organizationId, invitation.roleId);
  // Resending gives the role again: whoever resends must be able to give it (R-ESC-1).
  await authorize(
    ctx,
    who,
    'user.invite',
    {
      kind: 'organization',
      organizationId: invitation.organizationId,
      ...(role ? { change: { assignsRole: role, grants: grantsGiven(role, disabledRights) } } : {}),
    },
    { targetType: 'invitation', targetId: invitation.id, organizationId: invitation.organizationId, details: { operation: 'resend' } },
  );
  if (invitation.status === 'ACCEPTED' || invitation.status === 'REVOKED') throw new GatehouseError('INVITATION_CLOSED');

  const now = ctx.config.now();
  const { token, tokenHash } = newToken();
  let outboxMessageId: string;
  try {
    outboxMessageId = await ctx.prisma.$transaction(async (tx) => {
      await assertEmailFreeInOrganization(tx, invitation.organizationId, invitation.email, now, invitation.id);
      // Conditional on the token we read: of two concurrent resends only one replaces it.
      const { count } = await tx.invitation.updateMany({
        where: { id: invitation.id, tokenHash: invitation.tokenHash, status: { in: ['PENDING', 'EXPIRED'] } },
        data: { tokenHash, expiresAt: new Date(now.getTime() + ctx.config.invitationTtlMs), status: 'PENDING', pendingEmail: invitation.email },
      });
      if (count === 0) throw new GatehouseError('STATE_CHANGED');
      await recordAudit(tx, {
        actorId: who.userId,
        action: 'invitation.resend',
        outcome: 'ALLOWED',
        ip: who.ip,
        organizationId: invitation.organizationId,
        targetType: 'invitation',
        targetId: invitation.id,
        details: { email: invitation.email },
        at: now,
      });
      return ctx.mailer.enqueue(
        tx,
        invitationMessage(ctx.config, { to: invitation.email, token, organizationName: invitation.organization.name, setPassword: invitation.userId !== null }),
      );
    });
  } catch (error) {
    throw mapUniqueViolation(error, [['pendingEmail', 'INVITATION_PENDING']], 'INVITATION_PENDING');
  }
  await ctx.mailer.deliver([outboxMessageId]);
  const row = await ctx.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id }, include: { role: { select: { name: true } } } });
  return viewInvitation(row, now);
}

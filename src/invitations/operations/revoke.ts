// Revoking (seed 004: "deactivate invitation"): the link becomes unusable at once and the e-mail is
// free to be invited again (R-INV-1).
import { z } from 'zod';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { findInvitation } from '../load.ts';
import { invitationView, type InvitationView, viewInvitation } from '../view.ts';
import { closedRefusal, invitationCheck, isOpen } from './invitation-check.ts';

export const revokeInvitation = defineOperation({
  key: 'invitation.revoke',
  permission: 'user.invite',
  label: 'Revoke',
  summary: 'Deactivate an invitation: its link stops working (R-INV-1)',
  rules: ['R-INV-1', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({}),
  rest: { method: 'post', path: '/invitations/:id/revoke', tag: 'invitations', response: invitationView, errors: [403, 404, 409] },
  panel: {
    resource: 'Invitation',
    name: 'revoke',
    kind: 'record',
    view: 'confirm',
    icon: 'XCircle',
    variant: 'danger',
    guard: 'Revoke this invitation? Its link stops working.',
    shownWhen: (record, now) => isOpen(record, now),
    done: (invitation) => `The invitation to ${(invitation as InvitationView).email} is revoked`,
  },
  audit: { targetType: 'invitation' },
  load: (db, { id }) => findInvitation(db, id),
  checks: (invitation, { who }) => [invitationCheck(who, invitation, 'revoke')],
  refuse: (invitation) => closedRefusal(invitation),
  async apply(tx, invitation) {
    // Conditional: an acceptance that commits first wins, and this answers 409 instead of undoing it.
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, status: { in: ['PENDING', 'EXPIRED'] } }, data: { status: 'REVOKED', pendingEmail: null } });
    if (count === 0) throw new GatehouseError('INVITATION_CLOSED');
  },
  auditDetails: (invitation) => ({ email: invitation.email }),
  async view(_result, { ctx, id }): Promise<InvitationView> {
    return viewInvitation(await findInvitation(ctx.prisma, id), ctx.config.now());
  },
});

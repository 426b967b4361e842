// A new token and a new expiry replace the old ones on the same invitation, so the previous link
// stops working the moment this commits (R-INV-1). An expired invitation can be resent. Resending
// gives the role again: whoever resends must be able to give it (R-ESC-1).
import { z } from 'zod';
import { parseStringList } from '../../authz/json-columns.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { newToken } from '../../tokens/token.ts';
import { grantsGiven, loadAssignableRole } from '../assignable-role.ts';
import { assertEmailFreeInOrganization } from '../email-free.ts';
import { findInvitation } from '../load.ts';
import { invitationMessage } from '../messages.ts';
import { invitationView, type InvitationView, viewInvitation } from '../view.ts';
import { closedRefusal, invitationCheck, isResendable } from './invitation-check.ts';

export const resendInvitation = defineOperation({
  key: 'invitation.resend',
  permission: 'user.invite',
  label: 'Resend',
  summary: 'Send a new link with a new expiry; the previous link stops working (R-INV-1)',
  rules: ['R-INV-1', 'R-ESC-1', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({}),
  rest: { method: 'post', path: '/invitations/:id/resend', tag: 'invitations', response: invitationView, errors: [403, 404, 409] },
  panel: {
    resource: 'Invitation',
    name: 'resend',
    kind: 'record',
    view: 'confirm',
    icon: 'RefreshCw',
    guard: 'Send a new link? The previous one stops working.',
    shownWhen: (record) => isResendable(record),
    done: (invitation) => `A new invitation link was sent to ${(invitation as InvitationView).email}`,
  },
  audit: { targetType: 'invitation' },
  async load(db, { id }) {
    const invitation = await findInvitation(db, id);
    return { invitation, role: await loadAssignableRole(db, invitation.organizationId, invitation.roleId) };
  },
  checks: ({ invitation, role }, { who }) => [
    invitationCheck(who, invitation, 'resend', role ? { assignsRole: role, grants: grantsGiven(role, parseStringList(invitation.disabledRights)) } : undefined),
  ],
  refuse: ({ invitation }) => closedRefusal(invitation),
  async apply(tx, { invitation }, { ctx }) {
    const now = ctx.config.now();
    const { token, tokenHash } = newToken();
    await assertEmailFreeInOrganization(tx, invitation.organizationId, invitation.email, now, invitation.id);
    // Conditional on the token read: of two concurrent resends only one replaces it.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, tokenHash: invitation.tokenHash, status: { in: ['PENDING', 'EXPIRED'] } },
      data: { tokenHash, expiresAt: new Date(now.getTime() + ctx.config.invitationTtlMs), status: 'PENDING', pendingEmail: invitation.email },
    });
    if (count === 0) throw new GatehouseError('STATE_CHANGED');
    return ctx.mailer.enqueue(
      tx,
      invitationMessage(ctx.config, { to: invitation.email, token, invitationId: invitation.id, organizationName: invitation.organization.name, setPassword: invitation.userId !== null }),
    );
  },
  auditDetails: ({ invitation }) => ({ email: invitation.email }),
  uniqueViolations: [{ field: 'pendingEmail', error: () => new GatehouseError('INVITATION_PENDING') }],
  async after(outboxMessageId, { ctx }) {
    await ctx.mailer.deliver([outboxMessageId]);
  },
  async view(_result, { ctx, id }): Promise<InvitationView> {
    return viewInvitation(await findInvitation(ctx.prisma, id), ctx.config.now());
  },
});

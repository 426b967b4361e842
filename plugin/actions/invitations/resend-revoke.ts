// Resend (a new link; the previous one stops working) and revoke (the link becomes unusable), both
// R-INV-1 through the invitations service; revoking asks for confirmation first.
import type { BaseRecord } from 'adminjs';
import type { GatehouseContext } from '../../../src/context.ts';
import { resendInvitation } from '../../../src/invitations/resend.ts';
import { revokeInvitation } from '../../../src/invitations/revoke.ts';
import { invitationTarget } from '../../access.ts';
import { factsOf } from '../../scoped-resource.ts';
import type { InvitationFacts } from '../../scopes.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { recordAction } from '../kit.ts';

const statusOf = (record: BaseRecord) => factsOf<InvitationFacts>(record)?.status;
const isOpen = (record: BaseRecord, now: Date) => statusOf(record) === 'PENDING' && new Date(String(record.param('expiresAt'))).getTime() > now.getTime();

export function invitationActions(ctx: GatehouseContext, components: PanelComponents) {
  const component = components.ids.ConfirmAction;
  return {
    resend: recordAction(ctx, {
      name: 'resend',
      permission: 'user.invite',
      targetOf: invitationTarget,
      component,
      icon: 'RefreshCw',
      guard: 'Send a new link? The previous one stops working.',
      showWhen: (record) => statusOf(record) === 'PENDING' || statusOf(record) === 'EXPIRED',
      run: async (who, record) => {
        const invitation = await resendInvitation(ctx, who, String(record.id()));
        return { message: `A new invitation link was sent to ${invitation.email}` };
      },
    }),
    revoke: recordAction(ctx, {
      name: 'revoke',
      permission: 'user.invite',
      targetOf: invitationTarget,
      component,
      icon: 'XCircle',
      variant: 'danger',
      guard: 'Revoke this invitation? Its link stops working.',
      showWhen: (record) => isOpen(record, ctx.config.now()),
      run: async (who, record) => {
        const invitation = await revokeInvitation(ctx, who, String(record.id()));
        return { message: `The invitation to ${invitation.email} is revoked` };
      },
    }),
  };
}

// Invitations: scoped like the users of their organisation; "new" is the invite form, and pending
// ones can be resent or revoked through the invitations service.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { invitationTarget } from '../access.ts';
import { inviteAction } from '../actions/invitations/invite.ts';
import { invitationActions } from '../actions/invitations/resend-revoke.ts';
import type { PanelComponents } from '../components/registry.ts';
import { invitationScope } from '../scopes.ts';
import { modelResource } from './model-resource.ts';
import { people } from './navigation.ts';

export function invitationsResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'Invitation',
    scope: invitationScope(ctx),
    view: { permission: 'user.view', targetOf: invitationTarget },
    options: {
      navigation: people,
      titleProperty: 'email',
      listProperties: ['email', 'organization', 'role', 'status', 'expiresAt', 'createdAt'],
      filterProperties: ['email', 'organization', 'role', 'status'],
      showProperties: ['email', 'organization', 'role', 'inviter', 'status', 'ipAllowlist', 'expiresAt', 'acceptedAt', 'createdAt'],
      sort: { sortBy: 'createdAt', direction: 'desc' },
      actions: {
        new: inviteAction(ctx, components, 'new'),
        ...invitationActions(ctx, components),
      },
    },
  });
}

// Invitations: scoped like the users of their organisation; inviting, resending and revoking are
// operations of src/invitations/operations, derived here as panel actions.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { invitationTarget } from '../access.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import { operationActions } from '../operations/panel-action.ts';
import type { PanelComponents } from '../components/registry.ts';
import { invitationScope } from '../scopes.ts';
import { choices, invitationStatusChoices } from '../value-labels.ts';
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
      properties: { status: { availableValues: choices(invitationStatusChoices) } },
      sort: { sortBy: 'createdAt', direction: 'desc' },
      actions: operationActions(ctx, builtInOperations, 'Invitation', components),
    },
  });
}

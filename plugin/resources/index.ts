// The Gatehouse resources in the panel, grouped for back-office staff. Every read is scoped by the
// role engine (scoped-resource.ts) and every write is an action that calls a service.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import type { PanelComponents } from '../components/registry.ts';
import { apiKeysResource } from './api-keys.ts';
import { invitationsResource } from './invitations.ts';
import { organizationsResource } from './organizations.ts';
import { policiesResource } from './policies.ts';
import { auditResource, isDemoMode, outboxResource } from './records.ts';
import { rolesResource } from './roles.ts';
import { usersResource } from './users.ts';

export function gatehouseResources(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions[] {
  return [
    usersResource(ctx, components),
    organizationsResource(ctx, components),
    invitationsResource(ctx, components),
    rolesResource(ctx, components),
    policiesResource(ctx, components),
    apiKeysResource(ctx, components),
    auditResource(ctx, components),
    ...(isDemoMode(ctx) ? [outboxResource(ctx)] : []),
  ];
}

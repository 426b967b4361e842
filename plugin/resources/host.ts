// The host's own models (createGatehouse({ resources })), read-only in the panel: AdminJS's writes
// stay off, and the only changes are the host's defined actions (plugin/actions/host-actions.ts).
// A model with an `organizationId` is scoped by organisation like Gatehouse's records (R-TENANT-1);
// one without it is all or nothing, on whether the viewer holds the view permission anywhere.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import type { WhereMapping } from '../../src/engine/index.ts';
import { recordTarget } from '../../src/extensions/define-action.ts';
import type { TargetOf } from '../access.ts';
import { hasField } from '../host-models.ts';
import type { ResolvedHostResource } from './resolve-host.ts';
import type { DmmfModel } from '../prisma-models.ts';
import { nestable } from '../../src/authz/nestable-where.ts';
import type { ModelScope } from '../scoped-resource.ts';
import { modelResource } from './model-resource.ts';

type Where = Record<string, unknown>;

export { resolveHostResources, type ResolvedHostResource } from './resolve-host.ts';

function hostScope(ctx: GatehouseContext, model: DmmfModel, permission: string): ModelScope {
  if (!hasField(model, 'organizationId')) {
    return { where: (who) => (ctx.engine.holdsAnywhere(who.actor, permission) ? {} : { id: { in: [] } }) };
  }
  const ownerColumn = ['ownerId', 'createdById'].find((column) => hasField(model, column));
  const mapping: WhereMapping<Where> = {
    tenant: (ids) => ({ organizationId: { in: ids } }),
    ids: (ids) => ({ id: { in: ids } }),
    ...(ownerColumn ? { own: (userId: string) => ({ [ownerColumn]: userId }) } : {}),
    and: (parts) => ({ AND: parts }),
  };
  return { where: (who) => nestable(ctx.engine.accessibleWhere(who.actor, permission, mapping)) };
}

export function hostResource(ctx: GatehouseContext, resource: ResolvedHostResource): ResourceWithOptions {
  const { model, viewPermission } = resource;
  const scoped = hasField(model, 'organizationId');
  // Without an organisation, the list's scope (held anywhere) is the whole decision.
  const targetOf: TargetOf | null = scoped ? (record) => recordTarget(viewPermission, String(record.id()), record.params) : null;
  return modelResource(ctx, {
    model: model.name,
    dmmf: model,
    scope: hostScope(ctx, model, viewPermission),
    view: { permission: viewPermission, targetOf },
    options: {
      navigation: { name: 'Application', icon: 'Database' },
      ...(hasField(model, 'createdAt') ? { sort: { sortBy: 'createdAt', direction: 'desc' } } : {}),
    },
    label: resource.label,
  });
}

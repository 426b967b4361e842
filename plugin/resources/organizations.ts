// Organisations, tree-aware: the list holds the organisations the actor reaches (sub-organisations
// included when the role reaches down, R-TENANT-1), and each shows its parent.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { organizationTarget } from '../access.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import type { PanelComponents } from '../components/registry.ts';
import { operationActions } from '../operations/panel-action.ts';
import { organizationScope } from '../scopes.ts';
import { choices, organizationStatusChoices } from '../value-labels.ts';
import { modelResource } from './model-resource.ts';
import { people } from './navigation.ts';

export function organizationsResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'Organization',
    scope: organizationScope(ctx),
    view: { permission: 'org.view', targetOf: organizationTarget },
    options: {
      navigation: people,
      titleProperty: 'name',
      listProperties: ['name', 'parent', 'status', 'createdAt'],
      showProperties: ['name', 'parent', 'status', 'notificationEmail', 'createdAt', 'updatedAt'],
      filterProperties: ['name', 'parent', 'status'],
      properties: { version: { isVisible: false }, status: { availableValues: choices(organizationStatusChoices) } },
      sort: { sortBy: 'name', direction: 'asc' },
      actions: operationActions(ctx, builtInOperations, 'Organization', components),
    },
  });
}

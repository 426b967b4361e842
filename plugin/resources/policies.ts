// Permission policies (R-POL-1): scoped by policy.view; created and edited with the permission
// picker, through the policies service.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { policyTarget } from '../access.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import { operationActions } from '../operations/panel-action.ts';
import type { PanelComponents } from '../components/registry.ts';
import { policyScope } from '../scopes.ts';
import { modelResource } from './model-resource.ts';
import { access } from './navigation.ts';

export function policiesResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'PermissionPolicy',
    scope: policyScope(ctx),
    view: { permission: 'policy.view', targetOf: policyTarget },
    options: {
      navigation: access,
      titleProperty: 'name',
      listProperties: ['name', 'description', 'organization', 'grantCount', 'updatedAt'],
      showProperties: ['name', 'description', 'organization', 'permissionSections', 'rolesText', 'createdAt', 'updatedAt'],
      filterProperties: ['name', 'organization'],
      properties: {
        grantCount: { type: 'number', isVisible: { list: true, show: false, edit: false, filter: false }, isSortable: false },
        permissionsText: { type: 'textarea', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false },
        // The same, by section, each opened with its "+" (seed 004).
        permissionSections: { type: 'mixed', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false, components: { show: components.ids.PermissionSections } },
        rolesText: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false },
        key: { isVisible: false },
      },
      sort: { sortBy: 'name', direction: 'asc' },
      actions: operationActions(ctx, builtInOperations, 'PermissionPolicy', components),
    },
  });
}

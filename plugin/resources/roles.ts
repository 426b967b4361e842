// Roles: built-in ones (every organisation sees them) and the organisation's own, scoped by
// role.view. Creating, editing, deleting and migrating go through the roles service.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { roleTarget } from '../access.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import { operationActions } from '../operations/panel-action.ts';
import type { PanelComponents } from '../components/registry.ts';
import { roleScope } from '../scopes.ts';
import { choices, roleKindChoices } from '../value-labels.ts';
import { modelResource } from './model-resource.ts';
import { access } from './navigation.ts';

const listAndShow = { list: true, show: true, edit: false, filter: false };

export function rolesResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'Role',
    scope: roleScope(ctx),
    view: { permission: 'role.view', targetOf: roleTarget },
    options: {
      navigation: access,
      titleProperty: 'name',
      listProperties: ['name', 'kind', 'organization', 'legacy', 'protected', 'uniquePerOrganization'],
      showProperties: ['name', 'description', 'kind', 'organization', 'permissionSections', 'policiesText', 'holderCount', 'legacy', 'migratedAt', 'protected', 'uniquePerOrganization', 'ownerOnly', 'readOnly', 'includesSubOrganizations'],
      filterProperties: ['name', 'kind', 'organization'],
      properties: {
        legacy: { type: 'boolean', isVisible: listAndShow, isSortable: false },
        // The stored JSON of a legacy role reads as its permissions in words (permissionsText) instead.
        legacyPermissions: { isVisible: false },
        permissionsText: { type: 'textarea', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false },
        // The same, by section, each opened with its "+" (seed 004).
        permissionSections: { type: 'mixed', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false, components: { show: components.ids.PermissionSections } },
        policiesText: { type: 'string', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false },
        holderCount: { type: 'number', isVisible: { list: false, show: true, edit: false, filter: false }, isSortable: false },
        kind: { availableValues: choices(roleKindChoices) },
        // The preset's internal name for the role: for code and the REST API, not for staff.
        key: { isVisible: false },
      },
      sort: { sortBy: 'name', direction: 'asc' },
      actions: operationActions(ctx, builtInOperations, 'Role', components),
    },
  });
}

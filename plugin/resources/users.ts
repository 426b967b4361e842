// Users: scoped to the organisations the actor reaches (and their own row, R-SELF-2); every
// user-management action is an operation of src/users/operations, derived here as a panel action.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { userTarget } from '../access.ts';
import type { PanelComponents } from '../components/registry.ts';
import { operationActions } from '../operations/panel-action.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import { userScope } from '../scopes.ts';
import { cappedTotalNotice } from './capped-total.ts';
import { modelResource } from './model-resource.ts';
import { people } from './navigation.ts';

const listOnly = { list: true, show: true, edit: false, filter: false };
const filterOnly = { list: false, show: false, edit: false, filter: true };
const showOnly = { list: false, show: true, edit: false, filter: false };

export function usersResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'User',
    scope: userScope(ctx),
    view: { permission: 'user.view', targetOf: userTarget, everyoneLists: true },
    options: {
      navigation: people,
      titleProperty: 'email',
      // What finds and tells people apart at 1280 px; the status says Locked when they are, and the
      // second factor is on the user's Security tab.
      listProperties: ['email', 'username', 'firstName', 'lastName', 'status', 'organizations'],
      filterProperties: ['email', 'username', 'firstName', 'lastName', 'organization', 'subOrganizations', 'role', 'status'],
      showProperties: [
        'email', 'username', 'firstName', 'lastName', 'status', 'disabledUntilText', 'disabledReason', 'locked', 'lockedUntilText', 'failedAttempts', 'mfaMethod', 'mfaEnrolled',
        'organizations', 'accessEndsText', 'phone', 'fax', 'address', 'postalAddress', 'securityQuestion', 'ipAllowlistText', 'createdAt', 'lastLoginAt', 'passwordChangedAt',
      ],
      editProperties: ['firstName', 'lastName', 'username', 'email', 'phone', 'fax', 'address', 'postalAddress'],
      properties: {
        organizations: { type: 'string', isVisible: listOnly, isSortable: false },
        // R-EXP-1: when each membership ends, in words (scopes.ts).
        accessEndsText: { type: 'textarea', isVisible: showOnly, isSortable: false },
        locked: { type: 'boolean', isVisible: listOnly, isSortable: false },
        lockedUntilText: { type: 'string', isVisible: showOnly, isSortable: false },
        disabledUntilText: { type: 'string', isVisible: showOnly, isSortable: false },
        // Shown to administrators only: scopes.ts removes it from the user's own record (R-STATE-2).
        disabledReason: { type: 'string', isVisible: showOnly, isSortable: false },
        disabledUntil: { isVisible: false },
        // The state the list shows and filters by (the search's statuses), not the stored column.
        status: {
          isSortable: false,
          availableValues: [
            { value: 'enabled', label: 'Enabled' },
            { value: 'disabled', label: 'Disabled' },
            { value: 'locked', label: 'Locked' },
            { value: 'invited', label: 'Invited' },
          ],
        },
        mfaMethod: {
          availableValues: [
            { value: 'NONE', label: 'none' },
            { value: 'TOTP', label: 'authenticator app' },
            { value: 'EMAIL', label: 'email code' },
          ],
        },
        // Present only in one's own record (scopes.ts removes it from everyone else's, R-SECRET-1).
        securityQuestion: { isVisible: showOnly },
        ipAllowlist: { isVisible: showOnly },
        ipAllowlistText: { type: 'string', isVisible: showOnly, isSortable: false },
        lockedById: { isVisible: false },
        // Filters only (R-SEARCH-1): pickers over the organisations and roles the viewer sees, read by userScope's filters.
        organization: { type: 'reference', reference: 'Organization', isVisible: filterOnly },
        subOrganizations: { type: 'boolean', isVisible: filterOnly },
        role: { type: 'reference', reference: 'Role', isVisible: filterOnly },
      },
      // The search's own order: last name, first name.
      sort: { sortBy: 'lastName', direction: 'asc' },
      actions: {
        // The user's page in tabs (Details, Organisations, Security, Activity).
        show: { component: components.ids.UserDetails },
        list: { after: cappedTotalNotice },
        ...operationActions(ctx, builtInOperations, 'User', components),
      },
    },
  });
}

// Users: scoped to the organisations the actor reaches (and their own row, R-SELF-2), with every
// user-management action of SPEC §4 calling the users service.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { userTarget } from '../access.ts';
import { inviteAction } from '../actions/invitations/invite.ts';
import { accountStateActions } from '../actions/users/account-state.ts';
import { createUserAction } from '../actions/users/create.ts';
import { editProfileAction } from '../actions/users/edit-profile.ts';
import { membershipActions } from '../actions/users/membership.ts';
import { mfaAction } from '../actions/users/mfa.ts';
import { passwordActions } from '../actions/users/passwords.ts';
import type { PanelComponents } from '../components/registry.ts';
import { userScope } from '../scopes.ts';
import { modelResource } from './model-resource.ts';
import { people } from './navigation.ts';

const listOnly = { list: true, show: true, edit: false, filter: false };
const filterOnly = { list: false, show: false, edit: false, filter: true };
const showOnly = { list: false, show: true, edit: false, filter: false };

export function usersResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'User',
    scope: userScope(ctx),
    view: { permission: 'user.view', targetOf: userTarget },
    options: {
      navigation: people,
      titleProperty: 'email',
      listProperties: ['email', 'username', 'firstName', 'lastName', 'status', 'locked', 'mfaMethod', 'organizations'],
      filterProperties: ['email', 'username', 'firstName', 'lastName', 'organization', 'role', 'status', 'mfaMethod'],
      showProperties: [
        'email', 'username', 'firstName', 'lastName', 'status', 'locked', 'lockedUntil', 'failedAttempts', 'mfaMethod', 'mfaEnrolled',
        'organizations', 'phone', 'fax', 'address', 'postalAddress', 'securityQuestion', 'ipAllowlist', 'createdAt', 'lastLoginAt', 'passwordChangedAt',
      ],
      editProperties: ['firstName', 'lastName', 'username', 'email', 'phone', 'fax', 'address', 'postalAddress'],
      properties: {
        organizations: { type: 'string', isVisible: listOnly, isSortable: false },
        locked: { type: 'boolean', isVisible: listOnly, isSortable: false },
        // Present only in one's own record (scopes.ts removes it from everyone else's, R-SECRET-1).
        securityQuestion: { isVisible: showOnly },
        ipAllowlist: { isVisible: showOnly },
        lockedById: { isVisible: false },
        // Filters only (R-SEARCH-1): pickers over the organisations and roles the viewer sees, read by userScope's filters.
        organization: { type: 'reference', reference: 'Organization', isVisible: filterOnly },
        role: { type: 'reference', reference: 'Role', isVisible: filterOnly },
      },
      sort: { sortBy: 'email', direction: 'asc' },
      actions: {
        new: createUserAction(ctx, components),
        edit: editProfileAction(ctx),
        invite: inviteAction(ctx, components, 'invite'),
        ...accountStateActions(ctx, components),
        ...passwordActions(ctx, components),
        setMfa: mfaAction(ctx, components),
        ...membershipActions(ctx, components),
      },
    },
  });
}

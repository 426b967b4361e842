// REST: the user routes. Each one validates, calls one service (which asks the engine) and
// answers the serialized user.
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { disableUser, enableUser, lockUser, unlockUser } from './account-state.ts';
import { assignUserOrganizations } from './assign-organizations.ts';
import { getUserAccessRights, setUserAccessRights } from './change-access-rights.ts';
import { changeUserRole } from './change-role.ts';
import { setUserScope } from './change-scope.ts';
import { createUser } from './create-user.ts';
import { setUserMfa } from './mfa.ts';
import { resetUserPassword, setUserPassword } from './passwords.ts';
import { getUser } from './read-user.ts';
import {
  accessRightsBody,
  accessRightsQuery,
  changeRoleBody,
  createUserBody,
  idParams,
  organizationsBody,
  scopeBody,
  searchQuery,
  setMfaBody,
  setPasswordBody,
  updateUserBody,
} from './schemas.ts';
import { searchUsers } from './search.ts';
import { updateUserProfile } from './update-profile.ts';

const tag = 'users';

export function userRoutes(ctx: GatehouseContext): AnyRoute[] {
  const stateRoute = (path: 'lock' | 'unlock' | 'disable' | 'enable', summary: string, run: typeof lockUser) =>
    defineRoute({ method: 'post', path: `/users/:id/${path}`, summary, tag, access: 'signed-in', params: idParams, errors: [409], handle: ({ principal, params }) => run(ctx, principal, params.id) });

  return [
    defineRoute({
      method: 'get',
      path: '/users',
      summary: 'Search users in your organisations by partial username, names and e-mail, organisation, role and status (R-SEARCH-1)',
      tag,
      access: 'signed-in',
      query: searchQuery,
      handle: ({ principal, query }) => searchUsers(ctx, principal, query),
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      summary: 'Add a user: with a password active at once, without one invited to set it (R-INV-3)',
      tag,
      access: 'signed-in',
      status: 201,
      body: createUserBody,
      errors: [409],
      handle: ({ principal, body }) => createUser(ctx, principal, body),
    }),
    defineRoute({ method: 'get', path: '/users/:id', summary: 'One user', tag, access: 'signed-in', params: idParams, handle: ({ principal, params }) => getUser(ctx, principal, params.id) }),
    defineRoute({
      method: 'patch',
      path: '/users/:id',
      summary: "Edit a user's profile (R-SELF-2 for your own personal fields, R-OWNER-1)",
      tag,
      access: 'signed-in',
      params: idParams,
      body: updateUserBody,
      errors: [409],
      handle: ({ principal, params, body }) => updateUserProfile(ctx, principal, params.id, body),
    }),
    stateRoute('lock', 'Lock a user (R-STATE-1, R-LAST-1, R-OWNER-1, R-SELF-1)', lockUser),
    stateRoute('unlock', 'Unlock a user and reset the failed-attempt counter (R-LOCK-1)', unlockUser),
    stateRoute('disable', 'Disable a user (R-STATE-1, R-LAST-1, R-OWNER-1, R-SELF-1)', disableUser),
    stateRoute('enable', 'Enable a disabled user (R-STATE-1)', enableUser),
    defineRoute({
      method: 'post',
      path: '/users/:id/reset-password',
      summary: 'Invalidate the password now and e-mail a single-use reset link (R-PWD-3)',
      tag,
      access: 'signed-in',
      params: idParams,
      handle: ({ principal, params }) => resetUserPassword(ctx, principal, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/password',
      summary: 'Set a password on behalf of a user; nothing is sent (R-PWD-3, R-PWD-1)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: setPasswordBody,
      errors: [409],
      handle: ({ principal, params, body }) => setUserPassword(ctx, principal, params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/mfa',
      summary: "Switch a user's second factor to TOTP, e-mail or off; they enrol at next sign-in (R-MFA-3)",
      tag,
      access: 'signed-in',
      params: idParams,
      body: setMfaBody,
      handle: ({ principal, params, body }) => setUserMfa(ctx, principal, params.id, body.method),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/role',
      summary: "Change a user's role in one organisation (R-SELF-1, R-ESC-1, R-UNIQ-1, R-LAST-1, R-OWNER-1)",
      tag,
      access: 'signed-in',
      params: idParams,
      body: changeRoleBody,
      errors: [409],
      handle: ({ principal, params, body }) => changeUserRole(ctx, principal, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id/access-rights',
      summary: "A user's access rights in one organisation (R-ACC-1)",
      tag,
      access: 'signed-in',
      params: idParams,
      query: accessRightsQuery,
      handle: ({ principal, params, query }) => getUserAccessRights(ctx, principal, params.id, query.organizationId),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/access-rights',
      summary: "Switch a user's access rights on and off within their role (R-ACC-1, R-ESC-1)",
      tag,
      access: 'signed-in',
      params: idParams,
      body: accessRightsBody,
      handle: ({ principal, params, body }) => setUserAccessRights(ctx, principal, params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/scope',
      summary: 'Limit a user, in one organisation, to named resource instances, or lift the limit (R-SCOPE-1, R-ESC-1)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: scopeBody,
      handle: ({ principal, params, body }) => setUserScope(ctx, principal, params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/organizations',
      summary: 'Assign and unassign organisations among those you reach (R-TENANT-1, R-ESC-1, R-LAST-1)',
      tag,
      access: 'signed-in',
      params: idParams,
      body: organizationsBody,
      errors: [409],
      handle: ({ principal, params, body }) => assignUserOrganizations(ctx, principal, params.id, body),
    }),
  ];
}

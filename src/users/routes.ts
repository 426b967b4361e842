// REST: the user routes. The reads are routes of their own; every change is an operation
// (operations/), whose route is derived from its declaration.
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { userOperations } from './operations/index.ts';
import { getUserAccessRights } from './read-access-rights.ts';
import { getUser } from './read-user.ts';
import { userSessions } from './read-sessions.ts';
import { sessionListView } from '../auth/session-views.ts';
import { accessRightsQuery, idParams, searchQuery } from './schemas.ts';
import { searchUsers } from './search.ts';

const tag = 'users';

export function userRoutes(ctx: GatehouseContext): AnyRoute[] {
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
    defineRoute({ method: 'get', path: '/users/:id', summary: 'One user', tag, access: 'signed-in', params: idParams, handle: ({ principal, params }) => getUser(ctx, principal, params.id) }),
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
      method: 'get',
      path: '/users/:id/sessions',
      summary: "A user's open sessions, for those who may end them (R-SESS-3, R-ESC-2)",
      tag,
      access: 'signed-in',
      params: idParams,
      response: sessionListView,
      handle: ({ principal, params, req }) => userSessions(ctx, principal, params.id, principal.via === 'session' ? req.sessionID : undefined),
    }),
    ...operationRoutes(ctx, userOperations),
  ];
}

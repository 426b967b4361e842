// REST: the user routes. The reads are routes of their own; every change is an operation
// (operations/), whose route is derived from its declaration.
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { userOperations } from './operations/index.ts';
import { getUserAccessRights } from './read-access-rights.ts';
import { getUser } from './read-user.ts';
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
    ...operationRoutes(ctx, userOperations),
  ];
}

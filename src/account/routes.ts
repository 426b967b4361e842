// GET /me, and every change to one's own account as an operation (operations/): profile, password,
// second factor, security question (R-SELF-2, R-PWD-2, R-MFA-1..2).
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { accountOperations } from './operations/index.ts';
import { ownProfile } from './profile.ts';
import { ownSessions } from '../users/read-sessions.ts';
import { sessionListView } from '../auth/session-views.ts';

export function accountRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'Your own profile, including your security question (R-SELF-2, R-SECRET-1)',
      tag: 'account',
      access: 'signed-in',
      handle: ({ principal }) => ownProfile(ctx, principal.userId),
    }),
    defineRoute({
      method: 'get',
      path: '/me/sessions',
      summary: 'Your open sessions: when each began, was last seen, from which address and browser; the one in use is marked (R-SESS-3)',
      tag: 'account',
      access: 'signed-in',
      response: sessionListView,
      handle: ({ principal, req }) => ownSessions(ctx, principal, principal.via === 'session' ? req.sessionID : undefined),
    }),
    ...operationRoutes(ctx, accountOperations),
  ];
}

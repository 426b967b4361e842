// GET /permissions (the catalog for pickers), GET /users/:id/effective-permissions and
// GET /users/:id/explain. Mounted
// from the roles' route table: the users folder keeps the user records themselves.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { permissionCatalog } from './catalog-view.ts';
import { effectivePermissionsOf } from './effective-permissions.ts';
import { explainDecision, explainQuery, explanationView } from './explain-decision.ts';

const permissionEntry = z.object({ key: z.string(), label: z.string(), mutates: z.boolean() });
const catalogView = z.object({
  groups: z.array(z.object({ group: z.string(), label: z.string(), kind: z.enum(['page', 'resource']), permissions: z.array(permissionEntry) })),
  total: z.number(),
});

const effectiveView = z.object({
  userId: z.string(),
  organizations: z.array(
    z.object({
      organizationId: z.string(),
      organizationName: z.string(),
      role: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
      isOwner: z.boolean(),
      readOnly: z.boolean(),
      scope: z.record(z.string(), z.array(z.string())).nullable(),
      permissions: z.array(
        z.object({
          permission: z.string(),
          label: z.string(),
          unconditional: z.boolean(),
          own: z.boolean(),
          scoped: z.boolean(),
          instances: z.record(z.string(), z.array(z.string())).nullable(),
        }),
      ),
      switchedOff: z.array(z.string()),
    }),
  ),
});

export function permissionRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/permissions',
      summary: 'The permission catalog, host-defined permissions included, grouped by resource and page',
      tag: 'roles',
      access: 'signed-in',
      response: catalogView,
      handle: () => permissionCatalog(ctx.catalog),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id/effective-permissions',
      summary: "A user's effective permissions per organisation in scope: role minus switched-off rights, within scope",
      tag: 'roles',
      access: 'signed-in',
      params: z.strictObject({ id: z.string().min(1).max(200) }),
      response: effectiveView,
      handle: ({ principal, params }) => effectivePermissionsOf(ctx, principal, { userId: params.id }),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id/explain',
      summary: 'Why a user may or may not do something in an organisation: the deciding rule and the chain membership → role → policy → grant (R-EXPLAIN-1)',
      tag: 'roles',
      access: 'signed-in',
      params: z.strictObject({ id: z.string().min(1).max(200) }),
      query: explainQuery,
      response: explanationView,
      handle: ({ principal, params, query }) => explainDecision(ctx, principal, params.id, query),
    }),
  ];
}

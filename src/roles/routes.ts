// REST routes of roles (seed 004: "Company Users > Roles"), the migration of legacy roles to
// policies (R-MIG-1), and the permission catalog and effective permissions they are built from.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { permissionRoutes } from '../permissions/routes.ts';
import { operationRoutes } from '../operations/rest.ts';
import { migrationPreview } from './migration-preview.ts';
import { roleOperations } from './operations/index.ts';
import { memberRoles } from './member-roles.ts';
import { getRole, listRoles } from './read-roles.ts';
import { listRolesQuery, memberRolesQuery, memberRolesView, migrationPreviewView, roleParams, roleView } from './schema.ts';

export function roleRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    ...permissionRoutes(ctx),
    defineRoute({
      method: 'get',
      path: '/roles',
      summary: 'List the built-in roles and the custom roles of the organisations in scope, with their effective permissions',
      tag: 'roles',
      access: 'signed-in',
      query: listRolesQuery,
      response: z.object({ items: z.array(roleView), total: z.number(), page: z.number(), pageSize: z.number() }),
      handle: ({ principal, query }) => listRoles(ctx, principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/me/roles',
      summary: "The roles of one of your organisations, in words, and which one you hold there: every member may (R-ROLE-3); other organisations answer 404 (R-TENANT-1)",
      tag: 'roles',
      access: 'signed-in',
      query: memberRolesQuery,
      response: memberRolesView,
      handle: ({ principal, query }) => memberRoles(ctx, principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/roles/:id',
      summary: 'One role with its policies and effective permissions',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      response: roleView,
      handle: ({ principal, params }) => getRole(ctx, principal, params),
    }),
    defineRoute({
      method: 'get',
      path: '/roles/:id/migration-preview',
      summary: 'What migrating a legacy role to a policy would move, and the policies that already match',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      response: migrationPreviewView,
      handle: ({ principal, params }) => migrationPreview(ctx, principal, params),
    }),
    ...operationRoutes(ctx, roleOperations),
  ];
}

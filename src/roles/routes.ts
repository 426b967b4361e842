// REST routes of roles (seed 004: "Company Users > Roles"), the migration of legacy roles to
// policies (R-MIG-1), and the permission catalog and effective permissions they are built from.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { permissionRoutes } from '../permissions/routes.ts';
import { policyView } from '../policies/schema.ts';
import { createRole } from './create-role.ts';
import { deleteRole } from './delete-role.ts';
import { migrateRole } from './migrate-role.ts';
import { migrationPreview } from './migration-preview.ts';
import { getRole, listRoles } from './read-roles.ts';
import { createRoleBody, listRolesQuery, migrateRoleBody, migrationPreviewView, roleParams, roleView, updateRoleBody } from './schema.ts';
import { updateRole } from './update-role.ts';

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
      path: '/roles/:id',
      summary: 'One role with its policies and effective permissions',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      response: roleView,
      handle: ({ principal, params }) => getRole(ctx, principal, params),
    }),
    defineRoute({
      method: 'post',
      path: '/roles',
      summary: 'Create a custom role in an organisation, composed of policies (R-ROLE-1, R-ESC-1)',
      tag: 'roles',
      access: 'signed-in',
      body: createRoleBody,
      response: roleView,
      status: 201,
      errors: [409],
      handle: ({ principal, body }) => createRole(ctx, principal, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/roles/:id',
      summary: 'Edit a custom role: name, policies, or inline permissions while legacy (R-PROT-1, R-ESC-1, R-MIG-1)',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      body: updateRoleBody,
      response: roleView,
      errors: [409],
      handle: ({ principal, params, body }) => updateRole(ctx, principal, { id: params.id, ...body }),
    }),
    defineRoute({
      method: 'delete',
      path: '/roles/:id',
      summary: 'Delete a custom role nobody holds and no pending invitation offers (409 IN_USE otherwise)',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      status: 204,
      errors: [409],
      handle: ({ principal, params }) => deleteRole(ctx, principal, params),
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
    defineRoute({
      method: 'post',
      path: '/roles/:id/migrate',
      summary: 'Migrate a legacy role to a policy, created or existing; atomic, audited, once (R-MIG-1)',
      tag: 'roles',
      access: 'signed-in',
      params: roleParams,
      body: migrateRoleBody,
      response: z.object({ role: roleView, policy: policyView, mode: z.enum(['created', 'existing']) }),
      errors: [409],
      handle: ({ principal, params, body }) => migrateRole(ctx, principal, { id: params.id, ...body }),
    }),
  ];
}

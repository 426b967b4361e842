// REST: GET/POST /organizations, GET/PATCH /organizations/:id.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { createSubOrganization, getOrganization, listOrganizations, updateOrganization } from './service.ts';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const name = z.string().trim().min(1).max(200);

export function organizationRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/organizations',
      summary: 'The organisation tree in your reach (org.view; R-TENANT-1)',
      tag: 'organizations',
      access: 'signed-in',
      handle: ({ principal }) => listOrganizations(ctx, principal),
    }),
    defineRoute({
      method: 'get',
      path: '/organizations/:id',
      summary: 'One organisation',
      tag: 'organizations',
      access: 'signed-in',
      params: idParams,
      handle: ({ principal, params }) => getOrganization(ctx, principal, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/organizations',
      summary: 'Create a sub-organisation under one you manage (org.manage). Root organisations are created by the installation.',
      tag: 'organizations',
      access: 'signed-in',
      status: 201,
      body: z.strictObject({ name, parentId: z.string().min(1).max(64) }),
      handle: ({ principal, body }) => createSubOrganization(ctx, principal, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/organizations/:id',
      summary: 'Rename, disable or enable an organisation (org.manage)',
      tag: 'organizations',
      access: 'signed-in',
      params: idParams,
      body: z.strictObject({ name: name.optional(), status: z.enum(['ENABLED', 'DISABLED']).optional() }).refine((body) => Object.keys(body).length > 0, 'Nothing to change'),
      handle: ({ principal, params, body }) => updateOrganization(ctx, principal, params.id, body),
    }),
  ];
}

// REST: GET /organizations and /organizations/:id; the changes are operations (operations/).
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { organizationOperations } from './operations/index.ts';
import { getOrganization, listOrganizations } from './service.ts';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

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
    ...operationRoutes(ctx, organizationOperations),
  ];
}

// REST routes of permission policies (seed 004: "Permission Policies" tab).
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { policyOperations } from './operations/index.ts';
import { getPolicy, listPolicies } from './read-policies.ts';
import { listPoliciesQuery, policyParams, policyView } from './schema.ts';

export function policyRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/policies',
      summary: 'List the permission policies in scope: the preset ones and the organisations’ own',
      tag: 'policies',
      access: 'signed-in',
      query: listPoliciesQuery,
      response: z.object({ items: z.array(policyView), total: z.number(), page: z.number(), pageSize: z.number() }),
      handle: ({ principal, query }) => listPolicies(ctx, principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/policies/:id',
      summary: 'One permission policy with its grants',
      tag: 'policies',
      access: 'signed-in',
      params: policyParams,
      response: policyView,
      handle: ({ principal, params }) => getPolicy(ctx, principal, params),
    }),
    ...operationRoutes(ctx, policyOperations),
  ];
}

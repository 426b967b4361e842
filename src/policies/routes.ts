// REST routes of permission policies (seed 004: "Permission Policies" tab).
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { createPolicy } from './create-policy.ts';
import { deletePolicy } from './delete-policy.ts';
import { getPolicy, listPolicies } from './read-policies.ts';
import { createPolicyBody, listPoliciesQuery, policyParams, policyView, updatePolicyBody } from './schema.ts';
import { updatePolicy } from './update-policy.ts';

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
    defineRoute({
      method: 'post',
      path: '/policies',
      summary: 'Create a permission policy of at most 100 grants (R-POL-1, R-ESC-1)',
      tag: 'policies',
      access: 'signed-in',
      body: createPolicyBody,
      response: policyView,
      status: 201,
      errors: [409],
      handle: ({ principal, body }) => createPolicy(ctx, principal, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/policies/:id',
      summary: 'Edit a policy; grant changes apply to every holder at their next request (R-POL-1, R-ESC-1)',
      tag: 'policies',
      access: 'signed-in',
      params: policyParams,
      body: updatePolicyBody,
      response: policyView,
      errors: [409],
      handle: ({ principal, params, body }) => updatePolicy(ctx, principal, { id: params.id, ...body }),
    }),
    defineRoute({
      method: 'delete',
      path: '/policies/:id',
      summary: 'Delete a policy that no role carries (409 IN_USE otherwise)',
      tag: 'policies',
      access: 'signed-in',
      params: policyParams,
      status: 204,
      errors: [409],
      handle: ({ principal, params }) => deletePolicy(ctx, principal, params),
    }),
  ];
}

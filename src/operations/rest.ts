// The REST face of an operation: a route of the route table (src/http/route.ts), so that validation,
// sign-in, CSRF and the OpenAPI entry work as for every route. The route only hands the validated
// body and the `:id` to the pipeline; it decides nothing itself.
import { z } from 'zod';
import { runValidated } from '../authz/pipeline.ts';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import type { AnyOperation } from './operation.ts';

export const recordIdParams = z.strictObject({ id: z.string().min(1).max(200) });

/** An operation that takes no fields: its REST route takes no body at all. */
export function takesNoInput(operation: AnyOperation): boolean {
  const input = operation.input as z.ZodType;
  return input instanceof z.ZodObject && Object.keys(input.shape).length === 0;
}

export function operationRoute(ctx: GatehouseContext, operation: AnyOperation): AnyRoute {
  const { rest } = operation;
  const hasId = rest.path.includes(':id');
  const empty = takesNoInput(operation);
  return defineRoute({
    method: rest.method,
    path: rest.path,
    summary: operation.summary,
    tag: rest.tag,
    access: 'signed-in',
    ...(hasId ? { params: recordIdParams } : {}),
    ...(empty ? {} : { body: operation.input }),
    ...(rest.response ? { response: rest.response } : {}),
    ...(rest.status ? { status: rest.status } : {}),
    ...(rest.errors ? { errors: rest.errors } : {}),
    handle: ({ principal, params, body, req }) =>
      runValidated(ctx, operation, principal, empty ? {} : body, { id: hasId ? (params as { id: string }).id : '', req }),
  });
}

export function operationRoutes(ctx: GatehouseContext, operations: readonly AnyOperation[]): AnyRoute[] {
  return operations.map((operation) => operationRoute(ctx, operation));
}

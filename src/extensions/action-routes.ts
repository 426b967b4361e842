// The REST face of a defined action: POST <mount>/api/v1/<resource>/:id/actions/<name>.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { type ActionDefinition, resourceSegment, runAction } from './define-action.ts';

export function actionRoute(ctx: GatehouseContext, definition: ActionDefinition): AnyRoute {
  return defineRoute({
    method: 'post',
    path: `/${resourceSegment(definition.resource)}/:id/actions/${definition.name}`,
    summary: `${definition.label} (needs ${definition.permission})`,
    tag: definition.resource,
    access: 'signed-in',
    params: z.strictObject({ id: z.string().min(1).max(200) }),
    body: definition.input,
    errors: [409],
    handle: ({ params, body, principal }) => runAction(ctx, definition, principal, params.id, body),
  });
}

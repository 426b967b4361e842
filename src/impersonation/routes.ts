// REST: POST /users/{id}/impersonate and POST /me/impersonation/stop (R-IMP-1), from their operations.
import type { GatehouseContext } from '../context.ts';
import type { AnyRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { impersonationOperations } from './operations/index.ts';

export function impersonationRoutes(ctx: GatehouseContext): AnyRoute[] {
  return operationRoutes(ctx, impersonationOperations);
}

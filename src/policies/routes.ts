import type { GatehouseContext } from '../context.ts';
import type { AnyRoute } from '../http/route.ts';

export function policyRoutes(_ctx: GatehouseContext): AnyRoute[] {
  return [];
}

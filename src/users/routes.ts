import type { GatehouseContext } from '../context.ts';
import type { AnyRoute } from '../http/route.ts';

export function userRoutes(_ctx: GatehouseContext): AnyRoute[] {
  return [];
}

// Adds a permission to a running Gatehouse, for an action defined after createGatehouse. The
// catalog and the engine bound to it are replaced, not mutated (both are frozen), and compiled
// actors are dropped because an owner's "every permission" now includes one more.
import type { GatehouseContext } from '../context.ts';
import { createEngine, extendCatalog } from '../engine/index.ts';
import type { Catalog, PermissionSpec } from '../engine/types.ts';

export function addPermission(ctx: GatehouseContext, key: string, spec: PermissionSpec): void {
  if (Object.hasOwn(ctx.catalog, key)) return;
  const catalog = extendCatalog(ctx.catalog, { [key]: spec } as Catalog);
  const mutable = ctx as { catalog: Catalog; engine: GatehouseContext['engine'] };
  mutable.catalog = catalog;
  mutable.engine = createEngine({ catalog, ownerHasAllPermissions: ctx.preset.ownerHasAllPermissions });
  ctx.actors.clear();
}

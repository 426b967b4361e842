// The host's models named in createGatehouse({ resources }), checked when createGatehouse runs so
// that a wrong model or permission fails at start, not on the first page view. Kept apart from
// host.ts, which builds their AdminJS resources: checking them must not load AdminJS.
import type { HostResource } from '../../src/config/options.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { hostModel } from '../host-models.ts';
import type { DmmfModel } from '../prisma-models.ts';

export interface ResolvedHostResource {
  readonly model: DmmfModel;
  readonly label: string;
  readonly viewPermission: string;
}

export function resolveHostResources(ctx: GatehouseContext, resources: readonly HostResource[], hostClient: unknown): ResolvedHostResource[] {
  if (resources.length > 0 && !hostClient) throw new Error('createGatehouse: `resources` needs `prisma`, the host\'s own PrismaClient');
  return resources.map((resource) => {
    const viewPermission = resource.viewPermission ?? `${resource.model.toLowerCase()}.view`;
    if (!Object.hasOwn(ctx.catalog, viewPermission)) {
      throw new Error(`createGatehouse: resources: "${viewPermission}" (to view ${resource.model}) is not in the permission catalog; declare it in \`permissions\``);
    }
    return { model: hostModel(hostClient, resource.model), label: resource.label ?? resource.model, viewPermission };
  });
}

// Reading organisations: the tree in the actor's reach, and one of them. Changes are the
// operations in operations/.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { WhereMapping } from '../engine/where.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { buildTree, type OrganizationNode, organizationSelect, type OrganizationView, serializeOrganization } from './serialize.ts';

const organizationMapping: WhereMapping<Prisma.OrganizationWhereInput> = {
  tenant: (organizationIds) => ({ id: { in: organizationIds } }),
  and: (parts) => ({ AND: parts }),
};

/** Every organisation the actor may view (org.view), as a tree, and flat. */
export async function listOrganizations(ctx: GatehouseContext, who: Principal): Promise<{ items: OrganizationNode[]; total: number }> {
  const where = ctx.engine.accessibleWhere(who.actor, 'org.view', organizationMapping);
  const rows = await ctx.prisma.organization.findMany({ where, select: organizationSelect, orderBy: { name: 'asc' } });
  return { items: buildTree(rows), total: rows.length };
}

export async function getOrganization(ctx: GatehouseContext, who: Principal, organizationId: string): Promise<OrganizationView> {
  await authorize(ctx, who, { action: 'org.view', target: { kind: 'organization', organizationId }, subject: { targetType: 'organization', targetId: organizationId, organizationId } });
  const row = await ctx.prisma.organization.findUnique({ where: { id: organizationId }, select: organizationSelect });
  if (!row) throw notFound('organization');
  return serializeOrganization(row);
}

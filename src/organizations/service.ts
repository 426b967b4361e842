// Organisations: the tree in the actor's reach, sub-organisations created under one the actor
// manages, renamed, disabled and enabled. A root organisation (a seed's "account" or "company") is
// created by the host's installation (createOrganization in src/setup/bootstrap.ts), not through a
// signed-in user: nobody's permissions reach above a root, so no role can decide it.
import { bumpAccess, membersOf } from '../authz/access-version.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { WhereMapping } from '../engine/where.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { runGuardedChange } from '../users/guarded-change.ts';
import { buildTree, type OrganizationNode, organizationSelect, type OrganizationView, serializeOrganization } from './serialize.ts';
import { ancestorsOf } from './tree.ts';

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
  await authorize(ctx, who, 'org.view', { kind: 'organization', organizationId }, { targetType: 'organization', targetId: organizationId, organizationId });
  const row = await ctx.prisma.organization.findUnique({ where: { id: organizationId }, select: organizationSelect });
  if (!row) throw notFound('organization');
  return serializeOrganization(row);
}

export interface CreateOrganizationInput {
  readonly name: string;
  readonly parentId: string;
}

export async function createSubOrganization(ctx: GatehouseContext, who: Principal, input: CreateOrganizationInput): Promise<OrganizationView> {
  const created = await runGuardedChange(ctx, who, {
    action: 'org.manage',
    async load(db) {
      if (!(await db.organization.findUnique({ where: { id: input.parentId }, select: { id: true } }))) throw notFound('organization');
      return { lineage: [input.parentId, ...(await ancestorsOf(db, input.parentId))] };
    },
    checks: () => [
      { action: 'org.manage', target: { kind: 'organization', organizationId: input.parentId }, subject: { targetType: 'organization', organizationId: input.parentId, details: { name: input.name, parentId: input.parentId } } },
    ],
    organizations: () => [input.parentId],
    async apply(tx, { lineage }) {
      const row = await tx.organization.create({ data: { name: input.name, parentId: input.parentId }, select: organizationSelect });
      // Members whose role reaches sub-organisations now reach one more: their cached permissions are stale.
      await bumpAccess(tx, membersOf(lineage));
      return row;
    },
    createdId: (row) => row.id,
  });
  return serializeOrganization(created);
}

export interface UpdateOrganizationInput {
  readonly name?: string | undefined;
  readonly status?: 'ENABLED' | 'DISABLED' | undefined;
}

export async function updateOrganization(ctx: GatehouseContext, who: Principal, organizationId: string, input: UpdateOrganizationInput): Promise<OrganizationView> {
  const updated = await runGuardedChange(ctx, who, {
    action: 'org.manage',
    async load(db) {
      const row = await db.organization.findUnique({ where: { id: organizationId }, select: organizationSelect });
      if (!row) throw notFound('organization');
      return row;
    },
    checks: () => [
      { action: 'org.manage', target: { kind: 'organization', organizationId }, subject: { targetType: 'organization', targetId: organizationId, organizationId, details: { ...input } } },
    ],
    organizations: () => [organizationId],
    apply: (tx) =>
      tx.organization.update({
        where: { id: organizationId },
        data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.status !== undefined ? { status: input.status } : {}) },
        select: organizationSelect,
      }),
  });
  return serializeOrganization(updated);
}
